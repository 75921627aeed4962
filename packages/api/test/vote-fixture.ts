/**
 * A vote fixture shared by the decisions tests: three owner keys in the inside compound of the test
 * world — A with one unit, B one buyer with two units (one owner, 法释〔2009〕7号 Art. 9), C with one.
 */
import { ownershipRepository, registryRepository } from "@gongzhi/db";
import { callerFor, makeUser } from "./support.ts";
import type { World } from "./world.ts";

export const DAY = 86_400_000;

export async function voteFixture(world: World) {
  const db = world.db;
  const reg = registryRepository(db);
  const own = ownershipRepository(db);
  const p = world.inside;
  const unit = (number: string, area: number) =>
    reg.createUnit({ buildingId: p.buildingId, number, registeredAreaCentiM2: area });
  // Key A: one unit; key B: one buyer with two units (one owner, 法释〔2009〕7号 Art. 9); key C: one unit.
  const a1 = await unit(`A${Date.now() % 100000}`, 10_000);
  const b1 = await unit(`B1${Date.now() % 100000}`, 5_000);
  const b2 = await unit(`B2${Date.now() % 100000}`, 5_000);
  const c1 = await unit(`C${Date.now() % 100000}`, 3_000);
  const owners: Record<string, { partyId: string; unitIds: string[]; userId: string }> = {};
  for (const [name, units] of [
    ["A", [a1]],
    ["B", [b1, b2]],
    ["C", [c1]],
  ] as const) {
    const party = await own.createParty({
      compoundId: p.compoundId,
      kind: "person",
      displayName: `业主${name}`,
    });
    for (const u of units) await own.assignUnit(u.id, party.id);
    const user = await makeUser(db, [
      { role: "resident", scopeKind: "community", scopeId: p.communityId },
      ...units.map((u) => ({ role: "verified_owner" as const, scopeKind: "unit" as const, scopeId: u.id })),
    ]);
    await own.addPerson({ partyId: party.id, name: `业主${name}`, userId: user.id });
    owners[name] = { partyId: party.id, unitIds: units.map((u) => u.id), userId: user.id };
  }
  return {
    owners: owners as Record<"A" | "B" | "C", { partyId: string; unitIds: string[]; userId: string }>,
    as: async (userId: string, now?: Date) =>
      (await callerFor(db, userId, now ? { now: () => now } : {})).caller,
  };
}
