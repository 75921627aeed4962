/**
 * The audit chain (ADR 11): normal use verifies; every kind of rewrite by someone who can bypass the
 * append-only triggers (the owner, a superuser) is reported at the row where it happened; concurrent
 * appends on PostgreSQL still form one valid chain.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AuditChainReport,
  chainHash,
  GENESIS_HASH,
  verifyAuditChain,
  walkAuditChain,
} from "../src/audit-chain.ts";
import { type Executor, migrate, migrationsFolder, type Tx } from "../src/client.ts";
import { auditRepository } from "../src/repositories/audit.ts";
import { districts } from "../src/schema/index.ts";
import { openTestDatabase, type TestDatabase, testDriver } from "../src/testing.ts";

const T = 120_000;

async function rows<R>(db: Executor, query: SQL): Promise<R[]> {
  const result = (await db.execute(query)) as unknown as { rows: R[] } | R[];
  return Array.isArray(result) ? result : result.rows;
}

const ids = async (db: Executor) =>
  (await rows<{ id: string }>(db, sql`select a.id::text as id from audit_log a order by a.id`)).map((r) =>
    Number(r.id),
  );

/** Run `tamper` and look at the chain in one transaction that is rolled back: the database is unchanged after. */
async function tampered(
  t: TestDatabase,
  tamper: (tx: Tx) => Promise<void>,
  options?: Parameters<typeof walkAuditChain>[1],
) {
  let report: AuditChainReport | undefined;
  const rollback = new Error("rollback");
  await t.db
    .transaction(async (tx) => {
      // Owner / superuser powers: the append-only trigger is switched off for this transaction only.
      await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
      await tamper(tx);
      report = await walkAuditChain(tx, options);
      throw rollback;
    })
    .catch((e) => {
      if (e !== rollback) throw e;
    });
  return report!;
}

describe(`audit chain (${testDriver})`, () => {
  let t: TestDatabase;
  let all: number[];

  beforeAll(async () => {
    t = await openTestDatabase();
    const audit = auditRepository(t.db);
    await audit.append({ actorId: null, action: "test.first", entityType: "test" });
    // An audited mutation: the change and its entry in one transaction.
    await t.db.transaction(async (tx) => {
      const [d] = await tx
        .insert(districts)
        .values({ code: "110199", name: "测试区", nameEn: "Test" })
        .returning();
      await auditRepository(tx).append({
        actorId: null,
        action: "district.create",
        entityType: "district",
        entityId: d!.id,
        after: { code: "110199", name: "测试区", nested: { b: [1, 2.5, null], a: "“quotes” \\ \n" } },
        ip: "203.0.113.7",
      });
    });
    // A rolled-back mutation leaves neither a gap nor a broken chain.
    await t.db
      .transaction(async (tx) => {
        await auditRepository(tx).append({ actorId: null, action: "test.rolled_back", entityType: "test" });
        throw new Error("abort");
      })
      .catch(() => {});
    // SQL NULL and JSON null are different contents.
    await audit.append({
      actorId: null,
      action: "test.json_null",
      entityType: "test",
      before: null,
      after: null,
    });
    await t.db.execute(
      sql`insert into audit_log (action, entity_type, before) values ('test.raw', 'test', 'null'::jsonb)`,
    );
    // Whatever the client sends for id, prev_hash and hash is overwritten by the chain trigger.
    await t.db.execute(
      sql`insert into audit_log (id, action, entity_type, prev_hash, hash) values (999999, 'test.forged_fields', 'test', 'x', 'y')`,
    );
    for (let i = 0; i < 5; i++)
      await audit.append({ actorId: null, action: `test.more.${i}`, entityType: "test", ip: "2001:db8::1" });
    all = await ids(t.db);
  }, T);
  afterAll(async () => {
    await t?.close();
  }, T);

  it("verifies after normal use: every row chained in id order, the head names the last row", async () => {
    const report = await verifyAuditChain(t.db);
    expect(report).toEqual({
      ok: true,
      rows: all.length,
      head: { id: all.at(-1), hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(all.length).toBe(10);
    expect(all).not.toContain(999999);
    const chain = await rows<{ prev_hash: string; hash: string }>(
      t.db,
      sql`select prev_hash, hash from audit_log order by id`,
    );
    expect(chain[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.prev_hash).toBe(chain[i - 1]!.hash);
    // The trigger's hash is sha256(prev_hash + the stored function's canonical content), the same as Node's.
    const [first] = await rows<{ c: string; hash: string; prev_hash: string }>(
      t.db,
      sql`select audit_log_canonical(a) as c, a.hash, a.prev_hash from audit_log a order by id limit 1`,
    );
    expect(chainHash(first!.prev_hash, first!.c)).toBe(first!.hash);
    // Small batches walk the same chain.
    expect(await verifyAuditChain(t.db, { batchSize: 3 })).toEqual(report);
  });

  it("detects an edited row at that row (append-only trigger disabled by the owner)", async () => {
    const target = all[3]!;
    const report = await tampered(t, async (tx) => {
      await tx.execute(sql`update audit_log set action = 'test.rewritten' where id = ${target}`);
    });
    expect(report).toMatchObject({ ok: false, brokenAt: target, rows: 3 });
    expect(report.ok || report.reason).toMatch(/content does not match its hash/);
  });

  it("detects an edit that only changes JSON null into SQL NULL, or a timestamp by a microsecond", async () => {
    const nullRow = (
      await rows<{ id: string }>(t.db, sql`select id::text as id from audit_log where action = 'test.raw'`)
    )[0]!;
    expect(
      await tampered(t, async (tx) => {
        await tx.execute(sql`update audit_log set before = null where id = ${Number(nullRow.id)}`);
      }),
    ).toMatchObject({ ok: false, brokenAt: Number(nullRow.id) });
    expect(
      await tampered(t, async (tx) => {
        await tx.execute(sql`update audit_log set at = at + interval '1 microsecond' where id = ${all[1]!}`);
      }),
    ).toMatchObject({ ok: false, brokenAt: all[1] });
  });

  it("detects an edited row whose own hash was recomputed, at the row after it", async () => {
    const target = all[2]!;
    const report = await tampered(t, async (tx) => {
      await tx.execute(sql`update audit_log set action = 'test.rewritten' where id = ${target}`);
      await tx.execute(
        sql`update audit_log a set hash = encode(sha256(convert_to(a.prev_hash || audit_log_canonical(a), 'UTF8')), 'hex') where id = ${target}`,
      );
    });
    expect(report).toMatchObject({ ok: false, brokenAt: all[3] });
    expect(report.ok || report.reason).toMatch(/does not follow row/);
  });

  it("detects a deleted row (in the middle, first, and at the end)", async () => {
    expect(
      await tampered(t, async (tx) => {
        await tx.execute(sql`delete from audit_log where id = ${all[4]!}`);
      }),
    ).toMatchObject({ ok: false, brokenAt: all[5], rows: 4 });
    expect(
      await tampered(t, async (tx) => {
        await tx.execute(sql`delete from audit_log where id = ${all[0]!}`);
      }),
    ).toMatchObject({ ok: false, brokenAt: all[1], rows: 0 });
    const last = await tampered(t, async (tx) => {
      await tx.execute(sql`delete from audit_log where id >= ${all[8]!}`);
    });
    expect(last).toMatchObject({ ok: false, brokenAt: all[9], rows: 8 });
    expect(last.ok || last.reason).toMatch(/deleted from the end/);
  });

  it("detects reordered rows and a forged row inserted into the chain or appended past its head", async () => {
    // Swap the contents (hashes included) of two rows.
    const [a, b] = [all[5]!, all[6]!];
    const swapped = await tampered(t, async (tx) => {
      await tx.execute(sql`update audit_log set id = -1 where id = ${a}`);
      await tx.execute(sql`update audit_log set id = ${a} where id = ${b}`);
      await tx.execute(sql`update audit_log set id = ${b} where id = -1`);
    });
    expect(swapped).toMatchObject({ ok: false, brokenAt: a });

    // A forged row inserted after row `before`, correctly linked to it and correctly hashed, the rows
    // after it moved up by one: the row after the forged one no longer follows.
    const before = all[3]!;
    const forged = await tampered(t, async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger audit_log_chain`);
      await tx.execute(sql`update audit_log set id = -id where id > ${before}`);
      await tx.execute(sql`update audit_log set id = -id + 1 where id < 0`);
      await tx.execute(
        sql`insert into audit_log (id, action, entity_type, prev_hash) values (${before + 1}, 'test.forged', 'test', (select hash from audit_log where id = ${before}))`,
      );
      await tx.execute(
        sql`update audit_log a set hash = encode(sha256(convert_to(a.prev_hash || audit_log_canonical(a), 'UTF8')), 'hex') where id = ${before + 1}`,
      );
      await tx.execute(sql`update audit_chain_head set last_id = last_id + 1, rows = rows + 1`);
    });
    expect(forged).toMatchObject({ ok: false, brokenAt: before + 2, rows: 5 });

    // Appended past the head without the chain trigger, even if linked and hashed correctly.
    const end = all.at(-1)!;
    const appended = await tampered(t, async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger audit_log_chain`);
      await tx.execute(
        sql`insert into audit_log (id, action, entity_type, prev_hash) values (${end + 1}, 'test.forged', 'test', (select hash from audit_log where id = ${end}))`,
      );
      await tx.execute(
        sql`update audit_log a set hash = encode(sha256(convert_to(a.prev_hash || audit_log_canonical(a), 'UTF8')), 'hex') where id = ${end + 1}`,
      );
    });
    expect(appended).toMatchObject({ ok: false, brokenAt: end + 1 });
  });

  it("a rewrite that recomputes the whole chain and the head is caught only against an anchor kept elsewhere", async () => {
    const good = await verifyAuditChain(t.db);
    if (!good.ok || !good.head) throw new Error("expected a verified chain");
    const target = all[2]!;
    const rechain = async (tx: Tx) => {
      await tx.execute(sql`update audit_log set action = 'test.rewritten' where id = ${target}`);
      for (const id of all.filter((i) => i >= target)) {
        await tx.execute(sql`update audit_log a set
            prev_hash = (select hash from audit_log p where p.id < a.id order by p.id desc limit 1),
            hash = 'pending' where id = ${id}`);
        await tx.execute(
          sql`update audit_log a set hash = encode(sha256(convert_to(a.prev_hash || audit_log_canonical(a), 'UTF8')), 'hex') where id = ${id}`,
        );
      }
      await tx.execute(
        sql`update audit_chain_head set hash = (select hash from audit_log order by id desc limit 1) where id = 1`,
      );
    };
    // The limit of any hash chain the writer can recompute: without an anchor this passes.
    expect(await tampered(t, rechain)).toMatchObject({ ok: true });
    // With the head recorded before, it does not.
    expect(await tampered(t, rechain, { anchors: [good.head] })).toMatchObject({
      ok: false,
      brokenAt: good.head.id,
    });
    // And the untouched database verifies against its anchor.
    expect(await verifyAuditChain(t.db, { anchors: [good.head] })).toMatchObject({ ok: true });
  });

  it("ids are dense: a rolled-back append leaves no gap, so a missing id is a deleted row", async () => {
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
  });
});

describe(`audit chain migration (${testDriver})`, () => {
  it(
    "chains the rows written before the migration, in id order",
    async () => {
      // The migrations before the chain, in a folder of their own.
      const dir = mkdtempSync(path.join(tmpdir(), "gongzhi-migrations-"));
      try {
        cpSync(migrationsFolder, dir, { recursive: true });
        const journalPath = path.join(dir, "meta", "_journal.json");
        const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
        const cut = journal.entries.findIndex((e) => e.tag.endsWith("_audit_chain"));
        expect(cut).toBeGreaterThan(0);
        journal.entries = journal.entries.slice(0, cut);
        writeFileSync(journalPath, JSON.stringify(journal));
        const t = await openTestDatabase({ migrated: false });
        try {
          await migrate(t, dir);
          for (let i = 0; i < 4; i++)
            await t.db.execute(
              sql`insert into audit_log (action, entity_type, after) values (${`old.${i}`}, 'test', ${JSON.stringify({ i })}::jsonb)`,
            );
          await migrate(t);
          expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 4 });
          await auditRepository(t.db).append({ actorId: null, action: "new", entityType: "test" });
          expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 5 });
        } finally {
          await t.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    T,
  );
});

describe.runIf(testDriver === "postgres")("audit chain under concurrency (postgres)", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  }, T);
  afterAll(async () => {
    await t?.close();
  }, T);

  it(
    "200 parallel audited mutations (some rolled back) form one valid chain",
    async () => {
      const started = performance.now();
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, (_, i) =>
          t.db.transaction(async (tx) => {
            const [d] = await tx
              .insert(districts)
              .values({ code: `9${String(i).padStart(5, "0")}`, name: `并发区${i}`, nameEn: `District ${i}` })
              .returning();
            await auditRepository(tx).append({
              actorId: null,
              action: "district.create",
              entityType: "district",
              entityId: d!.id,
              after: { i },
            });
            if (i % 20 === 19) throw new Error("rolled back on purpose");
          }),
        ),
      );
      const ms = performance.now() - started;
      const committed = results.filter((r) => r.status === "fulfilled").length;
      const failed = results.filter((r) => r.status === "rejected" && !/on purpose/.test(String(r.reason)));
      expect(failed).toEqual([]);
      expect(committed).toBe(190);
      const report = await verifyAuditChain(t.db);
      expect(report).toMatchObject({ ok: true, rows: 190 });
      // Id order is commit order: the row with the highest id is the head.
      const list = await ids(t.db);
      expect(report.ok && report.head?.id).toBe(list.at(-1));
      console.log(`[audit chain] 200 parallel audited transactions (pool of 20) in ${Math.round(ms)} ms`);
    },
    T,
  );
});
