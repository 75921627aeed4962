/**
 * Keyset pagination under a sort (repositories/pagination.ts `keysetSort`): paging through a whole
 * list sorted by any column, in either direction, returns every row exactly once in order — with
 * ties, NULLs (last in both directions), enums, dates and sub-millisecond timestamps — and a cursor
 * that this list did not hand out is refused with InvalidCursorError before any SQL runs.
 */
import type { Sort } from "@gongzhi/core";
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DbConstraintError, InvalidCursorError } from "../src/errors.ts";
import {
  keysetSort,
  registryRepository,
  type SortColumns,
  type TiebreakColumn,
} from "../src/repositories/index.ts";
import { compounds, propertyServices, units, users } from "../src/schema/index.ts";
import { openTestDatabase, type TestDatabase } from "./support/db.ts";
import { makeCompound } from "./support/factory.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

type Dir = "asc" | "desc";
type Value = string | number | Date | null;

/** Page through a whole sorted list with `limit` rows a page; returns the rows and the page count. */
async function pageAll<Row>(
  fetch: (cursor: string | null) => Promise<{ items: Row[]; nextCursor: string | null }>,
  limit: number,
) {
  const all: Row[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: { items: Row[]; nextCursor: string | null } = await fetch(cursor);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    all.push(...page.items);
    cursor = page.nextCursor;
    pages++;
    if (pages > 100) throw new Error("pagination does not end");
  } while (cursor);
  return { all, pages };
}

/** The expected order: by value (nulls last in both directions), then by id, in `dir`. */
function compare(dir: Dir, rank: (v: Exclude<Value, null>) => number | string = (v) => v as number | string) {
  return (a: { v: Value; id: string }, b: { v: Value; id: string }) => {
    if (a.v === null && b.v !== null) return 1;
    if (b.v === null && a.v !== null) return -1;
    const s = dir === "asc" ? 1 : -1;
    if (a.v !== null && b.v !== null) {
      const x = rank(a.v);
      const y = rank(b.v);
      if (x < y) return -s;
      if (x > y) return s;
    }
    return a.id < b.id ? -s : a.id > b.id ? s : 0;
  };
}

type CompoundRow = typeof compounds.$inferSelect;
const compoundColumns = {
  code: { column: compounds.code, kind: "text", value: (r) => r.code },
  name: { column: compounds.name, kind: "text", value: (r) => r.name },
  households: { column: compounds.households, kind: "integer", value: (r) => r.households },
  type: { column: compounds.type, kind: "enum", value: (r) => r.type },
} satisfies SortColumns<CompoundRow>;
const compoundTiebreak: TiebreakColumn<CompoundRow> = {
  column: compounds.id,
  kind: "uuid",
  value: (r) => r.id,
};

function pageCompounds(communityId: string, sort: Sort<keyof typeof compoundColumns>, limit: number) {
  return async (cursor: string | null) => {
    const ks = keysetSort({ columns: compoundColumns, sort, tiebreak: compoundTiebreak, cursor });
    return t.db
      .select()
      .from(compounds)
      .where(and(eq(compounds.communityId, communityId), ks.where))
      .orderBy(...ks.orderBy)
      .limit(limit + 1)
      .then((rows) => ks.toPage(rows, limit));
  };
}

describe(`keyset pagination under a sort (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  let communityId: string;
  const households = [120, 80, 80, 80, 300, 0, 120, 45, 80, 300, 7, 120, 80];
  const types = ["old", "commercial", "self_managed_building", "resettlement", "bungalow"] as const;

  beforeAll(async () => {
    const { community, compound } = await makeCompound(t.db);
    communityId = community.id;
    await registryRepository(t.db).updateCompound(compound.id, { households: 80, name: "m-first" });
    await registryRepository(t.db).createCompounds(
      households.map((h, i) => ({
        communityId,
        code: `${community.code}-${String(i).padStart(2, "0")}`,
        // a few equal names, so text sorts have ties too
        name: `n-${String.fromCharCode(97 + (i % 5))}`,
        type: types[i % types.length]!,
        households: h,
      })),
    );
  });

  for (const key of ["households", "code", "name", "type"] as const) {
    for (const direction of ["asc", "desc"] as const) {
      for (const limit of [1, 3, 5]) {
        it(`${key} ${direction}, ${limit} a page: every row once, in order`, async () => {
          const all = await t.db.select().from(compounds).where(eq(compounds.communityId, communityId));
          const { all: seen, pages } = await pageAll(
            pageCompounds(communityId, { key, direction }, limit),
            limit,
          );
          expect(seen.map((r) => r.id).sort()).toEqual(all.map((r) => r.id).sort());
          expect(pages).toBe(Math.ceil(all.length / limit));
          // compound types sort in the enum's declared order
          const expected = all
            .map((r) => ({ v: r[key] as Value, id: r.id }))
            .sort(compare(direction, key === "type" ? (v) => compoundTypeOrder(v as string) : undefined));
          expect(seen.map((r) => r.id)).toEqual(expected.map((e) => e.id));
        });
      }
    }
  }

  it("nullable integers: NULLs last in both directions, nothing skipped or repeated", async () => {
    const { building } = await makeCompound(t.db, [5000]);
    const areas = [null, 7000, null, 7000, 6400, null, 9000, 7000, null, 100];
    await registryRepository(t.db).createUnits(
      areas.map((a, i) => ({
        buildingId: building.id,
        number: `9${String(i).padStart(2, "0")}`,
        registeredAreaCentiM2: a,
        surveyedAreaCentiM2: a === null ? 5000 : null,
      })),
    );
    type UnitRow = typeof units.$inferSelect;
    const columns = {
      area: {
        column: units.registeredAreaCentiM2,
        kind: "integer",
        nullable: true,
        value: (r) => r.registeredAreaCentiM2,
      },
    } satisfies SortColumns<UnitRow>;
    const tiebreak: TiebreakColumn<UnitRow> = { column: units.id, kind: "uuid", value: (r) => r.id };
    const all = await t.db.select().from(units).where(eq(units.buildingId, building.id));
    expect(all.filter((u) => u.registeredAreaCentiM2 === null)).toHaveLength(4);
    for (const direction of ["asc", "desc"] as const) {
      for (const limit of [1, 2, 3, 4]) {
        const { all: seen } = await pageAll((cursor) => {
          const ks = keysetSort({ columns, sort: { key: "area", direction }, tiebreak, cursor });
          return t.db
            .select()
            .from(units)
            .where(and(eq(units.buildingId, building.id), ks.where))
            .orderBy(...ks.orderBy)
            .limit(limit + 1)
            .then((rows) => ks.toPage(rows, limit));
        }, limit);
        const expected = all.map((r) => ({ v: r.registeredAreaCentiM2, id: r.id })).sort(compare(direction));
        expect(
          seen.map((r) => r.id),
          `${direction} ${limit}`,
        ).toEqual(expected.map((e) => e.id));
        expect(seen.at(-1)?.registeredAreaCentiM2).toBeNull();
      }
    }
  });

  it("nullable dates: NULLs last in both directions, ties broken by id", async () => {
    const { community } = await makeCompound(t.db);
    const ends = ["2027-03-31", null, "2026-12-31", "2027-03-31", null, "2026-01-01", "2027-03-31"];
    const made = await registryRepository(t.db).createCompounds(
      ends.map((_, i) => ({
        communityId: community.id,
        code: `${community.code}-s${i}`,
        name: `s${i}`,
        type: "old" as const,
      })),
    );
    await t.db.insert(propertyServices).values(
      made.map((c, i) => ({
        compoundId: c.id,
        mode: "professional" as const,
        companyName: "物业公司",
        contractStart: "2025-01-01",
        contractEnd: ends[i] ?? null,
        startedOn: "2025-01-01",
      })),
    );
    type ServiceRow = typeof propertyServices.$inferSelect;
    const columns = {
      contractEnd: {
        column: propertyServices.contractEnd,
        kind: "date",
        nullable: true,
        value: (r) => r.contractEnd,
      },
    } satisfies SortColumns<ServiceRow>;
    const tiebreak: TiebreakColumn<ServiceRow> = {
      column: propertyServices.id,
      kind: "uuid",
      value: (r) => r.id,
    };
    const within = inArray(
      propertyServices.compoundId,
      made.map((c) => c.id),
    );
    const all = await t.db.select().from(propertyServices).where(within);
    for (const direction of ["asc", "desc"] as const) {
      const { all: seen } = await pageAll((cursor) => {
        const ks = keysetSort({ columns, sort: { key: "contractEnd", direction }, tiebreak, cursor });
        return t.db
          .select()
          .from(propertyServices)
          .where(and(within, ks.where))
          .orderBy(...ks.orderBy)
          .limit(3)
          .then((rows) => ks.toPage(rows, 2));
      }, 2);
      const expected = all.map((r) => ({ v: r.contractEnd, id: r.id })).sort(compare(direction));
      expect(
        seen.map((r) => r.id),
        direction,
      ).toEqual(expected.map((e) => e.id));
    }
  });

  it("timestamps: rows microseconds apart (a Date keeps milliseconds) are neither skipped nor repeated", async () => {
    const stamps = [
      "2026-05-01 08:00:00.123456+00",
      "2026-05-01 08:00:00.123001+00",
      "2026-05-01 08:00:00.123999+00",
      "2026-05-01 08:00:00.124+00",
      "2026-05-01 08:00:00.122999+00",
      "2026-04-30 23:59:59.999999+00",
      "2026-05-01 08:00:00.123456+00",
    ];
    const tag = `ts${Date.now().toString(36)}`;
    await t.db.insert(users).values(
      stamps.map((s, i) => ({
        phone: `137${String(Date.now() % 1_000_000).padStart(6, "0")}${i}${i}`,
        passwordHash: "x",
        displayName: `${tag}-${i}`,
        createdAt: sql`${s}::timestamptz` as unknown as Date,
      })),
    );
    type UserRow = typeof users.$inferSelect;
    const columns = {
      createdAt: { column: users.createdAt, kind: "timestamp", value: (r) => r.createdAt },
    } satisfies SortColumns<UserRow>;
    const tiebreak: TiebreakColumn<UserRow> = { column: users.id, kind: "uuid", value: (r) => r.id };
    const mine: SQL = sql`${users.displayName} like ${`${tag}-%`}`;
    const all = await t.db.select().from(users).where(mine);
    expect(all).toHaveLength(stamps.length);
    for (const direction of ["asc", "desc"] as const) {
      for (const limit of [1, 2]) {
        const { all: seen } = await pageAll((cursor) => {
          const ks = keysetSort({ columns, sort: { key: "createdAt", direction }, tiebreak, cursor });
          return t.db
            .select()
            .from(users)
            .where(and(mine, ks.where))
            .orderBy(...ks.orderBy)
            .limit(limit + 1)
            .then((rows) => ks.toPage(rows, limit));
        }, limit);
        // milliseconds, then id: the four rows at .123 ms are ties
        const expected = all
          .map((r) => ({ v: Math.floor(r.createdAt.getTime()), id: r.id }))
          .sort(compare(direction));
        expect(
          seen.map((r) => r.id),
          `${direction} ${limit}`,
        ).toEqual(expected.map((e) => e.id));
      }
    }
  });

  it("refuses cursors it did not hand out, before any SQL runs", async () => {
    const first = await pageCompounds(communityId, { key: "households", direction: "desc" }, 2)(null);
    const good = first.nextCursor!;
    expect(good).toMatch(/^[A-Za-z0-9_-]+$/);
    const [key, direction, value, id] = JSON.parse(Buffer.from(good, "base64url").toString("utf8"));
    expect([key, direction, typeof value, id]).toEqual(["households", "desc", "number", first.items[1]!.id]);
    const enc = (x: unknown) => Buffer.from(JSON.stringify(x), "utf8").toString("base64url");
    const bad = [
      "garbage!",
      "AAAA",
      "'; drop table compounds; --",
      enc({ key, direction, value, id }),
      enc([key, direction, value]),
      enc(["name", direction, value, id]),
      enc([key, "asc", value, id]),
      enc([key, direction, "120; drop table compounds", id]),
      enc([key, direction, 1.5, id]),
      enc([key, direction, 1e308, id]),
      enc([key, direction, null, id]),
      enc([key, direction, value, "not-a-uuid"]),
      enc([key, direction, value, null]),
      "A".repeat(2000),
    ];
    for (const cursor of bad) {
      const attempt = pageCompounds(communityId, { key: "households", direction: "desc" }, 2)(cursor);
      await expect(attempt, cursor).rejects.toBeInstanceOf(InvalidCursorError);
      await attempt.catch((e: DbConstraintError) => {
        expect(e).toBeInstanceOf(DbConstraintError);
        expect(e.code).toBe("invalid_input");
        expect(e.constraint).toBe("cursor");
      });
    }
    // a date column refuses a non-date; an enum column a value outside the enum
    const typeCursor = enc(["type", "asc", "castle", id]);
    await expect(
      pageCompounds(communityId, { key: "type", direction: "asc" }, 2)(typeCursor),
    ).rejects.toBeInstanceOf(InvalidCursorError);
    // and the good cursor still works
    const second = await pageCompounds(communityId, { key: "households", direction: "desc" }, 2)(good);
    expect(second.items[0]!.households).toBeLessThanOrEqual(first.items[1]!.households);
  });
});

/** compound_type's declared order (schema/enums.ts). */
function compoundTypeOrder(v: string): number {
  return (compounds.type.enumValues as readonly string[]).indexOf(v);
}
