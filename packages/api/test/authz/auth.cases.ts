import type { DomainCases } from "./cases.ts";

export const authCases: DomainCases = {
  cases: {
    "auth.me": { input: () => undefined, scope: "ignore" },
    // Public mutations are exercised for real by auth.test.ts; here an invalid input shows only that
    // no role is refused (a BAD_REQUEST is not an authorization refusal).
    "auth.signUp": { input: () => ({ phone: "1", password: "", displayName: "" }), scope: "ignore" },
    // A real request (texts a code through the outbox); repeated calls hit the per-phone limit.
    "auth.requestSignUpCode": { input: () => ({ phone: "13900000001" }), scope: "ignore" },
    "auth.withdrawConsent": { input: () => ({ confirm: true }), scope: "ignore" },
    "auth.signIn": { input: () => ({ phone: "1", password: "" }), scope: "ignore" },
    "auth.signOut": { input: () => undefined, scope: "ignore" },
    "auth.signOutEverywhere": { input: () => undefined, scope: "ignore" },
    "auth.changePassword": { input: () => ({ currentPassword: "x", newPassword: "" }), scope: "ignore" },
    "auth.mySessions": { input: () => undefined, scope: "ignore" },
    "auth.revokeSession": { input: () => ({ sessionId: "a".repeat(20) }), scope: "ignore" },
  },
};
