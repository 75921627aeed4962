/**
 * Stage: users — one demo login per role (shared demo password, hashed once) and a few dozen synthetic
 * residents — and their role assignments with correct scopes (core's roleScopeKind).
 */
import type { Role, ScopeKind } from "@gongzhi/core";
import { hashPassword } from "../password.ts";
import { roleAssignments, users } from "../schema/index.ts";
import { insertChunks, pad, personName, type SeedContext } from "./context.ts";
import { DEMO_COMMUNITY_NAME, DEMO_COMPOUND_NAME, DEMO_SUBDISTRICT_NAME, DISTRICT } from "./data.ts";
import type { RegistryResult } from "./registry.ts";

/** The one password of every demo account (documented in the README; demo data only). */
export const DEMO_PASSWORD = "gongzhi-demo-2026";

export interface DemoLogin {
  role: Role;
  phone: string;
  password: string;
  displayName: string;
  scopeKind: ScopeKind;
  /** What the account can see or act on. */
  scope: { "zh-CN": string; en: string };
  label: { "zh-CN": string; en: string };
}

/** One demo login per role (phones 13800000001…13800000008). */
export const demoLogins: readonly DemoLogin[] = [
  {
    role: "resident",
    phone: "13800000001",
    password: DEMO_PASSWORD,
    displayName: "演示居民",
    scopeKind: "community",
    scope: {
      "zh-CN": `${DEMO_SUBDISTRICT_NAME}${DEMO_COMMUNITY_NAME}`,
      en: `${DEMO_COMMUNITY_NAME}, Rulin Subdistrict`,
    },
    label: { "zh-CN": "居民", en: "Resident" },
  },
  {
    role: "verified_owner",
    phone: "13800000002",
    password: DEMO_PASSWORD,
    displayName: "演示业主",
    scopeKind: "unit",
    scope: { "zh-CN": `${DEMO_COMPOUND_NAME} 的一套房屋`, en: `A unit in ${DEMO_COMPOUND_NAME}` },
    label: { "zh-CN": "已认证业主", en: "Verified owner" },
  },
  {
    role: "committee_member",
    phone: "13800000003",
    password: DEMO_PASSWORD,
    displayName: "演示业委会委员",
    scopeKind: "compound",
    scope: { "zh-CN": `${DEMO_COMPOUND_NAME} 业主委员会`, en: `Owners' committee of ${DEMO_COMPOUND_NAME}` },
    label: { "zh-CN": "业委会委员", en: "Committee member" },
  },
  {
    role: "community_staff",
    phone: "13800000004",
    password: DEMO_PASSWORD,
    displayName: "演示社区工作者",
    scopeKind: "community",
    scope: {
      "zh-CN": `${DEMO_SUBDISTRICT_NAME}${DEMO_COMMUNITY_NAME}`,
      en: `${DEMO_COMMUNITY_NAME}, Rulin Subdistrict`,
    },
    label: { "zh-CN": "社区工作人员", en: "Community staff" },
  },
  {
    role: "subdistrict_staff",
    phone: "13800000005",
    password: DEMO_PASSWORD,
    displayName: "演示街道干部",
    scopeKind: "subdistrict",
    scope: { "zh-CN": DEMO_SUBDISTRICT_NAME, en: "Rulin Subdistrict" },
    label: { "zh-CN": "街道工作人员", en: "Subdistrict staff" },
  },
  {
    role: "district_staff",
    phone: "13800000006",
    password: DEMO_PASSWORD,
    displayName: "演示区级干部",
    scopeKind: "district",
    scope: { "zh-CN": DISTRICT.name, en: DISTRICT.nameEn },
    label: { "zh-CN": "区级工作人员", en: "District staff" },
  },
  {
    role: "system_admin",
    phone: "13800000007",
    password: DEMO_PASSWORD,
    displayName: "系统管理员",
    scopeKind: "global",
    scope: { "zh-CN": "全局", en: "Global" },
    label: { "zh-CN": "系统管理员", en: "System administrator" },
  },
  {
    // Assigned to its handling unit by the 接诉即办 stage, which creates the units.
    role: "unit_staff",
    phone: "13800000008",
    password: DEMO_PASSWORD,
    displayName: "演示承办人员",
    scopeKind: "handling_unit",
    scope: {
      "zh-CN": `${DEMO_SUBDISTRICT_NAME}办事处（承办单位）`,
      en: "Rulin Subdistrict Office (handling unit)",
    },
    label: { "zh-CN": "承办单位工作人员", en: "Handling unit staff" },
  },
];

/** Synthetic residents who author and support topics (phones 13900000001…). */
export const SYNTHETIC_RESIDENTS = 40;
/** Of them, this many own a unit in the demo compound (linked owner persons). */
export const RESIDENT_OWNERS = 20;

export interface SeededUsers {
  byRole: Record<Role, string>;
  residents: string[];
  /** Every user id that may support/comment (residents + the demo resident, owner and committee member). */
  public: string[];
}

export async function seedUsers(ctx: SeedContext, log: (line: string) => void): Promise<SeededUsers> {
  const { ids, rng } = ctx;
  const t = performance.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  log(`  hashed the demo password once (${Math.round(performance.now() - t)} ms)`);
  const byRole = {} as Record<Role, string>;
  const rows: (typeof users.$inferInsert)[] = demoLogins.map((l) => {
    const id = ids.next();
    byRole[l.role] = id;
    return { id, phone: l.phone, passwordHash, displayName: l.displayName, locale: "zh-CN" as const };
  });
  const residents: string[] = [];
  for (let i = 1; i <= SYNTHETIC_RESIDENTS; i++) {
    const id = ids.next();
    residents.push(id);
    rows.push({
      id,
      phone: `139000000${pad(i, 2)}`,
      passwordHash,
      displayName: personName(rng),
      locale: i % 10 === 0 ? "en" : "zh-CN",
    });
  }
  await insertChunks(ctx, "users", users, rows);
  return {
    byRole,
    residents,
    public: [byRole.resident, byRole.verified_owner, byRole.committee_member, ...residents],
  };
}

export async function seedRoleAssignments(
  ctx: SeedContext,
  u: SeededUsers,
  reg: RegistryResult,
): Promise<void> {
  const { ids } = ctx;
  const unitOf = (userId: string): string => {
    const party = reg.demoCompound.parties.find((p) => p.persons.some((x) => x.userId === userId));
    const unit = party?.unitIds[0];
    if (!unit) throw new Error("seed: linked demo owner has no unit");
    return unit;
  };
  const demoCommunity = reg.demoCommunity.id;
  const rows: (typeof roleAssignments.$inferInsert)[] = [
    { role: "resident", userId: u.byRole.resident, scopeKind: "community", scopeId: demoCommunity },
    {
      role: "verified_owner",
      userId: u.byRole.verified_owner,
      scopeKind: "unit",
      scopeId: unitOf(u.byRole.verified_owner),
    },
    { role: "resident", userId: u.byRole.verified_owner, scopeKind: "community", scopeId: demoCommunity },
    {
      role: "committee_member",
      userId: u.byRole.committee_member,
      scopeKind: "compound",
      scopeId: reg.demoCompound.id,
    },
    {
      role: "verified_owner",
      userId: u.byRole.committee_member,
      scopeKind: "unit",
      scopeId: unitOf(u.byRole.committee_member),
    },
    { role: "resident", userId: u.byRole.committee_member, scopeKind: "community", scopeId: demoCommunity },
    {
      role: "community_staff",
      userId: u.byRole.community_staff,
      scopeKind: "community",
      scopeId: demoCommunity,
    },
    {
      role: "subdistrict_staff",
      userId: u.byRole.subdistrict_staff,
      scopeKind: "subdistrict",
      scopeId: reg.demoSubdistrict.id,
    },
    {
      role: "district_staff",
      userId: u.byRole.district_staff,
      scopeKind: "district",
      scopeId: reg.districtId,
    },
    { role: "system_admin", userId: u.byRole.system_admin, scopeKind: "global", scopeId: null },
  ];
  u.residents.forEach((userId, i) => {
    rows.push({ role: "resident", userId, scopeKind: "community", scopeId: demoCommunity });
    if (i < RESIDENT_OWNERS)
      rows.push({ role: "verified_owner", userId, scopeKind: "unit", scopeId: unitOf(userId) });
  });
  await insertChunks(
    ctx,
    "role_assignments",
    roleAssignments,
    rows.map((r) => ({ ...r, id: ids.next() })),
  );
}
