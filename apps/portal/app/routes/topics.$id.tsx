import {
  Button,
  buttonClasses,
  Card,
  EmptyState,
  PageHeader,
  TopicStatusBadge,
  TopicSupportMeter,
  TopicTimeline,
  t,
  useI18n,
} from "@gongzhi/ui";
import { useEffect, useState } from "react";
import { data, Form, Link, useFetcher } from "react-router";
import { getCaller, getRequestCaller } from "../lib/context.server.ts";
import {
  apiFailure,
  failureResponse,
  getUser,
  parseForm,
  readForm,
  redirectWith,
  requireUser,
  signInUrl,
} from "../lib/forms.server.ts";
import { FormErrors, useFormFailure, usePending } from "../lib/forms.tsx";
import { localeFromRequest } from "../lib/locale.ts";
import { commentFields, isUuid, reportFields } from "../lib/topics.server.ts";
import { type TopicStatus, withTopicNotice } from "../lib/topics.ts";
import { linkClass, TextAreaField, TopicNotice } from "../lib/topics-ui.tsx";
import type { Route } from "./+types/topics.$id";

const supportable: readonly TopicStatus[] = ["collecting", "awaiting_screening", "accepted", "scheduled"];

function isNotFound(error: unknown) {
  return error instanceof Error && (error as { code?: unknown }).code === "NOT_FOUND";
}

export async function loader(args: Route.LoaderArgs) {
  const locale = localeFromRequest(args.request).locale;
  const id = args.params.id;
  if (!isUuid(id)) throw data(null, { status: 404 });
  const [user, caller] = await Promise.all([getUser(args), getCaller(args)]);
  const topic = await caller.topics.get({ topicId: id }).catch((error: unknown) => {
    if (isNotFound(error)) throw data(null, { status: 404 });
    throw error;
  });
  const signedIn = Boolean(user);
  // Only residents of the topic's community can support (the API decides; this only hides the button).
  const canSupport = Boolean(user?.roles.some((r) => r.role === "resident"));
  return {
    locale,
    signedIn,
    canSupport,
    signInHref: signInUrl(args.request),
    topic: {
      id: topic.id,
      title: topic.title,
      body: topic.body,
      category: topic.category,
      status: topic.status,
      supportCount: topic.supportCount,
      supportThreshold: topic.supportThreshold,
      supportedByMe: topic.supportedByMe,
      isMine: topic.isMine,
      declineReason: topic.declineReason,
      mergedInto: topic.mergedInto,
      createdAt: topic.createdAt,
      comments: topic.comments.map(({ id, authorId, authorName, body, createdAt }) => ({
        id,
        authorName,
        body,
        createdAt,
        mine: authorId === user?.id,
      })),
      history: topic.history
        .filter((h) => h.to !== "draft")
        .map(({ id, to, at, note }) => ({ id, to, at, note })),
    },
  };
}

type Intent = "support" | "withdraw" | "comment" | "report" | "publish";

/** All the page's forms post here, told apart by `intent`. A support sent by the fetcher (JavaScript on)
 * gets JSON back; without JavaScript every form redirects (post/redirect/get). */
export async function action(args: Route.ActionArgs) {
  await requireUser(args);
  const id = args.params.id;
  if (!isUuid(id)) throw data(null, { status: 404 });
  const form = await readForm(args.request);
  const intent = String(form.get("intent") ?? "") as Intent;
  const viaFetcher = form.get("via") === "fetcher";
  const { caller, responseHeaders } = await getRequestCaller(args);
  const here = `/topics/${id}`;
  switch (intent) {
    case "support":
    case "withdraw": {
      try {
        const result =
          intent === "support"
            ? await caller.topics.support({ topicId: id })
            : await caller.topics.withdrawSupport({ topicId: id });
        if (viaFetcher) return { ok: true as const, intent, ...result };
        return redirectWith(
          withTopicNotice(`${here}#support`, intent === "support" ? "supported" : "withdrawn"),
          responseHeaders,
        );
      } catch (error) {
        return apiFailure(error, {}, { intent: "support" });
      }
    }
    case "comment": {
      const parsed = await parseForm(form, commentFields, { intent });
      if (!parsed.ok) return parsed.failure;
      try {
        await caller.topics.comment({ topicId: id, body: parsed.data.body });
      } catch (error) {
        return apiFailure(error, parsed.values, { intent, fields: { "error.too_many": "body" } });
      }
      return redirectWith(withTopicNotice(`${here}#comments`, "commented"), responseHeaders);
    }
    case "report": {
      const commentId = String(form.get("commentId") ?? "");
      const reportIntent = `report:${commentId}`;
      if (!isUuid(commentId)) return failureResponse({ formError: { key: "error.invalid_input" } });
      const parsed = await parseForm(form, reportFields, { intent: reportIntent });
      if (!parsed.ok) return parsed.failure;
      try {
        await caller.topics.reportComment({ commentId, reason: parsed.data.reason });
      } catch (error) {
        return apiFailure(error, parsed.values, { intent: reportIntent });
      }
      return redirectWith(withTopicNotice(`${here}#comments`, "reported"), responseHeaders);
    }
    case "publish": {
      try {
        await caller.topics.publish({ topicId: id });
      } catch (error) {
        return apiFailure(error, {}, { intent });
      }
      return redirectWith(withTopicNotice(here, "published"), responseHeaders);
    }
    default:
      return failureResponse({ formError: { key: "error.invalid_input" } });
  }
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  const title = loaderData?.topic.title ?? t(locale, "topics.title");
  return [{ title: `${title} · ${t(locale, "portal.title")}` }];
}

type LoaderTopic = Route.ComponentProps["loaderData"]["topic"];

function SupportPanel({
  topic,
  signedIn,
  canSupport,
  signInHref,
  actionData,
}: {
  topic: LoaderTopic;
  signedIn: boolean;
  canSupport: boolean;
  signInHref: string;
  actionData: unknown;
}) {
  const { t: tr } = useI18n();
  const fetcher = useFetcher<typeof action>();
  // Rendered after hydration only: a post without JavaScript has no `via` and is redirected.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const pendingSupport = usePending("support");
  const pendingWithdraw = usePending("withdraw");
  const pendingNav = pendingSupport || pendingWithdraw;
  const sending =
    fetcher.state !== "idle" ? (fetcher.formData?.get("intent") as Intent | undefined) : undefined;
  let supported = topic.supportedByMe;
  let count = topic.supportCount;
  if (sending === "support") {
    supported = true;
    count = topic.supportedByMe ? count : count + 1;
  } else if (sending === "withdraw") {
    supported = false;
    count = topic.supportedByMe ? count - 1 : count;
  }
  const failure = useFormFailure(fetcher.data ?? actionData, "support");
  const open = supportable.includes(topic.status);
  return (
    <Card title={tr("topics.support.heading")} id="support">
      <div className="flex flex-col gap-4">
        <TopicSupportMeter count={count} threshold={topic.supportThreshold} pending={Boolean(sending)} />
        {failure.formError ? (
          <p role="alert" className="font-medium text-red-800">
            {failure.formError}
          </p>
        ) : null}
        {topic.status === "draft" ? null : !open ? (
          <p className="text-slate-800">{tr("topics.support.closed")}</p>
        ) : !signedIn ? (
          <p>
            <Link to={signInHref} className={buttonClasses("primary")}>
              {tr("topics.support.signIn")}
            </Link>
          </p>
        ) : topic.isMine ? (
          <p className="text-slate-800">{tr("topics.support.own")}</p>
        ) : canSupport ? (
          <fetcher.Form method="post" className="flex flex-wrap items-center gap-4">
            {hydrated ? <input type="hidden" name="via" value="fetcher" /> : null}
            {supported ? (
              <p className="font-medium text-green-900">{tr("topics.support.supported")}</p>
            ) : null}
            <Button
              type="submit"
              name="intent"
              value={supported ? "withdraw" : "support"}
              variant={supported ? "secondary" : "primary"}
              disabled={Boolean(sending) || pendingNav}
              data-testid="support-button"
            >
              {supported ? tr("topics.support.withdraw") : tr("topics.support.support")}
            </Button>
          </fetcher.Form>
        ) : null}
      </div>
    </Card>
  );
}

function CommentItem({
  comment,
  canReport,
  actionData,
}: {
  comment: LoaderTopic["comments"][number];
  canReport: boolean;
  actionData: unknown;
}) {
  const { t: tr, formatDateTime } = useI18n();
  const report = useFormFailure<"reason">(actionData, `report:${comment.id}`);
  const pending = usePending("report");
  return (
    <li className="flex flex-col gap-2 py-4" data-testid="comment">
      <p className="text-sm text-slate-700">
        {tr("topics.comments.by", { name: comment.authorName, time: formatDateTime(comment.createdAt) })}
      </p>
      <p className="max-w-prose whitespace-pre-line break-words text-slate-900">{comment.body}</p>
      {canReport && !comment.mine ? (
        <details open={Boolean(report.failure)} className="text-sm">
          <summary className="inline-flex min-h-11 cursor-pointer items-center font-medium text-brand-800 underline underline-offset-4">
            {tr("topics.report.summary")}
          </summary>
          <FormErrors form={report} order={["reason"]} />
          <Form method="post" className="mt-2 flex max-w-xl flex-col gap-3" noValidate>
            <input type="hidden" name="commentId" value={comment.id} />
            <TextAreaField
              name="reason"
              // One report form per comment: only the failed one takes the id the error summary links to.
              id={report.failure ? undefined : `reason-${comment.id}`}
              label={tr("topics.report.reason")}
              hint={tr("topics.report.hint")}
              error={report.error("reason")}
              rows={2}
              maxLength={500}
              required
              defaultValue={report.value("reason")}
            />
            <div>
              <Button type="submit" name="intent" value="report" variant="secondary" loading={pending}>
                {tr("topics.report.submit")}
              </Button>
            </div>
          </Form>
        </details>
      ) : null}
    </li>
  );
}

export default function TopicDetail({ loaderData, actionData }: Route.ComponentProps) {
  const { t: tr, formatDateTime } = useI18n();
  const { topic, signedIn, canSupport, signInHref } = loaderData;
  const comment = useFormFailure<"body">(actionData, "comment");
  const publish = useFormFailure(actionData, "publish");
  const commentPending = usePending("comment");
  const publishPending = usePending("publish");
  const isDraft = topic.status === "draft";
  return (
    <article className="flex flex-col gap-6">
      <TopicNotice />
      <p>
        <Link to="/topics" className={linkClass}>
          ← {tr("topics.detail.back")}
        </Link>
      </p>
      <PageHeader title={<span className="break-words">{topic.title}</span>} />
      <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium text-slate-700">{tr("topics.detail.status")}</dt>
        <dd>
          <TopicStatusBadge status={topic.status} />
        </dd>
        <dt className="font-medium text-slate-700">{tr("topics.detail.category")}</dt>
        <dd>{tr(`topics.category.${topic.category}`)}</dd>
        <dt className="font-medium text-slate-700">{tr("topics.detail.created")}</dt>
        <dd>
          <time dateTime={new Date(topic.createdAt).toISOString()}>{formatDateTime(topic.createdAt)}</time>
        </dd>
      </dl>

      {isDraft ? (
        <Card title={tr("topics.status.draft")}>
          <p className="mb-4 max-w-prose text-slate-800">{tr("topics.detail.draftNote")}</p>
          <FormErrors form={publish} order={[]} />
          <div className="flex flex-wrap gap-3">
            <Link to={`/topics/${topic.id}/edit`} className={buttonClasses("secondary")}>
              {tr("topics.detail.edit")}
            </Link>
            <Form method="post">
              <Button type="submit" name="intent" value="publish" loading={publishPending}>
                {tr("topics.detail.publish")}
              </Button>
            </Form>
          </div>
        </Card>
      ) : null}

      {topic.status === "declined" && topic.declineReason ? (
        <section
          aria-labelledby="declined-heading"
          className="rounded-lg border border-red-300 bg-red-50 p-4"
        >
          <h2 id="declined-heading" className="text-lg font-semibold text-red-900">
            {tr("topics.detail.declined")}
          </h2>
          <p
            className="mt-1 max-w-prose whitespace-pre-line break-words text-slate-900"
            data-testid="decline-reason"
          >
            {topic.declineReason}
          </p>
        </section>
      ) : null}
      {topic.mergedInto ? (
        <section className="rounded-lg border border-slate-400 bg-slate-50 p-4">
          <p className="text-slate-900">{tr("topics.detail.merged")}</p>
          <Link to={`/topics/${topic.mergedInto.id}`} className={linkClass} data-testid="merged-into">
            {topic.mergedInto.title}
          </Link>
        </section>
      ) : null}

      <Card title={tr("topics.detail.body")}>
        <p className="max-w-prose whitespace-pre-line break-words text-slate-900">{topic.body}</p>
      </Card>

      <SupportPanel
        topic={topic}
        signedIn={signedIn}
        canSupport={canSupport}
        signInHref={signInHref}
        actionData={actionData}
      />

      <Card title={tr("topics.history.heading")}>
        <TopicTimeline createdAt={topic.createdAt} entries={topic.history} />
      </Card>

      <Card title={tr("topics.comments.heading", { count: topic.comments.length })} id="comments">
        {topic.comments.length === 0 ? (
          <EmptyState title={tr("topics.comments.empty")} />
        ) : (
          <ul className="flex flex-col divide-y divide-slate-200" data-testid="comments">
            {topic.comments.map((c) => (
              <CommentItem key={c.id} comment={c} canReport={signedIn} actionData={actionData} />
            ))}
          </ul>
        )}
        <div className="mt-4 border-t border-slate-200 pt-4">
          {isDraft ? (
            <p className="text-slate-800">{tr("topics.comments.draft")}</p>
          ) : signedIn ? (
            <>
              <FormErrors form={comment} order={["body"]} />
              <Form method="post" className="flex max-w-2xl flex-col gap-3" noValidate>
                <TextAreaField
                  name="body"
                  label={tr("topics.comments.label")}
                  hint={tr("topics.comments.hint")}
                  error={comment.error("body")}
                  rows={3}
                  maxLength={2000}
                  required
                  defaultValue={comment.value("body")}
                  key={comment.resetKey}
                />
                <div>
                  <Button type="submit" name="intent" value="comment" loading={commentPending}>
                    {tr("topics.comments.submit")}
                  </Button>
                </div>
              </Form>
            </>
          ) : (
            <Link to={signInHref} className={linkClass}>
              {tr("topics.comments.signIn")}
            </Link>
          )}
        </div>
      </Card>
    </article>
  );
}
