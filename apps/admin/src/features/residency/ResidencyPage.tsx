/**
 * 居民申请 (residency requests, issue 10): a community's requests to join it; staff approve (the
 * applicant becomes a resident) or decline with a reason. Community staff see their community at
 * once; staff above it pick a community first.
 */
import { Alert, Button, DataTable, Loading, PageHeader, TextField, useI18n } from "@gongzhi/ui";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, Route, Routes, useParams } from "react-router";
import { errorText } from "../../lib/errors.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { NotFoundPage } from "../../pages/NotFound.tsx";
import { useStaff } from "../../shell/staff.tsx";
import { type Outputs, useTRPC, useTRPCClient } from "../../trpc.ts";
import { LoadFailure, Pager, useCursorPager } from "../registry/shared.tsx";

type Request = Outputs["residency"]["list"]["items"][number];

export default function ResidencyPage() {
  return (
    <Routes>
      <Route index element={<Start />} />
      <Route path="communities/:communityId" element={<Requests />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

function Start() {
  const { scope } = useStaff();
  if (scope.scopeKind === "community" && scope.scopeId) return <Requests communityId={scope.scopeId} />;
  return <PickCommunity />;
}

function PickCommunity() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [draft, setDraft] = useState("");
  const [search, setSearch] = useState("");
  useDocumentTitle(t("adminResidency.title"));
  const list = useQuery({
    ...trpc.registry.communities.queryOptions({ limit: 50, ...(search ? { search } : {}) }),
    placeholderData: keepPreviousData,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSearch(draft.trim());
  };
  return (
    <div className="flex flex-col gap-4" data-testid="residency-communities">
      <PageHeader title={t("adminResidency.title")} intro={t("adminResidency.intro")} className="mb-0" />
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
        <TextField
          name="search"
          type="search"
          label={t("adminResidency.search")}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          className="min-w-48 flex-1"
        />
        <Button type="submit">{t("adminRegistry.applyFilters")}</Button>
      </form>
      {list.isError ? (
        <LoadFailure error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data ? (
        <ul
          className="flex flex-col divide-y divide-slate-200"
          aria-label={t("adminResidency.pickCommunity")}
        >
          {list.data.items.map((c) => (
            <li key={c.id} className="py-2">
              <Link to={`/residency/communities/${c.id}`} className="text-brand-800 underline">
                {c.name}
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <Loading />
      )}
    </div>
  );
}

function Requests({ communityId: fixed }: { communityId?: string }) {
  const { t, formatDateTime } = useI18n();
  const params = useParams();
  const communityId = fixed ?? params.communityId ?? "";
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [all, setAll] = useState(false);
  const pager = useCursorPager(all ? "all" : "pending");
  const [declining, setDeclining] = useState<Request | null>(null);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [apiError, setApiError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const community = useQuery(trpc.registry.community.queryOptions({ id: communityId }));
  const list = useQuery({
    ...trpc.residency.list.queryOptions({
      communityId,
      limit: 20,
      cursor: pager.cursor,
      ...(all ? {} : { status: "pending" as const }),
    }),
    placeholderData: keepPreviousData,
  });
  useDocumentTitle(t("adminResidency.title"));

  async function decide(r: Request, approve: boolean) {
    if (!approve && !reason.trim()) {
      setReasonError(t("adminResidency.reasonRequired"));
      return;
    }
    setBusy(r.id);
    setApiError(null);
    try {
      await client.residency.decide.mutate({
        id: r.id,
        approve,
        ...(approve ? {} : { reason: reason.trim() }),
      });
      setDeclining(null);
      setReason("");
      setReasonError(null);
      await queryClient.invalidateQueries({ queryKey: trpc.residency.list.pathKey() });
    } catch (err) {
      setApiError(errorText(t, err));
    } finally {
      setBusy(null);
    }
  }

  const name = community.data?.name ?? "";
  return (
    <div className="flex flex-col gap-4" data-testid="residency-requests">
      <PageHeader title={t("adminResidency.title")} intro={t("adminResidency.intro")} className="mb-0" />
      {fixed ? null : (
        <p>
          <Link to="/residency" className="text-brand-800 underline">
            {t("adminResidency.back")}
          </Link>
        </p>
      )}
      <div>
        <Button variant="secondary" onClick={() => setAll((a) => !a)}>
          {all ? t("adminResidency.showPending") : t("adminResidency.showAll")}
        </Button>
      </div>
      {apiError ? <Alert tone="error">{apiError}</Alert> : null}
      {declining ? (
        <form
          className="flex flex-col gap-3 rounded-xl border border-brand-200 bg-white p-4"
          onSubmit={(e) => {
            e.preventDefault();
            void decide(declining, false);
          }}
          noValidate
          aria-label={t("adminResidency.declineLabel", { name: declining.displayName })}
        >
          <TextField
            name="reason"
            label={t("adminResidency.reason")}
            value={reason}
            maxLength={200}
            error={reasonError ?? undefined}
            onChange={(e) => setReason(e.target.value)}
            autoFocus
          />
          <div className="flex gap-3">
            <Button type="submit" variant="danger" loading={busy === declining.id}>
              {t("adminResidency.confirmDecline")}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setDeclining(null)}>
              {t("adminResidency.cancel")}
            </Button>
          </div>
        </form>
      ) : null}
      {list.isError ? (
        <LoadFailure error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p role="status">{t("adminResidency.empty")}</p>
      ) : (
        <DataTable
          caption={t("adminResidency.caption", { community: name })}
          rows={list.data.items}
          getRowKey={(r) => r.id}
          columns={[
            {
              key: "name",
              header: t("adminResidency.col.name"),
              rowHeader: true,
              cell: (r) => r.displayName,
            },
            { key: "phone", header: t("adminResidency.col.phone"), cell: (r) => r.phone },
            { key: "note", header: t("adminResidency.col.note"), cell: (r) => r.note ?? "" },
            {
              key: "requested",
              header: t("adminResidency.col.requested"),
              cell: (r) => formatDateTime(r.createdAt),
            },
            {
              key: "status",
              header: t("adminResidency.col.status"),
              cell: (r) => t(`residency.status.${r.status}`),
            },
            {
              key: "actions",
              header: t("adminResidency.col.actions"),
              cell: (r) =>
                r.status === "pending" ? (
                  <div className="flex gap-2">
                    <Button
                      onClick={() => void decide(r, true)}
                      loading={busy === r.id && !declining}
                      aria-label={t("adminResidency.approveLabel", { name: r.displayName })}
                    >
                      {t("adminResidency.approve")}
                    </Button>
                    <Button
                      variant="secondary"
                      onClick={() => {
                        setDeclining(r);
                        setReason("");
                        setReasonError(null);
                      }}
                      aria-label={t("adminResidency.declineLabel", { name: r.displayName })}
                    >
                      {t("adminResidency.decline")}
                    </Button>
                  </div>
                ) : null,
            },
          ]}
        />
      )}
      <Pager pager={pager} nextCursor={list.data?.nextCursor} label={t("adminResidency.title")} />
    </div>
  );
}
