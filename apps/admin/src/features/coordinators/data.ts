import { useQuery } from "@tanstack/react-query";
import { fetchAllPages } from "../../lib/paging.ts";
import type { UnitLevel } from "../../lib/session.ts";
import { useTRPCClient } from "../../trpc.ts";

export interface Place {
  id: string;
  name: string;
  subdistrictId: string;
}

/**
 * The communities (and subdistricts) within the user's unit, for names, filters and the import's
 * 社区 column. Community staff cannot list their subdistrict: their one community is enough.
 */
export function usePlaces(unit: { level: UnitLevel; id: string } | null | undefined) {
  const client = useTRPCClient();
  return useQuery({
    queryKey: ["admin", "gov", "places", unit?.level, unit?.id],
    enabled: !!unit,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      if (!unit) return { communities: [] as Place[], subdistricts: new Map<string, string>() };
      if (unit.level === "community") {
        const c = await client.registryAdmin.getCommunity.query({ communityId: unit.id });
        return {
          communities: [{ id: c.id, name: c.name, subdistrictId: c.subdistrictId }],
          subdistricts: new Map<string, string>(),
        };
      }
      const subs =
        unit.level === "district"
          ? await fetchAllPages((cursor) =>
              client.registryAdmin.listSubdistricts.query({ districtId: unit.id, limit: 100, cursor }),
            )
          : [await client.registryAdmin.getSubdistrict.query({ subdistrictId: unit.id })];
      const lists = await Promise.all(
        subs.map((s) =>
          fetchAllPages((cursor) =>
            client.registryAdmin.listCommunities.query({ subdistrictId: s.id, limit: 100, cursor }),
          ),
        ),
      );
      return {
        communities: lists.flat().map((c) => ({ id: c.id, name: c.name, subdistrictId: c.subdistrictId })),
        subdistricts: new Map(subs.map((s) => [s.id, s.name])),
      };
    },
  });
}

/** Headers of the import template and the export (Chinese: these sheets go to superiors). */
export const sheetHeaders = [
  "姓名",
  "性别",
  "出生年份",
  "手机号码",
  "身份证号",
  "类别",
  "用工部门",
  "社区",
  "入职日期",
] as const;
export const genderZh = { male: "男", female: "女" } as const;
export const statusZh = { active: "在岗", on_leave: "休假", left: "离职" } as const;

/** What the import needs of a category. */
export interface CategoryRef {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
}
