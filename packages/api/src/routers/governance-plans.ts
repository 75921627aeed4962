/**
 * 未诉先办 / 主动治理 (DOMAIN.md §9; 北京市接诉即办工作条例, chapter 主动治理): 专项治理方案 drawn from
 * concentrated requests — themes (categories, each with its subtree) and areas (the district, or one
 * 街道/乡镇) — with 主动治理任务 (owner unit, deadline, done), a lifecycle from core
 * (`governancePlanLifecycle`: draft → active → completed, or cancelled), and the measured effect: the
 * requests on its themes in its areas month by month, in equal windows before and after the start.
 *
 * Who: street/town and district staff (`governancePlanRoles`). A plan belongs where its owner unit
 * does (scope `handling_unit`): district staff see the district's plans, street staff their street
 * office's. Its areas must lie in the owner's district and within the actor's own scope; task owners
 * are units of the same district.
 */
import {
  beijingDate,
  type GovernancePlanActor,
  governancePlan,
  governancePlanLifecycle,
  governancePlanRoles,
  governancePlanStatuses,
  type hotlineArea,
  isGovernancePlanEditable,
  isoDate,
  isPlanTaskOverdue,
  pageInput,
  planTask,
  planTaskLifecycle,
} from "@gongzhi/core";
import {
  ancestryOf,
  type Executor,
  type GovernancePlanFull,
  governancePlansRepository,
  hotlineRepository,
  type PlanArea,
} from "@gongzhi/db";
import { z } from "zod";
import { ApiError, notFound } from "../errors.ts";
import type { Assignment } from "../policy.ts";
import { audited, router, scopedProcedure } from "../trpc.ts";
import { requireTypedDate } from "../typed-dates.ts";

const planStaff = scopedProcedure(governancePlanRoles);

const planView = z.object({
  plan: governancePlan,
  districtId: z.uuid(),
  tasks: z.array(planTask.extend({ overdue: z.boolean() })),
  /** The statuses the plan may move to now (core's table with its guards). */
  next: z.array(z.enum(governancePlanStatuses)),
});

const listItem = z.object({
  plan: governancePlan,
  districtId: z.uuid(),
  taskCount: z.number().int(),
  doneTaskCount: z.number().int(),
  overdueTaskCount: z.number().int(),
});

const planFields = {
  title: governancePlan.shape.title,
  startsOn: isoDate,
  endsOn: isoDate,
  description: governancePlan.shape.description.default(""),
  themeCategoryIds: governancePlan.shape.themeCategoryIds,
  areas: governancePlan.shape.areas,
};

/** The role the actor acts in, for core's tables (the procedure admits only plan roles). */
function planActor(scopes: readonly Assignment[]): GovernancePlanActor {
  for (const role of governancePlanRoles) if (scopes.some((a) => a.role === role)) return role;
  return "district_staff";
}

const toAreas = (areas: readonly PlanArea[]) =>
  areas.map((a) =>
    a.subdistrictId
      ? { kind: "subdistrict" as const, id: a.subdistrictId }
      : { kind: "district" as const, id: a.districtId },
  );

function view(p: GovernancePlanFull, today: string, unfinished: number): z.infer<typeof planView> {
  const ctx = {
    themeCount: p.themeCategoryIds.length,
    areaCount: p.areas.length,
    unfinishedTaskCount: unfinished,
  };
  return {
    plan: {
      id: p.id,
      title: p.title,
      ownerUnitId: p.ownerUnitId,
      themeCategoryIds: p.themeCategoryIds,
      areas: toAreas(p.areas),
      status: p.status,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      description: p.description,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    },
    districtId: p.districtId,
    tasks: p.tasks.map((t) => ({ ...t, overdue: isPlanTaskOverdue(t, today) })),
    next: governancePlanLifecycle.next(p.status, undefined, ctx),
  };
}

const unfinishedOf = (p: GovernancePlanFull) =>
  p.tasks.filter((t) => t.status === "open" || t.status === "in_progress" || t.status === "overdue").length;

async function loadPlan(db: Executor, id: string): Promise<GovernancePlanFull> {
  const p = await governancePlansRepository(db).get(id);
  if (!p) throw notFound("governance_plan");
  return p;
}

const bad = (key: string, message: string) =>
  new ApiError("BAD_REQUEST", `error.governance_plan.${key}`, message);

/**
 * The plan's areas as rows, each in the owner unit's district and within the actor's scope; its
 * themes all existing categories; its dates in order.
 */
async function checkedContent(
  ctx: {
    db: Executor;
    requireScope: (t: { level: "district" | "subdistrict"; id: string }) => Promise<unknown>;
  },
  districtId: string,
  input: {
    areas?: z.infer<typeof hotlineArea>[];
    themeCategoryIds?: string[];
    startsOn?: string;
    endsOn?: string;
  },
): Promise<PlanArea[] | undefined> {
  if (input.startsOn && input.endsOn && input.endsOn < input.startsOn)
    throw bad("dates", "a plan ends on or after the day it starts");
  if (input.themeCategoryIds) {
    const known = new Set(await governancePlansRepository(ctx.db).existingCategories(input.themeCategoryIds));
    if (input.themeCategoryIds.some((c) => !known.has(c)))
      throw bad("unknown_category", "a theme is not a request category");
  }
  if (!input.areas) return undefined;
  const rows: PlanArea[] = [];
  for (const area of input.areas) {
    const a = await ancestryOf(ctx.db, area.kind, area.id);
    if (!a) throw notFound(area.kind);
    if (a.districtId !== districtId)
      throw bad("area_outside_district", "an area of the plan lies outside the owner unit's district");
    await ctx.requireScope({ level: area.kind, id: area.id });
    rows.push({ districtId, subdistrictId: area.kind === "subdistrict" ? area.id : null });
  }
  return rows;
}

const effectOutput = z.object({
  months: z.number().int(),
  startsOn: isoDate,
  series: z.array(
    z.object({
      offset: z.number().int(),
      from: isoDate,
      to: isoDate,
      requests: z.number().int(),
      /** The window has fully passed (a window still running is not comparable yet). */
      complete: z.boolean(),
    }),
  ),
  before: z.number().int(),
  after: z.number().int(),
  /** (after − before) / before in basis points, rounded toward zero; null when before is 0. */
  changeBasisPoints: z.number().int().nullable(),
  /** Whether every window after the start has passed. */
  afterComplete: z.boolean(),
});

export const governancePlansRouter = router({
  /** Plans of a district or a 街道/乡镇 (their units'), newest start first, with task counts. */
  list: planStaff
    .input(
      pageInput.extend({
        scope: z.object({ level: z.enum(["district", "subdistrict"]), id: z.uuid() }),
        statuses: z.array(z.enum(governancePlanStatuses)).max(governancePlanStatuses.length).optional(),
      }),
    )
    .output(z.object({ items: z.array(listItem), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      await ctx.requireScope(input.scope);
      const repo = governancePlansRepository(ctx.db);
      const page = await repo.list({
        scope: input.scope,
        statuses: input.statuses,
        today: beijingDate(ctx.now()),
        cursor: input.cursor ?? null,
        limit: input.limit,
      });
      return {
        items: page.items.map((p) => ({
          plan: view({ ...p, tasks: [] }, beijingDate(ctx.now()), 0).plan,
          districtId: p.districtId,
          taskCount: p.taskCount,
          doneTaskCount: p.doneTaskCount,
          overdueTaskCount: p.overdueTaskCount,
        })),
        nextCursor: page.nextCursor,
      };
    }),

  /** A plan with its tasks (each marked overdue when late) and the moves it may make now. */
  get: planStaff
    .input(z.object({ id: z.uuid() }))
    .output(planView)
    .query(async ({ ctx, input }) => {
      const p = await loadPlan(ctx.db, input.id);
      await ctx.requireScope({ level: "handling_unit", id: p.ownerUnitId });
      return view(p, beijingDate(ctx.now()), unfinishedOf(p));
    }),

  /** A new plan (草拟), owned by a unit in scope, with its themes and areas. */
  create: planStaff
    .input(z.object({ ownerUnitId: z.uuid(), ...planFields }))
    .output(planView)
    .mutation(async ({ ctx, input }) => {
      const owner = await ctx.requireScope({ level: "handling_unit", id: input.ownerUnitId });
      const areas = (await checkedContent(ctx, owner.districtId, input))!;
      return audited(ctx, async (tx) => {
        const p = await governancePlansRepository(tx).create({
          title: input.title,
          ownerUnitId: input.ownerUnitId,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          description: input.description,
          categoryIds: input.themeCategoryIds,
          areas,
        });
        return {
          result: view(p, beijingDate(ctx.now()), 0),
          audit: {
            action: "governancePlans.create",
            entityType: "governance_plan",
            entityId: p.id,
            after: { ...input, areas },
          },
        };
      });
    }),

  /** Change a plan still in draft or in effect: title, dates, description, themes, areas. */
  update: planStaff
    .input(
      z.object({
        id: z.uuid(),
        title: planFields.title.optional(),
        startsOn: isoDate.optional(),
        endsOn: isoDate.optional(),
        description: governancePlan.shape.description.optional(),
        themeCategoryIds: planFields.themeCategoryIds.optional(),
        areas: planFields.areas.optional(),
      }),
    )
    .output(planView)
    .mutation(async ({ ctx, input }) => {
      const before = await loadPlan(ctx.db, input.id);
      await ctx.requireScope({ level: "handling_unit", id: before.ownerUnitId });
      if (!isGovernancePlanEditable(before.status))
        throw new ApiError(
          "CONFLICT",
          "error.governance_plan.not_editable",
          `a ${before.status} plan no longer changes`,
        );
      const areas = await checkedContent(ctx, before.districtId, {
        ...input,
        startsOn: input.startsOn ?? before.startsOn,
        endsOn: input.endsOn ?? before.endsOn,
      });
      return audited(ctx, async (tx) => {
        const repo = governancePlansRepository(tx);
        const locked = await repo.lock(input.id);
        if (!locked || locked.status !== before.status)
          throw new ApiError(
            "CONFLICT",
            "db.invalid_input.governance_plan_status_changed",
            "the plan was changed meanwhile",
          );
        const p = await repo.update(input.id, {
          title: input.title,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          description: input.description,
          categoryIds: input.themeCategoryIds,
          areas,
        });
        return {
          result: view(p, beijingDate(ctx.now()), unfinishedOf(p)),
          audit: {
            action: "governancePlans.update",
            entityType: "governance_plan",
            entityId: p.id,
            before: {
              title: before.title,
              startsOn: before.startsOn,
              endsOn: before.endsOn,
              themeCategoryIds: before.themeCategoryIds,
              areas: before.areas,
            },
            after: { ...input, areas },
          },
        };
      });
    }),

  /** Move a plan through core's lifecycle: 实施 (needs themes and areas), 完成 (no task unfinished), 撤销. */
  transition: planStaff
    .input(z.object({ id: z.uuid(), to: z.enum(["active", "completed", "cancelled"]) }))
    .output(planView)
    .mutation(async ({ ctx, input }) => {
      const before = await loadPlan(ctx.db, input.id);
      await ctx.requireScope({ level: "handling_unit", id: before.ownerUnitId });
      return audited(ctx, async (tx) => {
        const repo = governancePlansRepository(tx);
        const locked = await repo.lock(input.id);
        if (!locked) throw notFound("governance_plan");
        governancePlanLifecycle.assert(locked.status, input.to, planActor(ctx.scopes), {
          themeCount: before.themeCategoryIds.length,
          areaCount: before.areas.length,
          unfinishedTaskCount: await repo.unfinishedTaskCount(input.id),
        });
        await repo.setStatus(input.id, locked.status, input.to);
        const p = (await repo.get(input.id))!;
        return {
          result: view(p, beijingDate(ctx.now()), unfinishedOf(p)),
          audit: {
            action: "governancePlans.transition",
            entityType: "governance_plan",
            entityId: p.id,
            before: { status: locked.status },
            after: { status: p.status },
          },
        };
      });
    }),

  /** A task (主动治理任务) of a plan in draft or in effect: its owner unit (same district) and deadline. */
  addTask: planStaff
    .input(
      z.object({ planId: z.uuid(), title: planTask.shape.title, ownerUnitId: z.uuid(), deadline: isoDate }),
    )
    .output(planView)
    .mutation(async ({ ctx, input }) => {
      const plan = await loadPlan(ctx.db, input.planId);
      await ctx.requireScope({ level: "handling_unit", id: plan.ownerUnitId });
      if (!isGovernancePlanEditable(plan.status))
        throw new ApiError(
          "CONFLICT",
          "error.governance_plan.not_editable",
          `a ${plan.status} plan takes no new tasks`,
        );
      const unit = await hotlineRepository(ctx.db).getUnit(input.ownerUnitId);
      if (!unit) throw notFound("handling_unit");
      if (unit.districtId !== plan.districtId)
        throw bad("task_unit_outside_district", "a task's owner is a unit of the plan's district");
      requireTypedDate("due", input.deadline, ctx.now(), "deadline");
      return audited(ctx, async (tx) => {
        const repo = governancePlansRepository(tx);
        const locked = await repo.lock(plan.id);
        if (!locked || !isGovernancePlanEditable(locked.status))
          throw new ApiError(
            "CONFLICT",
            "error.governance_plan.not_editable",
            "the plan no longer takes tasks",
          );
        const task = await repo.addTask(input);
        const p = (await repo.get(plan.id))!;
        return {
          result: view(p, beijingDate(ctx.now()), unfinishedOf(p)),
          audit: {
            action: "governancePlans.addTask",
            entityType: "plan_task",
            entityId: task.id,
            after: task,
          },
        };
      });
    }),

  /** Start, finish (done today, Beijing) or cancel a task — core's task table decides. */
  setTaskStatus: planStaff
    .input(z.object({ id: z.uuid(), to: z.enum(["in_progress", "done", "cancelled"]) }))
    .output(planView)
    .mutation(async ({ ctx, input }) => {
      const task = await governancePlansRepository(ctx.db).getTask(input.id);
      if (!task) throw notFound("plan_task");
      const plan = await loadPlan(ctx.db, task.planId);
      await ctx.requireScope({ level: "handling_unit", id: plan.ownerUnitId });
      if (!isGovernancePlanEditable(plan.status))
        throw new ApiError(
          "CONFLICT",
          "error.governance_plan.not_editable",
          `the tasks of a ${plan.status} plan no longer change`,
        );
      planTaskLifecycle.assert(task.status, input.to, planActor(ctx.scopes));
      const today = beijingDate(ctx.now());
      return audited(ctx, async (tx) => {
        const repo = governancePlansRepository(tx);
        const updated = await repo.setTaskStatus(task.id, task.status, input.to, today);
        const p = (await repo.get(plan.id))!;
        return {
          result: view(p, today, unfinishedOf(p)),
          audit: {
            action: "governancePlans.setTaskStatus",
            entityType: "plan_task",
            entityId: task.id,
            before: { status: task.status, doneOn: task.doneOn },
            after: { status: updated.status, doneOn: updated.doneOn },
          },
        };
      });
    }),

  /**
   * The measured effect (did requests on the theme fall?): requests on the plan's themes (with their
   * subtrees) in its areas, in `months` monthly windows before the start and as many after — one query.
   */
  effect: planStaff
    .input(z.object({ id: z.uuid(), months: z.number().int().min(1).max(12).default(3) }))
    .output(effectOutput)
    .query(async ({ ctx, input }) => {
      const p = await loadPlan(ctx.db, input.id);
      await ctx.requireScope({ level: "handling_unit", id: p.ownerUnitId });
      const rows = await governancePlansRepository(ctx.db).effect(p.id, p.startsOn, input.months);
      const today = beijingDate(ctx.now());
      const series = rows.map((r) => ({ ...r, complete: r.to <= today }));
      const before = series.filter((r) => r.offset < 0).reduce((s, r) => s + r.requests, 0);
      const after = series.filter((r) => r.offset >= 0).reduce((s, r) => s + r.requests, 0);
      return {
        months: input.months,
        startsOn: p.startsOn,
        series,
        before,
        after,
        changeBasisPoints: before === 0 ? null : Math.trunc(((after - before) * 10_000) / before),
        afterComplete: series.every((r) => r.complete),
      };
    }),
});
