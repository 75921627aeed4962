/**
 * One place that moves a topic (议题) through its lifecycle inside a mutation's transaction: core's
 * transition table decides (assertTopicTransition — DOMAIN.md §5, 中办发〔2015〕41号, 京办发〔2016〕23号),
 * the repository writes the status and its public history row (topic_status_changes), and the
 * author and supporters are notified of the steps they care about. Used by the topics and meetings
 * routers.
 */
import {
  assertTopicTransition,
  type NotificationKind,
  type TopicActor,
  type TopicStatus,
} from "@gongzhi/core";
import { type Ancestry, type TopicRow, type Tx, topicsRepository } from "@gongzhi/db";
import { notify } from "../notify.ts";
import { type Assignment, covers } from "../policy.ts";

/** Which notification a resident gets when a topic they wrote or support reaches a status. */
const notifyOn: Partial<Record<TopicStatus, NotificationKind>> = {
  accepted: "topic_accepted",
  declined: "topic_declined",
  merged: "topic_merged",
  scheduled: "topic_scheduled",
};

/**
 * The role a staff member acts in on a target: the narrowest of their staff assignments covering it.
 * A system administrator acts as "system_admin", which core's topic table does not list among the
 * screening roles — so a system administrator passes authorization but core refuses the transition.
 */
export function actingStaffRole(scopes: readonly Assignment[], ancestry: Ancestry): TopicActor {
  const order = ["community_staff", "subdistrict_staff", "district_staff", "system_admin"] as const;
  for (const role of order) if (scopes.some((a) => a.role === role && covers(a, ancestry))) return role;
  return "system_admin";
}

export interface TransitionArgs {
  to: TopicStatus;
  actor: TopicActor;
  actorId: string | null;
  at: Date;
  note?: string | null;
  mergedIntoId?: string | null;
  declineReason?: string | null;
  meetingId?: string | null;
  supportThreshold?: number;
  /** Extra parameters for the notification (e.g. the merge target's title). */
  params?: Record<string, string | number>;
  link?: string;
}

/**
 * Move `topic` (read under lock in this transaction) to `args.to`. Returns the rows before and after
 * and the audit entry to write.
 */
export async function transitionTopic(tx: Tx, topic: TopicRow, args: TransitionArgs) {
  assertTopicTransition(topic.status, args.to, args.actor, {
    supportCount: topic.supportCount,
    ...(args.supportThreshold !== undefined ? { supportThreshold: args.supportThreshold } : {}),
    mergedIntoTopicId: args.mergedIntoId ?? null,
    declineReason: args.declineReason ?? null,
    meetingId: args.meetingId ?? null,
  });
  const repo = topicsRepository(tx);
  const { before, after } = await repo.changeStatus(topic.id, args.to, {
    actorId: args.actorId,
    at: args.at,
    note: args.note ?? null,
    ...(args.mergedIntoId !== undefined ? { mergedIntoId: args.mergedIntoId } : {}),
    ...(args.declineReason !== undefined ? { declineReason: args.declineReason } : {}),
    ...(args.meetingId !== undefined ? { meetingId: args.meetingId } : {}),
  });
  const kind = notifyOn[args.to];
  let notified = 0;
  if (kind) {
    const supporters = await repo.supporterIds(topic.id);
    notified = await notify(tx, {
      userIds: [topic.authorId, ...supporters],
      kind,
      messageKey: `notification.${kind}`,
      params: {
        title: topic.title,
        ...(args.declineReason ? { reason: args.declineReason } : {}),
        ...args.params,
      },
      link: args.link ?? `/topics/${topic.id}`,
      at: args.at,
    });
  }
  return {
    before,
    after,
    notified,
    audit: {
      action: `topic.status.${args.to}`,
      entityType: "topic",
      entityId: topic.id,
      before: { status: before.status },
      after: {
        status: after.status,
        actor: args.actor,
        ...(args.note ? { note: args.note } : {}),
        ...(after.mergedIntoId ? { mergedIntoId: after.mergedIntoId } : {}),
        ...(after.declineReason && args.to === "declined" ? { declineReason: after.declineReason } : {}),
        ...(after.meetingId ? { meetingId: after.meetingId } : {}),
      },
    },
  };
}
