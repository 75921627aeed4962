/**
 * The demo district: a deterministic seed of Yanqing (延庆区, 110119) — DOMAIN.md and issue 2 point 4.
 *
 * - Deterministic: one seeded PRNG (mulberry32) for the data and one for the ids (valid v4 UUIDs), so the
 *   same `today` gives the same rows and the same primary keys; dates are relative to `today`, so "term
 *   ending soon", "filing overdue" and "overdue ledger item" stay true whenever it runs.
 * - Idempotent: everything runs in ONE transaction, skipped when district 110119 already exists.
 * - Fast: rows are generated in memory and bulk-inserted in chunks (one JSON parameter per chunk).
 */
import { computeThreeRates, type IsoDate, isIsoDate, type ThreeRates } from "@gongzhi/core";
import { eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { auditLog, districts } from "../schema/index.ts";
import { seedCivic } from "./civic.ts";
import { beijingToday, type SeedContext } from "./context.ts";
import { DISTRICT } from "./data.ts";
import { seedCoordinators, seedPropertyServicesAndCommittees } from "./governance.ts";
import { seedHotline } from "./hotline.ts";
import { RESIDENT_OWNERS, seedRoleAssignments, seedUsers } from "./people.ts";
import { Rng, UuidSource } from "./prng.ts";
import { type RegistryResult, seedAdministrativeTree, seedCompounds } from "./registry.ts";
import { seedWhistles } from "./whistles.ts";

export {
  DEMO_COMMUNITY_NAME,
  DEMO_COMPOUND_NAME,
  DEMO_SUBDISTRICT_NAME,
  DISTRICT,
  SUBDISTRICTS,
} from "./data.ts";
export { idCheckDigit } from "./governance.ts";
export { DEMO_OPEN311_KEY } from "./hotline.ts";
export { DEMO_PASSWORD, type DemoLogin, demoLogins } from "./people.ts";
export { GRID_COUNT } from "./registry.ts";

/** The seeds of the two PRNG streams (data, ids). Changing them changes the whole district. */
export const SEED = 110119;

export interface SeedOptions {
  log?: (line: string) => void;
  /** YYYY-MM-DD; default: today in Beijing. */
  today?: string;
}

export interface SeedStage {
  name: string;
  ms: number;
  counts: Record<string, number>;
}

export interface SeedReport {
  /** true when district 110119 already existed and nothing was written. */
  skipped: boolean;
  today: IsoDate;
  /** Rows inserted per table. */
  counts: Record<string, number>;
  stages: SeedStage[];
  /** The district's property-management 三率 as seeded (compound count and household-weighted). */
  threeRates: ThreeRates | null;
  elapsedMs: number;
}

export async function seedDemo(db: Db, opts: SeedOptions = {}): Promise<SeedReport> {
  const log = opts.log ?? (() => {});
  const today = opts.today ?? beijingToday();
  if (!isIsoDate(today)) throw new Error(`seedDemo: today must be YYYY-MM-DD, got ${today}`);
  const started = performance.now();
  return db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: districts.id })
      .from(districts)
      .where(eq(districts.code, DISTRICT.code));
    if (existing.length > 0) {
      log(`already seeded: district ${DISTRICT.code} ${DISTRICT.name} exists — nothing to do`);
      return {
        skipped: true,
        today,
        counts: {},
        stages: [],
        threeRates: null,
        elapsedMs: Math.round(performance.now() - started),
      };
    }
    const ctx: SeedContext = {
      tx,
      rng: new Rng(SEED),
      ids: new UuidSource(SEED ^ 0x5eed),
      today,
      counts: {},
    };
    const stages: SeedStage[] = [];
    const stage = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      const before = { ...ctx.counts };
      const t = performance.now();
      const result = await fn();
      const counts: Record<string, number> = {};
      for (const [k, v] of Object.entries(ctx.counts))
        if (v !== (before[k] ?? 0)) counts[k] = v - (before[k] ?? 0);
      const ms = Math.round(performance.now() - t);
      stages.push({ name, ms, counts });
      log(
        `${name.padEnd(28)} ${Object.entries(counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")} (${ms} ms)`,
      );
      return result;
    };

    log(`seeding the demo district ${DISTRICT.name} (${DISTRICT.code}) as of ${today}`);
    const users = await stage("users", () => seedUsers(ctx, log));
    const tree = await stage("districts and grids", () => seedAdministrativeTree(ctx));
    const housing = await stage("compounds, units, owners", () =>
      seedCompounds(ctx, tree, {
        verifiedOwnerUserId: users.byRole.verified_owner,
        committeeMemberUserId: users.byRole.committee_member,
        residentUserIds: users.residents.slice(0, RESIDENT_OWNERS),
      }),
    );
    const reg: RegistryResult = { ...tree, ...housing };
    const gov = await stage("property services, committees", () =>
      seedPropertyServicesAndCommittees(ctx, reg.compounds, {
        compound: reg.demoCompound,
        committeeMemberUserId: users.byRole.committee_member,
      }),
    );
    await stage("coordinators", () => seedCoordinators(ctx, reg.communities));
    await stage("role assignments", () => seedRoleAssignments(ctx, users, reg));
    await stage("topics, meetings, votes, ledger", () => seedCivic(ctx, reg, users));
    const hotline = await stage("接诉即办 (12345)", () =>
      seedHotline(ctx, reg, { unitStaffUserId: users.byRole.unit_staff }),
    );
    await stage("吹哨报到", () =>
      seedWhistles(ctx, reg, {
        demoHubId: hotline.demoHubId,
        cityManagementId: hotline.unitIdByCode.get("YQ-CGW")!,
        housingId: hotline.unitIdByCode.get("YQ-ZJW")!,
        overdueOrder: hotline.overdueOrder,
        subdistrictStaffUserId: users.byRole.subdistrict_staff,
        communityStaffUserId: users.byRole.community_staff,
        unitStaffUserId: users.byRole.unit_staff,
        residentUserId: users.byRole.resident,
      }),
    );
    await stage("audit", async () => {
      await tx.insert(auditLog).values({
        action: "seed.demo",
        entityType: "district",
        entityId: tree.districtId,
        after: { code: DISTRICT.code, today, counts: { ...ctx.counts } },
      });
      ctx.counts.audit_log = 1;
    });

    const threeRates = computeThreeRates(
      reg.compounds.map((c) => {
        const committee = gov.inOffice.get(c.id);
        return {
          id: c.id,
          households: c.households,
          inScope: c.inScope,
          propertyService: gov.serviceMode.get(c.id) ?? "none",
          committee: committee
            ? { kind: committee.kind, inOffice: true, partyOrg: committee.partyOrg }
            : null,
        };
      }),
    );
    const pct = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(1)} %`);
    const line = (label: string, k: keyof ThreeRates) => {
      const v = threeRates[k];
      return `${label} ${v.numerator}/${v.denominator} = ${pct(v.rate)} (households ${pct(v.householdWeighted.rate)})`;
    };
    log(
      `三率 (物业管理): ${line("物业服务覆盖率", "propertyServiceCoverage")}; ${line("组建率", "committeeFormation")}; ${line("党组织覆盖率", "partyOrgCoverage")}`,
    );
    const elapsedMs = Math.round(performance.now() - started);
    const total = Object.values(ctx.counts).reduce((s, v) => s + v, 0);
    log(`seeded ${total} rows in ${elapsedMs} ms (one transaction)`);
    return { skipped: false, today, counts: { ...ctx.counts }, stages, threeRates, elapsedMs };
  });
}
