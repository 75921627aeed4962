/** zh-CN messages of the notifications feature (merged into the zh-CN catalog). */
export const notificationsZhCN = {} as const;
