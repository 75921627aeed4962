/**
 * A small two-sided world for authorization tests: everything "inside" hangs under district D1 →
 * subdistrict S1 → community C1 → compound P1 → building B1 → unit U1; everything "outside" under a
 * second district D2 → S2 → C2 → P2 → B2 → U2. One user per role is scoped to the inside side.
 */
import type { Role, ScopeKind } from "@gongzhi/core";
import { type Db, hotlineRepository, ownershipRepository, registryRepository } from "@gongzhi/db";
import { callerFor, makeUser } from "./support.ts";

export type Side = "inside" | "outside";
export const actorNames = [
  "anonymous",
  "resident",
  "verified_owner",
  "committee_member",
  "community_staff",
  "subdistrict_staff",
  "district_staff",
  "system_admin",
  "unit_staff",
] as const;
export type ActorName = (typeof actorNames)[number];

export interface Place {
  districtId: string;
  subdistrictId: string;
  communityId: string;
  compoundId: string;
  buildingId: string;
  unitId: string;
  /** The owner party (owner key) holding the unit. */
  partyId: string;
  /** A 接诉即办 handling unit serving the subdistrict (unit_staff is scoped to the inside one). */
  handlingUnitId: string;
}

export interface World {
  db: Db;
  inside: Place;
  outside: Place;
  users: Record<Exclude<ActorName, "anonymous">, { id: string }>;
  caller(actor: ActorName): Promise<Awaited<ReturnType<typeof callerFor>>["caller"]>;
}

let worldSeq = 0;
async function makePlace(db: Db, tag: string): Promise<Place> {
  const r = registryRepository(db);
  const d = await r.createDistrict({ code: `W${tag}`, name: `区${tag}`, nameEn: `District ${tag}` });
  const s = await r.createSubdistrict({
    districtId: d.id,
    code: `W${tag}S`,
    name: `街道${tag}`,
    kind: "street",
  });
  const c = await r.createCommunity({
    subdistrictId: s.id,
    code: `W${tag}C`,
    name: `社区${tag}`,
    kind: "community",
    supportThreshold: 2,
  });
  const p = await r.createCompound({
    communityId: c.id,
    code: `W${tag}P`,
    name: `小区${tag}`,
    type: "commercial",
    households: 80,
  });
  const b = await r.createBuilding({ compoundId: p.id, code: "1", name: "1号楼" });
  const u = await r.createUnit({ buildingId: b.id, number: "101", registeredAreaCentiM2: 9000 });
  const party = await ownershipRepository(db).createParty({
    compoundId: p.id,
    kind: "person",
    displayName: `业主${tag}`,
  });
  await ownershipRepository(db).assignUnit(u.id, party.id);
  const hu = await hotlineRepository(db).createUnit({
    code: `W${tag}H`,
    name: `街道办事处${tag}`,
    kind: "street_office",
    tier: "streets_towns",
    areaKind: "subdistrict",
    districtId: d.id,
    subdistrictId: s.id,
  });
  return {
    districtId: d.id,
    subdistrictId: s.id,
    communityId: c.id,
    compoundId: p.id,
    buildingId: b.id,
    unitId: u.id,
    partyId: party.id,
    handlingUnitId: hu.id,
  };
}

export async function buildWorld(db: Db): Promise<World> {
  const tag = `${Date.now().toString(36)}${worldSeq++}`;
  const inside = await makePlace(db, `${tag}a`);
  const outside = await makePlace(db, `${tag}b`);
  const scoped: Record<
    Exclude<ActorName, "anonymous">,
    { role: Role; scopeKind: ScopeKind; scopeId: string | null }[]
  > = {
    resident: [{ role: "resident", scopeKind: "community", scopeId: inside.communityId }],
    verified_owner: [
      { role: "resident", scopeKind: "community", scopeId: inside.communityId },
      { role: "verified_owner", scopeKind: "unit", scopeId: inside.unitId },
    ],
    committee_member: [
      { role: "resident", scopeKind: "community", scopeId: inside.communityId },
      { role: "committee_member", scopeKind: "compound", scopeId: inside.compoundId },
    ],
    community_staff: [{ role: "community_staff", scopeKind: "community", scopeId: inside.communityId }],
    subdistrict_staff: [
      { role: "subdistrict_staff", scopeKind: "subdistrict", scopeId: inside.subdistrictId },
    ],
    district_staff: [{ role: "district_staff", scopeKind: "district", scopeId: inside.districtId }],
    system_admin: [{ role: "system_admin", scopeKind: "global", scopeId: null }],
    unit_staff: [{ role: "unit_staff", scopeKind: "handling_unit", scopeId: inside.handlingUnitId }],
  };
  const users = {} as World["users"];
  for (const [name, roles] of Object.entries(scoped) as [
    keyof typeof scoped,
    (typeof scoped)[keyof typeof scoped],
  ][]) {
    users[name] = await makeUser(db, roles);
  }
  // The verified owner is a person of the inside unit's owner party.
  await ownershipRepository(db).addPerson({
    partyId: inside.partyId,
    name: "验证业主",
    userId: users.verified_owner.id,
  });
  return {
    db,
    inside,
    outside,
    users,
    caller: async (actor) => (await callerFor(db, actor === "anonymous" ? null : users[actor].id)).caller,
  };
}
