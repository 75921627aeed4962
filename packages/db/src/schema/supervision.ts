import { date, pgTable, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { pk } from "./columns.ts";
import { supervisionLevel } from "./enums.ts";
import { ledgerItems } from "./ledger.ts";

/**
 * 三级督办 (DOMAIN.md §6): one row per escalation of a ledger item, at most one per missed deadline, so
 * running the overdue escalation again for the same deadline changes nothing.
 */
export const ledgerEscalations = pgTable(
  "ledger_escalations",
  {
    id: pk(),
    itemId: uuid("item_id")
      .notNull()
      .references(() => ledgerItems.id, { onDelete: "cascade" }),
    deadline: date("deadline", { mode: "string" }).notNull(),
    fromLevel: supervisionLevel("from_level").notNull(),
    toLevel: supervisionLevel("to_level"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("ledger_escalations_item_deadline_uq").on(t.itemId, t.deadline)],
);
