/**
 * 受理 (console intake): street/district dispatch staff record a call to 12345 as an order
 * (`workOrders.create`) — type, category from the tree, the compound (searched by name or code within
 * their scope, as the console's other compound pickers do) and building, address, the request, the
 * requester's name and phone, and the channel. On success: the order's number and where the dispatch
 * catalogue (派单目录) sent it, or that it waits for a dispatcher.
 */
import { mainlandMobile, workOrder, workOrderTypes } from "@gongzhi/core";
import { Alert, Button, ErrorSummary, PageHeader, TextField, useI18n } from "@gongzhi/ui";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { Link } from "react-router";
import { errorText } from "../../lib/errors.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { type Outputs, useTRPC, useTRPCClient } from "../../trpc.ts";
import { useHomeUnit } from "../committees/shared.tsx";
import { Select, TextArea } from "../deliberation/common.tsx";
import { categoryPath } from "./model.ts";
import { useCategories, useDistrictUnits } from "./parts.tsx";

const channels = ["hotline_12345", "district_app", "other"] as const;
type Created = Outputs["workOrders"]["create"];

export default function IntakePage() {
  const { t, locale } = useI18n();
  const client = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const categories = useCategories();
  const [type, setType] = useState("");
  const [categoryId, setCategoryId] = useState("");
  const [compound, setCompound] = useState<{ id: string; name: string } | null>(null);
  const [buildingId, setBuildingId] = useState("");
  const [address, setAddress] = useState("");
  const [text, setText] = useState("");
  const [requesterName, setRequesterName] = useState("");
  const [requesterPhone, setRequesterPhone] = useState("");
  const [channel, setChannel] = useState<(typeof channels)[number]>("hotline_12345");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [apiError, setApiError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  useDocumentTitle(t("hotline.intake.title"));

  const buildings = useQuery({
    ...trpc.registryAdmin.listBuildings.queryOptions({ compoundId: compound?.id ?? "", limit: 100 }),
    enabled: !!compound,
  });

  function reset() {
    setType("");
    setCategoryId("");
    setCompound(null);
    setBuildingId("");
    setAddress("");
    setText("");
    setRequesterName("");
    setRequesterPhone("");
    setChannel("hotline_12345");
    setErrors({});
    setApiError(null);
    setCreated(null);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (!type) next.type = t("hotline.intake.typeRequired");
    if (!categoryId) next.categoryId = t("hotline.intake.categoryRequired");
    if (!compound) next.compound = t("hotline.intake.compoundRequired");
    if (!workOrder.shape.text.safeParse(text).success) next.text = t("hotline.intake.textRequired");
    if (requesterPhone.trim() && !mainlandMobile.safeParse(requesterPhone.trim()).success)
      next.requesterPhone = t("hotline.intake.phoneInvalid");
    if (requesterName.trim().length > 50) next.requesterName = t("hotline.intake.nameTooLong");
    setErrors(next);
    setApiError(null);
    if (Object.keys(next).length > 0 || !compound) return;
    setBusy(true);
    try {
      const r = await client.workOrders.create.mutate({
        type: type as (typeof workOrderTypes)[number],
        categoryId,
        compoundId: compound.id,
        buildingId: buildingId || null,
        address: address.trim(),
        text: text.trim(),
        channel,
        requesterName: requesterName.trim() || null,
        requesterPhone: requesterPhone.trim() || null,
      });
      setCreated(r);
      await queryClient.invalidateQueries({ queryKey: trpc.workOrders.list.pathKey() });
    } catch (err) {
      setApiError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  if (created) return <Created created={created} onAnother={reset} />;

  const summary = Object.entries(errors).map(([k, message]) => ({ href: `#field-${k}`, message }));
  const categoryOptions = (categories.data ?? [])
    .filter((c) => c.active)
    .map((c) => ({ value: c.id, label: categoryPath(categories.data ?? [], c.id, locale) }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
  return (
    <div className="flex flex-col gap-6" data-testid="intake-page">
      <PageHeader title={t("hotline.intake.title")} intro={t("hotline.intake.intro")} className="mb-0" />
      <form onSubmit={(e) => void submit(e)} noValidate className="flex max-w-3xl flex-col gap-5">
        {summary.length ? <ErrorSummary items={summary} /> : null}
        {apiError ? (
          <Alert tone="error" focusOnMount>
            {apiError}
          </Alert>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <Select
            name="type"
            label={t("hotline.col.type")}
            value={type}
            error={errors.type}
            onChange={(e) => setType(e.target.value)}
          >
            <option value="">{t("hotline.choose")}</option>
            {workOrderTypes.map((v) => (
              <option key={v} value={v}>
                {t(`hotline.type.${v}`)}
              </option>
            ))}
          </Select>
          <Select
            name="channel"
            label={t("hotline.intake.channel")}
            value={channel}
            onChange={(e) => setChannel(e.target.value as (typeof channels)[number])}
          >
            {channels.map((c) => (
              <option key={c} value={c}>
                {t(`hotline.channel.${c}`)}
              </option>
            ))}
          </Select>
        </div>
        <Select
          name="categoryId"
          label={t("hotline.col.category")}
          hint={t("hotline.intake.categoryHint")}
          value={categoryId}
          error={errors.categoryId}
          disabled={categories.isPending}
          onChange={(e) => setCategoryId(e.target.value)}
        >
          <option value="">{categories.isPending ? t("common.loading") : t("hotline.choose")}</option>
          {categoryOptions.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </Select>
        <CompoundPicker
          value={compound}
          error={errors.compound}
          onPick={(c) => {
            setCompound(c);
            setBuildingId("");
            if (c && !address.trim()) setAddress(c.name);
          }}
        />
        {compound ? (
          <Select
            name="buildingId"
            label={t("hotline.intake.building")}
            hint={t("hotline.intake.buildingHint")}
            value={buildingId}
            disabled={buildings.isPending}
            onChange={(e) => {
              setBuildingId(e.target.value);
              const b = buildings.data?.items.find((x) => x.id === e.target.value);
              if (b && (address.trim() === "" || address.trim() === compound.name))
                setAddress(`${compound.name} ${b.name}`);
            }}
          >
            <option value="">
              {buildings.isPending ? t("common.loading") : t("hotline.intake.noBuilding")}
            </option>
            {buildings.data?.items.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </Select>
        ) : null}
        <TextField
          name="address"
          label={t("hotline.intake.address")}
          hint={t("hotline.intake.addressHint")}
          value={address}
          maxLength={300}
          onChange={(e) => setAddress(e.target.value)}
        />
        <TextArea
          name="text"
          label={t("hotline.intake.text")}
          hint={t("hotline.intake.textHint")}
          value={text}
          error={errors.text}
          maxLength={5000}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            name="requesterName"
            label={t("hotline.intake.requesterName")}
            value={requesterName}
            error={errors.requesterName}
            autoComplete="off"
            onChange={(e) => setRequesterName(e.target.value)}
          />
          <TextField
            name="requesterPhone"
            label={t("hotline.intake.requesterPhone")}
            hint={t("hotline.intake.phoneHint")}
            inputMode="tel"
            autoComplete="off"
            value={requesterPhone}
            error={errors.requesterPhone}
            onChange={(e) => setRequesterPhone(e.target.value)}
          />
        </div>
        <div className="flex flex-wrap gap-3">
          <Button type="submit" loading={busy}>
            {t("hotline.intake.submit")}
          </Button>
          <Link to="/work-orders" className="inline-flex min-h-11 items-center px-2 text-brand-800 underline">
            {t("hotline.backToList")}
          </Link>
        </div>
      </form>
    </div>
  );
}

/** Search a compound of the staff member's scope by name or code; pick one of the results. */
function CompoundPicker({
  value,
  error,
  onPick,
}: {
  value: { id: string; name: string } | null;
  error?: string;
  onPick: (c: { id: string; name: string } | null) => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const home = useHomeUnit();
  const uid = useId();
  const [draft, setDraft] = useState("");
  const [search, setSearch] = useState<string | null>(null);
  const results = useQuery({
    ...trpc.registryAdmin.listCompounds.queryOptions({
      scopeLevel: home?.level ?? "district",
      scopeId: home?.id ?? "",
      search: search || undefined,
      limit: 20,
    }),
    enabled: !!home && search !== null,
    placeholderData: keepPreviousData,
  });
  if (value)
    return (
      <div className="flex flex-wrap items-center gap-3" id="field-compound" tabIndex={-1}>
        <span className="font-medium text-slate-900">{t("hotline.intake.compound")}:</span>
        <span data-testid="picked-compound">{value.name}</span>
        <Button variant="secondary" onClick={() => onPick(null)}>
          {t("hotline.intake.changeCompound")}
        </Button>
      </div>
    );
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby={error ? `${uid}-error` : undefined}>
      <legend className="font-medium text-slate-900">{t("hotline.intake.compound")}</legend>
      {error ? (
        <p id={`${uid}-error`} className="text-sm font-semibold text-red-800">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap items-end gap-2">
        <TextField
          name="compound"
          type="search"
          label={t("hotline.intake.compoundSearch")}
          value={draft}
          maxLength={100}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              setSearch(draft.trim());
            }
          }}
        />
        <Button variant="secondary" onClick={() => setSearch(draft.trim())}>
          {t("hotline.intake.find")}
        </Button>
      </div>
      {search === null ? null : results.isError ? (
        <p className="text-red-800">{errorText(t, results.error)}</p>
      ) : !results.data ? (
        <p>{t("common.loading")}</p>
      ) : results.data.items.length === 0 ? (
        <p>{t("hotline.intake.noCompound")}</p>
      ) : (
        <ul className="grid gap-1 sm:grid-cols-2" aria-label={t("hotline.intake.compoundResults")}>
          {results.data.items.map((c) => (
            <li key={c.id}>
              <Button variant="ghost" onClick={() => onPick({ id: c.id, name: c.name })}>
                {t("hotline.intake.pick", { name: `${c.name}（${c.code}）` })}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

function Created({ created, onAnother }: { created: Created; onAnother: () => void }) {
  const { t } = useI18n();
  const units = useDistrictUnits(created.order.districtId);
  const unit = created.dispatchedTo ? units.byId.get(created.dispatchedTo) : undefined;
  return (
    <section
      className="flex max-w-2xl flex-col gap-3 rounded-xl border-2 border-emerald-600 bg-emerald-50 p-5"
      aria-labelledby="intake-done"
      data-testid="intake-result"
    >
      <h1 id="intake-done" className="text-xl font-semibold text-slate-900">
        {t("hotline.intake.done", { number: created.order.number })}
      </h1>
      <p>
        {created.dispatchedTo
          ? t("hotline.intake.dispatchedTo", { unit: unit?.name ?? "…" })
          : t("hotline.intake.notDispatched")}
      </p>
      <div className="flex flex-wrap gap-3">
        <Link
          to={`/work-orders/${created.order.id}`}
          className="inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-4 font-medium text-white"
        >
          {t("hotline.intake.openOrder")}
        </Link>
        <Button variant="secondary" onClick={onAnother}>
          {t("hotline.intake.another")}
        </Button>
      </div>
    </section>
  );
}
