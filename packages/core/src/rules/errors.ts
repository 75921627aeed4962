/**
 * Typed errors and the shared shape of a rule violation.
 */

/** One broken rule. `messageKey` is an i18n key; `params` fill its placeholders. */
export interface RuleViolation {
  code: string;
  messageKey: string;
  /** The article the rule comes from, e.g. "北京市物业管理条例 Art. 52". */
  article: string;
  params: Record<string, string | number | boolean | null>;
}

export type TransitionEntity =
  | "topic"
  | "owners_decision"
  | "ledger_item"
  | "committee"
  | "work_order"
  | "governance_plan"
  | "plan_task"
  | "whistle"
  | "whistle_summons"
  | "admission_decision";

/** Why a transition was refused. */
export type IllegalTransitionReason = "no_such_transition" | "role_not_allowed" | "guard_failed";

/** Thrown when a lifecycle transition is not in its table, the actor may not make it, or its guard fails. */
export class IllegalTransitionError extends Error {
  override readonly name = "IllegalTransitionError";
  constructor(
    readonly entity: TransitionEntity,
    readonly from: string,
    readonly to: string,
    readonly reason: IllegalTransitionReason = "no_such_transition",
    readonly detail?: string,
    readonly actor?: string,
  ) {
    super(
      `Illegal ${entity} transition ${from} → ${to}` +
        (actor ? ` by ${actor}` : "") +
        `: ${reason}` +
        (detail ? ` (${detail})` : ""),
    );
  }
}

/** Thrown on malformed input to a pure rule (dates, counts). */
export class RuleInputError extends Error {
  override readonly name = "RuleInputError";
  constructor(
    readonly code: string,
    message: string,
    readonly id?: string,
  ) {
    super(message);
  }
}
