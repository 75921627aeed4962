/**
 * Small schema helpers shared by the registry, property-service, committee, household and user routers.
 */
import { pageInput, sortInput, storableString } from "@gongzhi/core";
import { MAX_SORTED_CURSOR_LENGTH } from "@gongzhi/db";
import { z } from "zod";

/** A page of `item`s: `{ items, nextCursor }`. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Cursor pagination whose cursor is an id (a uuid). */
export const idPageInput = pageInput.extend({ cursor: z.uuid().nullish() });

/** Search text: trimmed, bounded, storable (core's rule; the API refuses unstorable text anyway). */
export const searchText = storableString().trim().max(100).optional();

/** A text cursor PostgreSQL can store. */
export const textPageInput = pageInput.extend({
  cursor: storableString().max(200).nullish(),
});

/** The levels a staff list or alert report can be asked for. */
export const withinLevels = ["district", "subdistrict", "community", "compound"] as const;
export type WithinLevel = (typeof withinLevels)[number];

/** "Everything within this district / subdistrict / community / compound." */
export const withinInput = z.object({
  scopeLevel: z.enum(withinLevels),
  scopeId: z.uuid(),
});

/** Today in Beijing of an instant: core's one helper. */
export { beijingDate as beijingToday } from "@gongzhi/core";

/**
 * Adds the optional `sort` input (`{ key, direction }`, `key` one of `keys`) to a list's page input.
 * Without `sort` the list keeps its default order and its own cursor (checked by the schema it had);
 * with `sort` the cursor is the opaque keyset cursor the sorted list handed out (checked by the
 * repository: a foreign or tampered one is BAD_REQUEST "error.invalid_cursor"). Apply it last.
 */
export function sortable<Shape extends z.ZodRawShape, const K extends readonly [string, ...string[]]>(
  input: z.ZodObject<Shape>,
  keys: K,
) {
  const plainCursor = (input.shape as { cursor?: z.ZodType }).cursor ?? z.never();
  return input
    .extend({
      cursor: storableString().max(MAX_SORTED_CURSOR_LENGTH).nullish(),
      sort: sortInput(keys),
    })
    .superRefine((v, ctx) => {
      const { sort, cursor } = v as { sort?: unknown; cursor?: string | null };
      if (!sort && cursor != null && !plainCursor.safeParse(cursor).success)
        ctx.addIssue({ code: "custom", path: ["cursor"], message: "invalid cursor for the default order" });
    });
}
