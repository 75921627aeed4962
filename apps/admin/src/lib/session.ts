import type { Role, ScopeKind } from "@gongzhi/core";

/** A role assignment as `auth.me` returns it. */
export interface RoleAssignment {
  role: string;
  scopeKind: string;
  scopeId: string | null;
}

/** The levels the 三率 dashboard (and most staff views) can be scoped to. */
export type UnitLevel = "district" | "subdistrict" | "community";
export const unitLevels: readonly UnitLevel[] = ["district", "subdistrict", "community"];
export function isUnitLevel(value: string | undefined): value is UnitLevel {
  return value === "district" || value === "subdistrict" || value === "community";
}

/**
 * Staff roles, highest scope first: the console is for these only. Staff of a handling unit (承办单位,
 * 接诉即办) rank lowest: someone who also holds a registry role works in the console with that one.
 */
const staffRank: Partial<Record<Role, number>> = {
  system_admin: 4,
  district_staff: 3,
  subdistrict_staff: 2,
  community_staff: 1,
  unit_staff: 0.5,
};

export interface StaffScope {
  role: Role;
  scopeKind: ScopeKind;
  /** null for a global system admin. */
  scopeId: string | null;
}

/** The user's broadest staff assignment, or null when they have none (a resident). */
export function staffScopeOf(roles: readonly RoleAssignment[] | undefined): StaffScope | null {
  let best: StaffScope | null = null;
  for (const r of roles ?? []) {
    const rank = staffRank[r.role as Role];
    if (!rank) continue;
    if (!best || rank > (staffRank[best.role] ?? 0)) {
      best = { role: r.role as Role, scopeKind: r.scopeKind as ScopeKind, scopeId: r.scopeId };
    }
  }
  return best;
}

/** Can this scope take the district's monthly 三率 snapshot (the API's districtStaffRoles)? */
export function canSnapshot(scope: StaffScope): boolean {
  return scope.role === "district_staff" || scope.role === "system_admin";
}

/** The start of the user's 三率 view: their own unit (a global admin starts at the district). */
export function homeUnit(
  scope: StaffScope,
  districtId: string | undefined,
): { level: UnitLevel; id: string } | null {
  if (isUnitLevel(scope.scopeKind) && scope.scopeId) return { level: scope.scopeKind, id: scope.scopeId };
  if (scope.scopeKind === "global" && districtId) return { level: "district", id: districtId };
  return null;
}

/** Today's month in Beijing ("YYYY-MM"). */
export function beijingMonth(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
}
