/**
 * 审计日志: filter by actor, entity type / id and time range; newest first; server pagination by cursor;
 * before/after as a readable diff (changed keys only, with the full JSON on demand). District staff and
 * system admins only (the API's districtStaffRoles); others see a 403 state.
 */
import {
  Alert,
  Button,
  DataTable,
  type DataTableColumn,
  ErrorState,
  PageHeader,
  TextField,
  useI18n,
} from "@gongzhi/ui";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { useStaff } from "../../shell/staff.tsx";
import { type Outputs, useTRPC } from "../../trpc.ts";
import { Pager, QueryError, Select, useCursorPager } from "../deliberation/common.tsx";

type Entry = Outputs["audit"]["query"]["items"][number];
const entityTypes = [
  "owners_decision",
  "ledger_item",
  "topic",
  "topic_comment",
  "meeting",
  "meeting_decision",
  "compound",
  "community",
  "subdistrict",
  "building",
  "unit",
  "coordinator",
  "committee",
];

const show = (v: unknown) => (v === undefined ? "—" : JSON.stringify(v, null, 0));

/** Keys whose values differ between before and after (top level), for the readable diff. */
export function diffEntries(
  before: unknown,
  after: unknown,
): { key: string; before: unknown; after: unknown }[] {
  const b = before && typeof before === "object" ? (before as Record<string, unknown>) : null;
  const a = after && typeof after === "object" ? (after as Record<string, unknown>) : null;
  if (!b && !a) return [];
  if (!b || !a) {
    const obj = (a ?? b)!;
    return Object.keys(obj).map((key) => ({
      key,
      before: b ? obj[key] : undefined,
      after: a ? obj[key] : undefined,
    }));
  }
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((key) => ({ key, before: b[key], after: a[key] }));
}

function Diff({ entry }: { entry: Entry }) {
  const { t } = useI18n();
  const rows = diffEntries(entry.before, entry.after);
  return (
    <details>
      <summary className="min-h-11 cursor-pointer text-brand-800 underline">
        {t("adminAudit.diff.show", { count: rows.length })}
      </summary>
      <table className="mt-2 w-full text-left text-sm">
        <caption className="sr-only">{t("adminAudit.diff.caption", { action: entry.action })}</caption>
        <thead>
          <tr>
            <th scope="col" className="p-1">
              {t("adminAudit.diff.field")}
            </th>
            <th scope="col" className="p-1">
              {t("adminAudit.diff.before")}
            </th>
            <th scope="col" className="p-1">
              {t("adminAudit.diff.after")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className="align-top">
              <th scope="row" className="p-1 font-mono font-normal">
                {r.key}
              </th>
              <td className="max-w-xs break-all bg-red-50 p-1 font-mono text-red-900">{show(r.before)}</td>
              <td className="max-w-xs break-all bg-green-50 p-1 font-mono text-green-900">{show(r.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export default function AuditPage() {
  const { t, formatDateTime } = useI18n();
  const { scope } = useStaff();
  const trpc = useTRPC();
  useDocumentTitle(t("adminAudit.title"));
  const allowed = scope.role === "district_staff" || scope.role === "system_admin";
  const summary = useQuery({
    ...trpc.registry.districtSummary.queryOptions(),
    enabled: allowed && scope.scopeKind === "global",
  });
  const districtId = scope.scopeKind === "district" ? scope.scopeId : summary.data?.district?.id;
  const [draft, setDraft] = useState({ actorId: "", entityType: "", entityId: "", from: "", to: "" });
  const [filters, setFilters] = useState(draft);
  const [formError, setFormError] = useState<Record<string, string>>({});
  const pager = useCursorPager();
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const toIso = (local: string) => (local ? new Date(`${local}:00+08:00`).toISOString() : undefined);
  const list = useQuery({
    ...trpc.audit.query.queryOptions({
      districtId: districtId ?? "00000000-0000-0000-0000-000000000000",
      ...(filters.actorId ? { actorId: filters.actorId } : {}),
      ...(filters.entityType ? { entityType: filters.entityType } : {}),
      ...(filters.entityId ? { entityId: filters.entityId } : {}),
      ...(filters.from ? { from: toIso(filters.from) } : {}),
      ...(filters.to ? { to: toIso(filters.to) } : {}),
      cursor: pager.cursor,
      limit: 25,
    }),
    enabled: allowed && !!districtId,
  });
  if (!allowed) {
    return (
      <ErrorState
        headingLevel={1}
        title={t("error.forbidden.title")}
        description={t("adminAudit.forbidden")}
        detail={t("error.status", { status: 403 })}
      />
    );
  }
  const columns: DataTableColumn<Entry>[] = [
    { key: "at", header: t("adminAudit.col.at"), cell: (e) => formatDateTime(e.at) },
    {
      key: "action",
      header: t("adminAudit.col.action"),
      rowHeader: true,
      cell: (e) => <code>{e.action}</code>,
    },
    {
      key: "entity",
      header: t("adminAudit.col.entity"),
      cell: (e) => (
        <span className="break-all">
          {e.entityType}
          {e.entityId ? ` · ${e.entityId}` : ""}
        </span>
      ),
    },
    {
      key: "actor",
      header: t("adminAudit.col.actor"),
      cell: (e) => <span className="break-all">{e.actorId ?? t("adminAudit.system")}</span>,
    },
    { key: "diff", header: t("adminAudit.col.diff"), cell: (e) => <Diff entry={e} /> },
  ];
  return (
    <div className="flex flex-col gap-4" data-testid="audit-log">
      <PageHeader title={t("adminAudit.title")} intro={t("adminAudit.intro")} />
      <form
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3"
        aria-label={t("adminAudit.filters")}
        onSubmit={(e) => {
          e.preventDefault();
          const errs: Record<string, string> = {};
          if (draft.actorId && !uuid.test(draft.actorId)) errs.actor = t("adminAudit.badId");
          if (draft.from && draft.to && draft.from > draft.to) errs.to = t("adminAudit.badRange");
          setFormError(errs);
          if (Object.keys(errs).length) return;
          setFilters(draft);
          pager.reset();
        }}
      >
        <TextField
          label={t("adminAudit.actor")}
          hint={t("adminAudit.actorHint")}
          name="audit-actor"
          value={draft.actorId}
          error={formError.actor}
          onChange={(e) => setDraft({ ...draft, actorId: e.target.value.trim() })}
        />
        <Select
          label={t("adminAudit.entityType")}
          name="audit-entity-type"
          value={draft.entityType}
          onChange={(e) => setDraft({ ...draft, entityType: e.target.value })}
        >
          <option value="">{t("adminAudit.allTypes")}</option>
          {entityTypes.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </Select>
        <TextField
          label={t("adminAudit.entityId")}
          name="audit-entity-id"
          value={draft.entityId}
          maxLength={100}
          onChange={(e) => setDraft({ ...draft, entityId: e.target.value.trim() })}
        />
        <TextField
          label={t("adminAudit.from")}
          name="audit-from"
          type="datetime-local"
          value={draft.from}
          onChange={(e) => setDraft({ ...draft, from: e.target.value })}
        />
        <TextField
          label={t("adminAudit.to")}
          name="audit-to"
          type="datetime-local"
          value={draft.to}
          error={formError.to}
          onChange={(e) => setDraft({ ...draft, to: e.target.value })}
        />
        <div className="flex items-end gap-2">
          <Button type="submit">{t("adminAudit.apply")}</Button>
          <Button
            variant="secondary"
            onClick={() => {
              const empty = { actorId: "", entityType: "", entityId: "", from: "", to: "" };
              setDraft(empty);
              setFilters(empty);
              pager.reset();
            }}
          >
            {t("adminAudit.clear")}
          </Button>
        </div>
      </form>
      <Alert tone="info">{t("adminAudit.scopeNote")}</Alert>
      {list.isError ? (
        <QueryError
          error={list.error}
          title={t("adminAudit.loadError")}
          onRetry={() => void list.refetch()}
        />
      ) : (
        <DataTable
          caption={t("adminAudit.caption")}
          columns={columns}
          rows={list.data?.items}
          loading={!districtId || list.isPending}
          getRowKey={(e) => String(e.id)}
          empty={t("adminAudit.empty")}
        />
      )}
      {list.data && (pager.page > 1 || list.data.nextCursor) ? (
        <Pager
          label={t("adminAudit.pager")}
          page={pager.page}
          hasNext={!!list.data.nextCursor}
          onPrev={pager.prev}
          onNext={() => pager.next(list.data.nextCursor)}
        />
      ) : null}
    </div>
  );
}
