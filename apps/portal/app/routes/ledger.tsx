import { buttonClasses, EmptyState, LedgerItemCard, PageHeader, type RenderLink, t, useT } from "@gongzhi/ui";
import { Link } from "react-router";
import { requireUser } from "../lib/forms.server.ts";
import { ledgerCommunity } from "../lib/ledger.server.ts";
import { localeFromRequest } from "../lib/locale.ts";
import type { Route } from "./+types/ledger";

export async function loader(args: Route.LoaderArgs) {
  const { user, caller } = await requireUser(args);
  const locale = localeFromRequest(args.request).locale;
  const cursor = new URL(args.request.url).searchParams.get("cursor");
  const communityId = await ledgerCommunity(user, caller);
  if (!communityId)
    return { locale, state: "no-community" as const, items: [], nextCursor: null, paged: false };
  try {
    const page = await caller.ledger.publicList({ communityId, limit: 20, cursor: cursor || null });
    return { locale, state: "ok" as const, items: page.items, nextCursor: page.nextCursor, paged: !!cursor };
  } catch {
    return { locale, state: "error" as const, items: [], nextCursor: null, paged: !!cursor };
  }
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  return [{ title: `${t(locale, "ledger.title")} · ${t(locale, "portal.title")}` }];
}

const routerLink: RenderLink = ({ href, children, ...rest }) => (
  <Link to={href} {...rest}>
    {children}
  </Link>
);

const linkClass = "inline-flex min-h-11 items-center font-medium text-brand-800 underline underline-offset-4";

export default function Ledger({ loaderData }: Route.ComponentProps) {
  const tr = useT();
  const { state, items, nextCursor, paged } = loaderData;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={tr("ledger.title")} intro={tr("ledger.intro")} />
      {state === "no-community" ? (
        <EmptyState
          title={tr("ledger.noCommunity")}
          action={
            <Link to="/verify" className={buttonClasses("secondary")}>
              {tr("ledger.noCommunityAction")}
            </Link>
          }
        />
      ) : state === "error" ? (
        <EmptyState title={tr("ledger.unavailable")} />
      ) : items.length === 0 ? (
        <EmptyState title={tr("ledger.empty")} description={tr("ledger.emptyBody")} />
      ) : (
        <ul aria-label={tr("ledger.listCaption")} className="flex flex-col gap-4" data-testid="ledger-list">
          {items.map((item) => (
            <li key={item.id}>
              <LedgerItemCard
                item={item}
                href={`/ledger/${item.id}`}
                renderLink={routerLink}
                headingLevel={2}
              />
            </li>
          ))}
        </ul>
      )}
      {paged || nextCursor ? (
        <nav aria-label={tr("ledger.pagination")} className="flex flex-wrap gap-4">
          {paged ? (
            <Link to="/ledger" className={linkClass}>
              {tr("ledger.firstPage")}
            </Link>
          ) : null}
          {nextCursor ? (
            <Link to={`/ledger?cursor=${encodeURIComponent(nextCursor)}`} className={linkClass} rel="next">
              {tr("ledger.nextPage")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
