/**
 * 工单列表: a handling unit's inbox (`workOrders.inbox`) for its staff, or the street/district view
 * (`workOrders.list`) for dispatchers — number, type, category, place, received, due, the time used of
 * the limit (预警 50 % / 80 % / 超时) and status; filters by status and overdue, sorted by due time or
 * receipt; "load more" pages by keyset cursor.
 */
import { type WorkOrderStatus, workOrderStatuses } from "@gongzhi/core";
import { Alert, Button, DataTable, Loading, PageHeader, useI18n } from "@gongzhi/ui";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { errorText } from "../../lib/errors.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { useTRPC } from "../../trpc.ts";
import { useHomeUnit } from "../committees/shared.tsx";
import { Select } from "../deliberation/common.tsx";
import { categoryPath, type InboxItem } from "./model.ts";
import { StatusText, TimeUsedBadge, useCategories, useDesk } from "./parts.tsx";

type SortChoice = "due" | "received";
const sorts = {
  due: { key: "dueAt", direction: "asc" },
  received: { key: "receivedAt", direction: "desc" },
} as const;

export default function OrderList() {
  const { t, locale, formatDateTime } = useI18n();
  const trpc = useTRPC();
  const desk = useDesk();
  const home = useHomeUnit();
  const categories = useCategories();
  const myUnits = useQuery({ ...trpc.handlingUnits.mine.queryOptions(), enabled: desk?.kind === "unit" });
  const [unitId, setUnitId] = useState("");
  const [status, setStatus] = useState<"" | WorkOrderStatus>("");
  const [overdue, setOverdue] = useState(false);
  const [sort, setSort] = useState<SortChoice>("due");
  useDocumentTitle(t("hotline.title"));

  const activeUnit = desk?.kind === "unit" ? unitId || desk.unitIds[0] : undefined;
  const filters = {
    limit: 20,
    ...(status ? { statuses: [status] } : {}),
    ...(overdue ? { overdue: true } : {}),
    ...(sort === "received" ? { sort: sorts.received } : {}),
  };
  const dispatchScope =
    home && (home.level === "district" || home.level === "subdistrict")
      ? { level: home.level as "district" | "subdistrict", id: home.id }
      : null;
  const inbox = useInfiniteQuery({
    ...trpc.workOrders.inbox.infiniteQueryOptions(
      { unitId: activeUnit ?? "", ...filters },
      { getNextPageParam: (p) => p.nextCursor },
    ),
    enabled: !!activeUnit,
  });
  const list = useInfiniteQuery({
    ...trpc.workOrders.list.infiniteQueryOptions(
      {
        scopeLevel: dispatchScope?.level ?? "district",
        scopeId: dispatchScope?.id ?? "",
        ...filters,
      },
      { getNextPageParam: (p) => p.nextCursor },
    ),
    enabled: desk?.kind === "dispatch" && !!dispatchScope,
  });
  const q = desk?.kind === "unit" ? inbox : list;

  if (!desk || (desk.kind === "dispatch" && home === undefined)) return <Loading />;
  if (desk.kind === "unit" && desk.unitIds.length === 0)
    return <Alert tone="error">{t("hotline.noUnit")}</Alert>;
  if (desk.kind === "dispatch" && !dispatchScope)
    return <Alert tone="error">{t("hotline.noDispatchScope")}</Alert>;

  const rows: InboxItem[] = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="flex flex-col gap-6" data-testid="work-orders-page">
      <PageHeader
        title={desk.kind === "unit" ? t("hotline.inboxTitle") : t("hotline.title")}
        intro={desk.kind === "unit" ? t("hotline.inboxIntro") : t("hotline.listIntro")}
        className="mb-0"
        actions={
          desk.kind === "dispatch" ? (
            <Link
              to="/work-orders/new"
              className="inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-4 font-medium text-white hover:bg-brand-800"
            >
              {t("hotline.intake.open")}
            </Link>
          ) : null
        }
      />
      <form
        aria-label={t("hotline.filters")}
        className="flex flex-wrap items-end gap-4"
        onSubmit={(e) => e.preventDefault()}
      >
        {desk.kind === "unit" && (myUnits.data?.length ?? 0) > 1 ? (
          <Select
            name="unit"
            label={t("hotline.unit")}
            value={activeUnit}
            onChange={(e) => setUnitId(e.target.value)}
          >
            {myUnits.data?.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </Select>
        ) : null}
        <Select
          name="status"
          label={t("hotline.filter.status")}
          value={status}
          onChange={(e) => setStatus(e.target.value as "" | WorkOrderStatus)}
        >
          <option value="">
            {desk.kind === "unit" ? t("hotline.filter.openStatuses") : t("hotline.filter.followedStatuses")}
          </option>
          {workOrderStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`hotline.status.${s}`)}
            </option>
          ))}
        </Select>
        <Select
          name="sort"
          label={t("hotline.filter.sort")}
          value={sort}
          onChange={(e) => setSort(e.target.value as SortChoice)}
        >
          <option value="due">{t("hotline.sort.due")}</option>
          <option value="received">{t("hotline.sort.received")}</option>
        </Select>
        <label className="inline-flex min-h-11 items-center gap-2 font-medium text-slate-900">
          <input
            type="checkbox"
            name="overdue"
            checked={overdue}
            onChange={(e) => setOverdue(e.target.checked)}
            className="size-5"
          />
          {t("hotline.filter.overdue")}
        </label>
      </form>
      <DataTable
        caption={t("hotline.caption")}
        columns={[
          {
            key: "number",
            header: t("hotline.col.number"),
            rowHeader: true,
            cell: (r) => (
              <Link to={`/work-orders/${r.order.id}`} className="text-brand-800 underline tabular-nums">
                {r.order.number}
              </Link>
            ),
          },
          { key: "type", header: t("hotline.col.type"), cell: (r) => t(`hotline.type.${r.order.type}`) },
          {
            key: "category",
            header: t("hotline.col.category"),
            cell: (r) => categoryPath(categories.data ?? [], r.order.categoryId, locale),
          },
          {
            key: "place",
            header: t("hotline.col.place"),
            cell: (r) => r.order.place?.address || "—",
          },
          {
            key: "received",
            header: t("hotline.col.received"),
            cell: (r) => formatDateTime(r.order.receivedAt),
          },
          { key: "due", header: t("hotline.col.due"), cell: (r) => formatDateTime(r.order.dueAt) },
          {
            key: "timeUsed",
            header: t("hotline.col.timeUsed"),
            cell: (r) => <TimeUsedBadge timeUsed={r.timeUsed} />,
          },
          {
            key: "status",
            header: t("hotline.col.status"),
            cell: (r) => <StatusText status={r.order.status} />,
          },
        ]}
        rows={q.data ? rows : undefined}
        getRowKey={(r) => r.order.id}
        loading={q.isPending}
        error={q.isError ? errorText(t, q.error) : undefined}
        empty={overdue ? t("hotline.emptyOverdue") : t("hotline.empty")}
      />
      {q.hasNextPage ? (
        <div>
          <Button variant="secondary" loading={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
            {t("hotline.loadMore")}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
