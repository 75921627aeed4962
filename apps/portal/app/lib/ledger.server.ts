/** Ledger (台账) pages: where the resident's ledger lives, and the rating form. */
import type { Caller } from "./context.server.ts";
import { defineFields, type SignedInUser, textRule } from "./forms.server.ts";
import { communityFromRoles, myUnits } from "./home-scope.server.ts";

/** The community whose ledger the user reads: their resident community, else their units'. */
export async function ledgerCommunity(user: SignedInUser, caller: Caller): Promise<string | null> {
  return communityFromRoles(user) ?? (await myUnits(caller))?.[0]?.communityId ?? null;
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
