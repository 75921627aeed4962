import type { homeZhCN } from "./home.zh-CN.ts";

/** English messages of the home feature: exactly the keys of its zh-CN file. */
export const homeEn = {} as const satisfies Record<keyof typeof homeZhCN, string>;
