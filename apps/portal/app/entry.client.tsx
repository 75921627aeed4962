import { defaultLocale, isLocale, loadMessages } from "@gongzhi/ui";
import { StrictMode, startTransition } from "react";
import { hydrateRoot } from "react-dom/client";
import { HydratedRouter } from "react-router/dom";
import { NonceContext } from "./lib/nonce.ts";

// The browser build carries no message catalog (vite.config.ts, messageChunks()): fetch the page's
// locale (the server wrote it into <html lang>, and preloaded its chunk) before hydrating, so the
// first client render shows exactly the server's text. The other locale is fetched only if the
// reader switches. Should the catalog fail to load, the page stays as the server rendered it:
// links and forms work without JavaScript.
const lang = document.documentElement.lang;
// This page's CSP nonce (ADR 0009). Browsers hide it from the attribute but keep the property; the
// client render gives elements the server's nonce, so hydration sees no difference.
const nonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce || undefined;
loadMessages(isLocale(lang) ? lang : defaultLocale).then(
  () => {
    startTransition(() => {
      hydrateRoot(
        document,
        <StrictMode>
          <NonceContext.Provider value={nonce}>
            <HydratedRouter />
          </NonceContext.Provider>
        </StrictMode>,
      );
    });
  },
  (error: unknown) => console.error("could not load the messages; the page works without JavaScript", error),
);
