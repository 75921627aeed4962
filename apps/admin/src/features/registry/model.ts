import { compoundTypes } from "@gongzhi/core";
import type { TranslateFn } from "@gongzhi/ui";
import { useQuery } from "@tanstack/react-query";
import { isUnitLevel, type UnitLevel } from "../../lib/session.ts";
import { useStaff } from "../../shell/staff.tsx";
import { useTRPC } from "../../trpc.ts";

export type CompoundType = (typeof compoundTypes)[number];
export { compoundTypes };

/** Chinese labels for the import/export sheets (the API accepts these too). */
export const compoundTypeZh: Record<CompoundType, string> = {
  commercial: "商品房",
  old: "老旧小区",
  self_managed_building: "自管楼",
  resettlement: "回迁房",
  bungalow: "平房区",
};

export const typeOptions = (t: TranslateFn) =>
  compoundTypes.map((type) => ({ value: type, label: t(`adminRegistry.type.${type}`) }));

/**
 * The unit the user's registry starts at: their own district, subdistrict or community (a global
 * administrator starts at the district).
 */
export function useHomeScope(): { level: UnitLevel; id: string } | null | undefined {
  const { scope } = useStaff();
  const trpc = useTRPC();
  const summary = useQuery({
    ...trpc.registry.districtSummary.queryOptions(),
    enabled: scope.scopeKind === "global",
  });
  if (isUnitLevel(scope.scopeKind) && scope.scopeId) return { level: scope.scopeKind, id: scope.scopeId };
  if (scope.scopeKind === "global") {
    const id = summary.data?.district?.id;
    return id ? { level: "district", id } : summary.isPending ? undefined : null;
  }
  return null;
}
