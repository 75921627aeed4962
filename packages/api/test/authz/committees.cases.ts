import { governanceRepository } from "@gongzhi/db";
import type { DomainCases } from "./cases.ts";

const members = [
  { name: "张主任", role: "chair", isOwner: true, isPartyMember: true, isResidentsCommitteeRep: false },
  { name: "李委员", role: "member", isOwner: true, isPartyMember: false, isResidentsCommitteeRep: false },
  { name: "王委员", role: "member", isOwner: true, isPartyMember: false, isResidentsCommitteeRep: false },
] as const;

export const committeesCases: DomainCases = {
  async setup(world, side) {
    const { committee } = await governanceRepository(world.db).createCommittee(
      { compoundId: world[side].compoundId, kind: "owners_committee", status: "preparing" },
      members.map((m) => ({ ...m })),
    );
    return { cmCommitteeId: committee.id };
  },
  cases: {
    "committees.create": {
      input: ({ world, side }) => ({
        compoundId: world[side].compoundId,
        kind: "owners_committee",
        electedOn: null,
        termStart: "2025-01-01",
        termEnd: "2029-12-31",
        partyOrg: "attached",
        members: members.map((m) => ({ ...m, userId: null })),
      }),
    },
    "committees.update": {
      input: ({ extra }) => ({ committeeId: extra.cmCommitteeId, patch: { partyOrg: "dispatched" } }),
    },
    "committees.transition": {
      input: ({ extra }) => ({ committeeId: extra.cmCommitteeId, to: "elected", on: "2025-03-01" }),
    },
    "committees.get": { input: ({ extra }) => ({ committeeId: extra.cmCommitteeId }) },
    "committees.forCompound": { input: ({ world, side }) => ({ compoundId: world[side].compoundId }) },
    "committees.list": {
      input: ({ world, side }) => ({ scopeLevel: "community", scopeId: world[side].communityId }),
    },
    "committees.alerts": {
      input: ({ world, side }) => ({ scopeLevel: "community", scopeId: world[side].communityId }),
    },
  },
};
