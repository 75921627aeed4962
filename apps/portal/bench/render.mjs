#!/usr/bin/env node
// Benchmark: server render time per main portal page under load, and JavaScript bytes per page.
//
//   pnpm --filter @gongzhi/portal build && pnpm --filter @gongzhi/portal bench
//
// Starts the BUILT one server on a fresh embedded database seeded with the demo district (the e2e
// harness's start logic), signs in as the demo resident, then spawns a SECOND node process that loops
// requests against 127.0.0.1 (bounded by count and time) at several concurrency levels and reports
// p50/p99 latency per page. The static JSON route /healthz is measured the same way, side by side, as
// the ratio reference. JS bytes per page: the gzip sizes (node:zlib, default level) of every
// /assets/*.js the page references (module script + modulepreload links) plus its inline scripts.
// Not part of the test command. Options (env): BENCH_REQUESTS (per page and level, default 150),
// BENCH_MAX_SECONDS (per page and level, default 8), BENCH_CONCURRENCY (default "1,4,16"),
// BENCH_LOCALE (the pages' language through the language cookie: zh-CN, the default, or en; the
// browser is sent that locale's message chunk only).
import { spawn } from "node:child_process";
import http from "node:http";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const self = fileURLToPath(import.meta.url);

/** The load process: `concurrency` loops, each sending requests back to back; latency per request. */
async function worker({ base, path, cookie, concurrency, requests, maxMs }) {
  const url = new URL(path, base);
  if (url.hostname !== "127.0.0.1") throw new Error("the benchmark only talks to 127.0.0.1");
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  let sent = 0;
  let failures = 0;
  const deadline = performance.now() + maxMs;
  const one = () =>
    new Promise((resolve) => {
      const start = performance.now();
      const req = http.request(url, { agent, headers: { cookie, accept: "text/html" } }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode === 200) latencies.push(performance.now() - start);
          else failures += 1;
          resolve();
        });
      });
      req.on("error", () => {
        failures += 1;
        resolve();
      });
      req.end();
    });
  const loop = async () => {
    while (sent < requests && performance.now() < deadline) {
      sent += 1;
      await one();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = performance.now() - started;
  agent.destroy();
  process.stdout.write(JSON.stringify({ latencies, failures, elapsedMs: elapsed }));
}

function runWorker(config) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [self, "--worker", JSON.stringify(config)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
    });
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}`)),
    );
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

async function signIn(base, phone) {
  const response = await fetch(`${base}/signin`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: base,
      "sec-fetch-site": "same-origin",
    },
    body: new URLSearchParams({ phone, password: "gongzhi-demo-2026" }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  if (!cookie.includes("=")) throw new Error(`sign-in failed (${response.status})`);
  return cookie;
}

const assetCache = new Map();
async function gzipBytesOfPage(base, html) {
  const assets = new Set();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"/g)) assets.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) assets.add(m[1]);
  // The inline module script imports the entry and route modules by path.
  for (const m of html.matchAll(/import\s*(?:\(\s*)?["'](\/assets\/[^"']+\.js)["']/g)) assets.add(m[1]);
  let assetBytes = 0;
  let rawBytes = 0;
  for (const href of assets) {
    let sizes = assetCache.get(href);
    if (!sizes) {
      const body = Buffer.from(await (await fetch(new URL(href, base))).arrayBuffer());
      sizes = { raw: body.length, gzip: gzipSync(body).length };
      assetCache.set(href, sizes);
    }
    assetBytes += sizes.gzip;
    rawBytes += sizes.raw;
  }
  let inline = "";
  for (const m of html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) inline += m[1];
  const inlineGzip = inline.length > 0 ? gzipSync(Buffer.from(inline)).length : 0;
  return { files: assets.size, assetGzip: assetBytes, assetRaw: rawBytes, inlineGzip };
}

/** First link on a list page that matches `pattern` (e.g. a topic's detail page). */
async function firstLink(base, cookie, listPath, pattern) {
  const response = await fetch(new URL(listPath, base), { headers: { cookie } });
  if (response.status !== 200) return null;
  const html = await response.text();
  return html.match(pattern)?.[0] ?? null;
}

async function main() {
  const { startServer, assertPrerequisites } = await import("../e2e/harness.mjs");
  const requests = Number(process.env.BENCH_REQUESTS ?? 150);
  const maxMs = Number(process.env.BENCH_MAX_SECONDS ?? 8) * 1000;
  const levels = (process.env.BENCH_CONCURRENCY ?? "1,4,16").split(",").map(Number);
  assertPrerequisites();
  console.log("starting the built server on a fresh embedded database…");
  const server = await startServer();
  const base = server.baseUrl;
  try {
    console.log(`server ready at ${base} in ${(server.startupMs / 1000).toFixed(1)} s`);
    const locale = process.env.BENCH_LOCALE ?? "zh-CN";
    if (!["zh-CN", "en"].includes(locale)) throw new Error(`BENCH_LOCALE: zh-CN or en, not ${locale}`);
    const cookie = `${await signIn(base, "13800000001")}; gz_lang=${locale}`;
    const topic = await firstLink(base, cookie, "/topics", /\/topics\/[0-9a-f-]{36}(?=")/);
    const vote = await firstLink(base, cookie, "/votes", /\/votes\/[0-9a-f-]{36}(?=")/);
    const candidates = [
      "/",
      "/topics",
      topic ?? "/topics/00000000-0000-4000-8000-000000000000",
      "/votes",
      vote ?? "/votes/00000000-0000-4000-8000-000000000000",
      "/meetings",
      "/ledger",
      "/compound",
      "/notifications",
      "/me",
    ];
    const pages = [];
    const skipped = [];
    for (const path of candidates) {
      const response = await fetch(new URL(path, base), { headers: { cookie } });
      const html = await response.text();
      if (response.status !== 200) {
        skipped.push(`${path} (${response.status})`);
        continue;
      }
      pages.push({ path, js: await gzipBytesOfPage(base, html), htmlBytes: Buffer.byteLength(html) });
    }
    if (skipped.length > 0) console.log(`skipped (not 200): ${skipped.join(", ")}`);

    const measure = async (path, concurrency) => {
      await runWorker({ base, path, cookie, concurrency, requests: 10, maxMs: 3000 }); // warm-up
      const r = await runWorker({ base, path, cookie, concurrency, requests, maxMs });
      const sorted = r.latencies.sort((a, b) => a - b);
      return {
        n: sorted.length,
        failures: r.failures,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        rps: (sorted.length / r.elapsedMs) * 1000,
      };
    };

    const results = [];
    for (const concurrency of levels) {
      const baseline = await measure("/healthz", concurrency);
      for (const page of pages) {
        const m = await measure(page.path, concurrency);
        results.push({ concurrency, path: page.path, ...m, baseline });
        process.stdout.write(".");
      }
    }
    process.stdout.write("\n");

    const kb = (n) => (n / 1024).toFixed(1);
    const ms = (n) => n.toFixed(1);
    const label = (path) => path.replace(/\/[0-9a-f]{8}-[0-9a-f-]{27}$/, "/:id");
    console.log(`\nJavaScript per page (gzip, node:zlib default level), pages in ${locale}`);
    console.log("| page | JS files | JS gzip KB | JS raw KB | inline gzip KB | HTML KB | ≤ 120 KB |");
    console.log("|---|---:|---:|---:|---:|---:|---|");
    for (const p of pages)
      console.log(
        `| ${label(p.path)} | ${p.js.files} | ${kb(p.js.assetGzip)} | ${kb(p.js.assetRaw)} | ${kb(p.js.inlineGzip)} | ${kb(p.htmlBytes)} | ${p.js.assetGzip + p.js.inlineGzip <= 120 * 1024 ? "yes" : "NO"} |`,
      );
    console.log("\nServer render time under load (ms, measured from a second process over 127.0.0.1)");
    console.log(
      "| concurrency | page | n | p50 | p99 | req/s | /healthz p50 | /healthz p99 | p50 ÷ healthz | p50 < 30 ms |",
    );
    console.log("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|");
    for (const r of results)
      console.log(
        `| ${r.concurrency} | ${label(r.path)} | ${r.n}${r.failures ? ` (${r.failures} failed)` : ""} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.rps.toFixed(0)} | ${ms(r.baseline.p50)} | ${ms(r.baseline.p99)} | ${(r.p50 / r.baseline.p50).toFixed(1)}× | ${r.p50 < 30 ? "yes" : "NO"} |`,
      );
    const cpus = os.cpus();
    console.log(
      `\nmachine: ${cpus[0]?.model ?? "unknown CPU"} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
        `${os.type()} ${os.release()}, Node.js ${process.version}; database: embedded PGlite (fresh, demo seed); ` +
        `${requests} requests per page and level (≤ ${maxMs / 1000} s), after 10 warm-up requests`,
    );
  } finally {
    await server.stop();
  }
}

if (process.argv[2] === "--worker") await worker(JSON.parse(process.argv[3]));
else await main();
