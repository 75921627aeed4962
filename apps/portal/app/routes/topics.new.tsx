import { Alert, buttonClasses, PageHeader, t, useI18n } from "@gongzhi/ui";
import { Link } from "react-router";
import { getRequestCaller } from "../lib/context.server.ts";
import { failureResponse, parseForm, readForm, redirectWith, requireUser } from "../lib/forms.server.ts";
import { useFormFailure } from "../lib/forms.tsx";
import { localeFromRequest } from "../lib/locale.ts";
import { communityOf, topicFields, topicFormFailure } from "../lib/topics.server.ts";
import { withTopicNotice } from "../lib/topics.ts";
import { TopicForm, type TopicFormFields, type TopicValues } from "../lib/topics-ui.tsx";
import type { Route } from "./+types/topics.new";

export async function loader(args: Route.LoaderArgs) {
  const { user, caller } = await requireUser(args);
  const communityId = await communityOf(user, caller);
  return { locale: localeFromRequest(args.request).locale, hasCommunity: communityId !== null };
}

/** "预览" answers with the preview and similar topics; "保存草稿" and "发布" create the topic. */
export async function action(args: Route.ActionArgs) {
  const { user, caller: readCaller } = await requireUser(args);
  const form = await readForm(args.request);
  const intent = String(form.get("intent") ?? "");
  if (intent !== "preview" && intent !== "draft" && intent !== "publish")
    return failureResponse({ formError: { key: "error.invalid_input" } });
  const communityId = await communityOf(user, readCaller);
  if (!communityId) return failureResponse({ formError: { key: "topics.new.noCommunity" }, intent }, 403);
  const parsed = await parseForm(form, topicFields, { intent });
  if (!parsed.ok) return parsed.failure;
  if (intent === "preview") {
    const similar = await readCaller.topics.similar({ communityId, title: parsed.data.title, limit: 5 }).then(
      (page) =>
        page.items.map(({ id, title, status, supportCount }) => ({ id, title, status, supportCount })),
      () => [],
    );
    return { ok: true as const, preview: parsed.data satisfies TopicValues, similar };
  }
  const { caller, responseHeaders } = await getRequestCaller(args);
  try {
    const topic = await caller.topics.propose({
      communityId,
      title: parsed.data.title,
      body: parsed.data.body,
      category: parsed.data.category,
      publish: intent === "publish",
    });
    return redirectWith(
      withTopicNotice(`/topics/${topic.id}`, intent === "publish" ? "published" : "drafted"),
      responseHeaders,
    );
  } catch (error) {
    return topicFormFailure(error, parsed.values, intent);
  }
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  return [{ title: `${t(locale, "topics.new.title")} · ${t(locale, "portal.title")}` }];
}

export default function NewTopic({ loaderData, actionData }: Route.ComponentProps) {
  const { t: tr } = useI18n();
  const intent = actionData && "intent" in actionData ? actionData.intent : undefined;
  const form = useFormFailure<TopicFormFields>(actionData, intent);
  const preview = actionData && "preview" in actionData ? actionData.preview : null;
  const similar = actionData && "similar" in actionData ? actionData.similar : null;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={tr("topics.new.title")} intro={tr("topics.new.intro")} />
      {loaderData.hasCommunity ? (
        <TopicForm
          values={preview ?? { title: "", body: "", category: "" }}
          form={form}
          preview={preview}
          similar={similar}
          saveIntent="draft"
          saveLabel={tr("topics.new.saveDraft")}
          key={preview ? `preview-${preview.title}-${preview.body.length}` : "form"}
        />
      ) : (
        <Alert tone="info" title={tr("topics.new.noCommunity")}>
          <Link to="/verify" className={buttonClasses("secondary")}>
            {tr("topics.noCommunity.action")}
          </Link>
        </Alert>
      )}
    </div>
  );
}
