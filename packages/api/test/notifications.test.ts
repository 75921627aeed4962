import { auditRepository, notificationsRepository, topicsRepository } from "@gongzhi/db";
import type { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notify } from "../src/notify.ts";
import { callerFor, makeUser, openTestDatabase, type TestDatabase } from "./support.ts";
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

describe(`notifications (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("delivers screening outcomes to the author and supporters, newest first, with unread counts", async () => {
    const c = world.inside.communityId;
    const author = await makeUser(t.db, [{ role: "resident", scopeKind: "community", scopeId: c }]);
    const supporter = await makeUser(t.db, [{ role: "resident", scopeKind: "community", scopeId: c }]);
    const A = (await callerFor(t.db, author.id)).caller;
    const S = (await callerFor(t.db, supporter.id)).caller;
    const topic = await A.topics.propose({
      communityId: c,
      compoundId: null,
      title: "增设快递柜",
      body: "小区没有快递柜，快递经常丢失。",
      category: "facilities",
      publish: true,
    });
    await S.topics.support({ topicId: topic.id });
    await topicsRepository(t.db).changeStatus(topic.id, "awaiting_screening", { actorId: null });
    const staff = await world.caller("community_staff");
    await staff.topics.accept({ topicId: topic.id });
    expect(await A.notifications.unreadCount()).toEqual({ unread: 1 });
    expect(await S.notifications.unreadCount()).toEqual({ unread: 1 });
    const [n] = (await A.notifications.list({})).items;
    expect(n).toMatchObject({
      kind: "topic_accepted",
      link: `/topics/${topic.id}`,
      readAt: null,
      payload: { messageKey: "notification.topic_accepted", params: { title: "增设快递柜" } },
    });
    // A second notification: newest first, paginated.
    await t.db.transaction((tx) =>
      notify(tx, { userIds: [author.id], kind: "system", messageKey: "notification.test", params: { n: 2 } }),
    );
    const page1 = await A.notifications.list({ limit: 1 });
    expect(page1.items[0]!.kind).toBe("system");
    const page2 = await A.notifications.list({ limit: 1, cursor: page1.nextCursor });
    expect(page2.items[0]!.kind).toBe("topic_accepted");
    expect(page2.nextCursor).toBeNull();

    // Mark read: mine only; someone else's id is NOT_FOUND and changes nothing.
    const e = await S.notifications.markRead({ ids: [n!.id] }).catch((x: unknown) => x);
    expect((e as TRPCError).code).toBe("NOT_FOUND");
    expect(await A.notifications.unreadCount()).toEqual({ unread: 2 });
    expect(await A.notifications.markRead({ ids: [n!.id] })).toEqual({ marked: 1 });
    expect(await A.notifications.unreadCount()).toEqual({ unread: 1 });
    expect((await A.notifications.list({ unreadOnly: true })).items.map((x) => x.kind)).toEqual(["system"]);
    expect(await A.notifications.markAllRead()).toEqual({ marked: 1 });
    expect(await A.notifications.unreadCount()).toEqual({ unread: 0 });
    const audit = (await auditRepository(t.db).query({ actorId: author.id, entityType: "notification" }))
      .items;
    expect(audit.map((x) => x.action).sort()).toEqual(["notification.read", "notification.read_all"]);
    await expect((await world.caller("anonymous")).notifications.unreadCount()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("notify() writes inside the caller's transaction: nothing when it rolls back; duplicates and the actor dropped", async () => {
    const u = await makeUser(t.db);
    const v = await makeUser(t.db);
    await t.db
      .transaction(async (tx) => {
        expect(await notify(tx, { userIds: [u.id], kind: "system", messageKey: "notification.test" })).toBe(
          1,
        );
        throw new Error("rollback");
      })
      .catch(() => {});
    expect(await notificationsRepository(t.db).unreadCount(u.id)).toBe(0);
    const written = await t.db.transaction((tx) =>
      notify(tx, {
        userIds: [u.id, u.id, v.id, null],
        except: v.id,
        kind: "system",
        messageKey: "notification.test",
      }),
    );
    expect(written).toBe(1);
    expect(await notificationsRepository(t.db).unreadCount(u.id)).toBe(1);
    expect(await notificationsRepository(t.db).unreadCount(v.id)).toBe(0);
  });
});
