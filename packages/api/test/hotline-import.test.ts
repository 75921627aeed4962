/**
 * 12345 export import (ADR 0018): an .xlsx and CSVs (UTF-8 with BOM, GBK) through `workOrders.import`;
 * the same file twice files nothing twice; one bad row and nothing is written (the report names the
 * row); hostile files are refused with a 400 that changes nothing; imported orders are dispatched by
 * the catalogue like `workOrders.create`.
 */
import { hotlineRepository, loadChineseDaysCalendar, tables } from "@gongzhi/db";
import { rowCounts } from "@gongzhi/db/testing";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import * as ExcelJSModule from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readReceivedAt } from "../src/routers/work-orders/import.ts";
import { decodeCsv, readImportFile, zipDeclaredSize } from "../src/routers/work-orders/import-file.ts";
import { callerFor, openTestDatabase, type TestDatabase } from "./support.ts";
import { buildWorld, type World } from "./world.ts";

const ExcelJS = ((ExcelJSModule as unknown as { default?: typeof ExcelJSModule }).default ??
  ExcelJSModule) as typeof ExcelJSModule;

/** Thursday 3 December 2026, 10:00 Beijing. */
const NOW = new Date("2026-12-03T02:00:00Z");
let t: TestDatabase;
let world: World;
let tag: string;
let categoryCode: string;

const as = async (userId: string) => (await callerFor(t.db, userId, { now: () => NOW })).caller;
async function refused(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}
const b64 = (bytes: Uint8Array | ArrayBuffer) => Buffer.from(bytes as ArrayBuffer).toString("base64");
const input = (fileName: string, bytes: Uint8Array | ArrayBuffer, dryRun: boolean) => ({
  scopeLevel: "subdistrict" as const,
  scopeId: world.inside.subdistrictId,
  fileName,
  contentBase64: b64(bytes),
  dryRun,
});

const header = [
  "工单编号",
  "受理时间",
  "诉求类型",
  "诉求分类",
  "所属社区",
  "小区",
  "详细地址",
  "诉求内容",
  "诉求人",
  "联系电话",
];
function rows(prefix: string, n: number, overrides: Record<number, Partial<Record<string, string>>> = {}) {
  return Array.from({ length: n }, (_, i) => {
    const r: Record<string, string> = {
      工单编号: `${prefix}${String(i + 1).padStart(4, "0")}`,
      受理时间: `2026-12-0${1 + (i % 2)} 09:3${i % 10}`,
      诉求类型: ["投诉", "咨询", "建议"][i % 3]!,
      诉求分类: categoryCode,
      所属社区: `社区${tag}a`,
      小区: `小区${tag}a`,
      详细地址: "1号楼东侧",
      诉求内容: `楼道灯不亮，第${i + 1}次反映`,
      诉求人: "王女士",
      联系电话: "13912345678",
      ...overrides[i],
    };
    return header.map((h) => r[h] ?? "");
  });
}
const csv = (grid: string[][]) =>
  grid.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\r\n");

async function xlsx(grid: (string | number | Date)[][]): Promise<ArrayBuffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("工单");
  for (const r of grid) sheet.addRow(r);
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
}

beforeAll(async () => {
  t = await openTestDatabase();
  world = await buildWorld(t.db);
  await loadChineseDaysCalendar(t.db, [2026, 2027]);
  // The community's and compound's names in world.ts: 社区<tag>a / 小区<tag>a.
  const [c] = await t.db
    .select({ name: tables.communities.name })
    .from(tables.communities)
    .where(eq(tables.communities.id, world.inside.communityId));
  tag = c!.name.replace(/^社区/, "").replace(/a$/, "");
  const h = hotlineRepository(t.db);
  const root = await h.createCategory({
    code: `HIR${tag}`,
    nameZh: `城市管理${tag}`,
    nameEn: "City management",
    limitKind: "working_days",
    limitAmount: 13,
  });
  const leaf = await h.createCategory({
    parentId: root.id,
    code: `HIL${tag}`,
    nameZh: "路灯照明",
    nameEn: "Street lighting",
    limitKind: "working_days",
    limitAmount: 3,
  });
  categoryCode = leaf.code;
  await h.createDispatchRule({
    categoryId: root.id,
    districtId: world.inside.districtId,
    subdistrictId: world.inside.subdistrictId,
    unitId: world.inside.handlingUnitId,
    validFrom: "2020-01-01",
  });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`12345 import (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("imports an .xlsx: preview writes nothing, commit files and dispatches every row, the same file again changes nothing", async () => {
    const dispatcher = await as(world.users.subdistrict_staff.id);
    const file = await xlsx([header, ...rows("X1", 3)]);
    const before = await rowCounts(t.db);
    const preview = await dispatcher.workOrders.import(input("export.xlsx", file, true));
    expect(preview).toMatchObject({ ok: true, dryRun: true, format: "xlsx", encoding: null });
    expect(preview.counts).toEqual({ rows: 3, new: 3, alreadyImported: 0, errors: 0, created: 0 });
    expect(preview.rows.map((r) => [r.line, r.status])).toEqual([
      [2, "new"],
      [3, "new"],
      [4, "new"],
    ]);
    expect(await rowCounts(t.db)).toBe(before);

    const done = await dispatcher.workOrders.import(input("export.xlsx", file, false));
    expect(done.ok).toBe(true);
    expect(done.counts.created).toBe(3);
    for (const r of done.rows) {
      expect(r.status).toBe("new");
      expect(r.dispatchedTo).toBe(world.inside.handlingUnitId);
      const o = await hotlineRepository(t.db).getWorkOrderByNumber(r.number!);
      expect(o).toMatchObject({
        externalNumber: r.externalNumber,
        channel: "hotline_12345",
        status: "dispatched",
        assignedUnitId: world.inside.handlingUnitId,
        compoundId: world.inside.compoundId,
        communityId: world.inside.communityId,
        requesterPhone: "13912345678",
      });
      // The order keeps the platform's receipt time (Beijing wall clock), numbered by that day.
      expect(r.number!.slice(0, 8)).toMatch(/^2026120[12]$/);
    }
    const first = await hotlineRepository(t.db).getWorkOrderByNumber(done.rows[0]!.number!);
    expect(first!.receivedAt.toISOString()).toBe("2026-12-01T01:30:00.000Z");
    expect(first!.type).toBe("complaint");

    const afterCommit = await rowCounts(t.db);
    const again = await dispatcher.workOrders.import(input("export.xlsx", file, false));
    expect(again.ok).toBe(true);
    expect(again.counts).toEqual({ rows: 3, new: 0, alreadyImported: 3, errors: 0, created: 0 });
    expect(again.rows.map((r) => r.number)).toEqual(done.rows.map((r) => r.number));
    expect(await rowCounts(t.db)).toBe(afterCommit);
  });

  it("one bad row and nothing is imported: the report names the row, the column and the reason", async () => {
    const dispatcher = await as(world.users.subdistrict_staff.id);
    const grid = [header, ...rows("B1", 4, { 2: { 联系电话: "010-1234", 诉求类型: "表扬" } })];
    const before = await rowCounts(t.db);
    const out = await dispatcher.workOrders.import(
      input("bad.csv", new TextEncoder().encode(csv(grid)), false),
    );
    expect(out.ok).toBe(false);
    expect(out.counts).toMatchObject({ rows: 4, new: 3, errors: 1, created: 0 });
    const bad = out.rows.find((r) => r.status === "error")!;
    expect(bad.line).toBe(4);
    expect(bad.problems.map((p) => [p.column, p.messageKey]).sort()).toEqual([
      ["requesterPhone", "error.hotline_import.invalid_phone"],
      ["type", "error.hotline_import.invalid_type"],
    ]);
    expect(await rowCounts(t.db)).toBe(before);
  });

  it("reports every kind of bad cell, and a number twice in one file", async () => {
    const dispatcher = await as(world.users.subdistrict_staff.id);
    const grid = [
      header,
      ...rows("E1", 7, {
        0: { 受理时间: "2026-02-30 09:00" },
        1: { 受理时间: "2027-01-05 09:00" },
        2: { 诉求分类: "没有这个分类" },
        3: { 小区: "没有这个小区" },
        4: { 诉求内容: "" },
        5: { 工单编号: "E10001" },
        6: { 工单编号: "bad number!" },
      }),
    ];
    const out = await dispatcher.workOrders.import(input("e.csv", new TextEncoder().encode(csv(grid)), true));
    const keys = out.rows.map((r) => r.problems.map((p) => p.messageKey));
    expect(keys).toEqual([
      ["error.hotline_import.invalid_time"],
      ["error.hotline_import.time_in_future"],
      ["error.hotline_import.unknown_category"],
      ["error.hotline_import.unknown_compound"],
      ["error.hotline_import.required"],
      ["error.hotline_import.duplicate_row"],
      ["error.hotline_import.invalid_number"],
    ]);
  });

  it("reads CSV in UTF-8 with a BOM and in GBK (the platform's export), with other columns ignored", async () => {
    const dispatcher = await as(world.users.subdistrict_staff.id);
    const grid = [[...header, "办理状态"], ...rows("U1", 2).map((r) => [...r, "已办结"])];
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(csv(grid))]);
    const utf8 = await dispatcher.workOrders.import(input("bom.csv", bom, false));
    expect(utf8).toMatchObject({ ok: true, format: "csv", encoding: "utf-8", ignoredColumns: ["办理状态"] });
    expect(utf8.counts.created).toBe(2);

    // GBK bytes of the same sheet (new numbers), encoded with Node's ICU via the WHATWG label gbk.
    const gbkGrid = [header, ...rows("G1", 2, { 0: { 诉求内容: "噪音扰民，夜间施工" } })];
    const gbk = encodeGbk(csv(gbkGrid));
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(gbk)).toThrow();
    const out = await dispatcher.workOrders.import(input("gbk.csv", gbk, false));
    expect(out).toMatchObject({ ok: true, encoding: "gb18030" });
    expect(out.counts.created).toBe(2);
    const o = await hotlineRepository(t.db).getWorkOrderByNumber(out.rows[0]!.number!);
    expect(o!.text).toBe("噪音扰民，夜间施工");
    expect(o!.requesterName).toBe("王女士");
  });

  it("refuses what is not a readable export with a 400 that changes nothing", async () => {
    const dispatcher = await as(world.users.district_staff.id);
    const before = await rowCounts(t.db);
    const cases: [string, Uint8Array | ArrayBuffer, string][] = [
      ["empty.csv", new Uint8Array(), "error.hotline_import.empty_file"],
      ["x.xlsx", new TextEncoder().encode("not a zip"), "error.hotline_import.unreadable_file"],
      [
        "broken.xlsx",
        new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
        "error.hotline_import.unreadable_file",
      ],
      [
        "cols.csv",
        new TextEncoder().encode("工单编号,诉求内容\r\nA1,x"),
        "error.hotline_import.missing_columns",
      ],
      ["head.csv", new TextEncoder().encode(header.join(",")), "error.hotline_import.no_rows"],
      [
        "q.csv",
        new TextEncoder().encode(`${header.join(",")}\r\n"unterminated,1`),
        "error.hotline_import.unreadable_csv",
      ],
      ["u16.csv", new Uint8Array([0xff, 0xfe, 0x41, 0]), "error.hotline_import.unsupported_encoding"],
      [
        "many.csv",
        new TextEncoder().encode(csv([header, ...Array.from({ length: 2001 }, (_, i) => [`M${i}`])])),
        "error.hotline_import.too_many_rows",
      ],
    ];
    for (const [name, bytes, key] of cases) {
      const e = await refused(
        dispatcher.workOrders.import({
          ...input(name, bytes, false),
          scopeLevel: "district",
          scopeId: world.inside.districtId,
        }),
      );
      expect([name, e.code, messageKeyOf(e)]).toEqual([name, "BAD_REQUEST", key]);
    }
    // Not base64, and a file above 5 MB: refused by the input schema.
    await expect(
      dispatcher.workOrders.import({ ...input("a.csv", new Uint8Array([1]), true), contentBase64: "!!!" }),
    ).rejects.toThrow();
    await expect(
      dispatcher.workOrders.import({ ...input("a.csv", new Uint8Array(5 * 1024 * 1024 + 10), true) }),
    ).rejects.toThrow();
    expect(await rowCounts(t.db)).toBe(before);
  });

  it("refuses a zip that declares a huge unpacked size before inflating it", () => {
    // A central directory entry declaring 1 GiB uncompressed.
    const name = new TextEncoder().encode("xl/worksheets/sheet1.xml");
    const cd = new Uint8Array(46 + name.length);
    const v = new DataView(cd.buffer);
    v.setUint32(0, 0x02014b50, true);
    v.setUint32(24, 1024 * 1024 * 1024, true);
    v.setUint16(28, name.length, true);
    cd.set(name, 46);
    const eocd = new Uint8Array(22);
    const e = new DataView(eocd.buffer);
    e.setUint32(0, 0x06054b50, true);
    e.setUint16(10, 1, true);
    e.setUint32(16, 4, true);
    const file = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...cd, ...eocd]);
    expect(zipDeclaredSize(file)).toBe(1024 * 1024 * 1024);
    return expect(readImportFile(file, "bomb.xlsx")).rejects.toMatchObject({
      messageKey: "error.hotline_import.file_too_large",
    });
  });

  it("reads receipt times as Beijing wall-clock time, refusing impossible dates", () => {
    expect(readReceivedAt("2026-12-01 09:30")?.toISOString()).toBe("2026-12-01T01:30:00.000Z");
    expect(readReceivedAt("2026/12/1 9:30:15")?.toISOString()).toBe("2026-12-01T01:30:15.000Z");
    expect(readReceivedAt("2026年12月1日 09:30")?.toISOString()).toBe("2026-12-01T01:30:00.000Z");
    expect(readReceivedAt(new Date(Date.UTC(2026, 11, 1, 9, 30)))?.toISOString()).toBe(
      "2026-12-01T01:30:00.000Z",
    );
    expect(readReceivedAt("2026-02-29 09:30")).toBeNull();
    expect(readReceivedAt("2026-13-01")).toBeNull();
    expect(readReceivedAt("2026-12-01 24:00")).toBeNull();
    expect(readReceivedAt("yesterday")).toBeNull();
    expect(decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])).text).toBe("A");
  });

  it("is for dispatchers of the target only: a street's staff cannot import into another street", async () => {
    const dispatcher = await as(world.users.subdistrict_staff.id);
    const file = new TextEncoder().encode(csv([header, ...rows("S1", 1)]));
    const e = await refused(
      dispatcher.workOrders.import({ ...input("s.csv", file, false), scopeId: world.outside.subdistrictId }),
    );
    expect(e.code).toBe("FORBIDDEN");
    const unit = await as(world.users.unit_staff.id);
    expect((await refused(unit.workOrders.import(input("s.csv", file, false)))).code).toBe("FORBIDDEN");
  });
});

function messageKeyOf(e: TRPCError): string | undefined {
  return (e as unknown as { messageKey?: string }).messageKey;
}

/** GBK bytes of a string, for the test (Node has no GBK encoder: invert its decoder over the BMP). */
function encodeGbk(s: string): Uint8Array {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder("gbk");
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && ch !== "\ufffd" && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  const out: number[] = [];
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}
