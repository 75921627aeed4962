/** zh-CN messages of the meetings feature (merged into the zh-CN catalog). */
export const meetingsZhCN = {} as const;
