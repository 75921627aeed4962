import { accountsRepository, auditRepository, membershipRepository } from "@gongzhi/db";
import { rowCounts } from "@gongzhi/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, makeUser, openTestDatabase, type TestDatabase, uniquePhone } from "./support.ts";
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
  it("invites by phone without revealing whether it is registered, and without giving an existing account the role", async () => {
    const staff = await world.caller("community_staff");
    const existing = await makeUser(t.db);
    const fresh = uniquePhone();
    const counts = async () =>
      Object.fromEntries((await rowCounts(t.db)).split(",").map((x) => x.split("=") as [string, string]));
    const changed = (x: Record<string, string>, y: Record<string, string>) =>
      Object.keys(y)
        .filter((k) => x[k] !== y[k] && k !== "notifications")
        .map((k) => `${k}+${Number(y[k]) - Number(x[k])}`);
    const invite = (phone: string) =>
      staff.users.invite({
        phone,
        displayName: "新社工",
        role: "community_staff",
        scopeId: world.inside.communityId,
      });
    const c0 = await counts();
    const toExisting = await invite(existing.phone);
    const c1 = await counts();
    const toFresh = await invite(fresh);
    const c2 = await counts();
    // The same shape and the same visible writes (an invitation, an SMS, an audit entry) either way.
    expect(Object.keys(toExisting).sort()).toEqual(Object.keys(toFresh).sort());
    expect(toExisting.assignment).toEqual(toFresh.assignment);
    expect(changed(c0, c1)).toEqual(changed(c1, c2));
    expect(changed(c1, c2).sort()).toEqual(["audit_log+1", "invitations+1", "sms_outbox+1"]);
    // No account is made for the fresh phone, and the existing one holds no new role until it accepts.
    expect(await accountsRepository(t.db).findByPhone(fresh)).toBeNull();
    expect(await accountsRepository(t.db).assignments(existing.id)).toEqual([]);
    const [sms] = await membershipRepository(t.db).smsTo(fresh, 1);
    expect(sms!.text).toContain("社区工作人员");
    const [entry] = (
      await auditRepository(t.db).query({ entityType: "invitation", entityId: toFresh.invitationId })
    ).items;
    expect(entry).toMatchObject({ action: "invitation.create", actorId: world.users.community_staff.id });
    expect(JSON.stringify(entry)).not.toContain(fresh);
    // Inviting someone who already holds the role answers the same too (no CONFLICT to learn from).
    await expect(
      staff.users.invite({
        phone: (await accountsRepository(t.db).findById(world.users.community_staff.id))!.phone,
        displayName: "同事",
        role: "community_staff",
        scopeId: world.inside.communityId,
      }),
    ).resolves.toHaveProperty("invitationId");
    // Outside the inviter's scope or level: refused, nothing written.
    const before = await rowCounts(t.db);
    await expect(
      staff.users.invite({
        phone: fresh,
        displayName: "x",
        role: "community_staff",
        scopeId: world.outside.communityId,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      staff.users.invite({
        phone: fresh,
        displayName: "x",
        role: "subdistrict_staff",
        scopeId: world.inside.subdistrictId,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await rowCounts(t.db)).toBe(before);
  });

  it("assigns roles directly only to users already within the staff member's scope", async () => {
    const stranger = await makeUser(t.db);
    const community = await world.caller("community_staff");
    const before = await rowCounts(t.db);
    const unknown = await community.users
      .assignRole({
        userId: "00000000-0000-4000-8000-000000000000",
        role: "resident",
        scopeId: world.inside.communityId,
      })
      .catch((e) => e);
    const outside = await community.users
      .assignRole({ userId: stranger.id, role: "resident", scopeId: world.inside.communityId })
      .catch((e) => e);
    // A user with no role in my scope answers exactly like one that does not exist.
    expect([outside.code, outside.messageKey]).toEqual([unknown.code, unknown.messageKey]);
    expect(outside.code).toBe("NOT_FOUND");
    expect(await rowCounts(t.db)).toBe(before);
    // A system administrator's scope covers everyone.
    const admin = await world.caller("system_admin");
    await expect(
      admin.users.assignRole({ userId: stranger.id, role: "resident", scopeId: world.inside.communityId }),
    ).resolves.toMatchObject({ userId: stranger.id });
  });

  it("grants only at or below the granter's level and inside their scope; refusals write nothing", async () => {
    // Already within the community staff's scope (a committee member of the inside compound).
    const target = await makeUser(t.db, [
      { role: "committee_member", scopeKind: "compound", scopeId: world.inside.compoundId },
    ]);
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
      "committee_member",
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
    expect((await accountsRepository(t.db).assignments(target.id)).map((a) => a.role).sort()).toEqual([
      "committee_member",
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
  it("district staff grant unit_staff for a handling unit of their district, see it listed with the unit's name, and revoke it", async () => {
    const district = await world.caller("district_staff");
    const target = world.users.community_staff.id;
    const grant = { userId: target, role: "unit_staff" as const, scopeId: world.inside.handlingUnitId };
    // below the district level it is refused, and a unit of another district too; nothing is written
    const before = await rowCounts(t.db);
    const sub = await world.caller("subdistrict_staff");
    await expect(sub.users.assignRole(grant)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      district.users.assignRole({ ...grant, scopeId: world.outside.handlingUnitId }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await rowCounts(t.db)).toBe(before);

    const r = await district.users.assignRole(grant);
    expect(r.assignment).toEqual({
      role: "unit_staff",
      scopeKind: "handling_unit",
      scopeId: world.inside.handlingUnitId,
    });
    // listed within the district and within the subdistrict the unit serves, named by the unit
    const unitName = (await district.handlingUnits.list({ districtId: world.inside.districtId })).find(
      (u) => u.id === world.inside.handlingUnitId,
    )!.name;
    for (const [scopeLevel, scopeId] of [
      ["district", world.inside.districtId],
      ["subdistrict", world.inside.subdistrictId],
    ] as const) {
      const page = await district.users.list({ scopeLevel, scopeId, role: "unit_staff", limit: 100 });
      const u = page.items.find((x) => x.id === target);
      expect(u?.assignments).toContainEqual({
        role: "unit_staff",
        scopeKind: "handling_unit",
        scopeId: world.inside.handlingUnitId,
        scopeName: unitName,
      });
    }
    // not in the other district's list
    const otherAdminId = (
      await makeUser(t.db, [
        { role: "district_staff", scopeKind: "district", scopeId: world.outside.districtId },
      ])
    ).id;
    const otherAdmin = (await callerFor(t.db, otherAdminId)).caller;
    const other = await otherAdmin.users.list({
      scopeLevel: "district",
      scopeId: world.outside.districtId,
      role: "unit_staff",
      limit: 100,
    });
    expect(other.items.map((u) => u.id)).not.toContain(target);

    await district.users.revokeRole(grant);
    const after = await district.users.list({
      scopeLevel: "district",
      scopeId: world.inside.districtId,
      role: "unit_staff",
      limit: 100,
    });
    expect(after.items.map((u) => u.id)).not.toContain(target);
    await expect(district.users.revokeRole(grant)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
