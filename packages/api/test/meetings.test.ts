import { auditRepository, meetingsRepository, notificationsRepository, topicsRepository } from "@gongzhi/db";
import { rowCounts } from "@gongzhi/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, openTestDatabase, type TestDatabase } from "./support.ts";
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

async function refused(p: Promise<unknown>, code: TRPCError["code"], messageKey?: string) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, "expected a refusal").toBeInstanceOf(TRPCError);
  expect((e as TRPCError).code).toBe(code);
  if (messageKey) expect((e as TRPCError & { messageKey?: string }).messageKey).toBe(messageKey);
}

let seq = 0;
const accepted = (title = `已受理议题${++seq}`, communityId = world.inside.communityId) =>
  topicsRepository(t.db).create({
    communityId,
    compoundId: null,
    authorId: world.users.resident.id,
    title,
    body: "一个已受理、等待上会的议题。",
    category: "facilities",
    status: "accepted",
  });
let month = 0;
const plan = async (communityId = world.inside.communityId) => {
  month += 1;
  const m = `2032-${String(month).padStart(2, "0")}`;
  return (await world.caller("community_staff")).meetings.plan({
    communityId,
    month: m,
    scheduledAt: new Date(`${m}-10T06:30:00Z`),
    location: "社区议事厅",
  });
};
const status = async (id: string) => (await topicsRepository(t.db).get(id))!.status;

describe(`meetings (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("plans one meeting per community and month, in that month, and lists them by month range", async () => {
    const staff = await world.caller("community_staff");
    const m = await plan();
    expect(m).toMatchObject({ status: "planned", month: "2032-01", attendanceCount: null, minutes: null });
    await refused(
      staff.meetings.plan({
        communityId: world.inside.communityId,
        month: "2032-01",
        scheduledAt: new Date("2032-01-20T06:30:00Z"),
        location: "另一个地点",
      }),
      "CONFLICT",
      "db.unique_violation.meetings_community_month_uq",
    );
    // 2032-02-29T17:00Z is 2032-03-01 01:00 in Beijing: not in February.
    await refused(
      staff.meetings.plan({
        communityId: world.inside.communityId,
        month: "2032-02",
        scheduledAt: new Date("2032-02-29T17:00:00Z"),
        location: "社区议事厅",
      }),
      "BAD_REQUEST",
      "error.meeting.month_mismatch",
    );
    await plan();
    await plan();
    const anon = await world.caller("anonymous");
    const all = await anon.meetings.list({
      communityId: world.inside.communityId,
      fromMonth: "2032-01",
      toMonth: "2032-12",
    });
    expect(all.items.map((i) => i.month)).toEqual(["2032-01", "2032-02", "2032-03"]);
    const range = await anon.meetings.list({
      communityId: world.inside.communityId,
      fromMonth: "2032-02",
      toMonth: "2032-02",
    });
    expect(range.items.map((i) => i.month)).toEqual(["2032-02"]);
    const p1 = await anon.meetings.list({
      communityId: world.inside.communityId,
      fromMonth: "2032-01",
      limit: 2,
    });
    expect(p1.nextCursor).toBe("2032-02");
    const p2 = await anon.meetings.list({
      communityId: world.inside.communityId,
      fromMonth: "2032-01",
      limit: 2,
      cursor: p1.nextCursor,
    });
    expect(p2.items.map((i) => i.month)).toEqual(["2032-03"]);
    // Outside staff cannot plan here.
    await refused(
      (await world.caller("community_staff")).meetings.plan({
        communityId: world.outside.communityId,
        month: "2032-05",
        scheduledAt: new Date("2032-05-10T06:30:00Z"),
        location: "x",
      }),
      "FORBIDDEN",
    );
  });

  it("agenda: adds accepted topics (→ scheduled), reorders, removes (→ accepted), refuses other topics", async () => {
    const staff = await world.caller("community_staff");
    const m = await plan();
    const [a, b] = [await accepted(), await accepted()];
    let agenda = await staff.meetings.setAgenda({
      meetingId: m.id,
      items: [{ topicId: a.id }, { title: "其他事项" }, { topicId: b.id }],
    });
    expect(agenda.map((i) => [i.position, i.topicId, i.title])).toEqual([
      [1, a.id, a.title],
      [2, null, "其他事项"],
      [3, b.id, b.title],
    ]);
    expect([await status(a.id), await status(b.id)]).toEqual(["scheduled", "scheduled"]);
    expect((await topicsRepository(t.db).get(a.id))!.meetingId).toBe(m.id);
    // Reorder and remove a: b first, a back to accepted.
    agenda = await staff.meetings.setAgenda({ meetingId: m.id, items: [{ topicId: b.id }] });
    expect(agenda.map((i) => [i.position, i.topicId])).toEqual([[1, b.id]]);
    expect(await status(a.id)).toBe("accepted");
    expect((await topicsRepository(t.db).get(a.id))!.meetingId).toBeNull();
    // A topic of another community, or twice the same, is refused.
    const foreign = await accepted("外社区的议题", world.outside.communityId);
    await refused(
      staff.meetings.setAgenda({ meetingId: m.id, items: [{ topicId: foreign.id }] }),
      "NOT_FOUND",
    );
    await refused(
      staff.meetings.setAgenda({ meetingId: m.id, items: [{ topicId: b.id }, { topicId: b.id }] }),
      "BAD_REQUEST",
      "error.meeting.duplicate_agenda_topic",
    );
  });

  it("a failing agenda change writes nothing: no status change, audit row or notification", async () => {
    const staff = await world.caller("community_staff");
    const m = await plan();
    const a = await accepted();
    const collecting = await topicsRepository(t.db).create({
      communityId: world.inside.communityId,
      compoundId: null,
      authorId: world.users.resident.id,
      title: "还在征集的议题",
      body: "还在征集附议，不能上会。",
      category: "other",
      status: "collecting",
    });
    const before = await rowCounts(t.db);
    const auditBefore = (await auditRepository(t.db).query({ limit: 1 })).items[0]?.id;
    // a would be scheduled first (status change, notification, audit), then the collecting topic fails core's table.
    await refused(
      staff.meetings.setAgenda({ meetingId: m.id, items: [{ topicId: a.id }, { topicId: collecting.id }] }),
      "CONFLICT",
      "error.transition.no_such_transition",
    );
    expect(await rowCounts(t.db)).toBe(before);
    expect((await auditRepository(t.db).query({ limit: 1 })).items[0]?.id).toBe(auditBefore);
    expect(await status(a.id)).toBe("accepted");
    expect(
      (
        await notificationsRepository(t.db).list({ userId: world.users.resident.id, limit: 100 })
      ).items.filter((n) => n.kind === "topic_scheduled" && n.link === `/meetings/${m.id}`),
    ).toEqual([]);
  });

  it("attendance, minutes, held (→ deliberated), decisions (→ decided) and the public detail", async () => {
    const staff = await world.caller("community_staff");
    const m = await plan();
    const a = await accepted();
    const b = await accepted();
    await staff.meetings.setAgenda({ meetingId: m.id, items: [{ topicId: a.id }, { topicId: b.id }] });
    // What happened at the meeting is recorded once its day has come: here, a year later.
    const staffAfter = (
      await callerFor(t.db, world.users.community_staff.id, { now: () => new Date("2033-06-01T00:00:00Z") })
    ).caller;
    await refused(
      staffAfter.meetings.recordDecision({
        meetingId: m.id,
        topicId: a.id,
        text: "提前决定",
        requiresOwnersVote: false,
      }),
      "CONFLICT",
      "error.meeting.not_held",
    );
    const att = await staffAfter.meetings.recordAttendance({
      meetingId: m.id,
      attendees: [
        { name: "王大妈", capacity: "居民代表" },
        { name: "李主任", capacity: "居委会", userId: world.users.community_staff.id },
      ],
      attendanceCount: 23,
    });
    expect(att.attendanceCount).toBe(23);
    expect(att.attendees).toHaveLength(2);
    await refused(
      staffAfter.meetings.recordAttendance({
        meetingId: m.id,
        attendees: [{ name: "甲", capacity: "居民" }],
        attendanceCount: 0,
      }),
      "BAD_REQUEST",
      "error.meeting.attendance_below_list",
    );
    await staffAfter.meetings.recordMinutes({ meetingId: m.id, minutes: "与会人员讨论了两个议题。" });
    await staffAfter.meetings.markHeld({ meetingId: m.id });
    expect([await status(a.id), await status(b.id)]).toEqual(["deliberated", "deliberated"]);
    await refused(staffAfter.meetings.markHeld({ meetingId: m.id }), "CONFLICT");
    await refused(
      staff.meetings.setAgenda({ meetingId: m.id, items: [] }),
      "CONFLICT",
      "error.meeting.not_planned",
    );
    const other = await accepted();
    await refused(
      staffAfter.meetings.recordDecision({
        meetingId: m.id,
        topicId: other.id,
        text: "不在议程上",
        requiresOwnersVote: false,
      }),
      "BAD_REQUEST",
      "error.meeting.topic_not_on_agenda",
    );
    await staffAfter.meetings.recordDecision({
      meetingId: m.id,
      topicId: a.id,
      text: "同意实施",
      requiresOwnersVote: true,
    });
    await staffAfter.meetings.recordDecision({
      meetingId: m.id,
      topicId: a.id,
      text: "补充：分两期实施",
      requiresOwnersVote: false,
    });
    await staffAfter.meetings.recordDecision({
      meetingId: m.id,
      text: "下次会议定于下月",
      requiresOwnersVote: false,
    });
    expect([await status(a.id), await status(b.id)]).toEqual(["decided", "deliberated"]);
    const detail = await (await world.caller("anonymous")).meetings.get({ meetingId: m.id });
    expect(detail).toMatchObject({
      status: "held",
      attendanceCount: 23,
      minutes: "与会人员讨论了两个议题。",
    });
    expect(detail.agenda.map((i) => [i.topicId, i.topicStatus])).toEqual([
      [a.id, "decided"],
      [b.id, "deliberated"],
    ]);
    expect(detail.attendees.map((x) => x.name).sort()).toEqual(["李主任", "王大妈"].sort());
    expect(detail.decisions.map((d) => [d.topicId, d.requiresOwnersVote])).toEqual([
      [a.id, true],
      [a.id, false],
      [null, false],
    ]);
    const audit = (
      await auditRepository(t.db).query({ entityType: "meeting", entityId: m.id, limit: 50 })
    ).items.map((x) => x.action);
    expect(audit).toEqual(
      expect.arrayContaining([
        "meeting.plan",
        "meeting.set_agenda",
        "meeting.attendance",
        "meeting.minutes",
        "meeting.held",
      ]),
    );
  });

  it("cancelling a planned meeting takes its topics back to accepted", async () => {
    const staff = await world.caller("community_staff");
    const m = await plan();
    const a = await accepted();
    await staff.meetings.setAgenda({ meetingId: m.id, items: [{ topicId: a.id }] });
    const cancelled = await staff.meetings.cancel({ meetingId: m.id, reason: "疫情防控，改期" });
    expect(cancelled.status).toBe("cancelled");
    expect(await status(a.id)).toBe("accepted");
    expect((await topicsRepository(t.db).get(a.id))!.meetingId).toBeNull();
    await refused(staff.meetings.cancel({ meetingId: m.id }), "CONFLICT");
    await refused(staff.meetings.recordMinutes({ meetingId: m.id, minutes: "x" }), "CONFLICT");
    // The topic can go on another meeting.
    const next = await plan();
    await staff.meetings.setAgenda({ meetingId: next.id, items: [{ topicId: a.id }] });
    expect(await status(a.id)).toBe("scheduled");
    expect((await meetingsRepository(t.db).agenda(next.id)).map((i) => i.topicId)).toEqual([a.id]);
  });

  it("nothing of a meeting is recorded before its day, and none is planned into the past", async () => {
    const m = await plan();
    const meetingDay = new Date(m.scheduledAt);
    // Beijing's calendar: the meeting's day starts at 00:00 +08:00.
    const dayStart = new Date(
      `${new Date(meetingDay.getTime() + 8 * 3600_000).toISOString().slice(0, 10)}T00:00:00+08:00`,
    );
    const at = async (d: Date) =>
      (await callerFor(t.db, world.users.community_staff.id, { now: () => d })).caller;
    const eve = await at(new Date(dayStart.getTime() - 1));
    const before = await rowCounts(t.db);
    // One at a time (each refusal is awaited before the next call starts).
    for (const call of [
      () => eve.meetings.recordAttendance({ meetingId: m.id, attendees: [{ name: "甲", capacity: "居民" }] }),
      () => eve.meetings.recordMinutes({ meetingId: m.id, minutes: "尚未开会的纪要" }),
      () => eve.meetings.markHeld({ meetingId: m.id }),
    ])
      await refused(call(), "CONFLICT", "error.meeting.before_its_date");
    expect(await rowCounts(t.db)).toBe(before);
    expect((await meetingsRepository(t.db).get(m.id))!.status).toBe("planned");
    // On the day itself it can be recorded.
    const onTheDay = await at(dayStart);
    expect((await onTheDay.meetings.markHeld({ meetingId: m.id })).status).toBe("held");
    // Planning a meeting for a day already past is refused, writing nothing.
    const beforePlan = await rowCounts(t.db);
    await refused(
      (await at(new Date("2033-01-01T00:00:00Z"))).meetings.plan({
        communityId: world.inside.communityId,
        month: "2032-12",
        scheduledAt: new Date("2032-12-10T06:30:00Z"),
        location: "社区议事厅",
      }),
      "BAD_REQUEST",
      "error.date.date_in_past",
    );
    expect(await rowCounts(t.db)).toBe(beforePlan);
  });
});
