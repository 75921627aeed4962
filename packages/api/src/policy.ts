/**
 * The one authorization module. Every procedure declares a policy in its meta:
 *  - `public`: anyone, signed in or not (public data only);
 *  - `signedIn`: any signed-in user, acting on their own things;
 *  - `scoped`: one of `roles`, and the resolver must call `ctx.requireScope(target)` for the record it
 *    touches — the staff member's assignment must cover it (a community, or anything above it); for
 *    national data (the working calendar) `ctx.requireNational()`, which only a global assignment
 *    passes when changing it.
 * A procedure without a policy, or a scoped one that returns without checking its scope, fails.
 */
import type { Role, ScopeKind } from "@gongzhi/core";
import type { Ancestry, HotlineScopeLevel, ScopeLevel } from "@gongzhi/db";

export type Policy = { kind: "public" } | { kind: "signedIn" } | { kind: "scoped"; roles: readonly Role[] };

export interface Assignment {
  role: Role;
  scopeKind: ScopeKind;
  scopeId: string | null;
}

export interface Actor {
  userId: string;
  sessionId: string;
  assignments: Assignment[];
}

export const staffRoles = [
  "community_staff",
  "subdistrict_staff",
  "district_staff",
  "system_admin",
] as const satisfies readonly Role[];
export const districtStaffRoles = ["district_staff", "system_admin"] as const satisfies readonly Role[];

export type ScopeTarget = { level: ScopeLevel | HotlineScopeLevel; id: string };

/** Does an assignment cover an entity whose ancestry is `a`? */
export function covers(assignment: Assignment, a: Ancestry): boolean {
  switch (assignment.scopeKind) {
    case "global":
      return true;
    case "district":
      return assignment.scopeId === a.districtId;
    case "subdistrict":
      return assignment.scopeId !== null && assignment.scopeId === a.subdistrictId;
    case "community":
      return assignment.scopeId !== null && assignment.scopeId === a.communityId;
    case "compound":
      return assignment.scopeId !== null && assignment.scopeId === a.compoundId;
    case "unit":
      return assignment.scopeId !== null && assignment.scopeId === a.unitId;
    case "handling_unit":
      // unit_staff: exactly its handling unit — the unit itself, or a work order the unit holds, leads
      // or co-handles. Staff above (district, global) cover the units of their district by districtId.
      return assignment.scopeId !== null && (a.handlingUnitIds ?? []).includes(assignment.scopeId);
  }
}

/** The actor's assignments of any of `roles`. */
export function assignmentsOf(actor: Actor | null, roles: readonly Role[]): Assignment[] {
  return actor ? actor.assignments.filter((a) => roles.includes(a.role)) : [];
}
