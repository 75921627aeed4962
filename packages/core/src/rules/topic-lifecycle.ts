/**
 * Topic (议题) lifecycle of the 社区议事厅 (DOMAIN.md §5; 中办发〔2015〕41号, 京办发〔2016〕23号):
 * 民提 draft → collecting (附议) → awaiting_screening (support threshold reached) → accepted | merged |
 * declined (with a public reason) → scheduled (on a 议事会) → deliberated (民议) → decided (民决, maybe by
 * an owners' vote) → in_progress (民办) → done → rated (民评).
 */
import type { Role, TopicStatus } from "../model/enums.ts";
import { defineLifecycle, type TransitionRule } from "./transitions.ts";

/**
 * Who acts on a topic: a platform role, or "author" (the resident or staff member who raised it — pass
 * "author" when the acting user is the topic's author), or "system" (automatic, e.g. threshold reached).
 */
export type TopicActor = Role | "author" | "system";

/** Staff who screen topics and run meetings. */
export const topicStaffRoles = [
  "community_staff",
  "subdistrict_staff",
  "district_staff",
] as const satisfies readonly Role[];

/** Default number of supports (附议) that sends a topic to screening; configurable per community. */
export const DEFAULT_TOPIC_SUPPORT_THRESHOLD = 10;

/**
 * The effective threshold for a community: its configured positive integer (`supportThreshold`, as on
 * the Community entity, or `topicSupportThreshold`), else the default.
 */
export function topicSupportThreshold(
  communityConfig?: { supportThreshold?: number | null; topicSupportThreshold?: number | null } | null,
): number {
  const t = communityConfig?.supportThreshold ?? communityConfig?.topicSupportThreshold;
  return typeof t === "number" && Number.isInteger(t) && t >= 1 ? t : DEFAULT_TOPIC_SUPPORT_THRESHOLD;
}

/** The threshold is reached when supports ≥ threshold (inclusive). */
export function supportThresholdReached(
  supportCount: number,
  threshold: number = DEFAULT_TOPIC_SUPPORT_THRESHOLD,
) {
  return supportCount >= threshold;
}

export interface TopicTransitionContext {
  supportCount?: number;
  supportThreshold?: number;
  /** Required for → merged. */
  mergedIntoTopicId?: string | null;
  /** Required (non-blank) for → declined: it is shown publicly. */
  declineReason?: string | null;
  /** Required for → scheduled. */
  meetingId?: string | null;
}

const staff = topicStaffRoles;
const staffAndSystem = [...topicStaffRoles, "system"] as const;

const table: readonly TransitionRule<TopicStatus, TopicActor, TopicTransitionContext>[] = [
  { from: "draft", to: "collecting", actors: ["author"], label: "民提: publish to collect supports (附议)" },
  {
    from: "collecting",
    to: "awaiting_screening",
    actors: staffAndSystem,
    label: "Support threshold reached: send to screening",
    guard: (c) =>
      supportThresholdReached(c.supportCount ?? 0, c.supportThreshold ?? DEFAULT_TOPIC_SUPPORT_THRESHOLD)
        ? null
        : `supports ${c.supportCount ?? 0} below threshold ${c.supportThreshold ?? DEFAULT_TOPIC_SUPPORT_THRESHOLD}`,
  },
  { from: "awaiting_screening", to: "accepted", actors: staff, label: "Screening: accept" },
  {
    from: "awaiting_screening",
    to: "merged",
    actors: staff,
    label: "Screening: merge into a duplicate topic",
    guard: (c) => (c.mergedIntoTopicId ? null : "mergedIntoTopicId required"),
  },
  {
    from: "awaiting_screening",
    to: "declined",
    actors: staff,
    label: "Screening: decline with a public reason",
    guard: (c) =>
      c.declineReason && c.declineReason.trim() !== "" ? null : "a public declineReason is required",
  },
  {
    from: "accepted",
    to: "scheduled",
    actors: staff,
    label: "Put on a 议事会 agenda",
    guard: (c) => (c.meetingId ? null : "meetingId required"),
  },
  {
    from: "scheduled",
    to: "accepted",
    actors: staff,
    label: "Taken off the agenda (meeting cancelled or postponed)",
  },
  { from: "scheduled", to: "deliberated", actors: staff, label: "民议: discussed at the meeting" },
  {
    from: "deliberated",
    to: "decided",
    actors: staff,
    label: "民决: decision recorded (maybe by owners' vote)",
  },
  { from: "deliberated", to: "scheduled", actors: staff, label: "Deferred to a later meeting" },
  { from: "decided", to: "in_progress", actors: staff, label: "民办: carried out (ledger item)" },
  { from: "in_progress", to: "done", actors: staff, label: "Completed" },
  {
    from: "done",
    to: "rated",
    actors: ["author", "resident", "verified_owner", "system"],
    label: "民评: residents rate the outcome",
  },
];

export const topicLifecycle = defineLifecycle("topic", table);
export const topicTransitions = table;

/** Throws IllegalTransitionError unless `actor` may move a topic from → to. */
export function assertTopicTransition(
  from: TopicStatus,
  to: TopicStatus,
  actor: TopicActor,
  ctx?: TopicTransitionContext,
): void {
  topicLifecycle.assert(from, to, actor, ctx);
}

export function canTransitionTopic(
  from: TopicStatus,
  to: TopicStatus,
  actor: TopicActor,
  ctx?: TopicTransitionContext,
): boolean {
  return topicLifecycle.can(from, to, actor, ctx);
}

/** Statuses the actor may move a topic to (guards checked only when ctx is given). */
export function nextTopicStatuses(
  from: TopicStatus,
  actor?: TopicActor,
  ctx?: TopicTransitionContext,
): TopicStatus[] {
  return topicLifecycle.next(from, actor, ctx);
}

/** Terminal topic statuses. */
export const topicTerminalStatuses = [
  "merged",
  "declined",
  "rated",
] as const satisfies readonly TopicStatus[];
