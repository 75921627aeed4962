// The server's defences that run before any handler (ADR 0009): security headers on every answer,
// the protocol and address of the request as far as we can trust them, request bodies read under a
// limit, JSON nesting refused before a parser sees it, and bad requests answered with headers too.
// Written as node-style (req, res, next) steps over node:http, so they drop into express unchanged.
import { randomBytes } from "node:crypto";
import { STATUS_CODES } from "node:http";
import helmet from "helmet";

const lastListed = (value) =>
  String(value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .at(-1);

/**
 * Whether the request arrived over HTTPS: a TLS socket, or — only with TRUST_PROXY=1 — the proxy's
 * X-Forwarded-Proto (its last entry: the one our proxy wrote).
 */
export function requestIsHttps(req, trustProxy) {
  if (req.socket.encrypted) return true;
  return trustProxy && lastListed(req.headers["x-forwarded-proto"])?.toLowerCase() === "https";
}

/**
 * The client's address: the connection's peer, or — with TRUST_PROXY=1 behind one reverse proxy — the
 * address that proxy appended last to X-Forwarded-For (earlier entries are client-supplied, untrusted).
 */
export function clientIp(req, trustProxy) {
  if (trustProxy) {
    const forwarded = lastListed(req.headers["x-forwarded-for"]);
    if (forwarded) return forwarded;
  }
  return req.socket.remoteAddress ?? null;
}

const nonceSource = (_req, res) => `'nonce-${res.locals.cspNonce}'`;

// Shared by the three policies: what may embed us (nothing), where forms may post, no plugins.
const baseDirectives = {
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
};

const common = {
  // Same-origin requests keep their referrer (our same-origin check can read Origin); other sites get none.
  referrerPolicy: { policy: "same-origin" },
  xFrameOptions: { action: "deny" },
  // Sent only over HTTPS (below): over plain HTTP it would be ignored, or pin a site that has no TLS.
  strictTransportSecurity: false,
};

/**
 * Portal pages, their assets and errors: scripts only from us or carrying this response's nonce.
 * In development (`pnpm dev`) Vite injects CSS as <style> elements and talks to its HMR websocket:
 * only then may styles be inline and connections go to ws:.
 */
const portalPolicy = ({ development }) =>
  helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        ...baseDirectives,
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", nonceSource],
        scriptSrcAttr: ["'none'"],
        // Components set a few style attributes (progress widths): attributes only, no <style> injection.
        styleSrc: development ? ["'self'", "'unsafe-inline'"] : ["'self'"],
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: development ? ["'self'", "ws:", "wss:"] : ["'self'"],
      },
    },
  });

/**
 * The staff console (a static Vite build with no inline script). ECharts writes style attributes into
 * its DOM and tooltips, so styles may be inline; scripts may not.
 */
const consoleHeaders = helmet({
  ...common,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      ...baseDirectives,
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:", "blob:"],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      workerSrc: ["'self'", "blob:"],
    },
  },
});

/** API answers are data: nothing in them may run or load. */
const apiHeaders = helmet({
  ...common,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
});

const hsts = helmet.strictTransportSecurity({ maxAge: 365 * 24 * 60 * 60, includeSubDomains: true });

/** Which policy a path gets. */
export const surfaceOf = (pathname) =>
  pathname === "/api" || pathname.startsWith("/api/")
    ? "api"
    : pathname === "/admin" || pathname.startsWith("/admin/")
      ? "console"
      : "portal";

/**
 * `Cache-Control: no-store` on every answer to a request that carries a session cookie or that sets
 * one (and on every API answer): hooks writeHead, which Node calls for every response, so it holds
 * whatever a handler wrote.
 */
function noStoreWhenPrivate(req, res, { sessionCookie, always }) {
  const cookieRe = new RegExp(`(?:^|;)\\s*${sessionCookie}=`);
  const carries = cookieRe.test(String(req.headers.cookie ?? ""));
  const setsSession = (value) =>
    [value ?? []].flat().some((c) => String(c).trimStart().startsWith(`${sessionCookie}=`));
  const writeHead = res.writeHead;
  res.writeHead = function (statusCode, ...rest) {
    const headers = typeof rest[0] === "string" ? rest[1] : rest[0];
    const fromArg = headers && !Array.isArray(headers) ? headers : undefined;
    const setCookie = fromArg && Object.keys(fromArg).find((k) => k.toLowerCase() === "set-cookie");
    if (
      always ||
      carries ||
      setsSession(res.getHeader("set-cookie")) ||
      setsSession(setCookie && fromArg[setCookie])
    ) {
      if (fromArg)
        for (const k of Object.keys(fromArg)) if (k.toLowerCase() === "cache-control") delete fromArg[k];
      this.setHeader("Cache-Control", "no-store");
    }
    return writeHead.call(this, statusCode, ...rest);
  };
}

/**
 * The headers step: a fresh CSP nonce in `res.locals.cspNonce`, whether the request is HTTPS in
 * `res.locals.https`, helmet's headers for the path's surface, HSTS over HTTPS, no-store when private.
 */
export function securityHeaders({ trustProxy, sessionCookie, development = false }) {
  const portalHeaders = portalPolicy({ development });
  return (req, res, next) => {
    res.locals ??= {};
    res.locals.cspNonce = randomBytes(18).toString("base64");
    res.locals.https = requestIsHttps(req, trustProxy);
    const surface = surfaceOf(new URL(req.url ?? "/", "http://x").pathname);
    noStoreWhenPrivate(req, res, { sessionCookie, always: surface === "api" });
    const policy = surface === "api" ? apiHeaders : surface === "console" ? consoleHeaders : portalHeaders;
    policy(req, res, (error) => {
      if (error || !res.locals.https) next(error);
      else hsts(req, res, next);
    });
  };
}

/** A request body over its limit (declared by Content-Length, or counted while streaming). */
export class BodyTooLargeError extends Error {
  constructor(limit) {
    super(`request body over ${limit} bytes`);
    this.limit = limit;
  }
}

/** Whether the request has a body at all (a length above 0, or chunked). */
export const hasBody = (req) =>
  req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;

/**
 * Reads the body into one Buffer, at most `limit` bytes: refuses at once when Content-Length says
 * more, and stops reading (pausing the socket) the moment the stream passes the limit, so a client
 * can never make us hold more than `limit` bytes of it. `res` answers `Expect: 100-continue`.
 */
export function readBody(req, limit, res) {
  return new Promise((resolve, reject) => {
    const declared = req.headers["content-length"];
    if (declared !== undefined && !(Number(declared) <= limit)) {
      reject(new BodyTooLargeError(limit));
      return;
    }
    // A client that asked before sending (Expect: 100-continue) is invited only now, within the limit
    // (the server handles checkContinue itself, so Node does not invite every body).
    if (res && /^100-continue$/i.test(String(req.headers.expect ?? ""))) res.writeContinue();
    const chunks = [];
    let total = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onAborted);
    };
    const onData = (chunk) => {
      total += chunk.length;
      if (total > limit) {
        cleanup();
        req.pause();
        chunks.length = 0;
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, total));
    };
    const onError = (error) => {
      cleanup();
      reject(error);
    };
    const onAborted = () => onError(new Error("request aborted"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onAborted);
  });
}

/**
 * Whether JSON text nests objects/arrays deeper than `max` — found by counting brackets outside
 * strings, without parsing, so a hostile document costs one linear pass and no stack.
 */
export function jsonDepthExceeds(text, max) {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** How long a refused connection stays open for the client to read the answer (see `refuse`). */
const LINGER_MS = 2_000;

/**
 * Answer and close the connection without reading the rest of the body. Node would drain an unread
 * body: marked consumed and paused, it stays in the kernel's buffers, and the client, blocked, reads
 * our answer. Node then closes at once — and closing a socket with unread
 * input sends a TCP reset, which can make the client's kernel discard the answer before the client
 * has read it. So the close lingers (like Apache's lingering close): our side is ended (FIN) at once,
 * the socket is destroyed when the client closes or after LINGER_MS.
 */
export function refuse(req, res, status, body, contentType = "text/plain; charset=utf-8", extra = {}) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // Node drains a body nobody consumed (`req._dump()`, which reads it all); `_consuming` is the flag
  // it checks — set by the first read(), which may never come here. Paused, the body stays unread.
  req.pause();
  req._consuming = true;
  const socket = res.socket;
  if (socket) {
    socket.destroySoon = function lingeringClose() {
      if (this.writable) this.end();
      const timer = setTimeout(() => this.destroy(), LINGER_MS);
      timer.unref();
      this.once("close", () => clearTimeout(timer));
    };
  }
  res.shouldKeepAlive = false;
  res.writeHead(status, {
    "Content-Type": contentType,
    "Content-Length": Buffer.byteLength(body),
    Connection: "close",
    ...extra,
  });
  res.end(body);
}

// Headers for answers Node's parser gives before any handler runs (malformed requests, headers too
// large, timeouts): no helmet here — the socket has no response object — so the essentials by hand.
const rawHeaders = [
  "Content-Type: text/plain; charset=utf-8",
  "Connection: close",
  "Cache-Control: no-store",
  "X-Content-Type-Options: nosniff",
  "X-Frame-Options: DENY",
  "Referrer-Policy: same-origin",
  "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
];

/** `server.on("clientError", onClientError)`: 431 for headers over the limit, 408, 413, 400. */
export function onClientError(error, socket) {
  if (error.code === "ECONNRESET" || !socket.writable || socket._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  const status =
    error.code === "HPE_HEADER_OVERFLOW"
      ? 431
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? 408
        : error.code === "HPE_CHUNK_EXTENSIONS_OVERFLOW"
          ? 413
          : 400;
  const body = `${status} ${STATUS_CODES[status]}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${rawHeaders.join("\r\n")}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
