import type { DomainCases } from "./cases.ts";

export const usersCases: DomainCases = { cases: {} };
