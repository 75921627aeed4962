/**
 * 物业 section: per compound the current property-service arrangement and its history, a new
 * arrangement (validated with core's propertyService schema), and expiry / filing alerts within the
 * user's scope (北京市物业管理条例 Art. 63: a contract is filed within 15 days).
 */
import { type PropertyServiceMode, propertyService, propertyServiceModes } from "@gongzhi/core";
import {
  Alert,
  Button,
  buttonClasses,
  Card,
  DataTable,
  type DataTableColumn,
  ErrorState,
  Loading,
  PageHeader,
  TextField,
  useI18n,
} from "@gongzhi/ui";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, Route, Routes, useParams } from "react-router";
import { errorText } from "../../lib/errors.ts";
import { type SortKeys, useUrlSort } from "../../lib/sort.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { NotFoundPage } from "../../pages/NotFound.tsx";
import { type Outputs, useTRPC } from "../../trpc.ts";
import {
  beijingToday,
  CompoundFinder,
  formatArticle,
  LoadError,
  Pager,
  SelectField,
  useCursorPager,
  useHomeUnit,
} from "../committees/shared.tsx";

export default function PropertySection() {
  return (
    <Routes>
      <Route index element={<PropertyPage />} />
      <Route path="compounds/:compoundId" element={<CompoundPropertyPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

type AlertRow = Outputs["propertyServices"]["alerts"]["items"][number];

const alertSortKeys = ["compound", "contractEnd", "filedOn"] as const satisfies readonly SortKeys<
  "propertyServices",
  "alerts"
>[];

function PropertyPage() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const unit = useHomeUnit();
  const [days, setDays] = useState("90");
  const [withinDays, setWithinDays] = useState(90);
  const { sort, setSort, sortKey } = useUrlSort(alertSortKeys);
  const pager = useCursorPager(sortKey);
  useDocumentTitle(t("gov.property.title"));
  const alerts = useQuery({
    ...trpc.propertyServices.alerts.queryOptions({
      scopeLevel: unit?.level ?? "community",
      scopeId: unit?.id ?? "00000000-0000-4000-8000-000000000000",
      withinDays,
      limit: 20,
      cursor: pager.cursor,
      ...(sort ? { sort } : {}),
    }),
    enabled: !!unit,
    placeholderData: keepPreviousData,
  });
  if (unit === undefined) return <Loading />;
  if (unit === null) return <ErrorState headingLevel={1} title={t("error.forbidden.title")} />;
  // Without a chosen sort, the most urgent alerts of the page come first; with one, the server's order.
  const urgent = (r: AlertRow) =>
    Number(r.codes.includes("contract_expired") || r.codes.includes("filing_overdue"));
  const items = alerts.data?.items ?? [];
  const rows = sort
    ? items
    : [...items].sort(
        (a, b) => urgent(b) - urgent(a) || (a.daysToContractEnd ?? 99_999) - (b.daysToContractEnd ?? 99_999),
      );
  const columns: DataTableColumn<AlertRow>[] = [
    {
      key: "compound",
      header: t("gov.col.compound"),
      rowHeader: true,
      sortable: true,
      cell: (r) => (
        <Link to={`/property/compounds/${r.compound.id}`} className="text-brand-800 underline">
          {r.compound.name}
        </Link>
      ),
    },
    { key: "company", header: t("gov.property.company"), cell: (r) => r.service.companyName ?? "—" },
    {
      key: "alert",
      header: t("gov.col.alert"),
      cell: (r) => (
        <ul data-codes={r.codes.join(" ")}>
          {r.codes.map((c) => (
            <li key={c} className={c === "contract_ending" ? "" : "font-semibold text-red-800"}>
              {t(`gov.propertyAlert.${c}`)}
            </li>
          ))}
        </ul>
      ),
    },
    {
      // sorted by the end of the contract
      key: "contractEnd",
      header: t("gov.property.contract"),
      sortable: true,
      cell: (r) =>
        r.service.contractStart || r.service.contractEnd
          ? t("gov.range", { from: r.service.contractStart ?? "—", to: r.service.contractEnd ?? "—" })
          : "—",
    },
    {
      key: "days",
      header: t("gov.property.daysToEnd"),
      align: "end",
      cell: (r) =>
        r.daysToContractEnd === null
          ? "—"
          : r.daysToContractEnd < 0
            ? t("gov.days.overdue", { days: -r.daysToContractEnd })
            : t("gov.days.left", { days: r.daysToContractEnd }),
    },
    {
      key: "filedOn",
      header: t("gov.col.filedOn"),
      sortable: true,
      cell: (r) => r.service.filedOn ?? t("gov.property.notFiled"),
    },
    { key: "article", header: t("gov.col.article"), cell: (r) => formatArticle(locale, r.article) },
  ];
  return (
    <div className="flex flex-col gap-6" data-testid="property-page">
      <PageHeader className="mb-0" title={t("gov.property.title")} intro={t("gov.property.intro")} />
      <section
        className="flex flex-col gap-3"
        aria-labelledby="property-alerts-h"
        data-testid="property-alerts"
      >
        <h2 id="property-alerts-h" className="text-lg font-semibold text-slate-900">
          {t("gov.property.alerts")}
        </h2>
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const n = Number(days);
            if (Number.isInteger(n) && n >= 0 && n <= 366) {
              setWithinDays(n);
              pager.reset();
            }
          }}
        >
          <TextField
            label={t("gov.property.withinDays")}
            name="withinDays"
            type="number"
            min={0}
            max={366}
            value={days}
            error={
              Number.isInteger(Number(days)) && Number(days) >= 0 && Number(days) <= 366
                ? undefined
                : t("gov.property.withinDaysError")
            }
            onChange={(e) => setDays(e.target.value)}
          />
          <Button type="submit" variant="secondary">
            {t("gov.apply")}
          </Button>
        </form>
        <DataTable
          caption={t("gov.property.alertsCaption", { days: withinDays })}
          columns={columns}
          rows={rows}
          getRowKey={(r) => r.service.id}
          loading={alerts.isPending || alerts.isPlaceholderData}
          error={alerts.isError ? errorText(t, alerts.error) : undefined}
          empty={t("gov.property.alertsEmpty")}
          sort={sort}
          onSortChange={setSort}
        />
        <Pager
          pager={pager}
          nextCursor={alerts.isPlaceholderData ? null : alerts.data?.nextCursor}
          label={t("gov.property.alertPages")}
        />
      </section>
      <CompoundFinder label={t("gov.property.find")} hrefOf={(id) => `/property/compounds/${id}`} />
    </div>
  );
}

type Service = Outputs["propertyServices"]["history"]["items"][number];

function CompoundPropertyPage() {
  const { t } = useI18n();
  const { compoundId = "" } = useParams();
  const trpc = useTRPC();
  const pager = useCursorPager();
  const compound = useQuery(trpc.registryAdmin.getCompound.queryOptions({ compoundId }));
  const history = useQuery({
    ...trpc.propertyServices.history.queryOptions({ compoundId, limit: 20, cursor: pager.cursor }),
    enabled: compound.isSuccess,
    placeholderData: keepPreviousData,
  });
  const name = compound.data?.name ?? "";
  useDocumentTitle(name ? t("gov.property.compoundTitle", { compound: name }) : t("gov.property.title"));
  if (compound.isPending) return <Loading />;
  if (compound.isError) return <LoadError error={compound.error} title={t("gov.loadError")} />;
  const current = pager.page === 1 ? history.data?.items.find((s) => s.endedOn === null) : undefined;
  const columns: DataTableColumn<Service>[] = [
    {
      key: "period",
      header: t("gov.property.period"),
      rowHeader: true,
      cell: (s) => t("gov.range", { from: s.startedOn, to: s.endedOn ?? t("gov.property.now") }),
    },
    { key: "mode", header: t("gov.property.mode"), cell: (s) => t(`gov.mode.${s.mode}`) },
    { key: "company", header: t("gov.property.company"), cell: (s) => s.companyName ?? "—" },
    {
      key: "contract",
      header: t("gov.property.contract"),
      cell: (s) =>
        s.contractStart || s.contractEnd
          ? t("gov.range", { from: s.contractStart ?? "—", to: s.contractEnd ?? "—" })
          : "—",
    },
    { key: "filed", header: t("gov.col.filedOn"), cell: (s) => s.filedOn ?? "—" },
  ];
  return (
    <div className="flex flex-col gap-6" data-testid="compound-property">
      <PageHeader
        className="mb-0"
        title={t("gov.property.compoundTitle", { compound: name })}
        intro={t("gov.compoundCommittees.intro", {
          code: compound.data.code,
          households: compound.data.households,
        })}
        actions={
          <Link to={`/committees/compounds/${compoundId}`} className={buttonClasses("secondary")}>
            {t("gov.compound.toCommittees")}
          </Link>
        }
      />
      <Card title={t("gov.property.current")}>
        {history.isPending ? (
          <Loading />
        ) : current ? (
          <p data-testid="property-current">
            {t(`gov.mode.${current.mode}`)}
            {current.companyName ? ` · ${current.companyName}` : ""} ·{" "}
            {t("gov.property.since", { date: current.startedOn })}
          </p>
        ) : (
          <p data-testid="property-current">{t("gov.property.noneYet")}</p>
        )}
      </Card>
      <section className="flex flex-col gap-3" data-testid="property-history">
        <DataTable
          caption={t("gov.property.history", { compound: name })}
          columns={columns}
          rows={history.data?.items}
          getRowKey={(s) => s.id}
          loading={history.isPending}
          error={history.isError ? errorText(t, history.error) : undefined}
          empty={t("gov.property.historyEmpty")}
        />
        <Pager pager={pager} nextCursor={history.data?.nextCursor} label={t("gov.property.historyPages")} />
      </section>
      <Card title={t("gov.property.setTitle")}>
        <SetServiceForm compoundId={compoundId} currentStartedOn={current?.startedOn} />
      </Card>
    </div>
  );
}

const fieldNames = ["mode", "companyName", "contractStart", "contractEnd", "filedOn", "startedOn"] as const;
type FieldName = (typeof fieldNames)[number];

function SetServiceForm({ compoundId, currentStartedOn }: { compoundId: string; currentStartedOn?: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<FieldName, string>>({
    mode: "professional",
    companyName: "",
    contractStart: "",
    contractEnd: "",
    filedOn: "",
    startedOn: beijingToday(),
  });
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [done, setDone] = useState(false);
  const set = useMutation(
    trpc.propertyServices.set.mutationOptions({
      onSuccess: async () => {
        setDone(true);
        await queryClient.invalidateQueries({ queryKey: trpc.propertyServices.pathKey() });
      },
      onError: (error) => {
        const field = (error as { data?: { params?: { field?: string } } }).data?.params?.field;
        if (field && (fieldNames as readonly string[]).includes(field))
          setErrors({ [field]: t(`gov.property.err.${field as FieldName}`) });
      },
    }),
  );
  const on = (k: FieldName) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [k]: e.target.value }));
    setDone(false);
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    const input = {
      compoundId,
      mode: values.mode as PropertyServiceMode,
      companyName: values.companyName.trim() || null,
      contractStart: values.contractStart || null,
      contractEnd: values.contractEnd || null,
      filedOn: values.filedOn || null,
      startedOn: values.startedOn,
    };
    const now = new Date();
    const check = propertyService.safeParse({
      ...input,
      id: "00000000-0000-4000-8000-000000000000",
      endedOn: null,
      createdAt: now,
      updatedAt: now,
    });
    const next: Partial<Record<FieldName, string>> = {};
    if (!check.success) {
      for (const issue of check.error.issues) {
        const f = String(issue.path[0] ?? "") as FieldName;
        if ((fieldNames as readonly string[]).includes(f)) next[f] ??= t(`gov.property.err.${f}`);
      }
    }
    if (currentStartedOn && values.startedOn && values.startedOn <= currentStartedOn)
      next.startedOn = t("gov.property.err.startsBeforeCurrent", { date: currentStartedOn });
    if (values.filedOn && values.contractStart && values.filedOn < values.contractStart)
      next.filedOn = t("gov.property.err.filedBeforeStart");
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    set.mutate(input);
  }

  const professional = values.mode === "professional";
  return (
    <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2" data-testid="property-form">
      {done ? (
        <Alert tone="success" className="sm:col-span-2">
          {t("gov.property.saved")}
        </Alert>
      ) : null}
      {set.isError && Object.keys(errors).length === 0 ? (
        <Alert tone="error" className="sm:col-span-2">
          {errorText(t, set.error)}
        </Alert>
      ) : null}
      <SelectField
        label={t("gov.property.mode")}
        name="mode"
        value={values.mode}
        onChange={on("mode")}
        error={errors.mode}
      >
        {propertyServiceModes.map((m) => (
          <option key={m} value={m}>
            {t(`gov.mode.${m}`)}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t("gov.property.company")}
        name="companyName"
        value={values.companyName}
        onChange={on("companyName")}
        error={errors.companyName}
        hint={professional ? t("gov.property.companyHint") : undefined}
      />
      <TextField
        label={t("gov.property.startedOn")}
        name="startedOn"
        type="date"
        value={values.startedOn}
        onChange={on("startedOn")}
        error={errors.startedOn}
      />
      <TextField
        label={t("gov.property.contractStart")}
        name="contractStart"
        type="date"
        value={values.contractStart}
        onChange={on("contractStart")}
        error={errors.contractStart}
      />
      <TextField
        label={t("gov.property.contractEnd")}
        name="contractEnd"
        type="date"
        value={values.contractEnd}
        onChange={on("contractEnd")}
        error={errors.contractEnd}
      />
      <TextField
        label={t("gov.col.filedOn")}
        name="filedOn"
        type="date"
        value={values.filedOn}
        onChange={on("filedOn")}
        error={errors.filedOn}
        hint={t("gov.property.filedHint")}
      />
      <div className="sm:col-span-2">
        <Button type="submit" loading={set.isPending}>
          {t("gov.property.set")}
        </Button>
      </div>
    </form>
  );
}
