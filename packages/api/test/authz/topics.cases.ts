import type { DomainCases } from "./cases.ts";

export const topicsCases: DomainCases = { cases: {} };
