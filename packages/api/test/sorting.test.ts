/**
 * Server-side sorting of the console's lists: an optional, whitelisted `sort` input; keyset pages
 * under it in both directions (ties broken by id, empty values last); the default order and its
 * cursors unchanged without it; an unknown key or a cursor the list did not hand out is BAD_REQUEST.
 */
import {
  committeeKinds,
  committeeStatuses,
  communityKinds,
  compoundTypes,
  coordinatorStatuses,
  ledgerStatuses,
  supervisionLevels,
} from "@gongzhi/core";
import {
  accountsRepository,
  coordinatorsRepository,
  governanceRepository,
  ledgerRepository,
  registryRepository,
} from "@gongzhi/db";
import { rowCounts } from "@gongzhi/db/testing";
import type { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "./support.ts";
import { buildWorld, type World } from "./world.ts";

let t: TestDatabase;
let world: World;
let buildingId: string;

type Dir = "asc" | "desc";
type Value = string | number | Date | null;
type Page<R> = { items: R[]; nextCursor: string | null };

/** Every page of a list, `limit` rows a page. */
async function pageAll<R>(fetch: (cursor: string | null) => Promise<Page<R>>, limit: number) {
  const all: R[] = [];
  const pages: R[][] = [];
  let cursor: string | null = null;
  do {
    const page: Page<R> = await fetch(cursor);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    all.push(...page.items);
    pages.push(page.items);
    cursor = page.nextCursor;
    if (pages.length > 200) throw new Error("pagination does not end");
  } while (cursor);
  return { all, pages };
}

/** Sorted by value (empty last in both directions), ties by id, in `dir`; enums by `order`. */
function expectedOrder<R>(
  rows: R[],
  dir: Dir,
  value: (r: R) => Value,
  id: (r: R) => string,
  order?: readonly string[],
) {
  const rank = (v: Exclude<Value, null>) =>
    order ? order.indexOf(v as string) : v instanceof Date ? v.getTime() : v;
  const s = dir === "asc" ? 1 : -1;
  return [...rows]
    .sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === null || vb === null) {
        if (va !== vb) return va === null ? 1 : -1;
      } else {
        const x = rank(va);
        const y = rank(vb);
        if (x < y) return -s;
        if (x > y) return s;
      }
      return id(a) < id(b) ? -s : id(a) > id(b) ? s : 0;
    })
    .map(id);
}

/**
 * Pages through `list` under every sort key in both directions and checks each result against the
 * whole list (read in the default order): every row exactly once, in the expected order.
 */
async function checkSorts<R, K extends string>(opts: {
  list: (
    sort: { key: K; direction: Dir } | undefined,
    cursor: string | null,
    limit: number,
  ) => Promise<Page<R>>;
  keys: Record<K, { value: (r: R) => Value; order?: readonly string[] }>;
  id: (r: R) => string;
  minRows: number;
}) {
  const { all: everything } = await pageAll((c) => opts.list(undefined, c, 100), 100);
  expect(everything.length).toBeGreaterThanOrEqual(opts.minRows);
  for (const key of Object.keys(opts.keys) as K[]) {
    const spec = opts.keys[key];
    for (const direction of ["asc", "desc"] as const) {
      const { all, pages } = await pageAll((c) => opts.list({ key, direction }, c, 3), 3);
      const label = `${key} ${direction}`;
      expect(pages.length, label).toBe(Math.ceil(everything.length / 3));
      expect(all.map(opts.id), label).toEqual(
        expectedOrder(everything, direction, spec.value, opts.id, spec.order),
      );
    }
  }
}

async function refused(p: Promise<unknown>, code: TRPCError["code"]) {
  const e = await p.then(
    () => null,
    (error: unknown) => error,
  );
  expect(e, "expected the call to be refused").not.toBeNull();
  expect((e as TRPCError).code).toBe(code);
  return e as TRPCError & { messageKey?: string };
}

beforeAll(async () => {
  t = await openTestDatabase();
  world = await buildWorld(t.db);
  const registry = registryRepository(t.db);
  const governance = governanceRepository(t.db);
  const { communityId, subdistrictId } = world.inside;

  // Communities of the subdistrict (kinds and names with ties).
  for (const [i, kind] of ["village", "community", "village", "community"].entries())
    await registry.createCommunity({
      subdistrictId,
      code: `SORTC${i}`,
      name: `c-${i % 2}`,
      kind: kind as "village" | "community",
    });

  // Compounds with equal households, and each a committee and a professional property service.
  const households = [120, 80, 80, 300, 0, 120, 45, 80, 300, 7, 120];
  const compounds = await registry.createCompounds(
    households.map((h, i) => ({
      communityId,
      code: `SORT${String(i).padStart(2, "0")}`,
      name: `p-${String(i % 4)}`,
      type: compoundTypes[i % compoundTypes.length]!,
      households: h,
    })),
  );
  const ends = ["2026-12-31", null, "2027-06-30", "2026-12-31", null, "2025-01-31"];
  for (const [i, c] of compounds.entries()) {
    await governance.createCommittee(
      {
        compoundId: c.id,
        kind: committeeKinds[i % 2]!,
        status: (["preparing", "elected", "preparing", "dissolved", "expired"] as const)[i % 5]!,
        termEnd: ends[i % ends.length] ?? null,
        filedOn: i % 3 === 0 ? null : `2024-0${(i % 9) + 1}-15`,
      },
      [],
    );
    // Alerts list only contracts ending soon (or ended) and unfiled ones started long ago.
    await governance.setPropertyService({
      compoundId: c.id,
      mode: "professional",
      companyName: `物业${i}`,
      contractStart: "2020-01-01",
      contractEnd: ends[i % ends.length] === null ? null : `2025-0${(i % 9) + 1}-01`,
      filedOn: i % 4 === 0 ? `2020-0${(i % 9) + 1}-10` : null,
      startedOn: "2020-01-01",
    });
  }

  // Units with empty registered areas.
  const building = await registry.createBuilding({
    compoundId: world.inside.compoundId,
    code: "S",
    name: "S栋",
  });
  buildingId = building.id;
  await registry.createUnits(
    [null, 7000, null, 7000, 6400, null, 9000, 100].map((a, i) => ({
      buildingId,
      number: `${i + 1}0${i}`,
      registeredAreaCentiM2: a,
      surveyedAreaCentiM2: a === null ? 5000 + i : null,
      contractAreaCentiM2: i % 2 ? 8000 : null,
    })),
  );
  for (const [i, name] of ["b-2", "b-1", "b-2", "b-0"].entries())
    await registry.createBuilding({ compoundId: world.inside.compoundId, code: `SB${i}`, name });

  // Users (staff of the community) with equal names.
  const accounts = accountsRepository(t.db);
  for (const [i, name] of ["u-b", "u-a", "u-b", "u-c", "u-a"].entries()) {
    const u = await accounts.createUser({
      phone: `1350000${String(process.pid % 1000).padStart(3, "0")}${i}`,
      passwordHash: "x",
      displayName: name,
    });
    await accounts.assign({
      userId: u.id,
      role: "community_staff",
      scopeKind: "community",
      scopeId: communityId,
    });
  }

  // Coordinators and ledger items.
  const cat = await coordinatorsRepository(t.db).createCategory({
    code: "sorting",
    nameZh: "排序",
    nameEn: "Sorting",
  });
  for (let i = 0; i < 7; i++)
    await coordinatorsRepository(t.db).create({
      categoryId: cat.id,
      name: `k-${i % 3}`,
      gender: "female",
      birthYear: 1980 + i,
      phone: `1390000000${i}`,
      idNumber: `11022919800101${String(1000 + i)}`,
      employerDepartment: `d-${i % 2}`,
      communityId,
      hiredOn: `2020-0${(i % 3) + 1}-01`,
      status: coordinatorStatuses[i % 3]!,
    });
  for (let i = 0; i < 8; i++)
    await ledgerRepository(t.db).create({
      communityId,
      title: `l-${i % 3}`,
      responsibleUnit: `r-${i % 2}`,
      deadline: `2026-0${(i % 4) + 1}-15`,
      supervisionLevel: supervisionLevels[i % 3]!,
      status: (["open", "in_progress", "overdue", "escalated"] as const)[i % 4]!,
    });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`sorted lists (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("registryAdmin.listCompounds: every key, both directions, across pages", async () => {
    const staff = await world.caller("community_staff");
    await checkSorts({
      list: (sort, cursor, limit) =>
        staff.registryAdmin.listCompounds({
          scopeLevel: "community",
          scopeId: world.inside.communityId,
          limit,
          cursor,
          ...(sort ? { sort } : {}),
        }),
      keys: {
        code: { value: (r) => r.code },
        name: { value: (r) => r.name },
        type: { value: (r) => r.type, order: compoundTypes },
        households: { value: (r) => r.households },
      },
      id: (r) => r.id,
      minRows: 12,
    });
  });

  it("households descending: each page continues where the last one ended", async () => {
    const staff = await world.caller("subdistrict_staff");
    const input = {
      scopeLevel: "subdistrict" as const,
      scopeId: world.inside.subdistrictId,
      limit: 5,
      sort: { key: "households" as const, direction: "desc" as const },
    };
    const first = await staff.registryAdmin.listCompounds(input);
    const second = await staff.registryAdmin.listCompounds({ ...input, cursor: first.nextCursor });
    expect(first.items.map((c) => c.households)).toEqual([300, 300, 120, 120, 120]);
    expect(second.items[0]!.households).toBeLessThanOrEqual(first.items.at(-1)!.households);
    expect(second.items.map((c) => c.households)).toEqual([80, 80, 80, 80, 45]);
  });

  it("registryAdmin.listCommunities, listBuildings and listUnits (empty areas last)", async () => {
    const staff = await world.caller("subdistrict_staff");
    await checkSorts({
      list: (sort, cursor, limit) =>
        staff.registryAdmin.listCommunities({
          subdistrictId: world.inside.subdistrictId,
          limit,
          cursor,
          ...(sort ? { sort } : {}),
        }),
      keys: {
        code: { value: (r) => r.code },
        name: { value: (r) => r.name },
        kind: { value: (r) => r.kind, order: communityKinds },
      },
      id: (r) => r.id,
      minRows: 5,
    });
    await checkSorts({
      list: (sort, cursor, limit) =>
        staff.registryAdmin.listBuildings({
          compoundId: world.inside.compoundId,
          limit,
          cursor,
          ...(sort ? { sort } : {}),
        }),
      keys: { code: { value: (r) => r.code }, name: { value: (r) => r.name } },
      id: (r) => r.id,
      minRows: 6,
    });
    await checkSorts({
      list: (sort, cursor, limit) =>
        staff.registryAdmin.listUnits({ buildingId, limit, cursor, ...(sort ? { sort } : {}) }),
      keys: {
        number: { value: (r) => r.number },
        registeredArea: { value: (r) => r.registeredAreaCentiM2 },
        surveyedArea: { value: (r) => r.surveyedAreaCentiM2 },
        contractArea: { value: (r) => r.contractAreaCentiM2 },
      },
      id: (r) => r.id,
      minRows: 8,
    });
    const desc = await staff.registryAdmin.listUnits({
      buildingId,
      limit: 100,
      sort: { key: "registeredArea", direction: "desc" },
    });
    expect(desc.items.map((u) => u.registeredAreaCentiM2)).toEqual([
      9000,
      7000,
      7000,
      6400,
      100,
      null,
      null,
      null,
    ]);
  });

  it("committees.list and propertyServices.alerts (empty dates last)", async () => {
    const staff = await world.caller("community_staff");
    const scope = { scopeLevel: "community" as const, scopeId: world.inside.communityId };
    await checkSorts({
      list: (sort, cursor, limit) =>
        staff.committees.list({ ...scope, limit, cursor, ...(sort ? { sort } : {}) }),
      keys: {
        compound: { value: (r) => r.compound.name },
        kind: { value: (r) => r.committee.kind, order: committeeKinds },
        status: { value: (r) => r.committee.status, order: committeeStatuses },
        termEnd: { value: (r) => r.committee.termEnd },
        filedOn: { value: (r) => r.committee.filedOn },
      },
      id: (r) => r.committee.id,
      minRows: 11,
    });
    await checkSorts({
      list: (sort, cursor, limit) =>
        staff.propertyServices.alerts({ ...scope, limit, cursor, ...(sort ? { sort } : {}) }),
      keys: {
        compound: { value: (r) => r.compound.name },
        contractEnd: { value: (r) => r.service.contractEnd },
        filedOn: { value: (r) => r.service.filedOn },
      },
      id: (r) => r.service.id,
      minRows: 8,
    });
  });

  it("users.list, coordinators.list and ledger.supervision", async () => {
    const staff = await world.caller("community_staff");
    const scope = { level: "community" as const, id: world.inside.communityId };
    await checkSorts({
      list: (sort, cursor, limit) =>
        staff.users.list({
          scopeLevel: "community",
          scopeId: world.inside.communityId,
          limit,
          cursor,
          ...(sort ? { sort } : {}),
        }),
      keys: { name: { value: (r) => r.displayName }, createdAt: { value: (r) => r.createdAt } },
      id: (r) => r.id,
      minRows: 6,
    });
    await checkSorts({
      list: (sort, cursor, limit) =>
        staff.coordinators.list({ scope, limit, cursor, ...(sort ? { sort } : {}) }),
      keys: {
        name: { value: (r) => r.name },
        employerDepartment: { value: (r) => r.employerDepartment },
        status: { value: (r) => r.status, order: coordinatorStatuses },
        hiredOn: { value: (r) => r.hiredOn },
      },
      id: (r) => r.id,
      minRows: 7,
    });
    await checkSorts({
      list: (sort, cursor, limit) =>
        staff.ledger.supervision({ scope, limit, cursor, ...(sort ? { sort } : {}) }),
      keys: {
        title: { value: (r) => r.title },
        responsibleUnit: { value: (r) => r.responsibleUnit },
        deadline: { value: (r) => r.deadline },
        status: { value: (r) => r.status, order: ledgerStatuses },
        supervisionLevel: { value: (r) => r.supervisionLevel, order: supervisionLevels },
      },
      id: (r) => r.id,
      minRows: 8,
    });
  });

  it("without a sort the default order and its cursors are unchanged", async () => {
    const staff = await world.caller("community_staff");
    const input = { scopeLevel: "community" as const, scopeId: world.inside.communityId, limit: 4 };
    const first = await staff.registryAdmin.listCompounds(input);
    expect(first.nextCursor).toBe(first.items.at(-1)!.code);
    const codes = first.items.map((c) => c.code);
    expect([...codes].sort()).toEqual(codes);
    const second = await staff.registryAdmin.listCompounds({ ...input, cursor: first.nextCursor });
    expect(second.items[0]!.code > codes.at(-1)!).toBe(true);
    const committees = await staff.committees.list({ ...input, limit: 3 });
    expect(committees.nextCursor).toBe(committees.items.at(-1)!.committee.id);
  });

  it("refuses an unknown sort key or direction with a clear BAD_REQUEST", async () => {
    const staff = await world.caller("community_staff");
    const before = await rowCounts(t.db);
    const base = { scopeLevel: "community" as const, scopeId: world.inside.communityId };
    const e = await refused(
      staff.registryAdmin.listCompounds({ ...base, sort: { key: "address", direction: "asc" } as never }),
      "BAD_REQUEST",
    );
    expect(e.message).toContain("unknown sort key; expected one of code, name, type, households");
    for (const sort of [
      { key: "households", direction: "sideways" },
      { key: "households; drop table compounds", direction: "asc" },
      { key: "households", direction: "asc", nulls: "first" },
      "households",
    ])
      await refused(staff.registryAdmin.listCompounds({ ...base, sort: sort as never }), "BAD_REQUEST");
    // each list has its own whitelist: "households" is not a committee column
    await refused(
      staff.committees.list({ ...base, sort: { key: "households", direction: "asc" } as never }),
      "BAD_REQUEST",
    );
    expect(await rowCounts(t.db)).toBe(before);
  });

  it("refuses a cursor it did not hand out: garbage, tampered, another sort's, too long", async () => {
    const staff = await world.caller("community_staff");
    const base = {
      scopeLevel: "community" as const,
      scopeId: world.inside.communityId,
      limit: 3,
      sort: { key: "households" as const, direction: "desc" as const },
    };
    const first = await staff.registryAdmin.listCompounds(base);
    const good = first.nextCursor!;
    const [key, direction, value, id] = JSON.parse(Buffer.from(good, "base64url").toString("utf8"));
    const enc = (x: unknown) => Buffer.from(JSON.stringify(x), "utf8").toString("base64url");
    for (const cursor of [
      "garbage",
      "not a cursor!",
      enc([key, direction, "120'; drop table compounds; --", id]),
      enc([key, direction, value, "not-a-uuid"]),
      enc([key, "asc", value, id]),
      enc(["name", direction, value, id]),
      enc({ key, direction, value, id }),
    ]) {
      const e = await refused(staff.registryAdmin.listCompounds({ ...base, cursor }), "BAD_REQUEST");
      expect(e.messageKey, cursor).toBe("error.invalid_cursor");
      expect(e.message).toMatch(/^invalid cursor/);
    }
    // a cursor of one sort order is refused under another
    const e = await refused(
      staff.registryAdmin.listCompounds({ ...base, sort: { key: "name", direction: "asc" }, cursor: good }),
      "BAD_REQUEST",
    );
    expect(e.messageKey).toBe("error.invalid_cursor");
    // longer than any cursor the list hands out: refused by the input schema
    await refused(staff.registryAdmin.listCompounds({ ...base, cursor: "A".repeat(1001) }), "BAD_REQUEST");
    // without a sort, the default order's cursor rules hold (a committee cursor is an id)
    await refused(
      staff.committees.list({ scopeLevel: "community", scopeId: world.inside.communityId, cursor: good }),
      "BAD_REQUEST",
    );
    // other lists refuse garbage under a sort too
    for (const call of [
      () =>
        staff.users.list({
          scopeLevel: "community",
          scopeId: world.inside.communityId,
          sort: { key: "createdAt", direction: "asc" },
          cursor: enc(["createdAt", "asc", "yesterday", id]),
        }),
      () =>
        staff.ledger.supervision({
          scope: { level: "community", id: world.inside.communityId },
          sort: { key: "deadline", direction: "asc" },
          cursor: enc(["deadline", "asc", "2026-02-30", id]),
        }),
      () =>
        staff.coordinators.list({
          scope: { level: "community", id: world.inside.communityId },
          sort: { key: "status", direction: "asc" },
          cursor: enc(["status", "asc", "retired", id]),
        }),
      () =>
        staff.propertyServices.alerts({
          scopeLevel: "community",
          scopeId: world.inside.communityId,
          sort: { key: "contractEnd", direction: "asc" },
          cursor: enc(["contractEnd", "asc", 20260101, id]),
        }),
    ]) {
      const err = await refused(call(), "BAD_REQUEST");
      expect(err.messageKey).toBe("error.invalid_cursor");
    }
    // and the good cursor still works
    const second = await staff.registryAdmin.listCompounds({ ...base, cursor: good });
    expect(second.items[0]!.households).toBeLessThanOrEqual(first.items.at(-1)!.households);
  });

  it("a sort does not widen the scope: lists outside the caller's scope stay forbidden", async () => {
    const staff = await world.caller("community_staff");
    await refused(
      staff.registryAdmin.listCompounds({
        scopeLevel: "community",
        scopeId: world.outside.communityId,
        sort: { key: "households", direction: "desc" },
      }),
      "FORBIDDEN",
    );
  });
});
