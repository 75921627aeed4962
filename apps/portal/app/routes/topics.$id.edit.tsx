import { PageHeader, t, useI18n } from "@gongzhi/ui";
import { data } from "react-router";
import { getRequestCaller } from "../lib/context.server.ts";
import { failureResponse, parseForm, readForm, redirectWith, requireUser } from "../lib/forms.server.ts";
import { useFormFailure } from "../lib/forms.tsx";
import { localeFromRequest } from "../lib/locale.ts";
import { communityOf, isUuid, topicFields, topicFormFailure } from "../lib/topics.server.ts";
import { withTopicNotice } from "../lib/topics.ts";
import { TopicForm, type TopicFormFields, type TopicValues } from "../lib/topics-ui.tsx";
import type { Route } from "./+types/topics.$id.edit";

/** My draft, or 404 (someone else's draft does not exist; a published topic redirects to its page). */
export async function loader(args: Route.LoaderArgs) {
  const { caller } = await requireUser(args);
  const id = args.params.id;
  if (!isUuid(id)) throw data(null, { status: 404 });
  const topic = await caller.topics.get({ topicId: id }).catch(() => null);
  if (!topic?.isMine) throw data(null, { status: 404 });
  if (topic.status !== "draft") throw redirectWith(`/topics/${id}`);
  return {
    locale: localeFromRequest(args.request).locale,
    topic: { id: topic.id, title: topic.title, body: topic.body, category: topic.category },
  };
}

export async function action(args: Route.ActionArgs) {
  const { user, caller: readCaller } = await requireUser(args);
  const id = args.params.id;
  if (!isUuid(id)) throw data(null, { status: 404 });
  const form = await readForm(args.request);
  const intent = String(form.get("intent") ?? "");
  if (intent !== "preview" && intent !== "save" && intent !== "publish")
    return failureResponse({ formError: { key: "error.invalid_input" } });
  const parsed = await parseForm(form, topicFields, { intent });
  if (!parsed.ok) return parsed.failure;
  if (intent === "preview") {
    const communityId = await communityOf(user, readCaller);
    const similar = communityId
      ? await readCaller.topics
          .similar({ communityId, title: parsed.data.title, excludeTopicId: id, limit: 5 })
          .then(
            (page) =>
              page.items.map(({ id, title, status, supportCount }) => ({ id, title, status, supportCount })),
            () => [],
          )
      : [];
    return { ok: true as const, preview: parsed.data satisfies TopicValues, similar };
  }
  const { caller, responseHeaders } = await getRequestCaller(args);
  try {
    const current = await caller.topics.get({ topicId: id });
    const patch = {
      ...(parsed.data.title !== current.title ? { title: parsed.data.title } : {}),
      ...(parsed.data.body !== current.body ? { body: parsed.data.body } : {}),
      ...(parsed.data.category !== current.category ? { category: parsed.data.category } : {}),
    };
    // The API refuses an empty change: publishing an unchanged draft just publishes it.
    if (Object.keys(patch).length > 0) await caller.topics.editDraft({ topicId: id, ...patch });
    if (intent === "publish") {
      await caller.topics.publish({ topicId: id });
      return redirectWith(withTopicNotice(`/topics/${id}`, "published"), responseHeaders);
    }
    return redirectWith(withTopicNotice(`/topics/${id}`, "saved"), responseHeaders);
  } catch (error) {
    return topicFormFailure(error, parsed.values, intent);
  }
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  return [{ title: `${t(locale, "topics.edit.title")} · ${t(locale, "portal.title")}` }];
}

export default function EditTopic({ loaderData, actionData }: Route.ComponentProps) {
  const { t: tr } = useI18n();
  const intent = actionData && "intent" in actionData ? actionData.intent : undefined;
  const form = useFormFailure<TopicFormFields>(actionData, intent);
  const preview = actionData && "preview" in actionData ? actionData.preview : null;
  const similar = actionData && "similar" in actionData ? actionData.similar : null;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={tr("topics.edit.title")} />
      <TopicForm
        values={preview ?? loaderData.topic}
        form={form}
        preview={preview}
        similar={similar}
        excludeTopicId={loaderData.topic.id}
        saveIntent="save"
        saveLabel={tr("topics.edit.save")}
        key={preview ? `preview-${preview.title}-${preview.body.length}` : "form"}
      />
    </div>
  );
}
