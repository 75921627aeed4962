/**
 * A table's server-side sort, kept in the URL (`?sort=households.desc`) so it survives a reload and
 * coming back to the page. Only the keys the list procedure whitelists are read back; anything else
 * in the URL means the list's default order.
 */
import type { AppRouter } from "@gongzhi/api";
import type { DataTableSort } from "@gongzhi/ui";
import type { inferRouterInputs } from "@trpc/server";
import { useCallback } from "react";
import { useSearchParams } from "react-router";

type Inputs = inferRouterInputs<AppRouter>;
/** The sort keys a list procedure whitelists, e.g. `SortKeys<"registryAdmin", "listCompounds">`. */
export type SortKeys<R extends keyof Inputs, P extends keyof Inputs[R]> = Inputs[R][P] extends {
  sort?: infer S;
}
  ? NonNullable<S> extends { key: infer K extends string }
    ? K
    : never
  : never;

export interface TableSort<K extends string> {
  key: K;
  direction: "asc" | "desc";
}

/** "households.desc" → { key: "households", direction: "desc" }; undefined unless a whitelisted key. */
export function parseSort<K extends string>(
  raw: string | null,
  keys: readonly K[],
): TableSort<K> | undefined {
  const m = /^([A-Za-z]+)\.(asc|desc)$/.exec(raw ?? "");
  if (!m) return undefined;
  const key = keys.find((k) => k === m[1]);
  return key ? { key, direction: m[2] as "asc" | "desc" } : undefined;
}

/**
 * The sort of one table from the URL parameter `param`, and a setter for DataTable's `onSortChange`.
 * `sortKey` names the current order ("" for the default): give it to `useCursorPager(sortKey)` so the
 * table goes back to page 1 whenever the order changes — by a header, a link or an edited URL — and a
 * cursor of one order is never sent with another. The URL entry is replaced, not pushed, so Back
 * leaves the page rather than stepping through sort orders.
 */
export function useUrlSort<K extends string>(
  keys: readonly K[],
  opts: { param?: string } = {},
): { sort: TableSort<K> | undefined; sortKey: string; setSort: (sort: DataTableSort) => void } {
  const param = opts.param ?? "sort";
  const [params, setParams] = useSearchParams();
  const sort = parseSort(params.get(param), keys);
  const sortKey = sort ? `${sort.key}.${sort.direction}` : "";
  const setSort = useCallback(
    (next: DataTableSort) => {
      if (!keys.includes(next.key as K)) return;
      setParams(
        (prev) => {
          const p = new URLSearchParams(prev);
          p.set(param, `${next.key}.${next.direction}`);
          return p;
        },
        { replace: true },
      );
    },
    [keys, param, setParams],
  );
  return { sort, sortKey, setSort };
}
