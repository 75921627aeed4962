/** 台账: evidence before 销账, 三级督办 idempotent per deadline, 民评 once per user, reports, public list. */
import { auditRepository, ledgerRepository } from "@gongzhi/db";
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
async function codeOf(p: Promise<unknown>) {
  try {
    await p;
    return "OK";
  } catch (e) {
    if (e instanceof TRPCError) return e.code;
    throw e;
  }
}
const audits = async (id: string) => (await auditRepository(t.db).query({ entityId: id, limit: 100 })).items;

describe(`ledger (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("closes only with evidence, rates once, and shows the outcome publicly", async () => {
    const staff = await world.caller("community_staff");
    const item = await staff.ledger.create({
      communityId: world.inside.communityId,
      title: "修复单元门禁",
      responsibleUnit: "物业公司",
      deadline: "2099-12-31",
    });
    expect(await codeOf(staff.ledger.transition({ id: item.id, to: "done" }))).toBe("CONFLICT");
    expect((await ledgerRepository(t.db).get(item.id))!.status).toBe("open");
    expect((await audits(item.id)).map((a) => a.action)).toEqual(["ledger.create"]);
    const resident = await world.caller("resident");
    expect(await codeOf(resident.ledger.rate({ id: item.id, score: 5 }))).toBe("CONFLICT");
    await staff.ledger.addNote({ id: item.id, note: "已更换门禁主板" });
    await staff.ledger.addEvidence({
      id: item.id,
      description: "验收照片",
      url: "https://example.org/p.jpg",
    });
    const done = await staff.ledger.transition({ id: item.id, to: "done" });
    expect(done.status).toBe("done");
    expect(done.closedOn).not.toBeNull();
    await resident.ledger.rate({ id: item.id, score: 4, comment: "及时" });
    expect(await codeOf(resident.ledger.rate({ id: item.id, score: 1 }))).toBe("CONFLICT");
    const owner = await world.caller("verified_owner");
    const r = await owner.ledger.rate({ id: item.id, score: 5 });
    expect(r).toMatchObject({ ratings: 2, averageRating: 4.5 });
    const outsider = await world.caller("district_staff");
    expect(await codeOf(outsider.ledger.rate({ id: item.id, score: 3 }))).toBe("FORBIDDEN");
    const list = await (await world.caller("anonymous")).ledger.publicList({
      communityId: world.inside.communityId,
    });
    const row = list.items.find((i) => i.id === item.id)!;
    expect(row).toMatchObject({
      done: true,
      overdue: false,
      latestProgress: "已更换门禁主板",
      averageRating: 4.5,
    });
    expect((await audits(item.id)).length).toBe(6);
    // The public detail: every note and piece of evidence, and my own rating when signed in.
    const detail = await resident.ledger.publicGet({ id: item.id });
    expect(detail.notes.map((n) => n.note)).toEqual(["已更换门禁主板"]);
    expect(detail.evidence.map((e) => e.description)).toEqual(["验收照片"]);
    expect(detail).toMatchObject({
      done: true,
      ratings: 2,
      averageRating: 4.5,
      myRating: { score: 4, comment: "及时" },
    });
    expect((await (await world.caller("anonymous")).ledger.publicGet({ id: item.id })).myRating).toBeNull();
    const again = await resident.ledger.rate({ id: item.id, score: 1 }).catch((e) => e);
    expect(again).toMatchObject({ code: "CONFLICT", messageKey: "error.ledger.already_rated" });
  });

  it("escalates an overdue item one level per missed deadline, idempotently", async () => {
    // The item is opened in 2019 with a deadline then still ahead; the supervision runs today.
    const staff2019 = (
      await callerFor(t.db, world.users.community_staff.id, { now: () => new Date("2019-12-01T02:00:00Z") })
    ).caller;
    const staff = await world.caller("community_staff");
    const item = await staff2019.ledger.create({
      communityId: world.inside.communityId,
      title: "清理楼道堆物",
      responsibleUnit: "社区居委会",
      deadline: "2020-01-10",
    });
    const scope = { level: "community" as const, id: world.inside.communityId };
    const first = await staff.ledger.escalateOverdue({ scope });
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    let now = await ledgerRepository(t.db).get(item.id);
    expect(now).toMatchObject({ status: "escalated", supervisionLevel: "subdistrict" });
    const again = await staff.ledger.escalateOverdue({ scope });
    expect(again).toEqual({ markedOverdue: 0, escalated: 0, atDistrict: 0 });
    now = await ledgerRepository(t.db).get(item.id);
    expect(now).toMatchObject({ status: "escalated", supervisionLevel: "subdistrict" });
    // a new deadline, missed again → one more level
    const staff2020 = (
      await callerFor(t.db, world.users.community_staff.id, { now: () => new Date("2020-06-01T02:00:00Z") })
    ).caller;
    await staff2020.ledger.setDeadline({ id: item.id, deadline: "2021-01-10" });
    await staff.ledger.escalateOverdue({ scope });
    expect(await ledgerRepository(t.db).get(item.id)).toMatchObject({
      supervisionLevel: "district",
      status: "escalated",
    });
    const view = await (await world.caller("subdistrict_staff")).ledger.supervision({
      scope: { level: "subdistrict", id: world.inside.subdistrictId },
    });
    expect(view.items[0]!.overdue).toBe(true);
    const report = await (await world.caller("district_staff")).ledger.report({
      scope: { level: "district", id: world.inside.districtId },
      period: { kind: "month", year: 2099, month: 12 },
    });
    expect(report.totals.outstanding).toBeGreaterThanOrEqual(1);
    expect(report.totals.overdue).toBeGreaterThanOrEqual(1);
  });

  it("a deadline is set for today or later, never one already past", async () => {
    const now = new Date("2031-05-20T02:00:00Z"); // 2031-05-20 in Beijing
    const staff = (await callerFor(t.db, world.users.community_staff.id, { now: () => now })).caller;
    const before = await rowCounts(t.db);
    await expect(
      staff.ledger.create({
        communityId: world.inside.communityId,
        title: "过期的期限",
        responsibleUnit: "社区居委会",
        deadline: "2031-05-19",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", messageKey: "error.date.date_in_past" });
    expect(await rowCounts(t.db)).toBe(before);
    const item = await staff.ledger.create({
      communityId: world.inside.communityId,
      title: "今天到期",
      responsibleUnit: "社区居委会",
      deadline: "2031-05-20",
    });
    const after = await rowCounts(t.db);
    await expect(staff.ledger.setDeadline({ id: item.id, deadline: "2031-05-01" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      messageKey: "error.date.date_in_past",
    });
    expect(await rowCounts(t.db)).toBe(after);
  });
});
