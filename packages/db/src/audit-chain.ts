/**
 * The audit chain (ADR 11): every audit_log row stores `prev_hash`, the hash of the row before it in
 * id order, and `hash` = sha256(prev_hash + canonical content). The chain is built by the BEFORE
 * INSERT trigger `audit_log_chain` (migration `…_audit_chain_trigger_and_backfill.sql`); this module
 * walks it again, independently of the functions stored in the database: the canonical content is
 * recomputed by the SQL expression below (a copy of `audit_log_canonical()`) and hashed here in Node.
 */
import { createHash } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import type { Db, Executor } from "./client.ts";

/** The `prev_hash` of the first row. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * The canonical content of audit row `a` (format 1). Must produce exactly what the migration's
 * `audit_log_canonical(audit_log)` produces: a JSON array whose text form PostgreSQL (and PGlite)
 * prints deterministically (jsonb orders keys and spaces its output itself). `before`/`after` are
 * wrapped in an array so that SQL NULL and a JSON `null` differ.
 */
const canonicalContent: SQL = sql.raw(`jsonb_build_array(
    1,
    a.id,
    to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    a.actor_id::text,
    a.action,
    a.entity_type,
    a.entity_id,
    CASE WHEN a.before IS NULL THEN NULL ELSE jsonb_build_array(a.before) END,
    CASE WHEN a.after IS NULL THEN NULL ELSE jsonb_build_array(a.after) END,
    a.ip::text
  )::text`);

/** sha256 hex of the previous hash followed by the canonical content, as the trigger computes it. */
export function chainHash(prevHash: string, canonical: string): string {
  return createHash("sha256")
    .update(prevHash + canonical, "utf8")
    .digest("hex");
}

export type AuditChainAnchor = { id: number; hash: string };

export type AuditChainReport =
  | { ok: true; rows: number; head: AuditChainAnchor | null }
  | {
      ok: false;
      /** Rows verified before the break. */
      rows: number;
      /** The id of the first row that does not verify (null: the log is empty but should not be). */
      brokenAt: number | null;
      reason: string;
    };

type Row = { id: string; prev_hash: string; hash: string; canonical: string };

async function select<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] } | T[];
  return Array.isArray(result) ? result : result.rows;
}

/**
 * Walk the whole audit chain in id order, in one read-only REPEATABLE READ transaction (a consistent
 * snapshot while the server keeps appending). Reports the first row that does not verify:
 * - its `prev_hash` is not the hash of the row before it → a row before it was deleted, or a row was
 *   inserted or moved here;
 * - its `hash` is not sha256(prev_hash + content) → the row was changed after it was written;
 * - the chain head (audit_chain_head) does not name the last row → rows at the end were deleted;
 * - an anchor (a head recorded earlier, elsewhere) names a row that is missing or has another hash →
 *   the log was rewritten from there on and the chain recomputed.
 */
export async function verifyAuditChain(db: Db, options: VerifyOptions = {}): Promise<AuditChainReport> {
  return db.transaction((tx) => walkAuditChain(tx, options), {
    isolationLevel: "repeatable read",
    accessMode: "read only",
  });
}

export type VerifyOptions = { anchors?: AuditChainAnchor[]; batchSize?: number };

/** verifyAuditChain's walk, in the caller's transaction (tests use it to look at uncommitted tampering). */
export async function walkAuditChain(tx: Executor, options: VerifyOptions = {}): Promise<AuditChainReport> {
  const batchSize = options.batchSize ?? 2000;
  const anchors = new Map((options.anchors ?? []).map((a) => [a.id, a.hash.toLowerCase()]));
  const [head] = await select<{ last_id: string; hash: string; rows: string }>(
    tx,
    sql`select last_id::text as last_id, hash, rows::text as rows from audit_chain_head where id = 1`,
  );
  if (!head) {
    return { ok: false, rows: 0, brokenAt: null, reason: "the chain head (audit_chain_head) is missing" };
  }
  const headLastId = Number(head.last_id);
  let rows = 0;
  let previous: { id: number; hash: string } | null = null;
  let after = 0;
  for (;;) {
    const batch = await select<Row>(
      tx,
      sql`select a.id::text as id, a.prev_hash, a.hash, ${canonicalContent} as canonical
                from audit_log a where a.id > ${after} order by a.id limit ${batchSize}`,
    );
    for (const row of batch) {
      const id = Number(row.id);
      if (id > headLastId) {
        return {
          ok: false,
          rows,
          brokenAt: id,
          reason: `row ${id} comes after the chain head (row ${headLastId}): it was not appended through the chain trigger`,
        };
      }
      const expectedPrev = previous?.hash ?? GENESIS_HASH;
      if (row.prev_hash !== expectedPrev) {
        return {
          ok: false,
          rows,
          brokenAt: id,
          reason: previous
            ? `row ${id} does not follow row ${previous.id}: its prev_hash is not row ${previous.id}'s hash (a row between them was deleted, or a row was inserted or moved here)`
            : `row ${id} is the first row but its prev_hash is not the genesis hash (rows before it were deleted)`,
        };
      }
      if (chainHash(row.prev_hash, row.canonical) !== row.hash) {
        return {
          ok: false,
          rows,
          brokenAt: id,
          reason: `row ${id}'s content does not match its hash: the row was changed after it was written`,
        };
      }
      const anchored = anchors.get(id);
      if (anchored !== undefined) {
        if (anchored !== row.hash)
          return {
            ok: false,
            rows,
            brokenAt: id,
            reason: `row ${id}'s hash is not the anchored ${anchored}: the log was rewritten from row ${id} on (or earlier) and the chain recomputed`,
          };
        anchors.delete(id);
      }
      rows++;
      previous = { id, hash: row.hash };
    }
    if (batch.length < batchSize) break;
    after = previous?.id ?? after;
  }
  const missing = [...anchors.keys()].sort((a, b) => a - b)[0];
  if (missing !== undefined) {
    return {
      ok: false,
      rows,
      brokenAt: missing,
      reason: `anchored row ${missing} is missing from the log`,
    };
  }
  const headId = headLastId;
  const headRows = Number(head.rows);
  const endId = previous?.id ?? 0;
  const endHash = previous?.hash ?? GENESIS_HASH;
  if (headId !== endId || head.hash !== endHash || headRows !== rows) {
    return {
      ok: false,
      rows,
      brokenAt: headId > endId ? headId : endId || null,
      reason: `the chain head records ${headRows} rows ending at row ${headId} (hash ${head.hash}), but the log has ${rows} rows ending at row ${endId} (hash ${endHash}): ${headId > endId ? `row ${headId} and maybe rows before it were deleted from the end` : "the head was changed"}`,
    };
  }
  return { ok: true, rows, head: previous };
}
