export * from "./model/index.ts";
export * from "./rules/index.ts";
export * from "./geo/index.ts";
