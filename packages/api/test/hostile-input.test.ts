/**
 * Every procedure fed malformed and hostile inputs answers a client error — never an internal one —
 * and a refused call changes nothing. Inputs are derived from each procedure's valid "inside" case:
 * wrong types, huge strings, negative and absurd numbers, unknown ids and ids from the outside side.
 */
import { rowCounts } from "@gongzhi/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src/router.ts";
import { domains, type ProcedureCase } from "./authz/cases.ts";
import { openTestDatabase, type TestDatabase } from "./support.ts";
import { buildWorld, type Side, type World } from "./world.ts";

const procedures = (appRouter._def as unknown as { procedures: Record<string, unknown> }).procedures;
const paths = Object.keys(procedures).sort();
const cases = new Map<string, ProcedureCase>();
for (const d of domains) for (const [p, c] of Object.entries(d.cases)) cases.set(p, c);

let t: TestDatabase;
let world: World;
const extras: Record<Side, Record<string, unknown>> = { inside: {}, outside: {} };
beforeAll(async () => {
  t = await openTestDatabase();
  world = await buildWorld(t.db);
  for (const d of domains) {
    if (!d.setup) continue;
    for (const side of ["inside", "outside"] as const)
      Object.assign(extras[side], await d.setup(world, side));
  }
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const huge = "长".repeat(200_000);

/** Hostile variants of a valid input. */
function variants(valid: unknown, outsideIds: Map<string, string>): unknown[] {
  const out: unknown[] = [undefined, null, 42, "x", [], {}, huge, { __proto__: { admin: true } }, [valid]];
  if (valid && typeof valid === "object" && !Array.isArray(valid)) {
    for (const [k, v] of Object.entries(valid)) {
      const put = (x: unknown) => out.push({ ...(valid as object), [k]: x });
      if (typeof v === "string") {
        put(huge);
        put(123);
        put("");
        put("'; drop table users; --");
        put(`${v}\u0000`);
        put(`\ud800${v}`);
        if (UUID.test(v)) {
          put("00000000-0000-4000-8000-000000000000");
          put(outsideIds.get(v) ?? "ffffffff-ffff-4fff-bfff-ffffffffffff");
          put("not-a-uuid");
        }
      } else if (typeof v === "number") {
        put(-1);
        put(1e308);
        put(Number.NaN);
        put(0.5);
        put("7");
      } else if (typeof v === "boolean") {
        put("true");
      } else if (Array.isArray(v)) {
        put(Array.from({ length: 10_000 }, () => v[0] ?? "x"));
        put("not-an-array");
      }
      put(undefined);
    }
  }
  return out;
}

const tableCounts = () => rowCounts(t.db);

describe(`hostile input (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  for (const path of paths) {
    it(`${path} answers client errors and changes nothing when it refuses`, async () => {
      const c = cases.get(path);
      if (!c) throw new Error(`${path} has no case in test/authz`);
      const valid = c.input({ world, side: "inside", extra: extras.inside });
      const outsideValid = c.input({ world, side: "outside", extra: extras.outside });
      const outsideIds = new Map<string, string>();
      if (valid && outsideValid && typeof valid === "object" && typeof outsideValid === "object") {
        for (const [k, v] of Object.entries(valid)) {
          const o = (outsideValid as Record<string, unknown>)[k];
          if (typeof v === "string" && typeof o === "string" && UUID.test(v) && UUID.test(o))
            outsideIds.set(v, o);
        }
      }
      const problems: string[] = [];
      for (const actor of ["community_staff", "resident"] as const) {
        const caller = (await world.caller(actor)) as unknown as Record<string, unknown>;
        const fn = path.split(".").reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], caller) as (
          i: unknown,
        ) => Promise<unknown>;
        // Counted once, then again only after a call that was accepted (it may change data) or a
        // refusal that did (reported): every refusal is still compared with the state just before it.
        let before = await tableCounts();
        for (const input of variants(valid, outsideIds)) {
          try {
            await fn(input);
            before = await tableCounts();
          } catch (e) {
            if (!(e instanceof TRPCError)) {
              problems.push(`${actor} ${JSON.stringify(input)?.slice(0, 120)}: non-tRPC error ${String(e)}`);
              before = await tableCounts();
              continue;
            }
            if (e.code === "INTERNAL_SERVER_ERROR") {
              problems.push(
                `${actor} ${JSON.stringify(input)?.slice(0, 120)}: internal error ${String(e.cause ?? e.message)}`,
              );
            }
            const after = await tableCounts();
            if (after !== before) {
              problems.push(`${actor} ${JSON.stringify(input)?.slice(0, 120)}: refused but changed data`);
              before = after;
            }
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }

  // Text PostgreSQL cannot store is one rule (core's findUnstorableText, applied to every procedure's
  // input): NUL or a lone surrogate in any string field, nested or not, is BAD_REQUEST with its key.
  it("every string field of every procedure refuses NUL and lone surrogates with error.input.unstorable_text", async () => {
    const problems: string[] = [];
    const caller = (await world.caller("community_staff")) as unknown as Record<string, unknown>;
    const before = await tableCounts();
    for (const path of paths) {
      const valid = cases.get(path)!.input({ world, side: "inside", extra: extras.inside });
      const fn = path.split(".").reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], caller) as (
        i: unknown,
      ) => Promise<unknown>;
      const strings =
        valid && typeof valid === "object" && !Array.isArray(valid)
          ? Object.entries(valid).filter(([, v]) => typeof v === "string")
          : [];
      const inputs: unknown[] = [{ ...((valid as object) ?? {}), nested: { deeper: ["ok", "bad\u0000"] } }];
      for (const [k, v] of strings)
        inputs.push({ ...(valid as object), [k]: `${v}\u0000` }, { ...(valid as object), [k]: `${v}\udfff` });
      for (const input of inputs) {
        try {
          await fn(input);
          problems.push(`${path} ${JSON.stringify(input).slice(0, 100)}: accepted`);
        } catch (e) {
          const key = (e as { messageKey?: string }).messageKey;
          if (!(e instanceof TRPCError) || e.code !== "BAD_REQUEST" || key !== "error.input.unstorable_text")
            problems.push(`${path}: ${String((e as TRPCError).code)} ${key}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(await tableCounts()).toBe(before);
  });
});
