/**
 * The authorization matrix, generated from the router: every procedure × every role × inside / outside
 * scope. A procedure without a policy, or without a case in ./cases.ts, fails this test.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Policy } from "../../src/policy.ts";
import { appRouter } from "../../src/router.ts";
import { openTestDatabase, type TestDatabase } from "../support.ts";
import { type ActorName, actorNames, buildWorld, type Side, type World } from "../world.ts";
import { domains, type ProcedureCase } from "./cases.ts";

type Procedures = Record<
  string,
  { _def: { meta?: { policy?: Policy }; type: "query" | "mutation" | "subscription" } }
>;
const procedures = (appRouter._def as unknown as { procedures: Procedures }).procedures;
const paths = Object.keys(procedures).sort();

const cases = new Map<string, ProcedureCase>();
for (const d of domains) for (const [path, c] of Object.entries(d.cases)) cases.set(path, c);

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

/** The roles each test actor holds (see world.ts). */
const heldRoles: Record<ActorName, string[]> = {
  anonymous: [],
  resident: ["resident"],
  verified_owner: ["resident", "verified_owner"],
  committee_member: ["resident", "committee_member"],
  community_staff: ["community_staff"],
  subdistrict_staff: ["subdistrict_staff"],
  district_staff: ["district_staff"],
  system_admin: ["system_admin"],
  unit_staff: ["unit_staff"],
};

type Outcome = "allowed" | "unauthorized" | "forbidden";

function expected(
  policy: Policy,
  actor: ActorName,
  side: Side,
  c: ProcedureCase,
): Outcome | "forbidden_or_not_found" {
  if (policy.kind === "public") return "allowed";
  if (actor === "anonymous") return "unauthorized";
  if (policy.kind === "signedIn") return "allowed";
  if (!heldRoles[actor].some((r) => (policy.roles as readonly string[]).includes(r))) return "forbidden";
  if (c.scope === "ignore" || side === "inside" || actor === "system_admin") return "allowed";
  return "forbidden_or_not_found";
}

async function call(
  path: string,
  actor: ActorName,
  input: unknown,
): Promise<{ outcome: Outcome | "not_found"; error?: TRPCError }> {
  const caller = (await world.caller(actor)) as unknown as Record<string, unknown>;
  const fn = path
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    i: unknown,
  ) => Promise<unknown>;
  try {
    await fn(input);
    return { outcome: "allowed" };
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    if (e.code === "UNAUTHORIZED") return { outcome: "unauthorized", error: e };
    if (e.code === "FORBIDDEN") return { outcome: "forbidden", error: e };
    if (e.code === "NOT_FOUND") return { outcome: "not_found", error: e };
    if (e.code === "INTERNAL_SERVER_ERROR") throw e;
    return { outcome: "allowed", error: e }; // a validation or state error: authorization let it through
  }
}

describe(`authorization matrix (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("every procedure declares a policy and has authorization cases", () => {
    const withoutPolicy = paths.filter((p) => !procedures[p]!._def.meta?.policy);
    // Every procedure also declares what it returns (an output schema), so nothing leaks by accident.
    const withoutOutput = paths.filter((p) => !(procedures[p]!._def as { output?: unknown }).output);
    expect(withoutOutput).toEqual([]);
    const withoutCase = paths.filter((p) => !cases.has(p));
    const staleCases = [...cases.keys()].filter((p) => !(p in procedures));
    expect({ withoutPolicy, withoutCase, staleCases }).toEqual({
      withoutPolicy: [],
      withoutCase: [],
      staleCases: [],
    });
  });

  for (const path of paths) {
    it(`${path}: each role inside and outside its scope`, async () => {
      const policy = procedures[path]!._def.meta?.policy;
      const c = cases.get(path);
      if (!policy || !c) throw new Error(`${path} has no policy or no case`);
      const mismatches: string[] = [];
      // Outside first, so that mutations that succeed inside do not change what the outside sees.
      for (const side of ["outside", "inside"] as const) {
        for (const actor of actorNames) {
          const input = c.input({ world, side, extra: extras[side] });
          const want = expected(policy, actor, side, c);
          const got = await call(path, actor, input);
          const ok =
            want === "forbidden_or_not_found"
              ? got.outcome === "forbidden" || got.outcome === "not_found"
              : want === "allowed"
                ? got.outcome === "allowed" || got.outcome === "not_found"
                : got.outcome === want;
          if (!ok)
            mismatches.push(
              `${side}/${actor}: expected ${want}, got ${got.outcome}${got.error ? ` (${got.error.message})` : ""}`,
            );
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});
