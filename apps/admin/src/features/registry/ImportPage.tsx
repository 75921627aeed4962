/**
 * Compound import from .xlsx: download the template → fill it → upload (read in the browser) → the API
 * checks every row without writing (dryRun) → a row-by-row report (row, column, problem) → fix the file
 * and upload again → commit, all-or-nothing → the counts written.
 */
import { Alert, Button, Card, DataTable, isMessageKey, Loading, PageHeader, useI18n } from "@gongzhi/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ChangeEvent, useId, useRef, useState } from "react";
import { Link } from "react-router";
import { errorText } from "../../lib/errors.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { useStaff } from "../../shell/staff.tsx";
import { type Outputs, useTRPC, useTRPCClient } from "../../trpc.ts";
import { useHomeScope } from "./model.ts";
import { downloadBuffer } from "./shared.tsx";
import type { CompoundImportRow } from "./xlsx.ts";

type Report = Outputs["registryAdmin"]["importCompounds"];
type Problem = Report["problems"][number] & { sheetRow: number; header: string };

type State =
  | { step: "idle" }
  | { step: "reading"; file: string }
  | { step: "error"; file: string; message: string }
  | { step: "checked"; file: string; rows: CompoundImportRow[]; report: Report; problems: Problem[] }
  | { step: "committing"; file: string; rows: CompoundImportRow[]; report: Report; problems: Problem[] }
  | { step: "done"; file: string; report: Report };

export default function ImportPage() {
  const { t, formatNumber } = useI18n();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { scope } = useStaff();
  const home = useHomeScope();
  const inputId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State>({ step: "idle" });
  const [templateBusy, setTemplateBusy] = useState(false);
  useDocumentTitle(t("adminRegistry.import.title"));

  const community = useQuery({
    ...trpc.registryAdmin.getCommunity.queryOptions({ communityId: scope.scopeId ?? "" }),
    enabled: scope.scopeKind === "community" && !!scope.scopeId,
  });

  if (home === undefined) return <Loading />;
  if (home === null) return <Alert tone="error">{t("adminRegistry.noScope")}</Alert>;

  async function downloadTemplate() {
    setTemplateBusy(true);
    try {
      const { buildCompoundTemplate } = await import("./xlsx.ts");
      const buffer = await buildCompoundTemplate(community.data?.code ?? "110119001001");
      downloadBuffer(buffer, "小区导入模板.xlsx");
    } finally {
      setTemplateBusy(false);
    }
  }

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file || !home) return;
    setState({ step: "reading", file: file.name });
    try {
      const { readCompoundWorkbook, headerOf } = await import("./xlsx.ts");
      const { rows, sheetRows, missing } = await readCompoundWorkbook(await file.arrayBuffer());
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
      const report = await client.registryAdmin.importCompounds.mutate({
        scopeLevel: home.level,
        scopeId: home.id,
        dryRun: true,
        rows,
      });
      const problems = report.problems.map((p) => ({
        ...p,
        sheetRow: sheetRows[p.row - 1] ?? p.row + 1,
        header: headerOf(p.column),
      }));
      setState({ step: "checked", file: file.name, rows, report, problems });
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
    if (state.step !== "checked" || !home) return;
    setState({ ...state, step: "committing" });
    try {
      const report = await client.registryAdmin.importCompounds.mutate({
        scopeLevel: home.level,
        scopeId: home.id,
        dryRun: false,
        rows: state.rows,
      });
      if (!report.ok) {
        const { headerOf } = await import("./xlsx.ts");
        setState({
          ...state,
          step: "checked",
          report,
          problems: report.problems.map((p) => ({ ...p, sheetRow: p.row + 1, header: headerOf(p.column) })),
        });
        return;
      }
      setState({ step: "done", file: state.file, report });
      await queryClient.invalidateQueries({ queryKey: trpc.registryAdmin.listCompounds.pathKey() });
    } catch (error) {
      setState({ step: "error", file: state.file, message: errorText(t, error) });
    }
  }

  const problemText = (p: Problem) =>
    isMessageKey(p.messageKey) ? (t as (k: string) => string)(p.messageKey) : p.message;

  return (
    <div className="flex flex-col gap-6" data-testid="registry-import">
      <nav aria-label={t("adminRegistry.breadcrumbs")}>
        <Link to="/registry" className="text-brand-800 underline">
          {t("adminRegistry.title")}
        </Link>
      </nav>
      <PageHeader
        title={t("adminRegistry.import.title")}
        intro={t("adminRegistry.import.intro")}
        className="mb-0"
      />
      <Card title={t("adminRegistry.import.step1")}>
        <p className="mb-3 text-slate-800">{t("adminRegistry.import.step1Body")}</p>
        <Button variant="secondary" loading={templateBusy} onClick={() => void downloadTemplate()}>
          {t("adminRegistry.import.template")}
        </Button>
      </Card>
      <Card title={t("adminRegistry.import.step2")}>
        <div className="flex flex-col gap-2">
          <label htmlFor={inputId} className="font-medium text-slate-900">
            {t("adminRegistry.import.file")}
          </label>
          <p className="text-sm text-slate-700">{t("adminRegistry.import.fileHint")}</p>
          <input
            ref={fileInput}
            id={inputId}
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => void onFile(e)}
            className="min-h-11 rounded-lg border border-slate-500 bg-white p-2"
          />
        </div>
      </Card>
      {state.step === "reading" ? <Loading label={t("adminRegistry.import.checking")} /> : null}
      {state.step === "error" ? (
        <Alert tone="error" focusOnMount title={t("adminRegistry.import.failed", { file: state.file })}>
          {state.message}
        </Alert>
      ) : null}
      {state.step === "checked" || state.step === "committing" ? (
        <section
          className="flex flex-col gap-3"
          aria-labelledby="import-report-title"
          data-testid="import-report"
        >
          <h2 id="import-report-title" className="text-xl font-semibold text-slate-900">
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
          <p data-testid="import-done">
            {t("adminRegistry.import.created", { compounds: formatNumber(state.report.created.compounds) })}
          </p>
          <Link to="/registry" className="text-brand-800 underline">
            {t("adminRegistry.import.backToList")}
          </Link>
        </Alert>
      ) : null}
    </div>
  );
}
