export * from "./model/index.ts";
export * from "./rules/index.ts";
