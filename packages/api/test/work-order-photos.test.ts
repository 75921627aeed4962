/**
 * 我要反映 with photos (issue 11): what a photo really is by its magic bytes, the limits (size, count),
 * a refused submission storing nothing (no row, no file), a failure after the files were written
 * removing them, reading a photo back only as its requester or staff whose scope covers the order, the
 * resident's 重办 (reopenMine) after an unsolved callback, and filing at a free address.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { hotlineRepository } from "@gongzhi/db";
import { rowCounts } from "@gongzhi/db/testing";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPhotos, photoLimits, sniffPhotoType, uploadDirFrom } from "../src/uploads.ts";
import { tinyPng } from "./authz/work-orders.cases.ts";
import { callerFor, makeUser, openTestDatabase, type TestDatabase } from "./support.ts";
import { buildWorld, type World } from "./world.ts";

let t: TestDatabase;
let world: World;
let categoryId: string;
let uploadDir: string;

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));
const jpeg = bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], "JFIF", [0, 1, 2, 3]);
const webp = bytes("RIFF", [0x1a, 0, 0, 0], "WEBPVP8 ", [0, 0, 0, 0]);
const ftyp = (major: string, ...compatible: string[]) => {
  const size = 16 + 4 * compatible.length;
  return bytes([0, 0, 0, size], "ftyp", major, [0, 0, 0, 0], compatible.join(""), [0, 0, 0, 8], "mdat");
};
const heic = ftyp("heic", "mif1", "heic");
const pdf = bytes("%PDF-1.7\n%âãÏÓ\n");

const as = async (userId: string | null) => (await callerFor(t.db, userId, { uploadDir })).caller;
async function refused(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}
/** Every file under the upload directory (relative paths). */
function filesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

const request = (extra: Record<string, unknown> = {}) => ({
  type: "complaint" as const,
  categoryId,
  compoundId: world.inside.compoundId,
  address: "3号楼北侧",
  text: "路面塌陷，有安全隐患",
  ...extra,
});

beforeAll(async () => {
  t = await openTestDatabase();
  world = await buildWorld(t.db);
  uploadDir = mkdtempSync(path.join(os.tmpdir(), "gongzhi-photos-test-"));
  const h = hotlineRepository(t.db);
  const tag = Date.now().toString(36);
  categoryId = (
    await h.createCategory({
      code: `WOP${tag}`,
      nameZh: "道路设施",
      nameEn: "Roads",
      limitKind: "natural_hours",
      limitAmount: 72,
    })
  ).id;
  await h.createDispatchRule({
    categoryId,
    districtId: world.inside.districtId,
    subdistrictId: world.inside.subdistrictId,
    unitId: world.inside.handlingUnitId,
    validFrom: "2020-01-01",
  });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe("photo type by magic bytes", () => {
  it("knows JPEG, PNG, WebP and HEIC, whatever the name says", () => {
    expect(sniffPhotoType(jpeg)).toBe("image/jpeg");
    expect(sniffPhotoType(tinyPng)).toBe("image/png");
    expect(sniffPhotoType(webp)).toBe("image/webp");
    expect(sniffPhotoType(heic)).toBe("image/heic");
    // a generic HEIF brand counts as HEIC only with a HEVC brand among the compatible ones
    expect(sniffPhotoType(ftyp("mif1", "heic"))).toBe("image/heic");
    expect(sniffPhotoType(ftyp("mif1", "avif"))).toBeNull();
    expect(sniffPhotoType(ftyp("avif", "mif1"))).toBeNull();
  });

  it("refuses everything else: PDF, GIF, text, a RIFF that is not WebP, truncated headers", () => {
    expect(sniffPhotoType(pdf)).toBeNull();
    expect(sniffPhotoType(bytes("GIF89a", [1, 0, 1, 0]))).toBeNull();
    expect(sniffPhotoType(bytes("<script>alert(1)</script>"))).toBeNull();
    expect(sniffPhotoType(bytes("RIFF", [0, 0, 0, 0], "WAVEfmt "))).toBeNull();
    expect(sniffPhotoType(bytes([0xff, 0xd8]))).toBeNull();
    expect(sniffPhotoType(tinyPng.subarray(0, 7))).toBeNull();
    expect(sniffPhotoType(new Uint8Array(0))).toBeNull();
  });

  it("checks the limits: at most 6, at most 5 MB each, none empty; the same photo twice is kept once", () => {
    expect(photoLimits).toEqual({ maxCount: 6, maxBytes: 5 * 1024 * 1024 });
    const six = Array.from({ length: 6 }, () => ({ bytes: tinyPng }));
    expect(checkPhotos(six)).toHaveLength(1);
    expect(() => checkPhotos([...six, { bytes: jpeg }])).toThrow(/at most 6/);
    const atLimit = new Uint8Array(photoLimits.maxBytes);
    atLimit.set(jpeg);
    expect(checkPhotos([{ bytes: atLimit }])[0]!.contentType).toBe("image/jpeg");
    const over = new Uint8Array(photoLimits.maxBytes + 1);
    over.set(jpeg);
    expect(() => checkPhotos([{ name: "big.jpg", bytes: over }])).toThrow(/big\.jpg/);
    expect(() => checkPhotos([{ bytes: new Uint8Array(0) }])).toThrow(/empty/);
  });

  it("picks the directory: GONGZHI_UPLOAD_DIR, else beside the PGlite data directory", () => {
    expect(uploadDirFrom({ GONGZHI_UPLOAD_DIR: "/srv/gongzhi/photos" })).toBe("/srv/gongzhi/photos");
    expect(uploadDirFrom({}, "/var/lib/gongzhi/pglite")).toBe("/var/lib/gongzhi/uploads");
    expect(uploadDirFrom({ PGLITE_DATA_DIR: "/data/db" })).toBe("/data/uploads");
    expect(uploadDirFrom({}, "memory")).toMatch(/\.data\/uploads$/);
  });
});

describe(`filing with photos (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  let orderId: string;
  let photoIds: string[];

  it("stores the photos with the order: files under the directory, rows with type, size and sha256", async () => {
    const resident = await as(world.users.resident.id);
    const filed = await resident.workOrders.file(
      request({
        photos: [
          { name: "road.png", bytes: tinyPng },
          { name: "IMG_1.JPG", bytes: jpeg },
        ],
      }),
    );
    orderId = filed.order.id;
    const rows = await hotlineRepository(t.db).photosOf(orderId);
    expect(rows.map((r) => r.contentType).sort()).toEqual(["image/jpeg", "image/png"]);
    for (const r of rows) {
      expect(r.filePath).toMatch(new RegExp(`^work-orders/${orderId}/[0-9a-f-]{36}\\.(png|jpg)$`));
      const stored = readFileSync(path.join(uploadDir, r.filePath));
      expect(sha(stored)).toBe(r.sha256);
      expect(r.byteSize).toBe(stored.byteLength);
      expect(r.uploadedById).toBe(world.users.resident.id);
    }
    expect(filesIn(uploadDir)).toHaveLength(2);
    const detail = await resident.workOrders.myOrder({ id: orderId });
    photoIds = detail.photos.map((p) => p.id);
    expect(photoIds.sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it("refuses a whole submission for one bad photo, storing nothing (no order, no row, no file)", async () => {
    const resident = await as(world.users.resident.id);
    const before = await rowCounts(t.db);
    const filesBefore = filesIn(uploadDir);
    const big = new Uint8Array(photoLimits.maxBytes + 1);
    big.set(tinyPng);
    for (const [photos, key] of [
      [
        [
          { name: "ok.png", bytes: tinyPng },
          { name: "report.pdf", bytes: pdf },
        ],
        "error.photo.bad_type",
      ],
      [[{ name: "renamed.jpg", bytes: bytes("just some text") }], "error.photo.bad_type"],
      [[{ name: "huge.png", bytes: big }], "error.photo.too_large"],
      [Array.from({ length: 7 }, (_, i) => ({ name: `${i}.jpg`, bytes: jpeg })), "error.photo.too_many"],
      [[{ name: "empty.png", bytes: new Uint8Array(0) }], "error.photo.empty"],
    ] as const) {
      const e = await refused(resident.workOrders.file(request({ photos })));
      expect(e.code).toBe("BAD_REQUEST");
      expect((e as { messageKey?: string }).messageKey).toBe(key);
    }
    expect(await rowCounts(t.db)).toEqual(before);
    expect(filesIn(uploadDir)).toEqual(filesBefore);
  });

  it("removes the files written when the database then refuses (the order rolls back too)", async () => {
    const resident = await as(world.users.resident.id);
    await t.db.execute(
      sql.raw(`create or replace function refuse_photo() returns trigger language plpgsql as
               $$ begin raise exception 'photo refused by test'; end $$`),
    );
    await t.db.execute(
      sql.raw(`create trigger refuse_photo before insert on work_order_photos
               for each row execute function refuse_photo()`),
    );
    const before = await rowCounts(t.db);
    const filesBefore = filesIn(uploadDir);
    try {
      await expect(resident.workOrders.file(request({ photos: [{ bytes: webp }] }))).rejects.toThrow();
    } finally {
      await t.db.execute(sql.raw("drop trigger refuse_photo on work_order_photos"));
    }
    expect(await rowCounts(t.db)).toEqual(before);
    expect(filesIn(uploadDir)).toEqual(filesBefore);
  });

  it("stores nothing when the directory cannot be written", async () => {
    const notADir = path.join(mkdtempSync(path.join(os.tmpdir(), "gongzhi-photos-file-")), "file");
    writeFileSync(notADir, "x");
    const resident = (await callerFor(t.db, world.users.resident.id, { uploadDir: notADir })).caller;
    const before = await rowCounts(t.db);
    await expect(resident.workOrders.file(request({ photos: [{ bytes: heic }] }))).rejects.toThrow();
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it("shows a photo to its requester, the order's unit staff and the dispatchers above; to no one else", async () => {
    const id = photoIds[0]!;
    const row = (await hotlineRepository(t.db).getPhoto(id))!;
    for (const userId of [
      world.users.resident.id,
      world.users.unit_staff.id,
      world.users.subdistrict_staff.id,
      world.users.system_admin.id,
    ]) {
      const got = await (await as(userId)).workOrders.photo({ id });
      expect(got.contentType).toBe(row.contentType);
      expect(sha(got.bytes)).toBe(row.sha256);
    }
    const otherResident = await makeUser(t.db, [
      { role: "resident", scopeKind: "community", scopeId: world.inside.communityId },
    ]);
    const outsideUnitStaff = await makeUser(t.db, [
      { role: "unit_staff", scopeKind: "handling_unit", scopeId: world.outside.handlingUnitId },
    ]);
    const outsideDispatcher = await makeUser(t.db, [
      { role: "subdistrict_staff", scopeKind: "subdistrict", scopeId: world.outside.subdistrictId },
    ]);
    for (const userId of [
      otherResident.id,
      outsideUnitStaff.id,
      outsideDispatcher.id,
      world.users.community_staff.id,
    ]) {
      const e = await refused((await as(userId)).workOrders.photo({ id }));
      expect(e.code).toBe("NOT_FOUND");
    }
    expect((await refused((await as(null)).workOrders.photo({ id }))).code).toBe("UNAUTHORIZED");
    expect(
      (await refused((await as(world.users.resident.id)).workOrders.photo({ id: crypto.randomUUID() }))).code,
    ).toBe("NOT_FOUND");
  });
});

describe(`the resident's callback and 重办 (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("answers unsolved, then reopens; not twice, not someone else's, not a solved one", async () => {
    const resident = await as(world.users.resident.id);
    const unit = await as(world.users.unit_staff.id);
    const { order } = await resident.workOrders.file(request());
    // reopening before any callback is refused and changes nothing
    const early = await refused(resident.workOrders.reopenMine({ id: order.id }));
    expect((early as { messageKey?: string }).messageKey).toBe("error.work_order.reopen_not_allowed");
    await unit.workOrders.accept({ id: order.id });
    await unit.workOrders.answer({ id: order.id, answer: "已安排维修" });
    await resident.workOrders.answerCallback({
      id: order.id,
      contacted: true,
      solved: false,
      satisfaction: "dissatisfied",
    });
    const stranger = await makeUser(t.db, [
      { role: "resident", scopeKind: "community", scopeId: world.inside.communityId },
    ]);
    const before = await rowCounts(t.db);
    expect((await refused((await as(stranger.id)).workOrders.reopenMine({ id: order.id }))).code).toBe(
      "NOT_FOUND",
    );
    expect(await rowCounts(t.db)).toEqual(before);
    const r = await resident.workOrders.reopenMine({ id: order.id, reason: "还是没修好" });
    expect(r.order.status).toBe("reopened");
    expect(r.order.reopenCount).toBe(1);
    expect(r.order.assignedUnitId).toBe(world.inside.handlingUnitId);
    expect(r.events[0]).toMatchObject({
      fromStatus: "called_back",
      toStatus: "reopened",
      reason: "还是没修好",
    });
    expect((await refused(resident.workOrders.reopenMine({ id: order.id }))).code).toBe("BAD_REQUEST");

    // solved: the order closes, and the requester cannot reopen it (复核 is a dispatcher's)
    const { order: second } = await resident.workOrders.file(request());
    await unit.workOrders.accept({ id: second.id });
    await unit.workOrders.answer({ id: second.id, answer: "已修复" });
    const cb = await resident.workOrders.answerCallback({
      id: second.id,
      contacted: true,
      solved: true,
      satisfaction: "satisfied",
    });
    expect(cb.order.status).toBe("closed");
    expect((await refused(resident.workOrders.reopenMine({ id: second.id }))).code).toBe("BAD_REQUEST");
  });
});

describe(`filing at a free address or point (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  it("files in one of my communities without a compound, and refuses a request with no place", async () => {
    const resident = await as(world.users.resident.id);
    const base = { type: "suggestion" as const, categoryId, text: "建议增设路灯" };
    const filed = await resident.workOrders.file({
      ...base,
      communityId: world.inside.communityId,
      address: "小区东门外人行道",
      lat: 40.46,
      lng: 115.98,
    });
    expect(filed.order.place).toMatchObject({ kind: "point", lat: 40.46, lng: 115.98 });
    expect(filed.order.communityId).toBe(world.inside.communityId);
    const before = await rowCounts(t.db);
    for (const [input, key] of [
      [{ ...base }, "error.work_order.place_required"],
      [{ ...base, communityId: world.inside.communityId }, "error.work_order.place_required"],
      [{ ...base, communityId: world.inside.communityId, lat: 40 }, "error.work_order.point_incomplete"],
      [
        { ...base, compoundId: world.inside.compoundId, communityId: world.inside.communityId },
        "error.work_order.place_ambiguous",
      ],
    ] as const) {
      const e = await refused(resident.workOrders.file(input));
      expect((e as { messageKey?: string }).messageKey).toBe(key);
    }
    // a community that is not mine
    const e = await refused(
      resident.workOrders.file({ ...base, communityId: world.outside.communityId, address: "某处" }),
    );
    expect(e.code).toBe("FORBIDDEN");
    expect(await rowCounts(t.db)).toEqual(before);
  });
});
