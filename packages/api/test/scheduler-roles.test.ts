/**
 * pg-boss as the application role (ADR 11, ADR 15): after grantAppRole (what `pnpm db:migrate` does with
 * DATABASE_APP_ROLE), a role that owns nothing in `public` can start the scheduler — pg-boss creates the
 * `pgboss` schema (CREATE on the database) and its tables and queues there, owned by the role — and run a job that writes through the API's
 * tables. PostgreSQL only; needs DATABASE_URL's role to have CREATEROLE (.ci/run gives it).
 */
import { createDatabase, type Database, grantAppRole, jobQueueSchema } from "@gongzhi/db";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgBossScheduler, type Scheduler } from "../src/scheduler/index.ts";
import { openTestDatabase, type TestDatabase } from "./support.ts";

describe.runIf(process.env.GONGZHI_TEST_DRIVER === "postgres")(
  "the scheduler as the application role",
  () => {
    let t: TestDatabase;
    let admin: postgres.Sql;
    let app: Database;
    let scheduler: Scheduler | undefined;
    let appUrl: string;
    const role = `gongzhi_test_sched_${process.pid}_${Date.now().toString(36)}`;

    beforeAll(async () => {
      t = await openTestDatabase();
      admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`CREATE ROLE ${role} LOGIN PASSWORD '${role}'`);
      await grantAppRole(t.db, role);
      await grantAppRole(t.db, role); // idempotent
      const url = new URL(t.url!);
      url.username = role;
      url.password = role;
      appUrl = url.toString();
      app = await createDatabase({ driver: "postgres", databaseUrl: appUrl, max: 2 });
    }, 120_000);
    afterAll(async () => {
      await scheduler?.stop({ timeoutMs: 1000 });
      await app?.close();
      await t?.close();
      await admin?.unsafe(`DROP ROLE IF EXISTS ${role}`);
      await admin?.end({ timeout: 5 });
    });

    it("starts pg-boss in the role's own schema and runs a job", async () => {
      let ran = 0;
      scheduler = createPgBossScheduler({
        db: app.db,
        clock: { now: () => new Date() },
        databaseUrl: appUrl,
        pollIntervalMs: 500,
        log: () => {},
      });
      scheduler.define("test.as-app", async (_payload, { db }) => {
        await db.execute(sql`select count(*) from scheduled_jobs`);
        ran += 1;
      });
      await scheduler.start();
      const rows = (await t.db.execute(
        sql`select pg_get_userbyid(nspowner) as owner from pg_namespace where nspname = ${jobQueueSchema}`,
      )) as unknown as { owner: string }[];
      expect(rows[0]?.owner).toBe(role);
      const id = await scheduler.schedule("test.as-app", {});
      const end = Date.now() + 20_000;
      while ((await scheduler.job("test.as-app", id!))?.state !== "completed") {
        if (Date.now() > end) throw new Error("the job did not complete");
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(ran).toBe(1);
      // Still nothing in public belongs to the role (the audit log's protection holds).
      const owned = (await t.db.execute(
        sql`select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and pg_get_userbyid(c.relowner) = ${role}`,
      )) as unknown as { n: number }[];
      expect(owned[0]?.n).toBe(0);
    }, 60_000);
  },
);
