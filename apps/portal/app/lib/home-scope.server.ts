/**
 * Where a signed-in resident belongs, for the home, ledger and compound pages: the community of
 * their role assignments (or of their verified units) and the compounds of their verified units.
 * The API has no public "my community/compounds" procedure; this is read from `auth.me` roles and
 * `households.myUnits` through the caller (no database access).
 */
import type { Caller } from "./context.server.ts";
import type { SignedInUser } from "./forms.server.ts";

export interface MyUnit {
  unitId: string;
  unitNumber: string;
  buildingName: string;
  compoundId: string;
  compoundName: string;
  communityId: string;
}

/** My verified units (empty when none or when the procedure fails). */
export function myUnits(caller: Caller): Promise<MyUnit[] | null> {
  return caller.households.myUnits({ limit: 50 }).then(
    (page) =>
      page.items.map(({ unitId, unitNumber, buildingName, compoundId, compoundName, communityId }) => ({
        unitId,
        unitNumber,
        buildingName,
        compoundId,
        compoundName,
        communityId,
      })),
    () => null,
  );
}

/** The community of a community-scoped role (resident first), else null. */
export function communityFromRoles(user: SignedInUser): string | null {
  const scoped = user.roles.filter((r) => r.scopeKind === "community" && r.scopeId);
  return (scoped.find((r) => r.role === "resident") ?? scoped[0])?.scopeId ?? null;
}

/** Is the user a resident of that community (may rate its ledger items)? */
export function isResidentOf(user: SignedInUser, communityId: string): boolean {
  return user.roles.some(
    (r) => r.role === "resident" && r.scopeKind === "community" && r.scopeId === communityId,
  );
}

/** The distinct compounds of my units, in order. */
export function compoundsOf(units: MyUnit[]): Array<{ id: string; name: string; communityId: string }> {
  const seen = new Map<string, { id: string; name: string; communityId: string }>();
  for (const u of units)
    if (!seen.has(u.compoundId))
      seen.set(u.compoundId, { id: u.compoundId, name: u.compoundName, communityId: u.communityId });
  return [...seen.values()];
}

/** A settled optional call: its value, or null when it failed (the page renders that block's error). */
export function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    () => ({ ok: false as const }),
  );
}
