import type { adminHotlinePlansZhCN } from "./admin-hotline-plans.zh-CN.ts";

/** English messages of 未诉先办 plans and of the work-order jobs: exactly the keys of its zh-CN file. */
export const adminHotlinePlansEn = {
  "notification.work_order.time_used_50":
    "Work order {number} has used half of its time limit: please press on (reminder).",
  "notification.work_order.time_used_80":
    "Work order {number} has used 80 % of its time limit and is nearly overdue: please answer it soon (reminder).",
  "notification.work_order.overdue_supervised":
    "Work order {number} is past its time limit and was entered in the supervision ledger.",
  "notification.work_order.callback_due":
    "Work order {number} was answered but its callback is overdue: please call the requester back.",
} as const satisfies Record<keyof typeof adminHotlinePlansZhCN, string>;
