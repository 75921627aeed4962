/**
 * 12345 工单导入 (ADR 0018): download the template → choose a 12345 export (.xlsx or .csv, UTF-8 or GBK)
 * → the server reads it and checks every row without writing (dryRun) → a row-by-row report (new /
 * already imported / error with its reasons) → commit, all-or-nothing, dispatched by the catalogue →
 * the orders filed. The flow of registry/ImportFlow.tsx; the file is read on the server (the API is the
 * one place that parses and validates it, for CSV encodings too).
 */

import { hotlineImportColumns } from "@gongzhi/core";
import { Alert, Button, Card, DataTable, isMessageKey, Loading, PageHeader, useI18n } from "@gongzhi/ui";
import { useQuery } from "@tanstack/react-query";
import { type ChangeEvent, useId, useRef, useState } from "react";
import { FileCard } from "../../components/FileCard.tsx";
import { errorText } from "../../lib/errors.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { useStaff } from "../../shell/staff.tsx";
import { type Outputs, useTRPC, useTRPCClient } from "../../trpc.ts";
import { useHomeScope } from "../registry/model.ts";
import { downloadBuffer } from "../registry/shared.tsx";

type Report = Outputs["workOrders"]["import"];
type Checked = { file: string; content: string; report: Report };
type State =
  | { step: "idle" }
  | { step: "reading"; file: string }
  | { step: "error"; file: string; message: string }
  | ({ step: "checked" } & Checked)
  | ({ step: "committing" } & Checked)
  | { step: "done"; file: string; report: Report };

/** Bytes → base64, in chunks (a 5 MB file would overflow `String.fromCharCode(...all)`). */
function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const headerOf = (field: string) => hotlineImportColumns.find((c) => c.field === field)?.header ?? field;

export default function HotlineImportPage() {
  const { t, formatNumber } = useI18n();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { scope } = useStaff();
  const home = useHomeScope();
  const titleId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State>({ step: "idle" });
  const [templateBusy, setTemplateBusy] = useState(false);
  useDocumentTitle(t("adminHotlineImport.title"));
  const categories = useQuery(trpc.handlingUnits.categories.queryOptions());

  const dispatcher = ["subdistrict_staff", "district_staff", "system_admin"].includes(scope.role);
  if (home === undefined) return <Loading />;
  if (!dispatcher || home === null || (home.level !== "district" && home.level !== "subdistrict"))
    return <Alert tone="error">{t("adminHotlineImport.notForRole")}</Alert>;
  const target = { level: home.level, id: home.id };

  const submit = (file: string, content: string, dryRun: boolean) =>
    client.workOrders.import.mutate({
      scopeLevel: target.level,
      scopeId: target.id,
      fileName: file,
      contentBase64: content,
      dryRun,
    });

  async function downloadTemplate() {
    setTemplateBusy(true);
    try {
      const list = categories.data ?? [];
      const leaf = list.find((c) => c.parentId !== null);
      const parent = leaf ? list.find((c) => c.id === leaf.parentId) : undefined;
      const { buildHotlineTemplate } = await import("./template.ts");
      const buffer = await buildHotlineTemplate({
        category: leaf && parent ? `${parent.nameZh}/${leaf.nameZh}` : "城乡建设/电梯故障",
        community: "",
      });
      downloadBuffer(buffer, "12345工单导入模板.xlsx");
    } finally {
      setTemplateBusy(false);
    }
  }

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    setState({ step: "reading", file: file.name });
    try {
      const content = toBase64(await file.arrayBuffer());
      const report = await submit(file.name, content, true);
      setState({ step: "checked", file: file.name, content, report });
    } catch (error) {
      setState({ step: "error", file: file.name, message: errorText(t, error) });
    } finally {
      if (fileInput.current) fileInput.current.value = "";
    }
  }

  async function commit() {
    if (state.step !== "checked") return;
    setState({ ...state, step: "committing" });
    try {
      const report = await submit(state.file, state.content, false);
      // Something changed since the check (a colleague imported the same file): show the new report.
      if (!report.ok || report.counts.created === 0) setState({ ...state, step: "checked", report });
      else setState({ step: "done", file: state.file, report });
    } catch (error) {
      setState({ step: "error", file: state.file, message: errorText(t, error) });
    }
  }

  const problemText = (p: Report["rows"][number]["problems"][number]) =>
    t("adminHotlineImport.problem", {
      column: headerOf(p.column),
      problem: isMessageKey(p.messageKey) ? (t as (k: string) => string)(p.messageKey) : p.message,
    });

  const reportTable = (file: string, report: Report) => (
    <DataTable
      caption={t("adminHotlineImport.reportCaption", { file })}
      columns={[
        { key: "line", header: t("adminHotlineImport.col.line"), align: "end", cell: (r) => r.line },
        {
          key: "externalNumber",
          header: t("adminHotlineImport.col.externalNumber"),
          rowHeader: true,
          cell: (r) => r.externalNumber ?? "—",
        },
        {
          key: "status",
          header: t("adminHotlineImport.col.status"),
          cell: (r) => (
            <span data-status={r.status} className={r.status === "error" ? "font-semibold text-red-800" : ""}>
              {t(`adminHotlineImport.status.${r.status}`)}
            </span>
          ),
        },
        {
          key: "number",
          header: t("adminHotlineImport.col.number"),
          cell: (r) => <span data-order-id={r.orderId ?? undefined}>{r.number ?? ""}</span>,
        },
        {
          key: "problems",
          header: t("adminHotlineImport.col.problems"),
          cell: (r) =>
            r.problems.length === 0 ? (
              ""
            ) : (
              <ul className="list-disc ps-5">
                {r.problems.map((p) => (
                  <li key={`${p.column}-${p.messageKey}`}>{problemText(p)}</li>
                ))}
              </ul>
            ),
        },
      ]}
      rows={report.rows}
      getRowKey={(r) => String(r.line)}
    />
  );

  const summary = (report: Report) => (
    <>
      <p data-testid="hotline-import-summary">
        {t("adminHotlineImport.summary", {
          rows: formatNumber(report.counts.rows),
          new: formatNumber(report.counts.new),
          already: formatNumber(report.counts.alreadyImported),
          errors: formatNumber(report.counts.errors),
        })}
      </p>
      <p className="text-sm text-slate-700">
        {t("adminHotlineImport.read", {
          format: report.format === "xlsx" ? ".xlsx" : ".csv",
          encoding: report.encoding
            ? t("adminHotlineImport.encoding", {
                encoding: report.encoding === "gb18030" ? "GBK/GB18030" : "UTF-8",
              })
            : "",
        })}
      </p>
      {report.ignoredColumns.length > 0 ? (
        <p className="text-sm text-slate-700">
          {t("adminHotlineImport.ignored", { columns: report.ignoredColumns.join("、") })}
        </p>
      ) : null}
    </>
  );

  return (
    <div className="flex flex-col gap-6" data-testid="hotline-import">
      <PageHeader
        title={t("adminHotlineImport.title")}
        intro={t("adminHotlineImport.intro")}
        className="mb-0"
      />
      <Card title={t("adminHotlineImport.step1")}>
        <p className="mb-3 text-slate-800">{t("adminHotlineImport.step1Body")}</p>
        <Button variant="secondary" loading={templateBusy} onClick={() => void downloadTemplate()}>
          {t("adminHotlineImport.template")}
        </Button>
      </Card>
      <FileCard
        title={t("adminHotlineImport.step2")}
        label={t("adminHotlineImport.file")}
        hint={t("adminHotlineImport.fileHint")}
        accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        disabled={state.step === "reading" || state.step === "committing"}
        inputRef={fileInput}
        onFile={(e) => void onFile(e)}
      />
      {state.step === "reading" ? <Loading label={t("adminHotlineImport.checking")} /> : null}
      {state.step === "error" ? (
        <Alert tone="error" focusOnMount title={t("adminHotlineImport.failed", { file: state.file })}>
          {state.message}
        </Alert>
      ) : null}
      {state.step === "checked" || state.step === "committing" ? (
        <section
          className="flex flex-col gap-3"
          aria-labelledby={titleId}
          data-testid="hotline-import-report"
        >
          <h2 id={titleId} className="text-xl font-semibold text-slate-900">
            {t("adminHotlineImport.step3")}
          </h2>
          {!state.report.ok ? (
            <Alert
              tone="error"
              focusOnMount
              title={t("adminHotlineImport.invalid", { errors: formatNumber(state.report.counts.errors) })}
            >
              {t("adminHotlineImport.invalidBody")}
            </Alert>
          ) : state.report.counts.new === 0 ? (
            <Alert tone="info" focusOnMount title={t("adminHotlineImport.nothingNew")}>
              {summary(state.report)}
            </Alert>
          ) : (
            <Alert tone="success" focusOnMount title={t("adminHotlineImport.valid")}>
              {t("adminHotlineImport.validBody")}
            </Alert>
          )}
          {state.report.ok && state.report.counts.new === 0 ? null : summary(state.report)}
          {reportTable(state.file, state.report)}
          {state.report.ok && state.report.counts.new > 0 ? (
            <div>
              <Button loading={state.step === "committing"} onClick={() => void commit()}>
                {t("adminHotlineImport.commit", { count: formatNumber(state.report.counts.new) })}
              </Button>
            </div>
          ) : null}
        </section>
      ) : null}
      {state.step === "done" ? (
        <section className="flex flex-col gap-3" data-testid="hotline-import-done">
          <Alert tone="success" focusOnMount title={t("adminHotlineImport.done")}>
            <p>{t("adminHotlineImport.created", { count: formatNumber(state.report.counts.created) })}</p>
          </Alert>
          {summary(state.report)}
          {reportTable(state.file, state.report)}
          <div>
            <Button variant="secondary" onClick={() => setState({ step: "idle" })}>
              {t("adminHotlineImport.another")}
            </Button>
          </div>
        </section>
      ) : null}
    </div>
  );
}
