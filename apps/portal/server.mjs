// The one production server of a Gongzhi deployment (see docs and DESIGN.md):
//   /api/trpc/*  → the tRPC fetch handler of @gongzhi/api (which owns the database handle)
//   /open311/v2/* → the Open311 GeoReport v2 fetch handler of @gongzhi/api (ADR 0019)
//   /admin/*     → the staff console's static build (apps/admin/dist), SPA fallback to index.html
//   /assets/*, … → the portal's client build (build/client)
//   everything else → the React Router (Remix) request handler, with the API runtime in its load context
// Before any of them: security headers, body/header/JSON limits and timeouts (server/, ADR 0009).
// Env: PORT (default 3000; 0 picks a free port), HOST (default 0.0.0.0), DATABASE_URL, PGLITE_DATA_DIR,
// TRUST_PROXY and the limits of server/config.mjs (docs/deployment.md).
// NODE_ENV=development (`pnpm dev`) serves the portal through Vite's dev server (HMR) instead of the build.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createGzip } from "node:zlib";
import { createRequestHandler } from "react-router";
// @gongzhi/api and @gongzhi/db are TypeScript source: let Node load them through tsx.
import { register } from "tsx/esm/api";
import { serverConfig } from "./server/config.mjs";
import {
  BodyTooLargeError,
  clientIp,
  hasBody,
  jsonDepthExceeds,
  onClientError,
  readBody,
  refuse,
  securityHeaders,
} from "./server/hardening.mjs";

register();

const here = path.dirname(fileURLToPath(import.meta.url));
const clientDir = path.join(here, "build", "client");
const serverBuildPath = path.join(here, "build", "server", "index.js");
const adminDir = path.resolve(process.env.GONGZHI_ADMIN_DIST ?? path.join(here, "..", "admin", "dist"));

const config = serverConfig();
const started = performance.now();
const { createApiRuntime, SESSION_COOKIE, trpcErrorResponse } = await import("@gongzhi/api");

const runtime = await createApiRuntime({ log: (line) => console.log(`[api] ${line}`) });

const development = process.env.NODE_ENV === "development";
const vite = development
  ? await import("vite").then(({ createServer }) =>
      createServer({ root: here, server: { middlewareMode: true }, appType: "custom" }),
    )
  : undefined;
const build = vite
  ? () => vite.ssrLoadModule("virtual:react-router/server-build")
  : await import(pathToFileURL(serverBuildPath).href);

const handleDocument = createRequestHandler(build, development ? "development" : "production");
const withSecurityHeaders = securityHeaders({
  trustProxy: config.trustProxy,
  sessionCookie: SESSION_COOKIE,
  development,
});

const mimeTypes = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
  ".woff2": "font/woff2",
};
const compressible = new Set([".html", ".js", ".mjs", ".css", ".json", ".map", ".svg", ".txt"]);

/** Resolves `urlPath` inside `root`, refusing anything that escapes it. Returns a file's path or null. */
async function findFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const filePath = path.join(root, path.normalize(decoded));
  if (filePath !== root && !filePath.startsWith(root + path.sep)) return null;
  try {
    const info = await stat(filePath);
    return info.isFile() ? filePath : null;
  } catch {
    return null;
  }
}

function sendFile(req, res, filePath, { immutable }) {
  const ext = path.extname(filePath).toLowerCase();
  res.setHeader("Content-Type", mimeTypes[ext] ?? "application/octet-stream");
  res.setHeader("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Vary", "Accept-Encoding");
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  const gzip = compressible.has(ext) && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
  const stream = createReadStream(filePath);
  stream.on("error", () => res.destroy());
  if (gzip) {
    res.setHeader("Content-Encoding", "gzip");
    stream.pipe(createGzip()).pipe(res);
  } else {
    stream.pipe(res);
  }
}

/** Node request (its body already read under the limit) → Fetch Request. */
function toFetchRequest(req, res, body) {
  const origin = `${res.locals.https ? "https" : "http"}://${req.headers.host ?? "localhost"}`;
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(key, item);
  }
  const controller = new AbortController();
  // Client went away before we answered: let the handler stop early.
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const withBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body: withBody ? (body ?? Buffer.alloc(0)) : undefined,
    signal: controller.signal,
  });
}

/** Fetch Response → Node response. */
async function sendFetchResponse(res, response) {
  const headers = {};
  for (const [key, value] of response.headers) {
    if (key === "set-cookie") continue;
    headers[key] = value;
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  if (response.statusText) res.writeHead(response.status, response.statusText, headers);
  else res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  await new Promise((resolve, reject) => {
    Readable.fromWeb(response.body).on("error", reject).pipe(res).on("finish", resolve).on("error", reject);
  });
}

/** The tRPC procedures that take a spreadsheet's rows: they get IMPORT_BODY_LIMIT_BYTES. */
const importProcedures = new Set([
  "registryAdmin.importCompounds",
  "registryAdmin.importUnits",
  "coordinators.import",
  "workOrders.import",
]);

/**
 * The body limit of an API call: the import limit when every procedure of the (batched) path is an
 * import and the caller is signed in — so an anonymous client cannot make us hold 16 MB — else the
 * ordinary one.
 */
async function apiBodyLimit(req, pathname) {
  let procedures;
  try {
    procedures = decodeURIComponent(pathname.slice("/api/trpc/".length)).split(",");
  } catch {
    return config.bodyLimitBytes;
  }
  if (procedures.length === 0 || !procedures.every((p) => importProcedures.has(p)))
    return config.bodyLimitBytes;
  if (!String(req.headers.cookie ?? "").includes(`${SESSION_COOKIE}=`)) return config.bodyLimitBytes;
  const caller = await runtime.createCaller(
    new Request("http://localhost/", { headers: { cookie: req.headers.cookie } }),
  );
  return (await caller.auth.me()) ? config.importBodyLimitBytes : config.bodyLimitBytes;
}

/**
 * The portal form that takes photos (我要反映: up to 6 photos of 5 MB, multipart/form-data): its POST,
 * with or without JavaScript (React Router posts to `<path>.data` then), gets UPLOAD_BODY_LIMIT_BYTES
 * when the caller is signed in — every other form, and anyone signed out, keeps BODY_LIMIT_BYTES.
 */
const uploadFormPaths = new Set(["/requests/new", "/requests/new.data"]);

async function portalBodyLimit(req, pathname) {
  if (req.method !== "POST" || !uploadFormPaths.has(pathname)) return config.bodyLimitBytes;
  if (!/^multipart\/form-data\s*;/i.test(String(req.headers["content-type"] ?? "")))
    return config.bodyLimitBytes;
  if (!String(req.headers.cookie ?? "").includes(`${SESSION_COOKIE}=`)) return config.bodyLimitBytes;
  const caller = await runtime.createCaller(
    new Request("http://localhost/", { headers: { cookie: req.headers.cookie } }),
  );
  return (await caller.auth.me()) ? config.uploadBodyLimitBytes : config.bodyLimitBytes;
}

const tooLargeText = (limit) =>
  `413 请求内容过大（上限 ${limit} 字节）。Request body too large (limit: ${limit} bytes).\n`;

async function handleApi(req, res, url) {
  const meta = { ip: clientIp(req, config.trustProxy), https: res.locals.https };
  let body;
  if (hasBody(req)) {
    const limit = await apiBodyLimit(req, url.pathname);
    try {
      body = await readBody(req, limit, res);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      const response = trpcErrorResponse(413, "PAYLOAD_TOO_LARGE", "error.payload_too_large", error.message, {
        limitBytes: limit,
      });
      refuse(req, res, 413, await response.text(), "application/json");
      return;
    }
  }
  const input = url.searchParams.get("input");
  if (
    (input && jsonDepthExceeds(input, config.maxJsonDepth)) ||
    (body && jsonDepthExceeds(body.toString("utf8"), config.maxJsonDepth))
  ) {
    const response = trpcErrorResponse(
      400,
      "BAD_REQUEST",
      "error.json_too_deep",
      `JSON input nested deeper than ${config.maxJsonDepth} levels`,
      { maxDepth: config.maxJsonDepth },
    );
    await sendFetchResponse(res, response);
    return;
  }
  const response = await runtime.handleTrpc(toFetchRequest(req, res, body), meta);
  await sendFetchResponse(res, response);
}

/** Open311 GeoReport v2: the ordinary body limit, its own error format (spec: `[{code, description}]`). */
async function handleOpen311(req, res) {
  let body;
  if (hasBody(req)) {
    try {
      body = await readBody(req, config.bodyLimitBytes, res);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      const json = JSON.stringify([
        { code: 413, description: `request body too large (limit: ${config.bodyLimitBytes} bytes)` },
      ]);
      refuse(req, res, 413, json, "application/json");
      return;
    }
  }
  const meta = { ip: clientIp(req, config.trustProxy), https: res.locals.https };
  await sendFetchResponse(res, await runtime.handleOpen311(toFetchRequest(req, res, body), meta));
}

async function handle(req, res) {
  await new Promise((resolve, reject) =>
    withSecurityHeaders(req, res, (error) => (error ? reject(error) : resolve())),
  );
  const url = new URL(req.url ?? "/", "http://localhost");
  const { pathname } = url;

  if (pathname === "/api/trpc" || pathname.startsWith("/api/trpc/")) {
    await handleApi(req, res, url);
    return;
  }
  if (pathname.startsWith("/open311/v2/")) {
    await handleOpen311(req, res);
    return;
  }

  // Nothing else reads a body but the portal's form actions: refuse an oversized one wherever it goes.
  let body;
  if (hasBody(req)) {
    const limit = await portalBodyLimit(req, pathname);
    try {
      body = await readBody(req, limit, res);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      refuse(req, res, 413, tooLargeText(limit));
      return;
    }
  }

  if (pathname === "/admin" || pathname.startsWith("/admin/")) {
    if (pathname === "/admin") {
      res.writeHead(308, { Location: `/admin/${url.search}` });
      res.end();
      return;
    }
    const relative = pathname.slice("/admin".length);
    const file = relative === "/" ? null : await findFile(adminDir, relative);
    if (file) {
      sendFile(req, res, file, { immutable: relative.startsWith("/assets/") });
      return;
    }
    if (relative.startsWith("/assets/")) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("Not found");
      return;
    }
    const index = await findFile(adminDir, "/index.html");
    if (!index) {
      res.writeHead(503, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("The staff console is not built: run `pnpm build`.");
      return;
    }
    sendFile(req, res, index, { immutable: false });
    return;
  }

  if (vite) {
    // Vite serves modules, styles and public files; anything it does not handle falls through.
    const handled = await new Promise((resolve) => vite.middlewares(req, res, () => resolve(false)));
    if (handled === false) await renderDocument(req, res, body);
    return;
  }

  if ((req.method === "GET" || req.method === "HEAD") && pathname !== "/") {
    const file = await findFile(clientDir, pathname);
    if (file) {
      sendFile(req, res, file, { immutable: pathname.startsWith("/assets/") });
      return;
    }
  }

  await renderDocument(req, res, body);
}

/** A portal page or form action through React Router, with this response's nonce and protocol. */
async function renderDocument(req, res, body) {
  const loadContext = {
    runtime,
    clientIp: clientIp(req, config.trustProxy),
    https: res.locals.https,
    cspNonce: res.locals.cspNonce,
  };
  await sendFetchResponse(res, await handleDocument(toFetchRequest(req, res, body), loadContext));
}

const serverOptions = {
  maxHeaderSize: config.maxHeaderBytes,
  connectionsCheckingInterval: config.timeoutCheckIntervalMs,
};
const listener = (req, res) => {
  handle(req, res).catch((error) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
    res.end("Internal Server Error");
  });
};
const server = http.createServer(serverOptions, listener);
// `Expect: 100-continue` is answered by readBody, only for a body within its limit.
server.on("checkContinue", listener);

// Against slowloris: headers, and the whole request, must arrive in time (408 otherwise).
server.headersTimeout = config.headersTimeoutMs;
server.requestTimeout = config.requestTimeoutMs;
server.keepAliveTimeout = config.keepAliveTimeoutMs;
server.on("clientError", onClientError);

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
server.listen(port, host, () => {
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  const shownHost = host === "0.0.0.0" || host === "::" ? "localhost" : host;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Gongzhi is running (${runtime.info.driver}, ready in ${seconds} s)`);
  console.log(`  portal:  http://${shownHost}:${actualPort}/`);
  console.log(`  console: http://${shownHost}:${actualPort}/admin/`);
  if (runtime.demoLogins.length > 0) {
    console.log(`Demo logins (password for all: ${runtime.demoLogins[0].password}):`);
    for (const login of runtime.demoLogins) {
      console.log(`  ${login.phone}  ${login.label["zh-CN"]} / ${login.label.en} — ${login.scope["zh-CN"]}`);
    }
  }
  if (runtime.demoOpen311Key) {
    console.log(`Demo Open311 api_key (POST /open311/v2/requests.json): ${runtime.demoOpen311Key}`);
  }
});

let closing = false;
async function shutdown(signal) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: shutting down`);
  server.close();
  await vite?.close();
  server.closeAllConnections?.();
  try {
    await runtime.close();
  } finally {
    process.exit(0);
  }
}
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));
