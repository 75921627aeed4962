/** zh-CN messages of the home feature (merged into the zh-CN catalog). */
export const homeZhCN = {} as const;
