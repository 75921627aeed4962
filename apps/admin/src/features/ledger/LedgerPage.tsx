/**
 * 台账 (DOMAIN.md §6): the supervision view (三级督办, overdue first, escalate overdue), one item (notes,
 * evidence, transitions, deadline), creating an item from a meeting decision, and the monthly / quarterly
 * 销账 report per responsible unit with .xlsx export (exceljs loaded only on export).
 */
import { supervisionLevels } from "@gongzhi/core";
import {
  Alert,
  Button,
  DataTable,
  type DataTableColumn,
  formatDay,
  type LedgerItemStatus,
  LedgerStatusBadge,
  Loading,
  PageHeader,
  TextField,
  useI18n,
} from "@gongzhi/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, NavLink, Route, Routes, useNavigate, useParams, useSearchParams } from "react-router";
import { errorText } from "../../lib/errors.ts";
import { isUnitLevel, type UnitLevel } from "../../lib/session.ts";
import { type SortKeys, useUrlSort } from "../../lib/sort.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { NotFoundPage } from "../../pages/NotFound.tsx";
import { useStaff } from "../../shell/staff.tsx";
import { useUnit } from "../../shell/unit-names.ts";
import { type Outputs, useTRPC } from "../../trpc.ts";
import {
  addDays,
  beijingToday,
  ConfirmButton,
  linkClass,
  Pager,
  panelClass,
  QueryError,
  Select,
  TextArea,
  useCommunityOptions,
  useCursorPager,
} from "../deliberation/common.tsx";

type Item = Outputs["ledger"]["supervision"]["items"][number];
type Report = Outputs["ledger"]["report"];

const sortKeys = [
  "title",
  "responsibleUnit",
  "deadline",
  "status",
  "supervisionLevel",
] as const satisfies readonly SortKeys<"ledger", "supervision">[];

/** The user's own unit for ledger views (a global admin works at the district). */
function useLedgerScope(): { level: UnitLevel; id: string } | null {
  const { scope } = useStaff();
  const trpc = useTRPC();
  const summary = useQuery({
    ...trpc.registry.districtSummary.queryOptions(),
    enabled: scope.scopeKind === "global",
  });
  if (isUnitLevel(scope.scopeKind) && scope.scopeId) return { level: scope.scopeKind, id: scope.scopeId };
  const d = summary.data?.district?.id;
  return d ? { level: "district", id: d } : null;
}

export default function LedgerPage() {
  return (
    <Routes>
      <Route index element={<SupervisionView />} />
      <Route path="report" element={<ReportView />} />
      <Route path="new" element={<CreateView />} />
      <Route path=":id" element={<ItemView />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

function LedgerTabs() {
  const { t } = useI18n();
  const tabClass = ({ isActive }: { isActive: boolean }) =>
    `inline-flex min-h-11 items-center rounded-md px-3 ${isActive ? "bg-brand-800 text-white" : "text-brand-800 underline"}`;
  return (
    <nav aria-label={t("adminLedger.tabs")} className="flex flex-wrap gap-2">
      <NavLink end to="/ledgers" className={tabClass}>
        {t("adminLedger.tab.supervision")}
      </NavLink>
      <NavLink to="/ledgers/report" className={tabClass}>
        {t("adminLedger.tab.report")}
      </NavLink>
      <NavLink to="/ledgers/new" className={tabClass}>
        {t("adminLedger.tab.new")}
      </NavLink>
    </nav>
  );
}

function SupervisionView() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const scope = useLedgerScope();
  const unit = useUnit(scope?.level, scope?.id, !!scope);
  const [level, setLevel] = useState<"" | (typeof supervisionLevels)[number]>("");
  const [includeDone, setIncludeDone] = useState(false);
  const { sort, setSort, sortKey } = useUrlSort(sortKeys);
  const pager = useCursorPager(sortKey);
  useDocumentTitle(t("adminLedger.title"));
  const list = useQuery({
    ...trpc.ledger.supervision.queryOptions({
      scope: scope ?? { level: "district", id: "00000000-0000-0000-0000-000000000000" },
      ...(level ? { supervisionLevel: level } : {}),
      includeDone,
      cursor: pager.cursor,
      limit: 20,
      ...(sort ? { sort } : {}),
    }),
    enabled: !!scope,
  });
  const escalate = useMutation(
    trpc.ledger.escalateOverdue.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.ledger.pathKey() }),
    }),
  );
  const columns: DataTableColumn<Item>[] = [
    {
      key: "title",
      header: t("adminLedger.col.title"),
      rowHeader: true,
      sortable: true,
      cell: (r) => (
        <Link to={`/ledgers/${r.id}`} className={linkClass}>
          {r.title}
        </Link>
      ),
    },
    {
      key: "responsibleUnit",
      header: t("adminLedger.col.unit"),
      sortable: true,
      cell: (r) => r.responsibleUnit,
    },
    {
      key: "deadline",
      header: t("adminLedger.col.deadline"),
      sortable: true,
      cell: (r) => (
        <span className={r.overdue ? "font-semibold text-red-800" : undefined}>
          {formatDay(locale, r.deadline)}
          {r.overdue ? ` · ${t("adminLedger.overdue")}` : ""}
        </span>
      ),
    },
    {
      key: "status",
      header: t("adminLedger.col.status"),
      sortable: true,
      cell: (r) => (
        <LedgerStatusBadge
          item={{ status: r.status as LedgerItemStatus, overdue: r.overdue, done: r.status === "done" }}
        />
      ),
    },
    {
      key: "supervisionLevel",
      header: t("adminLedger.col.level"),
      sortable: true,
      cell: (r) => t(`ledger.level.${r.supervisionLevel}`),
    },
  ];
  return (
    <div className="flex flex-col gap-4" data-testid="ledger-supervision">
      <PageHeader
        title={unit.name ? t("adminLedger.titleFor", { unit: unit.name }) : t("adminLedger.title")}
        intro={t("adminLedger.intro")}
      />
      <LedgerTabs />
      <div className="flex flex-wrap items-end gap-4">
        <div className="w-56">
          <Select
            label={t("adminLedger.filter.level")}
            name="ledger-level"
            value={level}
            onChange={(e) => {
              setLevel(e.target.value as typeof level);
              pager.reset();
            }}
          >
            <option value="">{t("adminLedger.filter.allLevels")}</option>
            {supervisionLevels.map((l) => (
              <option key={l} value={l}>
                {t(`ledger.level.${l}`)}
              </option>
            ))}
          </Select>
        </div>
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="checkbox"
            className="h-5 w-5"
            checked={includeDone}
            onChange={(e) => {
              setIncludeDone(e.target.checked);
              pager.reset();
            }}
          />
          {t("adminLedger.filter.includeDone")}
        </label>
        {scope ? (
          <ConfirmButton
            variant="secondary"
            label={t("adminLedger.escalate")}
            question={t("adminLedger.escalateQ")}
            loading={escalate.isPending}
            onConfirm={() => escalate.mutate({ scope })}
          />
        ) : null}
      </div>
      {escalate.data ? (
        <Alert tone="success">
          {t("adminLedger.escalated", {
            marked: escalate.data.markedOverdue,
            escalated: escalate.data.escalated,
            district: escalate.data.atDistrict,
          })}
        </Alert>
      ) : null}
      {escalate.error ? <Alert tone="error">{errorText(t, escalate.error)}</Alert> : null}
      {list.isError ? (
        <QueryError
          error={list.error}
          title={t("adminLedger.loadError")}
          onRetry={() => void list.refetch()}
        />
      ) : (
        <DataTable
          caption={t("adminLedger.caption")}
          columns={columns}
          rows={list.data?.items}
          loading={!scope || list.isPending}
          getRowKey={(r) => r.id}
          empty={t("adminLedger.empty")}
          sort={sort}
          onSortChange={setSort}
        />
      )}
      {list.data && (pager.page > 1 || list.data.nextCursor) ? (
        <Pager
          label={t("adminLedger.pager")}
          page={pager.page}
          hasNext={!!list.data.nextCursor}
          onPrev={pager.prev}
          onNext={() => pager.next(list.data.nextCursor)}
        />
      ) : null}
    </div>
  );
}

function CreateView() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const meetingDecisionId = params.get("meetingDecision") ?? undefined;
  const communities = useCommunityOptions();
  const [form, setForm] = useState({
    communityId: params.get("community") ?? "",
    title: "",
    description: "",
    responsibleUnit: "",
    deadline: addDays(beijingToday(), 30),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  useDocumentTitle(t("adminLedger.new.title"));
  const create = useMutation(
    trpc.ledger.create.mutationOptions({ onSuccess: (i) => void navigate(`/ledgers/${i.id}`) }),
  );
  const communityId = form.communityId || communities.data?.[0]?.id || "";
  const set = (k: keyof typeof form, v: string) => setForm({ ...form, [k]: v });
  function submit() {
    const e: Record<string, string> = {};
    if (form.title.trim().length < 2) e.title = t("adminLedger.new.titleRequired");
    if (!form.responsibleUnit.trim()) e.unit = t("adminLedger.new.unitRequired");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.deadline)) e.deadline = t("adminLedger.new.deadlineRequired");
    setErrors(e);
    if (Object.keys(e).length) return;
    create.mutate({
      ...(meetingDecisionId ? { meetingDecisionId } : { communityId }),
      title: form.title.trim(),
      description: form.description.trim(),
      responsibleUnit: form.responsibleUnit.trim(),
      deadline: form.deadline,
    });
  }
  return (
    <div className="flex max-w-3xl flex-col gap-4">
      <PageHeader
        title={t("adminLedger.new.title")}
        intro={meetingDecisionId ? t("adminLedger.new.fromDecision") : undefined}
      />
      <LedgerTabs />
      <form
        className={panelClass}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {!meetingDecisionId ? (
          <Select
            label={t("adminLedger.new.community")}
            name="ledger-community"
            value={communityId}
            onChange={(e) => set("communityId", e.target.value)}
          >
            {(communities.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        ) : null}
        <TextField
          label={t("adminLedger.col.title")}
          name="ledger-title"
          value={form.title}
          maxLength={200}
          error={errors.title}
          onChange={(e) => set("title", e.target.value)}
        />
        <TextArea
          label={t("adminLedger.new.description")}
          name="ledger-description"
          value={form.description}
          onChange={(e) => set("description", e.target.value)}
        />
        <TextField
          label={t("adminLedger.col.unit")}
          name="ledger-unit"
          value={form.responsibleUnit}
          maxLength={100}
          error={errors.unit}
          onChange={(e) => set("responsibleUnit", e.target.value)}
        />
        <TextField
          label={t("adminLedger.col.deadline")}
          name="ledger-deadline"
          type="date"
          value={form.deadline}
          error={errors.deadline}
          onChange={(e) => set("deadline", e.target.value)}
        />
        {create.error ? <Alert tone="error">{errorText(t, create.error)}</Alert> : null}
        <div>
          <Button type="submit" loading={create.isPending}>
            {t("adminLedger.new.submit")}
          </Button>
        </div>
      </form>
    </div>
  );
}

function ItemView() {
  const { id = "" } = useParams();
  const { t, locale, formatDateTime } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const item = useQuery(trpc.ledger.get.queryOptions({ id }));
  const invalidate = () => void qc.invalidateQueries({ queryKey: trpc.ledger.pathKey() });
  const [note, setNote] = useState("");
  const [evidence, setEvidence] = useState("");
  const [url, setUrl] = useState("");
  const [deadline, setDeadline] = useState("");
  const addNote = useMutation(
    trpc.ledger.addNote.mutationOptions({ onSuccess: () => (setNote(""), invalidate()) }),
  );
  const addEvidence = useMutation(
    trpc.ledger.addEvidence.mutationOptions({ onSuccess: () => (setEvidence(""), setUrl(""), invalidate()) }),
  );
  const transition = useMutation(trpc.ledger.transition.mutationOptions({ onSuccess: invalidate }));
  const setDl = useMutation(trpc.ledger.setDeadline.mutationOptions({ onSuccess: invalidate }));
  useDocumentTitle(item.data?.item.title ?? t("adminLedger.title"));
  if (item.isPending) return <Loading />;
  if (item.isError)
    return (
      <QueryError error={item.error} title={t("adminLedger.loadError")} onRetry={() => void item.refetch()} />
    );
  const { item: it, notes, evidence: ev, escalations, overdue } = item.data;
  const error = addNote.error ?? addEvidence.error ?? transition.error ?? setDl.error;
  return (
    <div className="flex flex-col gap-4" data-testid="ledger-item" data-status={it.status}>
      <PageHeader
        title={it.title}
        intro={`${it.responsibleUnit} · ${t("adminLedger.col.deadline")} ${formatDay(locale, it.deadline)}${overdue ? ` · ${t("adminLedger.overdue")}` : ""} · ${t(`ledger.level.${it.supervisionLevel}`)}`}
        actions={
          <LedgerStatusBadge
            item={{ status: it.status as LedgerItemStatus, overdue, done: it.status === "done" }}
          />
        }
      />
      <Link to="/ledgers" className={linkClass}>
        {t("adminLedger.back")}
      </Link>
      {it.description ? <p className="whitespace-pre-wrap">{it.description}</p> : null}
      {error ? (
        <Alert tone="error" focusOnMount>
          {errorText(t, error)}
        </Alert>
      ) : null}
      <section className={panelClass} aria-labelledby="ledger-actions">
        <h2 id="ledger-actions" className="text-lg font-semibold">
          {t("adminLedger.actions")}
        </h2>
        <div className="flex flex-wrap gap-2">
          {it.status === "open" ? (
            <Button
              onClick={() => transition.mutate({ id: it.id, to: "in_progress" })}
              loading={transition.isPending}
            >
              {t("adminLedger.start")}
            </Button>
          ) : null}
          {it.status !== "done" ? (
            <ConfirmButton
              label={t("adminLedger.close")}
              question={t("adminLedger.closeQ")}
              loading={transition.isPending}
              onConfirm={() => transition.mutate({ id: it.id, to: "done" })}
            />
          ) : null}
        </div>
        {it.status !== "done" ? (
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (deadline) setDl.mutate({ id: it.id, deadline });
            }}
          >
            <TextField
              label={t("adminLedger.newDeadline")}
              name="ledger-new-deadline"
              type="date"
              value={deadline}
              onChange={(e) => setDeadline(e.target.value)}
            />
            <Button type="submit" variant="secondary" loading={setDl.isPending} disabled={!deadline}>
              {t("adminLedger.setDeadline")}
            </Button>
          </form>
        ) : null}
      </section>
      <section className={panelClass} aria-labelledby="ledger-notes">
        <h2 id="ledger-notes" className="text-lg font-semibold">
          {t("adminLedger.notes")}
        </h2>
        {notes.length === 0 ? <p className="text-slate-700">{t("adminLedger.noNotes")}</p> : null}
        <ol className="flex flex-col gap-1">
          {notes.map((n) => (
            <li key={n.id}>
              <span className="text-sm text-slate-700">{formatDateTime(n.at)}</span> {n.note}
            </li>
          ))}
        </ol>
        <form
          className="flex flex-col gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (note.trim()) addNote.mutate({ id: it.id, note: note.trim() });
          }}
        >
          <TextArea
            label={t("adminLedger.addNote")}
            name="ledger-note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <div>
            <Button type="submit" variant="secondary" loading={addNote.isPending} disabled={!note.trim()}>
              {t("adminLedger.addNoteSubmit")}
            </Button>
          </div>
        </form>
      </section>
      <section className={panelClass} aria-labelledby="ledger-evidence">
        <h2 id="ledger-evidence" className="text-lg font-semibold">
          {t("adminLedger.evidence")}
        </h2>
        {ev.length === 0 ? <p className="text-slate-700">{t("adminLedger.noEvidence")}</p> : null}
        <ul className="flex flex-col gap-1">
          {ev.map((e) => (
            <li key={e.id}>
              {e.description}
              {e.url ? (
                <>
                  {" · "}
                  <a
                    href={e.url}
                    className="text-brand-800 underline"
                    rel="noreferrer noopener"
                    target="_blank"
                  >
                    {e.url}
                  </a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
        <form
          className="flex flex-col gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (evidence.trim())
              addEvidence.mutate({
                id: it.id,
                description: evidence.trim(),
                ...(url.trim() ? { url: url.trim() } : {}),
              });
          }}
        >
          <TextArea
            label={t("adminLedger.addEvidence")}
            name="ledger-evidence-text"
            value={evidence}
            onChange={(e) => setEvidence(e.target.value)}
          />
          <TextField
            label={t("adminLedger.evidenceUrl")}
            name="ledger-evidence-url"
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
          <div>
            <Button
              type="submit"
              variant="secondary"
              loading={addEvidence.isPending}
              disabled={!evidence.trim()}
            >
              {t("adminLedger.addEvidenceSubmit")}
            </Button>
          </div>
        </form>
      </section>
      {escalations.length > 0 ? (
        <section className={panelClass} aria-labelledby="ledger-escalations">
          <h2 id="ledger-escalations" className="text-lg font-semibold">
            {t("adminLedger.escalations")}
          </h2>
          <ul className="list-disc pl-5">
            {escalations.map((e) => (
              <li key={`${e.deadline}-${e.fromLevel}`}>
                {t("adminLedger.escalation", {
                  deadline: formatDay(locale, e.deadline),
                  from: t(`ledger.level.${e.fromLevel}`),
                  to: e.toLevel ? t(`ledger.level.${e.toLevel}`) : "—",
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function ReportView() {
  const { t, formatNumber } = useI18n();
  const trpc = useTRPC();
  const scope = useLedgerScope();
  const unit = useUnit(scope?.level, scope?.id, !!scope);
  const today = beijingToday();
  const [kind, setKind] = useState<"month" | "quarter">("month");
  const [year, setYear] = useState(Number(today.slice(0, 4)));
  const [month, setMonth] = useState(Number(today.slice(5, 7)));
  const [quarter, setQuarter] = useState(Math.ceil(Number(today.slice(5, 7)) / 3));
  const [exporting, setExporting] = useState<"idle" | "busy" | "error">("idle");
  useDocumentTitle(t("adminLedger.report.title"));
  const period = kind === "month" ? { kind, year, month } : { kind, year, quarter };
  const report = useQuery({
    ...trpc.ledger.report.queryOptions({
      scope: scope ?? { level: "district", id: "00000000-0000-0000-0000-000000000000" },
      period,
    }),
    enabled: !!scope,
  });
  type Row = Report["units"][number];
  const num = (k: keyof Omit<Row, "responsibleUnit">, header: string): DataTableColumn<Row> => ({
    key: k,
    header,
    align: "end",
    cell: (r) => formatNumber(r[k]),
  });
  const columns: DataTableColumn<Row>[] = [
    { key: "unit", header: t("adminLedger.col.unit"), rowHeader: true, cell: (r) => r.responsibleUnit },
    num("opened", t("adminLedger.report.opened")),
    num("closed", t("adminLedger.report.closed")),
    num("closedOnTime", t("adminLedger.report.closedOnTime")),
    num("overdue", t("adminLedger.report.overdue")),
    num("outstanding", t("adminLedger.report.outstanding")),
  ];
  const periodLabel =
    kind === "month"
      ? t("adminLedger.report.monthLabel", { year, month })
      : t("adminLedger.report.quarterLabel", { year, quarter });
  async function onExport() {
    if (!report.data) return;
    setExporting("busy");
    try {
      const { downloadLedgerReport } = await import("./export.ts");
      await downloadLedgerReport({ unitName: unit.name ?? "", periodLabel, report: report.data });
      setExporting("idle");
    } catch {
      setExporting("error");
    }
  }
  const rows: Row[] | undefined = report.data
    ? [...report.data.units, { responsibleUnit: t("adminLedger.report.total"), ...report.data.totals }]
    : undefined;
  return (
    <div className="flex flex-col gap-4" data-testid="ledger-report">
      <PageHeader title={t("adminLedger.report.title")} intro={t("adminLedger.report.intro")} />
      <LedgerTabs />
      <form className="flex flex-wrap items-end gap-4" onSubmit={(e) => e.preventDefault()}>
        <div className="w-40">
          <Select
            label={t("adminLedger.report.kind")}
            name="report-kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as "month" | "quarter")}
          >
            <option value="month">{t("adminLedger.report.kindMonth")}</option>
            <option value="quarter">{t("adminLedger.report.kindQuarter")}</option>
          </Select>
        </div>
        <div className="w-32">
          <TextField
            label={t("adminLedger.report.year")}
            name="report-year"
            type="number"
            min={2000}
            max={2100}
            value={year}
            onChange={(e) => setYear(Number(e.target.value) || year)}
          />
        </div>
        <div className="w-32">
          {kind === "month" ? (
            <Select
              label={t("adminLedger.report.month")}
              name="report-month"
              value={month}
              onChange={(e) => setMonth(Number(e.target.value))}
            >
              {Array.from({ length: 12 }, (_, i) => (
                <option key={i + 1} value={i + 1}>
                  {i + 1}
                </option>
              ))}
            </Select>
          ) : (
            <Select
              label={t("adminLedger.report.quarter")}
              name="report-quarter"
              value={quarter}
              onChange={(e) => setQuarter(Number(e.target.value))}
            >
              {[1, 2, 3, 4].map((q) => (
                <option key={q} value={q}>
                  {q}
                </option>
              ))}
            </Select>
          )}
        </div>
        <Button
          variant="secondary"
          onClick={() => void onExport()}
          loading={exporting === "busy"}
          disabled={!report.data}
        >
          {t("adminLedger.report.export")}
        </Button>
      </form>
      {exporting === "error" ? <Alert tone="error">{t("adminLedger.report.exportError")}</Alert> : null}
      {report.data ? (
        <p>{t("adminLedger.report.range", { start: report.data.start, end: report.data.end })}</p>
      ) : null}
      {report.isError ? (
        <QueryError
          error={report.error}
          title={t("adminLedger.loadError")}
          onRetry={() => void report.refetch()}
        />
      ) : (
        <DataTable
          caption={t("adminLedger.report.caption", { unit: unit.name ?? "", period: periodLabel })}
          columns={columns}
          rows={rows}
          loading={!scope || report.isPending}
          getRowKey={(r) => r.responsibleUnit}
          empty={t("adminLedger.report.empty")}
        />
      )}
    </div>
  );
}
