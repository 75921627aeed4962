/** Ledger (台账) pages: where the resident's ledger lives, finding one item, and the rating form. */
import type { Caller } from "./context.server.ts";
import { defineFields, type SignedInUser, textRule } from "./forms.server.ts";
import { communityFromRoles, myUnits } from "./home-scope.server.ts";

/** The community whose ledger the user reads: their resident community, else their units'. */
export async function ledgerCommunity(user: SignedInUser, caller: Caller): Promise<string | null> {
  return communityFromRoles(user) ?? (await myUnits(caller))?.[0]?.communityId ?? null;
}

export type PublicLedgerItem = Awaited<ReturnType<Caller["ledger"]["publicList"]>>["items"][number];

/**
 * One item of the community's public ledger. The API has no public `ledger.get` (it is staff-only),
 * so this pages through `ledger.publicList` (100 a page, at most 20 pages).
 */
export async function findLedgerItem(
  caller: Caller,
  communityId: string,
  id: string,
): Promise<PublicLedgerItem | null> {
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const page: Awaited<ReturnType<Caller["ledger"]["publicList"]>> = await caller.ledger.publicList({
      communityId,
      limit: 100,
      cursor,
    });
    const found = page.items.find((item) => item.id === id);
    if (found) return found;
    if (!page.nextCursor) return null;
    cursor = page.nextCursor;
  }
  return null;
}

export const rateFields = defineFields({
  score: { schema: textRule({ max: 1, pattern: /^[1-5]$/ }), message: "ledger.rate.scoreInvalid" },
  comment: {
    schema: textRule({ max: 1000 }),
    message: "ledger.rate.commentInvalid",
    optional: true,
  },
});

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
