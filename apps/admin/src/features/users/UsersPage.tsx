/**
 * 用户 (users and roles): the users holding a role within the staff member's scope (phones masked by the
 * API), invite someone to a role by phone (an invitation they accept; the answer is the same whether
 * or not the number has an account), assign and revoke roles. Role and scope
 * choices are limited to what the API allows this user to grant (users.ts: at or below their level,
 * within their scope).
 */
import { mainlandMobile, name as nameSchema, type Role, roleScopeKind } from "@gongzhi/core";
import {
  Alert,
  Button,
  DataTable,
  ErrorSummary,
  Loading,
  PageHeader,
  TextField,
  type TranslateFn,
  useI18n,
} from "@gongzhi/ui";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { errorText } from "../../lib/errors.ts";
import { fetchAllPages } from "../../lib/paging.ts";
import { type SortKeys, useUrlSort } from "../../lib/sort.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { useStaff } from "../../shell/staff.tsx";
import { type Outputs, useTRPC, useTRPCClient } from "../../trpc.ts";
import { useHomeScope } from "../registry/model.ts";
import { Pager, SelectField, useCursorPager } from "../registry/shared.tsx";

type User = Outputs["users"]["list"]["items"][number];
/**
 * Roles granted here. Owners are verified, not granted. Handling-unit staff (接诉即办 承办人员) are
 * granted by district staff, for one handling unit of their district.
 */
type Grantable = Exclude<Role, "verified_owner">;

const rank: Record<string, number> = {
  community_staff: 1,
  subdistrict_staff: 2,
  district_staff: 3,
  system_admin: 4,
};
const need: Record<Grantable, number> = {
  resident: 1,
  committee_member: 1,
  community_staff: 1,
  subdistrict_staff: 2,
  district_staff: 3,
  system_admin: 4,
  unit_staff: 3,
};

/** Roles this user may grant (the API's checkGrant). */
function grantableRoles(myRole: string): Grantable[] {
  const mine = rank[myRole] ?? 0;
  return (Object.keys(need) as Grantable[]).filter((r) => need[r] <= mine);
}

/** The scopes a role may be granted in, within the user's own scope. */
function useScopeOptions(role: Grantable) {
  const client = useTRPCClient();
  const home = useHomeScope();
  const kind = roleScopeKind[role];
  return useQuery({
    queryKey: ["admin", "users", "scopes", kind, home?.level, home?.id],
    enabled: !!home && kind !== "global",
    queryFn: async (): Promise<{ value: string; label: string }[]> => {
      if (!home) return [];
      if (kind === "handling_unit") {
        // the active handling units of the district (only district staff grant unit_staff)
        if (home.level !== "district") return [];
        const units = await client.handlingUnits.list.query({ districtId: home.id });
        return units.map((u) => ({ value: u.id, label: u.name }));
      }
      if (kind === "compound") {
        const all = await fetchAllPages(
          (cursor) =>
            client.registryAdmin.listCompounds.query({
              scopeLevel: home.level,
              scopeId: home.id,
              limit: 100,
              cursor,
            }),
          5,
        );
        return all.map((c) => ({ value: c.id, label: `${c.name}（${c.code}）` }));
      }
      if (kind === home.level) {
        const label =
          home.level === "community"
            ? (await client.registryAdmin.getCommunity.query({ communityId: home.id })).name
            : home.level === "subdistrict"
              ? (await client.registryAdmin.getSubdistrict.query({ subdistrictId: home.id })).name
              : ((await client.registry.districtSummary.query()).district?.name ?? home.id);
        return [{ value: home.id, label }];
      }
      const subdistricts =
        home.level === "district"
          ? await fetchAllPages((cursor) =>
              client.registryAdmin.listSubdistricts.query({ districtId: home.id, limit: 100, cursor }),
            )
          : home.level === "subdistrict"
            ? [{ id: home.id, name: "" }]
            : [];
      if (kind === "subdistrict") return subdistricts.map((s) => ({ value: s.id, label: s.name }));
      if (kind === "community") {
        const lists = await Promise.all(
          subdistricts.map((s) =>
            fetchAllPages((cursor) =>
              client.registryAdmin.listCommunities.query({ subdistrictId: s.id, limit: 100, cursor }),
            ),
          ),
        );
        return lists.flat().map((c) => ({ value: c.id, label: c.name }));
      }
      return [];
    },
  });
}

/** "社区工作人员 · 温泉南区社区": the role, and where it applies when it has a scope. */
function assignmentLabel(t: TranslateFn, a: User["assignments"][number]): string {
  return a.scopeName ? `${t(`role.${a.role}`)} · ${a.scopeName}` : t(`role.${a.role}`);
}

const sortKeys = ["name", "createdAt"] as const satisfies readonly SortKeys<"users", "list">[];

export default function UsersPage() {
  const { t, formatDateTime } = useI18n();
  const trpc = useTRPC();
  const home = useHomeScope();
  const { sort, setSort, sortKey } = useUrlSort(sortKeys);
  const pager = useCursorPager(sortKey);
  const [roleFilter, setRoleFilter] = useState("");
  const [searchDraft, setSearchDraft] = useState("");
  const [search, setSearch] = useState("");
  const [inviting, setInviting] = useState(false);
  const [managing, setManaging] = useState<User | null>(null);
  useDocumentTitle(t("adminUsers.title"));
  const list = useQuery({
    ...trpc.users.list.queryOptions({
      scopeLevel: home?.level ?? "community",
      scopeId: home?.id ?? "",
      limit: 20,
      cursor: pager.cursor,
      ...(roleFilter ? { role: roleFilter as Role } : {}),
      ...(search ? { search } : {}),
      ...(sort ? { sort } : {}),
    }),
    enabled: !!home,
    placeholderData: keepPreviousData,
  });
  if (home === undefined) return <Loading />;
  if (home === null) return <Alert tone="error">{t("adminRegistry.noScope")}</Alert>;

  const applySearch = (e: FormEvent) => {
    e.preventDefault();
    setSearch(searchDraft.trim());
    pager.reset();
  };
  return (
    <div className="flex flex-col gap-6" data-testid="users-page">
      <PageHeader
        title={t("adminUsers.title")}
        intro={t("adminUsers.intro")}
        className="mb-0"
        actions={<Button onClick={() => setInviting(true)}>{t("adminUsers.invite")}</Button>}
      />
      {inviting ? <InviteForm onClose={() => setInviting(false)} /> : null}
      {managing ? <RolesPanel user={managing} onClose={() => setManaging(null)} /> : null}
      <form
        onSubmit={applySearch}
        className="flex flex-wrap items-end gap-3"
        aria-label={t("adminUsers.filters")}
      >
        <TextField
          name="search"
          type="search"
          label={t("adminUsers.search")}
          hint={t("adminUsers.searchHint")}
          value={searchDraft}
          onChange={(e) => setSearchDraft(e.target.value)}
          maxLength={100}
          className="min-w-48 flex-1"
        />
        <SelectField
          name="role-filter"
          label={t("adminUsers.roleFilter")}
          value={roleFilter}
          onChange={(e) => {
            setRoleFilter(e.target.value);
            pager.reset();
          }}
          options={[
            { value: "", label: t("adminRegistry.all") },
            ...(
              [
                "resident",
                "committee_member",
                "community_staff",
                "subdistrict_staff",
                "district_staff",
                "unit_staff",
              ] as const
            ).map((r) => ({ value: r, label: t(`role.${r}`) })),
          ]}
        />
        <Button type="submit">{t("adminRegistry.applyFilters")}</Button>
      </form>
      <DataTable
        caption={t("adminUsers.caption")}
        columns={[
          {
            key: "name",
            header: t("adminUsers.col.name"),
            rowHeader: true,
            sortable: true,
            cell: (u) => u.displayName,
          },
          {
            key: "phone",
            header: t("adminUsers.col.phone"),
            cell: (u) => <span className="tabular-nums">{u.phone}</span>,
          },
          {
            key: "roles",
            header: t("adminUsers.col.roles"),
            cell: (u) => (
              <ul className="flex flex-wrap gap-1">
                {u.assignments.map((a) => (
                  <li
                    key={`${a.role}-${a.scopeId}`}
                    className="rounded bg-slate-100 px-2 py-0.5 text-sm text-slate-900"
                  >
                    {assignmentLabel(t, a)}
                  </li>
                ))}
              </ul>
            ),
          },
          {
            key: "createdAt",
            header: t("adminUsers.col.created"),
            sortable: true,
            cell: (u) => formatDateTime(u.createdAt),
          },
          {
            key: "actions",
            header: t("adminRegistry.col.actions"),
            cell: (u) => (
              <Button
                variant="ghost"
                onClick={() => setManaging(u)}
                aria-label={t("adminUsers.manageOf", { name: u.displayName })}
              >
                {t("adminUsers.manage")}
              </Button>
            ),
          },
        ]}
        rows={list.data?.items}
        getRowKey={(u) => u.id}
        loading={list.isPending || list.isPlaceholderData}
        error={list.isError ? errorText(t, list.error) : undefined}
        empty={search ? t("adminUsers.noMatch", { search }) : t("adminUsers.empty")}
        sort={sort}
        onSortChange={setSort}
      />
      <Pager
        pager={pager}
        nextCursor={list.isPlaceholderData ? null : list.data?.nextCursor}
        label={t("adminUsers.caption")}
      />
    </div>
  );
}

function RoleScopeFields({
  role,
  setRole,
  scopeId,
  setScopeId,
  errors,
}: {
  role: Grantable;
  setRole: (r: Grantable) => void;
  scopeId: string;
  setScopeId: (s: string) => void;
  errors: Record<string, string>;
}) {
  const { t } = useI18n();
  const { scope } = useStaff();
  const scopes = useScopeOptions(role);
  const kind = roleScopeKind[role];
  return (
    <>
      <SelectField
        name="role"
        label={t("adminUsers.role")}
        value={role}
        onChange={(e) => {
          setRole(e.target.value as Grantable);
          setScopeId("");
        }}
        options={grantableRoles(scope.role).map((r) => ({ value: r, label: t(`role.${r}`) }))}
      />
      {kind === "global" ? null : (
        <SelectField
          name="scopeId"
          label={
            kind === "handling_unit"
              ? t("hotline.users.scopeUnit")
              : t(
                  `adminUsers.scope.${kind as "community" | "compound" | "subdistrict" | "district" | "unit"}`,
                )
          }
          value={scopeId}
          error={errors.scopeId}
          disabled={scopes.isPending}
          onChange={(e) => setScopeId(e.target.value)}
          options={[
            { value: "", label: scopes.isPending ? t("common.loading") : t("adminUsers.pickScope") },
            ...(scopes.data ?? []),
          ]}
        />
      )}
    </>
  );
}

function InviteForm({ onClose }: { onClose: () => void }) {
  const { t, formatDateTime, locale } = useI18n();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [phone, setPhone] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [role, setRole] = useState<Grantable>("community_staff");
  const [scopeId, setScopeId] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [apiError, setApiError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Outputs["users"]["invite"] | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (!mainlandMobile.safeParse(phone.trim()).success) next.phone = t("adminUsers.phoneInvalid");
    if (!nameSchema(50).safeParse(displayName).success) next.displayName = t("adminUsers.nameInvalid");
    if (roleScopeKind[role] !== "global" && !scopeId) next.scopeId = t("adminUsers.scopeRequired");
    setErrors(next);
    setApiError(null);
    if (Object.keys(next).length) return;
    setBusy(true);
    try {
      const r = await client.users.invite.mutate({
        phone: phone.trim(),
        displayName: displayName.trim(),
        role,
        scopeId: scopeId || null,
        locale,
      });
      setResult(r);
      await queryClient.invalidateQueries({ queryKey: trpc.users.list.pathKey() });
    } catch (err) {
      setApiError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  if (result)
    return (
      <section
        className="flex flex-col gap-3 rounded-xl border-2 border-amber-400 bg-amber-50 p-4"
        aria-labelledby="invite-done"
        data-testid="invite-result"
      >
        <h2 id="invite-done" className="text-lg font-semibold text-slate-900">
          {t("adminUsers.invitationSent")}
        </h2>
        {/* The same for a registered and a new number: nothing here tells them apart (issue 10). */}
        <p>{t("adminUsers.invitationSentBody", { time: formatDateTime(result.expiresAt) })}</p>
        <div>
          <Button variant="secondary" onClick={onClose}>
            {t("adminUsers.done")}
          </Button>
        </div>
      </section>
    );

  const summary = Object.entries(errors).map(([k, message]) => ({ href: `#field-${k}`, message }));
  return (
    <form
      onSubmit={(e) => void submit(e)}
      noValidate
      className="flex flex-col gap-4 rounded-xl border border-brand-200 bg-white p-4 shadow-sm"
      aria-labelledby="invite-title"
    >
      <h2 id="invite-title" className="text-lg font-semibold text-slate-900">
        {t("adminUsers.invite")}
      </h2>
      {summary.length ? <ErrorSummary items={summary} /> : null}
      {apiError ? (
        <Alert tone="error" focusOnMount>
          {apiError}
        </Alert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          name="phone"
          label={t("adminUsers.col.phone")}
          inputMode="tel"
          autoComplete="off"
          value={phone}
          error={errors.phone}
          onChange={(e) => setPhone(e.target.value)}
        />
        <TextField
          name="displayName"
          label={t("adminUsers.col.name")}
          value={displayName}
          error={errors.displayName}
          onChange={(e) => setDisplayName(e.target.value)}
        />
        <RoleScopeFields
          role={role}
          setRole={setRole}
          scopeId={scopeId}
          setScopeId={setScopeId}
          errors={errors}
        />
      </div>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" loading={busy}>
          {t("adminUsers.inviteSubmit")}
        </Button>
        <Button variant="secondary" onClick={onClose}>
          {t("adminRegistry.form.cancel")}
        </Button>
      </div>
    </form>
  );
}

function RolesPanel({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useI18n();
  const { scope } = useStaff();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [assignments, setAssignments] = useState(user.assignments);
  const [role, setRole] = useState<Grantable>(grantableRoles(scope.role)[0] ?? "resident");
  const [scopeId, setScopeId] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [confirming, setConfirming] = useState<User["assignments"][number] | null>(null);
  const allowed = new Set<string>(grantableRoles(scope.role));
  const scopeOptions = useScopeOptions(role);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.pathKey() });

  async function add(e: FormEvent) {
    e.preventDefault();
    if (roleScopeKind[role] !== "global" && !scopeId) {
      setErrors({ scopeId: t("adminUsers.scopeRequired") });
      return;
    }
    setErrors({});
    try {
      const r = await client.users.assignRole.mutate({ userId: user.id, role, scopeId: scopeId || null });
      const scopeName = scopeOptions.data?.find((o) => o.value === scopeId)?.label ?? null;
      setAssignments((a) => [...a, { ...r.assignment, scopeName }]);
      setMessage({ tone: "success", text: t("adminUsers.assigned", { role: t(`role.${role}`) }) });
      await refresh();
    } catch (err) {
      setMessage({ tone: "error", text: errorText(t, err) });
    }
  }

  async function revoke(a: User["assignments"][number]) {
    try {
      await client.users.revokeRole.mutate({
        userId: user.id,
        role: a.role as Grantable,
        scopeId: a.scopeId,
      });
      setAssignments((list) => list.filter((x) => !(x.role === a.role && x.scopeId === a.scopeId)));
      setMessage({ tone: "success", text: t("adminUsers.revokedRole", { role: t(`role.${a.role}`) }) });
      await refresh();
    } catch (err) {
      setMessage({ tone: "error", text: errorText(t, err) });
    } finally {
      setConfirming(null);
    }
  }

  return (
    <section
      className="flex flex-col gap-4 rounded-xl border border-brand-200 bg-white p-4 shadow-sm"
      aria-labelledby="roles-title"
      data-testid="roles-panel"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="roles-title" className="text-lg font-semibold text-slate-900">
          {t("adminUsers.rolesOf", { name: user.displayName })}
        </h2>
        <Button variant="secondary" onClick={onClose}>
          {t("adminUsers.done")}
        </Button>
      </div>
      {message ? (
        <Alert tone={message.tone} focusOnMount={message.tone === "error"}>
          {message.text}
        </Alert>
      ) : null}
      <ul className="flex flex-col gap-2">
        {assignments.map((a) => (
          <li key={`${a.role}-${a.scopeId}`} className="flex flex-wrap items-center gap-3">
            <span>{assignmentLabel(t, a)}</span>
            {allowed.has(a.role) ? (
              confirming === a ? (
                <span className="flex flex-wrap items-center gap-2">
                  <span className="font-medium text-red-900">{t("adminUsers.confirmRevoke")}</span>
                  <Button variant="danger" autoFocus onClick={() => void revoke(a)}>
                    {t("adminUsers.revokeConfirm")}
                  </Button>
                  <Button variant="secondary" onClick={() => setConfirming(null)}>
                    {t("adminRegistry.form.cancel")}
                  </Button>
                </span>
              ) : (
                <Button
                  variant="ghost"
                  onClick={() => setConfirming(a)}
                  aria-label={t("adminUsers.revokeOf", { role: t(`role.${a.role}`) })}
                >
                  {t("adminUsers.revoke")}
                </Button>
              )
            ) : null}
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => void add(e)} noValidate className="flex flex-wrap items-end gap-3">
        <RoleScopeFields
          role={role}
          setRole={setRole}
          scopeId={scopeId}
          setScopeId={setScopeId}
          errors={errors}
        />
        <Button type="submit">{t("adminUsers.assign")}</Button>
      </form>
    </section>
  );
}
