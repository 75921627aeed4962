import { type CommitteeStatus, nextCommitteeStatuses } from "@gongzhi/core";
import {
  Alert,
  Button,
  buttonClasses,
  Card,
  DataTable,
  Loading,
  PageHeader,
  TextField,
  useI18n,
} from "@gongzhi/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import { errorText } from "../../lib/errors.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { useStaff } from "../../shell/staff.tsx";
import { type Outputs, useTRPC } from "../../trpc.ts";
import { CommitteeForm } from "./CommitteeForm.tsx";
import { beijingToday, CompoundFinder, daysLeftText, formatArticle, LoadError, tDynamic } from "./shared.tsx";

const inOffice = (s: CommitteeStatus) => s === "filed" || s === "term_ending";

/** /committees/new?compound=… — pick a compound (if none given), then the form. */
export function NewCommitteePage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const compoundId = params.get("compound");
  useDocumentTitle(t("gov.committees.new"));
  if (!compoundId) {
    return (
      <div className="flex flex-col gap-6">
        <PageHeader className="mb-0" title={t("gov.committees.new")} intro={t("gov.committees.pick")} />
        <CompoundFinder label={t("gov.compound.pick")} hrefOf={(id) => `/committees/compounds/${id}`} />
      </div>
    );
  }
  return <CompoundCommittees compoundId={compoundId} />;
}

/** /committees/compounds/:compoundId — the compound's committees; form one when none is in office. */
export function CompoundCommitteesPage() {
  const { compoundId = "" } = useParams();
  return <CompoundCommittees compoundId={compoundId} />;
}

function CompoundCommittees({ compoundId }: { compoundId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const compound = useQuery(trpc.registryAdmin.getCompound.queryOptions({ compoundId }));
  const committees = useQuery({
    ...trpc.committees.list.queryOptions({ scopeLevel: "compound", scopeId: compoundId, limit: 50 }),
    enabled: compound.isSuccess,
  });
  const name = compound.data?.name ?? "";
  useDocumentTitle(name ? t("gov.compoundCommittees.title", { compound: name }) : t("gov.committees.title"));
  if (compound.isPending) return <Loading />;
  if (compound.isError) return <LoadError error={compound.error} title={t("gov.loadError")} />;
  const items = committees.data?.items ?? [];
  const current = items.find((r) => inOffice(r.committee.status));
  const forming = items.find((r) => r.committee.status === "preparing" || r.committee.status === "elected");

  return (
    <div className="flex flex-col gap-6" data-testid="compound-committees">
      <PageHeader
        className="mb-0"
        title={t("gov.compoundCommittees.title", { compound: name })}
        intro={t("gov.compoundCommittees.intro", {
          code: compound.data.code,
          households: compound.data.households,
        })}
        actions={
          <Link to={`/property/compounds/${compoundId}`} className={buttonClasses("secondary")}>
            {t("gov.compound.toProperty")}
          </Link>
        }
      />
      <DataTable
        caption={t("gov.compoundCommittees.caption", { compound: name })}
        columns={[
          {
            key: "kind",
            header: t("gov.col.kind"),
            rowHeader: true,
            cell: (r) => (
              <Link to={`/committees/${r.committee.id}`} className="text-brand-800 underline">
                {t(`gov.kind.${r.committee.kind}`)}
              </Link>
            ),
          },
          { key: "status", header: t("gov.col.status"), cell: (r) => t(`gov.status.${r.committee.status}`) },
          {
            key: "term",
            header: t("gov.col.term"),
            cell: (r) =>
              r.committee.termStart && r.committee.termEnd
                ? t("gov.range", { from: r.committee.termStart, to: r.committee.termEnd })
                : "—",
          },
          { key: "filed", header: t("gov.col.filedOn"), cell: (r) => r.committee.filedOn ?? "—" },
        ]}
        rows={items}
        getRowKey={(r) => r.committee.id}
        loading={committees.isPending}
        error={committees.isError ? errorText(t, committees.error) : undefined}
        empty={t("gov.compoundCommittees.empty")}
      />
      {current || forming ? (
        <Alert tone="info">
          {current ? t("gov.compoundCommittees.hasCurrent") : t("gov.compoundCommittees.hasForming")}{" "}
          <Link
            to={`/committees/${(current ?? forming)!.committee.id}`}
            className="font-medium text-brand-800 underline"
          >
            {t("gov.compoundCommittees.open")}
          </Link>
        </Alert>
      ) : null}
      <Card title={t("gov.compoundCommittees.form")}>
        <CommitteeForm
          compoundId={compoundId}
          onSaved={(id) => void navigate(`/committees/${id}`, { state: { saved: true } })}
        />
      </Card>
    </div>
  );
}

type Detail = Outputs["committees"]["get"];

/** /committees/:committeeId — members, deadlines, lifecycle, edit. */
export function CommitteeDetailPage() {
  const { t, locale } = useI18n();
  const { committeeId = "" } = useParams();
  const location = useLocation();
  const trpc = useTRPC();
  const detail = useQuery(trpc.committees.get.queryOptions({ committeeId }));
  const compound = useQuery({
    ...trpc.registryAdmin.getCompound.queryOptions({ compoundId: detail.data?.compoundId ?? "" }),
    enabled: !!detail.data,
  });
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(
    (location.state as { saved?: boolean } | null)?.saved ? t("gov.saved") : null,
  );
  const name = compound.data?.name ?? "";
  useDocumentTitle(
    detail.data
      ? t("gov.committee.title", { compound: name, kind: t(`gov.kind.${detail.data.kind}`) })
      : undefined,
  );
  if (detail.isPending) return <Loading />;
  if (detail.isError)
    return (
      <LoadError error={detail.error} title={t("gov.loadError")} onRetry={() => void detail.refetch()} />
    );
  const c = detail.data;
  const closed = c.status === "expired" || c.status === "dissolved";

  return (
    <div className="flex flex-col gap-6" data-testid="committee-detail" data-status={c.status}>
      <PageHeader
        className="mb-0"
        title={t("gov.committee.title", { compound: name, kind: t(`gov.kind.${c.kind}`) })}
        intro={t("gov.committee.statusLine", {
          status: t(`gov.status.${c.status}`),
          effective: t(`gov.status.${c.effectiveStatus}`),
        })}
        actions={
          <Link to={`/committees/compounds/${c.compoundId}`} className={buttonClasses("secondary")}>
            {t("gov.committee.backToCompound")}
          </Link>
        }
      />
      {notice ? (
        <Alert
          tone="success"
          dismiss={
            <Button variant="ghost" onClick={() => setNotice(null)}>
              {t("gov.dismiss")}
            </Button>
          }
        >
          {notice}
        </Alert>
      ) : null}
      <Card title={t("gov.committee.facts")}>
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium">{t("gov.committee.electedOn")}</dt>
          <dd>{c.electedOn ?? "—"}</dd>
          <dt className="font-medium">{t("gov.col.term")}</dt>
          <dd>{c.termStart && c.termEnd ? t("gov.range", { from: c.termStart, to: c.termEnd }) : "—"}</dd>
          <dt className="font-medium">{t("gov.col.filedOn")}</dt>
          <dd>
            {c.filedOn ??
              (c.deadlines.filingDue ? t("gov.committee.filingDue", { date: c.deadlines.filingDue }) : "—")}
          </dd>
          <dt className="font-medium">{t("gov.col.partyOrg")}</dt>
          <dd>
            {t(`gov.party.${c.partyOrg}`)}（
            {t("gov.party.eligibility", { count: c.partyOrgEligibility.fullPartyMembers })}）
          </dd>
          {c.dissolvedOn ? (
            <>
              <dt className="font-medium">{t("gov.committee.dissolvedOn")}</dt>
              <dd>{c.dissolvedOn}</dd>
            </>
          ) : null}
        </dl>
        {c.deadlines.alerts.length > 0 ? (
          <ul className="mt-4 flex flex-col gap-1" data-testid="committee-deadlines">
            {c.deadlines.alerts.map((a) => (
              <li key={a.code} className={a.severity === "overdue" ? "font-semibold text-red-800" : ""}>
                {tDynamic(t, `gov.alert.${a.code}`)} · {a.dueDate} · {daysLeftText(t, a.daysLeft)} ·{" "}
                {formatArticle(locale, a.article)}
              </li>
            ))}
          </ul>
        ) : null}
      </Card>
      <Card title={t("gov.members.title", { count: c.members.length })}>
        <DataTable
          caption={t("gov.members.caption")}
          captionHidden
          columns={[
            { key: "name", header: t("gov.col.name"), rowHeader: true, cell: (m) => m.name },
            { key: "role", header: t("gov.col.role"), cell: (m) => t(`gov.role.${m.role}`) },
            {
              key: "owner",
              header: t("gov.member.owner"),
              cell: (m) => (m.isOwner ? t("gov.yes") : t("gov.no")),
            },
            {
              key: "party",
              header: t("gov.member.party"),
              cell: (m) => (m.isPartyMember ? t("gov.yes") : t("gov.no")),
            },
            {
              key: "rep",
              header: t("gov.member.rep"),
              cell: (m) => (m.isResidentsCommitteeRep ? t("gov.yes") : t("gov.no")),
            },
          ]}
          rows={c.members}
          getRowKey={(m) => m.id}
        />
      </Card>
      {!closed ? <Lifecycle committee={c} onDone={(msg) => setNotice(msg)} /> : null}
      {!closed ? (
        <Card
          title={t("gov.committee.edit")}
          actions={
            <Button variant="secondary" aria-expanded={editing} onClick={() => setEditing((e) => !e)}>
              {editing ? t("gov.cancel") : t("gov.committee.editOpen")}
            </Button>
          }
        >
          {editing ? (
            <CommitteeForm
              compoundId={c.compoundId}
              existing={c}
              onSaved={() => {
                setEditing(false);
                setNotice(t("gov.saved"));
                void detail.refetch();
              }}
            />
          ) : (
            <p>{t("gov.committee.editHint")}</p>
          )}
        </Card>
      ) : null}
    </div>
  );
}

/** The lifecycle moves the API allows this user (core's transition table), each with its date. */
function Lifecycle({ committee, onDone }: { committee: Detail; onDone: (msg: string) => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope } = useStaff();
  const actor = scope.role === "community_staff" ? "community_staff" : "subdistrict_staff";
  const next = nextCommitteeStatuses(committee.status, actor);
  const [on, setOn] = useState(beijingToday());
  const [confirming, setConfirming] = useState<CommitteeStatus | null>(null);
  const move = useMutation(
    trpc.committees.transition.mutationOptions({
      onSuccess: async (_, input) => {
        setConfirming(null);
        await queryClient.invalidateQueries({ queryKey: trpc.committees.pathKey() });
        onDone(t("gov.lifecycle.done", { status: t(`gov.status.${input.to}`) }));
      },
    }),
  );
  if (next.length === 0) return null;
  const destructive = (s: CommitteeStatus) => s === "dissolved" || s === "expired";
  return (
    <Card title={t("gov.lifecycle.title")}>
      <div className="flex flex-col gap-3" data-testid="committee-lifecycle">
        <TextField
          label={t("gov.lifecycle.on")}
          name="transitionOn"
          type="date"
          value={on}
          hint={t("gov.lifecycle.onHint")}
          onChange={(e) => setOn(e.target.value)}
          className="max-w-xs"
        />
        {move.isError ? <Alert tone="error">{errorText(t, move.error)}</Alert> : null}
        {confirming ? (
          <div
            role="alertdialog"
            aria-labelledby="confirm-move"
            className="rounded-lg border border-amber-400 bg-amber-50 p-3"
          >
            <p id="confirm-move" className="font-medium">
              {t("gov.lifecycle.confirm", { status: t(`gov.status.${confirming}`), date: on })}
            </p>
            <div className="mt-2 flex gap-2">
              <Button
                variant="danger"
                loading={move.isPending}
                onClick={() => move.mutate({ committeeId: committee.id, to: confirming, on })}
              >
                {t("gov.lifecycle.confirmYes")}
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(null)}>
                {t("gov.cancel")}
              </Button>
            </div>
          </div>
        ) : (
          <div className="flex flex-wrap gap-2">
            {next.map((s) => (
              <Button
                key={s}
                variant={destructive(s) ? "danger" : "primary"}
                loading={move.isPending && move.variables?.to === s}
                onClick={() =>
                  destructive(s) ? setConfirming(s) : move.mutate({ committeeId: committee.id, to: s, on })
                }
              >
                {t(`gov.lifecycle.to.${s}`)}
              </Button>
            ))}
          </div>
        )}
      </div>
    </Card>
  );
}
