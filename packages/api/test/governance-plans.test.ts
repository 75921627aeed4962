/**
 * 未诉先办 plans through the API: the lifecycle from core (实施 needs themes and areas, 完成 needs every
 * task finished, a closed plan changes no more), tasks with owners and deadlines (late ones marked),
 * and the measured effect — requests on the theme's subtree in the plan's areas, month by month before
 * and after the start — checked against orders placed by hand on both sides of every boundary.
 * Refused calls are client errors that change nothing.
 */
import { hotlineRepository, registryRepository } from "@gongzhi/db";
import { rowCounts } from "@gongzhi/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, openTestDatabase, type TestDatabase } from "./support.ts";
import { buildWorld, type World } from "./world.ts";

let t: TestDatabase;
let world: World;
let now = new Date("2026-06-15T04:00:00Z"); // 12:00 Beijing
let theme: string;
let child: string;
let unrelated: string;
let otherSubdistrict: string;
const as = async (userId: string) => (await callerFor(t.db, userId, { now: () => now })).caller;
async function refused(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

/** Beijing wall time "YYYY-MM-DD HH:mm" as an instant. */
const bj = (s: string) => new Date(`${s.replace(" ", "T")}:00+08:00`);

beforeAll(async () => {
  t = await openTestDatabase();
  world = await buildWorld(t.db);
  const h = hotlineRepository(t.db);
  const tag = Date.now().toString(36);
  const hours = { limitKind: "natural_hours" as const, limitAmount: 48 };
  theme = (await h.createCategory({ code: `GPT${tag}`, nameZh: "市容环境", nameEn: "City", ...hours })).id;
  child = (
    await h.createCategory({
      code: `GPT${tag}1`,
      parentId: theme,
      nameZh: "占道经营",
      nameEn: "Street vending",
      ...hours,
    })
  ).id;
  unrelated = (await h.createCategory({ code: `GPU${tag}`, nameZh: "供暖", nameEn: "Heating", ...hours })).id;
  otherSubdistrict = (
    await registryRepository(t.db).createSubdistrict({
      districtId: world.inside.districtId,
      code: `GPS${tag}`,
      name: "另一街道",
      kind: "street",
    })
  ).id;
  const order = (categoryId: string, at: string, subdistrictId: string | null = world.inside.subdistrictId) =>
    h.createWorkOrder(
      {
        type: "complaint",
        channel: "hotline_12345",
        districtId: world.inside.districtId,
        subdistrictId,
        communityId: subdistrictId === world.inside.subdistrictId ? world.inside.communityId : null,
        text: "占道经营",
        categoryId,
        receivedAt: bj(at),
      },
      null,
    );
  // The plan starts 2026-04-01: windows of 2 months are [02-01, 03-01) [03-01, 04-01) | [04-01, 05-01) [05-01, 06-01)
  await order(theme, "2026-01-31 23:59"); // before the first window
  await order(theme, "2026-02-01 00:00"); // window -2
  await order(child, "2026-02-20 10:00"); // window -2 (the theme's subtree)
  await order(theme, "2026-03-31 23:59"); // window -1
  await order(child, "2026-03-15 09:00"); // window -1
  await order(theme, "2026-03-10 09:00"); // window -1
  await order(theme, "2026-04-01 00:00"); // window 0
  await order(theme, "2026-05-31 23:59"); // window 1
  await order(theme, "2026-06-01 00:00"); // after the last window
  await order(unrelated, "2026-03-12 09:00"); // another theme: never counted
  await order(theme, "2026-03-12 09:00", otherSubdistrict); // outside the plan's area
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`governance plans (${process.env.GONGZHI_TEST_DRIVER ?? "pglite"})`, () => {
  let planId: string;

  it("creates a plan, measures its effect in equal windows before and after the start", async () => {
    const staff = await as(world.users.district_staff.id);
    const created = await staff.governancePlans.create({
      ownerUnitId: world.inside.handlingUnitId,
      title: "占道经营专项治理",
      startsOn: "2026-04-01",
      endsOn: "2026-09-30",
      description: "针对集中诉求开展综合整治",
      themeCategoryIds: [theme],
      areas: [{ kind: "subdistrict", id: world.inside.subdistrictId }],
    });
    planId = created.plan.id;
    expect(created.plan.status).toBe("draft");
    expect(created.next).toEqual(["active", "cancelled"]);

    const effect = await staff.governancePlans.effect({ id: planId, months: 2 });
    expect(effect.series.map((m) => [m.offset, m.from, m.to, m.requests, m.complete])).toEqual([
      [-2, "2026-02-01", "2026-03-01", 2, true],
      [-1, "2026-03-01", "2026-04-01", 3, true],
      [0, "2026-04-01", "2026-05-01", 1, true],
      [1, "2026-05-01", "2026-06-01", 1, true],
    ]);
    expect(effect).toMatchObject({ before: 5, after: 2, changeBasisPoints: -6000, afterComplete: true });
    // a window still running is marked incomplete
    const three = await staff.governancePlans.effect({ id: planId, months: 3 });
    expect(three.series.at(-1)).toMatchObject({
      offset: 2,
      from: "2026-06-01",
      requests: 1,
      complete: false,
    });
    expect(three.afterComplete).toBe(false);

    const list = await staff.governancePlans.list({
      scope: { level: "district", id: world.inside.districtId },
    });
    expect(list.items.map((i) => i.plan.id)).toContain(planId);
    const street = await (await as(world.users.subdistrict_staff.id)).governancePlans.list({
      scope: { level: "subdistrict", id: world.inside.subdistrictId },
    });
    expect(street.items.map((i) => i.plan.id)).toContain(planId);
  });

  it("refuses an area outside the owner's district and unknown themes, changing nothing", async () => {
    const staff = await as(world.users.district_staff.id);
    const before = await rowCounts(t.db);
    const outside = await refused(
      staff.governancePlans.create({
        ownerUnitId: world.inside.handlingUnitId,
        title: "越界方案",
        startsOn: "2026-04-01",
        endsOn: "2026-09-30",
        themeCategoryIds: [theme],
        areas: [{ kind: "subdistrict", id: world.outside.subdistrictId }],
      }),
    );
    expect(outside.code).toBe("BAD_REQUEST");
    const unknown = await refused(
      staff.governancePlans.update({
        id: planId,
        themeCategoryIds: ["00000000-0000-4000-8000-000000000000"],
      }),
    );
    expect((unknown as unknown as { messageKey: string }).messageKey).toBe(
      "error.governance_plan.unknown_category",
    );
    const backwards = await refused(staff.governancePlans.update({ id: planId, endsOn: "2026-03-01" }));
    expect(backwards.code).toBe("BAD_REQUEST");
    // a street's staff cannot widen a plan to the whole district (outside their scope)
    const street = await as(world.users.subdistrict_staff.id);
    const wider = await refused(
      street.governancePlans.update({
        id: planId,
        areas: [{ kind: "district", id: world.inside.districtId }],
      }),
    );
    expect(wider.code).toBe("FORBIDDEN");
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it("goes into effect, takes tasks, marks late ones, completes only when every task is finished, then is final", async () => {
    const staff = await as(world.users.subdistrict_staff.id);
    const active = await staff.governancePlans.transition({ id: planId, to: "active" });
    expect(active.plan.status).toBe("active");
    const withTasks = await staff.governancePlans.addTask({
      planId,
      title: "设置便民疏导点",
      ownerUnitId: world.inside.handlingUnitId,
      deadline: "2026-06-20",
    });
    const task = withTasks.tasks[0]!;
    expect(task).toMatchObject({ status: "open", overdue: false, doneOn: null });
    // a deadline already past is refused
    const before = await rowCounts(t.db);
    expect(
      (
        await refused(
          staff.governancePlans.addTask({
            planId,
            title: "补录",
            ownerUnitId: world.inside.handlingUnitId,
            deadline: "2026-06-14",
          }),
        )
      ).code,
    ).toBe("BAD_REQUEST");
    // not completed while a task is open
    expect((await refused(staff.governancePlans.transition({ id: planId, to: "completed" }))).code).toBe(
      "CONFLICT",
    );
    expect(await rowCounts(t.db)).toEqual(before);

    now = new Date("2026-06-21T04:00:00Z"); // the day after the deadline
    const late = await staff.governancePlans.get({ id: planId });
    expect(late.tasks[0]!.overdue).toBe(true);
    expect(late.next).toEqual(["cancelled"]);
    const done = await staff.governancePlans.setTaskStatus({ id: task.id, to: "done" });
    expect(done.tasks[0]).toMatchObject({ status: "done", doneOn: "2026-06-21", overdue: false });
    expect(done.next).toEqual(["completed", "cancelled"]);
    // done is final for a task
    expect((await refused(staff.governancePlans.setTaskStatus({ id: task.id, to: "cancelled" }))).code).toBe(
      "CONFLICT",
    );
    const completed = await staff.governancePlans.transition({ id: planId, to: "completed" });
    expect(completed.plan.status).toBe("completed");
    expect(completed.next).toEqual([]);
    const after = await rowCounts(t.db);
    expect((await refused(staff.governancePlans.update({ id: planId, title: "改名" }))).code).toBe(
      "CONFLICT",
    );
    expect(
      (
        await refused(
          staff.governancePlans.addTask({
            planId,
            title: "再加任务",
            ownerUnitId: world.inside.handlingUnitId,
            deadline: "2026-12-31",
          }),
        )
      ).code,
    ).toBe("CONFLICT");
    expect((await refused(staff.governancePlans.transition({ id: planId, to: "cancelled" }))).code).toBe(
      "CONFLICT",
    );
    expect(await rowCounts(t.db)).toEqual(after);
  });
});
