import type { DomainCases } from "./cases.ts";

export const coreCases: DomainCases = {
  cases: {
    "health.ping": { input: () => undefined, scope: "ignore" },
    "registry.districtSummary": { input: () => undefined, scope: "ignore" },
    "registry.communities": {
      input: ({ world, side }) => ({ subdistrictId: world[side].subdistrictId, limit: 5 }),
      scope: "ignore",
    },
  },
};
