/**
 * 委员会 section: 业主委员会 / 物业管理委员会 of the compounds in the user's scope (北京市物业管理条例
 * Art. 39–59). /committees (list, alerts), /committees/new, /committees/compounds/:compoundId (the
 * dashboard's "fix" link), /committees/:committeeId (detail, edit, lifecycle).
 */

import { committeeKinds, committeeStatuses } from "@gongzhi/core";
import {
  buttonClasses,
  DataTable,
  type DataTableColumn,
  ErrorState,
  Loading,
  PageHeader,
  useI18n,
} from "@gongzhi/ui";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, Route, Routes } from "react-router";
import { errorText } from "../../lib/errors.ts";
import { type SortKeys, useUrlSort } from "../../lib/sort.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { NotFoundPage } from "../../pages/NotFound.tsx";
import type { Outputs } from "../../trpc.ts";
import { useTRPC } from "../../trpc.ts";
import { CommitteeAlerts } from "./CommitteeAlerts.tsx";
import { CommitteeDetailPage, CompoundCommitteesPage, NewCommitteePage } from "./CommitteePages.tsx";
import { Pager, SelectField, useCursorPager, useHomeUnit } from "./shared.tsx";

export default function CommitteesSection() {
  return (
    <Routes>
      <Route index element={<CommitteesPage />} />
      <Route path="new" element={<NewCommitteePage />} />
      <Route path="compounds/:compoundId" element={<CompoundCommitteesPage />} />
      <Route path=":committeeId" element={<CommitteeDetailPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

type Row = Outputs["committees"]["list"]["items"][number];

const sortKeys = ["compound", "kind", "status", "termEnd", "filedOn"] as const satisfies readonly SortKeys<
  "committees",
  "list"
>[];

function CommitteesPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const unit = useHomeUnit();
  const [kind, setKind] = useState<"" | (typeof committeeKinds)[number]>("");
  const [status, setStatus] = useState<"" | (typeof committeeStatuses)[number]>("");
  const { sort, setSort, sortKey } = useUrlSort(sortKeys);
  const pager = useCursorPager(sortKey);
  useDocumentTitle(t("gov.committees.title"));
  const list = useQuery({
    ...trpc.committees.list.queryOptions({
      scopeLevel: unit?.level ?? "community",
      scopeId: unit?.id ?? "00000000-0000-4000-8000-000000000000",
      statuses: status ? [status] : undefined,
      limit: 20,
      cursor: pager.cursor,
      ...(sort ? { sort } : {}),
    }),
    enabled: !!unit,
    placeholderData: keepPreviousData,
  });
  if (unit === undefined) return <Loading />;
  if (unit === null) return <ErrorState headingLevel={1} title={t("error.forbidden.title")} />;

  // The API filters by status only: the kind filter narrows the page that came back.
  const rows = (list.data?.items ?? []).filter((r) => !kind || r.committee.kind === kind);
  const columns: DataTableColumn<Row>[] = [
    {
      key: "compound",
      header: t("gov.col.compound"),
      rowHeader: true,
      sortable: true,
      cell: (r) => (
        <Link to={`/committees/${r.committee.id}`} className="text-brand-800 underline">
          {r.compound.name}
        </Link>
      ),
    },
    {
      key: "kind",
      header: t("gov.col.kind"),
      sortable: true,
      cell: (r) => t(`gov.kind.${r.committee.kind}`),
    },
    {
      key: "status",
      header: t("gov.col.status"),
      sortable: true,
      cell: (r) => t(`gov.status.${r.committee.status}`),
    },
    {
      // sorted by the end of the term
      key: "termEnd",
      header: t("gov.col.term"),
      sortable: true,
      cell: (r) =>
        r.committee.termStart && r.committee.termEnd
          ? t("gov.range", { from: r.committee.termStart, to: r.committee.termEnd })
          : "—",
    },
    { key: "filedOn", header: t("gov.col.filedOn"), sortable: true, cell: (r) => r.committee.filedOn ?? "—" },
    { key: "party", header: t("gov.col.partyOrg"), cell: (r) => t(`gov.party.${r.committee.partyOrg}`) },
  ];

  return (
    <div className="flex flex-col gap-6" data-testid="committees-page">
      <PageHeader
        className="mb-0"
        title={t("gov.committees.title")}
        intro={t("gov.committees.intro")}
        actions={
          <Link to="/committees/new" className={buttonClasses("primary")}>
            {t("gov.committees.new")}
          </Link>
        }
      />
      <CommitteeAlerts level={unit.level} id={unit.id} />
      <section className="flex flex-col gap-3" aria-labelledby="committee-list-heading">
        <h2 id="committee-list-heading" className="text-lg font-semibold text-slate-900">
          {t("gov.committees.list")}
        </h2>
        <div className="flex flex-wrap gap-4">
          <SelectField
            label={t("gov.col.kind")}
            name="kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as typeof kind)}
          >
            <option value="">{t("gov.all")}</option>
            {committeeKinds.map((k) => (
              <option key={k} value={k}>
                {t(`gov.kind.${k}`)}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t("gov.col.status")}
            name="status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as typeof status);
              pager.reset();
            }}
          >
            <option value="">{t("gov.all")}</option>
            {committeeStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`gov.status.${s}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <DataTable
          caption={t("gov.committees.caption")}
          columns={columns}
          rows={rows}
          getRowKey={(r) => r.committee.id}
          loading={list.isPending || list.isPlaceholderData}
          error={list.isError ? errorText(t, list.error) : undefined}
          empty={t("gov.committees.empty")}
          sort={sort}
          onSortChange={setSort}
        />
        <Pager
          pager={pager}
          nextCursor={list.isPlaceholderData ? null : list.data?.nextCursor}
          label={t("gov.committees.pages")}
        />
      </section>
    </div>
  );
}
