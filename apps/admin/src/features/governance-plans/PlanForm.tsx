import { governancePlanFields } from "@gongzhi/core";
import {
  Alert,
  Button,
  Card,
  ErrorState,
  ErrorSummary,
  Loading,
  PageHeader,
  TextField,
  useI18n,
} from "@gongzhi/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { errorText } from "../../lib/errors.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { useTRPC } from "../../trpc.ts";
import { LoadError, SelectField, useHomeUnit } from "../committees/shared.tsx";
import { type PlanUnit, type PlanView, planUnitOf, usePlanChoices } from "./data.ts";

const fields = [
  "title",
  "ownerUnitId",
  "startsOn",
  "endsOn",
  "description",
  "themeCategoryIds",
  "areas",
] as const;
type Field = (typeof fields)[number];
/** The form checks what core's entity checks (the API checks it again). */
const schema = governancePlanFields.pick({
  title: true,
  ownerUnitId: true,
  startsOn: true,
  endsOn: true,
  description: true,
  themeCategoryIds: true,
  areas: true,
});

/** /governance-plans/new and /governance-plans/:id/edit. */
export function PlanEditPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const trpc = useTRPC();
  const unit = planUnitOf(useHomeUnit());
  const existing = useQuery({ ...trpc.governancePlans.get.queryOptions({ id: id ?? "" }), enabled: !!id });
  useDocumentTitle(id ? t("plans.edit") : t("plans.new"));
  if (unit === undefined || (id && existing.isPending)) return <Loading />;
  if (unit === null)
    return (
      <ErrorState headingLevel={1} title={t("error.forbidden.title")} description={t("plans.forbidden")} />
    );
  if (id && existing.isError) return <LoadError error={existing.error} title={t("plans.loadError")} />;
  return (
    <div className="flex flex-col gap-6" data-testid="plan-edit">
      <PageHeader
        className="mb-0"
        title={existing.data ? t("plans.editOf", { title: existing.data.plan.title }) : t("plans.new")}
        actions={
          <Link to={existing.data ? `/governance-plans/${existing.data.plan.id}` : "/governance-plans"}>
            {t("plans.back")}
          </Link>
        }
      />
      <Card>
        <PlanForm key={existing.data?.plan.id ?? "new"} unit={unit} existing={existing.data} />
      </Card>
    </div>
  );
}

function PlanForm({ unit, existing }: { unit: PlanUnit; existing?: PlanView }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { places, units, categories } = usePlanChoices(unit);
  const p = existing?.plan;
  const [v, setV] = useState({
    title: p?.title ?? "",
    ownerUnitId: p?.ownerUnitId ?? "",
    startsOn: p?.startsOn ?? "",
    endsOn: p?.endsOn ?? "",
    description: p?.description ?? "",
  });
  const [themes, setThemes] = useState<string[]>(p?.themeCategoryIds ?? []);
  const [areas, setAreas] = useState<string[]>(p?.areas.map((a) => `${a.kind}:${a.id}`) ?? []);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [saved, setSaved] = useState(false);
  const onSuccess = async (r: PlanView) => {
    await queryClient.invalidateQueries({ queryKey: trpc.governancePlans.pathKey() });
    setSaved(true);
    void navigate(`/governance-plans/${r.plan.id}`);
  };
  const create = useMutation(trpc.governancePlans.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.governancePlans.update.mutationOptions({ onSuccess }));
  const mutation = existing ? update : create;
  if (places.isPending || categories.isPending) return <Loading />;

  // The lead unit: a unit the staff member covers (street staff: their street's units).
  const ownerChoices = (units.data ?? []).filter(
    (u) => unit.level === "district" || (u.area.kind === "subdistrict" && u.area.id === unit.id),
  );
  const areaChoices = places.data?.areas ?? [];
  const byParent = new Map<string | null, NonNullable<typeof categories.data>>();
  for (const c of categories.data ?? []) byParent.set(c.parentId, [...(byParent.get(c.parentId) ?? []), c]);
  const catName = (c: { nameZh: string; nameEn: string }) => (locale === "zh-CN" ? c.nameZh : c.nameEn);

  function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const input = {
      title: v.title.trim(),
      ownerUnitId: v.ownerUnitId,
      startsOn: v.startsOn,
      endsOn: v.endsOn,
      description: v.description.trim(),
      themeCategoryIds: themes,
      areas: areas.map((a) => {
        const [kind, id] = a.split(":") as ["district" | "subdistrict", string];
        return { kind, id };
      }),
    };
    const next: Partial<Record<Field, string>> = {};
    const check = schema.safeParse(input);
    if (!check.success)
      for (const issue of check.error.issues) {
        const f = String(issue.path[0]) as Field;
        if (fields.includes(f)) next[f] ??= t(`plans.err.${f}`);
      }
    if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) next.endsOn = t("plans.err.endsOn");
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    if (existing) {
      const { ownerUnitId: _owner, ...rest } = input;
      update.mutate({ id: existing.plan.id, ...rest });
    } else create.mutate(input);
  }
  const on = (k: keyof typeof v) => (e: { target: { value: string } }) =>
    setV((s) => ({ ...s, [k]: e.target.value }));
  const toggle = (list: string[], set: (x: string[]) => void, value: string) =>
    set(list.includes(value) ? list.filter((x) => x !== value) : [...list, value]);

  const themeBox = (c: { id: string; nameZh: string; nameEn: string }, depth: number) => (
    <label
      key={c.id}
      className="flex min-h-11 items-center gap-2"
      style={{ paddingInlineStart: `${depth * 1.5}rem` }}
    >
      <input
        type="checkbox"
        name="themeCategoryIds"
        value={c.id}
        checked={themes.includes(c.id)}
        onChange={() => toggle(themes, setThemes, c.id)}
        className="size-5"
      />
      {catName(c)}
    </label>
  );
  const tree = (parentId: string | null, depth: number): ReactNode[] =>
    (byParent.get(parentId) ?? []).flatMap((c) => [
      themeBox(c, depth),
      ...(depth < 1 ? tree(c.id, depth + 1) : []),
    ]);

  return (
    <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2" data-testid="plan-form">
      <ErrorSummary
        className="sm:col-span-2"
        items={Object.entries(errors).map(([k, m]) => ({ href: `#field-${k}`, message: m }))}
      />
      {saved ? (
        <Alert tone="success" className="sm:col-span-2">
          {t("plans.saved")}
        </Alert>
      ) : null}
      {mutation.isError ? (
        <Alert tone="error" className="sm:col-span-2">
          {errorText(t, mutation.error)}
        </Alert>
      ) : null}
      <TextField
        className="sm:col-span-2"
        label={t("plans.field.title")}
        name="title"
        value={v.title}
        maxLength={200}
        onChange={on("title")}
        error={errors.title}
      />
      <SelectField
        label={t("plans.field.owner")}
        name="ownerUnitId"
        value={v.ownerUnitId}
        onChange={on("ownerUnitId")}
        error={errors.ownerUnitId}
        disabled={!!existing}
      >
        <option value="">{t("plans.choose")}</option>
        {ownerChoices.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </SelectField>
      <div />
      <TextField
        label={t("plans.field.startsOn")}
        name="startsOn"
        type="date"
        value={v.startsOn}
        onChange={on("startsOn")}
        error={errors.startsOn}
      />
      <TextField
        label={t("plans.field.endsOn")}
        name="endsOn"
        type="date"
        value={v.endsOn}
        onChange={on("endsOn")}
        error={errors.endsOn}
      />
      <div className="flex flex-col gap-1 sm:col-span-2">
        <label htmlFor="field-description" className="font-medium text-slate-900">
          {t("plans.field.description")}
        </label>
        {errors.description ? <p className="text-sm font-medium text-red-800">{errors.description}</p> : null}
        <textarea
          id="field-description"
          name="description"
          rows={4}
          maxLength={5000}
          value={v.description}
          onChange={on("description")}
          className="rounded-lg border border-slate-500 px-3 py-2"
        />
      </div>
      <fieldset id="field-themeCategoryIds" className="flex flex-col gap-1 sm:col-span-2" tabIndex={-1}>
        <legend className="font-medium text-slate-900">{t("plans.field.themes")}</legend>
        {errors.themeCategoryIds ? (
          <p className="text-sm font-medium text-red-800">{errors.themeCategoryIds}</p>
        ) : null}
        <div className="grid max-h-80 gap-x-4 overflow-y-auto sm:grid-cols-2">{tree(null, 0)}</div>
      </fieldset>
      <fieldset id="field-areas" className="flex flex-col gap-1 sm:col-span-2" tabIndex={-1}>
        <legend className="font-medium text-slate-900">{t("plans.field.areas")}</legend>
        {errors.areas ? <p className="text-sm font-medium text-red-800">{errors.areas}</p> : null}
        <div className="grid gap-x-4 sm:grid-cols-3">
          {areaChoices.map((a) => {
            const key = `${a.kind}:${a.id}`;
            return (
              <label key={key} className="flex min-h-11 items-center gap-2">
                <input
                  type="checkbox"
                  name="areas"
                  value={key}
                  checked={areas.includes(key)}
                  onChange={() => toggle(areas, setAreas, key)}
                  className="size-5"
                />
                {a.kind === "district" ? t("plans.area.district") : a.name}
              </label>
            );
          })}
        </div>
      </fieldset>
      <div className="sm:col-span-2">
        <Button type="submit" loading={mutation.isPending}>
          {t("plans.save")}
        </Button>
      </div>
    </form>
  );
}
