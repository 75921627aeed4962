/** zh-CN messages of the api-errors feature (merged into the zh-CN catalog). */
export const apiErrorsZhCN = {} as const;
