import type { DomainCases } from "./cases.ts";

export const coreCases: DomainCases = {
  cases: {
    "health.ping": { input: () => undefined, scope: "ignore" },
    "registry.districtSummary": { input: () => undefined, scope: "ignore" },
    "registry.community": { input: ({ world, side }) => ({ id: world[side].communityId }), scope: "ignore" },
    "registry.compounds": {
      input: ({ world, side }) => ({ communityId: world[side].communityId }),
      scope: "ignore",
    },
    "registry.communities": {
      input: ({ world, side }) => ({ subdistrictId: world[side].subdistrictId, limit: 5 }),
      scope: "ignore",
    },
  },
};
