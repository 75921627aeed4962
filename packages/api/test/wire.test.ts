/**
 * The HTTP wire (ADR 0007): tRPC with the superjson transformer, through the same fetch handler the
 * one server mounts at /api/trpc. A Date output arrives as a Date; errors keep their message keys.
 */

import { PRIVACY_CONSENT_VERSION } from "@gongzhi/core";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiRuntime, createApiRuntime } from "../src/runtime.ts";
import { codeFromOutbox, openTestDatabase, type TestDatabase, uniquePhone } from "./support.ts";

let runtime: ApiRuntime;
let test: TestDatabase;

beforeAll(async () => {
  test = await openTestDatabase();
  runtime = await createApiRuntime({
    database: { db: test.db, driver: test.driver, close: () => test.close() },
    migrate: false,
    seedDemoIfEmpty: false,
    scheduler: false,
    log: () => {},
  });
});
afterAll(() => runtime.close());

const origin = "http://localhost:3000";
function post(procedure: string, body: unknown, headers: Record<string, string> = {}) {
  return runtime.handleTrpc(
    new Request(`${origin}/api/trpc/${procedure}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin, "sec-fetch-site": "same-origin", ...headers },
      body: JSON.stringify(body),
    }),
    { ip: "127.0.0.1" },
  );
}
function get(procedure: string, input: unknown, headers: Record<string, string> = {}) {
  const query =
    input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  return runtime.handleTrpc(new Request(`${origin}/api/trpc/${procedure}${query}`, { headers }), {
    ip: "127.0.0.1",
  });
}

describe("the tRPC wire (superjson)", () => {
  it("round-trips a Date output as a Date, with the session cookie from sign-up", async () => {
    const phone = uniquePhone();
    const requested = await post("auth.requestSignUpCode", superjson.serialize({ phone }));
    expect(requested.status).toBe(200);
    const signUp = await post(
      "auth.signUp",
      superjson.serialize({
        phone,
        code: await codeFromOutbox(test.db, phone),
        password: "wire-test-passphrase-2026",
        displayName: "线路测试",
        acceptConsent: true,
        consentVersion: PRIVACY_CONSENT_VERSION,
      }),
    );
    expect(signUp.status).toBe(200);
    const cookie = signUp.headers.get("set-cookie")?.split(";")[0];
    expect(cookie).toMatch(/^gongzhi_session=/);

    const sessions = await get("auth.mySessions", undefined, { cookie: cookie ?? "" });
    expect(sessions.status).toBe(200);
    const body = (await sessions.json()) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
    const list = superjson.deserialize<{ createdAt: unknown; current: boolean }[]>(body.result.data);
    expect(list).toHaveLength(1);
    expect(list[0]?.createdAt).toBeInstanceOf(Date);
    expect(list[0]?.current).toBe(true);
  });

  it("a plain-JSON input (without the superjson envelope) is refused as invalid input, changing nothing", async () => {
    const response = await post("auth.signUp", { phone: uniquePhone(), password: "x", displayName: "y" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: Parameters<typeof superjson.deserialize>[0] };
    const error = superjson.deserialize<{ data: { messageKey: string } }>(body.error);
    expect(error.data.messageKey).toBe("error.invalid_input");
  });

  it("the cross-site refusal is readable on the same wire", async () => {
    const response = await post(
      "auth.signOut",
      {},
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    );
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: Parameters<typeof superjson.deserialize>[0] };
    const error = superjson.deserialize<{ message: string; data: { code: string; messageKey: string } }>(
      body.error,
    );
    expect(error.data).toMatchObject({ code: "FORBIDDEN", messageKey: "error.cross_site" });
  });
});
