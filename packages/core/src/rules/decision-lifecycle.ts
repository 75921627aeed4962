/**
 * Owners' decision (业主共同决定) lifecycle: draft → noticed (公告, ≥ 15 days before voting opens,
 * 北京市物业管理条例 Art. 35) → open → closed → tallied (民法典 Art. 278) → published (公示 within 3 days,
 * 条例 Art. 37); cancelled from draft or noticed. A meeting may only decide what its notice listed.
 */
import type { DecisionStatus, Role } from "../model/enums.ts";
import { addDays, compareDates, daysBetween, type IsoDate } from "./dates.ts";
import { defineLifecycle, type TransitionRule } from "./transitions.ts";

export type DecisionActor = Role | "system";

/** Notice must go out at least this many days before voting opens (条例 Art. 35). */
export const DECISION_NOTICE_DAYS = 15;
/** Results are published within this many days of closing (条例 Art. 37). */
export const DECISION_PUBLICATION_DAYS = 3;

/** 条例 Art. 35: the notice date must be ≥ 15 days before voting opens (opensOn − noticedOn ≥ 15). */
export function checkNoticePeriod(
  noticedOn: IsoDate,
  opensOn: IsoDate,
): { ok: boolean; daysOfNotice: number; earliestOpening: IsoDate; article: string } {
  const daysOfNotice = daysBetween(noticedOn, opensOn);
  return {
    ok: daysOfNotice >= DECISION_NOTICE_DAYS,
    daysOfNotice,
    earliestOpening: addDays(noticedOn, DECISION_NOTICE_DAYS),
    article: "北京市物业管理条例 Art. 35",
  };
}

/** 条例 Art. 37: publication due 3 days after closing; overdue if not published by then. */
export function publicationDeadline(
  closedOn: IsoDate,
  publishedOn: IsoDate | null,
  today: IsoDate,
): { dueDate: IsoDate; published: boolean; overdue: boolean; daysLeft: number; article: string } {
  const dueDate = addDays(closedOn, DECISION_PUBLICATION_DAYS);
  const published = publishedOn !== null;
  const overdue = published ? compareDates(publishedOn, dueDate) > 0 : compareDates(today, dueDate) > 0;
  return {
    dueDate,
    published,
    overdue,
    daysLeft: daysBetween(today, dueDate),
    article: "北京市物业管理条例 Art. 37",
  };
}

export interface DecisionTransitionContext {
  /** For draft → noticed and noticed → open. */
  noticedOn?: IsoDate | null;
  opensOn?: IsoDate | null;
  /** For noticed → open: the day voting actually opens (defaults to opensOn). */
  today?: IsoDate | null;
}

const organisers = [
  "committee_member",
  "community_staff",
  "subdistrict_staff",
] as const satisfies readonly Role[];
const organisersAndSystem = [...organisers, "system"] as const;

const noticeGuard = (c: DecisionTransitionContext): string | null => {
  if (!c.noticedOn || !c.opensOn) return "noticedOn and opensOn required";
  const check = checkNoticePeriod(c.noticedOn, c.opensOn);
  return check.ok
    ? null
    : `only ${check.daysOfNotice} days of notice; ≥ ${DECISION_NOTICE_DAYS} required (Art. 35)`;
};

const table: readonly TransitionRule<DecisionStatus, DecisionActor, DecisionTransitionContext>[] = [
  {
    from: "draft",
    to: "noticed",
    actors: organisers,
    label: "公告: notice ≥ 15 days before voting",
    guard: noticeGuard,
  },
  {
    from: "noticed",
    to: "open",
    actors: organisersAndSystem,
    label: "Voting opens",
    guard: (c) => {
      const base = noticeGuard(c);
      if (base) return base;
      const opening = c.today ?? c.opensOn;
      return opening && c.noticedOn && checkNoticePeriod(c.noticedOn, opening).ok
        ? null
        : `voting may not open before ${DECISION_NOTICE_DAYS} days of notice`;
    },
  },
  { from: "open", to: "closed", actors: organisersAndSystem, label: "Voting closes" },
  { from: "closed", to: "tallied", actors: organisersAndSystem, label: "Tallied (民法典 Art. 278)" },
  { from: "tallied", to: "published", actors: organisersAndSystem, label: "公示 within 3 days (Art. 37)" },
  { from: "draft", to: "cancelled", actors: organisers, label: "Cancelled before notice" },
  { from: "noticed", to: "cancelled", actors: organisers, label: "Cancelled after notice" },
];

export const decisionLifecycle = defineLifecycle("owners_decision", table);
export const decisionTransitions = table;

export function assertDecisionTransition(
  from: DecisionStatus,
  to: DecisionStatus,
  actor: DecisionActor,
  ctx?: DecisionTransitionContext,
): void {
  decisionLifecycle.assert(from, to, actor, ctx);
}

export function canTransitionDecision(
  from: DecisionStatus,
  to: DecisionStatus,
  actor: DecisionActor,
  ctx?: DecisionTransitionContext,
): boolean {
  return decisionLifecycle.can(from, to, actor, ctx);
}

export function nextDecisionStatuses(
  from: DecisionStatus,
  actor?: DecisionActor,
  ctx?: DecisionTransitionContext,
): DecisionStatus[] {
  return decisionLifecycle.next(from, actor, ctx);
}
