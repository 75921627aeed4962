/** zh-CN messages of 未诉先办 (专项治理方案) in the console and of the 接诉即办 jobs' notifications. */
export const adminHotlinePlansZhCN = {
  "notification.work_order.time_used_50": "工单 {number} 办理时限已用过半，请抓紧办理（催办）。",
  "notification.work_order.time_used_80": "工单 {number} 办理时限已用 80%，即将超时，请尽快办结（催办）。",
  "notification.work_order.overdue_supervised": "工单 {number} 已超过办理时限，已列入督办台账。",
  "notification.work_order.callback_due": "工单 {number} 已办结但回访已超期，请尽快回访诉求人。",
} as const;
