import type { DomainCases } from "./cases.ts";

export const ledgerCases: DomainCases = { cases: {} };
