#!/usr/bin/env node
// The README's two commands, runnable with only Node.js 20+ and npm:
//   npm start  → install, build, start the one server on embedded PGlite with the demo district
//   npm test   → install, then lint, dependency check, typecheck, unit + integration tests
//                (PGlite always; PostgreSQL too when DATABASE_URL is set), builds (incl. Storybook)
//                and the browser tests in Debian's Chromium.
// pnpm is used when a pnpm ≥ 10 is on PATH, otherwise fetched once through npx (pnpm@12.4.2).
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PNPM_VERSION = "12.4.2";
const command = process.argv[2];

function pnpmCommand() {
  const probe = spawnSync("pnpm", ["--version"], { encoding: "utf8", shell: false });
  const major = Number.parseInt(probe.stdout?.trim().split(".")[0] ?? "", 10);
  if (probe.status === 0 && major >= 10) return ["pnpm"];
  return ["npx", "--yes", `pnpm@${PNPM_VERSION}`];
}

function run(cmd, args, env = {}) {
  console.log(`\n$ ${[cmd, ...args].join(" ")}`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n✗ failed (${result.status ?? result.signal}): ${[cmd, ...args].join(" ")}`);
    process.exit(result.status ?? 1);
  }
}

const pnpm = pnpmCommand();
const runPnpm = (args, env) => run(pnpm[0], [...pnpm.slice(1), ...args], env);
const baseEnv = { TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1" };

function install() {
  runPnpm(["install", "--frozen-lockfile"], baseEnv);
}

function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
    Boolean,
  );
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** Install Debian's Chromium when missing and we may (root with apt-get), as CI does. */
function ensureChromium() {
  let chromium = findChromium();
  if (!chromium && process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    console.log(
      "\nChromium is missing: installing Debian's chromium (and a Chinese font) for the browser tests…",
    );
    run("bash", [
      "-c",
      "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null",
    ]);
    chromium = findChromium();
  }
  return chromium;
}

if (command === "start") {
  install();
  runPnpm(["exec", "turbo", "run", "build", "--filter=@gongzhi/portal..."], baseEnv);
  // Start the server binary directly (not through pnpm) so that stopping it stops the server.
  const server = spawn(process.execPath, ["server.mjs"], {
    cwd: path.join(root, "apps/portal"),
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? "production" },
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
} else if (command === "test") {
  install();
  run(process.execPath, ["scripts/check-deps.mjs"]);
  run(process.execPath, ["--test", "scripts/"]);
  // Lint (correctness) gates the tests; formatting is checked by `pnpm lint` (biome check).
  runPnpm(["exec", "biome", "lint", "."]);
  runPnpm(["exec", "turbo", "run", "typecheck", "test", "build", "--concurrency=2"], baseEnv);
  const chromium = ensureChromium();
  if (chromium) {
    runPnpm(["--filter", "@gongzhi/portal", "run", "test:e2e"], { ...baseEnv, CHROMIUM_PATH: chromium });
  } else if (process.env.REQUIRE_BROWSER === "1") {
    console.error(
      "\n✗ REQUIRE_BROWSER=1 but no Chromium was found (set CHROMIUM_PATH or install Debian's chromium).",
    );
    process.exit(1);
  } else {
    console.warn(
      "\n!!! Browser tests NOT run: no Chromium found and it cannot be installed here (needs root + apt-get).\n" +
        "!!! Install Debian's chromium (or set CHROMIUM_PATH) and run `npm test` again to run them.",
    );
  }
  console.log("\n✓ all test stages passed");
} else {
  console.error("usage: node scripts/bootstrap.mjs start|test");
  process.exit(2);
}
