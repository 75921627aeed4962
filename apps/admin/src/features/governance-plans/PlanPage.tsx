import {
  Alert,
  Button,
  buttonClasses,
  Card,
  DataTable,
  type DataTableColumn,
  ErrorState,
  ErrorSummary,
  Loading,
  PageHeader,
  TextField,
  useI18n,
} from "@gongzhi/ui";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useParams } from "react-router";
import { ChartFigure } from "../../components/ChartFigure.tsx";
import { errorText } from "../../lib/errors.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { type Outputs, useTRPC } from "../../trpc.ts";
import { beijingToday, LoadError, SelectField, useHomeUnit } from "../committees/shared.tsx";
import { type PlanView, planUnitOf, usePlanChoices } from "./data.ts";

type Task = PlanView["tasks"][number];
type Effect = Outputs["governancePlans"]["effect"];

/** /governance-plans/:id — the plan, its lifecycle moves, its tasks and its measured effect. */
export function PlanPage() {
  const { t, locale } = useI18n();
  const { id = "" } = useParams();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const unit = planUnitOf(useHomeUnit());
  const { places, units, categories } = usePlanChoices(unit);
  const plan = useQuery(trpc.governancePlans.get.queryOptions({ id }));
  const [announce, setAnnounce] = useState("");
  useDocumentTitle(plan.data?.plan.title ?? t("plans.title"));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.governancePlans.pathKey() });
  const move = useMutation(
    trpc.governancePlans.transition.mutationOptions({
      onSuccess: async (r) => {
        await refresh();
        setAnnounce(t("plans.moved", { status: t(`plans.status.${r.plan.status}`) }));
      },
    }),
  );
  const setTask = useMutation(
    trpc.governancePlans.setTaskStatus.mutationOptions({
      onSuccess: async (r, input) => {
        await refresh();
        const title = r.tasks.find((x) => x.id === input.id)?.title ?? "";
        setAnnounce(t("plans.tasks.marked", { title }));
      },
    }),
  );

  if (unit === undefined || plan.isPending) return <Loading />;
  if (unit === null)
    return (
      <ErrorState headingLevel={1} title={t("error.forbidden.title")} description={t("plans.forbidden")} />
    );
  if (plan.isError) return <LoadError error={plan.error} title={t("plans.loadError")} />;
  const { plan: p, tasks, next } = plan.data;
  const unitName = new Map((units.data ?? []).map((u) => [u.id, u.name]));
  const catName = new Map(
    (categories.data ?? []).map((c) => [c.id, locale === "zh-CN" ? c.nameZh : c.nameEn]),
  );
  const areaName = new Map((places.data?.areas ?? []).map((a) => [a.id, a.name]));
  const editable = p.status === "draft" || p.status === "active";

  const taskColumns: DataTableColumn<Task>[] = [
    { key: "title", header: t("plans.tasks.col.title"), rowHeader: true, cell: (r) => r.title },
    { key: "owner", header: t("plans.tasks.col.owner"), cell: (r) => unitName.get(r.ownerUnitId) ?? "—" },
    {
      key: "deadline",
      header: t("plans.tasks.col.deadline"),
      cell: (r) =>
        r.overdue ? (
          <span className="font-semibold text-red-800" data-overdue={r.id}>
            {r.deadline} · {t("plans.tasks.overdue")}
          </span>
        ) : (
          r.deadline
        ),
    },
    {
      key: "status",
      header: t("plans.tasks.col.status"),
      cell: (r) =>
        r.status === "done" && r.doneOn
          ? t("plans.tasks.doneOn", { date: r.doneOn })
          : t(`plans.taskStatus.${r.status}`),
    },
    {
      key: "actions",
      header: t("plans.tasks.col.actions"),
      cell: (r) =>
        editable && (r.status === "open" || r.status === "in_progress" || r.status === "overdue") ? (
          <Button
            variant="secondary"
            aria-label={t("plans.tasks.markDoneFor", { title: r.title })}
            loading={setTask.isPending && setTask.variables?.id === r.id}
            onClick={() => setTask.mutate({ id: r.id, to: "done" })}
          >
            {t("plans.tasks.markDone")}
          </Button>
        ) : null,
    },
  ];

  return (
    <div className="flex flex-col gap-6" data-testid="plan-page">
      <PageHeader
        className="mb-0"
        title={p.title}
        actions={
          <>
            <Link to="/governance-plans" className={buttonClasses("secondary")}>
              {t("plans.back")}
            </Link>
            {editable ? (
              <Link to={`/governance-plans/${p.id}/edit`} className={buttonClasses("secondary")}>
                {t("plans.edit")}
              </Link>
            ) : null}
          </>
        }
      />
      <p role="status" className="sr-only">
        {announce}
      </p>
      <Card>
        <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
          <div>
            <dt className="text-sm text-slate-700">{t("plans.detail.status")}</dt>
            <dd className="font-medium" data-testid="plan-status">
              {t(`plans.status.${p.status}`)}
            </dd>
          </div>
          <div>
            <dt className="text-sm text-slate-700">{t("plans.detail.owner")}</dt>
            <dd className="font-medium">{unitName.get(p.ownerUnitId) ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-700">{t("plans.detail.period")}</dt>
            <dd className="font-medium">{t("plans.period", { from: p.startsOn, to: p.endsOn })}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-700">{t("plans.detail.themes")}</dt>
            <dd className="font-medium">{p.themeCategoryIds.map((c) => catName.get(c) ?? "—").join("、")}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-700">{t("plans.detail.areas")}</dt>
            <dd className="font-medium">
              {p.areas
                .map((a) => (a.kind === "district" ? t("plans.area.district") : (areaName.get(a.id) ?? "—")))
                .join("、")}
            </dd>
          </div>
          {p.description ? (
            <div className="sm:col-span-2">
              <dt className="text-sm text-slate-700">{t("plans.detail.description")}</dt>
              <dd className="whitespace-pre-line">{p.description}</dd>
            </div>
          ) : null}
        </dl>
        {next.length > 0 ? (
          <div className="mt-4 flex flex-wrap gap-3">
            {next.map((to) => (
              <Button
                key={to}
                variant={to === "cancelled" ? "secondary" : "primary"}
                loading={move.isPending && move.variables?.to === to}
                onClick={() => move.mutate({ id: p.id, to: to as "active" | "completed" | "cancelled" })}
              >
                {t(`plans.move.${to as "active" | "completed" | "cancelled"}`)}
              </Button>
            ))}
          </div>
        ) : null}
        {move.isError ? (
          <Alert tone="error" className="mt-4">
            {errorText(t, move.error)}
          </Alert>
        ) : null}
      </Card>

      <section className="flex flex-col gap-3" aria-labelledby="plan-tasks-heading">
        <h2 id="plan-tasks-heading" className="text-lg font-semibold text-slate-900">
          {t("plans.tasks.title")}
        </h2>
        {setTask.isError ? <Alert tone="error">{errorText(t, setTask.error)}</Alert> : null}
        <DataTable
          caption={t("plans.tasks.caption")}
          columns={taskColumns}
          rows={tasks}
          getRowKey={(r) => r.id}
          empty={t("plans.tasks.empty")}
        />
        {editable ? (
          <TaskForm planId={p.id} units={units.data ?? []} />
        ) : (
          <p className="text-slate-700">{t("plans.tasks.readOnly")}</p>
        )}
      </section>

      <EffectPanel planId={p.id} />
    </div>
  );
}

function TaskForm({ planId, units }: { planId: string; units: { id: string; name: string }[] }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [v, setV] = useState({ title: "", ownerUnitId: "", deadline: "" });
  const [errors, setErrors] = useState<Partial<Record<"title" | "ownerUnitId" | "deadline", string>>>({});
  const add = useMutation(
    trpc.governancePlans.addTask.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.governancePlans.pathKey() });
        setV({ title: "", ownerUnitId: "", deadline: "" });
      },
    }),
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    const next: typeof errors = {};
    const title = v.title.trim();
    if (!title || title.length > 200) next.title = t("plans.tasks.err.title");
    if (!v.ownerUnitId) next.ownerUnitId = t("plans.tasks.err.owner");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.deadline)) next.deadline = t("plans.tasks.err.deadline");
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    add.mutate({ planId, title, ownerUnitId: v.ownerUnitId, deadline: v.deadline });
  }
  const on = (k: keyof typeof v) => (e: { target: { value: string } }) =>
    setV((s) => ({ ...s, [k]: e.target.value }));
  return (
    <Card>
      <form
        onSubmit={submit}
        noValidate
        className="grid gap-4 sm:grid-cols-3"
        aria-label={t("plans.tasks.add")}
        data-testid="task-form"
      >
        <ErrorSummary
          className="sm:col-span-3"
          items={Object.entries(errors).map(([k, m]) => ({ href: `#field-task-${k}`, message: m }))}
        />
        {add.isSuccess ? (
          <Alert tone="success" className="sm:col-span-3">
            {t("plans.tasks.added")}
          </Alert>
        ) : null}
        {add.isError ? (
          <Alert tone="error" className="sm:col-span-3">
            {errorText(t, add.error)}
          </Alert>
        ) : null}
        <TextField
          id="field-task-title"
          label={t("plans.tasks.field.title")}
          name="title"
          maxLength={200}
          value={v.title}
          onChange={on("title")}
          error={errors.title}
        />
        <SelectField
          id="field-task-ownerUnitId"
          label={t("plans.tasks.field.owner")}
          name="ownerUnitId"
          value={v.ownerUnitId}
          onChange={on("ownerUnitId")}
          error={errors.ownerUnitId}
        >
          <option value="">{t("plans.choose")}</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
        <TextField
          id="field-task-deadline"
          label={t("plans.tasks.field.deadline")}
          name="deadline"
          type="date"
          min={beijingToday()}
          value={v.deadline}
          onChange={on("deadline")}
          error={errors.deadline}
        />
        <div className="sm:col-span-3">
          <Button type="submit" loading={add.isPending}>
            {t("plans.tasks.add")}
          </Button>
        </div>
      </form>
    </Card>
  );
}

type Month = Effect["series"][number];

function EffectPanel({ planId }: { planId: string }) {
  const { t, formatNumber } = useI18n();
  const trpc = useTRPC();
  const [months, setMonths] = useState(3);
  const effect = useQuery({
    ...trpc.governancePlans.effect.queryOptions({ id: planId, months }),
    placeholderData: keepPreviousData,
  });
  const series = effect.data?.series ?? [];
  const label = (m: Month) => t("plans.effect.window", { from: m.from, to: m.to });
  const columns: DataTableColumn<Month>[] = [
    {
      key: "window",
      header: t("plans.effect.col.window"),
      rowHeader: true,
      cell: (m) => `${label(m)}${m.complete ? "" : t("plans.effect.running")}`,
    },
    {
      key: "phase",
      header: t("plans.effect.col.phase"),
      cell: (m) => (m.offset < 0 ? t("plans.effect.before") : t("plans.effect.after")),
    },
    {
      key: "requests",
      header: t("plans.effect.col.requests"),
      align: "end",
      cell: (m) => formatNumber(m.requests),
    },
  ];
  const option = {
    grid: { left: 8, right: 24, top: 48, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    xAxis: { type: "category", data: series.map((m) => m.from) },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      {
        name: t("plans.effect.before"),
        type: "bar",
        stack: "requests",
        data: series.map((m) => (m.offset < 0 ? m.requests : null)),
      },
      {
        name: t("plans.effect.after"),
        type: "bar",
        stack: "requests",
        data: series.map((m) => (m.offset >= 0 ? m.requests : null)),
      },
      { name: t("plans.effect.series"), type: "line", data: series.map((m) => m.requests) },
    ],
  };
  const e = effect.data;
  const change =
    e && e.changeBasisPoints !== null
      ? `${e.changeBasisPoints > 0 ? "+" : ""}${(e.changeBasisPoints / 100).toFixed(1)}%`
      : null;
  return (
    <ChartFigure
      data-testid="plan-effect"
      title={t("plans.effect.title")}
      option={option}
      height={300}
      controls={
        <div className="flex flex-col gap-2">
          <SelectField
            label={t("plans.effect.months")}
            name="months"
            value={String(months)}
            onChange={(ev) => setMonths(Number(ev.target.value))}
          >
            {[1, 3, 6, 12].map((n) => (
              <option key={n} value={n}>
                {t("plans.effect.monthsOption", { months: n })}
              </option>
            ))}
          </SelectField>
          {e ? (
            <p className="text-slate-900" data-testid="effect-summary">
              {t("plans.effect.summary", { before: formatNumber(e.before), after: formatNumber(e.after) })}{" "}
              {change ? t("plans.effect.change", { change }) : t("plans.effect.noBase")}
            </p>
          ) : null}
          {e && !e.afterComplete ? (
            <p className="text-sm text-slate-700">{t("plans.effect.incomplete")}</p>
          ) : null}
        </div>
      }
      empty={effect.isPending ? <Loading /> : undefined}
      table={
        <DataTable
          caption={t("plans.effect.caption", { months })}
          columns={columns}
          rows={series}
          getRowKey={(m) => String(m.offset)}
          loading={effect.isPending}
          error={effect.isError ? errorText(t, effect.error) : undefined}
        />
      }
    />
  );
}
