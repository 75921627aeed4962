/** The compounds within a district, subdistrict or community: search, filters, cursor pages, export, create. */
import { compound } from "@gongzhi/core";
import { Alert, Button, DataTable, type DataTableColumn, TextField, useI18n } from "@gongzhi/ui";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { errorText } from "../../lib/errors.ts";
import { fetchAllPages } from "../../lib/paging.ts";
import type { UnitLevel } from "../../lib/session.ts";
import { type SortKeys, useUrlSort } from "../../lib/sort.ts";
import { type Outputs, useTRPC, useTRPCClient } from "../../trpc.ts";
import { EntityForm } from "./EntityForm.tsx";
import { type CompoundType, typeOptions } from "./model.ts";
import { beijingDay, downloadBuffer, Pager, SelectField, useCursorPager } from "./shared.tsx";

type Compound = Outputs["registryAdmin"]["listCompounds"]["items"][number];

/** The columns the compound list can be sorted by on the server. */
const sortKeys = ["code", "name", "type", "households"] as const satisfies readonly SortKeys<
  "registryAdmin",
  "listCompounds"
>[];

export const compoundFieldSchema = compound.pick({
  code: true,
  name: true,
  type: true,
  address: true,
  households: true,
  inScope: true,
});

export function compoundFormValues(c?: Omit<Compound, "communityCode">) {
  return {
    code: c?.code ?? "",
    name: c?.name ?? "",
    type: c?.type ?? "commercial",
    address: c?.address ?? "",
    households: c ? String(c.households) : "0",
    inScope: String(c?.inScope ?? true),
  };
}

export function compoundInput(v: Record<string, string>) {
  return {
    code: v.code?.trim() ?? "",
    name: v.name?.trim() ?? "",
    type: v.type,
    address: v.address?.trim() ?? "",
    households: /^\d+$/.test(v.households?.trim() ?? "") ? Number(v.households) : Number.NaN,
    inScope: v.inScope === "true",
  };
}

export function useCompoundFields() {
  const { t } = useI18n();
  return [
    {
      name: "code",
      label: t("adminRegistry.col.code"),
      required: true,
      hint: t("adminRegistry.form.codeHint"),
    },
    { name: "name", label: t("adminRegistry.col.name"), required: true },
    { name: "type", label: t("adminRegistry.col.type"), kind: "select" as const, options: typeOptions(t) },
    { name: "address", label: t("adminRegistry.col.address") },
    { name: "households", label: t("adminRegistry.col.households"), kind: "number" as const },
    { name: "inScope", label: t("adminRegistry.col.inScope"), kind: "checkbox" as const },
  ];
}

export function CompoundsPanel({
  level,
  id,
  unitName,
  createInCommunity,
}: {
  level: UnitLevel;
  id: string;
  unitName: string;
  /** When set, a "新增小区" form creates compounds in this community. */
  createInCommunity?: string;
}) {
  const { t, formatNumber } = useI18n();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState({ search: "", type: "", inScope: "" });
  const [filters, setFilters] = useState(draft);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [exporting, setExporting] = useState<"idle" | "busy" | "error">("idle");
  const fields = useCompoundFields();
  const { sort, setSort, sortKey } = useUrlSort(sortKeys);
  const pager = useCursorPager(sortKey);

  const input = {
    scopeLevel: level,
    scopeId: id,
    limit: 20,
    cursor: pager.cursor,
    ...(sort ? { sort } : {}),
    ...(filters.search ? { search: filters.search } : {}),
    ...(filters.type ? { type: filters.type as CompoundType } : {}),
    ...(filters.inScope ? { inScope: filters.inScope === "yes" } : {}),
  };
  const list = useQuery({
    ...trpc.registryAdmin.listCompounds.queryOptions(input),
    placeholderData: keepPreviousData,
  });

  function apply(e: FormEvent) {
    e.preventDefault();
    setFilters(draft);
    pager.reset();
  }

  async function onExport() {
    setExporting("busy");
    try {
      const { search, type, inScope } = input as { search?: string; type?: CompoundType; inScope?: boolean };
      const [rows, { buildCompoundsWorkbook }] = await Promise.all([
        fetchAllPages(
          (cursor) =>
            client.registryAdmin.listCompounds.query({
              scopeLevel: level,
              scopeId: id,
              limit: 100,
              cursor,
              ...(search ? { search } : {}),
              ...(type ? { type } : {}),
              ...(inScope !== undefined ? { inScope } : {}),
              ...(sort ? { sort } : {}),
            }),
          200,
        ),
        import("./xlsx.ts"),
      ]);
      const buffer = await buildCompoundsWorkbook(rows, unitName);
      downloadBuffer(buffer, `小区清单-${unitName}-${beijingDay()}.xlsx`);
      setExporting("idle");
    } catch {
      setExporting("error");
    }
  }

  const columns: DataTableColumn<Compound>[] = [
    { key: "code", header: t("adminRegistry.col.code"), sortable: true, cell: (r) => r.code },
    {
      key: "name",
      header: t("adminRegistry.col.name"),
      rowHeader: true,
      sortable: true,
      cell: (r) => (
        <Link to={`/registry/compounds/${r.id}`} className="text-brand-800 underline">
          {r.name}
        </Link>
      ),
    },
    {
      key: "type",
      header: t("adminRegistry.col.type"),
      sortable: true,
      cell: (r) => t(`adminRegistry.type.${r.type}`),
    },
    { key: "address", header: t("adminRegistry.col.address"), cell: (r) => r.address || "—" },
    {
      key: "households",
      header: t("adminRegistry.col.households"),
      align: "end",
      sortable: true,
      cell: (r) => formatNumber(r.households),
    },
    {
      key: "inScope",
      header: t("adminRegistry.col.inScope"),
      cell: (r) => (r.inScope ? t("adminRegistry.yes") : t("adminRegistry.no")),
    },
  ];

  return (
    <section className="flex flex-col gap-4" aria-labelledby="compounds-title" data-testid="compounds-panel">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="compounds-title" className="text-xl font-semibold text-slate-900">
          {t("adminRegistry.compounds.title")}
        </h2>
        <div className="flex flex-wrap gap-2">
          {createInCommunity ? (
            <Button variant="secondary" onClick={() => setCreating(true)}>
              {t("adminRegistry.compounds.create")}
            </Button>
          ) : null}
          <Link
            to="/registry/import"
            className="inline-flex min-h-11 items-center rounded-lg border border-slate-400 bg-white px-4 font-medium text-slate-900"
          >
            {t("adminRegistry.import.link")}
          </Link>
          <Button variant="secondary" loading={exporting === "busy"} onClick={() => void onExport()}>
            {t("adminRegistry.compounds.export")}
          </Button>
        </div>
      </div>
      {exporting === "error" ? (
        <Alert tone="error" focusOnMount>
          {t("adminRegistry.exportError")}
        </Alert>
      ) : null}
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {creating && createInCommunity ? (
        <EntityForm
          title={t("adminRegistry.compounds.create")}
          fields={fields}
          initial={compoundFormValues()}
          toInput={compoundInput}
          validate={(i) => compoundFieldSchema.safeParse(i)}
          submitLabel={t("adminRegistry.form.save")}
          onCancel={() => setCreating(false)}
          onSubmit={async (i) => {
            const row = await client.registryAdmin.createCompound.mutate({
              communityId: createInCommunity,
              ...(i as ReturnType<typeof compoundInput> & { type: CompoundType }),
            });
            setCreating(false);
            setNotice(t("adminRegistry.saved", { name: row.name }));
            await queryClient.invalidateQueries({ queryKey: trpc.registryAdmin.listCompounds.pathKey() });
          }}
        />
      ) : null}
      <form
        onSubmit={apply}
        className="flex flex-wrap items-end gap-3"
        aria-label={t("adminRegistry.filters")}
      >
        <TextField
          name="search"
          type="search"
          label={t("adminRegistry.search")}
          value={draft.search}
          onChange={(e) => setDraft((d) => ({ ...d, search: e.target.value }))}
          className="min-w-48 flex-1"
        />
        <SelectField
          name="type-filter"
          label={t("adminRegistry.col.type")}
          value={draft.type}
          onChange={(e) => setDraft((d) => ({ ...d, type: e.target.value }))}
          options={[{ value: "", label: t("adminRegistry.all") }, ...typeOptions(t)]}
        />
        <SelectField
          name="inscope-filter"
          label={t("adminRegistry.col.inScope")}
          value={draft.inScope}
          onChange={(e) => setDraft((d) => ({ ...d, inScope: e.target.value }))}
          options={[
            { value: "", label: t("adminRegistry.all") },
            { value: "yes", label: t("adminRegistry.yes") },
            { value: "no", label: t("adminRegistry.no") },
          ]}
        />
        <Button type="submit">{t("adminRegistry.applyFilters")}</Button>
      </form>
      <DataTable
        caption={t("adminRegistry.compounds.caption", { unit: unitName })}
        columns={columns}
        rows={list.data?.items}
        getRowKey={(r) => r.id}
        loading={list.isPending || list.isPlaceholderData}
        error={list.isError ? errorText(t, list.error) : undefined}
        empty={t("adminRegistry.compounds.empty")}
        sort={sort}
        onSortChange={setSort}
      />
      <Pager
        pager={pager}
        nextCursor={list.isPlaceholderData ? null : list.data?.nextCursor}
        label={t("adminRegistry.compounds.pages")}
      />
      <p className="text-sm text-slate-700">{t("adminRegistry.compounds.sortNote")}</p>
    </section>
  );
}
