import type { DomainCases } from "./cases.ts";

export const meetingsCases: DomainCases = { cases: {} };
