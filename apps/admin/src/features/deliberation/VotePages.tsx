/**
 * Owners' votes (业主共同决定, 民法典 Art. 278): create from a meeting decision (the Art. 278 item decides the
 * threshold — shown with why), notice (条例 Art. 35: voting opens ≥ 15 days after the notice), open, live
 * participation against the 2/3 quorum (open votes only; secret votes show nothing until closed), close
 * (tally), publish (条例 Art. 37: within 3 days of closing) and the printable 公示 notice.
 */
import {
  type Art278Item,
  approvalRule,
  art278Items,
  checkNoticePeriod,
  matterForItem,
  publicationDeadline,
} from "@gongzhi/core";
import {
  Alert,
  Button,
  Loading,
  PageHeader,
  QuorumProgress,
  TextField,
  useI18n,
  type VoteStatus,
  VoteStatusBadge,
  VoteTally,
} from "@gongzhi/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { errorText } from "../../lib/errors.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { type Outputs, useTRPC } from "../../trpc.ts";
import {
  addDays,
  beijingDateOf,
  beijingInstant,
  beijingToday,
  ConfirmButton,
  linkClass,
  panelClass,
  QueryError,
  Select,
  TextArea,
} from "./common.tsx";

type Tally = NonNullable<Outputs["decisions"]["get"]["results"]>;

/** Which threshold applies to an Art. 278 item, and why, in the user's language. */
export function ThresholdExplanation({ item }: { item: Art278Item }) {
  const { t } = useI18n();
  const matter = matterForItem(item);
  const rule = approvalRule(matter);
  return (
    <div
      className="rounded-md border border-sky-300 bg-sky-50 p-3 text-slate-900"
      data-testid="threshold"
      data-matter={matter}
    >
      <p className="font-semibold">
        {t("adminDelib.vote.itemIs", {
          item,
          name: t(`votes.item.${item}`),
          matter: t(`votes.matter.${matter}`),
        })}
      </p>
      <p>{t("adminDelib.vote.quorumRule")}</p>
      <p>
        {matter === "special"
          ? t("adminDelib.vote.specialRule", { n: rule.numerator, d: rule.denominator })
          : t("adminDelib.vote.ordinaryRule")}
      </p>
    </div>
  );
}

export function VoteCreatePage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const meetingDecisionId = params.get("meetingDecision") ?? undefined;
  const communityId = params.get("community") ?? "";
  const topicId = params.get("topic");
  useDocumentTitle(t("adminDelib.vote.createTitle"));
  const compounds = useQuery({
    ...trpc.registry.compounds.queryOptions({ communityId, limit: 100 }),
    enabled: !!communityId,
  });
  const topic = useQuery({ ...trpc.topics.get.queryOptions({ topicId: topicId ?? "" }), enabled: !!topicId });
  const today = beijingToday();
  const [form, setForm] = useState({
    compoundId: "",
    title: "",
    description: "",
    item: "5",
    opensOn: addDays(today, 16),
    closesOn: addDays(today, 30),
    secret: false,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation(
    trpc.decisions.create.mutationOptions({ onSuccess: (d) => void navigate(`/deliberation/votes/${d.id}`) }),
  );
  const compoundId = form.compoundId || topic.data?.compoundId || compounds.data?.items[0]?.id || "";
  const title = form.title || topic.data?.title || "";
  const set = (k: keyof typeof form, v: string | boolean) => setForm({ ...form, [k]: v });

  function submit() {
    const e: Record<string, string> = {};
    if (!compoundId) e.compound = t("adminDelib.vote.compoundRequired");
    if (title.trim().length < 4) e.title = t("adminDelib.vote.titleShort");
    if (!form.opensOn) e.opensOn = t("adminDelib.vote.dateRequired");
    if (!form.closesOn || form.closesOn <= form.opensOn) e.closesOn = t("adminDelib.vote.closeAfterOpen");
    setErrors(e);
    if (Object.keys(e).length) return;
    create.mutate({
      compoundId,
      ...(meetingDecisionId ? { meetingDecisionId } : {}),
      title: title.trim(),
      description: form.description.trim(),
      art278Item: Number(form.item) as Art278Item,
      opensAt: beijingInstant(form.opensOn, "08:00"),
      closesAt: beijingInstant(form.closesOn, "20:00"),
      secret: form.secret,
    });
  }

  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <PageHeader title={t("adminDelib.vote.createTitle")} intro={t("adminDelib.vote.createIntro")} />
      <form
        className={panelClass}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Select
          label={t("adminDelib.vote.compound")}
          name="vote-compound"
          value={compoundId}
          error={errors.compound}
          onChange={(e) => set("compoundId", e.target.value)}
        >
          {(compounds.data?.items ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
        <TextField
          label={t("adminDelib.vote.titleLabel")}
          name="vote-title"
          value={title}
          maxLength={200}
          error={errors.title}
          onChange={(e) => set("title", e.target.value)}
        />
        <TextArea
          label={t("adminDelib.vote.description")}
          name="vote-description"
          value={form.description}
          onChange={(e) => set("description", e.target.value)}
        />
        <Select
          label={t("adminDelib.vote.item")}
          name="vote-item"
          value={form.item}
          onChange={(e) => set("item", e.target.value)}
        >
          {art278Items.map((n) => (
            <option key={n} value={n}>
              {`(${n}) ${t(`votes.item.${n}`)}`}
            </option>
          ))}
        </Select>
        <ThresholdExplanation item={Number(form.item) as Art278Item} />
        <TextField
          label={t("adminDelib.vote.opensOn")}
          hint={t("adminDelib.vote.opensHint")}
          name="vote-opens"
          type="date"
          value={form.opensOn}
          error={errors.opensOn}
          onChange={(e) => set("opensOn", e.target.value)}
        />
        <TextField
          label={t("adminDelib.vote.closesOn")}
          name="vote-closes"
          type="date"
          value={form.closesOn}
          error={errors.closesOn}
          onChange={(e) => set("closesOn", e.target.value)}
        />
        <fieldset className="flex flex-col gap-1">
          <legend className="font-medium text-slate-900">{t("adminDelib.vote.ballot")}</legend>
          <label className="flex min-h-11 items-center gap-2">
            <input
              type="radio"
              name="vote-secret"
              className="h-5 w-5"
              checked={!form.secret}
              onChange={() => set("secret", false)}
            />
            {t("adminDelib.vote.open")}
          </label>
          <label className="flex min-h-11 items-center gap-2">
            <input
              type="radio"
              name="vote-secret"
              className="h-5 w-5"
              checked={form.secret}
              onChange={() => set("secret", true)}
            />
            {t("adminDelib.vote.secret")}
          </label>
        </fieldset>
        {create.error ? <Alert tone="error">{errorText(t, create.error)}</Alert> : null}
        <div>
          <Button type="submit" loading={create.isPending}>
            {t("adminDelib.vote.create")}
          </Button>
        </div>
      </form>
    </div>
  );
}

export function VotePage() {
  const { id = "" } = useParams();
  const { t, formatDateTime } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const vote = useQuery({
    ...trpc.decisions.get.queryOptions({ id }),
    refetchInterval: (q) => (q.state.data?.status === "open" ? 15_000 : false),
  });
  const [tally, setTally] = useState<Tally | null>(null);
  const invalidate = () => void qc.invalidateQueries({ queryKey: trpc.decisions.pathKey() });
  const open = useMutation(trpc.decisions.open.mutationOptions({ onSuccess: invalidate }));
  const close = useMutation(
    trpc.decisions.close.mutationOptions({
      onSuccess: (d) => {
        setTally(d.tally);
        invalidate();
      },
    }),
  );
  const tallyOnly = useMutation(
    trpc.decisions.tally.mutationOptions({ onSuccess: (d) => (setTally(d.tally), invalidate()) }),
  );
  const publish = useMutation(trpc.decisions.publish.mutationOptions({ onSuccess: invalidate }));
  const cancel = useMutation(trpc.decisions.cancel.mutationOptions({ onSuccess: invalidate }));
  useDocumentTitle(vote.data?.title ?? t("adminDelib.vote.title"));
  if (vote.isPending) return <Loading />;
  if (vote.isError)
    return (
      <QueryError
        error={vote.error}
        title={t("adminDelib.vote.loadError")}
        onRetry={() => void vote.refetch()}
      />
    );
  const d = vote.data;
  const item = d.art278Item as Art278Item;
  const today = beijingToday();
  const opensOn = beijingDateOf(d.opensAt);
  const mutationError = open.error ?? close.error ?? publish.error ?? cancel.error ?? tallyOnly.error;
  const shownTally = d.results ?? tally;
  const deadline = d.closedAt
    ? publicationDeadline(
        beijingDateOf(d.closedAt),
        d.publishedAt ? beijingDateOf(d.publishedAt) : null,
        today,
      )
    : null;

  return (
    <div className="flex flex-col gap-6" data-testid="vote-page" data-status={d.status}>
      <PageHeader
        title={d.title}
        intro={t("adminDelib.vote.period", {
          opens: formatDateTime(d.opensAt),
          closes: formatDateTime(d.closesAt),
        })}
        actions={<VoteStatusBadge status={d.status as VoteStatus} />}
      />
      <section className={panelClass} aria-labelledby="vote-matter">
        <h2 id="vote-matter" className="text-lg font-semibold text-slate-900">
          {t("adminDelib.vote.matter")}
        </h2>
        {d.description ? <p className="whitespace-pre-wrap">{d.description}</p> : null}
        <ThresholdExplanation item={item} />
        <p>{d.secret ? t("adminDelib.vote.secret") : t("adminDelib.vote.open")}</p>
      </section>
      {mutationError ? (
        <Alert tone="error" focusOnMount>
          {errorText(t, mutationError)}
        </Alert>
      ) : null}
      {d.status === "draft" ? (
        <NoticeForm id={d.id} opensOn={opensOn} closesOn={beijingDateOf(d.closesAt)} onDone={invalidate} />
      ) : null}
      {d.status === "noticed" && d.noticedOn ? (
        <section className={panelClass} aria-labelledby="vote-open">
          <h2 id="vote-open" className="text-lg font-semibold text-slate-900">
            {t("adminDelib.vote.openTitle")}
          </h2>
          <NoticeRule noticedOn={d.noticedOn} opensOn={opensOn} />
          <div className="flex flex-wrap gap-2">
            <ConfirmButton
              label={t("adminDelib.vote.openNow")}
              question={t("adminDelib.vote.openQ")}
              loading={open.isPending}
              onConfirm={() => open.mutate({ id: d.id })}
            />
            <ConfirmButton
              variant="danger"
              label={t("adminDelib.vote.cancel")}
              question={t("adminDelib.vote.cancelQ")}
              loading={cancel.isPending}
              onConfirm={() => cancel.mutate({ id: d.id })}
            />
          </div>
        </section>
      ) : null}
      {d.status === "open" ? (
        <section className={panelClass} aria-labelledby="vote-progress" data-testid="vote-progress">
          <h2 id="vote-progress" className="text-lg font-semibold text-slate-900">
            {t("adminDelib.vote.progress")}
          </h2>
          {d.secret ? (
            <p>{t("adminDelib.vote.secretProgress")}</p>
          ) : d.progress ? (
            <QuorumProgress
              area={{
                participated: d.progress.participated.areaCentiM2,
                eligible: d.progress.eligible.areaCentiM2,
                required: d.progress.required.areaCentiM2,
              }}
              headcount={{
                participated: d.progress.participated.headcount,
                eligible: d.progress.eligible.headcount,
                required: d.progress.required.headcount,
              }}
              met={d.progress.quorumMet}
              reachable={d.progress.quorumReachable}
            />
          ) : (
            <p>{t("adminDelib.vote.noRoll")}</p>
          )}
          <div>
            <ConfirmButton
              label={t("adminDelib.vote.close")}
              question={t("adminDelib.vote.closeQ")}
              loading={close.isPending}
              onConfirm={() => close.mutate({ id: d.id })}
            />
          </div>
        </section>
      ) : null}
      {d.status === "closed" ? (
        <div>
          <Button loading={tallyOnly.isPending} onClick={() => tallyOnly.mutate({ id: d.id })}>
            {t("adminDelib.vote.tally")}
          </Button>
        </div>
      ) : null}
      {(d.status === "tallied" || d.status === "published") && deadline ? (
        <section className={panelClass} aria-labelledby="vote-publish" data-testid="vote-publish">
          <h2 id="vote-publish" className="text-lg font-semibold text-slate-900">
            {t("adminDelib.vote.publishTitle")}
          </h2>
          <p data-testid="publish-deadline">
            {t("adminDelib.vote.publishRule", { due: deadline.dueDate })}{" "}
            {deadline.overdue ? (
              <strong className="text-red-800">{t("adminDelib.vote.publishOverdue")}</strong>
            ) : null}
          </p>
          {shownTally ? <VoteTally tally={shownTally} /> : <p>{t("adminDelib.vote.tallyAfterPublish")}</p>}
          {d.status === "tallied" ? (
            <div>
              <ConfirmButton
                label={t("adminDelib.vote.publish")}
                question={t("adminDelib.vote.publishQ")}
                loading={publish.isPending}
                onConfirm={() => publish.mutate({ id: d.id })}
              />
            </div>
          ) : (
            <Link to={`/deliberation/votes/${d.id}/notice`} className={linkClass}>
              {t("adminDelib.vote.noticeLink")}
            </Link>
          )}
        </section>
      ) : null}
    </div>
  );
}

function NoticeRule({ noticedOn, opensOn }: { noticedOn: string; opensOn: string }) {
  const { t } = useI18n();
  const check = checkNoticePeriod(noticedOn, opensOn);
  return (
    <p data-testid="notice-rule" className={check.ok ? "text-slate-900" : "font-semibold text-red-800"}>
      {t("adminDelib.vote.noticeRule", {
        noticed: noticedOn,
        earliest: check.earliestOpening,
        days: check.daysOfNotice,
      })}{" "}
      {check.ok ? "" : t("adminDelib.vote.noticeTooShort")}
    </p>
  );
}

function NoticeForm({
  id,
  opensOn,
  closesOn,
  onDone,
}: {
  id: string;
  opensOn: string;
  closesOn: string;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [noticedOn, setNoticedOn] = useState(beijingToday());
  const [opens, setOpens] = useState(opensOn);
  const [closes, setCloses] = useState(closesOn);
  const notice = useMutation(trpc.decisions.notice.mutationOptions({ onSuccess: onDone }));
  const earliest = noticedOn ? addDays(noticedOn, 15) : "";
  const tooEarly = !!noticedOn && opens < earliest;
  return (
    <form
      className={panelClass}
      aria-labelledby="vote-notice"
      onSubmit={(e) => {
        e.preventDefault();
        if (tooEarly || !noticedOn) return;
        notice.mutate({
          id,
          noticedOn,
          opensAt: beijingInstant(opens, "08:00"),
          closesAt: beijingInstant(closes, "20:00"),
        });
      }}
    >
      <h2 id="vote-notice" className="text-lg font-semibold text-slate-900">
        {t("adminDelib.vote.noticeTitle")}
      </h2>
      <p>{t("adminDelib.vote.noticeIntro")}</p>
      <TextField
        label={t("adminDelib.vote.noticedOn")}
        name="noticed-on"
        type="date"
        value={noticedOn}
        onChange={(e) => setNoticedOn(e.target.value)}
      />
      <p data-testid="earliest-opening">{t("adminDelib.vote.earliest", { date: earliest })}</p>
      <TextField
        label={t("adminDelib.vote.opensOn")}
        name="notice-opens"
        type="date"
        value={opens}
        min={earliest}
        error={tooEarly ? t("adminDelib.vote.opensTooEarly", { date: earliest }) : undefined}
        onChange={(e) => setOpens(e.target.value)}
      />
      <TextField
        label={t("adminDelib.vote.closesOn")}
        name="notice-closes"
        type="date"
        value={closes}
        onChange={(e) => setCloses(e.target.value)}
      />
      {notice.error ? <Alert tone="error">{errorText(t, notice.error)}</Alert> : null}
      <div>
        <Button type="submit" loading={notice.isPending}>
          {t("adminDelib.vote.notice")}
        </Button>
      </div>
    </form>
  );
}

/** The printable 公示 of a published result. */
export function NoticePrintPage() {
  const { id = "" } = useParams();
  const { t, formatDateTime, formatArea, formatNumber } = useI18n();
  const trpc = useTRPC();
  const vote = useQuery(trpc.decisions.get.queryOptions({ id }));
  const compound = useQuery({
    ...trpc.registryAdmin.getCompound.queryOptions({ compoundId: vote.data?.compoundId ?? "" }),
    enabled: !!vote.data,
  });
  useDocumentTitle(
    vote.data ? t("adminDelib.notice.title", { title: vote.data.title }) : t("adminDelib.vote.title"),
  );
  if (vote.isPending) return <Loading />;
  if (vote.isError) return <QueryError error={vote.error} title={t("adminDelib.vote.loadError")} />;
  const d = vote.data;
  const r = d.results;
  if (!r) {
    return <Alert tone="info">{t("adminDelib.notice.notPublished")}</Alert>;
  }
  const rows: [string, { areaCentiM2: number; headcount: number }][] = [
    [t("adminDelib.notice.eligible"), r.eligible],
    [t("adminDelib.notice.participated"), r.participated],
    [t("adminDelib.notice.for"), r.for],
    [t("adminDelib.notice.against"), r.against],
    [t("adminDelib.notice.abstain"), r.abstain],
  ];
  const item = d.art278Item as Art278Item;
  const rule = approvalRule(r.matter);
  return (
    <article
      className="mx-auto flex max-w-3xl flex-col gap-4 bg-white p-6 text-slate-900 print:max-w-none print:p-0"
      data-testid="public-notice"
    >
      <div className="flex justify-end gap-2 print:hidden">
        <Link to={`/deliberation/votes/${d.id}`} className={linkClass}>
          {t("adminDelib.notice.back")}
        </Link>
        <Button onClick={() => window.print()}>{t("adminDelib.notice.print")}</Button>
      </div>
      <h1 className="text-center text-2xl font-bold">
        {t("adminDelib.notice.heading", { compound: compound.data?.name ?? "" })}
      </h1>
      <p>{t("adminDelib.notice.lead", { title: d.title })}</p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="font-semibold">{t("adminDelib.notice.item")}</dt>
        <dd>{`(${item}) ${t(`votes.item.${item}`)} · ${t(`votes.matter.${r.matter}`)}`}</dd>
        <dt className="font-semibold">{t("adminDelib.notice.period")}</dt>
        <dd>{`${formatDateTime(d.opensAt)} — ${formatDateTime(d.closedAt ?? d.closesAt)}`}</dd>
        <dt className="font-semibold">{t("adminDelib.notice.ballot")}</dt>
        <dd>{d.secret ? t("adminDelib.vote.secret") : t("adminDelib.vote.open")}</dd>
      </dl>
      <table className="w-full border-collapse text-left">
        <caption className="mb-2 text-left font-semibold">{t("adminDelib.notice.tallyCaption")}</caption>
        <thead>
          <tr>
            <th scope="col" className="border border-slate-400 p-2">
              {t("adminDelib.notice.row")}
            </th>
            <th scope="col" className="border border-slate-400 p-2 text-right">
              {t("adminDelib.notice.area")}
            </th>
            <th scope="col" className="border border-slate-400 p-2 text-right">
              {t("adminDelib.notice.headcount")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, v]) => (
            <tr key={label}>
              <th scope="row" className="border border-slate-400 p-2 font-normal">
                {label}
              </th>
              <td className="border border-slate-400 p-2 text-right">{formatArea(v.areaCentiM2)}</td>
              <td className="border border-slate-400 p-2 text-right">{formatNumber(v.headcount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="notice-quorum">
        {t("adminDelib.notice.quorum", {
          area: r.quorumByArea ? t("adminDelib.notice.reached") : t("adminDelib.notice.notReached"),
          head: r.quorumByHeadcount ? t("adminDelib.notice.reached") : t("adminDelib.notice.notReached"),
        })}
      </p>
      <p data-testid="notice-approval">
        {r.matter === "special"
          ? t("adminDelib.notice.approvalSpecial", { n: rule.numerator, d: rule.denominator })
          : t("adminDelib.notice.approvalOrdinary")}{" "}
        {t("adminDelib.notice.approval", {
          area: r.approvedByArea ? t("adminDelib.notice.reached") : t("adminDelib.notice.notReached"),
          head: r.approvedByHeadcount ? t("adminDelib.notice.reached") : t("adminDelib.notice.notReached"),
        })}
      </p>
      <p className="text-lg font-bold" data-testid="notice-result">
        {r.passed ? t("adminDelib.notice.passed") : t("adminDelib.notice.failed")}
      </p>
      <p className="text-right">
        {t("adminDelib.notice.date", { date: d.publishedAt ? beijingDateOf(d.publishedAt) : beijingToday() })}
      </p>
    </article>
  );
}
