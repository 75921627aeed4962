import { maskSensitive } from "@gongzhi/core";
import { Alert, Button, Card, PageHeader, t, useI18n } from "@gongzhi/ui";
import { data, Form, Link, useLocation } from "react-router";
import { getRequestCaller } from "../lib/context.server.ts";
import { apiFailure, parseForm, readForm, redirectWith, requireUser } from "../lib/forms.server.ts";
import { FormErrors, useFormFailure, usePending } from "../lib/forms.tsx";
import {
  callbackFields,
  categoryNames,
  placeChoices,
  reopenFields,
  uuidPattern,
} from "../lib/hotline.server.ts";
import { RadioGroup, RequestStatusBadge } from "../lib/hotline-ui.tsx";
import { localeFromRequest } from "../lib/locale.ts";
import { TextAreaField } from "../lib/topics-ui.tsx";
import type { Route } from "./+types/requests.$id";

function notFound(): never {
  throw data(null, { status: 404 });
}

export async function loader(args: Route.LoaderArgs) {
  const { user, caller } = await requireUser(args);
  const id = args.params.id;
  if (!uuidPattern.test(id)) notFound();
  // Only my own orders (myOrder answers not-found for anyone else's); its status changes, no internal notes.
  const detail = await caller.workOrders.myOrder({ id }).catch(() => null);
  if (!detail) notFound();
  const [names, places] = await Promise.all([categoryNames(caller), placeChoices(user, caller)]);
  const { order, events, callbacks, photos } = detail;
  const place = order.place;
  const compound =
    place?.kind === "compound" ? places.compounds.find((c) => c.id === place.compoundId) : undefined;
  const building =
    place?.kind === "compound" ? compound?.buildings.find((b) => b.id === place.buildingId) : undefined;
  const answer = [...events].reverse().find((e) => e.toStatus === "answered")?.note ?? null;
  const latest = callbacks.at(-1) ?? null;
  return {
    locale: localeFromRequest(args.request).locale,
    order: {
      id: order.id,
      number: order.number,
      type: order.type,
      status: order.status,
      text: order.text,
      receivedAt: order.receivedAt,
      dueAt: order.dueAt,
      // The requester's phone is masked in every view (the handling unit's screen shows it in full).
      phone: order.requesterPhone ? maskSensitive(order.requesterPhone) : null,
      category: names[order.categoryId] ?? null,
      place: {
        compound: compound?.name ?? null,
        building: building?.name ?? null,
        address: place?.address ?? "",
        point: place?.kind === "point" ? { lat: place.lat, lng: place.lng } : null,
      },
    },
    answer,
    events: events.map((e) => ({
      id: e.id,
      toStatus: e.toStatus,
      fromStatus: e.fromStatus,
      at: e.at,
      reason: e.reason,
    })),
    photos: photos.map((p) => ({ id: p.id })),
    latestCallback: latest ? { solved: latest.solved, satisfaction: latest.satisfaction } : null,
    canCallBack: order.status === "answered",
    canReopen: order.status === "called_back" && latest !== null && !latest.solved && latest.valid,
  };
}

export async function action(args: Route.ActionArgs) {
  await requireUser(args);
  const id = args.params.id;
  if (!uuidPattern.test(id)) notFound();
  const form = await readForm(args.request);
  const intent = String(form.get("intent") ?? "");
  const { caller, responseHeaders } = await getRequestCaller(args);
  if (intent === "callback") {
    const parsed = await parseForm(form, callbackFields, { intent });
    if (!parsed.ok) return parsed.failure;
    try {
      await caller.workOrders.answerCallback({
        id,
        contacted: parsed.data.contacted === "yes",
        solved: parsed.data.solved === "yes",
        satisfaction: parsed.data.satisfaction,
      });
    } catch (error) {
      return apiFailure(error, parsed.values, { intent });
    }
    return redirectWith(`/requests/${id}?done=callback#status`, responseHeaders);
  }
  if (intent === "reopen") {
    const parsed = await parseForm(form, reopenFields, { intent });
    if (!parsed.ok) return parsed.failure;
    try {
      await caller.workOrders.reopenMine({ id, reason: parsed.data.reason ?? null });
    } catch (error) {
      return apiFailure(error, parsed.values, { intent });
    }
    return redirectWith(`/requests/${id}?done=reopened#status`, responseHeaders);
  }
  throw data(null, { status: 400 });
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  const title = loaderData ? t(locale, "request.number", { number: loaderData.order.number }) : "";
  return [{ title: `${title} · ${t(locale, "request.title")} · ${t(locale, "portal.title")}` }];
}

const linkClass = "inline-flex min-h-11 items-center font-medium text-brand-800 underline underline-offset-4";

const notices = {
  filed: "request.detail.filed",
  callback: "request.detail.callbackThanks",
  reopened: "request.detail.reopened",
} as const;

export default function RequestDetail({ loaderData, actionData }: Route.ComponentProps) {
  const { t: tr, locale, formatDateTime } = useI18n();
  const { order, answer, events, photos, latestCallback, canCallBack, canReopen } = loaderData;
  const done = new URLSearchParams(useLocation().search).get("done");
  const notice = done && done in notices ? notices[done as keyof typeof notices] : null;
  const { place } = order;
  const placeText =
    [place.compound, place.building, place.address].filter(Boolean).join(" ") ||
    (place.point ? "" : tr("request.detail.placeNone"));
  return (
    <div className="flex flex-col gap-6">
      <p>
        <Link to="/requests" className={linkClass}>
          ← {tr("request.detail.back")}
        </Link>
      </p>
      <PageHeader title={tr("request.number", { number: order.number })} />
      {notice ? (
        <Alert tone="success" focusOnMount>
          {tr(notice)}
        </Alert>
      ) : null}
      <Card title={tr("request.detail.summary")} id="status">
        <div className="mb-4">
          <RequestStatusBadge status={order.status} />
        </div>
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]" data-testid="request-summary">
          <dt className="font-medium text-slate-700">{tr("request.typeLabel")}</dt>
          <dd>{tr(`request.type.${order.type}`)}</dd>
          {order.category ? (
            <>
              <dt className="font-medium text-slate-700">{tr("request.category")}</dt>
              <dd>{locale === "en" ? order.category.en : order.category.zh}</dd>
            </>
          ) : null}
          <dt className="font-medium text-slate-700">{tr("request.detail.place")}</dt>
          <dd className="break-words">
            {placeText}
            {place.point ? (
              <span className="block text-sm text-slate-700">
                {tr("request.detail.coordinates", { lat: place.point.lat, lng: place.point.lng })}
              </span>
            ) : null}
          </dd>
          <dt className="font-medium text-slate-700">{tr("request.receivedAt")}</dt>
          <dd>{formatDateTime(order.receivedAt)}</dd>
          <dt className="font-medium text-slate-700">{tr("request.dueAt")}</dt>
          <dd>{formatDateTime(order.dueAt)}</dd>
          {order.phone ? (
            <>
              <dt className="font-medium text-slate-700">{tr("request.detail.requester")}</dt>
              <dd data-testid="request-phone">{order.phone}</dd>
            </>
          ) : null}
          {latestCallback ? (
            <>
              <dt className="font-medium text-slate-700">{tr("request.callback.title")}</dt>
              <dd>
                {tr("request.callback.result", {
                  solved: tr(
                    latestCallback.solved ? "request.callback.solvedYes" : "request.callback.solvedNo",
                  ),
                  satisfaction: tr(`request.callback.${latestCallback.satisfaction}`),
                })}
              </dd>
            </>
          ) : null}
        </dl>
        <h3 className="mt-4 font-semibold text-slate-900">{tr("request.detail.text")}</h3>
        <p className="mt-1 whitespace-pre-line break-words text-slate-900" data-testid="request-text">
          {order.text}
        </p>
      </Card>
      {photos.length > 0 ? (
        <Card title={tr("request.detail.photos", { count: photos.length })}>
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3" data-testid="request-photos">
            {photos.map((p, i) => (
              <li key={p.id}>
                <a href={`/work-order-photos/${p.id}`} className="block min-h-11">
                  <img
                    src={`/work-order-photos/${p.id}`}
                    alt={tr("request.detail.photoAlt", { n: i + 1 })}
                    className="aspect-square w-full rounded-lg border border-slate-300 object-cover"
                    loading="lazy"
                  />
                </a>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card title={tr("request.detail.answer")}>
        {answer ? (
          <p className="whitespace-pre-line break-words" data-testid="request-answer">
            {answer}
          </p>
        ) : (
          <p className="text-slate-800">{tr("request.detail.noAnswer")}</p>
        )}
      </Card>
      {canCallBack ? <CallbackForm actionData={actionData} /> : null}
      {canReopen ? <ReopenForm actionData={actionData} /> : null}
      <Card title={tr("request.detail.timeline")}>
        <ol className="space-y-3" data-testid="request-timeline">
          <li>
            <span className="block text-sm text-slate-700">{formatDateTime(order.receivedAt)}</span>
            {tr("request.event.filed")}
          </li>
          {events.map((e) => (
            <li key={e.id} className="break-words" data-status={e.toStatus ?? undefined}>
              <span className="block text-sm text-slate-700">{formatDateTime(e.at)}</span>
              {e.toStatus ? tr(`request.event.${e.toStatus}`) : null}
              {e.reason ? (
                <span className="block text-slate-800">
                  {tr("request.detail.reason", { reason: e.reason })}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}

function CallbackForm({ actionData }: { actionData: unknown }) {
  const { t: tr } = useI18n();
  const form = useFormFailure<"contacted" | "solved" | "satisfaction">(actionData, "callback");
  const pending = usePending("callback");
  const yesNo = (
    yes: "request.callback.yes" | "request.callback.solvedYes",
    no: "request.callback.no" | "request.callback.solvedNo",
  ) => [
    { value: "yes", label: yes },
    { value: "no", label: no },
  ];
  return (
    <Card title={tr("request.callback.title")} id="callback">
      <p className="mb-4 max-w-prose text-slate-800">{tr("request.callback.intro")}</p>
      <FormErrors form={form} order={["contacted", "solved", "satisfaction"]} />
      <Form method="post" className="flex max-w-2xl flex-col gap-5" noValidate data-testid="callback-form">
        <input type="hidden" name="intent" value="callback" />
        <RadioGroup
          name="contacted"
          legend={tr("request.callback.contacted")}
          options={yesNo("request.callback.yes", "request.callback.no")}
          defaultValue={form.value("contacted")}
          error={form.error("contacted")}
          inline
        />
        <RadioGroup
          name="solved"
          legend={tr("request.callback.solved")}
          options={yesNo("request.callback.solvedYes", "request.callback.solvedNo")}
          defaultValue={form.value("solved")}
          error={form.error("solved")}
          inline
        />
        <RadioGroup
          name="satisfaction"
          legend={tr("request.callback.satisfaction")}
          options={[
            { value: "satisfied", label: "request.callback.satisfied" },
            { value: "basically_satisfied", label: "request.callback.basically_satisfied" },
            { value: "dissatisfied", label: "request.callback.dissatisfied" },
          ]}
          defaultValue={form.value("satisfaction")}
          error={form.error("satisfaction")}
          inline
        />
        <div>
          <Button type="submit" loading={pending}>
            {pending ? tr("form.submitting") : tr("request.callback.submit")}
          </Button>
        </div>
      </Form>
    </Card>
  );
}

function ReopenForm({ actionData }: { actionData: unknown }) {
  const { t: tr } = useI18n();
  const form = useFormFailure<"reason">(actionData, "reopen");
  const pending = usePending("reopen");
  return (
    <Card title={tr("request.reopen.title")} id="reopen">
      <p className="mb-4 max-w-prose text-slate-800">{tr("request.reopen.intro")}</p>
      <FormErrors form={form} order={["reason"]} />
      <Form method="post" className="flex max-w-2xl flex-col gap-5" noValidate data-testid="reopen-form">
        <input type="hidden" name="intent" value="reopen" />
        <TextAreaField
          name="reason"
          label={tr("request.reopen.reason")}
          defaultValue={form.value("reason")}
          error={form.error("reason")}
          maxLength={1000}
        />
        <div>
          <Button type="submit" variant="secondary" loading={pending}>
            {pending ? tr("form.submitting") : tr("request.reopen.submit")}
          </Button>
        </div>
      </Form>
    </Card>
  );
}
