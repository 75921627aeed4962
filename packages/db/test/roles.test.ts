/**
 * The role split on PostgreSQL (ADR 11): connected as the application role (granted by grantAppRole,
 * what `pnpm db:migrate` does with DATABASE_APP_ROLE), the audit log can be appended to and read, and
 * nothing can change, remove or unprotect it; the application's ordinary work still runs. PostgreSQL
 * only (PGlite has one user); needs DATABASE_URL's role to have CREATEROLE (.ci/run gives it).
 */
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../src/audit-chain.ts";
import { createDatabase, type Database } from "../src/client.ts";
import { auditRepository } from "../src/repositories/audit.ts";
import { grantAppRole } from "../src/roles.ts";
import { auditLog, districts } from "../src/schema/index.ts";
import { openTestDatabase, rowCounts, type TestDatabase, testDriver } from "../src/testing.ts";

const T = 120_000;

/** SQLSTATE and message of a refusal (postgres.js errors carry them, drizzle wraps them in `cause`). */
async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
    const cause = e.cause ?? e;
    return `${cause.code ?? "no code"} ${cause.message ?? ""}`;
  }
  return "not refused";
}
const sqlstate = async (run: () => Promise<unknown>) => (await refusal(run)).split(" ")[0];

describe.runIf(testDriver === "postgres")("application role on PostgreSQL", () => {
  let t: TestDatabase;
  let admin: postgres.Sql;
  let app: Database;
  const role = `gongzhi_test_app_${process.pid}_${Date.now().toString(36)}`;

  beforeAll(async () => {
    t = await openTestDatabase();
    admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`CREATE ROLE ${role} LOGIN PASSWORD '${role}'`);
    } catch (error) {
      throw new Error(
        `the role tests need CREATEROLE for DATABASE_URL's role (.ci/run grants it): ${(error as Error).message}`,
      );
    }
    await grantAppRole(t.db, role);
    await grantAppRole(t.db, role); // idempotent: db:migrate runs it after every deploy
    const url = new URL(t.url!);
    url.username = role;
    url.password = role;
    app = await createDatabase({ driver: "postgres", databaseUrl: url.toString(), max: 2 });
    // Some history to protect.
    await auditRepository(t.db).append({ actorId: null, action: "test.owner_wrote", entityType: "test" });
  }, T);
  afterAll(async () => {
    await app?.close();
    await t?.close();
    await admin?.unsafe(`DROP ROLE IF EXISTS ${role}`);
    await admin?.end({ timeout: 5 });
  }, T);

  it("connects as a role that owns nothing and is not a superuser", async () => {
    const [who] = (await app.db.execute(
      sql`select current_user as me, (select rolsuper from pg_roles where rolname = current_user) as su,
                 (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
                   where n.nspname = 'public' and c.relowner = (select oid from pg_roles where rolname = current_user)) as owned`,
    )) as unknown as { me: string; su: boolean; owned: number }[];
    expect(who).toEqual({ me: role, su: false, owned: 0 });
  });

  it("may append to and read the audit log, and the chain still verifies", async () => {
    const entry = await auditRepository(app.db).append({
      actorId: null,
      action: "test.app_wrote",
      entityType: "test",
    });
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    const all = await app.db.select().from(auditLog);
    expect(all.map((e) => e.action)).toEqual(["test.owner_wrote", "test.app_wrote"]);
    expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true, rows: 2 });
  });

  it("is refused UPDATE, DELETE, TRUNCATE, disabling or dropping the triggers, and dropping the table", async () => {
    const before = await rowCounts(t.db);
    const refusals = {
      update: () => app.db.update(auditLog).set({ action: "tampered" }),
      delete: () => app.db.delete(auditLog),
      truncate: () => app.db.execute(sql`truncate audit_log`),
      disableTrigger: () =>
        app.db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`),
      disableAllTriggers: () => app.db.execute(sql`alter table audit_log disable trigger all`),
      disableChain: () => app.db.execute(sql`alter table audit_log disable trigger audit_log_chain`),
      dropTrigger: () => app.db.execute(sql`drop trigger audit_log_no_update_delete on audit_log`),
      dropFunction: () => app.db.execute(sql`drop function audit_log_refuse_change() cascade`),
      dropTable: () => app.db.execute(sql`drop table audit_log`),
      alterColumn: () => app.db.execute(sql`alter table audit_log drop column hash`),
      moveHead: () => app.db.execute(sql`update audit_chain_head set rows = 0`),
      writeHead: () => app.db.execute(sql`insert into audit_chain_head values (2, 0, '', 0)`),
      createTable: () => app.db.execute(sql`create table sneaky (id int)`),
      dropOtherTable: () => app.db.execute(sql`drop table districts cascade`),
      truncateOther: () => app.db.execute(sql`truncate districts cascade`),
      replaceFunction: () =>
        app.db.execute(
          sql`create or replace function audit_log_refuse_change() returns trigger language plpgsql as $$ begin return new; end $$`,
        ),
      migrationsTable: () => app.db.execute(sql`delete from drizzle.__drizzle_migrations`),
    };
    const messages: Record<string, string> = {};
    for (const [name, run] of Object.entries(refusals)) messages[name] = await refusal(run);
    // 42501 insufficient_privilege: refused by the privilege system ("permission denied" / "must be
    // owner"), before any trigger runs: UPDATE and DELETE are not the trigger's refusal here.
    expect(messages).toEqual(
      Object.fromEntries(
        Object.keys(refusals).map((k) => [
          k,
          expect.stringMatching(/^42501 (permission denied|must be owner)/),
        ]),
      ),
    );
    expect(await rowCounts(t.db)).toBe(before);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it("still does the application's ordinary work (DML, sequences, audited transactions)", async () => {
    await app.db.transaction(async (tx) => {
      const [d] = await tx
        .insert(districts)
        .values({ code: "110198", name: "角色区", nameEn: "Role district" })
        .returning();
      await tx.update(districts).set({ name: "角色区（改）" }).where(sql`${districts.id} = ${d!.id}`);
      await auditRepository(tx).append({
        actorId: null,
        action: "district.create",
        entityType: "district",
        entityId: d!.id,
      });
    });
    await app.db.delete(districts).where(sql`${districts.code} = '110198'`);
    expect(await rowCounts(app.db)).toContain("audit_log=3");
    expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true, rows: 3 });
  });

  it("gets tables that later migrations add through default privileges", async () => {
    // As the owner, as a later migration would.
    await t.db.execute(sql`create table later_feature (id serial primary key, note text not null)`);
    await app.db.execute(sql`insert into later_feature (note) values ('works')`);
    const result = (await app.db.execute(sql`select note from later_feature`)) as unknown as {
      note: string;
    }[];
    expect(result.map((r) => r.note)).toEqual(["works"]);
    expect(await sqlstate(() => app.db.execute(sql`drop table later_feature`))).toBe("42501");
  });

  it("refuses to grant a role that could undo the rule", async () => {
    const [me] = (await t.db.execute(sql`select current_user as me`)) as unknown as { me: string }[];
    await expect(grantAppRole(t.db, me!.me)).rejects.toThrow(/role running the migrations/);
    await expect(grantAppRole(t.db, "gongzhi_no_such_role")).rejects.toThrow(/does not exist/);
    await expect(grantAppRole(t.db, "x; drop table audit_log")).rejects.toThrow(/plain lower-case role name/);
  });
});
