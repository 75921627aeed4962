// E2E harness: starts the *built* one server on a fresh embedded database, drives Debian's Chromium
// through playwright-core, and runs axe-core in the page. Used by *.test.mjs (node --test).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const portalDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Fails loudly when the build or the browser is missing, rather than skipping. */
export function assertPrerequisites() {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. Install Debian's Chromium (as root: ` +
        "`apt-get update && apt-get install -y chromium`) or set CHROMIUM_PATH to its binary.",
    );
  }
  for (const file of ["build/server/index.js", "build/client", "../admin/dist/index.html"]) {
    if (!existsSync(path.join(portalDir, file))) {
      throw new Error(
        `apps/portal/${file} is missing: run \`pnpm build\` (turbo builds the portal and the console) first.`,
      );
    }
  }
}

/**
 * Starts `node server.mjs` on a free port with an empty PGlite directory (migrated and seeded on
 * start), waits for /healthz, and returns its base URL and a stop function (kills by PID).
 */
/**
 * Start the built server on a fresh embedded database (seeded with the demo district on start).
 * With `E2E_PGLITE_TEMPLATE` (set by `test:e2e`: e2e/prepare-template.mjs seeds it once per run) each
 * server starts on its own copy of that seeded database instead of seeding again. `dataDir` + `keep`
 * start on a given directory and leave it in place (how the template is made).
 */
export async function startServer({
  timeoutMs = 180_000,
  dataDir: fixedDir,
  keep = false,
  env: extraEnv = {},
} = {}) {
  const dataDir = fixedDir ?? (await mkdtemp(path.join(os.tmpdir(), "gongzhi-e2e-pglite-")));
  const template =
    process.env.E2E_PGLITE_TEMPLATE && path.resolve(portalDir, process.env.E2E_PGLITE_TEMPLATE);
  if (!fixedDir && template && existsSync(path.join(template, "PG_VERSION"))) {
    await cp(template, dataDir, { recursive: true });
  }
  // The server's clock runs ahead by the offset in this file (GONGZHI_CLOCK_FILE): `travel` moves it.
  const clockDir = await mkdtemp(path.join(os.tmpdir(), "gongzhi-e2e-clock-"));
  const clockFile = path.join(clockDir, "offset-ms");
  await writeFile(clockFile, "0");
  let offsetMs = 0;
  const env = {
    ...process.env,
    PORT: "0",
    HOST: "127.0.0.1",
    PGLITE_DATA_DIR: dataDir,
    NODE_ENV: "production",
    GONGZHI_CLOCK_FILE: clockFile,
    // Texts go to the sms_outbox table and the server log, where smsCode() reads one-time codes.
    SMS_SENDER: "outbox",
    ...extraEnv,
  };
  // The suite runs on its own embedded database unless E2E_DATABASE_URL names a prepared PostgreSQL.
  delete env.DATABASE_URL;
  if (process.env.E2E_DATABASE_URL) env.DATABASE_URL = process.env.E2E_DATABASE_URL;

  const child = spawn(process.execPath, ["server.mjs"], {
    cwd: portalDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, "SIGTERM");
      const timer = setTimeout(() => child.exitCode === null && process.kill(child.pid, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (!keep) await rm(dataDir, { recursive: true, force: true });
    await rm(clockDir, { recursive: true, force: true });
  };

  const started = Date.now();
  try {
    let baseUrl;
    while (!baseUrl) {
      if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
      if (Date.now() - started > timeoutMs) throw new Error("server did not print its URL in time");
      const match = output.match(/portal:\s+(http:\/\/127\.0\.0\.1:\d+)\//);
      if (match) baseUrl = match[1];
      else await delay(100);
    }
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
      if (Date.now() - started > timeoutMs) throw new Error("/healthz did not answer ok in time");
      try {
        const response = await fetch(`${baseUrl}/healthz`);
        if (response.ok && (await response.json()).ok === true) break;
      } catch {
        // not listening yet
      }
      await delay(250);
    }
    /** The server's "now" (the machine's clock plus the travelled offset). */
    const now = () => new Date(Date.now() + offsetMs);
    /**
     * Let `ms` pass on the server. Sessions expire after 14 idle days, so time moves in steps of at most
     * 10 days, and each browser context in `keepAlive` makes a request after every step (as a person
     * using the product over those weeks would), which keeps its session.
     */
    const travel = async (ms, keepAlive = []) => {
      const STEP = 10 * 86_400_000;
      let left = ms;
      while (left > 0) {
        const step = Math.min(STEP, left);
        offsetMs += step;
        left -= step;
        await writeFile(clockFile, String(offsetMs));
        for (const context of keepAlive) await context.request.get(`${baseUrl}/api/trpc/auth.me`);
      }
    };
    return {
      baseUrl,
      stop,
      logs: () => output,
      startupMs: Date.now() - started,
      smsSeen: new Map(),
      now,
      travel,
      pid: child.pid,
    };
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n--- server output ---\n${output}`);
  }
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    // Without a locale in the environment (env -i, minimal containers) Chromium names every download
    // "download" instead of its `a.download` name: give it one, so the suite passes on any machine.
    env: { ...process.env, LANG: process.env.LANG || "C.UTF-8" },
  });
}

/**
 * Injects axe-core into the page and returns violations of impact serious or critical (and all of
 * them). `selector` limits the check to part of the page (e.g. Storybook's root).
 */
export async function runAxe(page, selector) {
  if (!(await page.evaluate(() => "axe" in window))) {
    // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
    // govern (an injected <script> tag would be refused: it carries no nonce).
    await page.evaluate(await readFile(require.resolve("axe-core/axe.min.js"), "utf8"));
  }
  const violations = await page.evaluate(async (selector) => {
    // `axe` is the global injected above.
    const result = await window.axe.run(selector ? { include: [selector] } : document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
  }, selector);
  const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  return { blocking, all: violations };
}

export function formatViolations(violations) {
  return violations.map((v) => `  [${v.impact}] ${v.id}: ${v.help} → ${v.targets.join(", ")}`).join("\n");
}

/** Serves a static folder (the Storybook build) on a free loopback port. */
export async function serveStatic(root) {
  const server = http.createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    const filePath = path.join(root, path.normalize(pathname === "/" ? "/index.html" : pathname));
    if (!filePath.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(filePath);
      res.writeHead(200, {
        "Content-Type": staticTypes[path.extname(filePath)] ?? "application/octet-stream",
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const staticTypes = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
};

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * tRPC over HTTP with a Playwright request context (a page's or browser context's cookies: same
 * origin, same session). The wire format is superjson's (ADR 0007): inputs go as `{ json: input }`,
 * outputs and errors come back under `.json` (dates as ISO strings there).
 * `send` returns `{ ok, status, data, error }`; `get`/`post` assert success and return the data.
 */
export function trpcClient(request, baseUrl) {
  const unwrap = (d) => (d && typeof d === "object" && "json" in d ? d.json : d);
  async function send(method, name, input) {
    const response =
      method === "get"
        ? await request.get(
            `${baseUrl}/api/trpc/${name}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`}`,
          )
        : await request.post(`${baseUrl}/api/trpc/${name}`, {
            data: input === undefined ? {} : { json: input },
          });
    const body = await response.json();
    return {
      ok: response.ok(),
      status: response.status(),
      data: unwrap(body.result?.data),
      error: unwrap(body.error),
    };
  }
  async function must(method, name, input) {
    const r = await send(method, name, input);
    if (!r.ok) throw new Error(`${name} answered ${r.status}: ${JSON.stringify(r.error).slice(0, 500)}`);
    return r.data;
  }
  return {
    send,
    get: (name, input) => must("get", name, input),
    post: (name, input) => must("post", name, input),
  };
}

/**
 * Assert that `locator`'s text (whitespace collapsed) matches `pattern`, retrying for up to
 * `timeout` ms: after a client-side navigation the URL changes before React renders the new page,
 * so reading the text once can see the old page. Fails with the last text seen.
 */
export async function matchText(locator, pattern, message, { timeout = 10_000 } = {}) {
  const deadline = Date.now() + timeout;
  let last = "";
  let seen = false;
  for (;;) {
    try {
      const raw = await locator.textContent({ timeout: Math.max(1, deadline - Date.now()) });
      last = (raw ?? "").replace(/\s+/g, " ").trim();
      seen = true;
    } catch (error) {
      // The element was there but never matched: say what it said, not that the last read ran out
      // of time (a 1 ms TimeoutError hid the real difference).
      if (Date.now() >= deadline && seen) assert.match(last, pattern, message);
      if (Date.now() >= deadline) throw error;
    }
    pattern.lastIndex = 0;
    if (pattern.test(last)) return last;
    if (Date.now() >= deadline) assert.match(last, pattern, message);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The one-time code of the next text to `phone`, as the outbox sender logs it (the server's PGlite
 * directory must not be opened by a second process, so the log is how a test reads the outbox).
 * Waits for a message newer than the ones already returned for that phone.
 */
export async function smsCode(server, phone, { timeoutMs = 15_000 } = {}) {
  const started = Date.now();
  const seen = server.smsSeen.get(phone) ?? 0;
  for (;;) {
    const lines = [...server.logs().matchAll(new RegExp(`\\[sms outbox\\] to ${phone}: (.*)`, "g"))];
    if (lines.length > seen) {
      server.smsSeen.set(phone, lines.length);
      const text = lines[lines.length - 1][1];
      const code = text.match(/\b(\d{6})\b/);
      if (!code) throw new Error(`the text to ${phone} has no code: ${text}`);
      return code[1];
    }
    if (Date.now() - started > timeoutMs) throw new Error(`no text to ${phone} within ${timeoutMs} ms`);
    await delay(100);
  }
}

/** The text of the last message to `phone` in the server log (or null). */
export function lastSms(server, phone) {
  const lines = [...server.logs().matchAll(new RegExp(`\\[sms outbox\\] to ${phone}: (.*)`, "g"))];
  return lines.length ? lines[lines.length - 1][1] : null;
}

/** A portal page in a fresh zh-CN browser context, collecting uncaught page errors. */
export async function newPortalPage(browser, options = {}) {
  const context = await browser.newContext({ locale: "zh-CN", ...options });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return { context, page, errors };
}

/**
 * axe on the page once it has settled (no `aria-busy`, a submit's colour transition done): prints every
 * finding and fails on serious or critical ones.
 */
export async function expectAxeClean(page, label) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  await page.waitForTimeout(200);
  const { blocking, all } = await runAxe(page);
  if (all.length > 0) console.log(`axe on ${label}: ${all.length} finding(s)\n${formatViolations(all)}`);
  assert.equal(
    blocking.length,
    0,
    `serious/critical axe violations on ${label}:\n${formatViolations(blocking)}`,
  );
}

/**
 * Without JavaScript axe cannot run in the page: the same server render, in a fresh context with
 * `cookies` and the app's scripts blocked, is checked instead.
 */
export async function expectAxeCleanServerRendered(
  browser,
  url,
  label,
  { cookies = [], contextOptions = {} } = {},
) {
  const { context, page } = await newPortalPage(browser, contextOptions);
  if (cookies.length > 0) await context.addCookies(cookies);
  await page.route(/\.js(\?|$)/, (route) => route.abort());
  await page.goto(url);
  await expectAxeClean(page, `${label} (server-rendered)`);
  await context.close();
}
