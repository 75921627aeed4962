import { messageChunks } from "virtual:gongzhi/message-chunks";
import {
  AccountNav,
  Alert,
  AppShell,
  buttonClasses,
  defaultLocale,
  ErrorState,
  I18nProvider,
  type Locale,
  LocaleSwitch,
  type MessageKey,
  PrimaryNav,
  type RenderLink,
  signOutButtonClass,
  t,
  useMessages,
} from "@gongzhi/ui";
import type { ReactNode } from "react";
import { preloadModule } from "react-dom";
import {
  data,
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteLoaderData,
} from "react-router";
import type { Route } from "./+types/root";
import "./app.css";
import { getCaller } from "./lib/context.server.ts";
import { hrefWithLocale, localeCookie, localeFromRequest } from "./lib/locale.ts";
import { useNonce } from "./lib/nonce.ts";
import { noticeFromSearch } from "./lib/notices.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const { locale, fromQuery } = localeFromRequest(request);
  const caller = await getCaller({ request, context });
  const me = await caller.auth.me();
  // The badge is optional: a failure to count must not break every page.
  const unread = me
    ? await caller.notifications.unreadCount().then(
        (r) => r.unread,
        () => null,
      )
    : null;
  const user = me ? { displayName: me.displayName } : null;
  // `?lang=` switches and remembers; the cookie carries the choice to the next pages.
  return data(
    { locale, user, unread },
    fromQuery ? { headers: { "Set-Cookie": localeCookie(locale) } } : undefined,
  );
}

export const links: Route.LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

/** The main sections. Pages that do not exist yet answer with the friendly 404. */
const sections = [
  { href: "/", label: "nav.home" },
  { href: "/topics", label: "nav.topics" },
  { href: "/meetings", label: "nav.meetings" },
  { href: "/votes", label: "nav.votes" },
  { href: "/ledger", label: "nav.ledger" },
  { href: "/requests", label: "nav.requests" },
  { href: "/compound", label: "nav.compound" },
] as const satisfies Array<{ href: string; label: MessageKey }>;

/** Client-side navigation with JavaScript, a plain link without. */
const routerLink: RenderLink = ({ href, children, ...rest }) => (
  <Link to={href} {...rest}>
    {children}
  </Link>
);

function isCurrent(pathname: string, href: string) {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function Layout({ children }: { children: ReactNode }) {
  const rootData = useRootData();
  const locale: Locale = rootData?.locale ?? defaultLocale;
  // The browser bundle holds no messages: the server render preloads this locale's chunk (React
  // puts the <link rel="modulepreload"> in <head>), which entry.client.tsx loads before hydrating.
  // Were the locale to change on a client-side navigation, this waits for the other catalog.
  const nonce = useNonce();
  for (const href of messageChunks[locale] ?? []) preloadModule(href, { as: "script", nonce });
  useMessages(locale);
  const location = useLocation();
  const notice = noticeFromSearch(location.search);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="description" content={t(locale, "app.tagline")} />
        <Meta />
        <Links nonce={nonce} />
      </head>
      <body>
        <I18nProvider locale={locale}>
          <AppShell
            title={t(locale, "portal.title")}
            nav={
              <PrimaryNav
                renderLink={routerLink}
                items={sections.map((s) => ({
                  href: s.href,
                  label: t(locale, s.label),
                  current: isCurrent(location.pathname, s.href),
                }))}
              />
            }
            end={
              <>
                <AccountNav
                  user={rootData?.user ?? null}
                  unread={rootData?.unread ?? null}
                  renderLink={routerLink}
                  signOut={
                    <Form method="post" action="/signout">
                      <button type="submit" className={signOutButtonClass}>
                        {t(locale, "nav.signOut")}
                      </button>
                    </Form>
                  }
                />
                <LocaleSwitch hrefFor={(next) => hrefWithLocale(location.pathname, location.search, next)} />
              </>
            }
          >
            {notice ? (
              <Alert tone="success" className="mb-6">
                {t(locale, notice)}
              </Alert>
            ) : null}
            {children}
          </AppShell>
        </I18nProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const locale = useRootData()?.locale ?? defaultLocale;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind = status === 404 ? "notFound" : status === 403 ? "forbidden" : "server";
  if (kind === "server" && import.meta.env.DEV) console.error(error);
  const title = t(locale, `error.${kind}.title`);
  return (
    <>
      <title>{`${title} · ${t(locale, "app.name")}`}</title>
      <ErrorState
        headingLevel={1}
        title={title}
        description={t(locale, `error.${kind}.body`)}
        detail={t(locale, "error.status", { status })}
        action={
          <a href="/" className={buttonClasses("secondary")}>
            {t(locale, "common.backHome")}
          </a>
        }
      />
    </>
  );
}
