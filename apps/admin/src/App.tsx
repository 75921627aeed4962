import { I18nProvider, type Locale } from "@gongzhi/ui";
import { QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { BrowserRouter } from "react-router";
import { initialLocale, rememberLocale } from "./locale.ts";
import { Root } from "./shell/Root.tsx";
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
            <Root onLocale={setLocale} />
          </BrowserRouter>
        </I18nProvider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
