import type { DomainCases } from "./cases.ts";

export const committeesCases: DomainCases = { cases: {} };
