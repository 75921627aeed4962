import type { apiErrorsZhCN } from "./api-errors.zh-CN.ts";

/** English messages of the api-errors feature: exactly the keys of its zh-CN file. */
export const apiErrorsEn = {} as const satisfies Record<keyof typeof apiErrorsZhCN, string>;
