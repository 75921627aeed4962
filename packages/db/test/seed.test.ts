import {
  type BallotChoice,
  type CommitteeKind,
  type CommitteeMemberRole,
  committeeKinds,
  committeeStatuses,
  committeeStatusOn,
  compoundTypes,
  type DecisionMatter,
  requestCategory,
  roles,
  rollupThreeRatesFromRows,
  type ThreeRates,
  type ThreeRatesRollup,
  tallyOwnersDecision,
  topicStatuses,
  validateCommitteeComposition,
} from "@gongzhi/core";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../src/client.ts";
import { verifyPassword } from "../src/password.ts";
import { threeRatesRepository } from "../src/repositories/three-rates.ts";
import { requestCategories } from "../src/schema/index.ts";
import {
  DEMO_PASSWORD,
  demoLogins,
  GRID_COUNT,
  idCheckDigit,
  SUBDISTRICTS,
  seedDemo,
} from "../src/seed/index.ts";
import { openTestDatabase, type TestDatabase } from "./support/db.ts";

const TODAY = "2026-03-18";
const T = 120_000;

async function rows<R>(db: Db, query: ReturnType<typeof sql>): Promise<R[]> {
  const result = (await db.execute(query)) as unknown as { rows?: R[] } | R[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

const TABLES = [
  "districts",
  "subdistricts",
  "communities",
  "grids",
  "compounds",
  "buildings",
  "units",
  "owner_parties",
  "owner_persons",
  "ownerships",
  "property_services",
  "committees",
  "committee_members",
  "coordinator_categories",
  "coordinators",
  "users",
  "role_assignments",
  "topics",
  "topic_supports",
  "topic_comments",
  "topic_status_changes",
  "meetings",
  "agenda_items",
  "meeting_attendees",
  "meeting_decisions",
  "owners_decisions",
  "ballots",
  "ledger_items",
  "ledger_progress_notes",
  "ledger_evidence",
  "ledger_ratings",
  "notifications",
  "handling_units",
  "request_categories",
  "dispatch_rules",
  "calendar_years",
  "calendar_days",
  "rate_formulas",
  "work_orders",
  "work_order_events",
  "work_order_callbacks",
  "governance_plans",
  "plan_tasks",
  "whistles",
  "whistle_summons",
  "whistle_reports",
  "whistle_events",
  "whistle_ratings",
  "audit_log",
] as const;

async function tableCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const [r] = await rows<{ n: number | string }>(
      db,
      sql`select count(*)::int as n from ${sql.identifier(t)}`,
    );
    out[t] = Number(r?.n ?? 0);
  }
  return out;
}

describe("demo seed of Yanqing (延庆区)", () => {
  let t: TestDatabase;
  const lines: string[] = [];

  beforeAll(async () => {
    t = await openTestDatabase();
    const report = await seedDemo(t.db, { today: TODAY, log: (l) => lines.push(l) });
    expect(report.skipped).toBe(false);
  }, T);
  afterAll(async () => {
    await t?.close();
  }, T);

  it(
    "三率: the one-query SQL rollup agrees exactly with core's rollup on the demo district",
    async () => {
      const repo = threeRatesRepository(t.db);
      const flatten = (nodes: ThreeRatesRollup[], into = new Map<string, unknown>()) => {
        for (const n of nodes) {
          into.set(`${n.level}:${n.id}`, n.rates);
          flatten(n.children, into);
        }
        return into;
      };
      const fromCore = flatten(rollupThreeRatesFromRows(await repo.compoundRows()));
      const fromSql = new Map((await repo.rollup()).map((r) => [`${r.level}:${r.unitId}`, r.rates]));
      expect(fromCore.size).toBeGreaterThan(345 + 18);
      expect(fromSql).toEqual(fromCore);
      const district = [...fromSql.entries()].find(([k]) => k.startsWith("district:"))![1] as ThreeRates;
      // The seed targets the mid-2020 figures of the seed report: 覆盖率 ≈ 89 %, 组建率 ≈ 85 %.
      expect(district.propertyServiceCoverage.rate).toBeGreaterThan(0.85);
      expect(district.committeeFormation.rate).toBeGreaterThan(0.8);
    },
    T,
  );

  it("seeds the 接诉即办 year: 40 units, the category tree, formula v1 and 10 000 orders", async () => {
    const counts = await tableCounts(t.db);
    expect(counts.handling_units).toBe(40);
    expect(counts.request_categories).toBe(33);
    expect(counts.rate_formulas).toBe(1);
    expect(counts.work_orders).toBe(10_000);
    expect(counts.calendar_years).toBe(3);
    expect(counts.work_order_events).toBeGreaterThan(50_000);
    expect(lines.some((l) => /接诉即办 .*work_orders 10000/.test(l))).toBe(true);
    // 未诉先办: the seed document's 13 special plans with 24 tasks, some done, each with themes and an area
    expect(counts.governance_plans).toBe(13);
    expect(counts.plan_tasks).toBe(24);
    // 吹哨报到: three whistles of the demo street, five summonses, three on-site reports
    expect([counts.whistles, counts.whistle_summons, counts.whistle_reports, counts.whistle_ratings]).toEqual(
      [3, 5, 3, 3],
    );
    const [fromOrder] = await rows<{ status: string; source_kind: string; overdue: boolean }>(
      t.db,
      sql`select w.status, w.source_kind, o.due_at < w.raised_at as overdue
            from whistles w left join work_orders o on o.id = w.source_work_order_id
           where w.title = '小区南门占道经营及违建整治'`,
    );
    expect(fromOrder).toEqual({ status: "responding", source_kind: "work_order", overdue: true });
    const [plans] = await rows<{ done: number; without_theme: number; without_area: number }>(
      t.db,
      sql`select (select count(*)::int from plan_tasks where status = 'done') as done,
                 (select count(*)::int from governance_plans p where not exists
                   (select 1 from governance_plan_themes x where x.plan_id = p.id)) as without_theme,
                 (select count(*)::int from governance_plans p where not exists
                   (select 1 from governance_plan_areas x where x.plan_id = p.id)) as without_area`,
    );
    expect(plans).toEqual({ done: 13, without_theme: 0, without_area: 0 });
    // every seeded unit and category is valid as core's entity (the API's outputs are these)
    const cats = await t.db.select().from(requestCategories);
    for (const c of cats)
      expect(
        requestCategory.safeParse({
          ...c,
          defaultTimeLimit: { kind: c.limitKind, amount: c.limitAmount },
        }).error?.issues ?? [],
        c.code,
      ).toEqual([]);
  });

  it("prints one progress line per stage with elapsed ms", () => {
    expect(lines.some((l) => /compounds, units, owners .*units \d+.*\(\d+ ms\)/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes("物业服务覆盖率"))).toBe(true);
  });

  it(
    "seeds the 18 real subdistricts, ≈ 400 communities and exactly 414 grids, each with a responsible person",
    async () => {
      const subs = await rows<{ name: string; kind: string }>(
        t.db,
        sql`select name, kind from subdistricts order by code`,
      );
      expect(subs).toHaveLength(18);
      expect(
        subs
          .filter((s) => s.kind === "street")
          .map((s) => s.name)
          .sort(),
      ).toEqual(["儒林街道", "百泉街道", "香水园街道"].sort());
      expect(
        subs
          .filter((s) => s.kind === "town")
          .map((s) => s.name)
          .sort(),
      ).toEqual(
        [
          "延庆镇",
          "康庄镇",
          "八达岭镇",
          "永宁镇",
          "旧县镇",
          "张山营镇",
          "四海镇",
          "千家店镇",
          "沈家营镇",
          "大榆树镇",
          "井庄镇",
          "大庄科乡",
          "刘斌堡乡",
          "香营乡",
          "珍珠泉乡",
        ].sort(),
      );
      expect(SUBDISTRICTS.map((s) => s.name).sort()).toEqual(subs.map((s) => s.name).sort());
      const counts = await tableCounts(t.db);
      expect(counts.communities).toBeGreaterThanOrEqual(370);
      expect(counts.communities).toBeLessThanOrEqual(430);
      expect(counts.grids).toBe(GRID_COUNT);
      expect(GRID_COUNT).toBe(414);
      const [empty] = await rows<{ n: number }>(
        t.db,
        sql`select count(*)::int as n from grids where length(trim(responsible_person)) = 0`,
      );
      expect(Number(empty?.n)).toBe(0);
      const kinds = await rows<{ kind: string }>(
        t.db,
        sql`select distinct kind from communities order by kind`,
      );
      expect(kinds.map((k) => k.kind)).toEqual(["community", "village"]);
    },
    T,
  );

  it(
    "seeds compounds of every type with units, owners, developers and in-scope flags",
    async () => {
      const types = await rows<{ type: string; n: number }>(
        t.db,
        sql`select type, count(*)::int as n from compounds group by type`,
      );
      expect(types.map((r) => r.type).sort()).toEqual([...compoundTypes].sort());
      const [c] = await rows<{ compounds: number; out_of_scope: number }>(
        t.db,
        sql`select count(*)::int as compounds, count(*) filter (where not in_scope)::int as out_of_scope from compounds`,
      );
      expect(Number(c?.compounds)).toBeGreaterThanOrEqual(300);
      expect(Number(c?.compounds)).toBeLessThanOrEqual(400);
      expect(Number(c?.out_of_scope)).toBeGreaterThan(0);
      expect(Number(c?.out_of_scope)).toBeLessThan(10);
      const counts = await tableCounts(t.db);
      expect(counts.units).toBeGreaterThan(25_000);
      expect(counts.ownerships).toBe(counts.units);
      const [areas] = await rows<{ surveyed_only: number; contract_only: number; min: number; max: number }>(
        t.db,
        sql`select count(*) filter (where registered_area_centi_m2 is null and surveyed_area_centi_m2 is not null)::int as surveyed_only,
                 count(*) filter (where registered_area_centi_m2 is null and surveyed_area_centi_m2 is null)::int as contract_only,
                 min(coalesce(registered_area_centi_m2, surveyed_area_centi_m2, contract_area_centi_m2))::int as min,
                 max(coalesce(registered_area_centi_m2, surveyed_area_centi_m2, contract_area_centi_m2))::int as max
          from units`,
      );
      expect(Number(areas?.surveyed_only)).toBeGreaterThan(0);
      expect(Number(areas?.contract_only)).toBeGreaterThan(0);
      expect(Number(areas?.min)).toBeGreaterThanOrEqual(3000);
      expect(Number(areas?.max)).toBeLessThanOrEqual(17_000);
      const [owners] = await rows<{ developers: number; co_owned: number; two_units: number }>(
        t.db,
        sql`select (select count(*) from owner_parties where kind = 'developer')::int as developers,
                 (select count(*) from (select party_id from owner_persons group by party_id having count(*) = 2) x)::int as co_owned,
                 (select count(*) from (select o.party_id from ownerships o join owner_parties p on p.id = o.party_id
                    where p.kind = 'person' group by o.party_id having count(*) = 2) y)::int as two_units`,
      );
      expect(Number(owners?.developers)).toBeGreaterThan(0);
      expect(Number(owners?.co_owned)).toBeGreaterThan(0);
      expect(Number(owners?.two_units)).toBeGreaterThan(0);
    },
    T,
  );

  it(
    "seeds property services of every mode near the reported 三率 (覆盖率 ≈ 89 %, 组建率 ≈ 85 %)",
    async () => {
      const modes = await rows<{ mode: string }>(
        t.db,
        sql`select distinct mode from property_services where ended_on is null`,
      );
      expect(modes.map((m) => m.mode).sort()).toEqual(["interim", "none", "professional", "self"]);
      const [r] = await rows<{
        scoped: number;
        covered: number;
        formed: number;
        ended: number;
        expiring: number;
      }>(
        t.db,
        sql`select count(*)::int as scoped,
                 count(*) filter (where ps.mode <> 'none')::int as covered,
                 count(*) filter (where exists (select 1 from committees k where k.compound_id = c.id and k.status in ('filed', 'term_ending')))::int as formed,
                 (select count(*) from property_services where ended_on is not null)::int as ended,
                 (select count(*) from property_services where ended_on is null and contract_end between ${TODAY}::date and ${TODAY}::date + 90)::int as expiring
          from compounds c join property_services ps on ps.compound_id = c.id and ps.ended_on is null
          where c.in_scope`,
      );
      const coverage = Number(r?.covered) / Number(r?.scoped);
      const formation = Number(r?.formed) / Number(r?.scoped);
      expect(coverage).toBeGreaterThan(0.87);
      expect(coverage).toBeLessThan(0.91);
      expect(formation).toBeGreaterThan(0.83);
      expect(formation).toBeLessThan(0.87);
      expect(Number(r?.ended)).toBeGreaterThan(0);
      expect(Number(r?.expiring)).toBeGreaterThan(0);
    },
    T,
  );

  it(
    "seeds committees of both kinds in every status, with lawful compositions and dates",
    async () => {
      const statuses = await rows<{ status: string }>(t.db, sql`select distinct status from committees`);
      expect(statuses.map((s) => s.status).sort()).toEqual([...committeeStatuses].sort());
      const kinds = await rows<{ kind: string }>(t.db, sql`select distinct kind from committees`);
      expect(kinds.map((s) => s.kind).sort()).toEqual([...committeeKinds].sort());
      const [alerts] = await rows<{ overdue: number; ending: number }>(
        t.db,
        sql`select count(*) filter (where status = 'elected' and filed_on is null and elected_on < ${TODAY}::date - 30)::int as overdue,
                 count(*) filter (where status = 'term_ending' and term_end <= (${TODAY}::date + interval '6 months'))::int as ending
          from committees`,
      );
      expect(Number(alerts?.overdue)).toBeGreaterThan(0);
      expect(Number(alerts?.ending)).toBeGreaterThan(0);
      const committees = await rows<{
        id: string;
        kind: CommitteeKind;
        status: (typeof committeeStatuses)[number];
        term_start: string | null;
        term_end: string | null;
        households: number;
      }>(
        t.db,
        sql`select k.id, k.kind, k.status, k.term_start::text as term_start, k.term_end::text as term_end, c.households
          from committees k join compounds c on c.id = k.compound_id where k.status <> 'preparing'`,
      );
      const members = await rows<{
        committee_id: string;
        id: string;
        role: CommitteeMemberRole;
        is_owner: boolean;
        is_party_member: boolean;
        is_residents_committee_rep: boolean;
      }>(
        t.db,
        sql`select committee_id, id, role, is_owner, is_party_member, is_residents_committee_rep from committee_members`,
      );
      const byCommittee = new Map<string, typeof members>();
      for (const m of members)
        byCommittee.set(m.committee_id, [...(byCommittee.get(m.committee_id) ?? []), m]);
      for (const k of committees) {
        const violations = validateCommitteeComposition({
          kind: k.kind,
          compoundHouseholds: Number(k.households),
          members: (byCommittee.get(k.id) ?? []).map((m) => ({
            id: m.id,
            role: m.role,
            isOwner: m.is_owner,
            isResidentsCommitteeRep: m.is_residents_committee_rep,
            isFullPartyMember: m.is_party_member,
          })),
          termStart: k.term_start,
          termEnd: k.term_end,
        });
        expect(violations, `${k.kind} ${k.id}`).toEqual([]);
        if (k.status === "filed" || k.status === "term_ending") {
          expect(committeeStatusOn({ status: k.status, termEnd: k.term_end }, TODAY)).toBe(k.status);
        }
      }
    },
    T,
  );

  it(
    "seeds the 16 coordinator categories and coordinators with valid, unique synthetic ID numbers and phones",
    async () => {
      const cats = await rows<{ code: string }>(t.db, sql`select code from coordinator_categories`);
      expect(cats).toHaveLength(16);
      const people = await rows<{ id_number: string; phone: string }>(
        t.db,
        sql`select id_number, phone from coordinators`,
      );
      expect(people.length).toBeGreaterThan(200);
      for (const p of people) {
        expect(p.id_number).toMatch(/^\d{17}[\dX]$/);
        expect(p.id_number.slice(17)).toBe(idCheckDigit(p.id_number.slice(0, 17)));
        expect(p.phone).toMatch(/^1[3-9]\d{9}$/);
      }
      expect(new Set(people.map((p) => p.phone)).size).toBe(people.length);
    },
    T,
  );

  it(
    "seeds topics in every status, with support counts equal to the supports",
    async () => {
      const statuses = await rows<{ status: string }>(t.db, sql`select distinct status from topics`);
      expect(statuses.map((s) => s.status).sort()).toEqual([...topicStatuses].sort());
      const [bad] = await rows<{ n: number }>(
        t.db,
        sql`select count(*)::int as n from topics t where t.support_count <> (select count(*) from topic_supports s where s.topic_id = t.id)`,
      );
      expect(Number(bad?.n)).toBe(0);
      const [history] = await rows<{ n: number }>(
        t.db,
        sql`select count(*)::int as n from topics t where not exists (select 1 from topic_status_changes h where h.topic_id = t.id and h.to_status = t.status)`,
      );
      expect(Number(history?.n)).toBe(0);
    },
    T,
  );

  it(
    "seeds a held meeting last month with minutes and an owners'-vote decision, and a planned one next month",
    async () => {
      const ms = await rows<{
        month: string;
        status: string;
        minutes: string | null;
        attendance_count: number | null;
        attendees: number;
        votes: number;
      }>(
        t.db,
        sql`select m.month, m.status, m.minutes, m.attendance_count,
                 (select count(*) from meeting_attendees a where a.meeting_id = m.id)::int as attendees,
                 (select count(*) from meeting_decisions d where d.meeting_id = m.id and d.requires_owners_vote)::int as votes
          from meetings m order by m.month`,
      );
      const last = ms.find((m) => m.month === "2026-02");
      expect(last?.status).toBe("held");
      expect(last?.minutes).toContain("议事会会议纪要");
      expect(Number(last?.attendance_count)).toBe(Number(last?.attendees));
      expect(Number(last?.votes)).toBe(1);
      expect(ms.find((m) => m.month === "2026-04")?.status).toBe("planned");
    },
    T,
  );

  it(
    "stores an honest tally for the closed and published vote, and has an open vote with some ballots",
    async () => {
      const decisions = await rows<{
        id: string;
        status: string;
        matter: DecisionMatter;
        compound_id: string;
        tally: unknown;
        ballots: number;
      }>(
        t.db,
        sql`select d.id, d.status, d.matter, d.compound_id, d.tally, (select count(*) from ballots b where b.decision_id = d.id)::int as ballots
          from owners_decisions d order by d.status`,
      );
      expect(decisions.map((d) => d.status).sort()).toEqual(["open", "published"]);
      const open = decisions.find((d) => d.status === "open");
      expect(Number(open?.ballots)).toBeGreaterThan(0);
      const published = decisions.find((d) => d.status === "published");
      if (!published) throw new Error("no published decision");
      const units = await rows<{ id: string; area: number; owner_key: string }>(
        t.db,
        sql`select u.id, coalesce(u.registered_area_centi_m2, u.surveyed_area_centi_m2, u.contract_area_centi_m2)::int as area, o.party_id as owner_key
          from units u join buildings b on b.id = u.building_id join ownerships o on o.unit_id = u.id
          where b.compound_id = ${published.compound_id}`,
      );
      const ballots = await rows<{ owner_key: string; choice: BallotChoice }>(
        t.db,
        sql`select owner_key, choice from ballots where decision_id = ${published.id}`,
      );
      const expected = tallyOwnersDecision({
        matter: published.matter,
        units: units.map((u) => ({ id: u.id, areaCentiM2: Number(u.area), ownerKey: u.owner_key })),
        ballots: ballots.map((b) => ({ ownerKey: b.owner_key, choice: b.choice })),
      });
      const stored = typeof published.tally === "string" ? JSON.parse(published.tally) : published.tally;
      expect(stored).toEqual(JSON.parse(JSON.stringify(expected)));
    },
    T,
  );

  it(
    "seeds ledger items in every status, overdue ones under subdistrict/district supervision",
    async () => {
      const statuses = await rows<{ status: string }>(t.db, sql`select distinct status from ledger_items`);
      expect(statuses.map((s) => s.status).sort()).toEqual([
        "done",
        "escalated",
        "in_progress",
        "open",
        "overdue",
      ]);
      const levels = await rows<{ level: string }>(
        t.db,
        sql`select distinct supervision_level as level from ledger_items where status in ('overdue', 'escalated') and deadline < ${TODAY}::date`,
      );
      expect(levels.map((l) => l.level)).toEqual(expect.arrayContaining(["subdistrict", "district"]));
      const [done] = await rows<{ without_evidence: number; without_rating: number }>(
        t.db,
        sql`select count(*) filter (where not exists (select 1 from ledger_evidence e where e.item_id = i.id))::int as without_evidence,
                 count(*) filter (where not exists (select 1 from ledger_ratings r where r.item_id = i.id))::int as without_rating
          from ledger_items i where i.status = 'done'`,
      );
      expect(Number(done?.without_evidence)).toBe(0);
      expect(Number(done?.without_rating)).toBe(0);
    },
    T,
  );

  it(
    "has one demo login per role, scoped correctly, with the shared demo password",
    async () => {
      expect(demoLogins.map((l) => l.role).sort()).toEqual([...roles].sort());
      for (const login of demoLogins) {
        const found = await rows<{ password_hash: string; scope_kind: string }>(
          t.db,
          sql`select u.password_hash, r.scope_kind from users u join role_assignments r on r.user_id = u.id
            where u.phone = ${login.phone} and r.role = ${login.role}`,
        );
        expect(found, login.role).toHaveLength(1);
        expect(found[0]?.scope_kind).toBe(login.scopeKind);
      }
      const [owner] = await rows<{ password_hash: string }>(
        t.db,
        sql`select password_hash from users where phone = '13800000002'`,
      );
      expect(await verifyPassword(owner?.password_hash ?? "", DEMO_PASSWORD)).toBe(true);
      const [links] = await rows<{ owner_linked: number; member_linked: number }>(
        t.db,
        sql`select (select count(*) from owner_persons p join users u on u.id = p.user_id where u.phone = '13800000002')::int as owner_linked,
                 (select count(*) from committee_members m join users u on u.id = m.user_id
                    join committees k on k.id = m.committee_id where u.phone = '13800000003' and k.status = 'filed')::int as member_linked`,
      );
      expect(Number(links?.owner_linked)).toBe(1);
      expect(Number(links?.member_linked)).toBe(1);
    },
    T,
  );

  it(
    "a second run writes nothing",
    async () => {
      const before = await tableCounts(t.db);
      const lines2: string[] = [];
      const report = await seedDemo(t.db, { today: TODAY, log: (l) => lines2.push(l) });
      expect(report.skipped).toBe(true);
      expect(lines2.join("\n")).toContain("already seeded");
      expect(await tableCounts(t.db)).toEqual(before);
    },
    T,
  );

  it(
    "is deterministic: a second fresh database seeded with the same today is identical",
    async () => {
      const other = await openTestDatabase();
      try {
        await seedDemo(other.db, { today: TODAY });
        const fingerprint = (db: Db) =>
          rows<{ id: string; code: string; households: number; area: string }>(
            db,
            sql`select c.id, c.code, c.households,
                     sum(coalesce(u.registered_area_centi_m2, u.surveyed_area_centi_m2, u.contract_area_centi_m2))::text as area
              from compounds c join buildings b on b.compound_id = c.id join units u on u.building_id = b.id
              group by c.id, c.code, c.households order by c.code`,
          );
        const a = await fingerprint(t.db);
        const b = await fingerprint(other.db);
        expect(a.length).toBeGreaterThan(300);
        expect(b).toEqual(a);
        expect(await tableCounts(other.db)).toEqual(await tableCounts(t.db));
      } finally {
        await other.close();
      }
    },
    T,
  );
});
