/**
 * 未诉先办 (DOMAIN.md §9 主动治理): the 专项治理方案 of the staff member's district or 街道/乡镇 — the list
 * (status filter, pages, empty state), a plan with its tasks and measured effect, create and edit.
 */
import { governancePlanStatuses } from "@gongzhi/core";
import {
  buttonClasses,
  DataTable,
  type DataTableColumn,
  EmptyState,
  ErrorState,
  Loading,
  PageHeader,
  useI18n,
} from "@gongzhi/ui";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, Route, Routes } from "react-router";
import { errorText } from "../../lib/errors.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { NotFoundPage } from "../../pages/NotFound.tsx";
import { type Outputs, useTRPC } from "../../trpc.ts";
import { Pager, SelectField, useCursorPager, useHomeUnit } from "../committees/shared.tsx";
import { planUnitOf, usePlanChoices } from "./data.ts";
import { PlanEditPage } from "./PlanForm.tsx";
import { PlanPage } from "./PlanPage.tsx";

export default function GovernancePlansSection() {
  return (
    <Routes>
      <Route index element={<PlansPage />} />
      <Route path="new" element={<PlanEditPage />} />
      <Route path=":id" element={<PlanPage />} />
      <Route path=":id/edit" element={<PlanEditPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

type Row = Outputs["governancePlans"]["list"]["items"][number];
type Status = (typeof governancePlanStatuses)[number];

function PlansPage() {
  const { t, formatNumber } = useI18n();
  const trpc = useTRPC();
  const unit = planUnitOf(useHomeUnit());
  const { units } = usePlanChoices(unit);
  const [status, setStatus] = useState<"" | Status>("");
  const pager = useCursorPager(status);
  useDocumentTitle(t("plans.title"));
  const list = useQuery({
    ...trpc.governancePlans.list.queryOptions({
      scope: unit ?? { level: "district", id: "00000000-0000-4000-8000-000000000000" },
      ...(status ? { statuses: [status] } : {}),
      limit: 20,
      cursor: pager.cursor,
    }),
    enabled: !!unit,
    placeholderData: keepPreviousData,
  });
  if (unit === undefined) return <Loading />;
  if (unit === null)
    return (
      <ErrorState headingLevel={1} title={t("error.forbidden.title")} description={t("plans.forbidden")} />
    );
  const unitName = new Map((units.data ?? []).map((u) => [u.id, u.name]));

  const columns: DataTableColumn<Row>[] = [
    {
      key: "title",
      header: t("plans.col.title"),
      rowHeader: true,
      cell: (r) => (
        <Link to={`/governance-plans/${r.plan.id}`} className="text-brand-800 underline">
          {r.plan.title}
        </Link>
      ),
    },
    { key: "status", header: t("plans.col.status"), cell: (r) => t(`plans.status.${r.plan.status}`) },
    { key: "owner", header: t("plans.col.owner"), cell: (r) => unitName.get(r.plan.ownerUnitId) ?? "—" },
    {
      key: "period",
      header: t("plans.col.period"),
      cell: (r) => t("plans.period", { from: r.plan.startsOn, to: r.plan.endsOn }),
    },
    {
      key: "tasks",
      header: t("plans.col.tasks"),
      align: "end",
      cell: (r) =>
        t("plans.tasksDone", { done: formatNumber(r.doneTaskCount), total: formatNumber(r.taskCount) }),
    },
    {
      key: "overdue",
      header: t("plans.col.overdue"),
      align: "end",
      cell: (r) =>
        r.overdueTaskCount > 0 ? (
          <span className="font-semibold text-red-800">{formatNumber(r.overdueTaskCount)}</span>
        ) : (
          formatNumber(0)
        ),
    },
  ];

  const empty = list.data && list.data.items.length === 0 && pager.page === 1 && !status;
  return (
    <div className="flex flex-col gap-6" data-testid="plans-page">
      <PageHeader
        className="mb-0"
        title={t("plans.title")}
        intro={t("plans.intro")}
        actions={
          <Link to="/governance-plans/new" className={buttonClasses("primary")}>
            {t("plans.new")}
          </Link>
        }
      />
      {empty ? (
        <EmptyState
          title={t("plans.empty")}
          description={t("plans.emptyBody")}
          action={
            <Link to="/governance-plans/new" className={buttonClasses("secondary")}>
              {t("plans.new")}
            </Link>
          }
        />
      ) : (
        <>
          <div className="flex flex-wrap items-end gap-4">
            <SelectField
              label={t("plans.filter.status")}
              name="status"
              value={status}
              onChange={(e) => {
                setStatus(e.target.value as typeof status);
                pager.reset();
              }}
            >
              <option value="">{t("plans.all")}</option>
              {governancePlanStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`plans.status.${s}`)}
                </option>
              ))}
            </SelectField>
          </div>
          <DataTable
            caption={t("plans.caption")}
            columns={columns}
            rows={list.data?.items}
            getRowKey={(r) => r.plan.id}
            loading={list.isPending || list.isPlaceholderData}
            error={list.isError ? errorText(t, list.error) : undefined}
            empty={t("plans.empty")}
          />
          <Pager
            pager={pager}
            nextCursor={list.isPlaceholderData ? null : list.data?.nextCursor}
            label={t("plans.pages")}
          />
        </>
      )}
    </div>
  );
}
