import type { votesZhCN } from "./votes.zh-CN.ts";

/** English messages of the votes feature: exactly the keys of its zh-CN file. */
export const votesEn = {} as const satisfies Record<keyof typeof votesZhCN, string>;
