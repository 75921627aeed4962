import type { DomainCases } from "./cases.ts";

export const notificationsCases: DomainCases = { cases: {} };
