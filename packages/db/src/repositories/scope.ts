import { type SQL, sql } from "drizzle-orm";

/** The levels a scoped record (role assignment, invitation) can be listed within. */
export type ScopeLevel = "district" | "subdistrict" | "community" | "compound";

/**
 * The ids of the rows of `table` (one with `id`, `scope_kind` and `scope_id` columns: role assignments,
 * invitations) whose scope lies within the `level` `id` — a unit, compound, community, subdistrict or
 * the district itself, resolved up the registry; a handling unit (承办单位, unit_staff) lies in its
 * district and, when it serves one, its 街道/乡镇. One query shape for every scoped list.
 */
export function idsWithinScope(
  table: "role_assignments" | "invitations",
  level: ScopeLevel,
  id: string,
): SQL {
  const column = { district: sql`d.id`, subdistrict: sql`s.id`, community: sql`cm.id`, compound: sql`c.id` }[
    level
  ];
  return sql`
    select x.id from ${sql.identifier(table)} x
      left join units u on x.scope_kind = 'unit' and u.id = x.scope_id
      left join handling_units h on x.scope_kind = 'handling_unit' and h.id = x.scope_id
      left join buildings b on b.id = u.building_id
      left join compounds c on c.id = coalesce(b.compound_id, case when x.scope_kind = 'compound' then x.scope_id end)
      left join communities cm on cm.id = coalesce(c.community_id, case when x.scope_kind = 'community' then x.scope_id end)
      left join subdistricts s on s.id = coalesce(cm.subdistrict_id, case when x.scope_kind = 'subdistrict' then x.scope_id end, h.subdistrict_id)
      left join districts d on d.id = coalesce(s.district_id, case when x.scope_kind = 'district' then x.scope_id end, h.district_id)
     where ${column} = ${id}::uuid`;
}
