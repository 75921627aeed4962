/**
 * 工作日历 — the working calendar 接诉即办 time limits count on (ADRs 0014, 0016, 0020): a year's status
 * (official / provisional / not loaded), the chinese-days version, and the days that differ from
 * Mon–Fri, marked 官方数据 or 人工更正. A system admin corrects a day (holiday, 调休上班, or an ordinary
 * day) or restores the official data of a corrected one; the other staff who time orders read it.
 * Existing orders keep their due time: a correction counts for later computations only.
 */
import { calendarDayKinds } from "@gongzhi/core";
import {
  Alert,
  Button,
  DataTable,
  type DataTableColumn,
  ErrorState,
  formatDateTime,
  formatDay,
  Loading,
  PageHeader,
  TextField,
  useI18n,
} from "@gongzhi/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { errorCode, errorText } from "../../lib/errors.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { useStaff } from "../../shell/staff.tsx";
import { type Outputs, useTRPC } from "../../trpc.ts";
import { Select } from "../deliberation/common.tsx";
import { ActionDialog } from "../work-orders/parts.tsx";

type Year = Outputs["workingCalendar"]["year"];
type Day = Year["days"][number];
type Kind = (typeof calendarDayKinds)[number];

/** The Beijing calendar year now. */
export function beijingYear(now = new Date()): number {
  return new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();
}

/** 0 = Sunday … 6 = Saturday of an ISO date. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** A real "YYYY-MM-DD" date. */
export function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export default function WorkingCalendarPage() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const { scope } = useStaff();
  const canChange = scope.role === "system_admin";
  const [params, setParams] = useSearchParams();
  const thisYear = beijingYear();
  const asked = Number(params.get("year"));
  const year = Number.isInteger(asked) && asked >= 1949 && asked <= 2200 ? asked : thisYear;
  const data = useQuery(trpc.workingCalendar.year.queryOptions({ year }));
  const [dialog, setDialog] = useState<
    { kind: "correct"; day: Day | null } | { kind: "revert"; day: Day } | null
  >(null);
  const [done, setDone] = useState<string | null>(null);
  useDocumentTitle(t("workCalendar.title"));

  const years = [...new Set([thisYear - 3, thisYear - 2, thisYear - 1, thisYear, thisYear + 1, year])].sort();
  const day = (d: string) => `${formatDay(locale, d)}`;

  const columns: DataTableColumn<Day>[] = [
    { key: "date", header: t("workCalendar.col.date"), rowHeader: true, cell: (d) => day(d.date) },
    {
      key: "weekday",
      header: t("workCalendar.col.weekday"),
      cell: (d) => t(`workCalendar.weekday.${weekdayOf(d.date) as 0 | 1 | 2 | 3 | 4 | 5 | 6}`),
    },
    { key: "kind", header: t("workCalendar.col.kind"), cell: (d) => t(`workCalendar.kind.${d.kind}`) },
    { key: "name", header: t("workCalendar.col.name"), cell: (d) => d.name },
    {
      key: "source",
      header: t("workCalendar.col.source"),
      cell: (d) =>
        d.source === "staff" ? (
          <span className="inline-flex rounded bg-amber-100 px-2 py-0.5 font-medium text-amber-950">
            {t("workCalendar.source.staff")}
          </span>
        ) : (
          t("workCalendar.source.chinese-days")
        ),
    },
    {
      key: "edited",
      header: t("workCalendar.col.edited"),
      cell: (d) =>
        d.source === "staff"
          ? [d.editedBy?.name ?? "—", d.editedAt ? formatDateTime(locale, d.editedAt) : null]
              .filter(Boolean)
              .join(" · ")
          : "—",
    },
    ...(canChange
      ? [
          {
            key: "actions",
            header: t("workCalendar.col.actions"),
            cell: (d: Day) => (
              <div className="flex flex-wrap gap-2">
                <Button
                  variant="secondary"
                  aria-label={t("workCalendar.correctDay", { date: day(d.date) })}
                  onClick={() => {
                    setDone(null);
                    setDialog({ kind: "correct", day: d });
                  }}
                >
                  {t("workCalendar.correct")}
                </Button>
                {d.source === "staff" ? (
                  <Button
                    variant="secondary"
                    aria-label={t("workCalendar.revertDay", { date: day(d.date) })}
                    onClick={() => {
                      setDone(null);
                      setDialog({ kind: "revert", day: d });
                    }}
                  >
                    {t("workCalendar.revert")}
                  </Button>
                ) : null}
              </div>
            ),
          } satisfies DataTableColumn<Day>,
        ]
      : []),
  ];

  return (
    <div className="flex flex-col gap-6" data-testid="working-calendar">
      <PageHeader
        className="mb-0"
        title={t("workCalendar.title")}
        intro={t("workCalendar.intro")}
        actions={
          canChange && data.data && data.data.status !== "not_loaded" ? (
            <Button
              onClick={() => {
                setDone(null);
                setDialog({ kind: "correct", day: null });
              }}
            >
              {t("workCalendar.correct")}
            </Button>
          ) : null
        }
      />
      <p className="text-slate-800">{t("workCalendar.existingOrders")}</p>
      {canChange ? null : <Alert tone="info">{t("workCalendar.readOnly")}</Alert>}
      <div className="max-w-xs">
        <Select
          name="year"
          label={t("workCalendar.year")}
          value={String(year)}
          onChange={(e) => {
            setDone(null);
            setParams({ year: e.target.value });
          }}
        >
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </Select>
      </div>
      {done ? (
        <Alert tone="success" focusOnMount>
          {done}
        </Alert>
      ) : null}
      {data.isPending ? (
        <Loading />
      ) : data.isError ? (
        <ErrorState
          title={t("workCalendar.loadError")}
          description={errorText(t, data.error)}
          detail={errorCode(data.error)}
          onRetry={() => void data.refetch()}
        />
      ) : (
        <>
          <YearStatus y={data.data} />
          <DataTable
            caption={t("workCalendar.caption", { year })}
            columns={columns}
            rows={data.data.days}
            getRowKey={(d) => d.date}
            empty={t("workCalendar.empty")}
          />
        </>
      )}
      {dialog?.kind === "correct" ? (
        <CorrectDialog
          year={year}
          day={dialog.day}
          onClose={() => setDialog(null)}
          onDone={(date) => {
            setDialog(null);
            setDone(t("workCalendar.corrected", { date: day(date) }));
          }}
        />
      ) : null}
      {dialog?.kind === "revert" ? (
        <RevertDialog
          day={dialog.day}
          onClose={() => setDialog(null)}
          onDone={(date) => {
            setDialog(null);
            setDone(t("workCalendar.reverted", { date: day(date) }));
          }}
        />
      ) : null}
    </div>
  );
}

function YearStatus({ y }: { y: Year }) {
  const { t, locale } = useI18n();
  const rows: [string, string][] = [
    [t("workCalendar.statusLabel"), t(`workCalendar.status.${y.status}`)],
    ...(y.source
      ? ([[t("workCalendar.yearSource"), t(`workCalendar.source.${y.source}`)]] as [string, string][])
      : []),
    [t("workCalendar.packageVersion"), y.packageVersion ?? "—"],
    [t("workCalendar.installedVersion"), y.installedPackageVersion],
    [t("workCalendar.loadedAt"), y.loadedAt ? formatDateTime(locale, y.loadedAt) : "—"],
  ];
  return (
    <dl
      className="grid grid-cols-1 gap-x-6 gap-y-2 rounded-lg border border-slate-300 bg-white p-4 sm:grid-cols-[max-content_1fr]"
      data-testid="calendar-year-status"
    >
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="font-medium text-slate-900">{k}</dt>
          <dd className="text-slate-800">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function useInvalidateYear() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: trpc.workingCalendar.year.queryKey() });
}

function CorrectDialog({
  year,
  day,
  onClose,
  onDone,
}: {
  year: number;
  day: Day | null;
  onClose: () => void;
  onDone: (date: string) => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const invalidate = useInvalidateYear();
  const [date, setDate] = useState(day?.date ?? "");
  const [kind, setKind] = useState<Kind>(day?.kind ?? "holiday");
  const [name, setName] = useState(day?.name ?? "");
  const correct = useMutation(trpc.workingCalendar.correct.mutationOptions());

  function validate(): Record<string, string> {
    const errors: Record<string, string> = {};
    if (!isRealDate(date) || !date.startsWith(`${year}-`)) errors.date = t("workCalendar.err.date", { year });
    else if (kind === "make_up_workday" && ![0, 6].includes(weekdayOf(date)))
      errors.kind = t("workCalendar.err.makeUpWeekday");
    const n = name.trim();
    if (n.length === 0 || n.length > 50) errors.name = t("workCalendar.err.name");
    return errors;
  }

  return (
    <ActionDialog
      title={t("workCalendar.correctTitle")}
      submitLabel={t("workCalendar.save")}
      onClose={onClose}
      validate={validate}
      onSubmit={async () => {
        await correct.mutateAsync({ date, kind, name: name.trim() });
        await invalidate();
        onDone(date);
      }}
    >
      {(errors) => (
        <>
          <p className="text-slate-800">{t("workCalendar.correctHelp")}</p>
          <TextField
            name="date"
            type="date"
            label={t("workCalendar.form.date")}
            value={date}
            min={`${year}-01-01`}
            max={`${year}-12-31`}
            error={errors.date}
            onChange={(e) => setDate(e.target.value)}
          />
          <Select
            name="kind"
            label={t("workCalendar.form.kind")}
            value={kind}
            error={errors.kind}
            onChange={(e) => setKind(e.target.value as Kind)}
          >
            {calendarDayKinds.map((k) => (
              <option key={k} value={k}>
                {t(`workCalendar.kind.${k}`)}
              </option>
            ))}
          </Select>
          <TextField
            name="name"
            label={t("workCalendar.form.name")}
            hint={t("workCalendar.form.nameHint")}
            value={name}
            maxLength={50}
            error={errors.name}
            onChange={(e) => setName(e.target.value)}
          />
        </>
      )}
    </ActionDialog>
  );
}

function RevertDialog({
  day,
  onClose,
  onDone,
}: {
  day: Day;
  onClose: () => void;
  onDone: (date: string) => void;
}) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const invalidate = useInvalidateYear();
  const revert = useMutation(trpc.workingCalendar.revert.mutationOptions());
  return (
    <ActionDialog
      title={t("workCalendar.revertDay", { date: formatDay(locale, day.date) })}
      submitLabel={t("workCalendar.revert")}
      danger
      onClose={onClose}
      onSubmit={async () => {
        await revert.mutateAsync({ date: day.date });
        await invalidate();
        onDone(day.date);
      }}
    >
      {() => (
        <p className="text-slate-800">
          {t("workCalendar.revertHelp", { date: formatDay(locale, day.date) })}
        </p>
      )}
    </ActionDialog>
  );
}
