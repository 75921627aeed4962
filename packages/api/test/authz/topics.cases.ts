import { meetingsRepository, notificationsRepository, topicsRepository } from "@gongzhi/db";
import type { CaseContext, DomainCases } from "./cases.ts";

const id = (c: CaseContext, key: string) => c.extra[key] as string;

/** Topics in the states each procedure needs, on each side, created directly with the repository. */
export const topicsCases: DomainCases = {
  async setup(world, side) {
    const place = world[side];
    const topics = topicsRepository(world.db);
    const make = (status: Parameters<typeof topics.create>[0]["status"], authorId: string, title: string) =>
      topics.create({
        communityId: place.communityId,
        compoundId: null,
        authorId,
        title,
        body: "一段足够长的议题说明文字。",
        category: "parking",
        status,
      });
    const staff = world.users.community_staff.id;
    const draft = await make("draft", world.users.resident.id, `${side} 草稿议题`);
    const collecting = await make("collecting", staff, `${side} 停车位不足`);
    const awaitingA = await make("awaiting_screening", staff, `${side} 待筛选一`);
    const awaitingB = await make("awaiting_screening", staff, `${side} 待筛选二`);
    const awaitingC = await make("awaiting_screening", staff, `${side} 待筛选三`);
    const decided = await make("decided", staff, `${side} 已决定议题`);
    const accepted = await make("accepted", staff, `${side} 已受理议题`);
    const comment = await topics.addComment({ topicId: collecting.id, authorId: staff, body: "一条评论" });
    const meeting = await meetingsRepository(world.db).create({
      communityId: place.communityId,
      month: "2031-05",
      scheduledAt: new Date("2031-05-20T07:00:00Z"),
      location: "社区议事厅",
    });
    const meetingToCancel = await meetingsRepository(world.db).create({
      communityId: place.communityId,
      month: "2031-06",
      scheduledAt: new Date("2031-06-20T07:00:00Z"),
      location: "社区议事厅",
    });
    await notificationsRepository(world.db).insertMany([
      {
        userId: world.users.resident.id,
        kind: "system",
        payload: { messageKey: "notification.test", params: {} },
      },
    ]);
    const [n] = (await notificationsRepository(world.db).list({ userId: world.users.resident.id, limit: 1 }))
      .items;
    return {
      topicDraft: draft.id,
      topicCollecting: collecting.id,
      topicAwaitingA: awaitingA.id,
      topicAwaitingB: awaitingB.id,
      topicAwaitingC: awaitingC.id,
      topicDecided: decided.id,
      topicAccepted: accepted.id,
      commentId: comment.id,
      meetingId: meeting.id,
      meetingToCancelId: meetingToCancel.id,
      notificationId: n!.id,
    };
  },
  cases: {
    "topics.list": {
      input: ({ world, side }) => ({ communityId: world[side].communityId, limit: 10 }),
      scope: "ignore",
    },
    "topics.get": { input: (c) => ({ topicId: id(c, "topicCollecting") }), scope: "ignore" },
    "topics.similar": {
      input: ({ world, side }) => ({ communityId: world[side].communityId, title: "停车位" }),
      scope: "ignore",
    },
    "topics.propose": {
      input: ({ world, side }) => ({
        communityId: world[side].communityId,
        compoundId: world[side].compoundId,
        title: "楼道照明需要修理",
        body: "三号楼楼道的灯坏了很久，希望尽快修理。",
        category: "facilities",
        publish: true,
      }),
    },
    "topics.editDraft": { input: (c) => ({ topicId: id(c, "topicDraft"), title: "修改后的草稿标题" }) },
    "topics.publish": { input: (c) => ({ topicId: id(c, "topicDraft") }) },
    "topics.support": { input: (c) => ({ topicId: id(c, "topicCollecting") }) },
    "topics.withdrawSupport": { input: (c) => ({ topicId: id(c, "topicCollecting") }) },
    "topics.comment": { input: (c) => ({ topicId: id(c, "topicCollecting"), body: "我同意这个议题" }) },
    "topics.reportComment": { input: (c) => ({ commentId: id(c, "commentId"), reason: "广告" }) },
    "topics.moderateComment": { input: (c) => ({ commentId: id(c, "commentId"), hidden: false }) },
    "topics.commentsForReview": { input: ({ world, side }) => ({ communityId: world[side].communityId }) },
    "topics.accept": { input: (c) => ({ topicId: id(c, "topicAwaitingA") }) },
    "topics.decline": { input: (c) => ({ topicId: id(c, "topicAwaitingB"), reason: "不属于社区议事范围" }) },
    "topics.merge": {
      input: (c) => ({ topicId: id(c, "topicAwaitingC"), intoTopicId: id(c, "topicCollecting") }),
    },
    "topics.advance": { input: (c) => ({ topicId: id(c, "topicDecided"), to: "in_progress" }) },
  },
};
