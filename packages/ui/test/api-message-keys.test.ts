/**
 * Every message key the API can answer with has a text in both catalogs, so an error is never shown
 * to a resident as a raw key. Reads the API's source as text (no import: ui does not depend on api).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isMessageKey } from "../src/index.ts";

const apiSrc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../api/src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(path.join(dir, e.name))
      : e.name.endsWith(".ts")
        ? [readFileSync(path.join(dir, e.name), "utf8")]
        : [],
  );
}

describe("API message keys", () => {
  const text = sources(apiSrc).join("\n");

  it("every literal error key in @gongzhi/api has a zh-CN and en text", () => {
    const literal = new Set([...text.matchAll(/"(error\.[a-z_.]+[a-z_])"/g)].map((m) => m[1]!));
    expect(literal.size).toBeGreaterThan(40);
    expect([...literal].filter((k) => !isMessageKey(k)).sort()).toEqual([]);
  });

  it("the dynamic families have a text for every member", () => {
    const families = [
      ...["too_short", "too_long", "too_common", "contains_phone", "one_character"].map(
        (p) => `error.password.${p}`,
      ),
      ...["no_such_transition", "role_not_allowed", "guard_failed"].map((r) => `error.transition.${r}`),
      ...[
        "district",
        "subdistrict",
        "community",
        "compound",
        "building",
        "unit",
        "handling_unit",
        "work_order",
      ].map((l) => `error.not_found.${l}`),
      // core's RuleInputError codes the work-order procedures can meet (calendar, limits, events)
      ...[
        "event_not_allowed",
        "invalid_calendar",
        "calendar_out_of_range",
        "calendar_required",
        "invalid_limit",
      ].map((c) => `error.rule.${c}`),
      ...[
        "bad_request",
        "unauthorized",
        "forbidden",
        "not_found",
        "conflict",
        "too_many_requests",
        "internal_server_error",
      ].map((c) => `error.${c}`),
    ];
    expect(families.filter((k) => !isMessageKey(k))).toEqual([]);
  });
});
