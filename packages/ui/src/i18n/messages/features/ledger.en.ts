import type { ledgerZhCN } from "./ledger.zh-CN.ts";

/** English messages of the ledger feature: exactly the keys of its zh-CN file. */
export const ledgerEn = {} as const satisfies Record<keyof typeof ledgerZhCN, string>;
