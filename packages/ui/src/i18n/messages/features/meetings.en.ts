import type { meetingsZhCN } from "./meetings.zh-CN.ts";

/** English messages of the meetings feature: exactly the keys of its zh-CN file. */
export const meetingsEn = {} as const satisfies Record<keyof typeof meetingsZhCN, string>;
