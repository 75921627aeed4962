import { defineConfig } from "vitest/config";

// The same integration suite runs on embedded PGlite always, and again on PostgreSQL when
// DATABASE_URL is set (CI sets it). REQUIRE_POSTGRES=1 turns a missing DATABASE_URL into a failure,
// so CI can never skip the PostgreSQL suite silently.
const postgresUrl = process.env.DATABASE_URL;
if (process.env.REQUIRE_POSTGRES === "1" && !postgresUrl) {
  throw new Error("REQUIRE_POSTGRES=1 but DATABASE_URL is not set: the PostgreSQL suite cannot run");
}
if (postgresUrl) {
  console.log(`[db tests] PostgreSQL suite enabled against ${new URL(postgresUrl).host}`);
} else {
  console.log("[db tests] DATABASE_URL not set: running the PGlite suite only");
}

const shared = { include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: "pglite", env: { GONGZHI_TEST_DRIVER: "pglite" } } },
      ...(postgresUrl
        ? [{ test: { ...shared, name: "postgres", env: { GONGZHI_TEST_DRIVER: "postgres" } } }]
        : []),
    ],
  },
});
