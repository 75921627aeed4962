/** zh-CN messages of the votes feature (merged into the zh-CN catalog). */
export const votesZhCN = {} as const;
