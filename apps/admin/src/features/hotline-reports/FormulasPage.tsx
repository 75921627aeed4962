/**
 * 考评公式 — the versions of the hotline rate formula (weights of 响应 / 解决 / 满意, the factor of 基本满意,
 * the exclusions), and a form for a new version (district staff). Versions are never edited: the city
 * changes the formula, the district adds a version, and every figure names the version it used.
 */
import { hotlineRateExclusions } from "@gongzhi/core";
import {
  Alert,
  Button,
  DataTable,
  type DataTableColumn,
  formatDay,
  Loading,
  PageHeader,
  TextField,
  useI18n,
} from "@gongzhi/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { errorText } from "../../lib/errors.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { type Outputs, useTRPC } from "../../trpc.ts";
import { ReportError, useCanManage } from "./shared.tsx";

type Formula = Outputs["workOrders"]["formulas"]["list"][number];
type Exclusion = (typeof hotlineRateExclusions)[number];

/** "10" or "12.5" (percent, ≤ 2 decimals) → basis points; null when not a percent 0–100. */
export function percentToBp(v: string): number | null {
  const s = v.trim();
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(s)) return null;
  const bp = Math.round(Number(s) * 100);
  return bp <= 10_000 ? bp : null;
}
const bpText = (bp: number) => `${bp / 100}%`;

export function FormulasPage({ districtId }: { districtId: string }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const canManage = useCanManage();
  const list = useQuery(trpc.workOrders.formulas.list.queryOptions({}));
  useDocumentTitle(t("hotline.formulas.title"));
  const columns: DataTableColumn<Formula>[] = [
    { key: "version", header: t("hotline.formulas.version"), rowHeader: true, cell: (f) => f.version },
    { key: "name", header: t("hotline.formulas.name"), cell: (f) => f.name },
    {
      key: "valid",
      header: t("hotline.formulas.valid"),
      cell: (f) =>
        f.validTo
          ? `${formatDay(locale, f.validFrom)} – ${formatDay(locale, f.validTo)}`
          : t("hotline.formulas.from", { date: formatDay(locale, f.validFrom) }),
    },
    {
      key: "weights",
      header: t("hotline.formulas.weights"),
      cell: (f) =>
        t("hotline.formulas.weightsText", {
          response: bpText(f.weights.response),
          resolution: bpText(f.weights.resolution),
          satisfaction: bpText(f.weights.satisfaction),
        }),
    },
    {
      key: "factor",
      header: t("hotline.formulas.factor"),
      align: "end",
      cell: (f) => (f.basicallySatisfiedFactor / 10_000).toString(),
    },
    {
      key: "exclusions",
      header: t("hotline.formulas.exclusions"),
      cell: (f) =>
        f.exclusions.length
          ? f.exclusions.map((x) => t(`hotline.exclusion.${x}`)).join("、")
          : t("hotline.formulas.none"),
    },
    { key: "source", header: t("hotline.formulas.source"), cell: (f) => f.source ?? "—" },
  ];
  return (
    <div className="flex flex-col gap-6" data-testid="hotline-formulas">
      <PageHeader className="mb-0" title={t("hotline.formulas.title")} intro={t("hotline.formulas.intro")} />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ReportError error={list.error} title={t("hotline.loadError")} onRetry={() => void list.refetch()} />
      ) : (
        <DataTable
          caption={t("hotline.formulas.caption")}
          columns={columns}
          rows={list.data}
          getRowKey={(f) => f.id}
          empty={t("hotline.formulas.empty")}
        />
      )}
      {canManage ? <FormulaForm districtId={districtId} /> : null}
    </div>
  );
}

type Field =
  | "version"
  | "name"
  | "validFrom"
  | "validTo"
  | "response"
  | "resolution"
  | "satisfaction"
  | "factor";

function FormulaForm({ districtId }: { districtId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [v, setV] = useState<Record<Field, string>>({
    version: "",
    name: "",
    validFrom: "",
    validTo: "",
    response: "10",
    resolution: "50",
    satisfaction: "40",
    factor: "0.9",
  });
  const [exclusions, setExclusions] = useState<Exclusion[]>([...hotlineRateExclusions]);
  const [source, setSource] = useState("");
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation(
    trpc.workOrders.formulas.create.mutationOptions({
      onSuccess: (f) => {
        setCreated(f.version);
        void qc.invalidateQueries({ queryKey: trpc.workOrders.formulas.list.queryKey() });
      },
    }),
  );
  const field = (k: Field) => ({
    name: k,
    value: v[k],
    error: errors[k],
    onChange: (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value })),
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setCreated(null);
    const next: Partial<Record<Field, string>> = {};
    if (!/^[0-9A-Za-z_-]{1,40}$/.test(v.version.trim())) next.version = t("hotline.formulas.err.version");
    if (!v.name.trim()) next.name = t("hotline.formulas.err.name");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.validFrom)) next.validFrom = t("hotline.formulas.err.date");
    if (v.validTo && (!/^\d{4}-\d{2}-\d{2}$/.test(v.validTo) || v.validTo < v.validFrom))
      next.validTo = t("hotline.formulas.err.validTo");
    const w = {
      response: percentToBp(v.response),
      resolution: percentToBp(v.resolution),
      satisfaction: percentToBp(v.satisfaction),
    };
    for (const k of ["response", "resolution", "satisfaction"] as const)
      if (w[k] === null) next[k] = t("hotline.formulas.err.percent");
    if (w.response !== null && w.resolution !== null && w.satisfaction !== null)
      if (w.response + w.resolution + w.satisfaction !== 10_000)
        next.satisfaction = t("hotline.formulas.err.sum");
    const factor = /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/.test(v.factor.trim())
      ? Math.round(Number(v.factor) * 10_000)
      : null;
    if (factor === null) next.factor = t("hotline.formulas.err.factor");
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    create.mutate({
      districtId,
      formula: {
        version: v.version.trim(),
        name: v.name.trim(),
        validFrom: v.validFrom,
        validTo: v.validTo || null,
        weights: { response: w.response!, resolution: w.resolution!, satisfaction: w.satisfaction! },
        basicallySatisfiedFactor: factor!,
        exclusions,
        source: source.trim() || null,
      },
    });
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="formula-form"
      className="flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-4"
      data-testid="formula-form"
    >
      <h2 id="formula-form" className="text-lg font-semibold text-slate-900">
        {t("hotline.formulas.new")}
      </h2>
      <p className="text-sm text-slate-700">{t("hotline.formulas.newIntro")}</p>
      {created ? (
        <Alert tone="success" focusOnMount>
          {t("hotline.formulas.created", { version: created })}
        </Alert>
      ) : null}
      {create.isError ? (
        <Alert tone="error" focusOnMount>
          {errorText(t, create.error)}
        </Alert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label={t("hotline.formulas.version")}
          hint={t("hotline.formulas.versionHint")}
          {...field("version")}
        />
        <TextField label={t("hotline.formulas.name")} {...field("name")} />
        <TextField label={t("hotline.formulas.validFrom")} type="date" {...field("validFrom")} />
        <TextField
          label={t("hotline.formulas.validTo")}
          hint={t("hotline.formulas.validToHint")}
          type="date"
          {...field("validTo")}
        />
      </div>
      <fieldset className="grid gap-4 sm:grid-cols-4">
        <legend className="mb-2 font-medium text-slate-900">{t("hotline.formulas.weightsLegend")}</legend>
        <TextField label={t("hotline.rate.response")} inputMode="decimal" {...field("response")} />
        <TextField label={t("hotline.rate.resolution")} inputMode="decimal" {...field("resolution")} />
        <TextField label={t("hotline.rate.satisfaction")} inputMode="decimal" {...field("satisfaction")} />
        <TextField
          label={t("hotline.formulas.factor")}
          hint={t("hotline.formulas.factorHint")}
          inputMode="decimal"
          {...field("factor")}
        />
      </fieldset>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 font-medium text-slate-900">{t("hotline.formulas.exclusions")}</legend>
        {hotlineRateExclusions.map((x) => (
          <label key={x} className="inline-flex min-h-11 items-center gap-2">
            <input
              type="checkbox"
              className="h-5 w-5"
              name="exclusions"
              value={x}
              checked={exclusions.includes(x)}
              onChange={(e) =>
                setExclusions((cur) => (e.target.checked ? [...cur, x] : cur.filter((y) => y !== x)))
              }
            />
            {t(`hotline.exclusion.${x}`)}
          </label>
        ))}
      </fieldset>
      <TextField
        label={t("hotline.formulas.source")}
        name="source"
        value={source}
        onChange={(e) => setSource(e.target.value)}
      />
      <div>
        <Button type="submit" loading={create.isPending}>
          {t("hotline.formulas.submit")}
        </Button>
      </div>
    </form>
  );
}
