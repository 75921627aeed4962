export * from "./geo/index.ts";
export * from "./model/index.ts";
export * from "./rules/index.ts";
