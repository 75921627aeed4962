export * from "./account.ts";
export * from "./common.ts";
export * from "./deliberation.ts";
export * from "./enums.ts";
export * from "./governance.ts";
export * from "./ledger.ts";
export * from "./registry.ts";
export * from "./vote.ts";
