/**
 * `pnpm open311:key --district <code> --label <text> [--channel open311|district_app|other]`: issue an
 * Open311 api_key bound to a district (ADR 0019) and print it once — only its hash is stored.
 * `pnpm open311:key --list` lists the keys; `--revoke <id>` revokes one. Opens the database like
 * `pnpm db:seed` (DATABASE_URL → PostgreSQL, else PGlite under ./.data/pglite or PGLITE_DATA_DIR):
 * stop the embedded server first, one PGlite directory takes one process.
 */
import { parseArgs } from "node:util";
import { createDatabase, tables } from "@gongzhi/db";
import { eq } from "drizzle-orm";
import { issueOpen311Key, type Open311Channel } from "../open311/keys.ts";

const { values } = parseArgs({
  options: {
    district: { type: "string" },
    label: { type: "string" },
    channel: { type: "string", default: "open311" },
    list: { type: "boolean", default: false },
    revoke: { type: "string" },
  },
});
const channels = ["open311", "district_app", "other"] as const;

const database = await createDatabase();
try {
  if (values.list) {
    const rows = await database.db
      .select({ key: tables.open311ApiKeys, district: tables.districts.code })
      .from(tables.open311ApiKeys)
      .innerJoin(tables.districts, eq(tables.districts.id, tables.open311ApiKeys.districtId));
    for (const { key, district } of rows)
      console.log(
        `${key.id}  ${district}  ${key.channel}  ${key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : "active"}  ${key.label}`,
      );
  } else if (values.revoke) {
    const done = await database.db
      .update(tables.open311ApiKeys)
      .set({ revokedAt: new Date() })
      .where(eq(tables.open311ApiKeys.id, values.revoke))
      .returning();
    if (done.length === 0) throw new Error(`no key ${values.revoke}`);
    console.log(`revoked ${values.revoke}`);
  } else {
    if (!values.district || !values.label?.trim())
      throw new Error(
        "usage: pnpm open311:key --district <district code> --label <who uses it> [--channel open311]",
      );
    if (!(channels as readonly string[]).includes(values.channel!))
      throw new Error(`--channel must be one of ${channels.join(", ")}`);
    const [d] = await database.db
      .select({ id: tables.districts.id })
      .from(tables.districts)
      .where(eq(tables.districts.code, values.district));
    if (!d) throw new Error(`no district with code ${values.district}`);
    const { apiKey, row } = await issueOpen311Key(
      database.db,
      { districtId: d.id, label: values.label.trim(), channel: values.channel as Open311Channel },
      new Date(),
    );
    console.log(
      `issued ${row.id} for district ${values.district} (${row.channel}). The api_key, shown once:`,
    );
    console.log(apiKey);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await database.close();
}
