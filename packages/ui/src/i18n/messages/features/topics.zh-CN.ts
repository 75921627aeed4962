/** zh-CN messages of the topics feature (merged into the zh-CN catalog). */
export const topicsZhCN = {} as const;
