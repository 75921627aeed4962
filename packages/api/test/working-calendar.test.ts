/** 工作日历: reading a year, a system admin correcting and reverting days, bad input refused and unchanged. */
import { dueAt, isWorkingDay } from "@gongzhi/core";
import { chineseDaysPackage, loadChineseDaysCalendar, workingCalendarFrom } from "@gongzhi/db";
import { auditLog, calendarDays } from "@gongzhi/db/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "./support.ts";
import { buildWorld, type World } from "./world.ts";

let t: TestDatabase;
let world: World;
beforeAll(async () => {
  t = await openTestDatabase();
  world = await buildWorld(t.db);
  await loadChineseDaysCalendar(t.db, [2026, 2027]);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const bj = (s: string) => new Date(`${s}+08:00`);
/** What a refused call must leave as it was: the calendar rows and the audit log. */
async function snapshot() {
  return {
    days: await t.db.select().from(calendarDays).orderBy(calendarDays.date),
    audit: (await t.db.select().from(auditLog)).length,
  };
}

describe(`working calendar (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("reads a year: status, package version, days; a year never loaded is 'not_loaded'", async () => {
    const district = await world.caller("district_staff");
    const y = await district.workingCalendar.year({ year: 2026 });
    expect(y).toMatchObject({
      year: 2026,
      status: "official",
      source: "chinese-days",
      packageVersion: chineseDaysPackage().version,
      installedPackageVersion: chineseDaysPackage().version,
    });
    expect(y.days.find((d) => d.date === "2026-02-14")).toEqual({
      date: "2026-02-14",
      kind: "make_up_workday",
      name: "春节",
      source: "chinese-days",
      editedBy: null,
      editedAt: null,
    });
    expect((await district.workingCalendar.year({ year: 2027 })).status).toBe("provisional");
    expect(await district.workingCalendar.year({ year: 2031 })).toMatchObject({
      status: "not_loaded",
      source: null,
      days: [],
    });
    const sub = await world.caller("subdistrict_staff");
    expect((await sub.workingCalendar.year({ year: 2026 })).days.length).toBe(y.days.length);
  });

  it("a system admin corrects a holiday to an ordinary day; new computations count on it; a reload keeps it; revert restores the package's row", async () => {
    const admin = await world.caller("system_admin");
    // 02-13 (Fri) + 3 working days: 02-14 (调休 Sat), 02-24, 02-25 → due 02-26 00:00
    const received = bj("2026-02-13T10:00:00");
    const limit = { kind: "working_days", amount: 3 } as const;
    expect(dueAt(received, limit, await workingCalendarFrom(t.db, [2026]))).toEqual(
      bj("2026-02-26T00:00:00"),
    );

    const auditBefore = (await t.db.select().from(auditLog)).length;
    const day = await admin.workingCalendar.correct({
      date: "2026-02-16",
      kind: "regular",
      name: " 调休更正 ",
    });
    expect(day).toMatchObject({
      date: "2026-02-16",
      kind: "regular",
      name: "调休更正",
      source: "staff",
      editedBy: { id: world.users.system_admin.id, name: "测试用户" },
    });
    expect(day.editedAt).toBeInstanceOf(Date);
    const entries = await t.db.select().from(auditLog);
    expect(entries.length).toBe(auditBefore + 1);
    expect(entries.at(-1)).toMatchObject({
      action: "workingCalendar.correct",
      entityType: "calendar_day",
      entityId: "2026-02-16",
      actorId: world.users.system_admin.id,
      before: { kind: "holiday", name: "春节", source: "chinese-days" },
      after: { kind: "regular", name: "调休更正", source: "staff" },
    });
    // the next computation uses the corrected calendar: 02-14, 02-16, 02-24 → due 02-25 00:00
    let cal = await workingCalendarFrom(t.db, [2026]);
    expect(isWorkingDay("2026-02-16", cal)).toBe(true);
    expect(dueAt(received, limit, cal)).toEqual(bj("2026-02-25T00:00:00"));
    await loadChineseDaysCalendar(t.db, [2026]);
    const read = await (await world.caller("district_staff")).workingCalendar.year({ year: 2026 });
    expect(read.days.find((d) => d.date === "2026-02-16")).toMatchObject({
      kind: "regular",
      source: "staff",
    });

    // a holiday the package does not have, on a date of the provisional year 2027
    await admin.workingCalendar.correct({ date: "2027-01-05", kind: "holiday", name: "临时休假" });
    expect(isWorkingDay("2027-01-05", await workingCalendarFrom(t.db, [2027]))).toBe(false);

    const back = await admin.workingCalendar.revert({ date: "2026-02-16" });
    expect(back).toEqual({
      date: "2026-02-16",
      now: {
        date: "2026-02-16",
        kind: "holiday",
        name: "春节",
        source: "chinese-days",
        editedBy: null,
        editedAt: null,
      },
    });
    expect((await t.db.select().from(auditLog)).at(-1)).toMatchObject({
      action: "workingCalendar.revert",
      entityId: "2026-02-16",
      before: { kind: "regular", source: "staff" },
      after: { kind: "holiday", source: "chinese-days" },
    });
    expect(await admin.workingCalendar.revert({ date: "2027-01-05" })).toEqual({
      date: "2027-01-05",
      now: null,
    });
    cal = await workingCalendarFrom(t.db, [2026, 2027]);
    expect(isWorkingDay("2026-02-16", cal)).toBe(false);
    expect(isWorkingDay("2027-01-05", cal)).toBe(true);
  });

  it("refuses bad input with a message key and changes nothing", async () => {
    const admin = await world.caller("system_admin");
    const before = await snapshot();
    await expect(
      admin.workingCalendar.correct({ date: "2026-03-10", kind: "make_up_workday", name: "调休" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", messageKey: "error.calendar.make_up_on_weekday" });
    await expect(
      admin.workingCalendar.correct({ date: "2031-01-04", kind: "holiday", name: "元旦" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      messageKey: "error.calendar.year_not_loaded",
      params: { year: 2031 },
    });
    for (const bad of [
      { date: "2026-02-30", kind: "holiday", name: "x" },
      { date: "2026-2-3", kind: "holiday", name: "x" },
      { date: "2026-03-10", kind: "weekend", name: "x" },
      { date: "2026-03-10", kind: "holiday", name: "长".repeat(51) },
      { date: "2026-03-10", kind: "holiday", name: "   " },
    ])
      await expect(admin.workingCalendar.correct(bad as never), JSON.stringify(bad)).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
    await expect(admin.workingCalendar.revert({ date: "2026-02-17" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      messageKey: "error.calendar.not_corrected",
    });
    await expect(admin.workingCalendar.revert({ date: "2031-01-01" })).rejects.toMatchObject({
      messageKey: "error.calendar.year_not_loaded",
    });
    await expect(admin.workingCalendar.year({ year: 12026 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // a make-up working day on a Saturday is fine
    expect(
      await admin.workingCalendar.correct({ date: "2026-03-14", kind: "make_up_workday", name: "调休" }),
    ).toMatchObject({ source: "staff" });
    await admin.workingCalendar.revert({ date: "2026-03-14" });
    const after = await snapshot();
    expect(after.days).toEqual(before.days);
    expect(after.audit).toBe(before.audit + 2);
  });

  it("only a system admin changes it; district staff read, community and unit staff do not", async () => {
    const district = await world.caller("district_staff");
    await expect(
      district.workingCalendar.correct({ date: "2026-03-10", kind: "holiday", name: "x" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(district.workingCalendar.revert({ date: "2026-03-10" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    for (const who of ["community_staff", "unit_staff", "resident"] as const)
      await expect((await world.caller(who)).workingCalendar.year({ year: 2026 })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    await expect(
      (await world.caller("anonymous")).workingCalendar.year({ year: 2026 }),
    ).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});
