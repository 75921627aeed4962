import type { DomainCases } from "./cases.ts";

export const auditCases: DomainCases = { cases: {} };
