import type { DomainCases } from "./cases.ts";

export const propertyServicesCases: DomainCases = {
  cases: {
    "propertyServices.current": { input: ({ world, side }) => ({ compoundId: world[side].compoundId }) },
    "propertyServices.history": { input: ({ world, side }) => ({ compoundId: world[side].compoundId }) },
    "propertyServices.set": {
      input: ({ world, side }) => ({
        compoundId: world[side].compoundId,
        mode: "professional",
        companyName: "延庆物业服务有限公司",
        contractStart: "2025-01-01",
        contractEnd: "2027-12-31",
        filedOn: "2025-01-10",
        startedOn: "2025-01-01",
      }),
    },
    "propertyServices.alerts": {
      input: ({ world, side }) => ({
        scopeLevel: "community",
        scopeId: world[side].communityId,
        withinDays: 90,
      }),
    },
  },
};
