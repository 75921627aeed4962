/**
 * Server helpers of the owners' votes (业主投票) and meetings pages: where the signed-in person
 * belongs (communities and compounds from their roles and verified units), the cast form's fields,
 * and the secret-ballot receipt kept on the voter's device (docs/decisions/0006-secret-ballots.md).
 */
import { data } from "react-router";
import type { Caller } from "./context.server.ts";
import { defineFields, isApiError, type SignedInUser, textRule } from "./forms.server.ts";

export type MyUnit = Awaited<ReturnType<Caller["households"]["myUnits"]>>["items"][number];

/** The person's verified units, and the communities and compounds they belong to. */
export async function residentScope(caller: Caller, user: SignedInUser) {
  const units: MyUnit[] = await caller.households.myUnits({ limit: 50 }).then(
    (page) => page.items,
    () => [],
  );
  const communityIds = new Set<string>();
  const compoundIds = new Set<string>();
  for (const r of user.roles) {
    if (r.scopeKind === "community" && r.scopeId) communityIds.add(r.scopeId);
    if (r.scopeKind === "compound" && r.scopeId) compoundIds.add(r.scopeId);
  }
  for (const u of units) communityIds.add(u.communityId);
  return { units, communityIds: [...communityIds], compoundIds: [...compoundIds] };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string | undefined | null): value is string {
  return typeof value === "string" && uuidPattern.test(value);
}

/** A 404 for the root ErrorBoundary when the API does not know the id (or it is malformed). */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (isApiError(error) && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST"))
      throw data(null, { status: 404 });
    throw error;
  }
}

export const ballotChoices = ["for", "against", "abstain"] as const;
export type BallotChoice = (typeof ballotChoices)[number];
export const isChoice = (v: unknown): v is BallotChoice =>
  typeof v === "string" && (ballotChoices as readonly string[]).includes(v);

export const receiptPattern = /^[A-Za-z0-9_-]{43}$/;

export const castFields = defineFields({
  choice: {
    schema: textRule({ max: 10, pattern: /^(for|against|abstain)$/ }),
    message: "votes.cast.required",
  },
  unitId: { schema: textRule({ max: 36, pattern: uuidPattern }), message: "error.invalid_input" },
  receipt: {
    schema: textRule({ min: 43, max: 43, pattern: receiptPattern }),
    message: "votes.receipt.invalid",
    optional: true,
  },
});

/** The cookie that keeps a secret ballot's receipt on this device, one per vote. */
const receiptCookieName = (decisionId: string) => `gz_receipt_${decisionId.replaceAll("-", "")}`;

export function readReceipt(request: Request, decisionId: string): string | null {
  const name = receiptCookieName(decisionId);
  for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) {
      const value = decodeURIComponent(rest.join("="));
      return receiptPattern.test(value) ? value : null;
    }
  }
  return null;
}

export function receiptCookie(request: Request, decisionId: string, receipt: string): string {
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  // Half a year: long past any voting period; HttpOnly; only sent to the votes pages (Path=/votes, not
  // /votes/<id>: React Router fetches its data from /votes/<id>.data, which that path would not match).
  return `${receiptCookieName(decisionId)}=${receipt}; Path=/votes; Max-Age=15552000; HttpOnly; SameSite=Lax${secure}`;
}

/** Beijing calendar date (YYYY-MM-DD) and month of an instant. */
export function beijingDate(d: Date | string | number): string {
  return new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
export function beijingTime(d: Date | string | number): string {
  return new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(11, 16);
}
