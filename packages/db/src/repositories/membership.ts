import type { InvitationStatus, ResidencyRequestStatus, Role, ScopeKind } from "@gongzhi/core";
import { and, asc, desc, eq, gt, isNull, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { InvalidCursorError, withConstraintErrors } from "../errors.ts";
import {
  accountDeletionRequests,
  communities,
  invitations,
  phoneVerifications,
  residencyRequests,
  roleAssignments,
  smsOutbox,
  users,
} from "../schema/index.ts";
import { pageSize, toPage } from "./pagination.ts";
import { idsWithinScope } from "./scope.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A "<epoch ms>.<uuid>" cursor over (created_at, id); anything else is an invalid cursor. */
function timeCursor(cursor: string | null | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const m = /^(\d{1,15})\.(.+)$/.exec(cursor);
  if (!m || !UUID.test(m[2]!)) throw new InvalidCursorError("cursor is not one this list handed out");
  return { at: new Date(Number(m[1])), id: m[2]! };
}
const cursorOf = (r: { createdAt: Date; id: string }) => `${r.createdAt.getTime()}.${r.id}`;

/**
 * Who may take part (issue 10): one-time phone codes and the SMS outbox, residency requests,
 * invitations, consent and account deletion requests. Policy lives in @gongzhi/api.
 */
export function membershipRepository(db: Executor) {
  return {
    // ------------------------------------------------------------ phone verification (OTP)
    /** A new code for a phone; earlier unconsumed codes of that phone and purpose are superseded. */
    async createPhoneVerification(row: {
      id: string;
      phone: string;
      purpose: "sign_up";
      codeHash: string;
      createdAt: Date;
      expiresAt: Date;
    }) {
      await db
        .update(phoneVerifications)
        .set({ consumedAt: row.createdAt })
        .where(
          and(
            eq(phoneVerifications.phone, row.phone),
            eq(phoneVerifications.purpose, row.purpose),
            isNull(phoneVerifications.consumedAt),
          ),
        );
      return (await db.insert(phoneVerifications).values(row).returning())[0]!;
    },
    /** The newest code of a phone that is neither consumed nor expired (or null). */
    latestPhoneVerification: async (phone: string, purpose: "sign_up", now: Date) =>
      (
        await db
          .select()
          .from(phoneVerifications)
          .where(
            and(
              eq(phoneVerifications.phone, phone),
              eq(phoneVerifications.purpose, purpose),
              isNull(phoneVerifications.consumedAt),
              gt(phoneVerifications.expiresAt, now),
            ),
          )
          .orderBy(desc(phoneVerifications.createdAt))
          .limit(1)
      )[0] ?? null,
    /** Every code row of a phone, oldest first (tests, support). */
    phoneVerificationsOf: (phone: string) =>
      db
        .select()
        .from(phoneVerifications)
        .where(eq(phoneVerifications.phone, phone))
        .orderBy(asc(phoneVerifications.createdAt)),
    /** Count a wrong attempt; returns the attempts made so far. */
    failPhoneVerification: async (id: string) =>
      (
        await db
          .update(phoneVerifications)
          .set({ attempts: sql`${phoneVerifications.attempts} + 1` })
          .where(eq(phoneVerifications.id, id))
          .returning({ attempts: phoneVerifications.attempts })
      )[0]?.attempts ?? 0,
    /** Use a code once (atomic: two racing sign-ups cannot both use it). */
    consumePhoneVerification: async (id: string, now: Date) =>
      (
        await db
          .update(phoneVerifications)
          .set({ consumedAt: now })
          .where(and(eq(phoneVerifications.id, id), isNull(phoneVerifications.consumedAt)))
          .returning()
      )[0] ?? null,

    // ------------------------------------------------------------ SMS outbox (development/test sender)
    appendSms: async (phone: string, text: string, at?: Date) => {
      await db.insert(smsOutbox).values({ phone, text, ...(at ? { createdAt: at } : {}) });
    },
    /** Messages to a phone, newest first. */
    smsTo: (phone: string, limit = 10) =>
      db.select().from(smsOutbox).where(eq(smsOutbox.phone, phone)).orderBy(desc(smsOutbox.id)).limit(limit),

    // ------------------------------------------------------------ consent and deletion
    setConsent: async (userId: string, version: string, at: Date) => {
      await db
        .update(users)
        .set({ consentVersion: version, consentedAt: at, consentWithdrawnAt: null })
        .where(eq(users.id, userId));
    },
    /** Withdraw consent and record a deletion request; null when one was already recorded. */
    withdrawConsent: async (userId: string, consentVersion: string | null, at: Date) => {
      const [request] = await db
        .insert(accountDeletionRequests)
        .values({ userId, consentVersion, requestedAt: at })
        .onConflictDoNothing()
        .returning();
      if (!request) return null;
      await db.update(users).set({ consentWithdrawnAt: at }).where(eq(users.id, userId));
      return request;
    },
    deletionRequestOf: async (userId: string) =>
      (
        await db.select().from(accountDeletionRequests).where(eq(accountDeletionRequests.userId, userId))
      )[0] ?? null,

    // ------------------------------------------------------------ residency requests
    createResidencyRequest: (row: {
      userId: string;
      communityId: string;
      note: string | null;
      createdAt: Date;
    }) => withConstraintErrors(async () => (await db.insert(residencyRequests).values(row).returning())[0]!),
    getResidencyRequest: async (id: string) =>
      (await db.select().from(residencyRequests).where(eq(residencyRequests.id, id)))[0] ?? null,
    /** Decide (or withdraw) a pending request; null when it is no longer pending (atomic). */
    settleResidencyRequest: async (
      id: string,
      set: {
        status: Exclude<ResidencyRequestStatus, "pending">;
        decidedAt: Date | null;
        decidedBy: string | null;
        decisionReason: string | null;
      },
    ) =>
      (
        await db
          .update(residencyRequests)
          .set(set)
          .where(and(eq(residencyRequests.id, id), eq(residencyRequests.status, "pending")))
          .returning()
      )[0] ?? null,
    /** My requests with the community's name, newest first (a user has few). */
    residencyRequestsOfUser: (userId: string) =>
      db
        .select({
          id: residencyRequests.id,
          communityId: residencyRequests.communityId,
          communityName: communities.name,
          note: residencyRequests.note,
          status: residencyRequests.status,
          createdAt: residencyRequests.createdAt,
          decidedAt: residencyRequests.decidedAt,
          decisionReason: residencyRequests.decisionReason,
        })
        .from(residencyRequests)
        .innerJoin(communities, eq(communities.id, residencyRequests.communityId))
        .where(eq(residencyRequests.userId, userId))
        .orderBy(desc(residencyRequests.createdAt))
        .limit(50),
    /** A community's requests (oldest first), with the applicant's name and phone. */
    async pageResidencyRequests(input: {
      communityId: string;
      status?: ResidencyRequestStatus;
      cursor?: string | null;
      limit?: number;
    }) {
      const limit = pageSize(input.limit);
      const after = timeCursor(input.cursor);
      const where: SQL[] = [eq(residencyRequests.communityId, input.communityId)];
      if (input.status) where.push(eq(residencyRequests.status, input.status));
      if (after)
        where.push(
          sql`(${residencyRequests.createdAt}, ${residencyRequests.id}) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`,
        );
      const rows = await db
        .select({
          id: residencyRequests.id,
          userId: residencyRequests.userId,
          displayName: users.displayName,
          phone: users.phone,
          note: residencyRequests.note,
          status: residencyRequests.status,
          createdAt: residencyRequests.createdAt,
          decidedAt: residencyRequests.decidedAt,
          decisionReason: residencyRequests.decisionReason,
        })
        .from(residencyRequests)
        .innerJoin(users, eq(users.id, residencyRequests.userId))
        .where(and(...where))
        .orderBy(asc(residencyRequests.createdAt), asc(residencyRequests.id))
        .limit(limit + 1);
      return toPage(rows, limit, cursorOf);
    },

    /** The community staff of a community (to notify them of a new request). */
    communityStaffIds: async (communityId: string) =>
      (
        await db
          .select({ userId: roleAssignments.userId })
          .from(roleAssignments)
          .where(
            and(
              eq(roleAssignments.role, "community_staff"),
              eq(roleAssignments.scopeKind, "community"),
              eq(roleAssignments.scopeId, communityId),
            ),
          )
      ).map((r) => r.userId),

    // ------------------------------------------------------------ invitations
    /** A new invitation; earlier pending ones to the same phone for the same role and scope are revoked. */
    async createInvitation(row: {
      phone: string;
      displayName: string;
      role: Role;
      scopeKind: ScopeKind;
      scopeId: string | null;
      invitedBy: string;
      createdAt: Date;
      expiresAt: Date;
    }) {
      const revoked = await db
        .update(invitations)
        .set({ status: "revoked", respondedAt: row.createdAt })
        .where(
          and(
            eq(invitations.phone, row.phone),
            eq(invitations.role, row.role),
            eq(invitations.scopeKind, row.scopeKind),
            row.scopeId === null ? isNull(invitations.scopeId) : eq(invitations.scopeId, row.scopeId),
            eq(invitations.status, "pending"),
          ),
        )
        .returning({ id: invitations.id });
      const created = (await db.insert(invitations).values(row).returning())[0]!;
      return { invitation: created, supersededIds: revoked.map((r) => r.id) };
    },
    getInvitation: async (id: string) =>
      (await db.select().from(invitations).where(eq(invitations.id, id)))[0] ?? null,
    /** Pending, unexpired invitations to a phone, newest first, with the inviter's name. */
    pendingInvitationsTo: (phone: string, now: Date) =>
      db
        .select({
          id: invitations.id,
          role: invitations.role,
          scopeKind: invitations.scopeKind,
          scopeId: invitations.scopeId,
          inviterName: users.displayName,
          createdAt: invitations.createdAt,
          expiresAt: invitations.expiresAt,
        })
        .from(invitations)
        .leftJoin(users, eq(users.id, invitations.invitedBy))
        .where(
          and(
            eq(invitations.phone, phone),
            eq(invitations.status, "pending"),
            gt(invitations.expiresAt, now),
          ),
        )
        .orderBy(desc(invitations.createdAt))
        .limit(50),
    /** Answer or revoke a pending invitation; null when it is no longer pending (atomic). */
    settleInvitation: async (
      id: string,
      set: { status: Exclude<InvitationStatus, "pending">; respondedAt: Date; respondedBy: string | null },
      onlyUnexpiredAt?: Date,
    ) =>
      (
        await db
          .update(invitations)
          .set(set)
          .where(
            and(
              eq(invitations.id, id),
              eq(invitations.status, "pending"),
              onlyUnexpiredAt ? gt(invitations.expiresAt, onlyUnexpiredAt) : undefined,
            ),
          )
          .returning()
      )[0] ?? null,
    /**
     * Invitations whose scope lies within the district, subdistrict, community or compound `id`
     * (newest first), with the inviter's name.
     */
    async pageInvitationsWithin(input: {
      level: "district" | "subdistrict" | "community" | "compound";
      id: string;
      cursor?: string | null;
      limit?: number;
    }) {
      const limit = pageSize(input.limit);
      const after = timeCursor(input.cursor);
      const within = idsWithinScope("invitations", input.level, input.id);
      const where: SQL[] = [sql`${invitations.id} in (${within})`];
      if (after)
        where.push(
          sql`(${invitations.createdAt}, ${invitations.id}) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`,
        );
      const rows = await db
        .select({
          id: invitations.id,
          phone: invitations.phone,
          displayName: invitations.displayName,
          role: invitations.role,
          scopeKind: invitations.scopeKind,
          scopeId: invitations.scopeId,
          inviterName: users.displayName,
          status: invitations.status,
          createdAt: invitations.createdAt,
          expiresAt: invitations.expiresAt,
          respondedAt: invitations.respondedAt,
        })
        .from(invitations)
        .leftJoin(users, eq(users.id, invitations.invitedBy))
        .where(and(...where))
        .orderBy(desc(invitations.createdAt), desc(invitations.id))
        .limit(limit + 1);
      return toPage(rows, limit, cursorOf);
    },
  };
}
