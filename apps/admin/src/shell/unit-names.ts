import { useQuery } from "@tanstack/react-query";
import type { UnitLevel } from "../lib/session.ts";
import { useTRPC } from "../trpc.ts";

/**
 * The name of a district, subdistrict or community, through the registry procedures the user may
 * call (community staff cannot read their subdistrict: `enabled` lets callers skip what they cannot).
 */
export function useUnit(level: UnitLevel | undefined, id: string | undefined, enabled = true) {
  const trpc = useTRPC();
  const district = useQuery({
    ...trpc.registry.districtSummary.queryOptions(),
    enabled: enabled && level === "district",
  });
  const subdistrict = useQuery({
    ...trpc.registryAdmin.getSubdistrict.queryOptions({ subdistrictId: id ?? "" }),
    enabled: enabled && level === "subdistrict" && !!id,
  });
  const community = useQuery({
    ...trpc.registryAdmin.getCommunity.queryOptions({ communityId: id ?? "" }),
    enabled: enabled && level === "community" && !!id,
  });
  if (level === "district") {
    const d = district.data?.district;
    return {
      name: d && d.id === id ? d.name : undefined,
      parent: null,
      pending: district.isPending,
      error: district.error,
    };
  }
  if (level === "subdistrict") {
    return {
      name: subdistrict.data?.name,
      parent: subdistrict.data ? { level: "district" as const, id: subdistrict.data.districtId } : null,
      pending: subdistrict.isPending,
      error: subdistrict.error,
    };
  }
  return {
    name: community.data?.name,
    parent: community.data ? { level: "subdistrict" as const, id: community.data.subdistrictId } : null,
    pending: community.isPending,
    error: community.error,
  };
}
