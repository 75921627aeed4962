/**
 * Photo uploads of work orders (接诉即办, the resident's "我要反映"; ADR 0017): checked, hashed and
 * stored on disk under one directory; the database keeps a row per photo (`work_order_photos`:
 * relative path, size, type, sha256). Photos are never served from a public static path: the
 * `workOrders.photo` procedure reads them back for the requester and the staff whose scope covers
 * the order.
 *
 * The directory: `GONGZHI_UPLOAD_DIR`, else `uploads/` beside the PGlite data directory (so
 * `./.data/pglite` → `./.data/uploads`), else `./.data/uploads` at the repository root (docs/deployment.md).
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rm, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { defaultDataDir, repoRoot } from "@gongzhi/db";
import { ApiError } from "./errors.ts";

const MiB = 1024 * 1024;

/** How many photos one request may carry, and how large each may be. */
export const photoLimits = { maxCount: 6, maxBytes: 5 * MiB } as const;

/** The image types `work_order_photos` accepts (its check constraint). */
export const photoContentTypes = ["image/jpeg", "image/png", "image/webp", "image/heic"] as const;
export type PhotoContentType = (typeof photoContentTypes)[number];

const extensionOf: Record<PhotoContentType, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/heic": "heic",
};

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

/** HEIF brands of HEIC images (ISO/IEC 23008-12): HEVC-coded still images and sequences. */
const heicBrands = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis"]);
/** Generic HEIF brands: HEIC only when a HEVC brand is among the compatible ones (AVIF is not). */
const genericHeifBrands = new Set(["mif1", "msf1"]);

/**
 * The image type the bytes really are, by their magic numbers — never by the name or the type the
 * browser claimed. Null for anything else (a PDF, a script, a GIF, text renamed to .jpg).
 */
export function sniffPhotoType(bytes: Uint8Array): PhotoContentType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return "image/png";
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP")
    return "image/webp";
  // ISO BMFF: [size:4]["ftyp"][major brand:4][minor version:4][compatible brands:4 each] within the box
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === "ftyp") {
    const boxSize = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
    const major = ascii(bytes, 8, 12);
    if (heicBrands.has(major)) return "image/heic";
    if (genericHeifBrands.has(major)) {
      const end = Math.min(boxSize, bytes.length);
      for (let at = 16; at + 4 <= end; at += 4)
        if (heicBrands.has(ascii(bytes, at, at + 4))) return "image/heic";
    }
  }
  return null;
}

/** A photo as it arrived: its bytes and the file name the browser sent (for messages only). */
export interface PhotoUpload {
  name?: string | undefined;
  bytes: Uint8Array;
}

/** A photo that passed the checks: its real type and hash, ready to store. */
export interface CheckedPhoto {
  name: string;
  bytes: Uint8Array;
  contentType: PhotoContentType;
  sha256: string;
}

/** A photo written to disk: the path relative to the upload directory, as the row stores it. */
export interface StoredPhoto extends Omit<CheckedPhoto, "bytes"> {
  filePath: string;
  byteSize: number;
}

const refuse = (key: string, message: string, params: Record<string, string | number> = {}) =>
  new ApiError("BAD_REQUEST", `error.photo.${key}`, message, params);

/**
 * Checks every photo before anything is stored: at most `maxCount`, each non-empty, at most `maxBytes`,
 * and a JPEG, PNG, WebP or HEIC by its magic bytes. One bad photo refuses the whole submission (its
 * 1-based position and name in the message). The same photo twice is kept once.
 */
export function checkPhotos(photos: readonly PhotoUpload[]): CheckedPhoto[] {
  if (photos.length > photoLimits.maxCount)
    throw refuse("too_many", `at most ${photoLimits.maxCount} photos`, { max: photoLimits.maxCount });
  const out: CheckedPhoto[] = [];
  photos.forEach((p, i) => {
    const name = (p.name ?? "").slice(0, 255) || `#${i + 1}`;
    const params = { index: i + 1, name };
    if (p.bytes.byteLength === 0) throw refuse("empty", `photo ${i + 1} (${name}) is empty`, params);
    if (p.bytes.byteLength > photoLimits.maxBytes)
      throw refuse("too_large", `photo ${i + 1} (${name}) is over ${photoLimits.maxBytes} bytes`, {
        ...params,
        maxMegabytes: photoLimits.maxBytes / MiB,
      });
    const contentType = sniffPhotoType(p.bytes);
    if (!contentType)
      throw refuse("bad_type", `photo ${i + 1} (${name}) is not a JPEG, PNG, WebP or HEIC image`, params);
    const sha256 = createHash("sha256").update(p.bytes).digest("hex");
    if (!out.some((c) => c.sha256 === sha256)) out.push({ name, bytes: p.bytes, contentType, sha256 });
  });
  return out;
}

/**
 * The upload directory: `GONGZHI_UPLOAD_DIR`, else `uploads/` beside the PGlite data directory (the
 * one the runtime opened, or PGLITE_DATA_DIR, or the default `./.data/pglite`), else — in memory or
 * on PostgreSQL without PGLITE_DATA_DIR — `./.data/uploads` at the repository root.
 */
export function uploadDirFrom(
  env: Record<string, string | undefined> = process.env,
  pgliteDataDir?: string,
): string {
  if (env.GONGZHI_UPLOAD_DIR) return path.resolve(env.GONGZHI_UPLOAD_DIR);
  const dataDir = pgliteDataDir ?? env.PGLITE_DATA_DIR ?? defaultDataDir;
  if (dataDir === "memory") return path.join(repoRoot, ".data", "uploads");
  return path.join(path.dirname(path.resolve(dataDir)), "uploads");
}

/** The absolute path of a stored file, refusing any relative path that leaves the directory. */
function inside(dir: string, relative: string): string {
  const root = path.resolve(dir);
  const full = path.resolve(root, relative);
  if (path.isAbsolute(relative) || relative.includes("..") || !full.startsWith(root + path.sep))
    throw new Error(`photo path outside the upload directory: ${relative}`);
  return full;
}

/**
 * Writes checked photos under `work-orders/<order id>/` with fresh names (never overwriting a file:
 * `wx`). On any failure the files already written are removed before the error goes on. Returns what
 * the rows store.
 */
export async function storePhotos(
  dir: string,
  orderId: string,
  photos: readonly CheckedPhoto[],
): Promise<StoredPhoto[]> {
  const stored: StoredPhoto[] = [];
  try {
    if (photos.length > 0) await mkdir(inside(dir, path.join("work-orders", orderId)), { recursive: true });
    for (const p of photos) {
      const filePath = path.posix.join(
        "work-orders",
        orderId,
        `${randomUUID()}.${extensionOf[p.contentType]}`,
      );
      await writeFile(inside(dir, filePath), p.bytes, { flag: "wx" });
      stored.push({
        name: p.name,
        contentType: p.contentType,
        sha256: p.sha256,
        filePath,
        byteSize: p.bytes.byteLength,
      });
    }
    return stored;
  } catch (error) {
    await removePhotos(dir, stored);
    throw error;
  }
}

/** Removes stored files (and the order's folder when it is left empty); missing files are no error. */
export async function removePhotos(dir: string, stored: readonly Pick<StoredPhoto, "filePath">[]) {
  for (const s of stored) await rm(inside(dir, s.filePath), { force: true });
  const folders = new Set(stored.map((s) => path.posix.dirname(s.filePath)));
  for (const f of folders) await rmdir(inside(dir, f)).catch(() => {}); // kept when not empty
}

/** Reads a stored photo back (the caller has checked the reader may see it). */
export function readPhoto(dir: string, filePath: string): Promise<Buffer> {
  return readFile(inside(dir, filePath));
}
