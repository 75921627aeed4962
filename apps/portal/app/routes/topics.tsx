import {
  Button,
  buttonClasses,
  Card,
  EmptyState,
  PageHeader,
  TextField,
  TopicListItem,
  t,
  useI18n,
} from "@gongzhi/ui";
import { Form, Link } from "react-router";
import { getCaller } from "../lib/context.server.ts";
import { getUser } from "../lib/forms.server.ts";
import { localeFromRequest } from "../lib/locale.ts";
import { communityOf, isUuid } from "../lib/topics.server.ts";
import { filtersFrom, listHref, topicCategories, topicStatuses } from "../lib/topics.ts";
import { linkClass, SelectField, TopicNotice } from "../lib/topics-ui.tsx";
import type { Route } from "./+types/topics";

const PAGE_SIZE = 10;

export async function loader(args: Route.LoaderArgs) {
  const locale = localeFromRequest(args.request).locale;
  const url = new URL(args.request.url);
  const filters = filtersFrom(url.searchParams);
  const user = await getUser(args);
  const caller = await getCaller(args);
  // Signed in: my community. Signed out: a community named in the link (`?community=`), if any.
  const asked = url.searchParams.get("community");
  const communityId = user ? await communityOf(user, caller) : isUuid(asked) ? asked : null;
  if (!communityId) return { locale, signedIn: Boolean(user), filters, communityId: null, page: null };
  const page = await caller.topics
    .list({
      communityId,
      limit: PAGE_SIZE,
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.category ? { category: filters.category } : {}),
      ...(filters.mine && user ? { mine: true } : {}),
      ...(filters.q ? { search: filters.q } : {}),
      ...(filters.cursor ? { cursor: filters.cursor } : {}),
    })
    .catch((error: unknown) => {
      // A stale or tampered cursor: show the first page rather than an error.
      if (filters.cursor) return caller.topics.list({ communityId, limit: PAGE_SIZE });
      throw error;
    });
  return {
    locale,
    signedIn: Boolean(user),
    filters,
    communityId: user ? null : communityId,
    page: {
      nextCursor: page.nextCursor,
      items: page.items.map(({ id, title, status, category, supportCount, updatedAt }) => ({
        id,
        title,
        status,
        category,
        supportCount,
        updatedAt,
      })),
    },
  };
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  return [{ title: `${t(locale, "topics.title")} · ${t(locale, "portal.title")}` }];
}

export default function Topics({ loaderData }: Route.ComponentProps) {
  const { t: tr } = useI18n();
  const { filters, page, signedIn, communityId } = loaderData;
  const extra: Record<string, string> = communityId ? { community: communityId } : {};
  const filtered = Boolean(filters.q || filters.status || filters.category || filters.mine);
  return (
    <div className="flex flex-col gap-6">
      <TopicNotice />
      <PageHeader
        title={tr("topics.title")}
        intro={tr("topics.intro")}
        actions={
          signedIn ? (
            <Link to="/topics/new" className={buttonClasses("primary")}>
              {tr("topics.propose")}
            </Link>
          ) : null
        }
      />
      {page === null ? (
        signedIn ? (
          <EmptyState
            title={tr("topics.noCommunity.title")}
            description={tr("topics.noCommunity.body")}
            action={
              <Link to="/verify" className={buttonClasses("primary")}>
                {tr("topics.noCommunity.action")}
              </Link>
            }
          />
        ) : (
          <EmptyState
            title={tr("topics.signedOut.title")}
            description={tr("topics.signedOut.body")}
            action={
              <Link to="/signin?next=%2Ftopics" className={buttonClasses("primary")}>
                {tr("nav.signIn")}
              </Link>
            }
          />
        )
      ) : (
        <>
          <Card title={tr("topics.filter.title")}>
            <Form method="get" action="/topics" className="flex flex-col gap-4" role="search">
              {communityId ? <input type="hidden" name="community" value={communityId} /> : null}
              <TextField
                name="q"
                type="search"
                label={tr("topics.filter.search")}
                defaultValue={filters.q}
                maxLength={80}
                key={`q-${filters.q}`}
              />
              <div className="grid gap-4 sm:grid-cols-2">
                <SelectField
                  name="status"
                  label={tr("topics.filter.status")}
                  defaultValue={filters.status}
                  key={`s-${filters.status}`}
                >
                  <option value="">{tr("topics.filter.any")}</option>
                  {topicStatuses
                    .filter((s) => s !== "draft")
                    .map((s) => (
                      <option key={s} value={s}>
                        {tr(`topics.status.${s}`)}
                      </option>
                    ))}
                </SelectField>
                <SelectField
                  name="category"
                  label={tr("topics.filter.category")}
                  defaultValue={filters.category}
                  key={`c-${filters.category}`}
                >
                  <option value="">{tr("topics.filter.any")}</option>
                  {topicCategories.map((c) => (
                    <option key={c} value={c}>
                      {tr(`topics.category.${c}`)}
                    </option>
                  ))}
                </SelectField>
              </div>
              {signedIn ? (
                <label className="flex min-h-11 items-center gap-3 font-medium text-slate-900">
                  <input
                    type="checkbox"
                    name="mine"
                    value="1"
                    defaultChecked={filters.mine}
                    key={`m-${filters.mine}`}
                    className="size-5 accent-brand-700"
                  />
                  {tr("topics.filter.mine")}
                </label>
              ) : null}
              <div className="flex flex-wrap items-center gap-4">
                <Button type="submit">{tr("topics.filter.apply")}</Button>
                {filtered ? (
                  <Link
                    to={listHref({ q: "", status: "", category: "", mine: false, cursor: null }, extra)}
                    className={linkClass}
                  >
                    {tr("topics.filter.clear")}
                  </Link>
                ) : null}
              </div>
            </Form>
          </Card>

          <section aria-labelledby="topic-list-heading">
            <h2 id="topic-list-heading" className="sr-only">
              {tr("topics.list.heading")}
            </h2>
            {page.items.length === 0 ? (
              <EmptyState title={tr("topics.list.empty")} description={tr("topics.list.emptyBody")} />
            ) : (
              <ul className="flex flex-col divide-y divide-slate-200" data-testid="topic-list">
                {page.items.map((item) => (
                  <TopicListItem
                    key={item.id}
                    href={`/topics/${item.id}`}
                    title={item.title}
                    status={item.status}
                    category={item.category}
                    supportCount={item.supportCount}
                    updatedAt={item.updatedAt}
                    renderLink={({ href, children, ...rest }) => (
                      <Link to={href} {...rest}>
                        {children}
                      </Link>
                    )}
                  />
                ))}
              </ul>
            )}
            {filters.cursor || page.nextCursor ? (
              <nav aria-label={tr("topics.list.heading")} className="mt-4 flex flex-wrap gap-4">
                {filters.cursor ? (
                  <Link to={listHref(filters, extra)} className={linkClass}>
                    {tr("topics.list.firstPage")}
                  </Link>
                ) : null}
                {page.nextCursor ? (
                  <Link
                    to={listHref(filters, extra, page.nextCursor)}
                    className={buttonClasses("secondary")}
                    data-testid="more-topics"
                  >
                    {tr("topics.list.more")}
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </section>
        </>
      )}
    </div>
  );
}
