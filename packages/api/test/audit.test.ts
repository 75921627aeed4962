/** The audit log: scoped queries, newest first, and append-only through the application's connection. */
import { auditRepository, votesRepository } from "@gongzhi/db";
import { auditLog } from "@gongzhi/db/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "./support.ts";
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

describe(`audit (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("shows district staff the entries about their district only, newest first", async () => {
    const admin = await world.caller("system_admin");
    const mk = (side: "inside" | "outside") =>
      admin.decisions.create({
        compoundId: world[side].compoundId,
        title: "审计测试",
        art278Item: 4,
        opensAt: new Date(Date.now() + 86_400_000 * 20).toISOString(),
        closesAt: new Date(Date.now() + 86_400_000 * 30).toISOString(),
      });
    const inside = await mk("inside");
    const outside = await mk("outside");
    void votesRepository;
    const district = await world.caller("district_staff");
    const page = await district.audit.query({
      districtId: world.inside.districtId,
      entityType: "owners_decision",
    });
    expect(page.items.map((e) => e.entityId)).toEqual([inside.id]);
    const all = await admin.audit.query({
      districtId: world.inside.districtId,
      entityType: "owners_decision",
    });
    expect(all.items.map((e) => e.entityId)).toEqual([outside.id, inside.id]);
    const mine = await admin.audit.query({
      districtId: world.inside.districtId,
      actorId: world.users.system_admin.id,
      limit: 1,
    });
    expect(mine.items).toHaveLength(1);
    expect(mine.nextCursor).not.toBeNull();
  });

  it("places topic and meeting entries in their community, so district staff see them", async () => {
    const staff = await world.caller("community_staff");
    const meeting = await staff.meetings.plan({
      communityId: world.inside.communityId,
      month: "2031-03",
      scheduledAt: new Date("2031-03-10T02:00:00Z").toISOString(),
      location: "社区议事厅",
    });
    const district = await world.caller("district_staff");
    const seen = await district.audit.query({ districtId: world.inside.districtId, entityType: "meeting" });
    expect(seen.items.map((e) => e.entityId)).toContain(meeting.id);
  });

  it("cannot be updated or deleted through the application's connection", async () => {
    await auditRepository(t.db).append({ actorId: null, action: "test.entry", entityType: "test" });
    const before = (await t.db.select().from(auditLog)).length;
    const refusal = async (p: PromiseLike<unknown>) => {
      try {
        await p;
        return "changed";
      } catch (e) {
        const cause = (e as { cause?: unknown }).cause;
        return String(cause instanceof Error ? cause.message : e);
      }
    };
    expect(await refusal(t.db.update(auditLog).set({ action: "tampered" }))).toMatch(
      /append-only: UPDATE refused/,
    );
    expect(await refusal(t.db.delete(auditLog))).toMatch(/append-only: DELETE refused/);
    const after = await t.db.select().from(auditLog);
    expect(after.length).toBe(before);
    expect(after.some((e) => e.action === "tampered")).toBe(false);
  });
});
