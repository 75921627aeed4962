/**
 * Pure governance rules of Gongzhi: the statutory owners' vote, the property-management 三率,
 * committee rules and the lifecycles. No I/O; runs in the browser.
 */

export * from "./admission.ts";
export * from "./ballot-caster.ts";
export * from "./clock.ts";
export * from "./committee-lifecycle.ts";
export * from "./committees.ts";
export * from "./dates.ts";
export * from "./decision-lifecycle.ts";
export * from "./errors.ts";
export * from "./exact.ts";
export * from "./governance-plan-lifecycle.ts";
export * from "./hotline-rates.ts";
export * from "./ledger.ts";
export * from "./owners-vote.ts";
export * from "./three-rates.ts";
export * from "./time-limits.ts";
export * from "./topic-lifecycle.ts";
export * from "./transitions.ts";
export * from "./whistle-assessment.ts";
export * from "./whistle-lifecycle.ts";
export * from "./work-order-lifecycle.ts";
