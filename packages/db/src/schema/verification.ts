import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./account.ts";
import { pk } from "./columns.ts";
import { ownershipDocumentKind, ownershipVerificationMethod } from "./enums.ts";
import { ownerParties, units } from "./registry.ts";

/**
 * 业主身份核验 — how each person became a verified owner of a unit: by their own household code, or by
 * staff who checked a named document. Kept as a record the owner can see (the portal shows it) and the
 * audit log names; a staff verification always names the document and never its verifier as the owner.
 */
export const ownershipVerifications = pgTable(
  "ownership_verifications",
  {
    id: pk(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    partyId: uuid("party_id")
      .notNull()
      .references(() => ownerParties.id, { onDelete: "restrict" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    method: ownershipVerificationMethod("method").notNull(),
    documentKind: ownershipDocumentKind("document_kind"),
    /** The document's number or reference as staff read it (e.g. 京(2021)延庆区不动产权第0001234号). */
    documentRef: text("document_ref"),
    note: text("note").notNull().default(""),
    verifiedBy: uuid("verified_by").references(() => users.id, { onDelete: "set null" }),
    verifiedAt: timestamp("verified_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: uuid("revoked_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("ownership_verifications_user_idx").on(t.userId),
    index("ownership_verifications_unit_idx").on(t.unitId),
    // Staff verification names a document; nobody verifies themselves.
    check(
      "ownership_verifications_document",
      sql`${t.method} <> 'staff_document' or (${t.documentKind} is not null and ${t.documentRef} is not null)`,
    ),
    check("ownership_verifications_not_self", sql`${t.verifiedBy} is null or ${t.verifiedBy} <> ${t.userId}`),
  ],
);
