/**
 * 户码 (household codes): pick a compound and a building, generate one code per unit (shown ONCE, with a
 * printable sheet), list codes with their status, revoke an unused one (with confirmation).
 */
import { Alert, Button, DataTable, Loading, PageHeader, TextField, useI18n } from "@gongzhi/ui";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, Route, Routes, useParams } from "react-router";
import { errorText } from "../../lib/errors.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { NotFoundPage } from "../../pages/NotFound.tsx";
import { type Outputs, useTRPC, useTRPCClient } from "../../trpc.ts";
import { useBuildingName } from "../registry/CompoundPage.tsx";
import { useHomeScope } from "../registry/model.ts";
import { LoadFailure, Pager, useCursorPager } from "../registry/shared.tsx";
import { printCodeSheet } from "./print.ts";

type Generated = Outputs["households"]["generateForBuilding"];
type Code = Outputs["households"]["listForBuilding"]["items"][number];

export default function HouseholdCodesPage() {
  return (
    <Routes>
      <Route index element={<PickCompound />} />
      <Route path="compounds/:compoundId" element={<PickBuilding />} />
      <Route path="compounds/:compoundId/buildings/:buildingId" element={<BuildingCodes />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

function PickCompound() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const home = useHomeScope();
  const pager = useCursorPager();
  const [draft, setDraft] = useState("");
  const [search, setSearch] = useState("");
  useDocumentTitle(t("adminHouseholds.title"));
  const list = useQuery({
    ...trpc.registryAdmin.listCompounds.queryOptions({
      scopeLevel: home?.level ?? "community",
      scopeId: home?.id ?? "",
      limit: 20,
      cursor: pager.cursor,
      ...(search ? { search } : {}),
    }),
    enabled: !!home,
    placeholderData: keepPreviousData,
  });
  if (home === undefined) return <Loading />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSearch(draft.trim());
    pager.reset();
  };
  return (
    <div className="flex flex-col gap-4" data-testid="codes-compounds">
      <PageHeader title={t("adminHouseholds.title")} intro={t("adminHouseholds.intro")} className="mb-0" />
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
        <TextField
          name="search"
          type="search"
          label={t("adminRegistry.search")}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          className="min-w-48 flex-1"
        />
        <Button type="submit">{t("adminRegistry.applyFilters")}</Button>
      </form>
      <DataTable
        caption={t("adminHouseholds.pickCompound")}
        columns={[
          { key: "code", header: t("adminRegistry.col.code"), cell: (r) => r.code },
          {
            key: "name",
            header: t("adminRegistry.col.name"),
            rowHeader: true,
            cell: (r) => (
              <Link to={`/household-codes/compounds/${r.id}`} className="text-brand-800 underline">
                {r.name}
              </Link>
            ),
          },
        ]}
        rows={list.data?.items}
        getRowKey={(r) => r.id}
        loading={list.isPending && !!home}
        error={list.isError ? errorText(t, list.error) : undefined}
        empty={t("adminRegistry.compounds.empty")}
      />
      <Pager pager={pager} nextCursor={list.data?.nextCursor} label={t("adminHouseholds.pickCompound")} />
    </div>
  );
}

function PickBuilding() {
  const { t } = useI18n();
  const { compoundId = "" } = useParams();
  const trpc = useTRPC();
  const pager = useCursorPager();
  const compound = useQuery({ ...trpc.registryAdmin.getCompound.queryOptions({ compoundId }), retry: false });
  const list = useQuery({
    ...trpc.registryAdmin.listBuildings.queryOptions({ compoundId, limit: 50, cursor: pager.cursor }),
    retry: false,
  });
  useDocumentTitle(compound.data ? t("adminHouseholds.titleFor", { name: compound.data.name }) : undefined);
  if (compound.isError) return <LoadFailure error={compound.error} />;
  if (compound.isPending) return <Loading />;
  return (
    <div className="flex flex-col gap-4" data-testid="codes-buildings">
      <nav aria-label={t("adminRegistry.breadcrumbs")}>
        <Link to="/household-codes" className="text-brand-800 underline">
          {t("adminHouseholds.title")}
        </Link>
      </nav>
      <PageHeader title={t("adminHouseholds.titleFor", { name: compound.data.name })} className="mb-0" />
      <DataTable
        caption={t("adminHouseholds.pickBuilding")}
        columns={[
          { key: "code", header: t("adminRegistry.col.code"), cell: (r) => r.code },
          {
            key: "name",
            header: t("adminRegistry.col.name"),
            rowHeader: true,
            cell: (r) => (
              <Link
                to={`/household-codes/compounds/${compoundId}/buildings/${r.id}`}
                className="text-brand-800 underline"
              >
                {r.name}
              </Link>
            ),
          },
        ]}
        rows={list.data?.items}
        getRowKey={(r) => r.id}
        loading={list.isPending}
        error={list.isError ? errorText(t, list.error) : undefined}
        empty={t("adminRegistry.buildings.empty")}
      />
      <Pager pager={pager} nextCursor={list.data?.nextCursor} label={t("adminHouseholds.pickBuilding")} />
    </div>
  );
}

function BuildingCodes() {
  const { t, formatDateTime } = useI18n();
  const { compoundId = "", buildingId = "" } = useParams();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const pager = useCursorPager();
  const compound = useQuery({ ...trpc.registryAdmin.getCompound.queryOptions({ compoundId }), retry: false });
  const buildingName = useBuildingName(compoundId, buildingId);
  const codes = useQuery({
    ...trpc.households.listForBuilding.queryOptions({ buildingId, limit: 50, cursor: pager.cursor }),
    retry: false,
  });
  const [validDays, setValidDays] = useState("60");
  const [generated, setGenerated] = useState<Generated | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Code | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const title = buildingName.data
    ? t("adminHouseholds.buildingTitle", { compound: compound.data?.name ?? "", building: buildingName.data })
    : t("adminHouseholds.title");
  useDocumentTitle(title);

  if (compound.isError) return <LoadFailure error={compound.error} />;
  if (codes.isError && !codes.data) return <LoadFailure error={codes.error} />;
  if (compound.isPending || buildingName.isPending) return <Loading />;
  if (buildingName.data === null) return <NotFoundPage />;
  const days = Number(validDays);
  const daysValid = /^\d+$/.test(validDays) && days >= 1 && days <= 365;

  async function generate(e: FormEvent) {
    e.preventDefault();
    if (!daysValid) return;
    setBusy(true);
    setError(null);
    try {
      const result = await client.households.generateForBuilding.mutate({ buildingId, validDays: days });
      setGenerated(result);
      pager.reset();
      await queryClient.invalidateQueries({ queryKey: trpc.households.listForBuilding.pathKey() });
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  async function revoke(code: Code) {
    setError(null);
    try {
      await client.households.revoke.mutate({ codeId: code.id });
      setConfirming(null);
      setNotice(t("adminHouseholds.revoked", { unit: code.unitNumber }));
      await queryClient.invalidateQueries({ queryKey: trpc.households.listForBuilding.pathKey() });
    } catch (err) {
      setConfirming(null);
      setError(errorText(t, err));
    }
  }

  const print = () =>
    generated &&
    printCodeSheet({
      compound: compound.data?.name ?? "",
      building: generated.buildingName,
      expiresAt: formatDateTime(generated.expiresAt),
      codes: generated.codes,
    });

  return (
    <div className="flex flex-col gap-6" data-testid="codes-building">
      <nav aria-label={t("adminRegistry.breadcrumbs")}>
        <ol className="flex flex-wrap gap-2">
          <li>
            <Link to="/household-codes" className="text-brand-800 underline">
              {t("adminHouseholds.title")}
            </Link>
          </li>
          <li className="flex gap-2">
            <span aria-hidden="true">/</span>
            <Link to={`/household-codes/compounds/${compoundId}`} className="text-brand-800 underline">
              {compound.data.name}
            </Link>
          </li>
        </ol>
      </nav>
      <PageHeader title={title} intro={t("adminHouseholds.buildingIntro")} className="mb-0" />
      {error ? (
        <Alert tone="error" focusOnMount>
          {error}
        </Alert>
      ) : null}
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      <form
        onSubmit={(e) => void generate(e)}
        noValidate
        className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4"
      >
        <TextField
          name="validDays"
          label={t("adminHouseholds.validDays")}
          hint={t("adminHouseholds.validDaysHint")}
          inputMode="numeric"
          value={validDays}
          error={daysValid ? undefined : t("adminHouseholds.validDaysInvalid")}
          onChange={(e) => setValidDays(e.target.value)}
        />
        <Button type="submit" loading={busy} disabled={!daysValid}>
          {t("adminHouseholds.generate")}
        </Button>
      </form>
      {generated ? (
        <section
          className="flex flex-col gap-3 rounded-xl border-2 border-amber-400 bg-amber-50 p-4"
          aria-labelledby="generated-title"
          data-testid="generated-codes"
        >
          <h2 id="generated-title" className="text-lg font-semibold text-slate-900">
            {t("adminHouseholds.generatedTitle", { count: generated.codes.length })}
          </h2>
          <p className="text-slate-900">{t("adminHouseholds.onceWarning")}</p>
          <div className="flex flex-wrap gap-3">
            <Button onClick={print}>{t("adminHouseholds.print")}</Button>
            <Button variant="secondary" onClick={() => setGenerated(null)}>
              {t("adminHouseholds.hideCodes")}
            </Button>
          </div>
          <DataTable
            caption={t("adminHouseholds.generatedCaption", { expires: formatDateTime(generated.expiresAt) })}
            columns={[
              {
                key: "unit",
                header: t("adminRegistry.col.unitNumber"),
                rowHeader: true,
                cell: (c) => c.unitNumber,
              },
              {
                key: "code",
                header: t("adminHouseholds.col.code"),
                cell: (c) => <span className="font-mono text-lg tracking-wider">{c.code}</span>,
              },
            ]}
            rows={generated.codes}
            getRowKey={(c) => c.unitId}
          />
        </section>
      ) : null}
      {confirming ? (
        <div
          role="alertdialog"
          aria-labelledby="confirm-revoke"
          className="rounded-xl border-2 border-red-300 bg-red-50 p-4"
        >
          <p id="confirm-revoke" className="mb-3 font-semibold text-red-900">
            {t("adminHouseholds.confirmRevoke", { unit: confirming.unitNumber })}
          </p>
          <div className="flex flex-wrap gap-3">
            <Button variant="danger" autoFocus onClick={() => void revoke(confirming)}>
              {t("adminHouseholds.revokeConfirm")}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(null)}>
              {t("adminRegistry.form.cancel")}
            </Button>
          </div>
        </div>
      ) : null}
      <DataTable
        caption={t("adminHouseholds.listCaption")}
        columns={[
          {
            key: "unit",
            header: t("adminRegistry.col.unitNumber"),
            rowHeader: true,
            cell: (c) => c.unitNumber,
          },
          {
            key: "status",
            header: t("adminHouseholds.col.status"),
            cell: (c) => <span data-status={c.status}>{t(`adminHouseholds.status.${c.status}`)}</span>,
          },
          {
            key: "created",
            header: t("adminHouseholds.col.created"),
            cell: (c) => formatDateTime(c.createdAt),
          },
          {
            key: "expires",
            header: t("adminHouseholds.col.expires"),
            cell: (c) => formatDateTime(c.expiresAt),
          },
          {
            key: "used",
            header: t("adminHouseholds.col.used"),
            cell: (c) =>
              c.usedAt ? formatDateTime(c.usedAt) : c.revokedAt ? formatDateTime(c.revokedAt) : "—",
          },
          {
            key: "actions",
            header: t("adminRegistry.col.actions"),
            cell: (c) =>
              c.status === "unused" ? (
                <Button
                  variant="ghost"
                  onClick={() => setConfirming(c)}
                  aria-label={t("adminHouseholds.revokeOf", { unit: c.unitNumber })}
                >
                  {t("adminHouseholds.revoke")}
                </Button>
              ) : (
                "—"
              ),
          },
        ]}
        rows={codes.data?.items}
        getRowKey={(c) => c.id}
        loading={codes.isPending}
        error={codes.isError ? errorText(t, codes.error) : undefined}
        empty={t("adminHouseholds.empty")}
      />
      <Pager pager={pager} nextCursor={codes.data?.nextCursor} label={t("adminHouseholds.listCaption")} />
    </div>
  );
}
