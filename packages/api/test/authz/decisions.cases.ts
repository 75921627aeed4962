import type { DomainCases } from "./cases.ts";

export const decisionsCases: DomainCases = { cases: {} };
