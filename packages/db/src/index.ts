export * from "./client.ts";
export * from "./password.ts";
export * as tables from "./schema/index.ts";
