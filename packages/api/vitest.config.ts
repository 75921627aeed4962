// The same two projects as @gongzhi/db: PGlite always, PostgreSQL when DATABASE_URL is set.
export { default } from "../db/vitest.config.ts";
