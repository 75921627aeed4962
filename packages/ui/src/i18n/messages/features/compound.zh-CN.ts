/** zh-CN messages of the compound feature (merged into the zh-CN catalog). */
export const compoundZhCN = {} as const;
