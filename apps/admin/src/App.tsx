import { AppShell, I18nProvider, type Locale, LocaleSwitch, t } from "@gongzhi/ui";
import { QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { initialLocale, rememberLocale } from "./locale.ts";
import { NotFoundPage } from "./pages/NotFound.tsx";
import { OverviewPage } from "./pages/Overview.tsx";
import { createClient, createQueryClient, TRPCProvider } from "./trpc.ts";

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createClient);
  const [locale, setLocale] = useState<Locale>(initialLocale);

  useEffect(() => {
    rememberLocale(locale);
  }, [locale]);

  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <I18nProvider locale={locale}>
          <BrowserRouter basename="/admin">
            <AppShell
              title={t(locale, "admin.title")}
              homeHref="/admin/"
              end={<LocaleSwitch onSelect={setLocale} />}
            >
              <Routes>
                <Route index element={<OverviewPage />} />
                <Route path="*" element={<NotFoundPage />} />
              </Routes>
            </AppShell>
          </BrowserRouter>
        </I18nProvider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
