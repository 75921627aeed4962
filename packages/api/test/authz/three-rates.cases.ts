import type { DomainCases } from "./cases.ts";

export const threeRatesCases: DomainCases = {
  cases: {
    "threeRates.current": {
      input: ({ world, side }) => ({ level: "district", id: world[side].districtId }),
      scope: "ignore",
    },
    "threeRates.trend": {
      input: ({ world, side }) => ({ level: "district", id: world[side].districtId }),
      scope: "ignore",
    },
    "threeRates.compounds": {
      input: ({ world, side }) => ({ level: "community", id: world[side].communityId }),
    },
    "threeRates.snapshot": {
      input: ({ world, side }) => ({ districtId: world[side].districtId, month: "2025-06" }),
    },
  },
};
