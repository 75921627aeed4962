/**
 * A tiny engine for explicit transition tables: each row names from, to, who may make it, and an
 * optional guard on a context. Used by the topic, owners' decision, ledger and committee lifecycles.
 */
import { IllegalTransitionError, type TransitionEntity } from "./errors.ts";

export interface TransitionRule<S extends string, A extends string, C> {
  from: S;
  to: S;
  /** Who may make this transition. */
  actors: readonly A[];
  /** What the transition means, for docs and UIs. */
  label: string;
  /** Returns a reason string when the transition is not allowed in this context, else null. */
  guard?: (ctx: C) => string | null;
}

export interface Lifecycle<S extends string, A extends string, C> {
  entity: TransitionEntity;
  table: readonly TransitionRule<S, A, C>[];
  /** Throws IllegalTransitionError unless `actor` may move from → to in `ctx`. Returns the rule. */
  assert(from: S, to: S, actor: A, ctx?: C): TransitionRule<S, A, C>;
  /** True when `assert` would not throw. */
  can(from: S, to: S, actor: A, ctx?: C): boolean;
  /** Statuses `actor` may move to from `from` (ignoring guards unless ctx is given). */
  next(from: S, actor?: A, ctx?: C): S[];
}

export function defineLifecycle<S extends string, A extends string, C>(
  entity: TransitionEntity,
  table: readonly TransitionRule<S, A, C>[],
): Lifecycle<S, A, C> {
  const assert = (from: S, to: S, actor: A, ctx?: C): TransitionRule<S, A, C> => {
    const rule = table.find((r) => r.from === from && r.to === to);
    if (!rule) throw new IllegalTransitionError(entity, from, to, "no_such_transition", undefined, actor);
    if (!rule.actors.includes(actor)) {
      throw new IllegalTransitionError(
        entity,
        from,
        to,
        "role_not_allowed",
        `allowed: ${rule.actors.join(", ")}`,
        actor,
      );
    }
    if (rule.guard) {
      const reason = rule.guard((ctx ?? {}) as C);
      if (reason !== null) throw new IllegalTransitionError(entity, from, to, "guard_failed", reason, actor);
    }
    return rule;
  };
  const can = (from: S, to: S, actor: A, ctx?: C): boolean => {
    try {
      assert(from, to, actor, ctx);
      return true;
    } catch (e) {
      if (e instanceof IllegalTransitionError) return false;
      throw e;
    }
  };
  const next = (from: S, actor?: A, ctx?: C): S[] =>
    table
      .filter((r) => r.from === from && (actor === undefined || r.actors.includes(actor)))
      .filter((r) => ctx === undefined || !r.guard || r.guard(ctx) === null)
      .map((r) => r.to);
  return { entity, table, assert, can, next };
}
