import type { notificationsZhCN } from "./notifications.zh-CN.ts";

/** English messages of the notifications feature: exactly the keys of its zh-CN file. */
export const notificationsEn = {} as const satisfies Record<keyof typeof notificationsZhCN, string>;
