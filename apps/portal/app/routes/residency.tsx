import { Button, buttonClasses, Card, EmptyState, PageHeader, TextField, t, useI18n } from "@gongzhi/ui";
import { Form, Link } from "react-router";
import { getRequestCaller } from "../lib/context.server.ts";
import {
  apiFailure,
  failureResponse,
  parseForm,
  readForm,
  redirectWith,
  requireUser,
  textRule,
} from "../lib/forms.server.ts";
import { FormErrors, useFormFailure, usePending } from "../lib/forms.tsx";
import { localeFromRequest } from "../lib/locale.ts";
import { withNotice } from "../lib/notices.ts";
import type { Route } from "./+types/residency";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Joining a community (issue 10): residency is never claimed. The page offers the household code
 * (/verify) and a residency request: find the community (a GET search), send the request with an
 * optional note; community staff decide in the console. Works without JavaScript.
 */
export async function loader(args: Route.LoaderArgs) {
  const { user, caller } = await requireUser(args);
  const url = new URL(args.request.url);
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 50);
  const [mine, found] = await Promise.all([
    caller.residency.mine(),
    q ? caller.registry.communities({ search: q, limit: 20 }).then((p) => p.items) : Promise.resolve(null),
  ]);
  const residentOf = user.roles
    .filter((r) => r.role === "resident" && r.scopeKind === "community" && r.scopeId)
    .map((r) => r.scopeId as string);
  const names = await Promise.all(
    residentOf.map((id) =>
      caller.registry.community({ id }).then(
        (c) => c.name,
        () => null,
      ),
    ),
  );
  return {
    locale: localeFromRequest(args.request).locale,
    q,
    found: found?.map((c) => ({ id: c.id, name: c.name, member: residentOf.includes(c.id) })) ?? null,
    residentOf: names.filter((n): n is string => n !== null),
    mine,
  };
}

const noteFields = {
  note: { schema: textRule({ max: 200 }), message: "residency.note.invalid", optional: true },
} as const;

export async function action(args: Route.ActionArgs) {
  await requireUser(args);
  const form = await readForm(args.request);
  const intent = form.get("intent");
  const { caller, responseHeaders } = await getRequestCaller(args);
  const id = String(form.get(intent === "withdraw" ? "requestId" : "communityId") ?? "");
  if (!UUID.test(id))
    return failureResponse({ formError: { key: "error.invalid_input" }, intent: String(intent) });
  if (intent === "request") {
    const parsed = await parseForm(form, noteFields, { intent: `request-${id}` });
    if (!parsed.ok) return parsed.failure;
    try {
      await caller.residency.request({
        communityId: id,
        ...(parsed.data.note ? { note: parsed.data.note } : {}),
      });
    } catch (error) {
      return apiFailure(error, parsed.values, { intent: `request-${id}` });
    }
    return redirectWith(`${withNotice("/residency", "residency_requested")}#mine`, responseHeaders);
  }
  if (intent === "withdraw") {
    try {
      await caller.residency.withdraw({ id });
    } catch (error) {
      return apiFailure(error, {}, { intent: "withdraw" });
    }
    return redirectWith(`${withNotice("/residency", "residency_withdrawn")}#mine`, responseHeaders);
  }
  return failureResponse({ formError: { key: "error.invalid_input" } });
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  return [{ title: `${t(locale, "residency.title")} · ${t(locale, "portal.title")}` }];
}

const statusClass = {
  pending: "bg-amber-100 text-amber-950",
  approved: "bg-green-100 text-green-900",
  declined: "bg-red-100 text-red-900",
  withdrawn: "bg-slate-100 text-slate-800",
} as const;

export default function Residency({ loaderData, actionData }: Route.ComponentProps) {
  const { t: tr, formatDateTime } = useI18n();
  const { q, found, residentOf, mine } = loaderData;
  const withdraw = useFormFailure(actionData, "withdraw");
  const pending = usePending();
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={tr("residency.title")} intro={tr("residency.intro")} />
      {residentOf.length > 0 ? (
        <p className="rounded-lg bg-green-50 p-3 text-green-950" data-testid="residency-member">
          {tr("residency.member", { names: residentOf.join("、") })}
        </p>
      ) : null}

      <Card title={tr("residency.code.title")}>
        <p className="mb-4 max-w-prose text-slate-800">{tr("residency.code.body")}</p>
        <Link to="/verify" className={buttonClasses("secondary")}>
          {tr("residency.code.link")}
        </Link>
      </Card>

      <Card title={tr("residency.request.title")} id="request">
        <p className="mb-4 max-w-prose text-slate-800">{tr("residency.request.intro")}</p>
        <Form method="get" className="flex flex-wrap items-end gap-3" role="search">
          <TextField
            label={tr("residency.search.label")}
            hint={tr("residency.search.hint")}
            name="q"
            type="search"
            maxLength={50}
            defaultValue={q}
            className="min-w-48 flex-1"
          />
          <Button type="submit" variant="secondary">
            {tr("residency.search.submit")}
          </Button>
        </Form>
        {found === null ? null : found.length === 0 ? (
          <p className="mt-4" role="status">
            {tr("residency.noResults", { q })}
          </p>
        ) : (
          <section aria-labelledby="residency-results" className="mt-4">
            <h3 id="residency-results" className="mb-2 font-semibold text-slate-900">
              {tr("residency.results")}
            </h3>
            <ul className="flex flex-col divide-y divide-slate-200" data-testid="residency-results">
              {found.map((c) => (
                <CommunityRequest key={c.id} community={c} actionData={actionData} pending={pending} />
              ))}
            </ul>
          </section>
        )}
      </Card>

      <Card title={tr("residency.mine.title")} id="mine">
        <FormErrors form={withdraw} order={[]} />
        {mine.length === 0 ? (
          <EmptyState title={tr("residency.mine.empty")} />
        ) : (
          <ul className="flex flex-col divide-y divide-slate-200" data-testid="residency-mine">
            {mine.map((r) => (
              <li
                key={r.id}
                className="flex flex-wrap items-center justify-between gap-3 py-3"
                data-status={r.status}
              >
                <div>
                  <p className="font-medium">
                    {r.communityName}{" "}
                    <span
                      className={`ml-2 rounded-full px-2 py-0.5 text-sm font-semibold ${statusClass[r.status]}`}
                    >
                      {tr(`residency.status.${r.status}`)}
                    </span>
                  </p>
                  <p className="text-sm text-slate-700">
                    {tr("residency.requestedAt", { time: formatDateTime(r.createdAt) })}
                  </p>
                  {r.decisionReason ? (
                    <p className="text-sm text-slate-800">
                      {tr("residency.reason", { reason: r.decisionReason })}
                    </p>
                  ) : null}
                </div>
                {r.status === "pending" ? (
                  <Form method="post">
                    <input type="hidden" name="requestId" value={r.id} />
                    <Button
                      type="submit"
                      variant="secondary"
                      name="intent"
                      value="withdraw"
                      aria-label={tr("residency.withdrawLabel", { community: r.communityName })}
                    >
                      {tr("residency.withdraw")}
                    </Button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

function CommunityRequest({
  community,
  actionData,
  pending,
}: {
  community: { id: string; name: string; member: boolean };
  actionData: unknown;
  pending: boolean;
}) {
  const { t: tr } = useI18n();
  const form = useFormFailure<"note">(actionData, `request-${community.id}`);
  return (
    <li className="py-3">
      <p className="mb-2 font-medium">{community.name}</p>
      {community.member ? (
        <p className="text-sm text-green-900">{tr("residency.member", { names: community.name })}</p>
      ) : (
        <>
          <FormErrors form={form} order={["note"]} />
          <Form method="post" className="flex flex-col gap-3" noValidate>
            <input type="hidden" name="communityId" value={community.id} />
            <TextField
              // The failed form's field takes the id its error summary links to.
              id={form.failure ? undefined : `note-${community.id}`}
              label={tr("residency.note.label")}
              hint={tr("residency.note.hint")}
              name="note"
              maxLength={200}
              defaultValue={form.value("note")}
              error={form.error("note")}
            />
            <div>
              <Button type="submit" name="intent" value="request" disabled={pending}>
                {tr("residency.request.submit", { community: community.name })}
              </Button>
            </div>
          </Form>
        </>
      )}
    </li>
  );
}
