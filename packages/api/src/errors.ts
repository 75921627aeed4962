import { IllegalTransitionError, OwnersVoteInputError, RuleInputError } from "@gongzhi/core";
import { DbConstraintError } from "@gongzhi/db";
import { TRPCError } from "@trpc/server";

type Code = ConstructorParameters<typeof TRPCError>[0]["code"];

/** A client-facing error: a tRPC code, a stable message key for both locales, and an English message. */
export class ApiError extends TRPCError {
  constructor(
    code: Code,
    readonly messageKey: string,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super({ code, message });
  }
}

export const notFound = (what: string) =>
  new ApiError("NOT_FOUND", `error.not_found.${what}`, `${what} not found`);
export const forbidden = (why = "outside your scope") =>
  new ApiError("FORBIDDEN", "error.forbidden", `forbidden: ${why}`);
export const unauthorized = () => new ApiError("UNAUTHORIZED", "error.unauthorized", "please sign in");
export const tooManyRequests = (retryAfterMs: number) =>
  new ApiError("TOO_MANY_REQUESTS", "error.too_many_requests", "too many attempts; try again later", {
    retryAfterSeconds: Math.ceil(retryAfterMs / 1000),
  });

/** Sign-in refused for now (throttling): the wait in seconds and in whole minutes, rounded up. */
export const signInThrottled = (retryAfterMs: number) =>
  new ApiError("TOO_MANY_REQUESTS", "error.sign_in_throttled", "too many failed sign-ins; try again later", {
    retryAfterSeconds: Math.ceil(retryAfterMs / 1000),
    retryAfterMinutes: Math.ceil(retryAfterMs / 60_000),
  });

/** Translate domain and database errors into client errors; anything else stays internal. */
export function toApiError(error: unknown): TRPCError | null {
  if (error instanceof ApiError) return error;
  // A pagination cursor the list did not hand out (garbage, tampered, or from another sort order).
  if (error instanceof DbConstraintError && error.constraint === "cursor")
    return new ApiError("BAD_REQUEST", "error.invalid_cursor", error.message);
  if (error instanceof DbConstraintError) {
    // A compare-and-set that lost (someone acted on the work order, or decided the request, first).
    const lostRace = [
      "work_order_status_changed",
      "work_order_extension_decided",
      "governance_plan_status_changed",
      "plan_task_status_changed",
      "whistle_status_changed",
      "whistle_summons_status_changed",
    ].includes(error.constraint ?? "");
    const code: Code = error.code === "unique_violation" || lostRace ? "CONFLICT" : "BAD_REQUEST";
    return new ApiError(code, error.messageKey, error.message);
  }
  if (error instanceof IllegalTransitionError) {
    return new ApiError("CONFLICT", `error.transition.${error.reason}`, error.message, {
      from: error.from,
      to: error.to,
    });
  }
  if (error instanceof OwnersVoteInputError || error instanceof RuleInputError) {
    return new ApiError("BAD_REQUEST", `error.rule.${error.code}`, error.message);
  }
  return null;
}
