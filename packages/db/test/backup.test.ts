/**
 * Backups round-trip (ADR 12), on PGlite (pglite-tools pg_dump) and on PostgreSQL (pg_dump/pg_restore):
 * after restoring, every table has the same row count and the same content checksum, the audit chain
 * verifies and keeps growing; a restore into a non-empty database is refused unless forced.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../src/audit-chain.ts";
import { type BackupTarget, backupDatabase, RestoreRefusedError, restoreDatabase } from "../src/backup.ts";
import { migrate } from "../src/client.ts";
import { auditRepository } from "../src/repositories/audit.ts";
import { seedDemo } from "../src/seed/index.ts";
import { openTestDatabase, type TestDatabase, tableChecksums, testDriver } from "../src/testing.ts";

const T = 300_000;
const targetOf = (t: TestDatabase): BackupTarget =>
  t.driver === "postgres" ? { driver: "postgres", url: t.url! } : { driver: "pglite", pglite: t.pglite! };

describe(`backup and restore (${testDriver})`, () => {
  let source: TestDatabase;
  let restored: TestDatabase;
  let dir: string;
  let file: string;
  let checksums: Awaited<ReturnType<typeof tableChecksums>>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "gongzhi-backup-"));
    file = path.join(dir, testDriver === "postgres" ? "backup.dump" : "backup.sql");
    source = await openTestDatabase();
    await seedDemo(source.db, { today: "2026-03-18", log: () => {} });
    const audit = auditRepository(source.db);
    await audit.append({
      actorId: null,
      action: "test.backup",
      entityType: "test",
      after: { text: "引号“”\\ \n '单引号'", n: 1.5, list: [null, true] },
      ip: "198.51.100.9",
    });
    checksums = await tableChecksums(source.db);
    await backupDatabase(targetOf(source), file);
    restored = await openTestDatabase({ migrated: false });
  }, T);
  afterAll(async () => {
    await restored?.close();
    await source?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, T);

  it(
    "restores every table with the same rows and content, and the audit chain verifies",
    async () => {
      expect(statSync(file).size).toBeGreaterThan(10_000);
      // The backup covers real data: the seed fills most tables, the audit log and the migrations table.
      expect(checksums["public.audit_log"]!.rows).toBeGreaterThanOrEqual(2);
      expect(checksums["drizzle.__drizzle_migrations"]!.rows).toBeGreaterThan(0);
      expect(Object.values(checksums).filter((c) => c.rows > 0).length).toBeGreaterThan(15);

      await restoreDatabase(targetOf(restored), file);
      expect(await tableChecksums(restored.db)).toEqual(checksums);
      const source = await verifyAuditChain(restored.db);
      expect(source).toMatchObject({ ok: true, rows: checksums["public.audit_log"]!.rows });
    },
    T,
  );

  it(
    "the restored database is complete: migrations are up to date, the chain trigger and the append-only rule are back",
    async () => {
      await migrate(restored); // nothing to apply: the migrations table came with the backup
      expect((await tableChecksums(restored.db))["drizzle.__drizzle_migrations"]).toEqual(
        checksums["drizzle.__drizzle_migrations"],
      );
      await auditRepository(restored.db).append({
        actorId: null,
        action: "test.after_restore",
        entityType: "test",
      });
      expect(await verifyAuditChain(restored.db)).toMatchObject({
        ok: true,
        rows: checksums["public.audit_log"]!.rows + 1,
      });
      await expect(restored.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    },
    T,
  );

  it(
    "refuses to restore into a non-empty database without --force, and replaces it with --force",
    async () => {
      const before = await tableChecksums(restored.db);
      const refusal = await restoreDatabase(targetOf(restored), file).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(RestoreRefusedError);
      expect((refusal as Error).message).toMatch(/not empty .*--force/);
      expect(await tableChecksums(restored.db)).toEqual(before);

      await restoreDatabase(targetOf(restored), file, { force: true });
      expect(await tableChecksums(restored.db)).toEqual(checksums);
      expect(await verifyAuditChain(restored.db)).toMatchObject({ ok: true });
    },
    T,
  );

  it("refuses a backup of the other driver's format", async () => {
    const other = path.join(dir, "other");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(other, testDriver === "postgres" ? "-- plain SQL\n" : "PGDMP\u0001\u000e");
    await expect(restoreDatabase(targetOf(restored), other, { force: true })).rejects.toThrow(
      testDriver === "postgres" ? /not a PostgreSQL custom-format backup/ : /is a PostgreSQL backup/,
    );
  });
});
