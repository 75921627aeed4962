import { manualClock } from "@gongzhi/core";
import { auditRepository, type Db, notificationsRepository, tables, topicsRepository } from "@gongzhi/db";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, makeUser, openTestDatabase, type TestDatabase } from "./support.ts";
import { buildWorld, type World } from "./world.ts";

let t: TestDatabase;
let world: World;
beforeAll(async () => {
  t = await openTestDatabase();
  world = await buildWorld(t.db); // inside community: support threshold 2
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** Expect a tRPC error with this code (and message key). */
async function refused(p: Promise<unknown>, code: TRPCError["code"], messageKey?: string) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, "expected a refusal").toBeInstanceOf(TRPCError);
  expect((e as TRPCError).code).toBe(code);
  if (messageKey) expect((e as TRPCError & { messageKey?: string }).messageKey).toBe(messageKey);
}

const resident = (db: Db, communityId: string) =>
  makeUser(db, [{ role: "resident", scopeKind: "community", scopeId: communityId }]);
const as = async (userId: string) => (await callerFor(t.db, userId)).caller;
const draftInput = (communityId: string, title = "小区停车位严重不足") => ({
  communityId,
  compoundId: null,
  title,
  body: "晚上回家找不到停车位，希望增设车位或者规划临时停车区。",
  category: "parking" as const,
});
const auditOf = async (entityId: string) =>
  (await auditRepository(t.db).query({ entityType: "topic", entityId, limit: 100 })).items.map(
    (a) => a.action,
  );
const notificationsOf = async (userId: string) =>
  (await notificationsRepository(t.db).list({ userId, limit: 100 })).items;

describe(`topics (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("full flow: propose → supports reach the threshold → screening → accept → schedule → held → decided → done", async () => {
    const c = world.inside.communityId;
    const author = await resident(t.db, c);
    const b = await resident(t.db, c);
    const d = await resident(t.db, c);
    const A = await as(author.id);
    const draft = await A.topics.propose(draftInput(c));
    expect(draft.status).toBe("draft");
    const edited = await A.topics.editDraft({ topicId: draft.id, title: "小区停车位严重不足怎么办" });
    expect(edited.title).toBe("小区停车位严重不足怎么办");
    expect((await A.topics.publish({ topicId: draft.id })).status).toBe("collecting");

    const first = await (await as(b.id)).topics.support({ topicId: draft.id });
    expect(first).toEqual({ supportCount: 1, status: "collecting" });
    // The second support reaches the threshold (2): the system moves it to screening in the same transaction.
    const second = await (await as(d.id)).topics.support({ topicId: draft.id });
    expect(second).toEqual({ supportCount: 2, status: "awaiting_screening" });
    const history = await topicsRepository(t.db).history(draft.id);
    expect(history.map((h) => [h.from, h.to])).toEqual([
      [null, "draft"],
      ["draft", "collecting"],
      ["collecting", "awaiting_screening"],
    ]);
    expect(history[2]!.actorId).toBeNull(); // the "system" actor
    expect(await auditOf(draft.id)).toEqual(
      expect.arrayContaining([
        "topic.propose",
        "topic.edit_draft",
        "topic.status.collecting",
        "topic.support",
        "topic.status.awaiting_screening",
      ]),
    );

    // Withdrawing below the threshold does not send it back from screening.
    expect(await (await as(d.id)).topics.withdrawSupport({ topicId: draft.id })).toEqual({
      supportCount: 1,
      status: "awaiting_screening",
    });

    const staff = await world.caller("community_staff");
    expect((await staff.topics.accept({ topicId: draft.id })).status).toBe("accepted");
    // The author and the remaining supporter are notified; the one who withdrew is not.
    expect((await notificationsOf(author.id)).map((n) => n.kind)).toContain("topic_accepted");
    expect((await notificationsOf(b.id)).map((n) => n.kind)).toContain("topic_accepted");
    expect((await notificationsOf(d.id)).map((n) => n.kind)).not.toContain("topic_accepted");

    const meeting = await staff.meetings.plan({
      communityId: c,
      month: "2030-03",
      scheduledAt: new Date("2030-03-15T07:00:00Z"),
      location: "社区议事厅",
    });
    const agenda = await staff.meetings.setAgenda({ meetingId: meeting.id, items: [{ topicId: draft.id }] });
    expect(agenda.map((a) => [a.position, a.topicId, a.topicStatus])).toEqual([[1, draft.id, "scheduled"]]);
    const scheduled = (await notificationsOf(author.id)).find((n) => n.kind === "topic_scheduled");
    expect(scheduled?.link).toBe(`/meetings/${meeting.id}`);
    expect(scheduled?.payload.params.month).toBe("2030-03");

    // The meeting is held on its day (the clock moves there): only then is it recorded.
    // (a minute passes at every reading of the clock, so the history keeps its order)
    const clock = manualClock("2030-03-15T09:00:00Z");
    const ticking = () => {
      clock.advance(60_000);
      return clock.now();
    };
    const onTheDay = (await callerFor(t.db, world.users.community_staff.id, { now: ticking })).caller;
    expect((await onTheDay.meetings.markHeld({ meetingId: meeting.id })).status).toBe("held");
    expect((await A.topics.get({ topicId: draft.id })).status).toBe("deliberated");
    const decision = await onTheDay.meetings.recordDecision({
      meetingId: meeting.id,
      topicId: draft.id,
      text: "在小区东侧空地规划20个临时车位",
      requiresOwnersVote: true,
    });
    expect(decision.requiresOwnersVote).toBe(true);
    expect((await A.topics.get({ topicId: draft.id })).status).toBe("decided");
    await onTheDay.topics.advance({ topicId: draft.id, to: "in_progress" });
    await onTheDay.topics.advance({ topicId: draft.id, to: "done" });
    const detail = await A.topics.get({ topicId: draft.id });
    expect(detail.history.map((h) => h.to)).toEqual([
      "draft",
      "collecting",
      "awaiting_screening",
      "accepted",
      "scheduled",
      "deliberated",
      "decided",
      "in_progress",
      "done",
    ]);
    expect(detail.supportCount).toBe(1);
    expect(detail.isMine).toBe(true);
  });

  it("refuses a double support at the database and keeps the count", async () => {
    const c = world.inside.communityId;
    const author = await resident(t.db, c);
    const b = await resident(t.db, c);
    const topic = await (await as(author.id)).topics.propose({
      ...draftInput(c, "楼道灯不亮"),
      publish: true,
    });
    const B = await as(b.id);
    await B.topics.support({ topicId: topic.id });
    await refused(B.topics.support({ topicId: topic.id }), "CONFLICT", "error.topic.already_supported");
    const after = await B.topics.get({ topicId: topic.id });
    expect(after.supportCount).toBe(1);
    expect(after.supportedByMe).toBe(true);
    expect(await topicsRepository(t.db).countSupports(topic.id)).toBe(1);
    // …and withdrawing twice.
    await B.topics.withdrawSupport({ topicId: topic.id });
    await refused(B.topics.withdrawSupport({ topicId: topic.id }), "CONFLICT", "error.topic.not_supported");
    expect((await B.topics.get({ topicId: topic.id })).supportCount).toBe(0);
  });

  it("refuses supporting a draft, one's own topic, and a topic of another community", async () => {
    const c = world.inside.communityId;
    const author = await resident(t.db, c);
    const b = await resident(t.db, c);
    const stranger = await resident(t.db, world.outside.communityId);
    const A = await as(author.id);
    const draft = await A.topics.propose(draftInput(c, "垃圾分类站点太远"));
    // A draft is private to its author: to others it does not exist.
    await refused((await as(b.id)).topics.support({ topicId: draft.id }), "NOT_FOUND");
    await A.topics.publish({ topicId: draft.id });
    await refused(A.topics.support({ topicId: draft.id }), "BAD_REQUEST", "error.topic.own_topic");
    await refused((await as(stranger.id)).topics.support({ topicId: draft.id }), "FORBIDDEN");
    // Staff do not 附议.
    await refused((await world.caller("community_staff")).topics.support({ topicId: draft.id }), "FORBIDDEN");
    expect(await topicsRepository(t.db).countSupports(draft.id)).toBe(0);
    expect((await topicsRepository(t.db).get(draft.id))!.supportCount).toBe(0);
  });

  it("refuses editing or publishing someone else's draft, and editing after publishing", async () => {
    const c = world.inside.communityId;
    const author = await resident(t.db, c);
    const other = await resident(t.db, c);
    const A = await as(author.id);
    const draft = await A.topics.propose(draftInput(c, "健身器材损坏"));
    const O = await as(other.id);
    await refused(O.topics.editDraft({ topicId: draft.id, title: "被别人改掉的标题" }), "NOT_FOUND");
    await refused(O.topics.publish({ topicId: draft.id }), "NOT_FOUND");
    await refused(O.topics.get({ topicId: draft.id }), "NOT_FOUND");
    expect((await topicsRepository(t.db).get(draft.id))!.title).toBe("健身器材损坏");
    await A.topics.publish({ topicId: draft.id });
    await refused(
      A.topics.editDraft({ topicId: draft.id, title: "发布后再改标题" }),
      "CONFLICT",
      "error.topic.not_draft",
    );
    await refused(A.topics.publish({ topicId: draft.id }), "CONFLICT", "error.transition.no_such_transition");
  });

  it("screening: decline needs a public reason; merge only within the community; wrong steps are refused", async () => {
    const c = world.inside.communityId;
    const topics = topicsRepository(t.db);
    const staffUser = world.users.community_staff.id;
    const make = (title: string, communityId = c) =>
      topics.create({
        communityId,
        compoundId: null,
        authorId: staffUser,
        title,
        body: "需要筛选的议题说明文字。",
        category: "environment",
        status: "awaiting_screening",
      });
    const staff = await world.caller("community_staff");
    const x = await make("绿化带杂草丛生");
    const auditBefore = await auditOf(x.id);
    await refused(
      staff.topics.decline({ topicId: x.id, reason: "   " }),
      "CONFLICT",
      "error.transition.guard_failed",
    );
    expect((await topics.get(x.id))!.status).toBe("awaiting_screening");
    expect(await auditOf(x.id)).toEqual(auditBefore); // nothing written by the refused mutation

    const declined = await staff.topics.decline({
      topicId: x.id,
      reason: "属于物业合同内事项，已转物业处理",
    });
    expect(declined).toMatchObject({ status: "declined", declineReason: "属于物业合同内事项，已转物业处理" });
    const listed = await staff.topics.list({ communityId: c, status: "declined", limit: 10 });
    expect(listed.items.find((i) => i.id === x.id)?.declineReason).toBe("属于物业合同内事项，已转物业处理");

    const dup = await make("绿化带杂草太多");
    const target = await make("绿化带需要修剪");
    const foreign = await make("外社区议题标题", world.outside.communityId);
    await refused(
      staff.topics.merge({ topicId: dup.id, intoTopicId: foreign.id }),
      "BAD_REQUEST",
      "error.topic.merge_other_community",
    );
    await refused(
      staff.topics.merge({ topicId: dup.id, intoTopicId: dup.id }),
      "BAD_REQUEST",
      "error.topic.merge_into_self",
    );
    const supporter = await resident(t.db, c);
    await (await as(supporter.id)).topics.support({ topicId: dup.id });
    const merged = await staff.topics.merge({ topicId: dup.id, intoTopicId: target.id });
    expect(merged).toMatchObject({ status: "merged", mergedIntoId: target.id });
    // Supports are not moved: they stay on the merged topic; the supporter is pointed to the target.
    expect(await topics.countSupports(dup.id)).toBe(1);
    expect(await topics.countSupports(target.id)).toBe(0);
    const note = (await notificationsOf(supporter.id)).find((n) => n.kind === "topic_merged");
    expect(note?.link).toBe(`/topics/${target.id}`);
    expect(note?.payload.params.targetTitle).toBe("绿化带需要修剪");
    const detail = await staff.topics.get({ topicId: dup.id });
    expect(detail.mergedInto).toEqual({ id: target.id, title: "绿化带需要修剪" });

    // Wrong steps: accepting a collecting topic, a system administrator screening (core's table lists staff only).
    const collecting = await topics.create({
      communityId: c,
      compoundId: null,
      authorId: staffUser,
      title: "还在征集的议题",
      body: "还在征集附议的议题。",
      category: "other",
      status: "collecting",
    });
    await refused(
      staff.topics.accept({ topicId: collecting.id }),
      "CONFLICT",
      "error.transition.no_such_transition",
    );
    await refused(
      (await world.caller("system_admin")).topics.accept({ topicId: target.id }),
      "CONFLICT",
      "error.transition.role_not_allowed",
    );
    // Staff of another community cannot screen this one.
    const otherStaff = await makeUser(t.db, [
      { role: "community_staff", scopeKind: "community", scopeId: world.outside.communityId },
    ]);
    await refused((await as(otherStaff.id)).topics.accept({ topicId: target.id }), "FORBIDDEN");
    expect((await topics.get(target.id))!.status).toBe("awaiting_screening");
  });

  it("comments: three reports hide a comment until staff review it", async () => {
    const c = world.inside.communityId;
    const author = await resident(t.db, c);
    const topic = await (await as(author.id)).topics.propose({
      ...draftInput(c, "小区门口乱摆摊"),
      publish: true,
    });
    const troll = await resident(t.db, c);
    const comment = await (await as(troll.id)).topics.comment({ topicId: topic.id, body: "加微信买便宜货" });
    const reporters = await Promise.all([1, 2, 3].map(() => resident(t.db, c)));
    const r1 = await (await as(reporters[0]!.id)).topics.reportComment({
      commentId: comment.id,
      reason: "广告",
    });
    expect(r1).toEqual({ hidden: false, openReports: 1 });
    await refused(
      (await as(reporters[0]!.id)).topics.reportComment({ commentId: comment.id, reason: "广告" }),
      "CONFLICT",
      "error.comment.already_reported",
    );
    await (await as(reporters[1]!.id)).topics.reportComment({ commentId: comment.id, reason: "广告" });
    const r3 = await (await as(reporters[2]!.id)).topics.reportComment({
      commentId: comment.id,
      reason: "广告",
    });
    expect(r3).toEqual({ hidden: true, openReports: 3 });
    const A = await as(author.id);
    expect((await A.topics.get({ topicId: topic.id })).comments.map((x) => x.id)).not.toContain(comment.id);
    const staff = await world.caller("community_staff");
    const review = await staff.topics.commentsForReview({ communityId: c });
    expect(review.items.find((i) => i.id === comment.id)).toMatchObject({ hidden: true, openReports: 3 });
    // Staff unhide after review: the reports are resolved and it shows again.
    await staff.topics.moderateComment({ commentId: comment.id, hidden: false });
    expect((await A.topics.get({ topicId: topic.id })).comments.map((x) => x.id)).toContain(comment.id);
    expect((await staff.topics.commentsForReview({ communityId: c })).items.map((i) => i.id)).not.toContain(
      comment.id,
    );
    await staff.topics.moderateComment({ commentId: comment.id, hidden: true });
    expect((await A.topics.get({ topicId: topic.id })).comments.map((x) => x.id)).not.toContain(comment.id);
    await refused(
      (await as(troll.id)).topics.reportComment({ commentId: comment.id, reason: "x" }),
      "BAD_REQUEST",
    );
  });

  it("list: drafts only for their author, filters, search and cursor pagination; similar titles", async () => {
    const communityId = world.outside.communityId; // a community with few topics
    const author = await resident(t.db, communityId);
    const A = await as(author.id);
    const mineDraft = await A.topics.propose(draftInput(communityId, "电动车充电桩太少"));
    const p1 = await A.topics.propose({ ...draftInput(communityId, "电动车乱停放问题"), publish: true });
    const p2 = await A.topics.propose({
      ...draftInput(communityId, "老年食堂开设建议"),
      category: "elderly_care",
      publish: true,
    });
    const anon = await world.caller("anonymous");
    const publicIds = (await anon.topics.list({ communityId, limit: 100 })).items.map((i) => i.id);
    expect(publicIds).toEqual(expect.arrayContaining([p1.id, p2.id]));
    expect(publicIds).not.toContain(mineDraft.id);
    expect((await A.topics.list({ communityId, mine: true, limit: 100 })).items.map((i) => i.id)).toContain(
      mineDraft.id,
    );
    await refused(anon.topics.list({ communityId, mine: true }), "UNAUTHORIZED");
    expect(
      (await anon.topics.list({ communityId, category: "elderly_care", limit: 100 })).items.map((i) => i.id),
    ).toEqual([p2.id]);
    expect(
      (await anon.topics.list({ communityId, search: "乱停", limit: 100 })).items.map((i) => i.id),
    ).toEqual([p1.id]);
    const page1 = await anon.topics.list({ communityId, limit: 1 });
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await anon.topics.list({ communityId, limit: 1, cursor: page1.nextCursor });
    expect(page2.items[0]!.id).not.toBe(page1.items[0]!.id);
    await refused(anon.topics.list({ communityId, limit: 101 }), "BAD_REQUEST");

    const similar = await anon.topics.similar({ communityId, title: "电动车停放混乱" });
    expect(similar.items[0]!.id).toBe(p1.id);
    expect(similar.items.map((i) => i.id)).not.toContain(mineDraft.id); // drafts are private
  });

  it("rate-limits proposals per user", async () => {
    const c = world.inside.communityId;
    const author = await resident(t.db, c);
    const A = await as(author.id);
    for (let i = 0; i < 5; i++) await A.topics.propose(draftInput(c, `限流测试议题${i}`));
    await refused(
      A.topics.propose(draftInput(c, "限流测试议题6")),
      "TOO_MANY_REQUESTS",
      "error.too_many_requests",
    );
    const mine = await A.topics.list({ communityId: c, mine: true, limit: 100 });
    expect(mine.items).toHaveLength(5);
  });

  it("a resident cannot propose in another community", async () => {
    const author = await resident(t.db, world.inside.communityId);
    const before = (await t.db.select().from(tables.topics)).length;
    await refused((await as(author.id)).topics.propose(draftInput(world.outside.communityId)), "FORBIDDEN");
    await refused(
      (await as(author.id)).topics.propose({
        ...draftInput(world.inside.communityId),
        compoundId: world.outside.compoundId,
      }),
      "FORBIDDEN",
    );
    expect((await t.db.select().from(tables.topics)).length).toBe(before);
  });
});
