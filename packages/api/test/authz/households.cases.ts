import type { DomainCases } from "./cases.ts";

export const householdsCases: DomainCases = { cases: {} };
