import type { DomainCases } from "./cases.ts";

export const propertyServicesCases: DomainCases = { cases: {} };
