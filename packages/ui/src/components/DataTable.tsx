import { type ReactNode, useId } from "react";
import { useT } from "../i18n/react.tsx";
import { cx } from "./cx.ts";
import { Loading } from "./Spinner.tsx";

export interface DataTableColumn<Row> {
  /** Stable id of the column; also the sort key. */
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** `end` for numbers. */
  align?: "start" | "end";
  /** Render this column's cells as row headers (`<th scope="row">`), usually the name column. */
  rowHeader?: boolean;
  /** Header becomes a button that asks for sorting by this column (sorting itself is the caller's). */
  sortable?: boolean;
}

export interface DataTableSort {
  key: string;
  direction: "asc" | "desc";
}

export interface DataTableProps<Row> {
  /** Required: names the table for screen readers and labels the scroll region. */
  caption: ReactNode;
  /** Keep the caption for assistive technology only. */
  captionHidden?: boolean;
  columns: ReadonlyArray<DataTableColumn<Row>>;
  rows: ReadonlyArray<Row> | undefined;
  getRowKey: (row: Row, index: number) => string;
  loading?: boolean;
  /** An error message or `ErrorState`, shown instead of the rows. */
  error?: ReactNode;
  /** Shown when `rows` is empty; defaults to "暂无数据". */
  empty?: ReactNode;
  sort?: DataTableSort;
  onSortChange?: (sort: DataTableSort) => void;
  className?: string;
}

/**
 * A semantic table: `<caption>`, column headers with `scope`, optional row headers, and sortable
 * headers as real buttons with `aria-sort`. The wrapper is a labelled, focusable scroll region so
 * keyboard users can scroll wide tables on phones.
 */
export function DataTable<Row>({
  caption,
  captionHidden = false,
  columns,
  rows,
  getRowKey,
  loading = false,
  error,
  empty,
  sort,
  onSortChange,
  className,
}: DataTableProps<Row>) {
  const t = useT();
  const captionId = useId();
  const colSpan = columns.length;

  let body: ReactNode;
  if (loading) {
    body = (
      <tr>
        <td colSpan={colSpan}>
          <Loading />
        </td>
      </tr>
    );
  } else if (error) {
    body = (
      <tr>
        <td colSpan={colSpan} className="p-4">
          {error}
        </td>
      </tr>
    );
  } else if (!rows || rows.length === 0) {
    body = (
      <tr>
        <td colSpan={colSpan} className="px-4 py-8 text-center text-slate-700">
          {empty ?? t("common.noData")}
        </td>
      </tr>
    );
  } else {
    body = rows.map((row, index) => (
      <tr key={getRowKey(row, index)} className="border-t border-slate-200 even:bg-slate-50">
        {columns.map((column) => {
          const cellClass = cx("px-4 py-3 align-top", column.align === "end" && "text-end tabular-nums");
          return column.rowHeader ? (
            <th key={column.key} scope="row" className={cx(cellClass, "text-start font-medium")}>
              {column.cell(row)}
            </th>
          ) : (
            <td key={column.key} className={cellClass}>
              {column.cell(row)}
            </td>
          );
        })}
      </tr>
    ));
  }

  return (
    <section
      aria-labelledby={captionId}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1).
      tabIndex={0}
      className={cx("overflow-x-auto rounded-xl border border-slate-200 bg-white", className)}
    >
      <table className="w-full border-collapse text-start" aria-busy={loading || undefined}>
        <caption
          id={captionId}
          className={cx(
            captionHidden ? "sr-only" : "px-4 py-3 text-start text-lg font-semibold text-slate-900",
          )}
        >
          {caption}
        </caption>
        <thead className="bg-slate-100 text-sm text-slate-800">
          <tr>
            {columns.map((column) => {
              const active = sort?.key === column.key ? sort : undefined;
              const ariaSort = column.sortable
                ? active
                  ? active.direction === "asc"
                    ? "ascending"
                    : "descending"
                  : "none"
                : undefined;
              return (
                <th
                  key={column.key}
                  scope="col"
                  aria-sort={ariaSort}
                  className={cx(
                    "px-4 py-3 font-semibold whitespace-nowrap",
                    column.align === "end" ? "text-end" : "text-start",
                  )}
                >
                  {column.sortable && onSortChange ? (
                    <button
                      type="button"
                      className="-mx-2 inline-flex min-h-11 items-center gap-1 rounded px-2 hover:bg-slate-200"
                      onClick={() =>
                        onSortChange({
                          key: column.key,
                          direction: active?.direction === "asc" ? "desc" : "asc",
                        })
                      }
                    >
                      {column.header}
                      <span aria-hidden="true">
                        {active ? (active.direction === "asc" ? "▲" : "▼") : "↕"}
                      </span>
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{body}</tbody>
      </table>
    </section>
  );
}
