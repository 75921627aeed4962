import { defineConfig } from "drizzle-kit";

// `drizzle-kit generate` diffs the schema against the committed snapshots; no database needed.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out: "./drizzle",
  casing: undefined,
});
