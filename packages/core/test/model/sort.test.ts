import { describe, expect, expectTypeOf, it } from "vitest";
import { type SortOf, sortInput } from "../../src/index.ts";

describe("sortInput", () => {
  const compoundSort = sortInput(["code", "name", "households"] as const);

  it("accepts a whitelisted key in either direction, and no sort at all", () => {
    expect(compoundSort.parse({ key: "households", direction: "desc" })).toEqual({
      key: "households",
      direction: "desc",
    });
    expect(compoundSort.parse({ key: "name", direction: "asc" })).toEqual({ key: "name", direction: "asc" });
    expect(compoundSort.parse(undefined)).toBeUndefined();
  });

  it("rejects a key outside the whitelist with a message naming the allowed keys", () => {
    const r = compoundSort.safeParse({ key: "address", direction: "asc" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("unknown sort key; expected one of code, name, households");
    expect(r.error?.issues[0]?.path).toEqual(["key"]);
  });

  it("rejects SQL-looking keys, bad directions, extra fields and missing parts", () => {
    for (const bad of [
      { key: "name; drop table compounds", direction: "asc" },
      { key: "name", direction: "ASC" },
      { key: "name", direction: "up" },
      { key: "name" },
      { direction: "asc" },
      { key: "name", direction: "asc", nulls: "first" },
      "name",
      null,
    ]) {
      expect(compoundSort.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(compoundSort.safeParse({ key: "name", direction: "sideways" }).error?.issues[0]?.message).toBe(
      'sort direction must be "asc" or "desc"',
    );
  });

  it("types the key as the union of the whitelist", () => {
    type S = SortOf<typeof compoundSort>;
    expectTypeOf<S["key"]>().toEqualTypeOf<"code" | "name" | "households">();
    expectTypeOf<S["direction"]>().toEqualTypeOf<"asc" | "desc">();
  });
});
