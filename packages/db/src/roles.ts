/**
 * The PostgreSQL role split (ADR 11). Migrations run as the owner (migrator) role, which owns every
 * table; the server runs as a separate application role that owns nothing and is granted only what it
 * needs: the usual DML on the tables, INSERT and SELECT on audit_log, SELECT on audit_chain_head,
 * USAGE on the sequences, and CREATE on the database so pg-boss can create (and own) its `pgboss` schema
 * (ADR 15). Only an owner (or a superuser) can disable or drop the append-only triggers,
 * so the triggers and the missing UPDATE/DELETE/TRUNCATE grants hold against the application.
 *
 * `pnpm db:migrate` with DATABASE_APP_ROLE set calls grantAppRole() after the migrations; it is
 * idempotent and also sets default privileges, so tables a later migration creates are granted to the
 * application role the same way (append-only tables added later must revoke UPDATE/DELETE themselves).
 */
import { sql } from "drizzle-orm";
import type { Db } from "./client.ts";

/**
 * The schema pg-boss keeps its job queue in on PostgreSQL (ADR 0015). It belongs to the application
 * role: pg-boss creates it and migrates its own tables there at start and creates a partition per
 * queue, which needs ownership (grantAppRole grants CREATE on the database for that). Nothing in
 * `public` (the audit log among it) is owned by the application role.
 */
export const jobQueueSchema = "pgboss";

/** Tables the application may only append to and read. */
export const appendOnlyTables = ["audit_log"] as const;
/** Tables the application may only read (written by SECURITY DEFINER triggers). */
export const readOnlyTables = ["audit_chain_head"] as const;

const roleName = /^[a-z_][a-z0-9_]{0,62}$/;

async function currentDatabase(db: Db): Promise<string> {
  const [row] = await select<{ name: string }>(db, sql`select current_database() as name`);
  return row!.name;
}

async function select<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] } | T[];
  return Array.isArray(result) ? result : result.rows;
}

/**
 * Grant the application role its privileges on the current database, as the owner role. Refuses a
 * role that is the current user, a superuser, or the owner of anything in the schema: for such a role
 * the append-only rule would not hold.
 */
export async function grantAppRole(db: Db, appRole: string): Promise<void> {
  if (!roleName.test(appRole))
    throw new Error(`DATABASE_APP_ROLE must be a plain lower-case role name, got ${JSON.stringify(appRole)}`);
  const [me] = await select<{ me: string }>(db, sql`select current_user as me`);
  if (me?.me === appRole)
    throw new Error(
      `the application role ${appRole} is the role running the migrations: the server must connect as a role that owns nothing`,
    );
  const [role] = await select<{ rolsuper: boolean }>(
    db,
    sql`select rolsuper from pg_roles where rolname = ${appRole}`,
  );
  if (!role)
    throw new Error(
      `role ${appRole} does not exist: create it first (CREATE ROLE ${appRole} LOGIN PASSWORD '…'; see docs/deployment.md)`,
    );
  if (role.rolsuper)
    throw new Error(`role ${appRole} is a superuser: the append-only audit log cannot hold against it`);
  const owned = await select<{ relname: string }>(
    db,
    sql`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and pg_get_userbyid(c.relowner) = ${appRole} order by 1`,
  );
  if (owned.length > 0)
    throw new Error(
      `role ${appRole} owns ${owned.map((o) => o.relname).join(", ")}: an owner can disable the audit triggers; reassign them to the migrator role (REASSIGN OWNED BY ${appRole} TO …)`,
    );

  const app = sql.identifier(appRole);
  await db.transaction(async (tx) => {
    const run = (q: ReturnType<typeof sql>) => tx.execute(q);
    await run(sql`grant usage on schema public to ${app}`);
    // No DDL: PostgreSQL 15 no longer lets PUBLIC create in schema public; make sure of it.
    await run(sql`revoke create on schema public from public`);
    await run(sql`revoke create on schema public from ${app}`);
    await run(sql`grant select, insert, update, delete on all tables in schema public to ${app}`);
    await run(sql`revoke truncate, references, trigger on all tables in schema public from ${app}`);
    for (const table of appendOnlyTables)
      await run(sql`revoke update, delete on ${sql.identifier(table)} from ${app}`);
    for (const table of readOnlyTables)
      await run(sql`revoke insert, update, delete on ${sql.identifier(table)} from ${app}`);
    await run(sql`grant usage, select on all sequences in schema public to ${app}`);
    // Tables and sequences later migrations create (as this owner role) are granted the same way.
    await run(
      sql`alter default privileges in schema public grant select, insert, update, delete on tables to ${app}`,
    );
    await run(sql`alter default privileges in schema public grant usage, select on sequences to ${app}`);
    // The job queue (ADR 0015): pg-boss creates its own schema at start and does DDL there (a partition
    // per queue), which needs ownership. CREATE on the database lets the application role create that
    // schema and own it; it still owns nothing in `public` and cannot create there (revoked above).
    await run(
      sql`grant create on database ${sql.identifier(await currentDatabase(tx as unknown as Db))} to ${app}`,
    );
    const [queue] = await select<{ owner: string }>(
      tx as unknown as Db,
      sql`select pg_get_userbyid(nspowner) as owner from pg_namespace where nspname = ${jobQueueSchema}`,
    );
    if (queue && queue.owner !== appRole)
      throw new Error(
        `schema ${jobQueueSchema} (the job queue) belongs to ${queue.owner}, not ${appRole}: the server cannot run pg-boss there; drop it (its jobs are lost: DROP SCHEMA ${jobQueueSchema} CASCADE) and let the server create it, or REASSIGN its objects to ${appRole}`,
      );
  });
}
