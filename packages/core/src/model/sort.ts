import { z } from "zod";

/** The two directions a list can be sorted in. */
export const sortDirections = ["asc", "desc"] as const;
export type SortDirection = (typeof sortDirections)[number];

/** A requested sort: one whitelisted key and a direction. */
export interface Sort<K extends string = string> {
  key: K;
  direction: SortDirection;
}

/**
 * The optional `sort` input of a list procedure: `{ key, direction }` where `key` is one of `keys`
 * (the columns that list may be sorted by — a whitelist, never a free column name). Absent means the
 * list's default order.
 *
 * ```ts
 * const compoundSort = sortInput(["code", "name", "households"] as const);
 * compoundSort.parse({ key: "households", direction: "desc" });
 * type CompoundSort = SortOf<typeof compoundSort>; // { key: "code" | "name" | "households"; direction }
 * ```
 */
export function sortInput<const K extends readonly [string, ...string[]]>(keys: K) {
  return z
    .object({
      key: z.enum(keys, {
        error: () => `unknown sort key; expected one of ${keys.join(", ")}`,
      }),
      direction: z.enum(sortDirections, { error: () => 'sort direction must be "asc" or "desc"' }),
    })
    .strict()
    .optional();
}

/** The parsed value of a `sortInput(...)` schema (without `undefined`). */
export type SortOf<S extends z.ZodType> = NonNullable<z.infer<S>>;
