import {
  Alert,
  Button,
  DataTable,
  type DataTableColumn,
  ErrorState,
  Loading,
  PageHeader,
  useI18n,
} from "@gongzhi/ui";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { errorText } from "../../lib/errors.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { useTRPC } from "../../trpc.ts";
import { useHomeUnit } from "../committees/shared.tsx";
import { usePlaces } from "./data.ts";

interface CensusRow {
  id: string;
  name: string;
  nameZh: string;
  counts: number[];
  total: number;
}

/** 协管员摸底: headcount (not left) by category × subdistrict, with totals, and its .xlsx export. */
export function CensusPage() {
  const { t, locale, formatNumber } = useI18n();
  const trpc = useTRPC();
  const unit = useHomeUnit();
  const places = usePlaces(unit);
  const categories = useQuery(trpc.coordinators.categories.queryOptions());
  const census = useQuery({
    ...trpc.coordinators.census.queryOptions({
      scope: unit ?? { level: "community", id: "00000000-0000-4000-8000-000000000000" },
    }),
    enabled: !!unit,
  });
  const [exportState, setExportState] = useState<"idle" | "busy" | "error">("idle");
  useDocumentTitle(t("gov.census.title"));
  if (unit === undefined) return <Loading />;
  if (unit === null) return <ErrorState headingLevel={1} title={t("error.forbidden.title")} />;

  const subIds = [...new Set((census.data?.rows ?? []).map((r) => r.subdistrictId))];
  const subNames = places.data?.subdistricts ?? new Map<string, string>();
  const subName = (id: string) => subNames.get(id) ?? t("gov.census.ownSubdistrict");
  const count = new Map(
    (census.data?.rows ?? []).map((r) => [`${r.categoryId}:${r.subdistrictId}`, r.headcount]),
  );
  const rows: CensusRow[] = (categories.data ?? []).map((c) => {
    const counts = subIds.map((s) => count.get(`${c.id}:${s}`) ?? 0);
    return {
      id: c.id,
      name: locale === "zh-CN" ? c.nameZh : c.nameEn,
      nameZh: c.nameZh,
      counts,
      total: counts.reduce((a, b) => a + b, 0),
    };
  });
  const totals = subIds.map((_, i) => rows.reduce((s, r) => s + (r.counts[i] ?? 0), 0));
  const totalRow: CensusRow = {
    id: "total",
    name: t("gov.census.total"),
    nameZh: "合计",
    counts: totals,
    total: census.data?.total ?? 0,
  };
  const columns: DataTableColumn<CensusRow>[] = [
    { key: "category", header: t("gov.coord.category"), rowHeader: true, cell: (r) => r.name },
    ...subIds.map((s, i) => ({
      key: s,
      header: subName(s),
      align: "end" as const,
      cell: (r: CensusRow) => formatNumber(r.counts[i] ?? 0),
    })),
    {
      key: "total",
      header: t("gov.census.total"),
      align: "end",
      cell: (r) => <strong>{formatNumber(r.total)}</strong>,
    },
  ];

  async function onExport() {
    setExportState("busy");
    try {
      const { exportCensus } = await import("./excel.ts");
      await exportCensus(
        rows.map((r) => ({ name: r.nameZh, counts: r.counts, total: r.total })),
        subIds.map((s) => subNames.get(s) ?? "本街道"),
        totals,
        totalRow.total,
      );
      setExportState("idle");
    } catch {
      setExportState("error");
    }
  }

  return (
    <div className="flex flex-col gap-6" data-testid="census-page">
      <PageHeader
        className="mb-0"
        title={t("gov.census.title")}
        intro={t("gov.census.intro")}
        actions={
          <Button
            variant="secondary"
            loading={exportState === "busy"}
            disabled={!census.data}
            onClick={() => void onExport()}
          >
            {t("gov.census.export")}
          </Button>
        }
      />
      {exportState === "error" ? <Alert tone="error">{t("gov.exportError")}</Alert> : null}
      <DataTable
        caption={t("gov.census.caption", { total: formatNumber(census.data?.total ?? 0) })}
        columns={columns}
        rows={census.data ? [...rows, totalRow] : undefined}
        getRowKey={(r) => r.id}
        loading={census.isPending || categories.isPending}
        error={census.isError ? errorText(t, census.error) : undefined}
      />
    </div>
  );
}
