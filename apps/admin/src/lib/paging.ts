/**
 * Reads every page of a cursor-paginated list (`{ items, nextCursor }`), for small lists a view needs
 * whole (the subdistricts of a district, the communities of a subdistrict). Stops at `maxPages`.
 */
export async function fetchAllPages<T>(
  page: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>,
  maxPages = 50,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i += 1) {
    const result = await page(cursor);
    all.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return all;
}
