/**
 * 协管员 section (DOMAIN.md §7): the registry by category and community with server search and
 * pagination; phone and ID number masked, "查看完整信息" calls the audited `coordinators.reveal`;
 * create / edit / status; Excel import (all rows validated in the browser first) and masked export;
 * the census (headcount by category × subdistrict).
 */
import { coordinatorStatuses } from "@gongzhi/core";
import {
  Alert,
  Button,
  buttonClasses,
  DataTable,
  type DataTableColumn,
  ErrorState,
  Loading,
  PageHeader,
  useI18n,
} from "@gongzhi/ui";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { Link, Route, Routes } from "react-router";
import { errorText } from "../../lib/errors.ts";
import { fetchAllPages } from "../../lib/paging.ts";
import { type SortKeys, useUrlSort } from "../../lib/sort.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { NotFoundPage } from "../../pages/NotFound.tsx";
import { type Outputs, useTRPC, useTRPCClient } from "../../trpc.ts";
import { Pager, SelectField, useCursorPager, useHomeUnit } from "../committees/shared.tsx";
import { CategoriesPage } from "./CategoriesPage.tsx";
import { CensusPage } from "./CensusPage.tsx";
import { CoordinatorEditPage } from "./CoordinatorForm.tsx";
import { usePlaces } from "./data.ts";

const ImportPanel = lazy(() => import("./ImportPanel.tsx"));

export default function CoordinatorsSection() {
  return (
    <Routes>
      <Route index element={<CoordinatorsPage />} />
      <Route path="new" element={<CoordinatorEditPage />} />
      <Route path="census" element={<CensusPage />} />
      <Route path="categories" element={<CategoriesPage />} />
      <Route path=":id" element={<CoordinatorEditPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

type Row = Outputs["coordinators"]["list"]["items"][number];

const sortKeys = ["name", "employerDepartment", "status"] as const satisfies readonly SortKeys<
  "coordinators",
  "list"
>[];

function CoordinatorsPage() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const unit = useHomeUnit();
  const places = usePlaces(unit);
  const categories = useQuery(trpc.coordinators.categories.queryOptions());
  const [communityId, setCommunityId] = useState("");
  const [categoryId, setCategoryId] = useState("");
  const [status, setStatus] = useState<"" | (typeof coordinatorStatuses)[number]>("");
  const [q, setQ] = useState("");
  const [query, setQuery] = useState("");
  const [revealed, setRevealed] = useState<Record<string, { phone: string; idNumber: string }>>({});
  const [announce, setAnnounce] = useState("");
  const [exporting, setExporting] = useState<"idle" | "busy" | "error">("idle");
  const [importOpen, setImportOpen] = useState(false);
  const { sort, setSort, sortKey } = useUrlSort(sortKeys);
  const pager = useCursorPager(sortKey);
  useDocumentTitle(t("gov.coord.title"));

  const scope = communityId
    ? { level: "community" as const, id: communityId }
    : unit
      ? { level: unit.level, id: unit.id }
      : null;
  const filters = {
    categoryId: categoryId || undefined,
    status: status || undefined,
    q: query || undefined,
    ...(sort ? { sort } : {}),
  };
  const list = useQuery({
    ...trpc.coordinators.list.queryOptions({
      scope: scope ?? { level: "community", id: "00000000-0000-4000-8000-000000000000" },
      ...filters,
      limit: 20,
      cursor: pager.cursor,
    }),
    enabled: !!scope,
    placeholderData: keepPreviousData,
  });
  const reveal = useMutation(
    trpc.coordinators.reveal.mutationOptions({
      onSuccess: (r, input) => {
        setRevealed((m) => ({ ...m, [r.id]: { phone: r.phone, idNumber: r.idNumber } }));
        const name = list.data?.items.find((c) => c.id === input.id)?.name ?? "";
        setAnnounce(t("gov.coord.revealedFor", { name }));
      },
    }),
  );

  if (unit === undefined) return <Loading />;
  if (unit === null) return <ErrorState headingLevel={1} title={t("error.forbidden.title")} />;
  const communityName = new Map((places.data?.communities ?? []).map((c) => [c.id, c.name]));
  const categoryName = new Map(
    (categories.data ?? []).map((c) => [c.id, locale === "zh-CN" ? c.nameZh : c.nameEn]),
  );

  async function onExport() {
    if (!scope) return;
    setExporting("busy");
    try {
      const all = await fetchAllPages(
        (cursor) => client.coordinators.list.query({ scope, ...filters, limit: 100, cursor }),
        200,
      );
      const { exportCoordinators } = await import("./excel.ts");
      await exportCoordinators(all, {
        categoryName: new Map((categories.data ?? []).map((c) => [c.id, c.nameZh])),
        communityName,
      });
      setExporting("idle");
    } catch {
      setExporting("error");
    }
  }

  const columns: DataTableColumn<Row>[] = [
    {
      key: "name",
      header: t("gov.col.name"),
      rowHeader: true,
      sortable: true,
      cell: (r) => (
        <Link to={`/coordinators/${r.id}`} className="text-brand-800 underline">
          {r.name}
        </Link>
      ),
    },
    { key: "category", header: t("gov.coord.category"), cell: (r) => categoryName.get(r.categoryId) ?? "—" },
    {
      key: "community",
      header: t("gov.coord.community"),
      cell: (r) => communityName.get(r.communityId) ?? "—",
    },
    {
      key: "employerDepartment",
      header: t("gov.coord.employer"),
      sortable: true,
      cell: (r) => r.employerDepartment,
    },
    {
      key: "phone",
      header: t("gov.coord.phone"),
      cell: (r) => <span data-phone={r.id}>{revealed[r.id]?.phone ?? r.phone}</span>,
    },
    {
      key: "idNumber",
      header: t("gov.coord.idNumber"),
      cell: (r) => <span data-id-number={r.id}>{revealed[r.id]?.idNumber ?? r.idNumber}</span>,
    },
    {
      key: "status",
      header: t("gov.col.status"),
      sortable: true,
      cell: (r) => t(`gov.coordStatus.${r.status}`),
    },
    {
      key: "actions",
      header: t("gov.col.actions"),
      cell: (r) =>
        revealed[r.id] ? (
          <Button
            variant="ghost"
            onClick={() =>
              setRevealed((m) => {
                const { [r.id]: _, ...rest } = m;
                return rest;
              })
            }
          >
            {t("gov.coord.hide")}
          </Button>
        ) : (
          <Button
            variant="ghost"
            aria-label={t("gov.coord.revealFor", { name: r.name })}
            loading={reveal.isPending && reveal.variables?.id === r.id}
            onClick={() => reveal.mutate({ id: r.id })}
          >
            {t("gov.coord.reveal")}
          </Button>
        ),
    },
  ];

  return (
    <div className="flex flex-col gap-6" data-testid="coordinators-page">
      <PageHeader
        className="mb-0"
        title={t("gov.coord.title")}
        intro={t("gov.coord.intro")}
        actions={
          <>
            <Link to="/coordinators/new" className={buttonClasses("primary")}>
              {t("gov.coord.new")}
            </Link>
            <Button variant="secondary" aria-expanded={importOpen} onClick={() => setImportOpen((o) => !o)}>
              {t("gov.coord.import")}
            </Button>
            <Button variant="secondary" loading={exporting === "busy"} onClick={() => void onExport()}>
              {t("gov.coord.export")}
            </Button>
            <Link to="/coordinators/census" className={buttonClasses("secondary")}>
              {t("gov.census.title")}
            </Link>
            <Link to="/coordinators/categories" className={buttonClasses("secondary")}>
              {t("gov.cat.link")}
            </Link>
          </>
        }
      />
      {exporting === "error" ? (
        <Alert tone="error" focusOnMount>
          {t("gov.exportError")}
        </Alert>
      ) : null}
      {importOpen ? (
        <Suspense fallback={<Loading />}>
          <ImportPanel
            communities={places.data?.communities ?? []}
            categories={categories.data ?? []}
            onDone={() => void list.refetch()}
          />
        </Suspense>
      ) : null}
      <Alert tone="info">{t("gov.coord.maskNote")}</Alert>
      <form
        aria-label={t("gov.search")}
        className="flex flex-wrap items-end gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(q.trim());
          pager.reset();
        }}
      >
        {(places.data?.communities.length ?? 0) > 1 ? (
          <SelectField
            label={t("gov.coord.community")}
            name="community"
            value={communityId}
            onChange={(e) => {
              setCommunityId(e.target.value);
              pager.reset();
            }}
          >
            <option value="">{t("gov.all")}</option>
            {places.data?.communities.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
        ) : null}
        <SelectField
          label={t("gov.coord.category")}
          name="category"
          value={categoryId}
          onChange={(e) => {
            setCategoryId(e.target.value);
            pager.reset();
          }}
        >
          <option value="">{t("gov.all")}</option>
          {categories.data?.map((c) => (
            <option key={c.id} value={c.id}>
              {locale === "zh-CN" ? c.nameZh : c.nameEn}
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
          {coordinatorStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`gov.coordStatus.${s}`)}
            </option>
          ))}
        </SelectField>
        <div className="flex flex-col gap-1">
          <label htmlFor="coord-q" className="font-medium text-slate-900">
            {t("gov.coord.search")}
          </label>
          <input
            id="coord-q"
            value={q}
            maxLength={50}
            onChange={(e) => setQ(e.target.value)}
            className="min-h-11 rounded-lg border border-slate-500 px-3"
          />
        </div>
        <Button type="submit" variant="secondary">
          {t("gov.search")}
        </Button>
      </form>
      <p role="status" className="sr-only">
        {announce}
      </p>
      {reveal.isError ? <Alert tone="error">{errorText(t, reveal.error)}</Alert> : null}
      {Object.keys(revealed).length > 0 ? (
        <Alert tone="info" title={t("gov.coord.auditedTitle")}>
          {t("gov.coord.audited")}
        </Alert>
      ) : null}
      <DataTable
        caption={t("gov.coord.caption")}
        columns={columns}
        rows={list.data?.items}
        getRowKey={(r) => r.id}
        loading={list.isPending || list.isPlaceholderData}
        error={list.isError ? errorText(t, list.error) : undefined}
        empty={t("gov.coord.empty")}
        sort={sort}
        onSortChange={setSort}
      />
      <Pager
        pager={pager}
        nextCursor={list.isPlaceholderData ? null : list.data?.nextCursor}
        label={t("gov.coord.pages")}
      />
    </div>
  );
}
