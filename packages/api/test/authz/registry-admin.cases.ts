import type { DomainCases } from "./cases.ts";

export const registryAdminCases: DomainCases = { cases: {} };
