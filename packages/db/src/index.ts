export * from "./audit-chain.ts";
export * from "./client.ts";
export * from "./demo.ts";
export * from "./errors.ts";
export * from "./password.ts";
export * from "./repositories/index.ts";
export * from "./roles.ts";
export * as tables from "./schema/index.ts";
export * from "./seed/index.ts";
