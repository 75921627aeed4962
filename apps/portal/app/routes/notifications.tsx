import {
  Alert,
  Button,
  EmptyState,
  isMessageKey,
  type MessageKey,
  NotificationItem,
  NotificationList,
  PageHeader,
  type RenderLink,
  t,
  useI18n,
} from "@gongzhi/ui";
import { Form, Link } from "react-router";
import { getRequestCaller } from "../lib/context.server.ts";
import { apiFailure, failureResponse, readForm, redirectWith, requireUser } from "../lib/forms.server.ts";
import { FormErrors, useFormFailure, usePending } from "../lib/forms.tsx";
import { localeFromRequest } from "../lib/locale.ts";
import type { Route } from "./+types/notifications";

const PAGE = 20;

export async function loader(args: Route.LoaderArgs) {
  const { caller } = await requireUser(args);
  const search = new URL(args.request.url).searchParams;
  const cursor = search.get("cursor") || null;
  const [page, unread] = await Promise.all([
    caller.notifications.list({ limit: PAGE, cursor }),
    caller.notifications.unreadCount().then(
      (r) => r.unread,
      () => null,
    ),
  ]);
  const done = search.get("done");
  return {
    locale: localeFromRequest(args.request).locale,
    items: page.items.map((n) => ({
      id: n.id,
      messageKey: n.payload.messageKey,
      params: n.payload.params,
      link: n.link,
      read: n.readAt !== null,
      createdAt: n.createdAt,
    })),
    nextCursor: page.nextCursor,
    cursor,
    unread,
    done: done === "one" || done === "all" ? done : null,
  };
}

export async function action(args: Route.ActionArgs) {
  await requireUser(args);
  const form = await readForm(args.request);
  const intent = form.get("intent");
  const back = String(form.get("cursor") ?? "");
  const page = back ? `cursor=${encodeURIComponent(back)}&` : "";
  const { caller, responseHeaders } = await getRequestCaller(args);
  try {
    if (intent === "markRead") {
      const id = String(form.get("id") ?? "");
      await caller.notifications.markRead({ ids: [id] });
      return redirectWith(`/notifications?${page}done=one`, responseHeaders);
    }
    if (intent === "markAllRead") {
      await caller.notifications.markAllRead();
      return redirectWith("/notifications?done=all", responseHeaders);
    }
  } catch (error) {
    return apiFailure(error, {});
  }
  return failureResponse({ formError: { key: "error.invalid_input" } });
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  return [{ title: `${t(locale, "notifications.title")} · ${t(locale, "portal.title")}` }];
}

/** A portal page by client-side navigation; the staff console (/admin, its own app) by a full load. */
const routerLink: RenderLink = ({ href, children, ...rest }) => (
  <Link to={href} reloadDocument={href === "/admin" || href.startsWith("/admin/")} {...rest}>
    {children}
  </Link>
);

const linkClass = "inline-flex min-h-11 items-center font-medium text-brand-800 underline underline-offset-4";

/** A notification's text in the reader's language; a ledger status parameter is translated too. */
function useNotificationText() {
  const { t: tr } = useI18n();
  const say = tr as (key: MessageKey, params?: Record<string, string | number>) => string;
  return (messageKey: string, params: Record<string, string | number>) => {
    if (!isMessageKey(messageKey)) return tr("notifications.unknown");
    const status = params.status;
    const statusKey = `ledger.status.${status}`;
    const shown =
      typeof status === "string" && isMessageKey(statusKey) ? { ...params, status: say(statusKey) } : params;
    return say(messageKey, shown);
  };
}

export default function Notifications({ loaderData, actionData }: Route.ComponentProps) {
  const { t: tr } = useI18n();
  const text = useNotificationText();
  const { items, nextCursor, cursor, unread, done } = loaderData;
  const form = useFormFailure(actionData);
  const allPending = usePending("markAllRead");
  const onePending = usePending("markRead");
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={tr("notifications.title")}
        intro={tr("notifications.intro")}
        actions={
          unread ? (
            <Form method="post">
              <Button
                type="submit"
                variant="secondary"
                name="intent"
                value="markAllRead"
                loading={allPending}
              >
                {tr("notifications.markAllRead")}
              </Button>
            </Form>
          ) : null
        }
      />
      {done ? (
        <Alert tone="success">
          {done === "all" ? tr("notifications.markedAllRead") : tr("notifications.markedRead")}
        </Alert>
      ) : null}
      <FormErrors form={form} order={[]} />
      {unread !== null ? (
        <p className="font-medium" data-testid="unread-summary">
          {unread > 0 ? tr("notifications.unreadCount", { count: unread }) : tr("notifications.allRead")}
        </p>
      ) : null}
      {items.length === 0 ? (
        <EmptyState title={tr("notifications.empty")} description={tr("notifications.emptyBody")} />
      ) : (
        <NotificationList>
          {items.map((n) => {
            const message = text(n.messageKey, n.params);
            return (
              <NotificationItem
                key={n.id}
                text={message}
                createdAt={n.createdAt}
                unread={!n.read}
                href={n.link}
                renderLink={routerLink}
                action={
                  n.read ? null : (
                    <Form method="post">
                      <input type="hidden" name="id" value={n.id} />
                      {cursor ? <input type="hidden" name="cursor" value={cursor} /> : null}
                      <Button
                        type="submit"
                        variant="secondary"
                        name="intent"
                        value="markRead"
                        disabled={onePending}
                        aria-label={tr("notifications.markReadLabel", { text: message })}
                      >
                        {tr("notifications.markRead")}
                      </Button>
                    </Form>
                  )
                }
              />
            );
          })}
        </NotificationList>
      )}
      {cursor || nextCursor ? (
        <nav aria-label={tr("notifications.pagination")} className="flex flex-wrap gap-4">
          {cursor ? (
            <Link to="/notifications" className={linkClass}>
              {tr("notifications.firstPage")}
            </Link>
          ) : null}
          {nextCursor ? (
            <Link
              to={`/notifications?cursor=${encodeURIComponent(nextCursor)}`}
              className={linkClass}
              rel="next"
            >
              {tr("notifications.nextPage")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
