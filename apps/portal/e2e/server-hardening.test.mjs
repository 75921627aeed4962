// The server as the internet meets it (ADR 0009), against the real built server: limits before
// parsing (body, headers, JSON depth, slow clients), security headers on every surface, the CSP nonce
// on every inline script with the page still hydrating in Chromium, HSTS and Secure cookies only over
// HTTPS (via a trusted proxy). Run after `pnpm build`: node --test e2e/server-hardening.test.mjs
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { configVariables, serverConfig } from "../server/config.mjs";
import { DEMO_PASSWORD, signInConsole } from "./console.mjs";
import { assertPrerequisites, launchBrowser, startServer } from "./harness.mjs";

const MiB = 1024 * 1024;
const CLAIMED = 256 * MiB;
const docsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../docs");

/** Resident memory of a process, in bytes (Linux). */
async function rssOf(pid) {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(status.match(/VmRSS:\s+(\d+) kB/)[1]) * 1024;
}

/** Bytes a process has read through read(2) and friends, sockets included (Linux /proc/<pid>/io). */
async function bytesReadBy(pid) {
  const io = await readFile(`/proc/${pid}/io`, "utf8");
  return Number(io.match(/rchar:\s+(\d+)/)[1]);
}

/**
 * A raw HTTP/1.1 exchange: sends `head`, then keeps writing `chunk` (honouring backpressure) until
 * the server answers or closes, or `maxBytes` are out. Returns the status, the raw answer, how many
 * body bytes the socket accepted, and whether the server closed the connection.
 */
function rawRequest(baseUrl, head, { chunk, maxBytes = 0, chunked = false, timeoutMs = 20_000 } = {}) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let answer = "";
    let written = 0;
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const status = Number(answer.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 0);
      resolve({ status, answer, written, closed });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    // The server hanging up on a client still sending shows as EPIPE/ECONNRESET: closed, not a failure
    // (an answer that came before it is read by then).
    socket.on("error", (error) =>
      ["ECONNRESET", "EPIPE"].includes(error.code) ? setTimeout(() => finish(true), 50) : reject(error),
    );
    socket.on("data", (data) => {
      answer += data.toString("latin1");
      // Stop sending once the server has answered: what a real client does.
      if (/\r\n\r\n/.test(answer)) done || setTimeout(() => finish(false), 300);
    });
    socket.on("end", () => finish(true));
    socket.on("close", () => finish(true));
    socket.on("connect", () => {
      socket.write(head);
      const pump = () => {
        while (!done && !answer && written < maxBytes) {
          const piece = chunked ? `${chunk.length.toString(16)}\r\n${chunk}\r\n` : chunk;
          written += chunk.length;
          if (!socket.write(piece)) {
            socket.once("drain", pump);
            return;
          }
        }
      };
      if (chunk) pump();
    });
  });
}

const headerOf = (answer, name) =>
  answer
    .split("\r\n\r\n")[0]
    .split("\r\n")
    .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    ?.slice(name.length + 1)
    .trim();

/** The headers every answer must carry, whatever it is. */
function assertBaseHeaders(headers, label) {
  const get = (name) => (typeof headers.get === "function" ? headers.get(name) : headers[name]);
  const csp = get("content-security-policy") ?? "";
  assert.match(csp, /frame-ancestors 'none'/, `${label}: CSP frame-ancestors`);
  assert.equal(get("x-content-type-options"), "nosniff", `${label}: nosniff`);
  assert.equal(get("referrer-policy"), "same-origin", `${label}: Referrer-Policy`);
  assert.equal(get("x-frame-options"), "DENY", `${label}: X-Frame-Options`);
  const scriptSrc = csp.match(/script-src ([^;]*)/)?.[1] ?? "";
  assert.doesNotMatch(scriptSrc, /unsafe-inline|unsafe-eval/, `${label}: scripts may not be inline`);
  return csp;
}

async function demoSignIn(server) {
  const phone = server.logs().match(/^\s+(1\d{10})\s/m)?.[1];
  const password = server.logs().match(/password for all: ([^)]+)\)/)?.[1];
  assert.ok(phone && password, "the demo logins were printed");
  return { phone, password };
}

const signInBody = (credentials) => JSON.stringify({ json: credentials });

describe("the server as the internet meets it", { timeout: 600_000 }, () => {
  /** @type {Awaited<ReturnType<typeof startServer>>} */
  let server;
  /** TRUST_PROXY=1 and short timeouts, to play the proxy and the slow client. */
  let proxied;
  let browser;

  before(async () => {
    assertPrerequisites();
    server = await startServer();
    proxied = await startServer({
      env: {
        TRUST_PROXY: "1",
        HEADERS_TIMEOUT_MS: "800",
        REQUEST_TIMEOUT_MS: "1500",
        TIMEOUT_CHECK_INTERVAL_MS: "100",
      },
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await proxied?.stop();
  });

  test("a body claiming 256 MB is refused from its Content-Length, unread; memory stays flat", async () => {
    const before = await rssOf(server.pid);
    const readBefore = await bytesReadBy(server.pid);
    const head = (target) =>
      `POST ${target} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${CLAIMED}\r\n\r\n`;
    // Three at once (what took the old server from 0.64 to 2.3 GB), to the API and to a portal form.
    const results = await Promise.all([
      rawRequest(server.baseUrl, head("/api/trpc/auth.signIn"), {
        chunk: "x".repeat(64 * 1024),
        maxBytes: CLAIMED,
      }),
      rawRequest(server.baseUrl, head("/api/trpc/topics.create"), {
        chunk: "x".repeat(64 * 1024),
        maxBytes: CLAIMED,
      }),
      rawRequest(server.baseUrl, head("/signin"), { chunk: "x".repeat(64 * 1024), maxBytes: CLAIMED }),
    ]);
    for (const r of results) {
      assert.equal(r.status, 413, r.answer.slice(0, 200));
      assertBaseHeaders(
        Object.fromEntries(
          ["content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options"].map(
            (n) => [n, headerOf(r.answer, n)],
          ),
        ),
        "413",
      );
      assert.equal(headerOf(r.answer, "connection"), "close");
      // The client stopped long before 256 MB: what its socket took sits in the kernel's buffers.
      assert.ok(r.written < 64 * MiB, `the client got ${r.written} bytes into the socket`);
    }
    // What the server process read from its sockets, the three bodies together: next to nothing.
    const read = (await bytesReadBy(server.pid)) - readBefore;
    assert.ok(read < 2 * MiB, `the server read ${(read / MiB).toFixed(1)} MB`);
    const api = JSON.parse(results[0].answer.split("\r\n\r\n")[1]);
    assert.equal(api.error.json.data.messageKey, "error.payload_too_large");
    assert.equal(api.error.json.data.httpStatus, 413);
    const grown = (await rssOf(server.pid)) - before;
    assert.ok(grown < 40 * MiB, `the server grew by ${(grown / MiB).toFixed(1)} MB`);
  });

  test("a streamed body without a length is cut the moment it passes the limit", async () => {
    const before = await rssOf(server.pid);
    const readBefore = await bytesReadBy(server.pid);
    const head =
      "POST /api/trpc/auth.signIn HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    const results = await Promise.all(
      [0, 1, 2].map(() =>
        rawRequest(server.baseUrl, head, {
          chunk: "y".repeat(64 * 1024),
          maxBytes: 128 * MiB,
          chunked: true,
        }),
      ),
    );
    for (const r of results) {
      assert.equal(r.status, 413, r.answer.slice(0, 200));
      // Nowhere near the 128 MB the client wanted to send (the rest sits in the kernel's buffers).
      assert.ok(r.written < 64 * MiB, `the client got ${r.written} bytes into the socket`);
    }
    // The server read each body up to its 1 MiB limit and a little past it, then stopped.
    const read = (await bytesReadBy(server.pid)) - readBefore;
    assert.ok(read < 3 * 4 * MiB, `the server read ${(read / MiB).toFixed(1)} MB`);
    const grown = (await rssOf(server.pid)) - before;
    assert.ok(grown < 40 * MiB, `the server grew by ${(grown / MiB).toFixed(1)} MB`);
    // The server is still fine.
    assert.equal((await fetch(`${server.baseUrl}/healthz`)).status, 200);
  });

  test("Expect: 100-continue is answered 413 for an oversized body, and invited within the limit", async () => {
    const head = (length) =>
      `POST /api/trpc/auth.signIn HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: ${length}\r\n\r\n`;
    const big = await rawRequest(server.baseUrl, head(CLAIMED));
    assert.equal(big.status, 413, "no invitation to send 256 MB");
    const small = await rawRequest(server.baseUrl, head(10));
    assert.match(small.answer, /^HTTP\/1\.1 100 Continue/);
  });

  test("a body under the limit still works (sign-in with a wrong password is a 401, not a 413)", async () => {
    const response = await fetch(`${server.baseUrl}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: signInBody({ phone: "13912345678", password: "x".repeat(100) }),
    });
    assert.equal(response.status, 401);
  });

  test("headers over the limit get 431, with the security headers", async () => {
    const r = await rawRequest(
      server.baseUrl,
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(40 * 1024)}\r\n\r\n`,
    );
    assert.equal(r.status, 431, r.answer.slice(0, 200));
    assert.equal(headerOf(r.answer, "x-content-type-options"), "nosniff");
    assert.match(headerOf(r.answer, "content-security-policy") ?? "", /frame-ancestors 'none'/);
  });

  test("deeply nested JSON is refused with 400 before tRPC or superjson parse it", async () => {
    const deep = (n) => `${"[".repeat(n)}${"]".repeat(n)}`;
    const post = await fetch(`${server.baseUrl}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"json":${deep(100_000)}}`,
    });
    assert.equal(post.status, 400);
    const body = await post.json();
    assert.equal(body.error.json.data.messageKey, "error.json_too_deep");
    assert.equal(post.headers.get("cache-control"), "no-store");
    // The same in a GET's input; brackets inside strings do not count.
    const get = await fetch(
      `${server.baseUrl}/api/trpc/registry.districtSummary?input=${encodeURIComponent(`{"json":${deep(200)}}`)}`,
    );
    assert.equal(get.status, 400);
    const shallow = await fetch(`${server.baseUrl}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: signInBody({
        phone: "13912345678",
        password: "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
      }),
    });
    assert.equal(shallow.status, 401);
  });

  test("a client that sends its headers too slowly is cut off with 408 (slowloris)", async () => {
    const started = Date.now();
    const { hostname, port } = new URL(proxied.baseUrl);
    const answer = await new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), hostname);
      let text = "";
      const drip = setInterval(() => socket.writable && socket.write("X-Slow: 1\r\n"), 200);
      socket.on("connect", () => socket.write("GET / HTTP/1.1\r\nHost: x\r\n"));
      socket.on("data", (d) => {
        text += d;
      });
      socket.on("close", () => {
        clearInterval(drip);
        resolve(text);
      });
      socket.on("error", (e) => (e.code === "ECONNRESET" ? undefined : reject(e)));
      setTimeout(() => socket.destroy(), 10_000);
    });
    const elapsed = Date.now() - started;
    assert.match(answer, /^HTTP\/1\.1 408/);
    assert.ok(elapsed < 5_000, `cut after ${elapsed} ms`);
  });

  test("every surface carries the headers: page, console, asset, API, 404s, and no-store when private", async () => {
    const page = await fetch(`${server.baseUrl}/`);
    const pageCsp = assertBaseHeaders(page.headers, "portal page");
    assert.match(pageCsp, /script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
    assert.equal(page.headers.get("strict-transport-security"), null, "no HSTS over plain HTTP");
    const html = await page.text();
    const asset =
      html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1] ?? html.match(/href="(\/assets\/[^"]+\.js)"/)?.[1];
    assert.ok(asset, "the page names a script asset");

    const checks = {
      console: await fetch(`${server.baseUrl}/admin/`),
      "portal asset": await fetch(`${server.baseUrl}${asset}`),
      "console asset missing (404)": await fetch(`${server.baseUrl}/admin/assets/no-such.js`),
      API: await fetch(`${server.baseUrl}/api/trpc/registry.districtSummary`),
      "API error": await fetch(`${server.baseUrl}/api/trpc/no.such.procedure`),
      "portal 404": await fetch(`${server.baseUrl}/no-such-page`),
      "/healthz": await fetch(`${server.baseUrl}/healthz`),
    };
    for (const [label, response] of Object.entries(checks)) assertBaseHeaders(response.headers, label);
    assert.equal(checks["portal 404"].status, 404);
    assert.equal(checks["console asset missing (404)"].status, 404);
    const consoleCsp = checks.console.headers.get("content-security-policy");
    assert.match(consoleCsp, /script-src 'self'(;|$)/, "the console's scripts: its own files only");
    assert.match(checks.API.headers.get("content-security-policy"), /default-src 'none'/);
    for (const label of ["API", "API error"])
      assert.equal(checks[label].headers.get("cache-control"), "no-store", label);
    // An anonymous page may be cached by the browser's rules; an asset keeps its long cache.
    assert.notEqual(page.headers.get("cache-control"), "no-store");
    assert.match(checks["portal asset"].headers.get("cache-control"), /immutable/);

    // Signing in sets the session cookie: no-store. Then every page and asset asked with it: no-store.
    const credentials = await demoSignIn(server);
    const signIn = await fetch(`${server.baseUrl}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: signInBody(credentials),
    });
    assert.equal(signIn.status, 200);
    assert.equal(signIn.headers.get("cache-control"), "no-store");
    const cookie = signIn.headers.getSetCookie()[0].split(";")[0];
    for (const target of ["/", "/me", "/admin/", asset, "/no-such-page"]) {
      const response = await fetch(`${server.baseUrl}${target}`, { headers: { cookie } });
      assert.equal(response.headers.get("cache-control"), "no-store", `${target} with a session cookie`);
      assertBaseHeaders(response.headers, `${target} signed in`);
    }
  });

  test("HSTS and Secure cookies only over HTTPS: behind a trusted proxy, not from a client's say-so", async () => {
    const credentials = await demoSignIn(proxied);
    const signIn = (base, headers) =>
      fetch(`${base.baseUrl}/api/trpc/auth.signIn`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: signInBody(credentials),
      });
    // TRUST_PROXY=1 and the proxy says https.
    const secure = await signIn(proxied, { "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.7" });
    assert.equal(secure.status, 200);
    assert.match(secure.headers.getSetCookie()[0], /; Secure/);
    assert.match(secure.headers.get("strict-transport-security") ?? "", /max-age=31536000/);
    const page = await fetch(`${proxied.baseUrl}/`, { headers: { "x-forwarded-proto": "https" } });
    assert.match(page.headers.get("strict-transport-security") ?? "", /max-age/);
    // TRUST_PROXY=1 but plain HTTP.
    const plain = await signIn(proxied, { "x-forwarded-for": "203.0.113.8" });
    assert.doesNotMatch(plain.headers.getSetCookie()[0], /Secure/);
    assert.equal(plain.headers.get("strict-transport-security"), null);
    // Without TRUST_PROXY the header is anyone's to send: ignored.
    const spoofed = await signIn(server, { "x-forwarded-proto": "https" });
    assert.equal(spoofed.status, 200);
    assert.doesNotMatch(spoofed.headers.getSetCookie()[0], /Secure/);
    assert.equal(spoofed.headers.get("strict-transport-security"), null);
    // The portal's own sign-in form sets the cookie too: Secure behind the proxy.
    const form = await fetch(`${proxied.baseUrl}/signin`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-proto": "https",
        // What the browser sends behind the TLS proxy (React Router compares it with the https URL).
        origin: proxied.baseUrl.replace(/^http:/, "https:"),
      },
      body: new URLSearchParams(credentials),
    });
    assert.equal(form.status, 302, `the sign-in form answered ${form.status}`);
    const formCookie = form.headers.getSetCookie().find((c) => c.startsWith("gongzhi_session="));
    assert.match(formCookie ?? "", /; Secure/);
    assert.equal(form.headers.get("cache-control"), "no-store");
  });

  test("throttled sign-in: 429 with Retry-After, per client address as the trusted proxy gives it", async () => {
    const attempt = (ip) =>
      fetch(`${proxied.baseUrl}/api/trpc/auth.signIn`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.1, ${ip}` },
        body: signInBody({ phone: "13912340000", password: "wrong-password" }),
      });
    for (let i = 0; i <= 10; i++) assert.equal((await attempt("203.0.113.99")).status, 401);
    const refused = await attempt("203.0.113.99");
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get("retry-after"), "900");
    const body = await refused.json();
    assert.equal(body.error.json.data.messageKey, "error.sign_in_throttled");
    assert.equal(body.error.json.data.params.retryAfterMinutes, 15);
    // The proxy's last entry is the address: another client (same spoofable first entry) is not throttled.
    assert.equal((await attempt("203.0.113.100")).status, 401);
  });

  test("every inline script of a page carries the response's nonce, and the page hydrates with no CSP violation", async () => {
    const context = await browser.newContext({ locale: "zh-CN" });
    // Collected in the page from its first moment, before any app script runs.
    await context.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    const response = await page.goto(`${server.baseUrl}/`);
    const nonce = response.headers()["content-security-policy"].match(/'nonce-([^']+)'/)[1];
    // React attaches its fiber to the server-rendered nodes when it hydrates them.
    await page.waitForFunction(() => {
      const main = document.querySelector("main");
      return main !== null && Object.keys(main).some((key) => key.startsWith("__reactFiber"));
    });
    // In the served HTML, not the DOM (browsers hide a nonce from the DOM once parsed).
    const html = await (await fetch(`${server.baseUrl}/`)).text();
    const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)([^>]*)>/g)].map((m) => m[1]);
    assert.ok(inline.length >= 2, `inline scripts: ${inline.length}`);
    for (const attrs of inline)
      assert.match(attrs, /\snonce="[A-Za-z0-9+/=]+"/, `an inline script without a nonce: ${attrs}`);
    assert.notEqual(html.match(/nonce="([^"]+)"/)[1], nonce, "a fresh nonce per response");
    // The locale's message chunk is still preloaded (and so the page rendered in zh-CN).
    assert.match(html, /<link rel="modulepreload" href="\/assets\/zh-CN-[\w-]+\.js"/);
    // Client-side navigation works, so the app really runs.
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "议题" }).click();
    await page.waitForURL(/\/topics$/);
    await page.waitForFunction(() => document.querySelector("h1")?.textContent?.includes("议题"));
    // An injected inline script (what an XSS would be) is refused: the policy is enforced.
    await page.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "window.__injected = true";
      document.body.append(s);
    });
    await page.waitForFunction(() => window.__cspViolations.length > 0);
    assert.equal(await page.evaluate(() => window.__injected ?? false), false);
    const violations = await page.evaluate(() => window.__cspViolations);
    assert.deepEqual(violations, ["script-src-elem inline"], "the only violation is the injected script");
    assert.deepEqual(
      problems.filter((p) => !/Content Security Policy/.test(p)),
      [],
    );
    await context.close();
  });

  test("the staff console runs under its policy: sign-in and the dashboard's charts, no violation", async () => {
    const context = await browser.newContext({ locale: "zh-CN" });
    await context.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy/.test(message.text()))
        problems.push(message.text());
    });
    // District staff land on the 三率 dashboard, whose charts are ECharts.
    await signInConsole(page, server.baseUrl, "13800000006", "/admin/", DEMO_PASSWORD);
    await page.locator("[data-testid=rates-dashboard][data-level=district]").waitFor({ timeout: 30_000 });
    await page
      .locator("[data-testid=rates-dashboard] canvas, [data-testid=rates-dashboard] svg")
      .first()
      .waitFor();
    await page.waitForTimeout(500);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a bad limit or TRUST_PROXY value stops the server at boot with the variable's name", () => {
    assert.throws(() => serverConfig({ BODY_LIMIT_BYTES: "1mb" }), /BODY_LIMIT_BYTES="1mb"/);
    assert.throws(() => serverConfig({ MAX_JSON_DEPTH: "2" }), /MAX_JSON_DEPTH/);
    assert.throws(() => serverConfig({ TRUST_PROXY: "true" }), /TRUST_PROXY="true": expected 0 or 1/);
    assert.throws(
      () => serverConfig({ HEADERS_TIMEOUT_MS: "5000", REQUEST_TIMEOUT_MS: "1000" }),
      /REQUEST_TIMEOUT_MS/,
    );
    assert.equal(serverConfig({}).bodyLimitBytes, MiB);
    assert.equal(serverConfig({ BODY_LIMIT_BYTES: "2048", TRUST_PROXY: "1" }).bodyLimitBytes, 2048);
    assert.equal(serverConfig({ TRUST_PROXY: "1" }).trustProxy, true);
  });

  test("docs/deployment.md documents every limit variable and TRUST_PROXY", async () => {
    const doc = await readFile(path.join(docsDir, "deployment.md"), "utf8");
    for (const { variable } of configVariables) assert.match(doc, new RegExp(`\\b${variable}\\b`), variable);
    assert.match(doc, /TRUST_PROXY/);
  });
});
