/**
 * Excel import of 协管员: template, upload, row-by-row report. The API has no bulk import: every row
 * is validated in the browser with core's `coordinator` schema first, and rows are created one by one
 * only when none has a problem.
 */
import { Alert, Button, DataTable, useI18n } from "@gongzhi/ui";
import { useState } from "react";
import { errorText } from "../../lib/errors.ts";
import { useTRPCClient } from "../../trpc.ts";
import type { CategoryRef, Place } from "./data.ts";
import { downloadTemplate, type ImportProblem, type ImportRow, parseImport } from "./excel.ts";

export default function ImportPanel({
  communities,
  categories,
  onDone,
}: {
  communities: Place[];
  categories: CategoryRef[];
  onDone: () => void;
}) {
  const { t } = useI18n();
  const client = useTRPCClient();
  const [rows, setRows] = useState<ImportRow[] | null>(null);
  const [problems, setProblems] = useState<ImportProblem[]>([]);
  const [state, setState] = useState<"idle" | "reading" | "saving" | "done">("idle");
  const [progress, setProgress] = useState(0);
  const [failure, setFailure] = useState<{ row: number; message: string; created: number } | null>(null);

  async function onFile(file: File | undefined) {
    setRows(null);
    setProblems([]);
    setFailure(null);
    if (!file) return;
    setState("reading");
    const result = await parseImport(await file.arrayBuffer(), categories, communities, {
      required: t("gov.import.required"),
      unknownCategory: t("gov.import.unknownCategory"),
      unknownCommunity: t("gov.import.unknownCommunity"),
      invalid: (column) => t("gov.import.invalid", { column }),
      noRows: t("gov.import.noRows"),
      wrongHeaders: t("gov.import.wrongHeaders"),
      duplicate: t("gov.import.duplicate"),
    }).catch(() => ({ rows: [], problems: [{ row: 0, column: "", problem: t("gov.import.unreadable") }] }));
    setRows(result.rows);
    setProblems(result.problems);
    setState("idle");
  }

  async function commit() {
    if (!rows || problems.length > 0) return;
    setState("saving");
    setProgress(0);
    let created = 0;
    for (const r of rows) {
      try {
        await client.coordinators.create.mutate(r.input);
        created += 1;
        setProgress(created);
      } catch (error) {
        setFailure({ row: r.row, message: errorText(t, error), created });
        setState("idle");
        onDone();
        return;
      }
    }
    setState("done");
    onDone();
  }

  return (
    <section
      aria-labelledby="coord-import-h"
      className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
      data-testid="coordinator-import"
    >
      <h2 id="coord-import-h" className="text-lg font-semibold text-slate-900">
        {t("gov.import.title")}
      </h2>
      <p>{t("gov.import.intro")}</p>
      <div className="flex flex-wrap items-end gap-3">
        <Button variant="secondary" onClick={() => void downloadTemplate(categories, communities)}>
          {t("gov.import.template")}
        </Button>
        <div className="flex flex-col gap-1">
          <label htmlFor="coord-file" className="font-medium">
            {t("gov.import.file")}
          </label>
          <input
            id="coord-file"
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            className="min-h-11"
            onChange={(e) => void onFile(e.target.files?.[0])}
          />
        </div>
      </div>
      {state === "reading" ? <p role="status">{t("gov.import.reading")}</p> : null}
      {problems.length > 0 ? (
        <>
          <Alert tone="error" focusOnMount>
            {t("gov.import.problems", { count: problems.length })}
          </Alert>
          <DataTable
            caption={t("gov.import.report")}
            columns={[
              { key: "row", header: t("gov.import.row"), align: "end", cell: (p) => p.row },
              { key: "column", header: t("gov.import.column"), cell: (p) => p.column },
              { key: "problem", header: t("gov.import.problem"), rowHeader: true, cell: (p) => p.problem },
            ]}
            rows={problems}
            getRowKey={(p, i) => `${p.row}-${p.column}-${i}`}
          />
        </>
      ) : null}
      {rows && rows.length > 0 && problems.length === 0 && state !== "done" ? (
        <div className="flex flex-wrap items-center gap-3">
          <p role="status">{t("gov.import.ready", { count: rows.length })}</p>
          <Button loading={state === "saving"} onClick={() => void commit()}>
            {t("gov.import.commit", { count: rows.length })}
          </Button>
          {state === "saving" ? (
            <span aria-live="polite">{t("gov.import.progress", { done: progress, total: rows.length })}</span>
          ) : null}
        </div>
      ) : null}
      {state === "done" ? (
        <Alert tone="success">{t("gov.import.done", { count: rows?.length ?? 0 })}</Alert>
      ) : null}
      {failure ? (
        <Alert tone="error">
          {t("gov.import.failed", { row: failure.row, created: failure.created })} {failure.message}
        </Alert>
      ) : null}
    </section>
  );
}
