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
 * `BENCH_REUSE=1` keeps a scratch database that already holds the orders (for repeated runs).
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

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const log = (line: string) => console.log(`[${elapsed()}] ${line}`);

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
  const handInbox = (cursor: { dueAt: string; id: string } | null) =>
    rows<{ id: string }>(sql`
      select o.* from work_orders o
       where o.id in (select w.id from work_orders w where w.assigned_unit_id = ${unit!.id} and w.status in ${statusList}
                      union select ch.work_order_id from work_order_co_handlers ch where ch.unit_id = ${unit!.id})
         and o.status in ${statusList}
         ${cursor ? sql`and (o.due_at, o.id) > (${cursor.dueAt}::timestamptz, ${cursor.id}::uuid)` : sql``}
       order by o.due_at, o.id limit 51`);

  const first = await staffCaller.workOrders.inbox({ unitId: unit!.id, limit: 50 });
  const apiIds = first.items.map((i) => i.order.id);
  const handIds = (await handInbox(null)).slice(0, 50).map((r) => r.id);
  if (JSON.stringify(apiIds) !== JSON.stringify(handIds))
    throw new Error("the inbox's first page differs from the hand-written query's");
  await measure(
    "inbox, first page of 50 (API workOrders.inbox)",
    () => staffCaller.workOrders.inbox({ unitId: unit!.id, limit: 50 }),
    "hand-written SQL (same rows)",
    () => handInbox(null),
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
      await measure(
        "inbox, page after the 2,000th order (keyset cursor)",
        () => staffCaller.workOrders.inbox({ unitId: unit!.id, limit: 50, cursor: apiCursor }),
        "hand-written SQL (same rows)",
        () => handInbox({ dueAt: deep[0]!.due_at, id: deep[0]!.id }),
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

async function measure(
  label: string,
  product: () => Promise<unknown>,
  baselineLabel: string,
  baseline: () => Promise<unknown>,
) {
  const a: number[] = [];
  const b: number[] = [];
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
