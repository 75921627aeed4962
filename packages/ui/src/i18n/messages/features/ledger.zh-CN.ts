/** zh-CN messages of the ledger feature (merged into the zh-CN catalog). */
export const ledgerZhCN = {} as const;
