import {
  Button,
  buttonClasses,
  Card,
  EmptyState,
  formatDay,
  type MessageKey,
  PageHeader,
  ThreeRateFlags,
  t,
  useI18n,
} from "@gongzhi/ui";
import { Form, Link } from "react-router";
import { requireUser } from "../lib/forms.server.ts";
import { compoundsOf, myUnits, settle } from "../lib/home-scope.server.ts";
import { localeFromRequest } from "../lib/locale.ts";
import type { Route } from "./+types/compound";

/**
 * My compound: the compound of a verified owner's unit (a GET select when there are several).
 * Residents without a verified unit get an explanation: the API has no public list of a community's
 * compounds to pick from.
 */
export async function loader(args: Route.LoaderArgs) {
  const { caller } = await requireUser(args);
  const locale = localeFromRequest(args.request).locale;
  const units = await myUnits(caller);
  if (units === null) return { locale, state: "error" as const, compounds: [], selected: null };
  const compounds = compoundsOf(units).map(({ id, name }) => ({ id, name }));
  if (compounds.length === 0) return { locale, state: "none" as const, compounds, selected: null };
  const wanted = new URL(args.request.url).searchParams.get("compound");
  const chosen = compounds.find((c) => c.id === wanted) ?? compounds[0]!;
  const [service, committee] = await Promise.all([
    settle(caller.propertyServices.current({ compoundId: chosen.id })),
    settle(caller.committees.forCompound({ compoundId: chosen.id })),
  ]);
  return {
    locale,
    state: "ok" as const,
    compounds,
    selected: {
      ...chosen,
      service: service.ok ? service.value : ("error" as const),
      committee: committee.ok ? committee.value : ("error" as const),
    },
  };
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  const name = loaderData?.selected?.name;
  return [
    { title: `${name ? `${name} · ` : ""}${t(locale, "compound.title")} · ${t(locale, "portal.title")}` },
  ];
}

const inOffice = new Set(["filed", "term_ending"]);

export default function Compound({ loaderData }: Route.ComponentProps) {
  const { t: tr, locale } = useI18n();
  const say = tr as (key: MessageKey) => string;
  const { state, compounds, selected } = loaderData;
  if (state !== "ok" || !selected) {
    return (
      <div className="flex flex-col gap-6">
        <PageHeader title={tr("compound.title")} intro={tr("compound.intro")} />
        {state === "error" ? (
          <EmptyState title={tr("compound.unavailable")} />
        ) : (
          <EmptyState
            title={tr("compound.none")}
            description={tr("compound.noneBody")}
            action={
              <Link to="/verify" className={buttonClasses("secondary")}>
                {tr("compound.verify")}
              </Link>
            }
          />
        )}
      </div>
    );
  }
  const { service, committee } = selected;
  const committeeInOffice = committee !== "error" && !!committee && inOffice.has(committee.status);
  const flags =
    service === "error" || committee === "error"
      ? null
      : {
          hasPropertyService: !!service && service.mode !== "none",
          committeeInOffice,
          partyCovered: committeeInOffice && !!committee?.partyCovered,
        };
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={selected.name} intro={tr("compound.intro")} />
      {compounds.length > 1 ? (
        <Form method="get" className="flex flex-wrap items-end gap-3">
          <div className="flex flex-col gap-1">
            <label htmlFor="compound-pick" className="font-medium">
              {tr("compound.pick.label")}
            </label>
            <select
              id="compound-pick"
              name="compound"
              defaultValue={selected.id}
              className="min-h-11 rounded-lg border border-slate-500 bg-white px-3 text-base"
            >
              {compounds.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" variant="secondary">
            {tr("compound.pick.submit")}
          </Button>
        </Form>
      ) : null}

      <Card title={tr("compound.property.title")} data-testid="compound-property">
        {service === "error" ? (
          <p>{tr("compound.unavailable")}</p>
        ) : service ? (
          <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
            <dt className="font-medium text-slate-700">{tr("compound.property.mode")}</dt>
            <dd>{say(`compound.mode.${service.mode}` as MessageKey)}</dd>
            <dt className="font-medium text-slate-700">{tr("compound.property.company")}</dt>
            <dd className="break-words">{service.companyName ?? tr("compound.property.noCompany")}</dd>
            <dt className="font-medium text-slate-700">{tr("compound.property.since")}</dt>
            <dd>{formatDay(locale, service.startedOn)}</dd>
            <dt className="font-medium text-slate-700">{tr("compound.property.contract")}</dt>
            <dd>{tr("compound.property.contractNotPublished")}</dd>
          </dl>
        ) : (
          <EmptyState title={tr("compound.property.empty")} description={tr("compound.property.emptyBody")} />
        )}
      </Card>

      <Card title={tr("compound.committee.title")} data-testid="compound-committee">
        {committee === "error" ? (
          <p>{tr("compound.unavailable")}</p>
        ) : committee ? (
          <div className="flex flex-col gap-4">
            <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
              <dt className="font-medium text-slate-700">{tr("compound.committee.kind")}</dt>
              <dd>{say(`compound.kind.${committee.kind}` as MessageKey)}</dd>
              <dt className="font-medium text-slate-700">{tr("compound.committee.status")}</dt>
              <dd>{say(`compound.status.${committee.status}` as MessageKey)}</dd>
              <dt className="font-medium text-slate-700">{tr("compound.committee.term")}</dt>
              <dd>
                {committee.termStart && committee.termEnd
                  ? tr("compound.committee.termRange", {
                      start: formatDay(locale, committee.termStart),
                      end: formatDay(locale, committee.termEnd),
                    })
                  : tr("compound.committee.termUnknown")}
              </dd>
              <dt className="font-medium text-slate-700">{tr("compound.committee.party")}</dt>
              <dd>{say(`compound.party.${committee.partyOrg}` as MessageKey)}</dd>
            </dl>
            <div>
              <h3 className="mb-2 font-semibold">{tr("compound.committee.members")}</h3>
              {committee.members.length === 0 ? (
                <p>{tr("compound.committee.noMembers")}</p>
              ) : (
                <ul className="grid gap-2 sm:grid-cols-2" data-testid="committee-members">
                  {committee.members.map((m, i) => (
                    <li key={`${m.name}-${i}`} className="rounded-lg border border-slate-200 px-3 py-2">
                      <span className="font-medium">{m.name}</span>
                      <span className="ml-2 text-slate-700">
                        {say(`compound.role.${m.role}` as MessageKey)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        ) : (
          <EmptyState
            title={tr("compound.committee.empty")}
            description={tr("compound.committee.emptyBody")}
          />
        )}
      </Card>

      {flags ? <ThreeRateFlags flags={flags} /> : null}
    </div>
  );
}
