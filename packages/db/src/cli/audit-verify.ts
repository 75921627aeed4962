/**
 * `pnpm audit:verify [--expect <id>:<hash> …]`: walk the audit chain of DATABASE_URL (PostgreSQL) or
 * the embedded PGlite and report the first row that does not verify (exit code 1), or OK with the
 * number of rows and the head. Record the printed head somewhere the database's owner cannot write
 * (a ticket, a signed mail, the backup's label) and pass it back with --expect: a rewrite that
 * recomputed the whole chain from some row on is then detected too.
 */

import { type AuditChainAnchor, verifyAuditChain } from "../audit-chain.ts";
import { createDatabase } from "../client.ts";

const anchors: AuditChainAnchor[] = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  const value = arg === "--expect" ? args[++i] : arg.startsWith("--expect=") ? arg.slice(9) : undefined;
  const match = value?.match(/^(\d+):([0-9a-fA-F]{64})$/);
  if (!match) {
    console.error(`usage: audit:verify [--expect <id>:<sha256 hex>]… (got ${JSON.stringify(arg)})`);
    process.exit(2);
  }
  anchors.push({ id: Number(match[1]), hash: match[2]! });
}

const database = await createDatabase();
try {
  const where =
    database.driver === "postgres" ? "PostgreSQL (DATABASE_URL)" : `PGlite at ${database.dataDir}`;
  const report = await verifyAuditChain(database.db, { anchors });
  if (report.ok) {
    const head = report.head ? `head row ${report.head.id} ${report.head.hash}` : "empty log";
    console.log(`audit chain OK: ${report.rows} rows verified on ${where}; ${head}`);
  } else {
    console.error(`audit chain BROKEN on ${where} at row ${report.brokenAt ?? "?"}: ${report.reason}`);
    console.error(`(${report.rows} rows before it verified)`);
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
