import { z } from "zod";
import { id, isoDate, text, timestamps } from "./common.ts";
import {
  art278Items,
  art278SpecialItems,
  ballotChoices,
  decisionMatters,
  decisionStatuses,
} from "./enums.ts";

/**
 * 业主共同决定 — an owners' decision put to the statutory vote (民法典 Art. 278).
 * `matter` must agree with `art278Item`: items (6), (7), (8) are special (≥ 3/4), the rest ordinary (> 1/2).
 */
export const ownersDecision = z
  .object({
    id,
    compoundId: id,
    meetingDecisionId: id.nullable(),
    title: z.string().trim().min(4).max(200),
    description: text(10_000),
    matter: z.enum(decisionMatters),
    art278Item: z.union(art278Items.map((n) => z.literal(n)) as [z.ZodLiteral<1>, ...z.ZodLiteral<number>[]]),
    /** The choices offered; the statutory tally counts "for" against participation. */
    options: z.array(z.enum(ballotChoices)).min(2),
    /** Secret votes hide who chose what, and hide results until closed. */
    secret: z.boolean(),
    status: z.enum(decisionStatuses),
    /** Date the notice was published (≥ 15 days before voting opens, 条例 Art. 35). */
    noticedOn: isoDate.nullable(),
    opensAt: z.date(),
    closesAt: z.date(),
    closedAt: z.date().nullable(),
    publishedAt: z.date().nullable(),
    ...timestamps,
  })
  .refine((d) => d.closesAt > d.opensAt, { message: "voting must close after it opens", path: ["closesAt"] })
  .refine(
    (d) =>
      ((art278SpecialItems as readonly number[]).includes(d.art278Item) ? "special" : "ordinary") ===
      d.matter,
    { message: "matter does not match the Art. 278 item (items 6–8 are special)", path: ["matter"] },
  );
export type OwnersDecision = z.infer<typeof ownersDecision>;

/** 选票 — one ballot per owner key (owner party) per decision; may be changed until the vote closes. */
export const ballot = z.object({
  id,
  decisionId: id,
  /** The owner key (owner party id) — 法释〔2009〕7号 Art. 9. */
  ownerKey: id,
  choice: z.enum(ballotChoices),
  castBy: id.nullable(),
  ...timestamps,
});
export type Ballot = z.infer<typeof ballot>;
