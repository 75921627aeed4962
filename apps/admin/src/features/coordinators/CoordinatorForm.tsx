import { type CoordinatorStatus, coordinator, coordinatorStatuses, genders } from "@gongzhi/core";
import { Alert, Button, Card, ErrorSummary, Loading, PageHeader, TextField, useI18n } from "@gongzhi/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate, useParams } from "react-router";
import { errorText } from "../../lib/errors.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { type Outputs, useTRPC } from "../../trpc.ts";
import { LoadError, SelectField, useHomeUnit } from "../committees/shared.tsx";
import { usePlaces } from "./data.ts";

const fields = [
  "name",
  "gender",
  "birthYear",
  "phone",
  "idNumber",
  "categoryId",
  "employerDepartment",
  "communityId",
  "hiredOn",
] as const;
type Field = (typeof fields)[number];
const schema = coordinator.pick({
  name: true,
  gender: true,
  birthYear: true,
  phone: true,
  idNumber: true,
  categoryId: true,
  employerDepartment: true,
  communityId: true,
  hiredOn: true,
});

/** /coordinators/new and /coordinators/:id: create or edit (the masked phone and ID stay unless retyped). */
export function CoordinatorEditPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const trpc = useTRPC();
  const existing = useQuery({ ...trpc.coordinators.get.queryOptions({ id: id ?? "" }), enabled: !!id });
  useDocumentTitle(id ? t("gov.coord.edit") : t("gov.coord.new"));
  if (id && existing.isPending) return <Loading />;
  if (id && existing.isError) return <LoadError error={existing.error} title={t("gov.loadError")} />;
  return (
    <div className="flex flex-col gap-6" data-testid="coordinator-edit">
      <PageHeader
        className="mb-0"
        title={id ? t("gov.coord.editOf", { name: existing.data?.name ?? "" }) : t("gov.coord.new")}
      />
      <Card>
        <CoordinatorForm key={existing.data?.id ?? "new"} existing={existing.data} />
      </Card>
      {existing.data ? <StatusCard c={existing.data} /> : null}
    </div>
  );
}

type Coordinator = Outputs["coordinators"]["get"];

function CoordinatorForm({ existing }: { existing?: Coordinator }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const unit = useHomeUnit();
  const places = usePlaces(unit);
  const categories = useQuery(trpc.coordinators.categories.queryOptions());
  const [v, setV] = useState<Record<Field, string>>({
    name: existing?.name ?? "",
    gender: existing?.gender ?? "female",
    birthYear: existing ? String(existing.birthYear) : "",
    phone: "",
    idNumber: "",
    categoryId: existing?.categoryId ?? "",
    employerDepartment: existing?.employerDepartment ?? "",
    communityId: existing?.communityId ?? (unit?.level === "community" ? unit.id : ""),
    hiredOn: existing?.hiredOn ?? "",
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [saved, setSaved] = useState(false);
  const onSuccess = async (c: Coordinator) => {
    await queryClient.invalidateQueries({ queryKey: trpc.coordinators.pathKey() });
    setSaved(true);
    if (!existing) void navigate(`/coordinators/${c.id}`);
  };
  const create = useMutation(trpc.coordinators.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.coordinators.update.mutationOptions({ onSuccess }));
  const communityId =
    v.communityId || (places.data?.communities.length === 1 ? places.data.communities[0]!.id : "");

  function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const input = {
      name: v.name.trim(),
      gender: v.gender,
      birthYear: Number(v.birthYear),
      phone: v.phone.trim() || (existing ? "13900000000" : ""),
      idNumber: v.idNumber.trim().toUpperCase() || (existing ? "110000200001010000" : ""),
      categoryId: v.categoryId,
      employerDepartment: v.employerDepartment.trim(),
      communityId,
      hiredOn: v.hiredOn,
    };
    const check = schema.safeParse(input);
    const next: Partial<Record<Field, string>> = {};
    if (!check.success) {
      for (const issue of check.error.issues) {
        const f = String(issue.path[0]) as Field;
        next[f] ??= t(`gov.coordErr.${f}`);
      }
    }
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    if (existing) {
      update.mutate({
        id: existing.id,
        name: input.name,
        gender: input.gender as "male" | "female",
        birthYear: input.birthYear,
        categoryId: input.categoryId,
        employerDepartment: input.employerDepartment,
        communityId: input.communityId,
        hiredOn: input.hiredOn,
        ...(v.phone.trim() ? { phone: input.phone } : {}),
        ...(v.idNumber.trim() ? { idNumber: input.idNumber } : {}),
      });
    } else {
      create.mutate({ ...input, gender: input.gender as "male" | "female" });
    }
  }
  const on = (k: Field) => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));
  const mutation = existing ? update : create;
  const keepHint = existing ? t("gov.coord.keepHint") : undefined;

  return (
    <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2" data-testid="coordinator-form">
      <ErrorSummary
        className="sm:col-span-2"
        items={Object.entries(errors).map(([k, m]) => ({ href: `#field-${k}`, message: m }))}
      />
      {saved ? (
        <Alert tone="success" className="sm:col-span-2">
          {t("gov.saved")}
        </Alert>
      ) : null}
      {mutation.isError ? (
        <Alert tone="error" className="sm:col-span-2">
          {errorText(t, mutation.error)}
        </Alert>
      ) : null}
      <TextField
        label={t("gov.col.name")}
        name="name"
        value={v.name}
        onChange={on("name")}
        error={errors.name}
      />
      <SelectField
        label={t("gov.coord.gender")}
        name="gender"
        value={v.gender}
        onChange={on("gender")}
        error={errors.gender}
      >
        {genders.map((g) => (
          <option key={g} value={g}>
            {t(`gov.gender.${g}`)}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t("gov.coord.birthYear")}
        name="birthYear"
        inputMode="numeric"
        value={v.birthYear}
        onChange={on("birthYear")}
        error={errors.birthYear}
      />
      <TextField
        label={t("gov.coord.phone")}
        name="phone"
        inputMode="tel"
        autoComplete="off"
        value={v.phone}
        placeholder={existing?.phone}
        hint={keepHint}
        onChange={on("phone")}
        error={errors.phone}
      />
      <TextField
        label={t("gov.coord.idNumber")}
        name="idNumber"
        autoComplete="off"
        value={v.idNumber}
        placeholder={existing?.idNumber}
        hint={keepHint}
        onChange={on("idNumber")}
        error={errors.idNumber}
      />
      <SelectField
        label={t("gov.coord.category")}
        name="categoryId"
        value={v.categoryId}
        onChange={on("categoryId")}
        error={errors.categoryId}
      >
        <option value="">{t("gov.choose")}</option>
        {categories.data?.map((c) => (
          <option key={c.id} value={c.id}>
            {locale === "zh-CN" ? c.nameZh : c.nameEn}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t("gov.coord.employer")}
        name="employerDepartment"
        value={v.employerDepartment}
        onChange={on("employerDepartment")}
        error={errors.employerDepartment}
      />
      <SelectField
        label={t("gov.coord.community")}
        name="communityId"
        value={communityId}
        onChange={on("communityId")}
        error={errors.communityId}
      >
        <option value="">{t("gov.choose")}</option>
        {places.data?.communities.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t("gov.coord.hiredOn")}
        name="hiredOn"
        type="date"
        value={v.hiredOn}
        onChange={on("hiredOn")}
        error={errors.hiredOn}
      />
      <div className="sm:col-span-2">
        <Button type="submit" loading={mutation.isPending}>
          {existing ? t("gov.save") : t("gov.coord.create")}
        </Button>
      </div>
    </form>
  );
}

function StatusCard({ c }: { c: Coordinator }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<CoordinatorStatus>(c.status);
  const [confirming, setConfirming] = useState(false);
  const set = useMutation(
    trpc.coordinators.setStatus.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await queryClient.invalidateQueries({ queryKey: trpc.coordinators.pathKey() });
      },
    }),
  );
  return (
    <Card title={t("gov.coord.statusTitle")}>
      <div className="flex flex-wrap items-end gap-3">
        <SelectField
          label={t("gov.col.status")}
          name="status"
          value={status}
          onChange={(e) => setStatus(e.target.value as CoordinatorStatus)}
        >
          {coordinatorStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`gov.coordStatus.${s}`)}
            </option>
          ))}
        </SelectField>
        <Button
          variant={status === "left" ? "danger" : "secondary"}
          disabled={status === c.status}
          loading={set.isPending}
          onClick={() => (status === "left" ? setConfirming(true) : set.mutate({ id: c.id, status }))}
        >
          {t("gov.coord.setStatus")}
        </Button>
      </div>
      {confirming ? (
        <div
          role="alertdialog"
          aria-labelledby="confirm-left"
          className="mt-3 rounded-lg border border-amber-400 bg-amber-50 p-3"
        >
          <p id="confirm-left">{t("gov.coord.confirmLeft", { name: c.name })}</p>
          <div className="mt-2 flex gap-2">
            <Button variant="danger" onClick={() => set.mutate({ id: c.id, status })}>
              {t("gov.lifecycle.confirmYes")}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              {t("gov.cancel")}
            </Button>
          </div>
        </div>
      ) : null}
      {set.isSuccess ? (
        <p role="status" className="mt-2">
          {t("gov.saved")}
        </p>
      ) : null}
      {set.isError ? (
        <Alert tone="error" className="mt-2">
          {errorText(t, set.error)}
        </Alert>
      ) : null}
    </Card>
  );
}
