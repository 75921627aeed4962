import { membershipRepository } from "@gongzhi/db";
import { makeUser, uniquePhone } from "../support.ts";
import type { DomainCases } from "./cases.ts";

// Residency requests and invitations (issue 10). Fixtures per side: a pending residency request by a
// fresh user (for staff to decide), one invitation to revoke, and one to answer.
export const membershipCases: DomainCases = {
  async setup(world, side) {
    const applicant = await makeUser(world.db);
    const membership = membershipRepository(world.db);
    const request = await membership.createResidencyRequest({
      userId: applicant.id,
      communityId: world[side].communityId,
      note: "3号楼",
      createdAt: new Date(),
    });
    const invitation = (scope: string) =>
      membership.createInvitation({
        phone: uniquePhone(),
        displayName: "受邀人",
        role: "community_staff",
        scopeKind: "community",
        scopeId: scope,
        invitedBy: world.users.community_staff.id,
        createdAt: new Date(),
        expiresAt: new Date(Date.now() + 86_400_000),
      });
    const toRevoke = await invitation(world[side].communityId);
    const toAnswer = await invitation(world[side].communityId);
    return {
      msResidencyRequestId: request.id,
      msApplicantRequestId: request.id,
      msRevokeInvitationId: toRevoke.invitation.id,
      msAnswerInvitationId: toAnswer.invitation.id,
    };
  },
  cases: {
    // Asking to join is open to any signed-in user, in any community.
    "residency.request": {
      input: ({ world, side }) => ({ communityId: world[side].communityId }),
      scope: "ignore",
    },
    "residency.mine": { input: () => undefined, scope: "ignore" },
    // Only the applicant may withdraw: anyone else gets NOT_FOUND.
    "residency.withdraw": { input: ({ extra }) => ({ id: extra.msApplicantRequestId }), scope: "ignore" },
    "residency.list": { input: ({ world, side }) => ({ communityId: world[side].communityId }) },
    "residency.decide": { input: ({ extra }) => ({ id: extra.msResidencyRequestId, approve: true }) },
    "invitations.mine": { input: () => undefined, scope: "ignore" },
    // Only the account with the invited phone may answer: anyone else gets NOT_FOUND.
    "invitations.respond": {
      input: ({ extra }) => ({ id: extra.msAnswerInvitationId, accept: false }),
      scope: "ignore",
    },
    "invitations.list": {
      input: ({ world, side }) => ({ scopeLevel: "community", scopeId: world[side].communityId }),
    },
    "invitations.revoke": { input: ({ extra }) => ({ id: extra.msRevokeInvitationId }) },
  },
};
