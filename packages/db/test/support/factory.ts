import type { Db } from "../../src/client.ts";
import { ownershipRepository, registryRepository } from "../../src/repositories/index.ts";

let seq = 0;
const next = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

/** A minimal registry: one district, subdistrict, community, compound, building and `unitAreas.length` units each held by its own party. */
export async function makeCompound(db: Db, unitAreas: number[] = [8937, 10250, 6400]) {
  const registry = registryRepository(db);
  const ownership = ownershipRepository(db);
  const s = next();
  const district = await registry.createDistrict({ code: `D${s}`, name: "测试区", nameEn: "Test District" });
  const subdistrict = await registry.createSubdistrict({
    districtId: district.id,
    code: `S${s}`,
    name: "测试街道",
    kind: "street",
  });
  const community = await registry.createCommunity({
    subdistrictId: subdistrict.id,
    code: `C${s}`,
    name: "测试社区",
    kind: "community",
  });
  const compound = await registry.createCompound({
    communityId: community.id,
    code: `P${s}`,
    name: "测试小区",
    type: "commercial",
    households: unitAreas.length,
  });
  const building = await registry.createBuilding({ compoundId: compound.id, code: "1", name: "1号楼" });
  const units = await registry.createUnits(
    unitAreas.map((area, i) => ({
      buildingId: building.id,
      number: `${101 + i}`,
      registeredAreaCentiM2: area,
    })),
  );
  const parties = [];
  for (const [i, unit] of units.entries()) {
    const party = await ownership.createParty({
      compoundId: compound.id,
      kind: "person",
      displayName: `业主${i + 1}`,
    });
    await ownership.assignUnit(unit.id, party.id);
    parties.push(party);
  }
  return { district, subdistrict, community, compound, building, units, parties };
}
