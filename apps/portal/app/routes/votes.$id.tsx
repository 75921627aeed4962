import {
  Alert,
  Button,
  buttonClasses,
  Card,
  PageHeader,
  QuorumProgress,
  TextField,
  t,
  useI18n,
  type VoteStatus,
  VoteStatusBadge,
  VoteTally,
} from "@gongzhi/ui";
import { data, Form, Link } from "react-router";
import { getRequestCaller } from "../lib/context.server.ts";
import { apiFailure, parseForm, readForm, redirectWith, requireUser } from "../lib/forms.server.ts";
import { FormErrors, useFormFailure, usePending } from "../lib/forms.tsx";
import { localeFromRequest } from "../lib/locale.ts";
import {
  type BallotChoice,
  castFields,
  isChoice,
  isUuid,
  orNotFound,
  readReceipt,
  receiptCookie,
  residentScope,
} from "../lib/votes.server.ts";
import type { Route } from "./+types/votes.$id";

type Art278Item = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export async function loader(args: Route.LoaderArgs) {
  const { user, caller } = await requireUser(args);
  const id = args.params.id;
  if (!isUuid(id)) throw data(null, { status: 404 });
  const d = await orNotFound(caller.decisions.get({ id }));
  if (d.status === "draft" || d.status === "cancelled") throw data(null, { status: 404 });
  const url = new URL(args.request.url);
  const scope = await residentScope(caller, user);
  const mine = scope.units.filter((u) => u.compoundId === d.compoundId);
  const receiptOnDevice = d.secret ? readReceipt(args.request, d.id) : null;

  // One ballot per owner key (法释〔2009〕7号 Art. 9): all units of one buyer vote together.
  const byKey = new Map<string, typeof mine>();
  for (const u of mine) {
    const key = u.ownerKey ?? u.unitId;
    byKey.set(key, [...(byKey.get(key) ?? []), u]);
  }
  const keys = await Promise.all(
    [...byKey.values()].map(async (units) => {
      const first = units[0]!;
      const ballot = await caller.decisions
        .myBallot({
          decisionId: d.id,
          unitId: first.unitId,
          ...(receiptOnDevice ? { receipt: receiptOnDevice } : {}),
        })
        .then(
          (b) => b,
          () => null,
        );
      const labels = new Map(units.map((u) => [u.unitId, `${u.buildingName}${u.unitNumber}`]));
      return {
        unitId: first.unitId,
        compoundName: first.compoundName,
        units: (ballot?.units ?? units.map((u) => ({ id: u.unitId, areaCentiM2: u.areaCentiM2 ?? 0 }))).map(
          (u) => ({ id: u.id, label: labels.get(u.id) ?? null, areaCentiM2: u.areaCentiM2 }),
        ),
        areaCentiM2: ballot?.areaCentiM2 ?? units.reduce((s, u) => s + (u.areaCentiM2 ?? 0), 0),
        available: ballot !== null,
        voted: ballot?.voted ?? false,
        castAt: ballot?.castAt?.toISOString() ?? null,
        choice: ballot?.choice ?? null,
      };
    }),
  );

  const stepChoice = url.searchParams.get("choice");
  const stepUnit = url.searchParams.get("unit");
  const confirm =
    url.searchParams.get("step") === "confirm" &&
    d.status === "open" &&
    isChoice(stepChoice) &&
    d.options.includes(stepChoice) &&
    keys.some((k) => k.unitId === stepUnit)
      ? { choice: stepChoice, unitId: stepUnit as string }
      : null;
  const done = url.searchParams.get("done");

  return {
    locale: localeFromRequest(args.request).locale,
    vote: {
      id: d.id,
      title: d.title,
      description: d.description,
      matter: d.matter,
      art278Item: d.art278Item as Art278Item,
      options: d.options,
      secret: d.secret,
      status: d.status as VoteStatus,
      noticedOn: d.noticedOn,
      opensAt: d.opensAt.toISOString(),
      closesAt: d.closesAt.toISOString(),
      closedAt: d.closedAt?.toISOString() ?? null,
      publishedAt: d.publishedAt?.toISOString() ?? null,
      fromMeeting: d.meetingDecisionId !== null,
    },
    // Never anything of a secret vote's participation before it is published (the API agrees).
    progress: d.status === "open" && !d.secret ? d.progress : null,
    results: d.status === "published" ? d.results : null,
    keys,
    verifiedElsewhere: scope.units.length > 0 && mine.length === 0,
    receiptOnDevice,
    preselected: isChoice(stepChoice) ? stepChoice : null,
    confirm,
    done: done === "cast" || done === "changed" ? done : null,
  };
}

export async function action(args: Route.ActionArgs) {
  await requireUser(args);
  const id = args.params.id;
  if (!isUuid(id)) throw data(null, { status: 404 });
  const form = await readForm(args.request);
  const intent = "cast";
  if (form.get("intent") !== intent) throw data(null, { status: 400 });
  const parsed = await parseForm(form, castFields, { intent });
  if (!parsed.ok) return parsed.failure;
  const { caller, responseHeaders } = await getRequestCaller(args);
  const receipt = parsed.data.receipt ?? readReceipt(args.request, id) ?? undefined;
  try {
    const r = await caller.decisions.castBallot({
      decisionId: id,
      unitId: parsed.data.unitId,
      choice: parsed.data.choice as BallotChoice,
      ...(receipt ? { receipt } : {}),
    });
    // A secret ballot's receipt stays on this device (HttpOnly cookie on this vote's pages only).
    const keep = r.receipt ?? parsed.data.receipt;
    if (r.secret && keep) responseHeaders.append("set-cookie", receiptCookie(args.request, id, keep));
    return redirectWith(`/votes/${id}?done=${r.changed ? "changed" : "cast"}`, responseHeaders);
  } catch (error) {
    return apiFailure(error, parsed.values, {
      intent,
      fields: {
        "error.ballot.secret_receipt_required": "receipt",
        "error.ballot.bad_receipt": "receipt",
        "error.ballot.choice_not_offered": "choice",
      },
    });
  }
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  const title = loaderData?.vote.title ?? t(locale, "votes.title");
  return [{ title: `${title} · ${t(locale, "portal.title")}` }];
}

type Data = Route.ComponentProps["loaderData"];
type Key = Data["keys"][number];

function ChoiceRadios({
  options,
  selected,
}: {
  options: readonly BallotChoice[];
  selected: BallotChoice | null;
}) {
  const { t: tr } = useI18n();
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-2 text-lg font-semibold text-slate-900">{tr("votes.cast.legend")}</legend>
      {options.map((o) => (
        <label
          key={o}
          className="flex min-h-11 cursor-pointer items-center gap-3 rounded-lg border border-slate-400 bg-white px-4 py-2 text-lg has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50"
        >
          <input
            type="radio"
            name="choice"
            value={o}
            defaultChecked={selected === o}
            className="size-5"
            required
          />
          {tr(`votes.cast.choice.${o}`)}
        </label>
      ))}
    </fieldset>
  );
}

function unitsText(key: Key) {
  return key.units.map((u) => u.label ?? "—").join("、");
}

function MyBallot({ loaderData, actionData }: { loaderData: Data; actionData: unknown }) {
  const { t: tr, formatArea, formatDateTime } = useI18n();
  const { vote, keys, confirm, receiptOnDevice, preselected } = loaderData;
  const form = useFormFailure<"choice" | "unitId" | "receipt">(actionData, "cast");
  const pending = usePending("cast");
  const failedChoice = form.value("choice");
  const failedUnit = form.value("unitId");
  const confirming =
    confirm ??
    (form.failure && isChoiceValue(failedChoice) && failedUnit
      ? { choice: failedChoice, unitId: failedUnit }
      : null);
  const multi = keys.length > 1;

  return (
    <Card title={tr("votes.mine.heading")} id="my-ballot" data-testid="my-ballot">
      <div className="flex flex-col gap-5">
        {keys.map((key) => (
          <div key={key.unitId} className="flex flex-col gap-1" data-testid="my-key">
            <h3 className="font-semibold text-slate-900">{tr("votes.mine.units")}</h3>
            <ul className="list-disc pl-5">
              {key.units.map((u) => (
                <li key={u.id}>
                  {tr("votes.mine.area", { unit: u.label ?? "—", area: formatArea(u.areaCentiM2) })}
                </li>
              ))}
            </ul>
            <p className="text-slate-700">
              {tr("votes.mine.totalArea", { area: formatArea(key.areaCentiM2) })}
            </p>
            {!key.available ? (
              <p className="text-slate-700">{tr("votes.mine.unavailable")}</p>
            ) : key.voted ? (
              <p className="font-semibold text-slate-900" data-testid="my-choice">
                {key.choice
                  ? tr("votes.mine.voted", { choice: tr(`votes.cast.choice.${key.choice}`) })
                  : tr("votes.mine.votedSecret")}
                {key.castAt ? (
                  <span className="block font-normal text-slate-700">
                    {tr("votes.mine.votedAt", { at: formatDateTime(key.castAt) })}
                  </span>
                ) : null}
              </p>
            ) : (
              <p className="text-slate-900">{tr("votes.mine.notVoted")}</p>
            )}
          </div>
        ))}

        {vote.status === "noticed" ? (
          <p>{tr("votes.mine.notYetOpen", { opens: formatDateTime(vote.opensAt) })}</p>
        ) : vote.status !== "open" ? (
          <p>{tr("votes.mine.closed")}</p>
        ) : confirming ? (
          <section aria-labelledby="confirm-heading" className="flex flex-col gap-4" data-testid="confirm">
            <h3 id="confirm-heading" className="text-xl font-semibold text-slate-900">
              {tr("votes.confirm.heading")}
            </h3>
            <FormErrors form={form} order={["choice", "receipt"]} />
            <p>{tr("votes.confirm.body", { title: vote.title })}</p>
            <p className="rounded-lg border-2 border-brand-700 bg-brand-50 px-4 py-3 text-2xl font-bold text-slate-900">
              {tr(`votes.cast.choice.${confirming.choice}`)}
            </p>
            {(() => {
              const key = keys.find((k) => k.unitId === confirming.unitId);
              return key ? (
                <p className="text-slate-700">
                  {tr("votes.confirm.units", { units: unitsText(key), area: formatArea(key.areaCentiM2) })}
                </p>
              ) : null;
            })()}
            <Form method="post" className="flex flex-col gap-4" noValidate>
              <input type="hidden" name="choice" value={confirming.choice} />
              <input type="hidden" name="unitId" value={confirming.unitId} />
              {vote.secret &&
              (form.error("receipt") ||
                (!receiptOnDevice && keys.find((k) => k.unitId === confirming.unitId)?.voted)) ? (
                <TextField
                  name="receipt"
                  label={tr("votes.receipt.label")}
                  hint={tr("votes.receipt.hint")}
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={43}
                  defaultValue={form.value("receipt")}
                  error={form.error("receipt")}
                />
              ) : null}
              <div className="flex flex-wrap gap-3">
                <Button type="submit" name="intent" value="cast" loading={pending}>
                  {keys.find((k) => k.unitId === confirming.unitId)?.voted
                    ? tr("votes.confirm.submitChange")
                    : tr("votes.confirm.submit")}
                </Button>
                <Link
                  to={`/votes/${vote.id}?choice=${confirming.choice}#cast`}
                  className={buttonClasses("secondary")}
                >
                  {tr("votes.confirm.back")}
                </Link>
              </div>
            </Form>
          </section>
        ) : (
          <Form method="get" action={`/votes/${vote.id}`} className="flex flex-col gap-4" id="cast">
            <input type="hidden" name="step" value="confirm" />
            {multi ? (
              <fieldset className="flex flex-col gap-2">
                <legend className="mb-2 font-semibold">{tr("votes.cast.unitLegend")}</legend>
                {keys.map((k, i) => (
                  <label key={k.unitId} className="flex min-h-11 items-center gap-3">
                    <input
                      type="radio"
                      name="unit"
                      value={k.unitId}
                      defaultChecked={i === 0}
                      className="size-5"
                    />
                    {unitsText(k)}
                  </label>
                ))}
              </fieldset>
            ) : keys[0] ? (
              <input type="hidden" name="unit" value={keys[0].unitId} />
            ) : null}
            <ChoiceRadios
              options={vote.options}
              selected={preselected ?? keys.find((k) => k.choice)?.choice ?? null}
            />
            <p className="text-slate-700">
              {tr("votes.mine.changeUntil", { closes: formatDateTime(vote.closesAt) })}
            </p>
            <div>
              <Button type="submit">
                {keys.some((k) => k.voted) ? tr("votes.cast.changeNext") : tr("votes.cast.next")}
              </Button>
            </div>
          </Form>
        )}
        {vote.secret && receiptOnDevice ? (
          <p className="text-sm text-slate-700">{tr("votes.receipt.onDevice")}</p>
        ) : null}
      </div>
    </Card>
  );
}

function isChoiceValue(v: string | undefined): v is BallotChoice {
  return v === "for" || v === "against" || v === "abstain";
}

export default function VoteDetail({ loaderData, actionData }: Route.ComponentProps) {
  const { t: tr, formatDateTime } = useI18n();
  const { vote, progress, results, keys, done, receiptOnDevice, verifiedElsewhere } = loaderData;
  const myChoice = keys.find((k) => k.choice)?.choice ?? null;
  const isOwner = keys.length > 0;
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      <p>
        <Link
          to="/votes"
          className="inline-flex min-h-11 items-center text-brand-800 underline underline-offset-2"
        >
          ← {tr("votes.detail.back")}
        </Link>
      </p>
      <PageHeader
        title={vote.title}
        actions={<VoteStatusBadge status={vote.status} secret={vote.secret} />}
      />

      {done ? (
        <Alert tone="success" className="-mt-2">
          <span data-testid="vote-done">
            {vote.secret
              ? done === "cast"
                ? tr("votes.done.castSecret")
                : tr("votes.done.changedSecret")
              : myChoice
                ? tr(done === "cast" ? "votes.done.cast" : "votes.done.changed", {
                    choice: tr(`votes.cast.choice.${myChoice}`),
                  })
                : null}
          </span>
        </Alert>
      ) : null}

      {vote.secret && receiptOnDevice && done === "cast" ? (
        <Card title={tr("votes.receipt.heading")} data-testid="receipt">
          <p className="mb-3">{tr("votes.receipt.explain")}</p>
          <p className="break-all rounded-lg border border-slate-400 bg-slate-50 px-3 py-2 font-mono text-lg">
            {receiptOnDevice}
          </p>
        </Card>
      ) : null}

      {isOwner ? (
        <MyBallot loaderData={loaderData} actionData={actionData} />
      ) : (
        <Card title={tr("votes.tenant.heading")} data-testid="cannot-vote">
          <div className="flex flex-col gap-3">
            {verifiedElsewhere ? <p>{tr("votes.tenant.otherCompound")}</p> : null}
            <p>{tr("votes.tenant.body")}</p>
            <p>{tr("votes.tenant.howTo")}</p>
            <p>
              <Link to="/verify" className={buttonClasses("primary")}>
                {tr("votes.tenant.verify")}
              </Link>
            </p>
          </div>
        </Card>
      )}

      <Card title={tr("votes.detail.matterHeading")}>
        <div className="flex flex-col gap-3">
          <p className="whitespace-pre-line">{vote.description || tr("votes.detail.noDescription")}</p>
          <p className="text-slate-700">
            {tr("votes.detail.itemLine", {
              item: String(vote.art278Item),
              itemText: tr(`votes.item.${vote.art278Item}`),
            })}
          </p>
          {vote.fromMeeting ? <p className="text-slate-700">{tr("votes.detail.fromMeeting")}</p> : null}
        </div>
      </Card>

      <Card title={tr("votes.detail.ruleHeading")} data-testid="rule">
        <div className="flex flex-col gap-3">
          <p className="font-semibold">
            {tr("votes.detail.ruleKind", { matter: tr(`votes.matter.${vote.matter}`) })}
          </p>
          <p>{tr("votes.detail.quorumRule")}</p>
          <p>
            {vote.matter === "special"
              ? tr("votes.detail.approvalSpecial")
              : tr("votes.detail.approvalOrdinary")}
          </p>
          <p className="text-sm text-slate-700">{tr("votes.detail.inclusiveNote")}</p>
          <p className="text-sm text-slate-700">
            <strong>{tr("votes.detail.kind")}</strong>
            {vote.secret ? tr("votes.detail.secretExplain") : tr("votes.detail.openExplain")}
          </p>
        </div>
      </Card>

      <Card title={tr("votes.detail.periodHeading")}>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
          {vote.noticedOn ? (
            <>
              <dt className="text-slate-700">{tr("votes.detail.noticedOn")}</dt>
              <dd>{vote.noticedOn}</dd>
            </>
          ) : null}
          <dt className="text-slate-700">{tr("votes.detail.opensAt")}</dt>
          <dd>{formatDateTime(vote.opensAt)}</dd>
          <dt className="text-slate-700">{tr("votes.detail.closesAt")}</dt>
          <dd>{formatDateTime(vote.closesAt)}</dd>
          {vote.closedAt ? (
            <>
              <dt className="text-slate-700">{tr("votes.detail.closedAt")}</dt>
              <dd>{formatDateTime(vote.closedAt)}</dd>
            </>
          ) : null}
          {vote.publishedAt ? (
            <>
              <dt className="text-slate-700">{tr("votes.detail.publishedAt")}</dt>
              <dd>{formatDateTime(vote.publishedAt)}</dd>
            </>
          ) : null}
        </dl>
        <p className="mt-3 text-sm text-slate-700">{tr("votes.detail.noticeRule")}</p>
      </Card>

      {vote.status === "open" ? (
        <Card title={tr("votes.progress.heading")} data-testid="progress">
          {vote.secret ? (
            <p>{tr("votes.progress.secretHidden")}</p>
          ) : (
            <>
              <p className="mb-4 text-slate-700">{tr("votes.progress.intro")}</p>
              <QuorumProgress
                area={
                  progress
                    ? {
                        participated: progress.participated.areaCentiM2,
                        eligible: progress.eligible.areaCentiM2,
                        required: progress.required.areaCentiM2,
                      }
                    : null
                }
                headcount={
                  progress
                    ? {
                        participated: progress.participated.headcount,
                        eligible: progress.eligible.headcount,
                        required: progress.required.headcount,
                      }
                    : null
                }
                met={progress?.quorumMet ?? false}
                reachable={progress?.quorumReachable ?? true}
              />
              <p className="mt-3 text-sm text-slate-700">{tr("votes.progress.updatedNote")}</p>
            </>
          )}
        </Card>
      ) : null}

      {vote.status === "closed" || vote.status === "tallied" ? (
        <Card title={tr("votes.result.heading")}>
          <p>{tr("votes.result.pending")}</p>
        </Card>
      ) : null}
      {vote.status === "published" ? (
        <Card title={tr("votes.result.heading")} data-testid="result">
          <VoteTally tally={results} />
        </Card>
      ) : null}
    </div>
  );
}
