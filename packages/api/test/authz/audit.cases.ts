import type { DomainCases } from "./cases.ts";

export const auditCases: DomainCases = {
  cases: {
    "audit.query": { input: ({ world, side }) => ({ districtId: world[side].districtId, limit: 50 }) },
  },
};
