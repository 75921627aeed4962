import type { topicsZhCN } from "./topics.zh-CN.ts";

/** English messages of the topics feature: exactly the keys of its zh-CN file. */
export const topicsEn = {} as const satisfies Record<keyof typeof topicsZhCN, string>;
