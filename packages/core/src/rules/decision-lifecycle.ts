/**
 * Owners' decision (业主共同决定) lifecycle: draft → noticed (公告, ≥ 15 days before voting opens,
 * 北京市物业管理条例 Art. 35) → open → closed → tallied (民法典 Art. 278) → published (公示 within 3 days,
 * 条例 Art. 37); cancelled from draft or noticed. A meeting may only decide what its notice listed.
 */
import type { DecisionStatus, decisionCloseReasons, Role } from "../model/enums.ts";
import { checkTypedDate } from "./clock.ts";
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

/**
 * Why a vote may close: its announced period ended, or — before that — every owner key on the roll has
 * voted, so no owner can still be heard (the one early close the rules allow; it is recorded).
 */
export type DecisionCloseReason = (typeof decisionCloseReasons)[number];

/**
 * Whether a vote may close at `now`: at or after its announced close, or earlier only when every owner
 * key of the roll has voted. Returns the reason to record, or null when it may not close yet.
 */
export function decisionCloseReason(c: {
  now: Date;
  closesAt: Date;
  allOwnersVoted: boolean;
}): DecisionCloseReason | null {
  if (c.now.getTime() >= c.closesAt.getTime()) return "period_ended";
  return c.allOwnersVoted ? "all_owners_voted" : null;
}

export interface DecisionTransitionContext {
  /** For draft → noticed and noticed → open. */
  noticedOn?: IsoDate | null;
  opensOn?: IsoDate | null;
  /** Today in Beijing (the clock): a notice is not backdated; voting opens no earlier than 15 days after it. */
  today?: IsoDate | null;
  /** The clock's instant, for open (not before opensAt, not after closesAt), close and publish. */
  now?: Date | null;
  opensAt?: Date | null;
  closesAt?: Date | null;
  closedAt?: Date | null;
  /** For open → closed before closesAt: every owner key of the roll has voted. */
  allOwnersVoted?: boolean;
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

/** draft → noticed: a real notice — not dated before the day it is recorded — 15 days ahead. */
const noticeRecordGuard = (c: DecisionTransitionContext): string | null => {
  const base = noticeGuard(c);
  if (base) return base;
  if (!c.today) return "today required";
  return checkTypedDate("noticed", c.noticedOn!, c.today)
    ? `the notice is dated ${c.noticedOn}, before today (${c.today}): a notice cannot be backdated`
    : null;
};

/** noticed → open: 15 days of notice have passed, and the announced opening has come, and not the close. */
const openGuard = (c: DecisionTransitionContext): string | null => {
  const base = noticeGuard(c);
  if (base) return base;
  const opening = c.today ?? c.opensOn;
  if (!(opening && c.noticedOn && checkNoticePeriod(c.noticedOn, opening).ok))
    return `voting may not open before ${DECISION_NOTICE_DAYS} days of notice`;
  if (!c.now || !c.opensAt || !c.closesAt) return "now, opensAt and closesAt required";
  if (c.now < c.opensAt) return `voting opens at ${c.opensAt.toISOString()}, not earlier`;
  if (c.now >= c.closesAt) return `the voting period ended at ${c.closesAt.toISOString()}`;
  return null;
};

/** open → closed: not before the announced close, unless every owner key has voted. */
const closeGuard = (c: DecisionTransitionContext): string | null => {
  if (!c.now || !c.closesAt) return "now and closesAt required";
  return decisionCloseReason({ now: c.now, closesAt: c.closesAt, allOwnersVoted: c.allOwnersVoted ?? false })
    ? null
    : `voting closes at ${c.closesAt.toISOString()}; it may close earlier only when every owner has voted`;
};

/** tallied → published: results are published no earlier than the close. */
const publishGuard = (c: DecisionTransitionContext): string | null => {
  if (!c.now || !c.closedAt) return "now and closedAt required";
  return c.now < c.closedAt ? "results cannot be published before the vote closed" : null;
};

const table: readonly TransitionRule<DecisionStatus, DecisionActor, DecisionTransitionContext>[] = [
  {
    from: "draft",
    to: "noticed",
    actors: organisers,
    label: "公告: notice ≥ 15 days before voting, not backdated",
    guard: noticeRecordGuard,
  },
  {
    from: "noticed",
    to: "open",
    actors: organisersAndSystem,
    label: "Voting opens (15 days of notice passed, within the announced period)",
    guard: openGuard,
  },
  {
    from: "open",
    to: "closed",
    actors: organisersAndSystem,
    label: "Voting closes (at the announced close, or when every owner has voted)",
    guard: closeGuard,
  },
  { from: "closed", to: "tallied", actors: organisersAndSystem, label: "Tallied (民法典 Art. 278)" },
  {
    from: "tallied",
    to: "published",
    actors: organisersAndSystem,
    label: "公示 within 3 days (Art. 37), not before the close",
    guard: publishGuard,
  },
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
