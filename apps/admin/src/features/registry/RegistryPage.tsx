/**
 * 登记 (registry): the user's units (subdistricts → communities → grids) and the compounds within them,
 * with search, filters, cursor pages, edit forms, the compound → buildings → units drill-down, the
 * .xlsx import and the export. Routes under /admin/registry.
 */
import { community, grid, subdistrict } from "@gongzhi/core";
import { Alert, Button, DataTable, Loading, PageHeader, useI18n } from "@gongzhi/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { lazy, useState } from "react";
import { Link, Route, Routes, useParams } from "react-router";
import { errorText } from "../../lib/errors.ts";
import type { UnitLevel } from "../../lib/session.ts";
import { type SortKeys, useUrlSort } from "../../lib/sort.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { NotFoundPage } from "../../pages/NotFound.tsx";
import { useUnit } from "../../shell/unit-names.ts";
import { type Outputs, useTRPC, useTRPCClient } from "../../trpc.ts";
import { CompoundsPanel } from "./CompoundsPanel.tsx";
import { EntityForm } from "./EntityForm.tsx";
import { useHomeScope } from "./model.ts";
import { LoadFailure, Pager, useCursorPager } from "./shared.tsx";

const ImportPage = lazy(() => import("./ImportPage.tsx"));
const UnitsImportPage = lazy(() => import("./UnitsImportPage.tsx"));
const CompoundPage = lazy(() => import("./CompoundPage.tsx"));

export default function RegistryPage() {
  return (
    <Routes>
      <Route index element={<RegistryHome />} />
      <Route path="import" element={<ImportPage />} />
      <Route path="import/units" element={<UnitsImportPage />} />
      <Route path="subdistricts/:id" element={<UnitView level="subdistrict" />} />
      <Route path="communities/:id" element={<UnitView level="community" />} />
      <Route path="compounds/:compoundId/*" element={<CompoundPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

function RegistryHome() {
  const home = useHomeScope();
  const { t } = useI18n();
  if (home === undefined) return <Loading />;
  if (home === null) return <Alert tone="error">{t("adminRegistry.noScope")}</Alert>;
  return <UnitBody level={home.level} id={home.id} />;
}

function UnitView({ level }: { level: "subdistrict" | "community" }) {
  const { id } = useParams();
  if (!id) return <NotFoundPage />;
  return <UnitBody key={id} level={level} id={id} />;
}

/** One unit: its record (editable), the units below it, its compounds. */
function UnitBody({ level, id }: { level: UnitLevel; id: string }) {
  const { t } = useI18n();
  const unit = useUnit(level, id);
  const title = unit.name ? t("adminRegistry.titleFor", { unit: unit.name }) : t("adminRegistry.title");
  useDocumentTitle(title);
  if (unit.error) return <LoadFailure error={unit.error} />;
  if (unit.pending && level !== "district") return <Loading />;
  const name = unit.name ?? "";
  return (
    <div className="flex flex-col gap-8" data-testid="registry-unit" data-level={level}>
      <PageHeader title={title} intro={t("adminRegistry.intro")} className="mb-0" />
      {level === "district" ? <SubdistrictsPanel districtId={id} /> : null}
      {level === "subdistrict" ? <SubdistrictRecord id={id} /> : null}
      {level === "subdistrict" ? <CommunitiesPanel subdistrictId={id} /> : null}
      {level === "community" ? <CommunityRecord id={id} /> : null}
      {level === "community" ? <GridsPanel communityId={id} /> : null}
      <CompoundsPanel
        level={level}
        id={id}
        unitName={name}
        createInCommunity={level === "community" ? id : undefined}
      />
    </div>
  );
}

const kindOptions = (t: ReturnType<typeof useI18n>["t"], kinds: readonly string[], prefix: "sub" | "com") =>
  kinds.map((k) => ({
    value: k,
    label:
      prefix === "sub"
        ? t(`adminRegistry.subKind.${k as "street" | "town"}`)
        : t(`adminRegistry.comKind.${k as "community" | "village"}`),
  }));

function SubdistrictsPanel({ districtId }: { districtId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const pager = useCursorPager();
  const list = useQuery(
    trpc.registryAdmin.listSubdistricts.queryOptions({ districtId, limit: 50, cursor: pager.cursor }),
  );
  return (
    <section className="flex flex-col gap-3">
      <DataTable
        caption={t("adminRegistry.subdistricts.caption")}
        columns={[
          { key: "code", header: t("adminRegistry.col.code"), cell: (r) => r.code },
          {
            key: "name",
            header: t("adminRegistry.col.name"),
            rowHeader: true,
            cell: (r) => (
              <Link to={`/registry/subdistricts/${r.id}`} className="text-brand-800 underline">
                {r.name}
              </Link>
            ),
          },
          {
            key: "kind",
            header: t("adminRegistry.col.kind"),
            cell: (r) => t(`adminRegistry.subKind.${r.kind}`),
          },
        ]}
        rows={list.data?.items}
        getRowKey={(r) => r.id}
        loading={list.isPending}
        error={list.isError ? errorText(t, list.error) : undefined}
      />
      <Pager
        pager={pager}
        nextCursor={list.data?.nextCursor}
        label={t("adminRegistry.subdistricts.caption")}
      />
    </section>
  );
}

function SubdistrictRecord({ id }: { id: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const row = useQuery(trpc.registryAdmin.getSubdistrict.queryOptions({ subdistrictId: id }));
  if (!row.data) return null;
  const r = row.data;
  return editing ? (
    <EntityForm
      title={t("adminRegistry.editOf", { name: r.name })}
      fields={[
        { name: "code", label: t("adminRegistry.col.code") },
        { name: "name", label: t("adminRegistry.col.name") },
        {
          name: "kind",
          label: t("adminRegistry.col.kind"),
          kind: "select",
          options: kindOptions(t, ["street", "town"], "sub"),
        },
      ]}
      initial={{ code: r.code, name: r.name, kind: r.kind }}
      toInput={(v) => ({ code: v.code?.trim(), name: v.name?.trim(), kind: v.kind })}
      validate={(i) => subdistrict.pick({ code: true, name: true, kind: true }).safeParse(i)}
      submitLabel={t("adminRegistry.form.save")}
      onCancel={() => setEditing(false)}
      onSubmit={async (patch) => {
        await client.registryAdmin.updateSubdistrict.mutate({ subdistrictId: id, patch });
        setEditing(false);
        await queryClient.invalidateQueries({ queryKey: trpc.registryAdmin.pathKey() });
      }}
    />
  ) : (
    <RecordLine
      items={[
        [t("adminRegistry.col.code"), r.code],
        [t("adminRegistry.col.kind"), t(`adminRegistry.subKind.${r.kind}`)],
      ]}
      onEdit={() => setEditing(true)}
      editLabel={t("adminRegistry.editOf", { name: r.name })}
    />
  );
}

const communitySortKeys = ["code", "name", "kind"] as const satisfies readonly SortKeys<
  "registryAdmin",
  "listCommunities"
>[];

function CommunitiesPanel({ subdistrictId }: { subdistrictId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  // The subdistrict page also lists compounds (`?sort=`): this table keeps its own parameter.
  const { sort, setSort, sortKey } = useUrlSort(communitySortKeys, { param: "communitySort" });
  const pager = useCursorPager(sortKey);
  const list = useQuery(
    trpc.registryAdmin.listCommunities.queryOptions({
      subdistrictId,
      limit: 50,
      cursor: pager.cursor,
      ...(sort ? { sort } : {}),
    }),
  );
  return (
    <section className="flex flex-col gap-3">
      <DataTable
        caption={t("adminRegistry.communities.caption")}
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
              <Link to={`/registry/communities/${r.id}`} className="text-brand-800 underline">
                {r.name}
              </Link>
            ),
          },
          {
            key: "kind",
            header: t("adminRegistry.col.kind"),
            sortable: true,
            cell: (r) => t(`adminRegistry.comKind.${r.kind}`),
          },
        ]}
        rows={list.data?.items}
        getRowKey={(r) => r.id}
        loading={list.isPending}
        error={list.isError ? errorText(t, list.error) : undefined}
      />
      <Pager
        pager={pager}
        nextCursor={list.data?.nextCursor}
        label={t("adminRegistry.communities.caption")}
      />
    </section>
  );
}

function CommunityRecord({ id }: { id: string }) {
  const { t, formatNumber } = useI18n();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const row = useQuery(trpc.registryAdmin.getCommunity.queryOptions({ communityId: id }));
  if (!row.data) return null;
  const r = row.data;
  return editing ? (
    <EntityForm
      title={t("adminRegistry.editOf", { name: r.name })}
      fields={[
        { name: "code", label: t("adminRegistry.col.code") },
        { name: "name", label: t("adminRegistry.col.name") },
        {
          name: "kind",
          label: t("adminRegistry.col.kind"),
          kind: "select",
          options: kindOptions(t, ["community", "village"], "com"),
        },
        { name: "supportThreshold", label: t("adminRegistry.col.supportThreshold"), kind: "number" },
      ]}
      initial={{ code: r.code, name: r.name, kind: r.kind, supportThreshold: String(r.supportThreshold) }}
      toInput={(v) => ({
        code: v.code?.trim(),
        name: v.name?.trim(),
        kind: v.kind,
        supportThreshold: /^\d+$/.test(v.supportThreshold ?? "") ? Number(v.supportThreshold) : Number.NaN,
      })}
      validate={(i) =>
        community.pick({ code: true, name: true, kind: true, supportThreshold: true }).safeParse(i)
      }
      submitLabel={t("adminRegistry.form.save")}
      onCancel={() => setEditing(false)}
      onSubmit={async (patch) => {
        await client.registryAdmin.updateCommunity.mutate({ communityId: id, patch });
        setEditing(false);
        await queryClient.invalidateQueries({ queryKey: trpc.registryAdmin.pathKey() });
      }}
    />
  ) : (
    <RecordLine
      items={[
        [t("adminRegistry.col.code"), r.code],
        [t("adminRegistry.col.kind"), t(`adminRegistry.comKind.${r.kind}`)],
        [t("adminRegistry.col.supportThreshold"), formatNumber(r.supportThreshold)],
      ]}
      onEdit={() => setEditing(true)}
      editLabel={t("adminRegistry.editOf", { name: r.name })}
    />
  );
}

type Grid = Outputs["registryAdmin"]["listGrids"]["items"][number];

function GridsPanel({ communityId }: { communityId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const pager = useCursorPager();
  const [editing, setEditing] = useState<Grid | "new" | null>(null);
  const list = useQuery(
    trpc.registryAdmin.listGrids.queryOptions({ communityId, limit: 20, cursor: pager.cursor }),
  );
  const fields = [
    { name: "code", label: t("adminRegistry.col.code") },
    { name: "name", label: t("adminRegistry.col.name") },
    { name: "responsiblePerson", label: t("adminRegistry.col.responsiblePerson") },
  ];
  return (
    <section className="flex flex-col gap-3" aria-labelledby="grids-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="grids-title" className="text-xl font-semibold text-slate-900">
          {t("adminRegistry.grids.title")}
        </h2>
        <Button variant="secondary" onClick={() => setEditing("new")}>
          {t("adminRegistry.grids.create")}
        </Button>
      </div>
      {editing ? (
        <EntityForm
          key={editing === "new" ? "new" : editing.id}
          title={
            editing === "new"
              ? t("adminRegistry.grids.create")
              : t("adminRegistry.editOf", { name: editing.name })
          }
          fields={fields}
          initial={
            editing === "new"
              ? { code: "", name: "", responsiblePerson: "" }
              : { code: editing.code, name: editing.name, responsiblePerson: editing.responsiblePerson }
          }
          toInput={(v) => ({
            code: v.code?.trim(),
            name: v.name?.trim(),
            responsiblePerson: v.responsiblePerson?.trim(),
          })}
          validate={(i) => grid.pick({ code: true, name: true, responsiblePerson: true }).safeParse(i)}
          submitLabel={t("adminRegistry.form.save")}
          onCancel={() => setEditing(null)}
          onSubmit={async (i) => {
            const v = i as { code: string; name: string; responsiblePerson: string };
            if (editing === "new") await client.registryAdmin.createGrid.mutate({ communityId, ...v });
            else await client.registryAdmin.updateGrid.mutate({ gridId: editing.id, patch: v });
            setEditing(null);
            await queryClient.invalidateQueries({ queryKey: trpc.registryAdmin.listGrids.pathKey() });
          }}
        />
      ) : null}
      <DataTable
        caption={t("adminRegistry.grids.caption")}
        captionHidden
        columns={[
          { key: "code", header: t("adminRegistry.col.code"), cell: (r) => r.code },
          { key: "name", header: t("adminRegistry.col.name"), rowHeader: true, cell: (r) => r.name },
          {
            key: "person",
            header: t("adminRegistry.col.responsiblePerson"),
            cell: (r) => r.responsiblePerson,
          },
          {
            key: "actions",
            header: t("adminRegistry.col.actions"),
            cell: (r) => (
              <Button
                variant="ghost"
                onClick={() => setEditing(r)}
                aria-label={t("adminRegistry.editOf", { name: r.name })}
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
        empty={t("adminRegistry.grids.empty")}
      />
      <Pager pager={pager} nextCursor={list.data?.nextCursor} label={t("adminRegistry.grids.caption")} />
    </section>
  );
}

/** A record's fields as a definition list with an edit button. */
export function RecordLine({
  items,
  onEdit,
  editLabel,
}: {
  items: [string, string][];
  onEdit?: () => void;
  editLabel: string;
}) {
  const { t } = useI18n();
  return (
    <div className="flex flex-wrap items-end justify-between gap-3 rounded-xl border border-slate-200 bg-white p-4">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr_auto_1fr_auto_1fr]">
        {items.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="font-medium text-slate-700">{k}</dt>
            <dd className="text-slate-900">{v}</dd>
          </div>
        ))}
      </dl>
      {onEdit ? (
        <Button variant="secondary" onClick={onEdit} aria-label={editLabel}>
          {t("adminRegistry.edit")}
        </Button>
      ) : null}
    </div>
  );
}
