/**
 * Open311 API keys (ADR 0019), made like sessions (ADR 0003): the key is `id.secret`, both random
 * base32; the database keeps only SHA-256(secret), compared in constant time. A key is bound to a
 * district (where its requests are filed) and a channel (how they are counted: open311, district_app,
 * other). Issued by `pnpm open311:key` (src/cli/open311-key.ts) or the demo seed; revoked by date.
 */
import { type Executor, tables } from "@gongzhi/db";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { eq } from "drizzle-orm";
import { hashSecret } from "../auth/session.ts";

export type Open311Channel = "open311" | "district_app" | "other";
export type Open311Key = typeof tables.open311ApiKeys.$inferSelect;

function randomString(bytes: number): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return encodeBase32LowerCaseNoPadding(buf);
}

/** Issue a key; returns the key to hand over (never stored) and its row. */
export async function issueOpen311Key(
  db: Executor,
  input: { districtId: string; label: string; channel?: Open311Channel; createdById?: string | null },
  now: Date,
): Promise<{ apiKey: string; row: Open311Key }> {
  const id = randomString(15);
  const secret = randomString(32);
  const [row] = await db
    .insert(tables.open311ApiKeys)
    .values({
      id,
      secretHash: hashSecret(secret),
      label: input.label,
      districtId: input.districtId,
      channel: input.channel ?? "open311",
      createdById: input.createdById ?? null,
      createdAt: now,
    })
    .returning();
  return { apiKey: `${id}.${secret}`, row: row! };
}

/** The key an `api_key` names, or null (malformed, unknown, wrong secret, revoked). */
export async function verifyOpen311Key(db: Executor, apiKey: string): Promise<Open311Key | null> {
  const parts = apiKey.split(".");
  if (parts.length !== 2) return null;
  const [id, secret] = parts as [string, string];
  if (!/^[a-z2-7]{16,64}$/.test(id) || !/^[a-z2-7]{20,80}$/.test(secret)) return null;
  const [row] = await db.select().from(tables.open311ApiKeys).where(eq(tables.open311ApiKeys.id, id));
  if (!row) return null;
  if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null;
  if (row.revokedAt) return null;
  return row;
}
