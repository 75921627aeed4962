import { accountsRepository } from "@gongzhi/db";
import { makeUser, uniquePhone } from "../support.ts";
import type { DomainCases } from "./cases.ts";

export const usersCases: DomainCases = {
  async setup(world, side) {
    // assignRole reaches only users already within the staff member's scope (issue 10).
    const target = await makeUser(world.db, [
      { role: "committee_member", scopeKind: "compound", scopeId: world[side].compoundId },
    ]);
    const holder = await makeUser(world.db);
    await accountsRepository(world.db).assign({
      userId: holder.id,
      role: "committee_member",
      scopeKind: "compound",
      scopeId: world[side].compoundId,
    });
    return { usTargetId: target.id, usHolderId: holder.id, usPhone: uniquePhone() };
  },
  cases: {
    "users.invite": {
      input: ({ world, side, extra }) => ({
        phone: extra.usPhone,
        displayName: "新同事",
        role: "community_staff",
        scopeId: world[side].communityId,
      }),
    },
    "users.assignRole": {
      input: ({ world, side, extra }) => ({
        userId: extra.usTargetId,
        role: "resident",
        scopeId: world[side].communityId,
      }),
    },
    "users.revokeRole": {
      input: ({ world, side, extra }) => ({
        userId: extra.usHolderId,
        role: "committee_member",
        scopeId: world[side].compoundId,
      }),
    },
    "users.list": {
      input: ({ world, side }) => ({
        scopeLevel: "community",
        scopeId: world[side].communityId,
        sort: { key: "name", direction: "asc" },
      }),
    },
  },
};
