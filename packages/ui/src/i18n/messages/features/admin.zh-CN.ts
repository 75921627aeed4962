/** zh-CN messages of the admin feature (merged into the zh-CN catalog). */
export const adminZhCN = {} as const;
