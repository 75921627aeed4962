import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of this response (server.mjs makes one per request; ADR 0009).
 * entry.server.tsx provides it to the render so every inline script React Router writes carries it;
 * entry.client.tsx provides the same value (read from the page) so hydration matches.
 */
export const NonceContext = createContext<string | undefined>(undefined);

export const useNonce = () => useContext(NonceContext);
