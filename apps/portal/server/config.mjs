// The HTTP limits and the proxy setting of the one server, in one place (docs/deployment.md, ADR 0009).
// Every value can be overridden by the environment variable named beside it; a bad value stops the
// server at boot with a message, rather than running with a limit nobody chose.

const MiB = 1024 * 1024;

/** name → [env var, default, minimum, what it is] */
const spec = {
  bodyLimitBytes: ["BODY_LIMIT_BYTES", 1 * MiB, 1024, "largest request body (API calls, portal forms)"],
  importBodyLimitBytes: [
    "IMPORT_BODY_LIMIT_BYTES",
    16 * MiB,
    1024,
    "largest body of a spreadsheet import (registryAdmin.importCompounds/importUnits, coordinators.import) from a signed-in user",
  ],
  uploadBodyLimitBytes: [
    "UPLOAD_BODY_LIMIT_BYTES",
    32 * MiB,
    1024,
    "largest body of the portal's photo upload form (POST /requests/new, multipart/form-data) from a signed-in user",
  ],
  maxJsonDepth: ["MAX_JSON_DEPTH", 32, 4, "deepest nesting of objects/arrays in a JSON API input"],
  maxHeaderBytes: ["MAX_HEADER_BYTES", 16 * 1024, 1024, "largest request line + headers (431 beyond)"],
  headersTimeoutMs: ["HEADERS_TIMEOUT_MS", 20_000, 100, "time a client has to send the complete headers"],
  requestTimeoutMs: ["REQUEST_TIMEOUT_MS", 120_000, 100, "time a client has to send the whole request"],
  keepAliveTimeoutMs: [
    "KEEP_ALIVE_TIMEOUT_MS",
    5_000,
    100,
    "idle time before a kept-alive connection closes",
  ],
  timeoutCheckIntervalMs: [
    "TIMEOUT_CHECK_INTERVAL_MS",
    1_000,
    50,
    "how often Node looks for connections past the two timeouts above",
  ],
};

/**
 * Reads the limits from `env`. `TRUST_PROXY=1`: the server runs behind exactly one reverse proxy
 * that sets X-Forwarded-For and X-Forwarded-Proto (see docs/deployment.md).
 */
export function serverConfig(env = process.env) {
  const config = {};
  for (const [name, [variable, fallback, minimum]] of Object.entries(spec)) {
    const raw = env[variable];
    if (raw === undefined || raw === "") {
      config[name] = fallback;
      continue;
    }
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < minimum) {
      throw new Error(`${variable}=${JSON.stringify(raw)}: expected a whole number ≥ ${minimum}`);
    }
    config[name] = value;
  }
  const trust = env.TRUST_PROXY ?? "";
  if (!["", "0", "1"].includes(trust))
    throw new Error(`TRUST_PROXY=${JSON.stringify(trust)}: expected 0 or 1`);
  config.trustProxy = trust === "1";
  if (config.requestTimeoutMs < config.headersTimeoutMs) {
    throw new Error("REQUEST_TIMEOUT_MS must be at least HEADERS_TIMEOUT_MS");
  }
  return Object.freeze(config);
}

/** The documented table (docs/deployment.md is checked against it by e2e/server-limits.test.mjs). */
export const configVariables = Object.values(spec).map(([variable, fallback, , what]) => ({
  variable,
  fallback,
  what,
}));
