import { and, desc, eq, gte, lt, lte, type SQL } from "drizzle-orm";
import type { Executor } from "../client.ts";
import {
  auditLog,
  committees,
  coordinators,
  grids,
  householdCodes,
  ledgerItems,
  meetingDecisions,
  meetings,
  ownersDecisions,
  topicComments,
  topics,
} from "../schema/index.ts";
import type { ScopeLevel } from "./registry.ts";

const registryLevels = new Set(["district", "subdistrict", "community", "compound", "building", "unit"]);

import { pageSize } from "./pagination.ts";

export type AuditInput = {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
};

/** The append-only audit log. Write it inside the same transaction as the change it records. */
export function auditRepository(db: Executor) {
  return {
    append: async (entry: AuditInput) =>
      (
        await db
          .insert(auditLog)
          .values({
            actorId: entry.actorId,
            action: entry.action,
            entityType: entry.entityType,
            entityId: entry.entityId ?? null,
            before: entry.before ?? null,
            after: entry.after ?? null,
            ip: entry.ip ?? null,
          })
          .returning()
      )[0]!,

    /**
     * Where an audited entity sits in the hierarchy, for scoping audit queries: registry entities are
     * their own place; owners' decisions sit at their compound, ledger items and coordinators at their
     * community. Null when the entity cannot be placed (then only a system admin sees the entry).
     */
    async placeOf(
      entityType: string,
      entityId: string | null,
    ): Promise<{ level: ScopeLevel; id: string } | null> {
      if (!entityId || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(entityId))
        return null;
      if (registryLevels.has(entityType)) return { level: entityType as ScopeLevel, id: entityId };
      if (entityType === "owners_decision") {
        const [r] = await db
          .select({ id: ownersDecisions.compoundId })
          .from(ownersDecisions)
          .where(eq(ownersDecisions.id, entityId));
        return r ? { level: "compound", id: r.id } : null;
      }
      if (entityType === "ledger_item") {
        const [r] = await db
          .select({ id: ledgerItems.communityId })
          .from(ledgerItems)
          .where(eq(ledgerItems.id, entityId));
        return r ? { level: "community", id: r.id } : null;
      }
      if (entityType === "topic") {
        const [r] = await db.select({ id: topics.communityId }).from(topics).where(eq(topics.id, entityId));
        return r ? { level: "community", id: r.id } : null;
      }
      if (entityType === "topic_comment") {
        const [r] = await db
          .select({ id: topics.communityId })
          .from(topicComments)
          .innerJoin(topics, eq(topics.id, topicComments.topicId))
          .where(eq(topicComments.id, entityId));
        return r ? { level: "community", id: r.id } : null;
      }
      if (entityType === "meeting") {
        const [r] = await db
          .select({ id: meetings.communityId })
          .from(meetings)
          .where(eq(meetings.id, entityId));
        return r ? { level: "community", id: r.id } : null;
      }
      if (entityType === "meeting_decision") {
        const [r] = await db
          .select({ id: meetings.communityId })
          .from(meetingDecisions)
          .innerJoin(meetings, eq(meetings.id, meetingDecisions.meetingId))
          .where(eq(meetingDecisions.id, entityId));
        return r ? { level: "community", id: r.id } : null;
      }
      if (entityType === "committee") {
        const [r] = await db
          .select({ id: committees.compoundId })
          .from(committees)
          .where(eq(committees.id, entityId));
        return r ? { level: "compound", id: r.id } : null;
      }
      if (entityType === "grid") {
        const [r] = await db.select({ id: grids.communityId }).from(grids).where(eq(grids.id, entityId));
        return r ? { level: "community", id: r.id } : null;
      }
      if (entityType === "household_code") {
        const [r] = await db
          .select({ id: householdCodes.unitId })
          .from(householdCodes)
          .where(eq(householdCodes.id, entityId));
        return r ? { level: "unit", id: r.id } : null;
      }
      if (entityType === "coordinator") {
        const [r] = await db
          .select({ id: coordinators.communityId })
          .from(coordinators)
          .where(eq(coordinators.id, entityId));
        return r ? { level: "community", id: r.id } : null;
      }
      return null;
    },

    /** Newest first, keyset-paginated by id. */
    async query(input: {
      actorId?: string;
      entityType?: string;
      entityId?: string;
      from?: Date;
      to?: Date;
      cursor?: number | null;
      limit?: number;
    }) {
      const limit = pageSize(input.limit);
      const where: SQL[] = [];
      if (input.actorId) where.push(eq(auditLog.actorId, input.actorId));
      if (input.entityType) where.push(eq(auditLog.entityType, input.entityType));
      if (input.entityId) where.push(eq(auditLog.entityId, input.entityId));
      if (input.from) where.push(gte(auditLog.at, input.from));
      if (input.to) where.push(lte(auditLog.at, input.to));
      if (input.cursor != null) where.push(lt(auditLog.id, input.cursor));
      const rows = await db
        .select()
        .from(auditLog)
        .where(and(...where))
        .orderBy(desc(auditLog.id))
        .limit(limit + 1);
      const items = rows.slice(0, limit);
      return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
    },
  };
}
