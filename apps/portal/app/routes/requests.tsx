import { buttonClasses, EmptyState, PageHeader, t, useI18n } from "@gongzhi/ui";
import { Link } from "react-router";
import { requireUser } from "../lib/forms.server.ts";
import { categoryNames } from "../lib/hotline.server.ts";
import { RequestStatusBadge } from "../lib/hotline-ui.tsx";
import { localeFromRequest } from "../lib/locale.ts";
import type { Route } from "./+types/requests";

/** 我的诉求: my requests, newest first, 20 a page (keyset cursor in the query string). */
export async function loader(args: Route.LoaderArgs) {
  const { caller } = await requireUser(args);
  const locale = localeFromRequest(args.request).locale;
  const cursor = new URL(args.request.url).searchParams.get("cursor");
  const names = await categoryNames(caller);
  try {
    const page = await caller.workOrders.mine({ limit: 20, cursor: cursor || null });
    return {
      locale,
      state: "ok" as const,
      items: page.items.map(({ order, timeUsed }) => ({
        id: order.id,
        number: order.number,
        type: order.type,
        status: order.status,
        category: names[order.categoryId] ?? null,
        text: order.text.length > 120 ? `${order.text.slice(0, 120)}…` : order.text,
        receivedAt: order.receivedAt,
        dueAt: order.dueAt,
        overdue: timeUsed?.overdue ?? false,
      })),
      nextCursor: page.nextCursor,
      paged: !!cursor,
    };
  } catch {
    return { locale, state: "error" as const, items: [], nextCursor: null, paged: !!cursor };
  }
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  return [{ title: `${t(locale, "request.title")} · ${t(locale, "portal.title")}` }];
}

const linkClass = "inline-flex min-h-11 items-center font-medium text-brand-800 underline underline-offset-4";

export default function Requests({ loaderData }: Route.ComponentProps) {
  const { t: tr, locale, formatDateTime } = useI18n();
  const { state, items, nextCursor, paged } = loaderData;
  const newLink = (
    <Link to="/requests/new" className={buttonClasses("primary")}>
      {tr("request.new.action")}
    </Link>
  );
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={tr("request.title")} intro={tr("request.intro")} actions={newLink} />
      {state === "error" ? (
        <EmptyState title={tr("request.unavailable")} />
      ) : items.length === 0 ? (
        <EmptyState title={tr("request.empty")} description={tr("request.emptyBody")} action={newLink} />
      ) : (
        <ul
          aria-label={tr("request.listCaption")}
          className="flex flex-col gap-4"
          data-testid="requests-list"
        >
          {items.map((item) => (
            <li key={item.id} className="rounded-lg border border-slate-300 bg-white p-4 shadow-sm">
              <div className="flex flex-wrap items-center gap-2">
                <RequestStatusBadge status={item.status} />
                <span className="text-sm font-medium text-slate-700">{tr(`request.type.${item.type}`)}</span>
                {item.category ? (
                  <span className="text-sm text-slate-700">
                    · {locale === "en" ? item.category.en : item.category.zh}
                  </span>
                ) : null}
              </div>
              <h2 className="mt-2 text-lg font-semibold">
                <Link to={`/requests/${item.id}`} className={`${linkClass} break-words`}>
                  {tr("request.number", { number: item.number })}
                </Link>
              </h2>
              <p className="mt-1 break-words text-slate-800">{item.text}</p>
              <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm text-slate-700 sm:grid-cols-[max-content_1fr]">
                <dt>{tr("request.receivedAt")}</dt>
                <dd>{formatDateTime(item.receivedAt)}</dd>
                <dt>{tr("request.dueAt")}</dt>
                <dd>
                  {formatDateTime(item.dueAt)}
                  {item.overdue ? (
                    <span className="ml-2 font-semibold text-red-800">（{tr("request.overdue")}）</span>
                  ) : null}
                </dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      {paged || nextCursor ? (
        <nav aria-label={tr("request.pagination")} className="flex flex-wrap gap-4">
          {paged ? (
            <Link to="/requests" className={linkClass}>
              {tr("request.firstPage")}
            </Link>
          ) : null}
          {nextCursor ? (
            <Link to={`/requests?cursor=${encodeURIComponent(nextCursor)}`} className={linkClass} rel="next">
              {tr("request.nextPage")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
