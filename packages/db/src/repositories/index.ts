export * from "./audit.ts";
export * from "./governance.ts";
export * from "./ownership.ts";
export * from "./pagination.ts";
export * from "./registry.ts";
export * from "./three-rates.ts";
export * from "./topics.ts";
export * from "./votes.ts";
