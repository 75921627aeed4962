/** A compound: its record (editable), its buildings, and a building's units (areas in m², 2 decimals). */
import { building, type CoOwnerBallotRule, coOwnerBallotRules } from "@gongzhi/core";
import { Alert, Button, DataTable, Loading, PageHeader, useI18n } from "@gongzhi/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, Route, Routes, useParams } from "react-router";
import { errorCode, errorText } from "../../lib/errors.ts";
import { type SortKeys, useUrlSort } from "../../lib/sort.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { NotFoundPage } from "../../pages/NotFound.tsx";
import { type Outputs, useTRPC, useTRPCClient } from "../../trpc.ts";
import {
  compoundFieldSchema,
  compoundFormValues,
  compoundInput,
  useCompoundFields,
} from "./CompoundsPanel.tsx";
import { EntityForm } from "./EntityForm.tsx";
import type { CompoundType } from "./model.ts";
import { RecordLine } from "./RegistryPage.tsx";
import { areaText, LoadFailure, Pager, parseAreaM2, useCursorPager } from "./shared.tsx";
import { ExportUnitsButton, ImportUnitsLink } from "./UnitsExport.tsx";

type Building = Outputs["registryAdmin"]["listBuildings"]["items"][number];
type Unit = Outputs["registryAdmin"]["listUnits"]["items"][number];

const buildingSortKeys = ["code", "name"] as const satisfies readonly SortKeys<
  "registryAdmin",
  "listBuildings"
>[];
const unitSortKeys = [
  "number",
  "registeredArea",
  "surveyedArea",
  "contractArea",
] as const satisfies readonly SortKeys<"registryAdmin", "listUnits">[];

export default function CompoundPage() {
  const { compoundId } = useParams();
  if (!compoundId) return <NotFoundPage />;
  return (
    <Routes>
      <Route index element={<CompoundView compoundId={compoundId} />} />
      <Route path="buildings/:buildingId" element={<BuildingView compoundId={compoundId} />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

function useCompound(compoundId: string) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.registryAdmin.getCompound.queryOptions({ compoundId }), retry: false });
}

function Crumbs({ items }: { items: { to?: string; label: string }[] }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t("adminRegistry.breadcrumbs")}>
      <ol className="flex flex-wrap gap-2 text-slate-700">
        {items.map((item, i) => (
          <li key={item.label} className="flex gap-2">
            {i > 0 ? <span aria-hidden="true">/</span> : null}
            {item.to ? (
              <Link to={item.to} className="text-brand-800 underline">
                {item.label}
              </Link>
            ) : (
              <span aria-current="page">{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function CompoundView({ compoundId }: { compoundId: string }) {
  const { t, formatNumber } = useI18n();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const compound = useCompound(compoundId);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const fields = useCompoundFields();
  useDocumentTitle(compound.data?.name);
  if (compound.isPending) return <Loading />;
  if (compound.isError) return <LoadFailure error={compound.error} onRetry={() => void compound.refetch()} />;
  const c = compound.data;
  return (
    <div className="flex flex-col gap-6" data-testid="registry-compound">
      <Crumbs
        items={[
          { to: "/registry", label: t("adminRegistry.title") },
          { to: `/registry/communities/${c.communityId}`, label: t("adminRegistry.community") },
          { label: c.name },
        ]}
      />
      <PageHeader title={c.name} intro={t("adminRegistry.compound.intro")} className="mb-0" />
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {editing ? (
        <EntityForm
          title={t("adminRegistry.editOf", { name: c.name })}
          fields={fields}
          initial={compoundFormValues(c)}
          toInput={compoundInput}
          validate={(i) => compoundFieldSchema.safeParse(i)}
          submitLabel={t("adminRegistry.form.save")}
          onCancel={() => setEditing(false)}
          onSubmit={async (i) => {
            const row = await client.registryAdmin.updateCompound.mutate({
              compoundId,
              patch: i as ReturnType<typeof compoundInput> & { type: CompoundType },
            });
            setEditing(false);
            setNotice(t("adminRegistry.saved", { name: row.name }));
            await queryClient.invalidateQueries({ queryKey: trpc.registryAdmin.pathKey() });
          }}
        />
      ) : (
        <RecordLine
          items={[
            [t("adminRegistry.col.code"), c.code],
            [t("adminRegistry.col.type"), t(`adminRegistry.type.${c.type}`)],
            [t("adminRegistry.col.address"), c.address || "—"],
            [t("adminRegistry.col.households"), formatNumber(c.households)],
            [t("adminRegistry.col.inScope"), c.inScope ? t("adminRegistry.yes") : t("adminRegistry.no")],
          ]}
          onEdit={() => setEditing(true)}
          editLabel={t("adminRegistry.editOf", { name: c.name })}
        />
      )}
      <BallotRulePanel compoundId={c.id} rule={c.coOwnerBallotRule} />
      <BuildingsPanel compound={c} />
    </div>
  );
}

/**
 * 议事规则: who casts the ballot of a unit held by several co-owners (core's coOwnerBallotRules). Refused
 * by the API while a vote of the compound is open; the refusal is shown as it comes.
 */
function BallotRulePanel({ compoundId, rule }: { compoundId: string; rule: CoOwnerBallotRule }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [value, setValue] = useState<CoOwnerBallotRule>(rule);
  const [state, setState] = useState<
    { kind: "idle" | "saving" } | { kind: "done" } | { kind: "error"; text: string }
  >({
    kind: "idle",
  });
  return (
    <section className="flex flex-col gap-3" aria-labelledby="ballot-rule-title" data-testid="ballot-rule">
      <h2 id="ballot-rule-title" className="text-xl font-semibold text-slate-900">
        {t("adminRegistry.ballotRule.title")}
      </h2>
      <p className="max-w-prose text-slate-700">{t("adminRegistry.ballotRule.intro")}</p>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={async (e) => {
          e.preventDefault();
          setState({ kind: "saving" });
          try {
            await client.households.setBallotRule.mutate({ compoundId, rule: value });
            setState({ kind: "done" });
            await queryClient.invalidateQueries({ queryKey: trpc.registryAdmin.pathKey() });
          } catch (error) {
            setState({ kind: "error", text: errorText(t, error) });
          }
        }}
      >
        <label className="flex flex-col gap-1">
          <span className="font-medium text-slate-900">{t("adminRegistry.ballotRule.label")}</span>
          <select
            className="min-h-11 rounded-md border border-slate-400 px-3"
            value={value}
            onChange={(e) => setValue(e.target.value as CoOwnerBallotRule)}
          >
            {coOwnerBallotRules.map((r) => (
              <option key={r} value={r}>
                {t(`adminRegistry.ballotRule.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" disabled={state.kind === "saving" || value === rule}>
          {state.kind === "saving"
            ? t("adminRegistry.ballotRule.saving")
            : t("adminRegistry.ballotRule.save")}
        </Button>
      </form>
      <div aria-live="polite">
        {state.kind === "done" ? <Alert tone="success">{t("adminRegistry.ballotRule.saved")}</Alert> : null}
        {state.kind === "error" ? <Alert tone="error">{state.text}</Alert> : null}
      </div>
    </section>
  );
}

function BuildingsPanel({ compound }: { compound: { id: string; code: string; name: string } }) {
  const { t } = useI18n();
  const { id: compoundId, name: compoundName } = compound;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { sort, setSort, sortKey } = useUrlSort(buildingSortKeys);
  const pager = useCursorPager(sortKey);
  const [editing, setEditing] = useState<Building | "new" | null>(null);
  const list = useQuery(
    trpc.registryAdmin.listBuildings.queryOptions({
      compoundId,
      limit: 20,
      cursor: pager.cursor,
      ...(sort ? { sort } : {}),
    }),
  );
  return (
    <section className="flex flex-col gap-3" aria-labelledby="buildings-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="buildings-title" className="text-xl font-semibold text-slate-900">
          {t("adminRegistry.buildings.title")}
        </h2>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => setEditing("new")}>
            {t("adminRegistry.buildings.create")}
          </Button>
          <ImportUnitsLink compoundId={compoundId} />
          <ExportUnitsButton compound={compound} />
        </div>
      </div>
      {editing ? (
        <EntityForm
          key={editing === "new" ? "new" : editing.id}
          title={
            editing === "new"
              ? t("adminRegistry.buildings.create")
              : t("adminRegistry.editOf", { name: editing.name })
          }
          fields={[
            { name: "code", label: t("adminRegistry.col.code") },
            { name: "name", label: t("adminRegistry.col.name") },
          ]}
          initial={editing === "new" ? { code: "", name: "" } : { code: editing.code, name: editing.name }}
          toInput={(v) => ({ code: v.code?.trim(), name: v.name?.trim() })}
          validate={(i) => building.pick({ code: true, name: true }).safeParse(i)}
          submitLabel={t("adminRegistry.form.save")}
          onCancel={() => setEditing(null)}
          onSubmit={async (i) => {
            const v = i as { code: string; name: string };
            if (editing === "new") await client.registryAdmin.createBuilding.mutate({ compoundId, ...v });
            else await client.registryAdmin.updateBuilding.mutate({ buildingId: editing.id, patch: v });
            setEditing(null);
            await queryClient.invalidateQueries({ queryKey: trpc.registryAdmin.listBuildings.pathKey() });
          }}
        />
      ) : null}
      <DataTable
        caption={t("adminRegistry.buildings.caption", { compound: compoundName })}
        captionHidden
        sort={sort}
        onSortChange={setSort}
        columns={[
          { key: "code", header: t("adminRegistry.col.code"), sortable: true, cell: (r) => r.code },
          {
            key: "name",
            header: t("adminRegistry.col.name"),
            rowHeader: true,
            sortable: true,
            cell: (r) => (
              <Link
                to={`/registry/compounds/${compoundId}/buildings/${r.id}`}
                className="text-brand-800 underline"
              >
                {r.name}
              </Link>
            ),
          },
          {
            key: "actions",
            header: t("adminRegistry.col.actions"),
            cell: (r) => (
              <div className="flex flex-wrap gap-2">
                <Button
                  variant="ghost"
                  onClick={() => setEditing(r)}
                  aria-label={t("adminRegistry.editOf", { name: r.name })}
                >
                  {t("adminRegistry.edit")}
                </Button>
                <Link
                  to={`/household-codes/compounds/${compoundId}/buildings/${r.id}`}
                  className="inline-flex min-h-11 items-center px-2 text-brand-800 underline"
                  aria-label={t("adminRegistry.buildings.codesOf", { name: r.name })}
                >
                  {t("adminRegistry.buildings.codes")}
                </Link>
              </div>
            ),
          },
        ]}
        rows={list.data?.items}
        getRowKey={(r) => r.id}
        loading={list.isPending}
        error={list.isError ? errorText(t, list.error) : undefined}
        empty={t("adminRegistry.buildings.empty")}
      />
      <Pager pager={pager} nextCursor={list.data?.nextCursor} label={t("adminRegistry.buildings.title")} />
    </section>
  );
}

/** A building of this compound; null when it does not exist or belongs to another compound. */
export function useBuilding(compoundId: string, buildingId: string) {
  const client = useTRPCClient();
  return useQuery({
    queryKey: ["admin", "registry", "building", compoundId, buildingId],
    queryFn: async () => {
      try {
        const b = await client.registryAdmin.getBuilding.query({ buildingId });
        return b.compoundId === compoundId ? b : null;
      } catch (error) {
        if (errorCode(error) === "NOT_FOUND" || errorCode(error) === "BAD_REQUEST") return null;
        throw error;
      }
    },
    retry: false,
  });
}

/** The name of a building of this compound (null when not found there). */
export function useBuildingName(compoundId: string, buildingId: string) {
  const building = useBuilding(compoundId, buildingId);
  return { ...building, data: building.data === undefined ? undefined : (building.data?.name ?? null) };
}

function BuildingView({ compoundId }: { compoundId: string }) {
  const { t, formatArea } = useI18n();
  const { buildingId = "" } = useParams();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const compound = useCompound(compoundId);
  const building = useBuilding(compoundId, buildingId);
  const { sort, setSort, sortKey } = useUrlSort(unitSortKeys);
  const pager = useCursorPager(sortKey);
  const [editing, setEditing] = useState<Unit | "new" | null>(null);
  const list = useQuery({
    ...trpc.registryAdmin.listUnits.queryOptions({
      buildingId,
      limit: 50,
      cursor: pager.cursor,
      ...(sort ? { sort } : {}),
    }),
    retry: false,
  });
  const name = building.data?.name ?? "";
  useDocumentTitle(name ? `${compound.data?.name ?? ""} ${name}` : undefined);
  if (compound.isError) return <LoadFailure error={compound.error} />;
  if (building.isError) return <LoadFailure error={building.error} />;
  if (list.isError && !list.data) return <LoadFailure error={list.error} />;
  if (compound.isPending || building.isPending) return <Loading />;
  if (building.data === null) return <NotFoundPage />;
  const b = building.data;
  const area = (v: number | null) => (v === null ? "—" : formatArea(v));
  const areaFields = ["registeredArea", "surveyedArea", "contractArea"] as const;
  return (
    <div className="flex flex-col gap-6" data-testid="registry-building">
      <Crumbs
        items={[
          { to: "/registry", label: t("adminRegistry.title") },
          { to: `/registry/compounds/${compoundId}`, label: compound.data.name },
          { label: name },
        ]}
      />
      <PageHeader
        title={t("adminRegistry.units.title", { compound: compound.data.name, building: name })}
        intro={t("adminRegistry.units.intro")}
        className="mb-0"
        actions={
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => setEditing("new")}>
              {t("adminRegistry.units.create")}
            </Button>
            <ImportUnitsLink compoundId={compoundId} buildingId={buildingId} />
            <ExportUnitsButton compound={compound.data} building={b} />
          </div>
        }
      />
      {editing ? (
        <EntityForm
          key={editing === "new" ? "new" : editing.id}
          title={
            editing === "new"
              ? t("adminRegistry.units.create")
              : t("adminRegistry.editOf", { name: editing.number })
          }
          fields={[
            { name: "number", label: t("adminRegistry.col.unitNumber") },
            ...areaFields.map((f) => ({
              name: f,
              label: t(`adminRegistry.col.${f}`),
              kind: "area" as const,
              hint: t("adminRegistry.form.areaHint"),
            })),
          ]}
          initial={
            editing === "new"
              ? { number: "", registeredArea: "", surveyedArea: "", contractArea: "" }
              : {
                  number: editing.number,
                  registeredArea: areaText(editing.registeredAreaCentiM2),
                  surveyedArea: areaText(editing.surveyedAreaCentiM2),
                  contractArea: areaText(editing.contractAreaCentiM2),
                }
          }
          toInput={(v) => {
            const fieldErrors: Record<string, string> = {};
            const out: Record<string, unknown> = { number: v.number?.trim() ?? "" };
            for (const f of areaFields) {
              const text = v[f]?.trim() ?? "";
              const centi = text === "" ? null : parseAreaM2(text);
              if (text !== "" && centi === null) fieldErrors[f] = t("adminRegistry.form.areaInvalid");
              out[`${f}CentiM2`] = centi;
            }
            if (!v.number?.trim()) fieldErrors.number = t("adminRegistry.form.required");
            if (areaFields.every((f) => out[`${f}CentiM2`] === null) && !Object.keys(fieldErrors).length)
              fieldErrors.registeredArea = t("adminRegistry.form.areaRequired");
            return Object.keys(fieldErrors).length ? { fieldErrors } : out;
          }}
          validate={() => ({ success: true })}
          submitLabel={t("adminRegistry.form.save")}
          onCancel={() => setEditing(null)}
          onSubmit={async (i) => {
            const v = i as {
              number: string;
              registeredAreaCentiM2: number | null;
              surveyedAreaCentiM2: number | null;
              contractAreaCentiM2: number | null;
            };
            if (editing === "new") await client.registryAdmin.createUnit.mutate({ buildingId, ...v });
            else await client.registryAdmin.updateUnit.mutate({ unitId: editing.id, patch: v });
            setEditing(null);
            await queryClient.invalidateQueries({ queryKey: trpc.registryAdmin.listUnits.pathKey() });
          }}
        />
      ) : null}
      <DataTable
        caption={t("adminRegistry.units.caption", { building: name })}
        sort={sort}
        onSortChange={setSort}
        columns={[
          {
            key: "number",
            header: t("adminRegistry.col.unitNumber"),
            rowHeader: true,
            sortable: true,
            cell: (r) => r.number,
          },
          {
            key: "registeredArea",
            header: t("adminRegistry.col.registeredArea"),
            align: "end",
            sortable: true,
            cell: (r) => area(r.registeredAreaCentiM2),
          },
          {
            key: "surveyedArea",
            header: t("adminRegistry.col.surveyedArea"),
            align: "end",
            sortable: true,
            cell: (r) => area(r.surveyedAreaCentiM2),
          },
          {
            key: "contractArea",
            header: t("adminRegistry.col.contractArea"),
            align: "end",
            sortable: true,
            cell: (r) => area(r.contractAreaCentiM2),
          },
          {
            key: "actions",
            header: t("adminRegistry.col.actions"),
            cell: (r) => (
              <Button
                variant="ghost"
                onClick={() => setEditing(r)}
                aria-label={t("adminRegistry.editOf", { name: r.number })}
              >
                {t("adminRegistry.edit")}
              </Button>
            ),
          },
        ]}
        rows={list.data?.items}
        getRowKey={(r) => r.id}
        loading={list.isPending}
        error={list.isError ? errorText(t, list.error) : undefined}
        empty={t("adminRegistry.units.empty")}
      />
      <Pager
        pager={pager}
        nextCursor={list.data?.nextCursor}
        label={t("adminRegistry.units.caption", { building: name })}
      />
    </div>
  );
}
