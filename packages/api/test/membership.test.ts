/**
 * Who may take part (issue 10): residency by an approved request (staff decide in their scope, the
 * applicant is notified), and invitations that give a role only when the invitee accepts.
 */
import { accountsRepository, auditRepository, notificationsRepository } from "@gongzhi/db";
import { rowCounts } from "@gongzhi/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callerFor,
  makeUser,
  openTestDatabase,
  signUpWithCode,
  type TestDatabase,
  uniquePhone,
} from "./support.ts";
import { buildWorld, type World } from "./world.ts";

let t: TestDatabase;
let world: World;
beforeAll(async () => {
  t = await openTestDatabase();
  world = await buildWorld(t.db);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const as = async (userId: string) => (await callerFor(t.db, userId)).caller;
const rolesOf = async (userId: string) =>
  (await accountsRepository(t.db).assignments(userId)).map((a) => `${a.role}@${a.scopeId}`).sort();
const notificationsOf = async (userId: string) =>
  (await notificationsRepository(t.db).list({ userId, limit: 50 })).items.map(
    (n) => (n.payload as { messageKey: string }).messageKey,
  );

describe(`residency requests (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("a fresh account asks to join; community staff are notified, approve, and the applicant becomes a resident", async () => {
    const anon = (await callerFor(t.db, null, { ip: "10.2.0.1" })).caller;
    const { userId } = await signUpWithCode(t.db, anon, { phone: uniquePhone() });
    const me = await as(userId);
    // No community yet: proposing a topic there is refused.
    expect(await rolesOf(userId)).toEqual([]);
    const { id, status } = await me.residency.request({
      communityId: world.inside.communityId,
      note: "1号楼101",
    });
    expect(status).toBe("pending");
    expect(await notificationsOf(world.users.community_staff.id)).toContain(
      "notification.residency_requested",
    );
    // A second pending request to the same community is a clear conflict, and writes nothing.
    const before = await rowCounts(t.db);
    await expect(me.residency.request({ communityId: world.inside.communityId })).rejects.toMatchObject({
      code: "CONFLICT",
      messageKey: "error.residency.pending",
    });
    expect(await rowCounts(t.db)).toBe(before);
    expect((await me.residency.mine()).map((r) => [r.communityId, r.status, r.note])).toEqual([
      [world.inside.communityId, "pending", "1号楼101"],
    ]);

    const staff = await world.caller("community_staff");
    const queue = await staff.residency.list({ communityId: world.inside.communityId, status: "pending" });
    const listed = queue.items.find((r) => r.id === id)!;
    expect(listed).toMatchObject({ userId, note: "1号楼101" });
    expect(listed.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    await expect(staff.residency.decide({ id, approve: true })).resolves.toEqual({ id, status: "approved" });
    expect(await rolesOf(userId)).toEqual([`resident@${world.inside.communityId}`]);
    expect(await notificationsOf(userId)).toContain("notification.residency_approved");
    const audit = (await auditRepository(t.db).query({ entityType: "residency_request", entityId: id }))
      .items;
    expect(audit.map((e) => e.action)).toEqual(["residency.approve", "residency.request"]);
    // Decided once: a second decision (e.g. a colleague racing) is a conflict and changes nothing.
    const after = await rowCounts(t.db);
    await expect(staff.residency.decide({ id, approve: false, reason: "重复" })).rejects.toMatchObject({
      code: "CONFLICT",
      messageKey: "error.residency.not_pending",
    });
    expect(await rowCounts(t.db)).toBe(after);
    // Now a resident: asking again is refused.
    await expect(me.residency.request({ communityId: world.inside.communityId })).rejects.toMatchObject({
      messageKey: "error.residency.already_resident",
    });
  });

  it("staff outside the community cannot see or decide its requests; a decline needs a reason and is notified", async () => {
    const applicant = await makeUser(t.db);
    const me = await as(applicant.id);
    const { id } = await me.residency.request({ communityId: world.outside.communityId });
    const staff = await world.caller("community_staff");
    const before = await rowCounts(t.db);
    await expect(staff.residency.decide({ id, approve: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(staff.residency.list({ communityId: world.outside.communityId })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    // A resident cannot decide even in their own community.
    const resident = await world.caller("resident");
    await expect(resident.residency.decide({ id, approve: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await rowCounts(t.db)).toBe(before);
    expect(await rolesOf(applicant.id)).toEqual([]);

    const admin = await world.caller("system_admin");
    await expect(admin.residency.decide({ id, approve: false })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await admin.residency.decide({ id, approve: false, reason: "查无此户" });
    expect(await rolesOf(applicant.id)).toEqual([]);
    expect(await notificationsOf(applicant.id)).toContain("notification.residency_declined");
    expect((await me.residency.mine())[0]).toMatchObject({ status: "declined", decisionReason: "查无此户" });
  });

  it("the applicant may withdraw a pending request; nobody else can", async () => {
    const applicant = await makeUser(t.db);
    const { id } = await (await as(applicant.id)).residency.request({
      communityId: world.inside.communityId,
    });
    const other = await makeUser(t.db);
    await expect((await as(other.id)).residency.withdraw({ id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect((await as(applicant.id)).residency.withdraw({ id })).resolves.toEqual({
      id,
      status: "withdrawn",
    });
    const staff = await world.caller("community_staff");
    await expect(staff.residency.decide({ id, approve: true })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await rolesOf(applicant.id)).toEqual([]);
  });
});

describe(`invitations (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("an existing account sees the invitation and gets the role only when it accepts; the inviter is notified", async () => {
    const invitee = await makeUser(t.db);
    const staff = await world.caller("community_staff");
    const { invitationId } = await staff.users.invite({
      phone: invitee.phone,
      displayName: "李委员",
      role: "committee_member",
      scopeId: world.inside.compoundId,
    });
    expect(await rolesOf(invitee.id)).toEqual([]);
    expect(await notificationsOf(invitee.id)).toContain("notification.invitation");
    const me = await as(invitee.id);
    const mine = await me.invitations.mine();
    expect(mine.map((i) => [i.id, i.role, i.scopeId])).toEqual([
      [invitationId, "committee_member", world.inside.compoundId],
    ]);
    // Someone else cannot answer it: it looks like it does not exist.
    const stranger = await makeUser(t.db);
    await expect(
      (await as(stranger.id)).invitations.respond({ id: invitationId, accept: true }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
      messageKey: "error.not_found.invitation",
    });
    expect(await rolesOf(stranger.id)).toEqual([]);

    await expect(me.invitations.respond({ id: invitationId, accept: true })).resolves.toEqual({
      id: invitationId,
      status: "accepted",
    });
    expect(await rolesOf(invitee.id)).toEqual([`committee_member@${world.inside.compoundId}`]);
    expect(await notificationsOf(world.users.community_staff.id)).toContain(
      "notification.invitation_accepted",
    );
    const audit = (await auditRepository(t.db).query({ entityType: "invitation", entityId: invitationId }))
      .items;
    expect(audit.map((e) => e.action)).toEqual(["invitation.accept", "invitation.create"]);
    // Answered once.
    await expect(me.invitations.respond({ id: invitationId, accept: false })).rejects.toMatchObject({
      code: "CONFLICT",
      messageKey: "error.invitation.not_pending",
    });
    expect(await me.invitations.mine()).toEqual([]);
  });

  it("a phone without an account signs up with its code, then finds and may decline the invitation", async () => {
    const phone = uniquePhone();
    const staff = await world.caller("community_staff");
    const { invitationId } = await staff.users.invite({
      phone,
      displayName: "新社工",
      role: "community_staff",
      scopeId: world.inside.communityId,
    });
    const anon = (await callerFor(t.db, null, { ip: "10.2.0.2" })).caller;
    // The invitation SMS carries no code; the sign-up code comes separately.
    const { userId } = await signUpWithCode(t.db, anon, { phone });
    const me = await as(userId);
    expect((await me.invitations.mine()).map((i) => i.id)).toEqual([invitationId]);
    await me.invitations.respond({ id: invitationId, accept: false });
    expect(await rolesOf(userId)).toEqual([]);
    expect(await notificationsOf(world.users.community_staff.id)).toContain(
      "notification.invitation_declined",
    );
  });

  it("expired and revoked invitations cannot be accepted; staff list and revoke only within their scope", async () => {
    const invitee = await makeUser(t.db);
    const staff = await world.caller("community_staff");
    const { invitationId } = await staff.users.invite({
      phone: invitee.phone,
      displayName: "王",
      role: "resident",
      scopeId: world.inside.communityId,
    });
    const listed = await staff.invitations.list({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
    });
    const row = listed.items.find((i) => i.id === invitationId)!;
    expect(row).toMatchObject({ status: "pending", expired: false, role: "resident" });
    expect(row.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    await expect(
      staff.invitations.list({ scopeLevel: "community", scopeId: world.outside.communityId }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });

    // Past its expiry: an invitation made 15 days ago (14 days to answer) is not offered nor accepted.
    const past = Date.now() - 15 * 24 * 60 * 60 * 1000;
    const earlier = (await callerFor(t.db, world.users.community_staff.id, { now: () => new Date(past) }))
      .caller;
    const old = await earlier.users.invite({
      phone: invitee.phone,
      displayName: "王",
      role: "committee_member",
      scopeId: world.inside.compoundId,
    });
    const me = await as(invitee.id);
    expect((await me.invitations.mine()).map((i) => i.id)).toEqual([invitationId]);
    await expect(me.invitations.respond({ id: old.invitationId, accept: true })).rejects.toMatchObject({
      code: "CONFLICT",
      messageKey: "error.invitation.not_pending",
    });
    expect(await rolesOf(invitee.id)).toEqual([]);
    const shown = await staff.invitations.list({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
    });
    expect(shown.items.find((i) => i.id === old.invitationId)).toMatchObject({
      status: "pending",
      expired: true,
    });

    // Revoked: the invitee can no longer accept it.
    await staff.invitations.revoke({ id: invitationId });
    await expect(
      (await as(invitee.id)).invitations.respond({ id: invitationId, accept: true }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await rolesOf(invitee.id)).toEqual([]);
    // A second invitation of the same role and scope replaces the pending first.
    const first = await staff.users.invite({
      phone: invitee.phone,
      displayName: "王",
      role: "resident",
      scopeId: world.inside.communityId,
    });
    const second = await staff.users.invite({
      phone: invitee.phone,
      displayName: "王",
      role: "resident",
      scopeId: world.inside.communityId,
    });
    expect((await (await as(invitee.id)).invitations.mine()).map((i) => i.id)).toEqual([second.invitationId]);
    expect(first.invitationId).not.toBe(second.invitationId);
  });
});
