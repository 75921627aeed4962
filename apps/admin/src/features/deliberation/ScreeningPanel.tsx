/**
 * 议题审核 (DOMAIN.md §5): the topics of a community awaiting screening (supports, body, similar topics),
 * accept / merge into a duplicate / decline with a public reason, each confirmed; and the comments that
 * were reported or hidden, to hide or show after review.
 */
import { Alert, Button, EmptyState, Loading, TopicStatusBadge, useI18n } from "@gongzhi/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorText } from "../../lib/errors.ts";
import { type Outputs, useTRPC } from "../../trpc.ts";
import { ConfirmButton, Pager, panelClass, QueryError, Select, TextArea, useCursorPager } from "./common.tsx";

type Topic = Outputs["topics"]["list"]["items"][number];

export function ScreeningPanel({ communityId }: { communityId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const pager = useCursorPager();
  const queue = useQuery(
    trpc.topics.list.queryOptions({
      communityId,
      status: "awaiting_screening",
      cursor: pager.cursor,
      limit: 10,
    }),
  );
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-6">
      <section className={panelClass} aria-labelledby="screening-heading" data-testid="screening-queue">
        <h2 id="screening-heading" className="text-lg font-semibold text-slate-900">
          {t("adminDelib.screening.title")}
        </h2>
        <p className="text-slate-800">{t("adminDelib.screening.intro")}</p>
        {notice ? (
          <Alert tone="success" focusOnMount>
            {notice}
          </Alert>
        ) : null}
        {queue.isPending ? <Loading /> : null}
        {queue.isError ? (
          <QueryError
            error={queue.error}
            title={t("adminDelib.screening.loadError")}
            onRetry={() => void queue.refetch()}
          />
        ) : null}
        {queue.data && queue.data.items.length === 0 ? (
          <EmptyState
            title={t("adminDelib.screening.empty")}
            description={t("adminDelib.screening.emptyBody")}
          />
        ) : null}
        <ul className="flex flex-col gap-4">
          {queue.data?.items.map((topic) => (
            <li key={topic.id}>
              <ScreenTopic topic={topic} communityId={communityId} onDone={setNotice} />
            </li>
          ))}
        </ul>
        {queue.data && (pager.page > 1 || queue.data.nextCursor) ? (
          <Pager
            label={t("adminDelib.screening.pager")}
            page={pager.page}
            hasNext={!!queue.data.nextCursor}
            onPrev={pager.prev}
            onNext={() => pager.next(queue.data.nextCursor)}
          />
        ) : null}
      </section>
      <CommentReview communityId={communityId} />
    </div>
  );
}

function ScreenTopic({
  topic,
  communityId,
  onDone,
}: {
  topic: Topic;
  communityId: string;
  onDone: (message: string) => void;
}) {
  const { t, formatNumber, formatDateTime } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [mode, setMode] = useState<"none" | "merge" | "decline">("none");
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [target, setTarget] = useState("");
  const [targetError, setTargetError] = useState<string | null>(null);
  const similar = useQuery(
    trpc.topics.similar.queryOptions({ communityId, title: topic.title, excludeTopicId: topic.id, limit: 5 }),
  );
  // Merge targets: the similar topics first, then other open topics of the community.
  const others = useQuery({
    ...trpc.topics.list.queryOptions({ communityId, limit: 50 }),
    enabled: mode === "merge",
  });
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.topics.list.pathKey() });
  const done = (message: string) => {
    onDone(message);
    void invalidate();
  };
  const accept = useMutation(
    trpc.topics.accept.mutationOptions({
      onSuccess: () => done(t("adminDelib.screening.accepted", { title: topic.title })),
    }),
  );
  const decline = useMutation(
    trpc.topics.decline.mutationOptions({
      onSuccess: () => done(t("adminDelib.screening.declined", { title: topic.title })),
    }),
  );
  const merge = useMutation(
    trpc.topics.merge.mutationOptions({
      onSuccess: () => done(t("adminDelib.screening.merged", { title: topic.title })),
    }),
  );
  const error = accept.error ?? decline.error ?? merge.error;
  const closedStatuses = new Set(["draft", "declined", "merged", "rated"]);
  const targets = [
    ...(similar.data?.items ?? []).map((s) => ({ id: s.id, title: s.title, similar: true })),
    ...(others.data?.items ?? [])
      .filter((o) => o.id !== topic.id && !closedStatuses.has(o.status))
      .map((o) => ({ id: o.id, title: o.title, similar: false })),
  ].filter((x, i, all) => all.findIndex((y) => y.id === x.id) === i && x.id !== topic.id);
  const headingId = `topic-${topic.id}`;

  return (
    <article
      aria-labelledby={headingId}
      className="flex flex-col gap-3 rounded-lg border border-slate-300 p-4"
      data-testid="screen-topic"
      data-topic-id={topic.id}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={headingId} className="text-base font-semibold text-slate-900">
          {topic.title}
        </h3>
        <TopicStatusBadge status={topic.status} />
      </div>
      <p className="text-sm text-slate-700">
        {t("adminDelib.screening.meta", {
          supports: formatNumber(topic.supportCount),
          date: formatDateTime(topic.createdAt),
        })}
      </p>
      <p className="whitespace-pre-wrap text-slate-900">{topic.body}</p>
      <div>
        <h4 className="font-medium text-slate-900">{t("adminDelib.screening.similar")}</h4>
        {similar.isPending ? <Loading /> : null}
        {similar.data && similar.data.items.length === 0 ? (
          <p className="text-slate-700">{t("adminDelib.screening.noSimilar")}</p>
        ) : (
          <ul className="list-disc pl-5">
            {similar.data?.items.map((s) => (
              <li key={s.id}>
                {s.title} · {t(`topics.status.${s.status}`)} ·{" "}
                {t("adminDelib.screening.supports", { count: formatNumber(s.supportCount) })}
              </li>
            ))}
          </ul>
        )}
      </div>
      {error ? <Alert tone="error">{errorText(t, error)}</Alert> : null}
      <div className="flex flex-wrap items-start gap-2">
        <ConfirmButton
          label={t("adminDelib.screening.accept")}
          question={t("adminDelib.screening.acceptQ", { title: topic.title })}
          loading={accept.isPending}
          onConfirm={() => accept.mutate({ topicId: topic.id })}
        />
        <Button
          variant="secondary"
          onClick={() => setMode(mode === "merge" ? "none" : "merge")}
          aria-expanded={mode === "merge"}
        >
          {t("adminDelib.screening.merge")}
        </Button>
        <Button
          variant="secondary"
          onClick={() => setMode(mode === "decline" ? "none" : "decline")}
          aria-expanded={mode === "decline"}
        >
          {t("adminDelib.screening.decline")}
        </Button>
      </div>
      {mode === "merge" ? (
        <form
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
          }}
        >
          <Select
            label={t("adminDelib.screening.mergeTarget")}
            name={`merge-${topic.id}`}
            value={target}
            error={targetError ?? undefined}
            onChange={(e) => {
              setTarget(e.target.value);
              setTargetError(null);
            }}
          >
            <option value="">{t("adminDelib.screening.mergePick")}</option>
            {targets.map((x) => (
              <option key={x.id} value={x.id}>
                {x.similar ? `★ ${x.title}` : x.title}
              </option>
            ))}
          </Select>
          {target ? (
            <ConfirmButton
              label={t("adminDelib.screening.mergeSubmit")}
              question={t("adminDelib.screening.mergeQ", {
                title: topic.title,
                target: targets.find((x) => x.id === target)?.title ?? "",
              })}
              loading={merge.isPending}
              onConfirm={() => merge.mutate({ topicId: topic.id, intoTopicId: target })}
            />
          ) : (
            <Button
              variant="secondary"
              onClick={() => setTargetError(t("adminDelib.screening.mergeRequired"))}
            >
              {t("adminDelib.screening.mergeSubmit")}
            </Button>
          )}
        </form>
      ) : null}
      {mode === "decline" ? (
        <form className="flex flex-col gap-3" onSubmit={(e) => e.preventDefault()}>
          <TextArea
            label={t("adminDelib.screening.reason")}
            hint={t("adminDelib.screening.reasonHint")}
            name={`reason-${topic.id}`}
            value={reason}
            maxLength={1000}
            error={reasonError ?? undefined}
            onChange={(e) => {
              setReason(e.target.value);
              setReasonError(null);
            }}
          />
          {reason.trim() ? (
            <ConfirmButton
              variant="danger"
              label={t("adminDelib.screening.declineSubmit")}
              question={t("adminDelib.screening.declineQ", { title: topic.title })}
              loading={decline.isPending}
              onConfirm={() => decline.mutate({ topicId: topic.id, reason: reason.trim() })}
            />
          ) : (
            <Button variant="danger" onClick={() => setReasonError(t("adminDelib.screening.reasonRequired"))}>
              {t("adminDelib.screening.declineSubmit")}
            </Button>
          )}
        </form>
      ) : null}
    </article>
  );
}

function CommentReview({ communityId }: { communityId: string }) {
  const { t, formatNumber, formatDateTime } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const pager = useCursorPager();
  const list = useQuery(
    trpc.topics.commentsForReview.queryOptions({ communityId, cursor: pager.cursor, limit: 20 }),
  );
  const moderate = useMutation(
    trpc.topics.moderateComment.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.topics.commentsForReview.pathKey() }),
    }),
  );
  return (
    <section className={panelClass} aria-labelledby="comments-heading">
      <h2 id="comments-heading" className="text-lg font-semibold text-slate-900">
        {t("adminDelib.comments.title")}
      </h2>
      {list.isPending ? <Loading /> : null}
      {list.isError ? <Alert tone="error">{errorText(t, list.error)}</Alert> : null}
      {moderate.error ? <Alert tone="error">{errorText(t, moderate.error)}</Alert> : null}
      {list.data && list.data.items.length === 0 ? (
        <p className="text-slate-700">{t("adminDelib.comments.empty")}</p>
      ) : null}
      <ul className="flex flex-col gap-3">
        {list.data?.items.map((c) => (
          <li key={c.id} className="flex flex-col gap-2 rounded-md border border-slate-300 p-3">
            <p className="whitespace-pre-wrap text-slate-900">{c.body}</p>
            <p className="text-sm text-slate-700">
              {t("adminDelib.comments.meta", {
                reports: formatNumber(c.openReports),
                date: formatDateTime(c.createdAt),
                state: c.hidden ? t("adminDelib.comments.hidden") : t("adminDelib.comments.visible"),
              })}
            </p>
            <div>
              <ConfirmButton
                variant={c.hidden ? "secondary" : "danger"}
                label={c.hidden ? t("adminDelib.comments.show") : t("adminDelib.comments.hide")}
                question={c.hidden ? t("adminDelib.comments.showQ") : t("adminDelib.comments.hideQ")}
                onConfirm={() => moderate.mutate({ commentId: c.id, hidden: !c.hidden })}
              />
            </div>
          </li>
        ))}
      </ul>
      {list.data && (pager.page > 1 || list.data.nextCursor) ? (
        <Pager
          label={t("adminDelib.comments.pager")}
          page={pager.page}
          hasNext={!!list.data.nextCursor}
          onPrev={pager.prev}
          onNext={() => pager.next(list.data.nextCursor)}
        />
      ) : null}
    </section>
  );
}
