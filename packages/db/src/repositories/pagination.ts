import { MAX_PAGE_SIZE, type Page } from "@gongzhi/core";

/** Clamp a requested page size to [1, MAX_PAGE_SIZE]. */
export function pageSize(limit: number | undefined, fallback = 20): number {
  const n = limit ?? fallback;
  if (!Number.isFinite(n)) return fallback;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(n)));
}

/**
 * Turn `limit + 1` rows fetched in key order into a page: the extra row only signals that another
 * page exists; the cursor is the key of the last row returned.
 */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? keyOf(last) : null };
}
