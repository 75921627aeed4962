import { AppShell, ErrorState, Loading, type Locale, LocaleSwitch, useT } from "@gongzhi/ui";
import { useQuery } from "@tanstack/react-query";
import { lazy, type ReactNode, Suspense } from "react";
import { Navigate, Route, Routes } from "react-router";
import { staffScopeOf } from "../lib/session.ts";
import { NoAccessPage } from "../pages/NoAccess.tsx";
import { NotFoundPage } from "../pages/NotFound.tsx";
import { PublicHomePage, SignInPage } from "../pages/SignIn.tsx";
import { useTRPC } from "../trpc.ts";
import { ConsoleLayout } from "./ConsoleLayout.tsx";
import { homePathFor, sections, sectionsFor } from "./sections.ts";
import { StaffProvider } from "./staff.tsx";

// Every view is its own chunk: the first load carries only the shell.
const RatesPage = lazy(() => import("../features/rates/RatesPage.tsx"));
const PlaceholderPage = lazy(() => import("../pages/Placeholder.tsx"));

/** Decides what the visitor sees: sign-in (signed out), "no access" (not staff) or the console. */
export function Root({ onLocale }: { onLocale: (locale: Locale) => void }) {
  const t = useT();
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 60_000 });
  const switcher = <LocaleSwitch onSelect={onLocale} />;
  const plain = (children: ReactNode) => (
    <AppShell title={t("admin.title")} homeHref="/admin/" end={switcher}>
      {children}
    </AppShell>
  );

  if (me.isPending) return plain(<Loading label={t("admin.loadingSession")} />);
  if (me.isError) {
    return plain(
      <ErrorState headingLevel={1} title={t("admin.sessionError.title")} onRetry={() => void me.refetch()} />,
    );
  }
  if (!me.data) {
    return plain(
      <Routes>
        <Route index element={<PublicHomePage />} />
        {sections.map((s) => (
          <Route key={s.path} path={`${s.path}/*`} element={<SignInPage />} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Routes>,
    );
  }
  const scope = staffScopeOf(me.data.roles);
  if (!scope) return plain(<NoAccessPage name={me.data.displayName} />);
  const mine = sectionsFor(scope.role);
  const withRates = mine.some((s) => s.path === "rates");

  return (
    <StaffProvider value={{ userId: me.data.id, displayName: me.data.displayName, scope }}>
      <ConsoleLayout end={switcher}>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route index element={<Navigate to={homePathFor(scope.role)} replace />} />
            {withRates ? <Route path="rates" element={<RatesPage />} /> : null}
            {withRates ? <Route path="rates/:level/:id" element={<RatesPage />} /> : null}
            {mine.map((s) =>
              s.built && s.component ? (
                <Route key={s.path} path={`${s.path}/*`} element={<s.component />} />
              ) : null,
            )}
            {mine
              .filter((s) => !s.built)
              .map((s) => (
                <Route key={s.path} path={`${s.path}/*`} element={<PlaceholderPage section={s} />} />
              ))}
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Suspense>
      </ConsoleLayout>
    </StaffProvider>
  );
}
