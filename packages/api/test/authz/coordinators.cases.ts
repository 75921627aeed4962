import type { DomainCases } from "./cases.ts";

export const coordinatorsCases: DomainCases = { cases: {} };
