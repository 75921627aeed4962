// The one production server of a Gongzhi deployment (see docs and DESIGN.md):
//   /api/trpc/*  → the tRPC fetch handler of @gongzhi/api (which owns the database handle)
//   /admin/*     → the staff console's static build (apps/admin/dist), SPA fallback to index.html
//   /assets/*, … → the portal's client build (build/client)
//   everything else → the React Router (Remix) request handler, with the API runtime in its load context
// Env: PORT (default 3000; 0 picks a free port), HOST (default 0.0.0.0), DATABASE_URL, PGLITE_DATA_DIR.
// NODE_ENV=development (`pnpm dev`) serves the portal through Vite's dev server (HMR) instead of the build.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createGzip } from "node:zlib";
// @gongzhi/api and @gongzhi/db are TypeScript source: let Node load them through tsx.
import { register } from "tsx/esm/api";

register();

const here = path.dirname(fileURLToPath(import.meta.url));
const clientDir = path.join(here, "build", "client");
const serverBuildPath = path.join(here, "build", "server", "index.js");
const adminDir = path.resolve(process.env.GONGZHI_ADMIN_DIST ?? path.join(here, "..", "admin", "dist"));

const started = performance.now();
const { createApiRuntime } = await import("@gongzhi/api");
const { createRequestListener } = await import("@react-router/node");

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

const handleDocument = createRequestListener({
  build,
  mode: development ? "development" : "production",
  // The client address for throttling and rate limits: set by handle() below from the socket,
  // overwriting anything a client sent under that name.
  getLoadContext: (request) => ({ runtime, clientIp: request.headers.get(CLIENT_IP_HEADER) }),
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

/** Node request → Fetch Request (for the tRPC fetch adapter). */
function toFetchRequest(req, res) {
  const origin = `http://${req.headers.host ?? "localhost"}`;
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
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body: hasBody ? Readable.toWeb(req) : undefined,
    duplex: hasBody ? "half" : undefined,
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
  res.writeHead(response.status, response.statusText, headers);
  if (!response.body) {
    res.end();
    return;
  }
  await new Promise((resolve, reject) => {
    Readable.fromWeb(response.body).on("error", reject).pipe(res).on("finish", resolve).on("error", reject);
  });
}

const CLIENT_IP_HEADER = "x-gongzhi-client-ip";

const trustProxy = process.env.TRUST_PROXY === "1";

/**
 * The client's address: the connection's peer, or — with TRUST_PROXY=1 behind one reverse proxy — the
 * address that proxy appended last to X-Forwarded-For (earlier entries are client-supplied, untrusted).
 */
function clientIp(req) {
  if (trustProxy) {
    const forwarded = String(req.headers["x-forwarded-for"] ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (forwarded.length > 0) return forwarded[forwarded.length - 1];
  }
  return req.socket.remoteAddress ?? null;
}

async function handle(req, res) {
  req.headers[CLIENT_IP_HEADER] = clientIp(req) ?? "";
  const url = new URL(req.url ?? "/", "http://localhost");
  const { pathname } = url;

  if (pathname === "/api/trpc" || pathname.startsWith("/api/trpc/")) {
    const response = await runtime.handleTrpc(toFetchRequest(req, res), { ip: clientIp(req) });
    await sendFetchResponse(res, response);
    return;
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
    if (handled === false) handleDocument(req, res);
    return;
  }

  if ((req.method === "GET" || req.method === "HEAD") && pathname !== "/") {
    const file = await findFile(clientDir, pathname);
    if (file) {
      sendFile(req, res, file, { immutable: pathname.startsWith("/assets/") });
      return;
    }
  }

  handleDocument(req, res);
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((error) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
    res.end("Internal Server Error");
  });
});

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
