/**
 * Small schema helpers shared by the registry, property-service, committee, household and user routers.
 */
import { pageInput } from "@gongzhi/core";
import { z } from "zod";

/** A page of `item`s: `{ items, nextCursor }`. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Cursor pagination whose cursor is an id (a uuid). */
export const idPageInput = pageInput.extend({ cursor: z.uuid().nullish() });

/** Search text: trimmed, bounded, no NUL (PostgreSQL text cannot hold it). */
export const searchText = z
  .string()
  .trim()
  .max(100)
  .refine((s) => !s.includes("\0"), "no NUL characters")
  .optional();

/** A text cursor without NUL characters. */
export const textPageInput = pageInput.extend({
  cursor: z
    .string()
    .max(200)
    .refine((s) => !s.includes("\0"), "no NUL characters")
    .nullish(),
});

/** The levels a staff list or alert report can be asked for. */
export const withinLevels = ["district", "subdistrict", "community", "compound"] as const;
export type WithinLevel = (typeof withinLevels)[number];

/** "Everything within this district / subdistrict / community / compound." */
export const withinInput = z.object({
  scopeLevel: z.enum(withinLevels),
  scopeId: z.uuid(),
});

/** An ISO date ("YYYY-MM-DD") of today in Beijing (UTC+8, no daylight saving). */
export function beijingToday(now: Date): string {
  return new Date(now.getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
