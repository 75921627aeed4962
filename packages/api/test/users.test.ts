import { accountsRepository, auditRepository, verifyPassword } from "@gongzhi/db";
import { rowCounts } from "@gongzhi/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeUser, openTestDatabase, type TestDatabase, uniquePhone } from "./support.ts";
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

describe(`users (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("invites a staff member with a one-time initial password (only its hash stored), audited", async () => {
    const staff = await world.caller("community_staff");
    const phone = uniquePhone();
    const invited = await staff.users.invite({
      phone,
      displayName: "新社工",
      role: "community_staff",
      scopeId: world.inside.communityId,
    });
    expect(invited.created).toBe(true);
    expect(invited.initialPassword).toMatch(/^[A-Za-z2-9]{16}$/);
    const user = await accountsRepository(t.db).findByPhone(phone);
    expect(user!.passwordHash).not.toContain(invited.initialPassword!);
    expect(await verifyPassword(user!.passwordHash, invited.initialPassword!)).toBe(true);
    expect((await accountsRepository(t.db).assignments(user!.id)).map((a) => [a.role, a.scopeId])).toEqual([
      ["community_staff", world.inside.communityId],
    ]);
    const [entry] = (await auditRepository(t.db).query({ entityType: "user", entityId: user!.id })).items;
    expect(entry).toMatchObject({ action: "user.invite" });
    expect(JSON.stringify(entry)).not.toContain(invited.initialPassword!);
    // Inviting the same phone again into another role adds the role; no new password.
    const again = await staff.users.invite({
      phone,
      displayName: "新社工",
      role: "committee_member",
      scopeId: world.inside.compoundId,
    });
    expect(again).toMatchObject({ userId: user!.id, created: false, initialPassword: null });
  });

  it("grants only at or below the granter's level and inside their scope; refusals write nothing", async () => {
    const target = await makeUser(t.db);
    const community = await world.caller("community_staff");
    const before = await rowCounts(t.db);
    const refusals = await Promise.all([
      community.users
        .assignRole({ userId: target.id, role: "subdistrict_staff", scopeId: world.inside.subdistrictId })
        .catch((e: { code: string }) => e.code),
      community.users
        .assignRole({ userId: target.id, role: "resident", scopeId: world.outside.communityId })
        .catch((e: { code: string }) => e.code),
      (await world.caller("district_staff")).users
        .assignRole({ userId: target.id, role: "system_admin" })
        .catch((e: { code: string }) => e.code),
      community.users
        .assignRole({ userId: target.id, role: "verified_owner" as "resident", scopeId: world.inside.unitId })
        .catch((e: { code: string }) => e.code),
    ]);
    expect(refusals).toEqual(["FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "BAD_REQUEST"]);
    expect(await rowCounts(t.db)).toBe(before);

    await community.users.assignRole({
      userId: target.id,
      role: "resident",
      scopeId: world.inside.communityId,
    });
    const district = await world.caller("district_staff");
    await district.users.assignRole({
      userId: target.id,
      role: "district_staff",
      scopeId: world.inside.districtId,
    });
    const admin = await world.caller("system_admin");
    await admin.users.assignRole({ userId: target.id, role: "system_admin" });
    expect((await accountsRepository(t.db).assignments(target.id)).map((a) => a.role).sort()).toEqual([
      "district_staff",
      "resident",
      "system_admin",
    ]);
    await admin.users.revokeRole({ userId: target.id, role: "system_admin" });
    // Community staff cannot take away a district role.
    await expect(
      community.users.revokeRole({
        userId: target.id,
        role: "district_staff",
        scopeId: world.inside.districtId,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await community.users.revokeRole({
      userId: target.id,
      role: "resident",
      scopeId: world.inside.communityId,
    });
    expect((await accountsRepository(t.db).assignments(target.id)).map((a) => a.role)).toEqual([
      "district_staff",
    ]);
    const actions = (
      await auditRepository(t.db).query({ entityType: "user", entityId: target.id })
    ).items.map((a) => a.action);
    expect(actions).toEqual([
      "user.revoke_role",
      "user.revoke_role",
      "user.assign_role",
      "user.assign_role",
      "user.assign_role",
    ]);
  });

  it("lists users with roles in a scope, phones masked except for a system administrator", async () => {
    const staff = await world.caller("community_staff");
    const page = await staff.users.list({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
      limit: 100,
    });
    const ids = page.items.map((u) => u.id);
    expect(ids).toContain(world.users.resident.id);
    expect(ids).toContain(world.users.verified_owner.id);
    expect(ids).toContain(world.users.community_staff.id);
    expect(ids).not.toContain(world.users.district_staff.id);
    for (const u of page.items) expect(u.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const owner = page.items.find((u) => u.id === world.users.verified_owner.id)!;
    expect(owner.assignments.map((a) => a.role).sort()).toEqual(["resident", "verified_owner"]);
    const admin = await world.caller("system_admin");
    const clear = await admin.users.list({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
      limit: 100,
    });
    expect(clear.items.every((u) => /^1\d{10}$/.test(u.phone))).toBe(true);
    const small = await staff.users.list({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
      limit: 2,
    });
    expect(small.items).toHaveLength(2);
    const next = await staff.users.list({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
      limit: 100,
      cursor: small.nextCursor,
    });
    expect([...small.items, ...next.items].map((u) => u.id)).toEqual(ids);
  });

  it("names each role's scope and finds users by name or by the end of their number", async () => {
    const accounts = accountsRepository(t.db);
    const phone = uniquePhone();
    const found = await accounts.createUser({ phone, passwordHash: "x", displayName: "王小明检索" });
    await accounts.assign({
      userId: found.id,
      role: "resident",
      scopeKind: "community",
      scopeId: world.inside.communityId,
    });
    const staff = await world.caller("community_staff");
    const list = (search?: string) =>
      staff.users.list({ scopeLevel: "community", scopeId: world.inside.communityId, limit: 100, search });

    const all = await list();
    const owner = all.items.find((u) => u.id === world.users.verified_owner.id)!;
    const unit = owner.assignments.find((a) => a.role === "verified_owner")!;
    expect(unit.scopeName).toMatch(/^小区\S+ 1号楼 101$/);
    const community = owner.assignments.find((a) => a.role === "resident")!;
    expect(community.scopeName).toMatch(/^社区\S+$/);

    expect((await list("小明")).items.map((u) => u.id)).toEqual([found.id]);
    expect((await list(phone.slice(-4))).items.map((u) => u.id)).toContain(found.id);
    // Staff see only the last 4 digits: a longer ending (which would uncover hidden digits one
    // search at a time) is refused; a system administrator, who sees whole numbers, may use it.
    for (const digits of [phone.slice(-3), phone.slice(-5), phone]) {
      await expect(list(digits)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    const admin = await world.caller("system_admin");
    const byAdmin = await admin.users.list({
      scopeLevel: "community",
      scopeId: world.inside.communityId,
      search: phone,
    });
    expect(byAdmin.items.map((u) => u.id)).toEqual([found.id]);
    // LIKE wildcards are searched literally; a name nobody has finds nobody.
    expect((await list("%")).items).toEqual([]);
    expect((await list("_")).items).toEqual([]);
    expect((await list("没有这个人")).items).toEqual([]);
  });
});
