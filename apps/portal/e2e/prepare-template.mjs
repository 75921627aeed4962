// Seeds the demo district once into an embedded database directory (argv[2]) that every browser-test
// server then starts on a copy of (harness.mjs, E2E_PGLITE_TEMPLATE): one seed per run instead of one
// per test file. Always made afresh, so it never outlives the code or the day that seeded it.
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "./harness.mjs";

const portalDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const target = path.resolve(portalDir, process.argv[2] ?? ".e2e-template");
await rm(target, { recursive: true, force: true });
const server = await startServer({ dataDir: target, keep: true });
console.log(`e2e database template seeded in ${(server.startupMs / 1000).toFixed(1)} s → ${target}`);
await server.stop();
if (!existsSync(path.join(target, "PG_VERSION"))) {
  console.error(`no embedded database at ${target}`);
  process.exit(1);
}
