/**
 * The frame the 日报 and the 月报 share: the title with the district's name, the period picker, the
 * .xlsx export (loaded on demand) and print buttons, and the report's loading / error / empty states.
 * The page gives its query and how to export and render what it returns.
 */
import { Alert, Button, Loading, PageHeader, useI18n } from "@gongzhi/ui";
import type { UseQueryResult } from "@tanstack/react-query";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { useTRPC } from "../../trpc.ts";
import { ReportError } from "./shared.tsx";

/** The district's name for titles and file names ("" while it loads). */
export function useDistrictName(): string {
  const trpc = useTRPC();
  const district = useQuery(trpc.registry.districtSummary.queryOptions());
  return district.data?.district?.name ?? "";
}

export function ReportPage<T>({
  testId,
  title,
  intro,
  picker,
  report,
  download,
  empty,
  children,
}: {
  testId: string;
  title: string;
  intro: string;
  picker: ReactNode;
  report: UseQueryResult<T, unknown>;
  /** Builds and downloads the .xlsx of the report's data. */
  download: (data: T) => Promise<void>;
  /** What to say instead of the body when the period has nothing (null: show the body). */
  empty?: (data: T) => string | null;
  children: (data: T) => ReactNode;
}) {
  const { t } = useI18n();
  const [exportState, setExportState] = useState<"idle" | "busy" | "error">("idle");
  useDocumentTitle(title);

  async function onExport() {
    if (report.data === undefined) return;
    setExportState("busy");
    try {
      await download(report.data);
      setExportState("idle");
    } catch {
      setExportState("error");
    }
  }

  const emptyText = report.data !== undefined ? (empty?.(report.data) ?? null) : null;
  return (
    <div className="flex flex-col gap-6" data-print-report="" data-testid={testId}>
      <PageHeader
        className="mb-0"
        title={title}
        intro={intro}
        actions={
          <div className="flex flex-wrap items-end gap-3" data-print-hide="">
            {picker}
            <Button
              variant="secondary"
              loading={exportState === "busy"}
              disabled={report.data === undefined}
              onClick={() => void onExport()}
            >
              {t("hotline.export")}
            </Button>
            <Button variant="secondary" onClick={() => window.print()}>
              {t("hotline.print")}
            </Button>
          </div>
        }
      />
      {exportState === "error" ? (
        <Alert tone="error" focusOnMount>
          {t("hotline.exportError")}
        </Alert>
      ) : null}
      {report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <ReportError
          error={report.error}
          title={t("hotline.loadError")}
          onRetry={() => void report.refetch()}
        />
      ) : emptyText !== null ? (
        <Alert tone="info">{emptyText}</Alert>
      ) : (
        children(report.data as T)
      )}
    </div>
  );
}
