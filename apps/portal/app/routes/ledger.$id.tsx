import {
  Alert,
  Button,
  Card,
  formatDay,
  LedgerStatusBadge,
  PageHeader,
  RatingCommentField,
  RatingInput,
  RatingSummary,
  t,
  useI18n,
} from "@gongzhi/ui";
import { data, Form, Link } from "react-router";
import { getRequestCaller } from "../lib/context.server.ts";
import {
  apiFailure,
  failureResponse,
  isApiError,
  parseForm,
  readForm,
  redirectWith,
  requireUser,
} from "../lib/forms.server.ts";
import { FormErrors, useFormFailure, usePending } from "../lib/forms.tsx";
import { isResidentOf } from "../lib/home-scope.server.ts";
import { ledgerCommunity, rateFields, uuidPattern } from "../lib/ledger.server.ts";
import { localeFromRequest } from "../lib/locale.ts";
import type { Route } from "./+types/ledger.$id";

function notFound(): never {
  throw data(null, { status: 404 });
}

export async function loader(args: Route.LoaderArgs) {
  const { user, caller } = await requireUser(args);
  const id = args.params.id;
  if (!uuidPattern.test(id)) notFound();
  const communityId = await ledgerCommunity(user, caller);
  if (!communityId) notFound();
  // One call: the item with every progress note and piece of evidence, and my own rating (so coming
  // back shows it instead of offering a second rating). Items of another community are not shown here.
  const item = await caller.ledger.publicGet({ id }).catch(() => null);
  if (!item || item.communityId !== communityId) notFound();
  const myRating = item.myRating?.score ?? null;
  const search = new URL(args.request.url).searchParams;
  const rated = Number(search.get("rated"));
  return {
    locale: localeFromRequest(args.request).locale,
    item,
    canRate: isResidentOf(user, communityId),
    justRated: Number.isInteger(rated) && rated >= 1 && rated <= 5 ? rated : null,
    myRating,
  };
}

export async function action(args: Route.ActionArgs) {
  await requireUser(args);
  const id = args.params.id;
  if (!uuidPattern.test(id)) notFound();
  const form = await readForm(args.request);
  const parsed = await parseForm(form, rateFields);
  if (!parsed.ok) return parsed.failure;
  const { caller, responseHeaders } = await getRequestCaller(args);
  try {
    await caller.ledger.rate({ id, score: Number(parsed.data.score), comment: parsed.data.comment });
  } catch (error) {
    // One rating per person: the primary key refuses a second one.
    if (isApiError(error) && error.code === "CONFLICT" && error.messageKey?.startsWith("db.unique_violation"))
      return failureResponse({ formError: { key: "ledger.rate.already" }, values: parsed.values }, 409);
    return apiFailure(error, parsed.values);
  }
  return redirectWith(`/ledger/${id}?rated=${parsed.data.score}#rating`, responseHeaders);
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  const title = loaderData?.item.title ?? t(locale, "ledger.title");
  return [{ title: `${title} · ${t(locale, "ledger.title")} · ${t(locale, "portal.title")}` }];
}

const linkClass = "inline-flex min-h-11 items-center font-medium text-brand-800 underline underline-offset-4";

export default function LedgerDetail({ loaderData, actionData }: Route.ComponentProps) {
  const { t: tr, locale } = useI18n();
  const { item, canRate, justRated, myRating } = loaderData;
  const form = useFormFailure<"score" | "comment">(actionData);
  const pending = usePending();
  return (
    <div className="flex flex-col gap-6">
      <p>
        <Link to="/ledger" className={linkClass}>
          ← {tr("ledger.detail.back")}
        </Link>
      </p>
      <PageHeader title={item.title} />
      <Card title={tr("ledger.status")}>
        <div className="mb-4">
          <LedgerStatusBadge item={item} />
        </div>
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-slate-700">{tr("ledger.responsibleUnit")}</dt>
          <dd className="break-words">{item.responsibleUnit}</dd>
          <dt className="font-medium text-slate-700">{tr("ledger.deadline")}</dt>
          <dd>
            {formatDay(locale, item.deadline)}
            {item.overdue && !item.done ? (
              <span className="ml-2 font-semibold text-red-800">（{tr("ledger.overdueNote")}）</span>
            ) : null}
          </dd>
          {item.closedOn ? (
            <>
              <dt className="font-medium text-slate-700">{tr("ledger.closedOn")}</dt>
              <dd>{formatDay(locale, item.closedOn)}</dd>
            </>
          ) : null}
          {item.status === "escalated" || item.supervisionLevel !== "community" ? (
            <>
              <dt className="font-medium text-slate-700">{tr("ledger.supervision")}</dt>
              <dd>{tr(`ledger.level.${item.supervisionLevel}`)}</dd>
            </>
          ) : null}
          {item.topicId ? (
            <>
              <dt className="font-medium text-slate-700">{tr("ledger.detail.topic")}</dt>
              <dd>
                <Link to={`/topics/${item.topicId}`} className={linkClass}>
                  {tr("ledger.detail.topicLink")}
                </Link>
              </dd>
            </>
          ) : null}
        </dl>
      </Card>
      <Card title={tr("ledger.progressAll")}>
        {item.notes.length === 0 ? (
          <p data-testid="ledger-progress">{tr("ledger.noProgress")}</p>
        ) : (
          <ol className="space-y-3" data-testid="ledger-progress">
            {[...item.notes].reverse().map((n) => (
              <li key={`${n.at.toISOString()}-${n.note}`} className="break-words">
                <span className="block text-sm text-slate-700">
                  {formatDay(locale, n.at.toISOString().slice(0, 10))}
                </span>
                {n.note}
              </li>
            ))}
          </ol>
        )}
      </Card>
      {item.evidence.length > 0 ? (
        <Card title={tr("ledger.evidence")}>
          <ul className="space-y-3" data-testid="ledger-evidence">
            {item.evidence.map((e) => (
              <li key={`${e.at.toISOString()}-${e.description}`} className="break-words">
                {e.url && /^https?:\/\//.test(e.url) ? (
                  <a href={e.url} className={linkClass} rel="noopener noreferrer">
                    {e.description}
                  </a>
                ) : (
                  e.description
                )}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card title={tr("ledger.rate.title")} id="rating">
        <RatingSummary
          ratings={item.ratings}
          averageRating={item.averageRating}
          mine={justRated ?? myRating}
        />
        {justRated ? (
          <Alert tone="success" className="mt-4">
            {tr("ledger.rate.thanks")}
          </Alert>
        ) : myRating ? (
          <p className="mt-4 text-slate-800">{tr("ledger.rate.already")}</p>
        ) : !item.done ? (
          <p className="mt-4 text-slate-800">{tr("ledger.rate.notDone")}</p>
        ) : !canRate ? (
          <p className="mt-4 text-slate-800">{tr("ledger.rate.notResident")}</p>
        ) : (
          <div className="mt-4">
            <p className="mb-4 max-w-prose text-slate-800">{tr("ledger.rate.intro")}</p>
            <FormErrors form={form} order={["score", "comment"]} />
            <Form method="post" className="flex max-w-2xl flex-col gap-5" noValidate data-testid="rate-form">
              <RatingInput defaultValue={form.value("score")} error={form.error("score")} />
              <RatingCommentField defaultValue={form.value("comment")} error={form.error("comment")} />
              <div>
                <Button type="submit" loading={pending}>
                  {pending ? tr("form.submitting") : tr("ledger.rate.submit")}
                </Button>
              </div>
            </Form>
          </div>
        )}
      </Card>
    </div>
  );
}
