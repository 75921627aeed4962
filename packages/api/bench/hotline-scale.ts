/**
 * Benchmark (issue 11): a unit's inbox and the district's monthly report over 1,000,000 work orders on
 * PostgreSQL, each measured side by side with ONE hand-written SQL query for the same figures.
 *
 *   DATABASE_URL=postgres://… pnpm --filter @gongzhi/api bench:hotline
 *
 * It creates a scratch database (`BENCH_DB`, default gongzhi_bench_hotline) next to DATABASE_URL's (the
 * role needs CREATEDB), migrates it, seeds the demo district (≈10,000 orders over a year) and multiplies
 * its orders — with their callbacks and co-handlers — to BENCH_ORDERS (default 1,000,000) in set-based
 * INSERT … SELECT statements: copy k of an order keeps its category, place, unit, status and callbacks and
 * is shifted by k seconds, so the months and seasons of the demo year keep their shape at 100× volume.
 * `BENCH_REUSE=1` keeps a scratch database that already holds the orders (for repeated runs);
 * `BENCH_ONLY=<word>` times only the measures whose label contains it (the figures are still compared).
 *
 * Each round runs the product's path (the tRPC procedure through a real caller with a session, or the
 * repository) and then the hand-written query, alternately, BENCH_ROUNDS times (default 15) after 3
 * warm-up rounds; it prints the median and p90 of each and the ratio of the medians (the machine is
 * shared and noisy: read the ratio, not the absolute figures). Both paths must give the same figures —
 * the script compares them and fails if they differ. Not part of the test command.
 */
import {
  accountsRepository,
  beijingMonthBounds,
  createDatabase,
  type Db,
  hashPassword,
  hotlineRepository,
  migrate,
  seedDemo,
} from "@gongzhi/db";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { createSession } from "../src/auth/session.ts";
import { createCaller } from "../src/router.ts";
import { createContext } from "../src/trpc.ts";

const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.error("DATABASE_URL must point at a PostgreSQL server (the role needs CREATEDB)");
  process.exit(2);
}
const target = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const dbName = process.env.BENCH_DB ?? "gongzhi_bench_hotline";
if (!/^[a-z_][a-z0-9_]*$/.test(dbName)) throw new Error(`BENCH_DB must be a plain identifier, got ${dbName}`);
const reuse = process.env.BENCH_REUSE === "1";
/** BENCH_ONLY=inbox (or monthly, rankings, …): time only the measures whose label contains it. */
const only = process.env.BENCH_ONLY ?? "";

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const log = (line: string) => console.log(`[${elapsed()}] ${line}`);
type Stat = { median: number; p90: number };
/** Every measure of the run, printed again at the end as a table (docs/benchmarks.md). */
const results: { label: string; product: Stat; baseline: Stat; ratio: number }[] = [];

// ——— the scratch database ———
const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
const exists = (await admin`select 1 from pg_database where datname = ${dbName}`).length > 0;
const url = new URL(baseUrl);
url.pathname = `/${dbName}`;
let fresh = !(reuse && exists);
if (fresh) {
  if (exists) await admin.unsafe(`drop database ${dbName} with (force)`);
  await admin.unsafe(`create database ${dbName}`);
}
await admin.end();

const database = await createDatabase({ driver: "postgres", databaseUrl: url.toString(), max: 4 });
const db = database.db as Db;
async function rows<T>(q: ReturnType<typeof sql>): Promise<T[]> {
  const r = (await db.execute(q)) as unknown as T[] | { rows: T[] };
  return Array.isArray(r) ? r : r.rows;
}
/** The one row of a query that always returns one. */
async function single<T>(q: ReturnType<typeof sql>): Promise<T> {
  const [r] = await rows<T>(q);
  if (!r) throw new Error("expected one row");
  return r;
}

try {
  if (!fresh) {
    const { n } = await single<{ n: number }>(sql`select count(*)::int as n from work_orders`);
    if (n < target) {
      log(`reusing ${dbName}, but it holds ${n} orders < ${target}: rebuilding`);
      fresh = true;
      await database.close();
      const again = postgres(baseUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database ${dbName} with (force)`);
      await again.unsafe(`create database ${dbName}`);
      await again.end();
      console.error("rebuilt the scratch database: run the benchmark again");
      process.exit(3);
    }
    log(`reusing ${dbName} with ${n} orders`);
  }
  if (fresh) {
    await migrate(database);
    log("migrated");
    const report = await seedDemo(db);
    log(`demo district seeded (${report.counts.work_orders ?? 0} orders, ${report.elapsedMs} ms)`);
    await multiplyOrders();
  }
  // As autovacuum would have by now on a server: statistics and the visibility map (index-only scans).
  await db.execute(sql`vacuum analyze`);

  const { orders } = await single<{ orders: number }>(sql`select count(*)::int as orders from work_orders`);
  const [district] = await rows<{ id: string }>(sql`select id from districts where code = '110119'`);
  // The unit with the most open orders in its inbox (held or co-handled): the heaviest inbox.
  const [unit] = await rows<{ id: string; name: string; open: number }>(
    sql`select u.id, u.name, count(*)::int as open from work_orders o join handling_units u on u.id = o.assigned_unit_id
         where o.status in ('dispatched','returned','accepted','in_progress','reopened')
         group by u.id, u.name order by open desc limit 1`,
  );
  // The latest whole month: the report a district leader reads at the start of a month.
  const { month } = await single<{ month: string }>(
    sql`select to_char(date_trunc('month', (now() at time zone 'Asia/Shanghai')) - interval '1 month', 'YYYY-MM') as month`,
  );
  const { monthOrders } = await single<{ monthOrders: number }>(
    sql`select count(*)::int as "monthOrders" from work_orders where district_id = ${district!.id}
         and received_at >= ${beijingMonthBounds(month).from.toISOString()}::timestamptz
         and received_at < ${beijingMonthBounds(month).to.toISOString()}::timestamptz`,
  );
  log(
    `${orders} orders; inbox of ${unit!.name} (${unit!.open} open orders held); monthly report ${month} (${monthOrders} orders)`,
  );

  // ——— callers with sessions: the unit's staff, the district's staff ———
  const staffCaller = await callerWithRoles([
    { role: "unit_staff", scopeKind: "handling_unit", scopeId: unit!.id },
  ]);

  // ——— 1. the inbox: first page and a page deep in the list ———
  // The inbox's default statuses (packages/api/src/routers/work-orders/reads.ts `openStatuses`).
  const openStatuses = ["dispatched", "returned", "accepted", "in_progress", "reopened"] as const;
  const statusList = sql.raw(`(${openStatuses.map((s) => `'${s}'`).join(",")})`);
  const cursorCond = (alias: string, cursor: { dueAt: string; id: string } | null) =>
    cursor
      ? sql`and (${sql.raw(alias)}.due_at, ${sql.raw(alias)}.id) > (${cursor.dueAt}::timestamptz, ${cursor.id}::uuid)`
      : sql``;
  // The page's ids first, from the inbox index alone (unit, status, due_at, id: index-only) and the
  // co-handlers' unit index (those it does not hold, so no order comes twice), then only those 51 rows.
  const handInbox = (cursor: { dueAt: string; id: string } | null) =>
    rows<{ id: string }>(sql`
      select o.* from work_orders o
       where o.id in (
         select x.id from (
           select w.id, w.due_at from work_orders w
            where w.assigned_unit_id = ${unit!.id} and w.status in ${statusList} ${cursorCond("w", cursor)}
           union all
           select w.id, w.due_at from work_order_co_handlers ch join work_orders w on w.id = ch.work_order_id
            where ch.unit_id = ${unit!.id} and w.assigned_unit_id is distinct from ${unit!.id}
              and w.status in ${statusList} ${cursorCond("w", cursor)}
         ) x order by x.due_at, x.id limit 51)
       order by o.due_at, o.id`);
  // The shape measured first (issue 11): every held order's row read, then sorted.
  const handInboxRowsFirst = (cursor: { dueAt: string; id: string } | null) =>
    rows<{ id: string }>(sql`
      select o.* from work_orders o
       where o.id in (select w.id from work_orders w where w.assigned_unit_id = ${unit!.id} and w.status in ${statusList}
                      union select ch.work_order_id from work_order_co_handlers ch where ch.unit_id = ${unit!.id})
         and o.status in ${statusList}
         ${cursorCond("o", cursor)}
       order by o.due_at, o.id limit 51`);

  const first = await staffCaller.workOrders.inbox({ unitId: unit!.id, limit: 50 });
  const apiIds = first.items.map((i) => i.order.id);
  for (const hand of [handInbox, handInboxRowsFirst]) {
    const handIds = (await hand(null)).slice(0, 50).map((r) => r.id);
    if (JSON.stringify(apiIds) !== JSON.stringify(handIds))
      throw new Error("the inbox's first page differs from the hand-written query's");
  }
  await measure(
    "inbox, first page of 50 (API workOrders.inbox)",
    () => staffCaller.workOrders.inbox({ unitId: unit!.id, limit: 50 }),
    "hand-written SQL, ids from the index first (same rows)",
    () => handInbox(null),
    [
      {
        label: "hand-written SQL, rows first (the shape measured first)",
        run: () => handInboxRowsFirst(null),
      },
    ],
  );
  // A page deep in the list: the cursor after the 2,000th order (or the last one there is).
  const deep = await rows<{ id: string; due_at: string }>(sql`
      select o.id, o.due_at::text as due_at from work_orders o
       where o.id in (select w.id from work_orders w where w.assigned_unit_id = ${unit!.id} and w.status in ${statusList}
                      union select ch.work_order_id from work_order_co_handlers ch where ch.unit_id = ${unit!.id})
         and o.status in ${statusList}
       order by o.due_at, o.id offset 1999 limit 1`);
  if (deep[0]) {
    const apiCursor = await cursorAfter(staffCaller, unit!.id, deep[0].id);
    if (apiCursor) {
      const at = { dueAt: deep[0]!.due_at, id: deep[0]!.id };
      const apiPage = await staffCaller.workOrders.inbox({ unitId: unit!.id, limit: 50, cursor: apiCursor });
      for (const hand of [handInbox, handInboxRowsFirst]) {
        const handIds = (await hand(at)).slice(0, 50).map((r) => r.id);
        if (JSON.stringify(apiPage.items.map((i) => i.order.id)) !== JSON.stringify(handIds))
          throw new Error("the inbox's deep page differs from the hand-written query's");
      }
      await measure(
        "inbox, page after the 2,000th order (keyset cursor)",
        () => staffCaller.workOrders.inbox({ unitId: unit!.id, limit: 50, cursor: apiCursor }),
        "hand-written SQL, ids from the index first (same rows)",
        () => handInbox(at),
        [
          {
            label: "hand-written SQL, rows first (the shape measured first)",
            run: () => handInboxRowsFirst(at),
          },
        ],
      );
    }
  }

  // ——— 2. the monthly report ———
  const report = hotlineRepository(db).report;
  const productReport = async () => {
    const [byTop, byCategory, bySubdistrict, byUnit, hotSpots, callbacks] = [
      await report.volumeByTopCategory(district!.id, month),
      await report.volumeByCategory(district!.id, month),
      await report.volumeBySubdistrict(district!.id, month),
      await report.volumeByUnit(district!.id, month),
      await report.hotSpots(district!.id, month),
      await report.callbackCounts(district!.id, month),
    ];
    return { byTop, byCategory, bySubdistrict, byUnit, hotSpots, callbacks };
  };
  const { from, to } = beijingMonthBounds(month);
  const handReport = () =>
    rows<Record<string, unknown>>(sql`
      with recursive root(id, root_id) as (
        select id, id from request_categories where parent_id is null
        union all
        select c.id, root.root_id from request_categories c join root on c.parent_id = root.id
      ), m as materialized (
        select o.id, o.category_id, o.subdistrict_id, coalesce(o.lead_unit_id, o.assigned_unit_id) as unit_id,
               o.compound_id, o.building_id, o.type, o.status
          from work_orders o
         where o.district_id = ${district!.id}
           and o.received_at >= ${from.toISOString()}::timestamptz and o.received_at < ${to.toISOString()}::timestamptz
      ), last as (
        select distinct on (cb.work_order_id) cb.* from work_order_callbacks cb join m on m.id = cb.work_order_id
         where m.type <> 'consultation' and m.status <> 'merged'
         order by cb.work_order_id, cb.round desc
      )
      select
        (select json_agg(x order by x.orders desc, x.code) from (
           select r.code, count(*)::int as orders from m join root on root.id = m.category_id
             join request_categories r on r.id = root.root_id group by r.code) x) as by_top,
        (select json_agg(x order by x.orders desc, x.code) from (
           select c.code, count(*)::int as orders from m join request_categories c on c.id = m.category_id
            group by c.code) x) as by_category,
        (select json_agg(x order by x.orders desc, x.code) from (
           select s.code, count(*)::int as orders from m join subdistricts s on s.id = m.subdistrict_id
            group by s.code) x) as by_subdistrict,
        (select json_agg(x order by x.orders desc, x.code) from (
           select u.code, count(*)::int as orders from m join handling_units u on u.id = m.unit_id
            group by u.code) x) as by_unit,
        (select count(*)::int from (
           select 1 from m where m.compound_id is not null
            group by grouping sets ((m.compound_id, m.building_id), (m.compound_id))
           having count(*) >= 3 and (grouping(m.building_id) = 1 or m.building_id is not null)) h) as hot_spots,
        (select json_build_object(
           'callbacks', count(*), 'valid', count(*) filter (where valid),
           'solved', count(*) filter (where valid and solved),
           'satisfied', count(*) filter (where valid and satisfaction = 'satisfied')) from last) as callbacks`);

  // The same figures by both paths.
  const p = await productReport();
  const [h] = await handReport();
  const codes = (xs: { code: string; orders: number }[]) => JSON.stringify(xs.map((x) => [x.code, x.orders]));
  const hc = h as {
    by_top: { code: string; orders: number }[];
    by_category: { code: string; orders: number }[];
    by_subdistrict: { code: string; orders: number }[];
    by_unit: { code: string; orders: number }[];
    hot_spots: number;
    callbacks: { callbacks: number; valid: number; solved: number; satisfied: number };
  };
  const same =
    codes(p.byTop) === codes(hc.by_top) &&
    codes(p.byCategory) === codes(hc.by_category) &&
    codes(p.bySubdistrict) === codes(hc.by_subdistrict) &&
    codes(p.byUnit) === codes(hc.by_unit) &&
    p.hotSpots.length === hc.hot_spots &&
    p.callbacks.callbacks === hc.callbacks.callbacks &&
    p.callbacks.valid === hc.callbacks.valid &&
    p.callbacks.solved === hc.callbacks.solved &&
    p.callbacks.satisfied === hc.callbacks.satisfied;
  if (!same) {
    console.error(JSON.stringify({ product: p, hand: h }, null, 1).slice(0, 4000));
    throw new Error("the monthly report's figures differ from the hand-written query's");
  }
  await measure(
    `monthly report ${month} (the repository's report queries)`,
    productReport,
    "one hand-written SQL query (same figures)",
    handReport,
  );

  // ——— 3. the full 月报 and the 考评排名 through the API, against one hand-written query each ———
  const districtCaller = await callerWithRoles([
    { role: "district_staff", scopeKind: "district", scopeId: district!.id },
  ]);
  const monthlyInput = { districtId: district!.id, month };
  const apiMonthly = await districtCaller.workOrders.reports.monthly(monthlyInput);
  const handMonthlyOut = await handMonthly(district!.id, month, null);
  compareFigures("the monthly report", monthlyFigures(apiMonthly), handMonthlyOut);
  await measure(
    `monthly report ${month} (API workOrders.reports.monthly: volumes, hot spots, slowest units, every unit's rates and rank)`,
    () => districtCaller.workOrders.reports.monthly(monthlyInput),
    "one hand-written SQL query (same figures)",
    () => handMonthly(district!.id, month, null),
  );
  const tier = "streets_towns" as const;
  const rankingsInput = { districtId: district!.id, month, tier };
  const apiRankings = await districtCaller.workOrders.rankings(rankingsInput);
  compareFigures("the rankings", rankingFigures(apiRankings), await handMonthly(district!.id, month, tier));
  await measure(
    `rankings ${month}, ${tier} (API workOrders.rankings: ${apiRankings.units.length} units, rates, rank, last month's rank)`,
    () => districtCaller.workOrders.rankings(rankingsInput),
    "one hand-written SQL query (same figures)",
    () => handMonthly(district!.id, month, tier),
  );

  console.log("\n| measure | product median | product p90 | baseline median | baseline p90 | ratio |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const r of results)
    console.log(
      `| ${r.label} | ${r.product.median.toFixed(1)} | ${r.product.p90.toFixed(1)} | ${r.baseline.median.toFixed(1)} | ${r.baseline.p90.toFixed(1)} | ${r.ratio.toFixed(2)}× |`,
    );
  log("done");
} finally {
  await database.close();
}

// ——— helpers ———

async function callerWithRoles(
  roles: {
    role: "unit_staff" | "district_staff";
    scopeKind: "handling_unit" | "district";
    scopeId: string;
  }[],
) {
  const accounts = accountsRepository(db);
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  const user = await accounts.createUser({
    phone,
    passwordHash: await hashPassword("bench-password-1"),
    displayName: "基准测试",
  });
  for (const r of roles) await accounts.assign({ userId: user.id, ...r });
  const { token } = await createSession(db, user.id, {}, new Date());
  const headers = new Headers({ host: "localhost:3000", cookie: `gongzhi_session=${token}` });
  const ctx = await createContext({
    db,
    driver: "postgres",
    request: new Request("http://localhost:3000/api/trpc/x", { method: "POST", headers }),
    ip: "127.0.0.1",
  });
  return createCaller(ctx);
}

/** The API's cursor after a given order: walk the API's own pages (cursors are opaque). */
async function cursorAfter(
  caller: Awaited<ReturnType<typeof callerWithRoles>>,
  unitId: string,
  orderId: string,
): Promise<string | null> {
  let cursor: string | null = null;
  for (let i = 0; i < 100; i += 1) {
    const page = await caller.workOrders.inbox({ unitId, limit: 50, cursor });
    const idx = page.items.findIndex((it) => it.order.id === orderId);
    if (idx >= 0) return idx === page.items.length - 1 ? page.nextCursor : null;
    if (!page.nextCursor) return null;
    cursor = page.nextCursor;
  }
  return null;
}

/**
 * Product and baseline (and any reference queries) one after the other in each round; the ratio of
 * the medians against the baseline (and against each reference).
 */
async function measure(
  label: string,
  product: () => Promise<unknown>,
  baselineLabel: string,
  baseline: () => Promise<unknown>,
  references: { label: string; run: () => Promise<unknown> }[] = [],
) {
  if (only && !label.includes(only)) return;
  const a: number[] = [];
  const b: number[] = [];
  const refs = references.map(() => [] as number[]);
  for (let i = 0; i < rounds + 3; i += 1) {
    const t0 = performance.now();
    await product();
    const t1 = performance.now();
    await baseline();
    const t2 = performance.now();
    if (i >= 3) {
      a.push(t1 - t0);
      b.push(t2 - t1);
    }
    for (const [k, r] of references.entries()) {
      const t3 = performance.now();
      await r.run();
      if (i >= 3) refs[k]!.push(performance.now() - t3);
    }
  }
  const stat = (xs: number[]) => {
    const s = [...xs].sort((x, y) => x - y);
    return {
      median: s[Math.floor(s.length / 2)]!,
      p90: s[Math.min(s.length - 1, Math.ceil(s.length * 0.9) - 1)]!,
    };
  };
  const sa = stat(a);
  const sb = stat(b);
  console.log(`\n${label}`);
  console.log(`  product   median ${sa.median.toFixed(1)} ms  p90 ${sa.p90.toFixed(1)} ms`);
  console.log(`  ${baselineLabel}: median ${sb.median.toFixed(1)} ms  p90 ${sb.p90.toFixed(1)} ms`);
  console.log(
    `  ratio (median product / median hand-written): ${(sa.median / sb.median).toFixed(2)}×  (${rounds} rounds, side by side)`,
  );
  for (const [k, r] of references.entries()) {
    const sr = stat(refs[k]!);
    console.log(
      `  reference — ${r.label}: median ${sr.median.toFixed(1)} ms  p90 ${sr.p90.toFixed(1)} ms  (product / it: ${(sa.median / sr.median).toFixed(2)}×)`,
    );
  }
  results.push({ label, product: sa, baseline: sb, ratio: sa.median / sb.median });
}

// ——— the monthly report and the rankings by hand ———

type Line = [number, number, number, number, number, number, ...(number | null)[]];
/** A rate line as compared: counts, rates in basis points, 综合 in hundredths and exactly. */
function lineFigures(l: {
  base: number;
  contacted: number;
  solved: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  response: number | null;
  resolution: number | null;
  satisfaction: number | null;
  score: number | null;
  scoreExact: { numerator: number; denominator: number } | null;
}): Line {
  return [
    l.base,
    l.contacted,
    l.solved,
    l.satisfied,
    l.basicallySatisfied,
    l.dissatisfied,
    l.response,
    l.resolution,
    l.satisfaction,
    l.score,
    l.scoreExact?.numerator ?? null,
    l.scoreExact?.denominator ?? null,
  ];
}
type Caller = Awaited<ReturnType<typeof callerWithRoles>>;
type UnitOut = Awaited<ReturnType<Caller["workOrders"]["rankings"]>>["units"][number];
function unitFigures(u: UnitOut) {
  return [
    u.id,
    u.code,
    u.name,
    u.kind,
    u.tier,
    u.orders,
    lineFigures(u.rates),
    u.rank,
    u.previousRank,
    u.rankChange,
    u.previousScore,
    u.drill.from,
    u.drill.to,
    u.drill.version,
  ];
}
function monthlyFigures(r: Awaited<ReturnType<Caller["workOrders"]["reports"]["monthly"]>>) {
  const volume = (xs: { id: string; code: string; name: string; orders: number }[]) =>
    xs.map((x) => [x.id, x.code, x.name, x.orders]);
  return {
    formula: r.formula.version,
    orders: r.orders,
    rates: lineFigures(r.rates),
    byTopCategory: volume(r.byTopCategory),
    byCategory: volume(r.byCategory),
    bySubdistrict: volume(r.bySubdistrict),
    byUnit: volume(r.byUnit),
    hotSpots: r.hotSpots.map((h) => [
      h.level,
      h.id,
      h.compoundId,
      h.compoundName,
      h.buildingName,
      h.orders,
      h.topCategoryId,
      h.topCategoryName,
    ]),
    slowestUnits: r.slowestUnits.map((u) => [
      u.id,
      u.code,
      u.name,
      u.orders,
      u.answered,
      u.avgHours,
      u.medianHours,
      u.overdue,
    ]),
    units: r.units.map(unitFigures),
  };
}
function rankingFigures(r: Awaited<ReturnType<Caller["workOrders"]["rankings"]>>) {
  return {
    formula: r.formula.version,
    previousMonth: r.previousMonth,
    tierSizes: r.tierSizes,
    units: r.units.map(unitFigures),
  };
}
/** Fails, naming the first figure that differs, unless both paths gave the same figures. */
function compareFigures(what: string, product: object, hand: object) {
  const p = product as Record<string, unknown>;
  const h = hand as Record<string, unknown>;
  for (const k of Object.keys(p)) {
    const a = JSON.stringify(p[k]);
    const b = JSON.stringify(h[k]);
    if (a !== b) {
      console.error(`${what}: ${k} differs\n product: ${a?.slice(0, 2000)}\n hand:    ${b?.slice(0, 2000)}`);
      throw new Error(`${what}'s figures differ from the hand-written query's (${k})`);
    }
  }
  if (Object.keys(h).some((k) => !(k in p)))
    throw new Error(`${what}: the hand-written query has extra figures`);
}

/**
 * The 月报 (tier null) or one group's 考评排名 in ONE statement: the month's and the previous month's
 * orders once each, the latest callback of each, the rates by unit under the formula in force on the
 * month's last day (exact integer arithmetic, rounded half up as core does), ranks within the group
 * by exact 综合 (equal share a rank, then by id), volumes, hot spots (≥ 3) and the slowest units.
 */
async function handMonthly(districtId: string, month: string, tier: string | null) {
  const { from, to } = beijingMonthBounds(month);
  const [y, mo] = month.split("-").map(Number) as [number, number];
  const prevMonth = mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, "0")}`;
  const prev = beijingMonthBounds(prevMonth);
  const lastDay = new Date(to.getTime() - 1 + 8 * 3600_000).toISOString().slice(0, 10);
  const tierOf =
    sql.raw(`case u.kind when 'street_office' then 'streets_towns' when 'town_office' then 'streets_towns'
      when 'police_station' then 'police' when 'utility_water' then 'utilities' when 'utility_power' then 'utilities'
      when 'utility_gas' then 'utilities' when 'utility_heating' then 'utilities' when 'property_company' then 'property'
      else 'departments' end`);
  // one rate line as JSON (the figures of lineFigures), from a row of counts n.* and the formula f.*
  const line = (n: string) =>
    sql.raw(`case when coalesce(${n}.base, 0) = 0 then json_build_array(coalesce(${n}.base, 0), 0, 0, 0, 0, 0, null, null, null, null, null, null)
      else json_build_array(${n}.base, ${n}.contacted, ${n}.solved, ${n}.satisfied, ${n}.basically, ${n}.dissatisfied,
        (2 * ${n}.contacted * 10000 + ${n}.base) / (2 * ${n}.base),
        (2 * ${n}.solved * 10000 + ${n}.base) / (2 * ${n}.base),
        (2 * ${n}.sat_num + ${n}.base) / (2 * ${n}.base),
        (2 * ${n}.scaled + 10000 * ${n}.base) / (20000 * ${n}.base),
        (${n}.scaled * 100) / gcd(${n}.scaled * 100, 100000000 * ${n}.base),
        (100000000 * ${n}.base) / gcd(${n}.scaled * 100, 100000000 * ${n}.base)) end`);
  const [r] = await rows<Record<string, unknown>>(sql`
    with recursive root(id, root_id) as (
      select id, id from request_categories where parent_id is null
      union all
      select c.id, root.root_id from request_categories c join root on c.parent_id = root.id
    ), f as (
      select * from rate_formulas
       where valid_from <= ${lastDay}::date and (valid_to is null or ${lastDay}::date <= valid_to)
       order by valid_from desc, version limit 1
    ), u as (
      select u.id, u.code, u.name, u.kind, ${tierOf} as tier from handling_units u where u.district_id = ${districtId}
    ), m as materialized (
      select o.id, o.category_id, o.subdistrict_id, coalesce(o.lead_unit_id, o.assigned_unit_id) as unit_id,
             o.compound_id, o.building_id, o.type, o.status, o.merged_into_id, o.received_at, o.answered_at, o.due_at
        from work_orders o
       where o.district_id = ${districtId}
         and o.received_at >= ${from.toISOString()}::timestamptz and o.received_at < ${to.toISOString()}::timestamptz
    ), x as materialized (
      select 'now' as mon, m.id, m.unit_id, m.type, m.status, m.merged_into_id from m
      ${tier ? sql`where m.unit_id in (select id from u where tier = ${tier})` : sql``}
      union all
      select 'prev', o.id, coalesce(o.lead_unit_id, o.assigned_unit_id), o.type, o.status, o.merged_into_id
        from work_orders o
       where o.district_id = ${districtId}
         and o.received_at >= ${prev.from.toISOString()}::timestamptz and o.received_at < ${prev.to.toISOString()}::timestamptz
         ${tier ? sql`and coalesce(o.lead_unit_id, o.assigned_unit_id) in (select id from u where tier = ${tier})` : sql``}
    ), cb as (
      select distinct on (c.work_order_id) c.work_order_id, c.contacted, c.solved, c.satisfaction, c.valid
        from work_order_callbacks c join x on x.id = c.work_order_id
       order by c.work_order_id, c.at desc, c.round desc
    ), k as (
      select x.mon, x.unit_id, cb.contacted, cb.solved, cb.satisfaction, cb.valid,
             not (f.exclusions ? 'consultation' and x.type = 'consultation')
             and not (f.exclusions ? 'duplicate_merged' and (x.status = 'merged' or x.merged_into_id is not null))
             and cb.work_order_id is not null
             and not (f.exclusions ? 'invalid_callback' and not cb.valid) as in_base
        from x cross join f left join cb on cb.work_order_id = x.id
    ), n0 as (
      select mon, unit_id, grouping(unit_id) as total, count(*)::bigint as orders,
             count(*) filter (where in_base)::bigint as base,
             count(*) filter (where in_base and valid and contacted)::bigint as contacted,
             count(*) filter (where in_base and valid and solved)::bigint as solved,
             count(*) filter (where in_base and valid and satisfaction = 'satisfied')::bigint as satisfied,
             count(*) filter (where in_base and valid and satisfaction = 'basically_satisfied')::bigint as basically,
             count(*) filter (where in_base and valid and satisfaction not in ('satisfied', 'basically_satisfied'))::bigint as dissatisfied
        from k group by grouping sets ((mon, unit_id), (mon))
    ), n as (
      select n0.*, n0.satisfied * 10000 + n0.basically * f.basically_satisfied_factor as sat_num,
             f.weight_response::bigint * n0.contacted * 10000 + f.weight_resolution::bigint * n0.solved * 10000
               + f.weight_satisfaction::bigint * (n0.satisfied * 10000 + n0.basically * f.basically_satisfied_factor) as scaled
        from n0 cross join f
    ), ur as (
      select u.*, coalesce(a.orders, 0) as orders, a.base as a_base, b.base as b_base,
             ${line("a")} as line, ${line("b")} as prev_line,
             case when b.base > 0 then (2 * b.scaled + 10000 * b.base) / (20000 * b.base) end as prev_score,
             -- exact 综合 as a sortable integer: distinct fractions (bases ≤ 10⁵) differ by > 10⁻¹⁰
             case when a.base > 0 then div(a.scaled::numeric * 1e24, a.base) end as key_now,
             case when b.base > 0 then div(b.scaled::numeric * 1e24, b.base) end as key_prev
        from u
        left join n a on a.mon = 'now' and a.total = 0 and a.unit_id = u.id
        left join n b on b.mon = 'prev' and b.total = 0 and b.unit_id = u.id
    ), ranked as (
      select ur.*,
             case when key_now is not null then rank() over (partition by tier, key_now is null order by key_now desc) end as rank_now,
             case when key_prev is not null then rank() over (partition by tier, key_prev is null order by key_prev desc) end as rank_prev
        from ur
    ), units_out as (
      select ranked.tier, json_agg(json_build_array(id, code, name, kind, tier, orders, line, rank_now, rank_prev,
                        rank_prev - rank_now, prev_score, ${`${month}-01`}::text, ${lastDay}::text, (select version from f))
                      order by array_position(array['streets_towns','departments','utilities','police','property'], tier),
                               rank_now nulls last, id) as units,
             count(*)::int as size
        from ranked ${tier ? sql`where tier = ${tier}` : sql``} group by grouping sets ((tier), ())
    )
    select
      (select version from f) as formula,
      (select json_object_agg(t, (select count(*) from u where u.tier = t) order by i)
         from unnest(array['streets_towns','departments','utilities','police','property']) with ordinality as g(t, i)) as tier_sizes,
      (select units from units_out where tier is null) as units
      ${
        tier
          ? sql``
          : sql`,
      (select orders from n where mon = 'now' and total = 1) as orders,
      (select ${line("n")} from n where mon = 'now' and total = 1) as rates,
      (select json_agg(json_build_array(x.id, x.code, x.name, x.orders) order by x.orders desc, x.code) from (
         select r.id, r.code, r.name_zh as name, count(*)::int as orders
           from m join root on root.id = m.category_id join request_categories r on r.id = root.root_id
          group by r.id, r.code, r.name_zh) x) as by_top,
      (select json_agg(json_build_array(x.id, x.code, x.name, x.orders) order by x.orders desc, x.code) from (
         select c.id, c.code, c.name_zh as name, count(*)::int as orders
           from m join request_categories c on c.id = m.category_id group by c.id, c.code, c.name_zh) x) as by_category,
      (select json_agg(json_build_array(x.id, x.code, x.name, x.orders) order by x.orders desc, x.code) from (
         select s.id, s.code, s.name, count(*)::int as orders
           from m join subdistricts s on s.id = m.subdistrict_id group by s.id, s.code, s.name) x) as by_subdistrict,
      (select json_agg(json_build_array(x.id, x.code, x.name, x.orders) order by x.orders desc, x.code) from (
         select u.id, u.code, u.name, count(*)::int as orders
           from m join handling_units u on u.id = m.unit_id group by u.id, u.code, u.name) x) as by_unit,
      (select json_agg(json_build_array(g.level, coalesce(g.building_id, g.compound_id), g.compound_id, c.name, b.name,
                        g.orders, g.top, tc.name_zh) order by g.orders desc, g.level, c.code, b.code)
         from (select case when grouping(m.building_id) = 0 then 'building' else 'compound' end as level,
                      m.compound_id, m.building_id, count(*)::int as orders,
                      mode() within group (order by m.category_id) as top
                 from m where m.compound_id is not null
                group by grouping sets ((m.compound_id, m.building_id), (m.compound_id))
               having count(*) >= 3 and (grouping(m.building_id) = 1 or m.building_id is not null)) g
         join compounds c on c.id = g.compound_id left join buildings b on b.id = g.building_id
         join request_categories tc on tc.id = g.top) as hot_spots,
      (select json_agg(json_build_array(x.id, x.code, x.name, x.orders, x.answered, x.avg_hours, x.median_hours, x.overdue)
                       order by x.avg_hours desc nulls last, x.overdue desc, x.code) from (
         select u.id, u.code, u.name, count(*)::int as orders, count(m.answered_at)::int as answered,
                round((avg(extract(epoch from m.answered_at - m.received_at)) / 3600)::numeric, 1)::float8 as avg_hours,
                round(((percentile_cont(0.5) within group (order by extract(epoch from m.answered_at - m.received_at))) / 3600)::numeric, 1)::float8 as median_hours,
                count(*) filter (where m.status <> 'merged' and (m.answered_at > m.due_at
                                 or (m.answered_at is null and m.due_at < least(${to.toISOString()}::timestamptz, now()))))::int as overdue
           from m join handling_units u on u.id = m.unit_id group by u.id, u.code, u.name) x) as slowest`
      }`);
  if (!r) throw new Error("expected one row");
  if (tier)
    return { formula: r.formula, previousMonth: prevMonth, tierSizes: r.tier_sizes, units: r.units ?? [] };
  return {
    formula: r.formula,
    orders: Number(r.orders),
    rates: r.rates,
    byTopCategory: r.by_top ?? [],
    byCategory: r.by_category ?? [],
    bySubdistrict: r.by_subdistrict ?? [],
    byUnit: r.by_unit ?? [],
    hotSpots: r.hot_spots ?? [],
    slowestUnits: r.slowest ?? [],
    units: r.units ?? [],
  };
}

/**
 * From the seeded ≈10,000 orders to `target`: copies k = 1…K of every order (and of its callbacks and
 * co-handlers), k seconds later, numbered `<number>-<k>`, in batches of 10 copies per statement.
 */
async function multiplyOrders() {
  const { n } = await single<{ n: number }>(sql`select count(*)::int as n from work_orders`);
  const copies = Math.ceil(target / n) - 1;
  const orderColumns = `type, channel, requester_name, requester_phone, requester_user_id, district_id, subdistrict_id,
    community_id, compound_id, building_id, lat, lng, address, text, category_id, status, limit_kind, limit_amount,
    assigned_unit_id, lead_unit_id, return_count, reopen_count`;
  const shifted = [
    "received_at",
    "dispatched_at",
    "accepted_at",
    "answered_at",
    "closed_at",
    "due_at",
    "created_at",
    "updated_at",
  ];
  await db.execute(sql`create temporary table bench_base as select * from work_orders`);
  await db.execute(sql`create temporary table bench_base_cb as select * from work_order_callbacks`);
  await db.execute(sql`create temporary table bench_base_ch as select * from work_order_co_handlers`);
  for (let k0 = 1; k0 <= copies; k0 += 10) {
    const k1 = Math.min(copies, k0 + 9);
    await db.transaction(async (tx) => {
      await tx.execute(
        sql.raw(`create temporary table bench_map on commit drop as
        select b.id as old_id, g as k, gen_random_uuid() as new_id from bench_base b, generate_series(${k0}, ${k1}) g
        where b.merged_into_id is null`),
      );
      // merged duplicates point at their original: copy k of a duplicate points at copy k of the original
      await tx.execute(
        sql.raw(`insert into bench_map
        select b.id, g, gen_random_uuid() from bench_base b, generate_series(${k0}, ${k1}) g where b.merged_into_id is not null`),
      );
      await tx.execute(sql.raw(`create index on bench_map (old_id, k)`));
      await tx.execute(
        sql.raw(`insert into work_orders (id, number, merged_into_id, ${orderColumns}, ${shifted.join(", ")})
        select m.new_id, b.number || '-' || m.k, mm.new_id, ${orderColumns
          .split(",")
          .map((c) => `b.${c.trim()}`)
          .join(", ")}, ${shifted.map((c) => `b.${c} + make_interval(secs => m.k)`).join(", ")}
          from bench_base b join bench_map m on m.old_id = b.id
          left join bench_map mm on mm.old_id = b.merged_into_id and mm.k = m.k`),
      );
      await tx.execute(
        sql.raw(`insert into work_order_callbacks (id, work_order_id, round, contacted, solved, satisfaction,
          valid, invalid_reason, caller_user_id, at, created_at, updated_at)
        select gen_random_uuid(), m.new_id, c.round, c.contacted, c.solved, c.satisfaction, c.valid, c.invalid_reason,
               c.caller_user_id, c.at + make_interval(secs => m.k), c.created_at, c.updated_at
          from bench_base_cb c join bench_map m on m.old_id = c.work_order_id`),
      );
      await tx.execute(
        sql.raw(`insert into work_order_co_handlers (work_order_id, unit_id, added_by, added_at)
        select m.new_id, c.unit_id, c.added_by, c.added_at from bench_base_ch c join bench_map m on m.old_id = c.work_order_id`),
      );
    });
    log(`copies ${k0}–${k1} of ${copies} inserted`);
  }
}
