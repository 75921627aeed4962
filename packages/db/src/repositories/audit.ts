import { and, desc, eq, gte, lt, lte, type SQL } from "drizzle-orm";
import type { Executor } from "../client.ts";
import { auditLog } from "../schema/index.ts";
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
