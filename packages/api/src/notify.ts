/**
 * In-app notifications (站内通知), written inside the transaction of the mutation that causes them, so
 * a notification exists exactly when its cause was committed. Payloads carry a message key and
 * parameters; the UI renders them per locale.
 */
import type { NotificationKind } from "@gongzhi/core";
import { type Executor, notificationsRepository } from "@gongzhi/db";

export interface NotifyInput {
  /** Recipients; duplicates and nulls are dropped, and `except` (usually the acting user) is left out. */
  userIds: readonly (string | null | undefined)[];
  except?: string | null;
  kind: NotificationKind;
  messageKey: string;
  params?: Record<string, string | number>;
  /** An in-app path, e.g. `/topics/<id>`. */
  link?: string | null;
  at?: Date;
}

/** Insert one notification per distinct recipient; returns how many were written. */
export async function notify(tx: Executor, input: NotifyInput): Promise<number> {
  const recipients = [...new Set(input.userIds.filter((u): u is string => !!u && u !== input.except))];
  return notificationsRepository(tx).insertMany(
    recipients.map((userId) => ({
      userId,
      kind: input.kind,
      payload: { messageKey: input.messageKey, params: input.params ?? {} },
      link: input.link ?? null,
      ...(input.at ? { createdAt: input.at } : {}),
    })),
  );
}
