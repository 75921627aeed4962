import { accountsRepository, ownershipRepository, securityRepository } from "@gongzhi/db";
import { generateHouseholdCode, hashHouseholdCode } from "../../src/routers/households.ts";
import { makeUser } from "../support.ts";
import type { DomainCases } from "./cases.ts";

export const householdsCases: DomainCases = {
  async setup(world, side) {
    const place = world[side];
    const [code] = await securityRepository(world.db).createHouseholdCodes([
      {
        unitId: place.unitId,
        codeHash: hashHouseholdCode(generateHouseholdCode()),
        expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000),
      },
    ]);
    const candidate = await makeUser(world.db);
    const verified = await makeUser(world.db);
    await accountsRepository(world.db).assign({
      userId: verified.id,
      role: "verified_owner",
      scopeKind: "unit",
      scopeId: place.unitId,
    });
    await ownershipRepository(world.db).addPerson({
      partyId: place.partyId,
      name: "待撤销",
      userId: verified.id,
    });
    return { hhCodeId: code!.id, hhCandidateId: candidate.id, hhVerifiedId: verified.id };
  },
  cases: {
    "households.generateForBuilding": {
      input: ({ world, side }) => ({ buildingId: world[side].buildingId, validDays: 30 }),
    },
    "households.listForBuilding": { input: ({ world, side }) => ({ buildingId: world[side].buildingId }) },
    "households.revoke": { input: ({ extra }) => ({ codeId: extra.hhCodeId }) },
    // A well-formed code nobody was given: redeeming a real one would make the actor an owner on that
    // side and change what the rest of the matrix sees. The flow itself is tested in households.test.ts.
    "households.redeem": { input: () => ({ code: "ABCDE-FGHJK" }), scope: "ignore" },
    "households.verifyOwner": {
      input: ({ world, side, extra }) => ({
        unitId: world[side].unitId,
        userId: extra.hhCandidateId,
        document: { kind: "property_certificate", reference: "京(2021)延庆区不动产权第0001234号" },
      }),
    },
    "households.setBallotRule": {
      input: ({ world, side }) => ({ compoundId: world[side].compoundId, rule: "caster_only" }),
    },
    "households.designateRepresentative": {
      input: ({ world, side }) => ({
        unitId: world[side].unitId,
        personId: null,
        document: "共有人书面推选书",
      }),
    },
    "households.revokeOwner": {
      input: ({ world, side, extra }) => ({ unitId: world[side].unitId, userId: extra.hhVerifiedId }),
    },
    "households.myUnits": { input: () => ({}), scope: "ignore" },
  },
};
