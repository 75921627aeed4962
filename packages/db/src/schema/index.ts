export * from "./account.ts";
export * from "./deliberation.ts";
export * from "./enums.ts";
export * from "./governance.ts";
export * from "./ledger.ts";
export * from "./registry.ts";
export * from "./security.ts";
export * from "./vote.ts";
