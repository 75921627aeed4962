import type { compoundZhCN } from "./compound.zh-CN.ts";

/** English messages of the compound feature: exactly the keys of its zh-CN file. */
export const compoundEn = {} as const satisfies Record<keyof typeof compoundZhCN, string>;
