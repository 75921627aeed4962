import { useQuery } from "@tanstack/react-query";
import { fetchAllPages } from "../../lib/paging.ts";
import type { UnitLevel } from "../../lib/session.ts";
import { type Outputs, useTRPC, useTRPCClient } from "../../trpc.ts";

export type PlanUnit = { level: "district" | "subdistrict"; id: string };
export type PlanView = Outputs["governancePlans"]["get"];
export type Area = { kind: "district" | "subdistrict"; id: string; name: string };

/** The plan scope of the signed-in staff: their district or 街道/乡镇 (community staff have none). */
export function planUnitOf(
  unit: { level: UnitLevel; id: string } | null | undefined,
): PlanUnit | null | undefined {
  if (unit === undefined) return undefined;
  if (unit && (unit.level === "district" || unit.level === "subdistrict"))
    return { level: unit.level, id: unit.id };
  return null;
}

/**
 * What the plan pages pick from: the district, the areas the staff may name (the whole district and
 * its 街道/乡镇 for district staff, their own 街道/乡镇 otherwise), the district's handling units and
 * the category tree.
 */
export function usePlanChoices(unit: PlanUnit | null | undefined) {
  const client = useTRPCClient();
  const trpc = useTRPC();
  const places = useQuery({
    queryKey: ["admin", "plans", "places", unit?.level, unit?.id],
    enabled: !!unit,
    staleTime: 5 * 60_000,
    queryFn: async (): Promise<{ districtId: string; areas: Area[] }> => {
      if (!unit) return { districtId: "", areas: [] };
      if (unit.level === "subdistrict") {
        const s = await client.registryAdmin.getSubdistrict.query({ subdistrictId: unit.id });
        return { districtId: s.districtId, areas: [{ kind: "subdistrict", id: s.id, name: s.name }] };
      }
      const subs = await fetchAllPages((cursor) =>
        client.registryAdmin.listSubdistricts.query({ districtId: unit.id, limit: 100, cursor }),
      );
      return {
        districtId: unit.id,
        areas: [
          { kind: "district", id: unit.id, name: "" },
          ...subs.map((s) => ({ kind: "subdistrict" as const, id: s.id, name: s.name })),
        ],
      };
    },
  });
  const districtId = places.data?.districtId ?? "";
  const units = useQuery({
    ...trpc.handlingUnits.list.queryOptions({ districtId }),
    enabled: districtId !== "",
  });
  const categories = useQuery(trpc.handlingUnits.categories.queryOptions());
  return { places, units, categories };
}
