import {
  committeeInOfficeStatuses,
  type PlacedThreeRatesCompound,
  type RollupLevel,
  rateOf,
  type ThreeRates,
} from "@gongzhi/core";
import { and, asc, eq, gte, lte, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { DbConstraintError } from "../errors.ts";
import { threeRateSnapshots } from "../schema/index.ts";

const inOffice = sql.raw(committeeInOfficeStatuses.map((s) => `'${s}'`).join(", "));

/**
 * Per compound: its place in the hierarchy, the current property-service mode (无物业 when it has no
 * current arrangement) and its committee in office, if any. Shared by both queries below.
 */
const compoundFacts = sql`
  select d.id as district_id, s.id as subdistrict_id, cm.id as community_id, c.id as compound_id,
         c.households, c.in_scope,
         coalesce(ps.mode::text, 'none') as property_service,
         co.kind::text as committee_kind, co.party_org::text as party_org
    from compounds c
    join communities cm on cm.id = c.community_id
    join subdistricts s on s.id = cm.subdistrict_id
    join districts d on d.id = s.district_id
    left join property_services ps on ps.compound_id = c.id and ps.ended_on is null
    left join committees co on co.compound_id = c.id and co.status in (${inOffice})`;

export interface ThreeRatesRow {
  level: RollupLevel;
  /** The id of the district, subdistrict, community or compound. */
  unitId: string;
  parentId: string | null;
  rates: ThreeRates;
}

function toRates(r: Record<string, unknown>): ThreeRates {
  const n = (k: string) => Number(r[k] ?? 0);
  const fig = (num: number, den: number) => ({ numerator: num, denominator: den, rate: rateOf(num, den) });
  const value = (a: string, b: string, ah: string, bh: string) => ({
    ...fig(n(a), n(b)),
    householdWeighted: fig(n(ah), n(bh)),
  });
  return {
    propertyServiceCoverage: value("served", "scoped", "served_h", "scoped_h"),
    committeeFormation: value("formed", "scoped", "formed_h", "scoped_h"),
    partyOrgCoverage: value("covered", "formed", "covered_h", "formed_h"),
  };
}

/**
 * The 三率 (DOMAIN.md §2) straight from the registry: the same rules as core's `computeThreeRates`,
 * rolled up district → subdistrict → community → compound in ONE query (GROUPING SETS), for registries
 * too large to load into memory. A test proves it agrees exactly with core's rollup.
 */
export function threeRatesRepository(db: Executor) {
  return {
    /** The compounds as core's rollup wants them (for small scopes, exports and the agreement test). */
    async compoundRows(): Promise<PlacedThreeRatesCompound[]> {
      const rows = (await db.execute(sql`${compoundFacts} order by c.code`)) as unknown as
        | { rows: Record<string, unknown>[] }
        | Record<string, unknown>[];
      const list = Array.isArray(rows) ? rows : rows.rows;
      return list.map((r) => ({
        districtId: String(r.district_id),
        subdistrictId: String(r.subdistrict_id),
        communityId: String(r.community_id),
        id: String(r.compound_id),
        households: Number(r.households),
        inScope: Boolean(r.in_scope),
        propertyService: r.property_service as PlacedThreeRatesCompound["propertyService"],
        committee: r.committee_kind
          ? {
              kind: r.committee_kind as "owners_committee" | "interim_committee",
              inOffice: true,
              partyOrg: r.party_org as "own_branch" | "dispatched" | "attached" | "none",
            }
          : null,
      }));
    },

    /** Names of hierarchy units (districts, subdistricts, communities, compounds) by id. */
    async names(ids: readonly string[]): Promise<Map<string, string>> {
      const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
      if (valid.length === 0) return new Map();
      const list = sql.join(
        valid.map((id) => sql`${id}::uuid`),
        sql`, `,
      );
      const result = (await db.execute(sql`
        select id, name from districts where id in (${list})
        union all select id, name from subdistricts where id in (${list})
        union all select id, name from communities where id in (${list})
        union all select id, name from compounds where id in (${list})`)) as unknown as
        | { rows: { id: string; name: string }[] }
        | { id: string; name: string }[];
      const rows = Array.isArray(result) ? result : result.rows;
      return new Map(rows.map((r) => [String(r.id), String(r.name)]));
    },

    /** Every level's figures in one query. */
    async rollup(): Promise<ThreeRatesRow[]> {
      const result = (await db.execute(sql`
        with f as (${compoundFacts}),
        x as (
          select f.*,
                 (in_scope)::int as scoped,
                 (in_scope and property_service <> 'none')::int as served,
                 (in_scope and committee_kind is not null)::int as formed,
                 (in_scope and committee_kind is not null and party_org <> 'none')::int as covered
            from f
        )
        select
          case
            when grouping(subdistrict_id) = 1 then 'district'
            when grouping(community_id) = 1 then 'subdistrict'
            when grouping(compound_id) = 1 then 'community'
            else 'compound'
          end as level,
          coalesce(compound_id, community_id, subdistrict_id, district_id) as unit_id,
          case
            when grouping(subdistrict_id) = 1 then null
            when grouping(community_id) = 1 then district_id
            when grouping(compound_id) = 1 then subdistrict_id
            else community_id
          end as parent_id,
          sum(scoped) as scoped, sum(scoped * households) as scoped_h,
          sum(served) as served, sum(served * households) as served_h,
          sum(formed) as formed, sum(formed * households) as formed_h,
          sum(covered) as covered, sum(covered * households) as covered_h
        from x
        group by grouping sets (
          (district_id),
          (district_id, subdistrict_id),
          (district_id, subdistrict_id, community_id),
          (district_id, subdistrict_id, community_id, compound_id)
        )
      `)) as unknown as { rows: Record<string, unknown>[] } | Record<string, unknown>[];
      const list = Array.isArray(result) ? result : result.rows;
      return list.map((r) => ({
        level: r.level as RollupLevel,
        unitId: String(r.unit_id),
        parentId: r.parent_id == null ? null : String(r.parent_id),
        rates: toRates(r),
      }));
    },

    /**
     * Store this month's rollup (district, subdistrict and community levels) as the snapshot for
     * `month` ("YYYY-MM"); taking it again the same month replaces it.
     */
    async snapshot(month: string): Promise<number> {
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
        throw new DbConstraintError("invalid_input", "three_rate_snapshots_month", "a month is YYYY-MM");
      }
      const rows = (await this.rollup()).filter((r) => r.level !== "compound");
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500).map((r) => ({
          month,
          level: r.level,
          unitId: r.unitId,
          compoundsInScope: r.rates.propertyServiceCoverage.denominator,
          figures: r.rates,
        }));
        await db
          .insert(threeRateSnapshots)
          .values(chunk)
          .onConflictDoUpdate({
            target: [threeRateSnapshots.month, threeRateSnapshots.level, threeRateSnapshots.unitId],
            set: {
              figures: sql`excluded.figures`,
              compoundsInScope: sql`excluded.compounds_in_scope`,
              createdAt: sql`now()`,
            },
          });
      }
      return rows.length;
    },

    /**
     * What each compound under a scope lacks for the 三率 (DOMAIN.md §2–3), as facts: its current property
     * service, its committee in office (with party coverage), its latest committee's term end and status,
     * and filing dates (业委会 备案 within 30 days of election, 条例 Art. 41; 物业服务合同 备案 within 15 days,
     * 条例 Art. 63). The API turns these into reasons.
     */
    async compoundFacts(scope: { level: "district" | "subdistrict" | "community"; id: string }) {
      const col =
        scope.level === "district" ? sql`d.id` : scope.level === "subdistrict" ? sql`s.id` : sql`cm.id`;
      const result = (await db.execute(sql`
        select c.id, c.name, c.code, cm.id as community_id, c.in_scope, c.households,
               coalesce(ps.mode::text, 'none') as property_service, ps.started_on::text as ps_started_on,
               ps.filed_on::text as ps_filed_on,
               co.kind::text as committee_kind, co.party_org::text as party_org,
               lc.status::text as last_status, lc.term_end::text as last_term_end,
               lc.elected_on::text as last_elected_on, lc.filed_on::text as last_filed_on
          from compounds c
          join communities cm on cm.id = c.community_id
          join subdistricts s on s.id = cm.subdistrict_id
          join districts d on d.id = s.district_id
          left join property_services ps on ps.compound_id = c.id and ps.ended_on is null
          left join committees co on co.compound_id = c.id and co.status in (${inOffice})
          left join lateral (
            select x.status, x.term_end, x.elected_on, x.filed_on from committees x
             where x.compound_id = c.id order by x.created_at desc limit 1
          ) lc on true
         where ${col} = ${scope.id}
         order by c.code
         limit 5000`)) as unknown as { rows: Record<string, unknown>[] } | Record<string, unknown>[];
      const list = Array.isArray(result) ? result : result.rows;
      const str = (v: unknown) => (v == null ? null : String(v));
      return list.map((r) => ({
        compoundId: String(r.id),
        name: String(r.name),
        code: String(r.code),
        communityId: String(r.community_id),
        inScope: Boolean(r.in_scope),
        households: Number(r.households),
        propertyService: String(r.property_service),
        propertyServiceStartedOn: str(r.ps_started_on),
        propertyServiceFiledOn: str(r.ps_filed_on),
        committeeKind: str(r.committee_kind),
        partyOrg: str(r.party_org),
        lastCommitteeStatus: str(r.last_status),
        lastCommitteeTermEnd: str(r.last_term_end),
        lastCommitteeElectedOn: str(r.last_elected_on),
        lastCommitteeFiledOn: str(r.last_filed_on),
      }));
    },

    /** The stored monthly figures of one unit, oldest first, for trend charts. */
    trend: async (input: {
      level: Exclude<RollupLevel, "compound">;
      unitId: string;
      from?: string;
      to?: string;
    }) =>
      (
        await db
          .select()
          .from(threeRateSnapshots)
          .where(
            and(
              eq(threeRateSnapshots.level, input.level),
              eq(threeRateSnapshots.unitId, input.unitId),
              input.from ? gte(threeRateSnapshots.month, input.from) : undefined,
              input.to ? lte(threeRateSnapshots.month, input.to) : undefined,
            ),
          )
          .orderBy(asc(threeRateSnapshots.month))
      ).map((s) => ({ month: s.month, rates: s.figures as ThreeRates })),
  };
}
