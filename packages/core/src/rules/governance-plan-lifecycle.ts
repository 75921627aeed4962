/**
 * 专项治理方案 (未诉先办 / 主动治理, DOMAIN.md §9; 北京市接诉即办工作条例, chapter 主动治理) as transition
 * tables: a plan is drafted (草拟), put into effect (实施) once it names its themes and areas, and
 * closed (完成) once every task is done or cancelled — or cancelled (撤销) before it is completed.
 * A task (主动治理任务) is open, may be started, and is done (with its date) or cancelled. "Overdue"
 * is not stored: a task not done after its deadline is late (`isPlanTaskOverdue`).
 */
import type { GovernancePlanStatus, PlanTaskStatus, Role } from "../model/enums.ts";
import { compareDates, type IsoDate } from "./dates.ts";
import { defineLifecycle, type TransitionRule } from "./transitions.ts";

/** Who runs plans: street/town and district staff (the departments' plans are entered by the district). */
export const governancePlanRoles = [
  "subdistrict_staff",
  "district_staff",
  "system_admin",
] as const satisfies readonly Role[];
export type GovernancePlanActor = (typeof governancePlanRoles)[number];

export interface GovernancePlanTransitionContext {
  themeCount?: number;
  areaCount?: number;
  /** Tasks neither done nor cancelled. */
  unfinishedTaskCount?: number;
}

const actors = governancePlanRoles;
const ready = (c: GovernancePlanTransitionContext) =>
  (c.themeCount ?? 0) > 0 && (c.areaCount ?? 0) > 0 ? null : "a plan in effect names its themes and areas";
const finished = (c: GovernancePlanTransitionContext) =>
  (c.unfinishedTaskCount ?? 0) === 0 ? null : "every task is done or cancelled before the plan is completed";

const planTable: readonly TransitionRule<
  GovernancePlanStatus,
  GovernancePlanActor,
  GovernancePlanTransitionContext
>[] = [
  { from: "draft", to: "active", actors, label: "Put into effect (实施)", guard: ready },
  { from: "active", to: "completed", actors, label: "Completed (完成)", guard: finished },
  { from: "draft", to: "cancelled", actors, label: "Cancelled (撤销)" },
  { from: "active", to: "cancelled", actors, label: "Cancelled (撤销)" },
];

export const governancePlanLifecycle = defineLifecycle("governance_plan", planTable);
export const governancePlanTransitions = planTable;

/** Plans whose content (title, dates, themes, areas, tasks) may still change. */
export const editableGovernancePlanStatuses = [
  "draft",
  "active",
] as const satisfies readonly GovernancePlanStatus[];
export function isGovernancePlanEditable(status: GovernancePlanStatus): boolean {
  return (editableGovernancePlanStatuses as readonly string[]).includes(status);
}

const taskTable: readonly TransitionRule<PlanTaskStatus, GovernancePlanActor, Record<string, never>>[] = [
  { from: "open", to: "in_progress", actors, label: "Started" },
  { from: "open", to: "done", actors, label: "Done" },
  { from: "in_progress", to: "done", actors, label: "Done" },
  { from: "overdue", to: "done", actors, label: "Done late" },
  { from: "open", to: "cancelled", actors, label: "Cancelled" },
  { from: "in_progress", to: "cancelled", actors, label: "Cancelled" },
  { from: "overdue", to: "cancelled", actors, label: "Cancelled" },
];

export const planTaskLifecycle = defineLifecycle("plan_task", taskTable);
export const planTaskTransitions = taskTable;

/** A task not done (nor cancelled) after its deadline day is late; on the deadline day itself it is not. */
export function isPlanTaskOverdue(
  task: { status: PlanTaskStatus; deadline: IsoDate },
  today: IsoDate,
): boolean {
  return task.status !== "done" && task.status !== "cancelled" && compareDates(today, task.deadline) > 0;
}
