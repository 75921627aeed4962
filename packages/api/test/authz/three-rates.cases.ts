import type { DomainCases } from "./cases.ts";

export const threeRatesCases: DomainCases = { cases: {} };
