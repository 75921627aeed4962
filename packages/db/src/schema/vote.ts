import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./account.ts";
import { pk, timestamps } from "./columns.ts";
import { meetingDecisions } from "./deliberation.ts";
import { ballotChoice, decisionCloseReason, decisionMatter, decisionStatus } from "./enums.ts";
import { compounds, ownerParties } from "./registry.ts";

/** 业主共同决定 — 民法典 Art. 278. */
export const ownersDecisions = pgTable(
  "owners_decisions",
  {
    id: pk(),
    compoundId: uuid("compound_id")
      .notNull()
      .references(() => compounds.id, { onDelete: "restrict" }),
    meetingDecisionId: uuid("meeting_decision_id").references(() => meetingDecisions.id, {
      onDelete: "set null",
    }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    matter: decisionMatter("matter").notNull(),
    art278Item: integer("art278_item").notNull(),
    options: text("options").array().notNull().default(sql`'{for,against,abstain}'::text[]`),
    secret: boolean("secret").notNull().default(false),
    status: decisionStatus("status").notNull().default("draft"),
    noticedOn: date("noticed_on", { mode: "string" }),
    opensAt: timestamp("opens_at", { withTimezone: true }).notNull(),
    closesAt: timestamp("closes_at", { withTimezone: true }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** Why it closed: the announced period ended, or (earlier) every owner on the roll had voted. */
    closeReason: decisionCloseReason("close_reason"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    /** The stored tally (core's tallyOwnersDecision output) once tallied. */
    tally: jsonb("tally"),
    ...timestamps,
  },
  (t) => [
    index("owners_decisions_compound_idx").on(t.compoundId, t.status),
    check("owners_decisions_item_range", sql`${t.art278Item} between 1 and 9`),
    // 民法典 Art. 278 para. 2: items (6)–(8) need 3/4; the others more than half.
    check(
      "owners_decisions_matter_matches_item",
      sql`(${t.matter} = 'special') = (${t.art278Item} in (6, 7, 8))`,
    ),
    check("owners_decisions_period_order", sql`${t.closesAt} > ${t.opensAt}`),
    check("owners_decisions_close_reason", sql`(${t.closedAt} is null) = (${t.closeReason} is null)`),
  ],
);

/** One ballot per owner key (owner party) per decision — 法释〔2009〕7号 Art. 9. */
export const ballots = pgTable(
  "ballots",
  {
    id: pk(),
    decisionId: uuid("decision_id")
      .notNull()
      .references(() => ownersDecisions.id, { onDelete: "cascade" }),
    ownerKey: uuid("owner_key")
      .notNull()
      .references(() => ownerParties.id, { onDelete: "restrict" }),
    choice: ballotChoice("choice").notNull(),
    castBy: uuid("cast_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [uniqueIndex("ballots_one_per_owner_key_uq").on(t.decisionId, t.ownerKey)],
);

/**
 * Secret ballots, part 1 — WHO voted (法释〔2009〕7号 Art. 9: one ballot per owner key). Kept apart from
 * the choices (`ballot_choices`): nothing here points at a choice row, see docs/decisions/0006.
 */
export const ballotParticipations = pgTable(
  "ballot_participations",
  {
    id: pk(),
    decisionId: uuid("decision_id")
      .notNull()
      .references(() => ownersDecisions.id, { onDelete: "cascade" }),
    ownerKey: uuid("owner_key")
      .notNull()
      .references(() => ownerParties.id, { onDelete: "restrict" }),
    castBy: uuid("cast_by").references(() => users.id, { onDelete: "set null" }),
    castAt: timestamp("cast_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("ballot_participations_one_per_owner_key_uq").on(t.decisionId, t.ownerKey)],
);

/**
 * Secret ballots, part 2 — WHAT was chosen, with the owner key's weight (area, headcount 1) so the
 * tally stays exact. No owner key, no voter, no timestamp. `locator` = SHA-256 of the voter's receipt
 * (a random secret returned only to the voter) bound to the decision and owner key: only a later request
 * carrying that receipt can find the row again to change the choice.
 */
export const ballotChoices = pgTable(
  "ballot_choices",
  {
    id: pk(),
    decisionId: uuid("decision_id")
      .notNull()
      .references(() => ownersDecisions.id, { onDelete: "cascade" }),
    locator: text("locator").notNull(),
    choice: ballotChoice("choice").notNull(),
    areaCentiM2: bigint("area_centi_m2", { mode: "number" }).notNull(),
    headcount: integer("headcount").notNull().default(1),
  },
  (t) => [
    uniqueIndex("ballot_choices_locator_uq").on(t.decisionId, t.locator),
    check("ballot_choices_weight", sql`${t.areaCentiM2} > 0 and ${t.headcount} = 1`),
  ],
);
