/**
 * 未诉先办 / 主动治理 (DOMAIN.md §9): 专项治理方案 with their themes (categories), areas (a district or one
 * 街道/乡镇) and 主动治理任务, and the plan's measured effect — the requests on its themes in its areas,
 * month by month, in equal windows before and after the plan started: ONE set-based query.
 *
 * Status changes are compare-and-set (the caller checked core's `governancePlanLifecycle` /
 * `planTaskLifecycle` first); a lost race changes nothing and reports a conflict.
 */
import type { GovernancePlanStatus, Page, PlanTaskStatus } from "@gongzhi/core";
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { DbConstraintError, withConstraintErrors } from "../errors.ts";
import {
  governancePlanAreas,
  governancePlans,
  governancePlanThemes,
  handlingUnits,
  planTasks,
  requestCategories,
  workOrders,
} from "../schema/index.ts";
import { keysetSort, pageSize } from "./pagination.ts";

export type GovernancePlanRow = typeof governancePlans.$inferSelect;
export type PlanTaskRow = typeof planTasks.$inferSelect;
export interface PlanArea {
  districtId: string;
  subdistrictId: string | null;
}
export interface GovernancePlanFull extends GovernancePlanRow {
  districtId: string;
  themeCategoryIds: string[];
  areas: PlanArea[];
  tasks: PlanTaskRow[];
}
export interface GovernancePlanListRow extends GovernancePlanRow {
  districtId: string;
  themeCategoryIds: string[];
  areas: PlanArea[];
  taskCount: number;
  doneTaskCount: number;
  /** Tasks neither done nor cancelled whose deadline is before `today`. */
  overdueTaskCount: number;
}

export interface PlanEffectMonth {
  /** Months from the plan's start: -N … -1 before, 0 … N-1 after. */
  offset: number;
  /** [from, to) as Beijing dates, `from` = startsOn + offset months. */
  from: string;
  to: string;
  requests: number;
}

/** A status compare-and-set that lost: someone changed the plan or task first. */
export class GovernancePlanConflictError extends DbConstraintError {
  constructor(what: "governance_plan" | "plan_task", id: string) {
    super("invalid_input", `${what}_status_changed`, `${what} ${id} was changed meanwhile: reload and retry`);
  }
}

async function rowsOf<R>(db: Executor, query: SQL): Promise<R[]> {
  const result = (await db.execute(query)) as unknown as { rows?: R[] } | R[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

export function governancePlansRepository(db: Executor) {
  const themesOf = async (ids: readonly string[]) => {
    const out = new Map<string, string[]>();
    if (ids.length === 0) return out;
    const rows = await db
      .select()
      .from(governancePlanThemes)
      .where(inArray(governancePlanThemes.planId, [...ids]))
      .orderBy(asc(governancePlanThemes.categoryId));
    for (const r of rows) out.set(r.planId, [...(out.get(r.planId) ?? []), r.categoryId]);
    return out;
  };
  const areasOf = async (ids: readonly string[]) => {
    const out = new Map<string, PlanArea[]>();
    if (ids.length === 0) return out;
    const rows = await db
      .select()
      .from(governancePlanAreas)
      .where(inArray(governancePlanAreas.planId, [...ids]))
      .orderBy(asc(governancePlanAreas.districtId), sql`${governancePlanAreas.subdistrictId} nulls first`);
    for (const r of rows)
      out.set(r.planId, [
        ...(out.get(r.planId) ?? []),
        { districtId: r.districtId, subdistrictId: r.subdistrictId },
      ]);
    return out;
  };
  const replaceThemesAndAreas = async (
    planId: string,
    categoryIds: readonly string[] | undefined,
    areas: readonly PlanArea[] | undefined,
  ) => {
    if (categoryIds) {
      await db.delete(governancePlanThemes).where(eq(governancePlanThemes.planId, planId));
      await db
        .insert(governancePlanThemes)
        .values([...new Set(categoryIds)].map((categoryId) => ({ planId, categoryId })));
    }
    if (areas) {
      await db.delete(governancePlanAreas).where(eq(governancePlanAreas.planId, planId));
      const unique = [...new Map(areas.map((a) => [`${a.districtId}/${a.subdistrictId ?? ""}`, a])).values()];
      await db.insert(governancePlanAreas).values(unique.map((a) => ({ planId, ...a })));
    }
  };
  const get = async (id: string): Promise<GovernancePlanFull | null> => {
    const [plan] = await db
      .select({ plan: governancePlans, districtId: handlingUnits.districtId })
      .from(governancePlans)
      .innerJoin(handlingUnits, eq(handlingUnits.id, governancePlans.ownerUnitId))
      .where(eq(governancePlans.id, id));
    if (!plan) return null;
    const tasks = await db
      .select()
      .from(planTasks)
      .where(eq(planTasks.planId, id))
      .orderBy(asc(planTasks.deadline), asc(planTasks.createdAt), asc(planTasks.id));
    return {
      ...plan.plan,
      districtId: plan.districtId,
      themeCategoryIds: (await themesOf([id])).get(id) ?? [],
      areas: (await areasOf([id])).get(id) ?? [],
      tasks,
    };
  };

  return {
    get,

    /** A plan with its themes and areas, in one transaction. */
    create: (p: {
      title: string;
      ownerUnitId: string;
      startsOn: string;
      endsOn: string;
      description: string;
      categoryIds: readonly string[];
      areas: readonly PlanArea[];
    }) =>
      withConstraintErrors(async () => {
        const [plan] = await db
          .insert(governancePlans)
          .values({
            title: p.title,
            ownerUnitId: p.ownerUnitId,
            startsOn: p.startsOn,
            endsOn: p.endsOn,
            description: p.description,
          })
          .returning();
        await replaceThemesAndAreas(plan!.id, p.categoryIds, p.areas);
        return (await get(plan!.id))!;
      }),

    /** Change a plan's fields; themes and areas, when given, replace the current ones. */
    update: (
      id: string,
      p: {
        title?: string;
        startsOn?: string;
        endsOn?: string;
        description?: string;
        categoryIds?: readonly string[];
        areas?: readonly PlanArea[];
      },
    ) =>
      withConstraintErrors(async () => {
        const set: Partial<typeof governancePlans.$inferInsert> = {};
        if (p.title !== undefined) set.title = p.title;
        if (p.startsOn !== undefined) set.startsOn = p.startsOn;
        if (p.endsOn !== undefined) set.endsOn = p.endsOn;
        if (p.description !== undefined) set.description = p.description;
        await db
          .update(governancePlans)
          .set({ ...set, updatedAt: sql`now()` })
          .where(eq(governancePlans.id, id));
        await replaceThemesAndAreas(id, p.categoryIds, p.areas);
        return (await get(id))!;
      }),

    /** Lock a plan row (FOR UPDATE) while a change to it or its tasks is decided. */
    lock: async (id: string) =>
      (await db.select().from(governancePlans).where(eq(governancePlans.id, id)).for("update"))[0] ?? null,

    /** Compare-and-set of the status. */
    setStatus: async (id: string, from: GovernancePlanStatus, to: GovernancePlanStatus) => {
      const rows = await db
        .update(governancePlans)
        .set({ status: to, updatedAt: sql`now()` })
        .where(and(eq(governancePlans.id, id), eq(governancePlans.status, from)))
        .returning();
      if (rows.length === 0) throw new GovernancePlanConflictError("governance_plan", id);
      return rows[0]!;
    },

    /** Tasks of a plan neither done nor cancelled. */
    unfinishedTaskCount: async (planId: string) =>
      Number(
        (
          await db
            .select({ n: sql<number>`count(*)::int` })
            .from(planTasks)
            .where(
              and(
                eq(planTasks.planId, planId),
                inArray(planTasks.status, ["open", "in_progress", "overdue"]),
              ),
            )
        )[0]?.n ?? 0,
      ),

    addTask: (t: { planId: string; title: string; ownerUnitId: string; deadline: string }) =>
      withConstraintErrors(async () => (await db.insert(planTasks).values(t).returning())[0]!),

    getTask: async (id: string) => (await db.select().from(planTasks).where(eq(planTasks.id, id)))[0] ?? null,

    /** Compare-and-set of a task's status; done stamps `doneOn` (and only done has it). */
    setTaskStatus: async (id: string, from: PlanTaskStatus, to: PlanTaskStatus, doneOn: string | null) => {
      const rows = await db
        .update(planTasks)
        .set({ status: to, doneOn: to === "done" ? doneOn : null, updatedAt: sql`now()` })
        .where(and(eq(planTasks.id, id), eq(planTasks.status, from)))
        .returning();
      if (rows.length === 0) throw new GovernancePlanConflictError("plan_task", id);
      return rows[0]!;
    },

    /**
     * Plans of a district (all its units') or of a 街道/乡镇 (its units'), optionally in some statuses,
     * newest start first, keyset pages; each with its task counts (one query with the page).
     */
    list: async (input: {
      scope: { level: "district" | "subdistrict"; id: string };
      statuses?: readonly GovernancePlanStatus[];
      today: string;
      cursor?: string | null;
      limit?: number;
    }): Promise<Page<GovernancePlanListRow>> => {
      const limit = pageSize(input.limit);
      const ks = keysetSort({
        columns: {
          startsOn: {
            column: governancePlans.startsOn,
            kind: "date",
            value: (r: GovernancePlanRow) => r.startsOn,
          },
        },
        sort: { key: "startsOn", direction: "desc" },
        tiebreak: { column: governancePlans.id, kind: "uuid", value: (r: GovernancePlanRow) => r.id },
        cursor: input.cursor,
      });
      const unitFilter =
        input.scope.level === "district"
          ? eq(handlingUnits.districtId, input.scope.id)
          : eq(handlingUnits.subdistrictId, input.scope.id);
      const rows = await db
        .select({
          plan: governancePlans,
          districtId: handlingUnits.districtId,
          taskCount: sql<number>`(select count(*)::int from ${planTasks} t where t.plan_id = ${governancePlans.id})`,
          doneTaskCount: sql<number>`(select count(*)::int from ${planTasks} t where t.plan_id = ${governancePlans.id} and t.status = 'done')`,
          overdueTaskCount: sql<number>`(select count(*)::int from ${planTasks} t where t.plan_id = ${governancePlans.id} and t.status in ('open', 'in_progress', 'overdue') and t.deadline < ${input.today}::date)`,
        })
        .from(governancePlans)
        .innerJoin(handlingUnits, eq(handlingUnits.id, governancePlans.ownerUnitId))
        .where(
          and(
            unitFilter,
            input.statuses && input.statuses.length > 0
              ? inArray(governancePlans.status, [...input.statuses])
              : undefined,
            ks.where,
          ),
        )
        .orderBy(...ks.orderBy)
        .limit(limit + 1);
      const ids = rows.map((r) => r.plan.id);
      const [themes, areas] = [await themesOf(ids), await areasOf(ids)];
      const flat = rows.map((r) => ({
        ...r.plan,
        districtId: r.districtId,
        themeCategoryIds: themes.get(r.plan.id) ?? [],
        areas: areas.get(r.plan.id) ?? [],
        taskCount: Number(r.taskCount),
        doneTaskCount: Number(r.doneTaskCount),
        overdueTaskCount: Number(r.overdueTaskCount),
      }));
      return ks.toPage(flat, limit);
    },

    /**
     * The measured effect: requests (work orders received) on the plan's themes — each theme with its
     * whole category subtree — at a place in the plan's areas (a whole district, or one 街道/乡镇), in
     * 2 × `months` equal monthly windows around the start: offset -months … -1 before, 0 … months-1
     * after, window k = [startsOn + k months, startsOn + (k+1) months) in Beijing time. ONE query; a
     * window with no requests counts 0.
     */
    effect: async (planId: string, startsOn: string, months: number): Promise<PlanEffectMonth[]> => {
      if (!Number.isSafeInteger(months) || months < 1 || months > 24)
        throw new DbConstraintError("invalid_input", "governance_plan_effect_months", "months: 1 to 24");
      const rows = await rowsOf<{ k: number; from_on: string; to_on: string; requests: number }>(
        db,
        sql`with recursive theme(id) as (
              select category_id from ${governancePlanThemes} where plan_id = ${planId}
              union
              select c.id from ${requestCategories} c join theme on c.parent_id = theme.id
            ), windows as (
              select k, (${startsOn}::date + make_interval(months => k))::date as from_on,
                        (${startsOn}::date + make_interval(months => k + 1))::date as to_on
                from generate_series(${-months}::int, ${months - 1}::int) as k
            )
            select w.k, w.from_on::text as from_on, w.to_on::text as to_on, count(o.id)::int as requests
              from windows w
              left join ${workOrders} o
                on o.received_at >= (w.from_on::timestamp at time zone 'Asia/Shanghai')
               and o.received_at < (w.to_on::timestamp at time zone 'Asia/Shanghai')
               and o.category_id in (select id from theme)
               and exists (select 1 from ${governancePlanAreas} a
                            where a.plan_id = ${planId} and a.district_id = o.district_id
                              and (a.subdistrict_id is null or a.subdistrict_id = o.subdistrict_id))
             group by w.k, w.from_on, w.to_on
             order by w.k`,
      );
      return rows.map((r) => ({
        offset: Number(r.k),
        from: String(r.from_on).slice(0, 10),
        to: String(r.to_on).slice(0, 10),
        requests: Number(r.requests),
      }));
    },

    /** Which of these categories exist (the caller refuses unknown themes). */
    existingCategories: async (ids: readonly string[]) =>
      ids.length === 0
        ? []
        : (
            await db
              .select({ id: requestCategories.id })
              .from(requestCategories)
              .where(inArray(requestCategories.id, [...new Set(ids)]))
          ).map((r) => r.id),
  };
}
