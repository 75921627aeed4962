/**
 * The upload → check → commit part of a registry .xlsx import, shared by the compound and unit imports:
 * the file is read in the browser, the API checks every row without writing (dryRun) and the report
 * lists each problem by sheet row, column header and problem (in the user's language); with no
 * problem, one click writes every row in one transaction, and the page says what was created.
 */
import { Alert, Button, DataTable, isMessageKey, Loading, useI18n } from "@gongzhi/ui";
import { type ChangeEvent, type ReactNode, useId, useRef, useState } from "react";
import { FileCard } from "../../components/FileCard.tsx";
import { errorText } from "../../lib/errors.ts";
import type { Outputs } from "../../trpc.ts";
import type { ReadResult } from "./xlsx.ts";

export type ImportReport = Outputs["registryAdmin"]["importUnits"];
type Problem = ImportReport["problems"][number] & { sheetRow: number; header: string };

/** How to read one kind of template (loaded on demand, with exceljs). */
export interface ImportReader<Row> {
  read: (data: ArrayBuffer) => Promise<ReadResult<Row>>;
  /** The sheet header of an API column name. */
  headerOf: (field: string) => string;
}

type Checked<Row> = {
  file: string;
  rows: Row[];
  sheetRows: number[];
  report: ImportReport;
  problems: Problem[];
};
type State<Row> =
  | { step: "idle" }
  | { step: "reading"; file: string }
  | { step: "error"; file: string; message: string }
  | ({ step: "checked" } & Checked<Row>)
  | ({ step: "committing" } & Checked<Row>)
  | { step: "done"; file: string; report: ImportReport };

export function ImportFlow<Row>({
  reader,
  submit,
  onCommitted,
  done,
}: {
  reader: () => Promise<ImportReader<Row>>;
  /** Sends the rows to the API: a dry run (check only) or the commit. */
  submit: (rows: Row[], dryRun: boolean) => Promise<ImportReport>;
  /** After a successful commit (e.g. invalidate lists). */
  onCommitted?: (report: ImportReport) => Promise<void> | void;
  /** The summary shown after a successful commit. */
  done: (report: ImportReport) => ReactNode;
}) {
  const { t, formatNumber } = useI18n();
  const titleId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State<Row>>({ step: "idle" });

  const problemsOf = (r: ImportReport, sheetRows: number[], headerOf: (f: string) => string) =>
    r.problems.map((p) => ({
      ...p,
      sheetRow: sheetRows[p.row - 1] ?? p.row + 1,
      header: headerOf(p.column),
    }));

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    setState({ step: "reading", file: file.name });
    try {
      const { read, headerOf } = await reader();
      const { rows, sheetRows, missing } = await read(await file.arrayBuffer());
      if (missing.length > 0) {
        setState({
          step: "error",
          file: file.name,
          message: t("adminRegistry.import.missingHeaders", { headers: missing.join("、") }),
        });
        return;
      }
      if (rows.length === 0) {
        setState({ step: "error", file: file.name, message: t("adminRegistry.import.noRows") });
        return;
      }
      const report = await submit(rows, true);
      setState({
        step: "checked",
        file: file.name,
        rows,
        sheetRows,
        report,
        problems: problemsOf(report, sheetRows, headerOf),
      });
    } catch (error) {
      setState({
        step: "error",
        file: file.name,
        message:
          error instanceof Error && !("data" in error)
            ? t("adminRegistry.import.unreadable")
            : errorText(t, error),
      });
    } finally {
      if (fileInput.current) fileInput.current.value = "";
    }
  }

  async function commit() {
    if (state.step !== "checked") return;
    setState({ ...state, step: "committing" });
    try {
      const report = await submit(state.rows, false);
      if (!report.ok) {
        // Something changed since the check (e.g. a colleague added the same unit): report it.
        const { headerOf } = await reader();
        setState({
          ...state,
          step: "checked",
          report,
          problems: problemsOf(report, state.sheetRows, headerOf),
        });
        return;
      }
      setState({ step: "done", file: state.file, report });
      await onCommitted?.(report);
    } catch (error) {
      setState({ step: "error", file: state.file, message: errorText(t, error) });
    }
  }

  const problemText = (p: Problem) =>
    isMessageKey(p.messageKey) ? (t as (k: string) => string)(p.messageKey) : p.message;

  return (
    <>
      <FileCard
        title={t("adminRegistry.import.step2")}
        label={t("adminRegistry.import.file")}
        hint={t("adminRegistry.import.fileHint")}
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        disabled={state.step === "reading" || state.step === "committing"}
        inputRef={fileInput}
        onFile={(e) => void onFile(e)}
      />
      {state.step === "reading" ? <Loading label={t("adminRegistry.import.checking")} /> : null}
      {state.step === "error" ? (
        <Alert tone="error" focusOnMount title={t("adminRegistry.import.failed", { file: state.file })}>
          {state.message}
        </Alert>
      ) : null}
      {state.step === "checked" || state.step === "committing" ? (
        <section className="flex flex-col gap-3" aria-labelledby={titleId} data-testid="import-report">
          <h2 id={titleId} className="text-xl font-semibold text-slate-900">
            {t("adminRegistry.import.step3")}
          </h2>
          {state.report.ok ? (
            <Alert
              tone="success"
              focusOnMount
              title={t("adminRegistry.import.valid", { rows: formatNumber(state.report.rows) })}
            >
              {t("adminRegistry.import.validBody")}
            </Alert>
          ) : (
            <Alert
              tone="error"
              focusOnMount
              title={t("adminRegistry.import.invalid", {
                problems: formatNumber(state.report.problemCount),
                rows: formatNumber(state.report.rows),
              })}
            >
              {t("adminRegistry.import.invalidBody")}
            </Alert>
          )}
          {state.problems.length > 0 ? (
            <DataTable
              caption={t("adminRegistry.import.reportCaption", { file: state.file })}
              columns={[
                {
                  key: "row",
                  header: t("adminRegistry.import.col.row"),
                  align: "end",
                  cell: (p) => p.sheetRow,
                },
                { key: "column", header: t("adminRegistry.import.col.column"), cell: (p) => p.header },
                { key: "problem", header: t("adminRegistry.import.col.problem"), cell: problemText },
              ]}
              rows={state.problems}
              getRowKey={(p, i) => `${p.row}-${p.column}-${i}`}
            />
          ) : null}
          {state.report.problemCount > state.problems.length ? (
            <p className="text-slate-700">
              {t("adminRegistry.import.moreProblems", {
                count: formatNumber(state.report.problemCount - state.problems.length),
              })}
            </p>
          ) : null}
          {state.report.ok ? (
            <div>
              <Button loading={state.step === "committing"} onClick={() => void commit()}>
                {t("adminRegistry.import.commit", { rows: formatNumber(state.report.rows) })}
              </Button>
            </div>
          ) : null}
        </section>
      ) : null}
      {state.step === "done" ? (
        <Alert tone="success" focusOnMount title={t("adminRegistry.import.done")}>
          {done(state.report)}
        </Alert>
      ) : null}
    </>
  );
}
