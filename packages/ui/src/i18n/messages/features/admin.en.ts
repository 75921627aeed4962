import type { adminZhCN } from "./admin.zh-CN.ts";

/** English messages of the admin feature: exactly the keys of its zh-CN file. */
export const adminEn = {} as const satisfies Record<keyof typeof adminZhCN, string>;
