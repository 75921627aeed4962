import type { DomainCases } from "./cases.ts";

export const coreCases: DomainCases = {
  cases: {
    "health.ping": { input: () => undefined, scope: "ignore" },
    "registry.districtSummary": { input: () => undefined, scope: "ignore" },
  },
};
