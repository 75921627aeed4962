/**
 * Excel import of 协管员: template, upload, row-by-row report. Every row is validated in the browser
 * with core's `coordinator` schema first, then checked by the API (`coordinators.import` with
 * `dryRun: true`: unknown categories, ID numbers already on record); only a clean file is committed,
 * all rows in one transaction per community (all-or-nothing).
 */
import { Alert, Button, DataTable, isMessageKey, useI18n } from "@gongzhi/ui";
import { useState } from "react";
import { errorText } from "../../lib/errors.ts";
import { useTRPCClient } from "../../trpc.ts";
import type { CategoryRef, Place } from "./data.ts";
import { downloadTemplate, type ImportProblem, type ImportRow, parseImport } from "./excel.ts";

/** The API's import columns → the sheet's headers. */
const sheetColumn: Record<string, string> = {
  name: "姓名",
  gender: "性别",
  birthYear: "出生年份",
  phone: "手机号码",
  idNumber: "身份证号",
  categoryCode: "类别",
  employerDepartment: "用工部门",
  hiredOn: "入职日期",
  status: "状态",
};

/** The sheet's rows grouped by community, as `coordinators.import` takes them. */
function byCommunity(rows: ImportRow[], categories: CategoryRef[]) {
  const code = new Map(categories.map((c) => [c.id, c.code]));
  const groups = new Map<string, ImportRow[]>();
  for (const r of rows) groups.set(r.input.communityId, [...(groups.get(r.input.communityId) ?? []), r]);
  return [...groups].map(([communityId, group]) => ({
    communityId,
    sheetRows: group.map((r) => r.row),
    rows: group.map(({ input }) => ({
      name: input.name,
      gender: input.gender,
      birthYear: input.birthYear,
      phone: input.phone,
      idNumber: input.idNumber,
      categoryCode: code.get(input.categoryId) ?? "",
      employerDepartment: input.employerDepartment,
      hiredOn: input.hiredOn,
    })),
  }));
}

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
  const [failure, setFailure] = useState<{ message: string } | null>(null);

  const t2 = t as (k: string, p?: Record<string, string | number>) => string;

  /** Asks the API (dry run or commit) for every community of the file; returns the sheet-row problems. */
  async function send(valid: ImportRow[], dryRun: boolean) {
    const found: ImportProblem[] = [];
    let created = 0;
    for (const g of byCommunity(valid, categories)) {
      const res = await client.coordinators.import.mutate({
        communityId: g.communityId,
        rows: g.rows,
        dryRun,
      });
      created += res.created;
      for (const p of res.problems)
        found.push({
          row: g.sheetRows[p.row - 1] ?? p.row,
          column: sheetColumn[p.column] ?? p.column,
          problem: isMessageKey(p.messageKey) ? t2(p.messageKey) : p.message,
        });
    }
    return { found, created };
  }

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
    if (result.problems.length === 0 && result.rows.length > 0) {
      try {
        const { found } = await send(result.rows, true);
        result.problems = found;
      } catch (error) {
        setFailure({ message: errorText(t, error) });
        setState("idle");
        return;
      }
    }
    setRows(result.rows);
    setProblems(result.problems);
    setState("idle");
  }

  async function commit() {
    if (!rows || problems.length > 0) return;
    setState("saving");
    try {
      const { found } = await send(rows, false);
      if (found.length > 0) {
        setProblems(found);
        setState("idle");
      } else setState("done");
    } catch (error) {
      setFailure({ message: errorText(t, error) });
      setState("idle");
    }
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
        </div>
      ) : null}
      {state === "done" ? (
        <Alert tone="success">{t("gov.import.done", { count: rows?.length ?? 0 })}</Alert>
      ) : null}
      {failure ? (
        <Alert tone="error">
          {t("gov.import.failed")} {failure.message}
        </Alert>
      ) : null}
    </section>
  );
}
