/**
 * The 接诉即办 demo year of 延庆区: handling units, the category tree, the dispatch catalogue, the
 * working calendar from chinese-days, the published formula as version 1, and ~10 000 orders over the
 * past year with their events and callbacks — generated in memory, bulk-inserted (insertChunks).
 */

import { createHash } from "node:crypto";
import { addDays, dueAt, type IsoDate, publishedHotlineFormulaExample, type TimeLimit } from "@gongzhi/core";
import { sql } from "drizzle-orm";
import { loadChineseDaysCalendar, workingCalendarFrom } from "../calendar.ts";
import {
  dispatchRules,
  governancePlanAreas,
  governancePlans,
  governancePlanThemes,
  handlingUnits,
  open311ApiKeys,
  planTasks,
  rateFormulas,
  requestCategories,
  roleAssignments,
  workOrderCallbacks,
  workOrderEvents,
  workOrders,
} from "../schema/index.ts";
import { at, insertChunks, pad, personName, type SeedContext } from "./context.ts";
import {
  ANSWERS,
  CATEGORY_TREE,
  DISTRICT_UNITS,
  GOVERNANCE_PLANS,
  HOTLINE_ORDERS,
  INVALID_REASONS,
  type LeafSpec,
  POLICE_STATIONS,
  RETURN_REASONS,
  HOTLINE_SHARES as S,
} from "./hotline-data.ts";
import type { RegistryResult } from "./registry.ts";

/**
 * The demo district's Open311 API key `id.secret` (demo data only — like DEMO_PASSWORD, it is public).
 * Stored as SHA-256 of the secret, exactly like a key issued by `pnpm open311:key`.
 */
const DEMO_OPEN311_KEY_ID = "gongzhidemoyanqingkey";
const DEMO_OPEN311_KEY_SECRET = "demosecretforopenthreeelevenclientsonly";
export const DEMO_OPEN311_KEY = `${DEMO_OPEN311_KEY_ID}.${DEMO_OPEN311_KEY_SECRET}`;

type EventRow = typeof workOrderEvents.$inferInsert;
type Status = NonNullable<EventRow["toStatus"]>;
const HOUR = 3_600_000;

/** What the 吹哨报到 demo data builds on. */
export interface HotlineSeedResult {
  demoHubId: string;
  unitIdByCode: ReadonlyMap<string, string>;
  /** An unanswered order of the demo community past its due time, if the year has one. */
  overdueOrder: {
    id: string;
    number: string;
    communityId: string;
    compoundId: string | null;
    address: string;
  } | null;
}

export async function seedHotline(
  ctx: SeedContext,
  reg: RegistryResult,
  people: { unitStaffUserId: string },
): Promise<HotlineSeedResult> {
  const { rng, ids, tx } = ctx;
  const districtId = reg.districtId;

  // ——— units ———
  const unitRows: (typeof handlingUnits.$inferInsert)[] = [];
  const byCode = new Map<string, string>();
  const hubOf = new Map<string, string>();
  const policeOf = new Map<string, string>();
  for (const u of DISTRICT_UNITS) {
    const id = ids.next();
    byCode.set(u.code, id);
    unitRows.push({ id, ...u, areaKind: "district", districtId });
  }
  for (const s of reg.subdistricts) {
    const id = ids.next();
    hubOf.set(s.id, id);
    unitRows.push({
      id,
      code: `HUB-${s.code}`,
      name: s.kind === "street" ? `${s.name}办事处` : `${s.name}人民政府`,
      kind: s.kind === "street" ? "street_office" : "town_office",
      tier: "streets_towns",
      areaKind: "subdistrict",
      districtId,
      subdistrictId: s.id,
    });
  }
  for (const p of POLICE_STATIONS) {
    const s = reg.subdistricts.find((x) => x.name === p.subdistrict);
    if (!s) continue;
    const id = ids.next();
    policeOf.set(s.id, id);
    unitRows.push({
      id,
      code: `PS-${s.code}`,
      name: p.name,
      kind: "police_station",
      tier: "departments",
      areaKind: "subdistrict",
      districtId,
      subdistrictId: s.id,
    });
  }
  await insertChunks(ctx, "handling_units", handlingUnits, unitRows);
  // The demo unit-staff login works the demo street office's orders.
  const demoHub = hubOf.get(reg.demoSubdistrict.id);
  if (!demoHub) throw new Error("seed: the demo subdistrict has no handling unit");
  await insertChunks(ctx, "role_assignments", roleAssignments, [
    {
      id: ids.next(),
      role: "unit_staff",
      userId: people.unitStaffUserId,
      scopeKind: "handling_unit",
      scopeId: demoHub,
    },
  ]);

  // ——— categories and the dispatch catalogue ———
  const catRows: (typeof requestCategories.$inferInsert)[] = [];
  const ruleRows: (typeof dispatchRules.$inferInsert)[] = [];
  const leaves: { id: string; spec: LeafSpec; allHours: boolean }[] = [];
  const validFrom = addDays(ctx.today, -400);
  for (const root of CATEGORY_TREE) {
    const rootId = ids.next();
    const allHours = root.allHours ?? false;
    catRows.push({
      id: rootId,
      code: root.code,
      nameZh: root.zh,
      nameEn: root.en,
      limitKind: root.limit.kind,
      limitAmount: root.limit.amount,
      allHours,
    });
    for (const leaf of root.children) {
      const id = ids.next();
      catRows.push({
        id,
        parentId: rootId,
        code: leaf.code,
        nameZh: leaf.zh,
        nameEn: leaf.en,
        limitKind: leaf.limit.kind,
        limitAmount: leaf.limit.amount,
        allHours,
      });
      leaves.push({ id, spec: leaf, allHours });
      const t = leaf.target;
      const rule = (unitId: string, subdistrictId: string | null = null) =>
        ruleRows.push({ id: ids.next(), categoryId: id, districtId, subdistrictId, unitId, validFrom });
      if ("unit" in t) rule(byCode.get(t.unit)!);
      else if ("hub" in t) {
        rule(byCode.get(t.fallback)!);
        for (const [sub, unit] of hubOf) rule(unit, sub);
      } else {
        rule(byCode.get("YQ-GAFJ")!);
        for (const [sub, unit] of policeOf) rule(unit, sub);
      }
    }
  }
  await insertChunks(ctx, "request_categories", requestCategories, catRows);
  await insertChunks(ctx, "dispatch_rules", dispatchRules, ruleRows);
  const districtRule = new Map<string, string>();
  const subRule = new Map<string, string>();
  for (const r of ruleRows)
    if (r.subdistrictId) subRule.set(`${r.categoryId}|${r.subdistrictId}`, r.unitId);
    else districtRule.set(r.categoryId, r.unitId);

  // ——— the calendar (chinese-days; a year the package lacks is provisional) and formula v1 ———
  const year = Number(ctx.today.slice(0, 4));
  const loaded = await loadChineseDaysCalendar(tx, [year - 1, year, year + 1]);
  ctx.counts.calendar_days = loaded.reduce((n, y) => n + y.written, 0);
  const calendar = await workingCalendarFrom(tx, [year - 1, year, year + 1]);
  await insertChunks(ctx, "rate_formulas", rateFormulas, [
    {
      id: ids.next(),
      version: "1",
      name: "公开口径：响应 0.1 / 解决 0.5 / 满意 0.4，基本满意按 0.9 计",
      validFrom: `${year - 1}-01-01`,
      weightResponse: publishedHotlineFormulaExample.weights.response,
      weightResolution: publishedHotlineFormulaExample.weights.resolution,
      weightSatisfaction: publishedHotlineFormulaExample.weights.satisfaction,
      basicallySatisfiedFactor: publishedHotlineFormulaExample.basicallySatisfiedFactor,
      exclusions: [...publishedHotlineFormulaExample.exclusions],
      source: "DOMAIN.md §9: one published variant (all three rates over valid callbacks)",
    },
  ]);

  // ——— places: compounds with their buildings, a few hot ones ———
  const buildingRows = (await tx.execute(
    sql`select id, compound_id from buildings order by compound_id, code`,
  )) as unknown as { rows: { id: string; compound_id: string }[] } | { id: string; compound_id: string }[];
  const bl = Array.isArray(buildingRows) ? buildingRows : buildingRows.rows;
  const buildingsOf = new Map<string, string[]>();
  for (const b of bl) {
    const list = buildingsOf.get(b.compound_id) ?? [];
    list.push(b.id);
    buildingsOf.set(b.compound_id, list);
  }
  const hot = new Set(rng.sample(reg.compounds, S.hotCompounds).map((c) => c.id));
  const compoundWeights = reg.compounds.map(
    (c) => [c, (hot.has(c.id) ? S.hotCompoundWeight : 1) * Math.max(1, Math.sqrt(c.households))] as const,
  );

  // ——— orders ———
  const now = at(ctx.today, 12).getTime();
  const start = addDays(ctx.today, -365);
  const orders: (typeof workOrders.$inferInsert)[] = [];
  const events: EventRow[] = [];
  const callbacks: (typeof workOrderCallbacks.$inferInsert)[] = [];
  const perDay = new Map<string, number>();
  const monthWeights = new Map<number, (readonly [(typeof leaves)[number], number])[]>();
  for (let m = 1; m <= 12; m++)
    monthWeights.set(
      m,
      leaves.map((l) => [l, l.spec.weight * (l.spec.season ? (l.spec.season[m] ?? 0.8) : 1)] as const),
    );

  for (let i = 0; i < HOTLINE_ORDERS; i++) {
    const day = addDays(start, rng.int(0, 364)) as IsoDate;
    const received = at(day, rng.int(7, 21), rng.int(0, 59));
    const leaf = rng.weighted(monthWeights.get(Number(day.slice(5, 7)))!);
    const withCompound = rng.chance(S.withCompound);
    const compound = withCompound ? rng.weighted(compoundWeights) : null;
    const community = compound ? compound.community : rng.pick(reg.communities);
    const buildings = compound ? (buildingsOf.get(compound.id) ?? []) : [];
    const buildingId =
      buildings.length === 0
        ? null
        : hot.has(compound!.id) && rng.chance(0.6)
          ? buildings[0]!
          : rng.pick(buildings);
    const subdistrictId = community.subdistrict.id;
    const unitId = subRule.get(`${leaf.id}|${subdistrictId}`) ?? districtRule.get(leaf.id)!;
    const limit: TimeLimit = leaf.spec.limit;
    const due = dueAt(received, limit, calendar);
    const seq = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, seq);
    const id = ids.next();
    const type = rng.chance(leaf.spec.consultation ?? 0.08)
      ? "consultation"
      : rng.weighted([
          ["complaint", 5],
          ["help", 3],
          ["report", 1],
          ["suggestion", 1],
        ] as const);

    let t = received.getTime();
    let status: Status = "received";
    const o: typeof workOrders.$inferInsert = {
      id,
      number: `${day.replaceAll("-", "")}${pad(seq, 5)}`,
      type,
      channel: rng.weighted([
        ["hotline_12345", 80],
        ["web", 8],
        ["district_app", 10],
        ["open311", 1],
        ["other", 1],
      ] as const),
      requesterName: rng.chance(0.85) ? personName(rng) : null,
      requesterPhone: `1${rng.pick(["3", "5", "7", "8", "9"])}${pad(rng.int(0, 999_999_999), 9)}`,
      districtId,
      subdistrictId,
      communityId: community.id,
      compoundId: compound?.id ?? null,
      buildingId,
      address: compound
        ? `${community.subdistrict.name}${compound.name}`
        : `${community.subdistrict.name}${community.name}`,
      text: `${leaf.spec.zh}：${compound ? compound.name : community.name}居民反映相关问题，请尽快处理。`,
      categoryId: leaf.id,
      limitKind: limit.kind,
      limitAmount: limit.amount,
      receivedAt: received,
      dueAt: due,
      returnCount: 0,
      reopenCount: 0,
    };
    let assigned: string | null = null;
    let lead: string | null = null;
    // each step happens at `t + ms` unless that is after now: then the order stays where it is
    const step = (ms: number, to: Status, extra: Partial<EventRow> = {}): boolean => {
      const next = t + Math.max(60_000, Math.round(ms));
      if (next > now) return false;
      t = next;
      events.push({
        id: ids.next(),
        workOrderId: id,
        kind: "transition",
        fromStatus: status,
        toStatus: to,
        at: new Date(t),
        actor: "unit_staff",
        unitId: assigned,
        ...extra,
      });
      status = to;
      return true;
    };
    const span = due.getTime() - received.getTime();
    const work = () => (rng.chance(S.late) ? span * (1 + rng.next() * 0.5) : span * (0.1 + rng.next() * 0.8));
    const run = (): void => {
      assigned = unitId;
      if (!step(rng.int(5, 90) * 60_000, "dispatched", { actor: "dispatcher", unitId })) return;
      o.dispatchedAt = new Date(t);
      if (rng.chance(S.returned)) {
        if (!step(rng.int(1, 6) * HOUR, "returned", { reason: rng.pick(RETURN_REASONS) })) return;
        o.returnCount = 1;
        const again = districtRule.get(leaf.id)!;
        const to = again === unitId ? (hubOf.get(subdistrictId) ?? again) : again;
        assigned = to;
        if (
          !step(rng.int(10, 60) * 60_000, "dispatched", {
            actor: "dispatcher",
            unitId: to,
            reason: to === unitId ? "复核后仍属该单位" : null,
          })
        )
          return;
        o.dispatchedAt = new Date(t);
      }
      if (!step(rng.int(10, 240) * 60_000, "accepted")) return;
      lead = assigned;
      o.acceptedAt = new Date(t);
      if (!step(rng.int(5, 60) * 60_000, "in_progress")) return;
      if (!step(work(), "answered", { note: rng.pick(ANSWERS) })) return;
      o.answeredAt = new Date(t);
      for (let round = 1; round <= 2; round++) {
        if (!step(rng.int(18, 30) * HOUR, "called_back", { actor: "intake_staff", unitId: null })) return;
        const valid = !rng.chance(S.invalidCallback);
        const solved = valid && rng.chance(round === 1 ? S.solvedFirstRound : S.solvedSecondRound);
        const [ps, pb] = solved ? S.satisfactionSolved : S.satisfactionUnsolved;
        const r = rng.next();
        callbacks.push({
          id: ids.next(),
          workOrderId: id,
          round,
          contacted: valid && rng.chance(S.contacted),
          solved,
          satisfaction: r < ps ? "satisfied" : r < ps + pb ? "basically_satisfied" : "dissatisfied",
          valid,
          invalidReason: valid ? null : rng.pick(INVALID_REASONS),
          at: new Date(t),
        });
        if (valid && !solved && round === 1 && rng.chance(S.reopenIfUnsolved)) {
          if (
            !step(rng.int(1, 4) * HOUR, "reopened", {
              actor: "system",
              unitId: null,
              reason: "回访未解决，重办",
            })
          )
            return;
          o.reopenCount = 1;
          assigned = lead;
          if (!step(rng.int(1, 8) * HOUR, "in_progress", { unitId: lead })) return;
          if (!step(work() / 2, "answered", { note: rng.pick(ANSWERS), unitId: lead })) return;
          o.answeredAt = new Date(t);
          continue;
        }
        if (
          step(rng.int(1, 6) * HOUR, "closed", {
            actor: "intake_staff",
            unitId: null,
            reason: valid && !solved ? "已向诉求人解释，诉求暂无法解决" : null,
          })
        )
          o.closedAt = new Date(t);
        return;
      }
    };
    run();
    o.status = status;
    o.assignedUnitId = assigned;
    o.leadUnitId = lead;
    orders.push(o);
  }
  await insertChunks(ctx, "work_orders", workOrders, orders);
  await insertChunks(ctx, "work_order_events", workOrderEvents, events);
  await insertChunks(ctx, "work_order_callbacks", workOrderCallbacks, callbacks);

  // ——— 未诉先办: the district's special plans and their tasks (a handful of rows) ———
  const categoryByCode = new Map(catRows.map((c) => [c.code, c.id!]));
  const subs = [reg.demoSubdistrict, ...reg.subdistricts.filter((s) => s.id !== reg.demoSubdistrict.id)];
  const planRows: (typeof governancePlans.$inferInsert)[] = [];
  const themeRows: (typeof governancePlanThemes.$inferInsert)[] = [];
  const areaRows: (typeof governancePlanAreas.$inferInsert)[] = [];
  const taskRows: (typeof planTasks.$inferInsert)[] = [];
  for (const p of GOVERNANCE_PLANS) {
    const planId = ids.next();
    const sub = p.sub === undefined ? null : subs[p.sub]!;
    const unitOf = (code: string) => (code === "hub" && sub ? hubOf.get(sub.id) : byCode.get(code));
    const ownerUnitId = unitOf(p.owner);
    if (!ownerUnitId) throw new Error(`seed: no unit ${p.owner} for plan ${p.title}`);
    planRows.push({
      id: planId,
      title: p.title,
      ownerUnitId,
      status: p.status,
      startsOn: addDays(ctx.today, p.start),
      endsOn: addDays(ctx.today, p.start + p.days),
      description: p.description,
    });
    for (const code of p.themes) themeRows.push({ planId, categoryId: categoryByCode.get(code)! });
    areaRows.push({ id: ids.next(), planId, districtId, subdistrictId: sub?.id ?? null });
    for (const task of p.tasks)
      taskRows.push({
        id: ids.next(),
        planId,
        title: task.title,
        ownerUnitId: unitOf(task.owner)!,
        deadline: addDays(ctx.today, task.deadline),
        status: task.done === null ? "open" : "done",
        doneOn: task.done === null ? null : addDays(ctx.today, task.done),
      });
  }
  await insertChunks(ctx, "governance_plans", governancePlans, planRows);
  await insertChunks(ctx, "governance_plan_themes", governancePlanThemes, themeRows);
  await insertChunks(ctx, "governance_plan_areas", governancePlanAreas, areaRows);
  await insertChunks(ctx, "plan_tasks", planTasks, taskRows);
  // ——— Open311: one demo API key for the district (ADR 0019), printed by `npm start` ———
  await tx.insert(open311ApiKeys).values({
    id: DEMO_OPEN311_KEY_ID,
    secretHash: new Uint8Array(createHash("sha256").update(DEMO_OPEN311_KEY_SECRET).digest()),
    label: "演示 Open311 客户端 / demo Open311 client",
    districtId,
    channel: "open311",
  });
  ctx.counts.open311_api_keys = 1;
  // Past due at 09:00 and still unanswered then: of the demo community, else of the demo street.
  const raisedAt = now - 3 * HOUR;
  const overdueAt9 = (o: (typeof orders)[number]) =>
    (o.dueAt as Date).getTime() < raisedAt &&
    (o.answeredAt === null || o.answeredAt === undefined || (o.answeredAt as Date).getTime() > raisedAt) &&
    o.status !== "merged";
  const overdue =
    orders.find((o) => o.communityId === reg.demoCommunity.id && overdueAt9(o)) ??
    orders.find((o) => o.subdistrictId === reg.demoSubdistrict.id && o.communityId && overdueAt9(o));
  return {
    demoHubId: demoHub,
    unitIdByCode: byCode,
    overdueOrder: overdue
      ? {
          id: overdue.id!,
          number: overdue.number,
          communityId: overdue.communityId!,
          compoundId: overdue.compoundId ?? null,
          address: overdue.address ?? "",
        }
      : null,
  };
}
