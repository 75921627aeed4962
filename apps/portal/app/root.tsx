import {
  AppShell,
  buttonClasses,
  defaultLocale,
  ErrorState,
  I18nProvider,
  type Locale,
  LocaleSwitch,
  t,
} from "@gongzhi/ui";
import type { ReactNode } from "react";
import {
  data,
  isRouteErrorResponse,
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
import { hrefWithLocale, localeCookie, localeFromRequest } from "./lib/locale.ts";

export function loader({ request }: Route.LoaderArgs) {
  const { locale, fromQuery } = localeFromRequest(request);
  // `?lang=` switches and remembers; the cookie carries the choice to the next pages.
  return data({ locale }, fromQuery ? { headers: { "Set-Cookie": localeCookie(locale) } } : undefined);
}

export const links: Route.LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

function useLocaleFromRoot(): Locale {
  const rootData = useRouteLoaderData<typeof loader>("root");
  return rootData?.locale ?? defaultLocale;
}

export function Layout({ children }: { children: ReactNode }) {
  const locale = useLocaleFromRoot();
  const location = useLocation();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="description" content={t(locale, "app.tagline")} />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nProvider locale={locale}>
          <AppShell
            title={t(locale, "portal.title")}
            end={
              <LocaleSwitch hrefFor={(next) => hrefWithLocale(location.pathname, location.search, next)} />
            }
          >
            {children}
          </AppShell>
        </I18nProvider>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const locale = useLocaleFromRoot();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!notFound && import.meta.env.DEV) console.error(error);
  return (
    <>
      <title>{`${t(locale, notFound ? "error.notFound.title" : "error.server.title")} · ${t(locale, "app.name")}`}</title>
      <ErrorState
        headingLevel={1}
        title={t(locale, notFound ? "error.notFound.title" : "error.server.title")}
        description={t(locale, notFound ? "error.notFound.body" : "error.server.body")}
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
