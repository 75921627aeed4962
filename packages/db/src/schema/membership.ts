import { invitationStatuses, residencyRequestStatuses } from "@gongzhi/core";
import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./account.ts";
import { pk } from "./columns.ts";
import { role, scopeKind } from "./enums.ts";
import { communities } from "./registry.ts";

export const residencyRequestStatus = pgEnum("residency_request_status", residencyRequestStatuses);
export const invitationStatus = pgEnum("invitation_status", invitationStatuses);

/**
 * One-time SMS codes proving a phone (短信验证码). Only SHA-256(id:code) is stored; a code expires
 * after a few minutes and allows a few attempts. A newer code for the same phone and purpose
 * supersedes the older ones (they are marked consumed).
 */
export const phoneVerifications = pgTable(
  "phone_verifications",
  {
    id: pk(),
    phone: text("phone").notNull(),
    purpose: text("purpose").notNull(),
    codeHash: text("code_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    consumedAt: timestamp("consumed_at", { withTimezone: true }),
  },
  (t) => [
    index("phone_verifications_phone_idx").on(t.phone, t.purpose, t.createdAt),
    check("phone_verifications_purpose", sql`${t.purpose} in ('sign_up')`),
    check("phone_verifications_expiry", sql`${t.expiresAt} > ${t.createdAt}`),
    check("phone_verifications_attempts", sql`${t.attempts} >= 0`),
  ],
);

/**
 * Text messages as the development/test SMS sender "sends" them: developers and the browser tests
 * read one-time codes here. Production deployments configure a real provider (docs/deployment.md).
 */
export const smsOutbox = pgTable(
  "sms_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    phone: text("phone").notNull(),
    text: text("text").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sms_outbox_phone_idx").on(t.phone, t.id)],
);

/** 入驻申请: a signed-in user asks to become a resident of a community; community staff decide. */
export const residencyRequests = pgTable(
  "residency_requests",
  {
    id: pk(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    note: text("note"),
    status: residencyRequestStatus("status").notNull().default("pending"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decisionReason: text("decision_reason"),
  },
  (t) => [
    uniqueIndex("residency_requests_one_pending_uq")
      .on(t.userId, t.communityId)
      .where(sql`${t.status} = 'pending'`),
    index("residency_requests_community_idx").on(t.communityId, t.status, t.createdAt),
    check(
      "residency_requests_decided",
      sql`(${t.status} in ('approved', 'declined')) = (${t.decidedAt} is not null)`,
    ),
  ],
);

/**
 * 邀请: a role within a scope offered to a phone number. The invitee — an account with that phone,
 * existing or signed up later — accepts or declines; only acceptance assigns the role.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: pk(),
    phone: text("phone").notNull(),
    displayName: text("display_name").notNull(),
    role: role("role").notNull(),
    scopeKind: scopeKind("scope_kind").notNull(),
    scopeId: uuid("scope_id"),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    status: invitationStatus("status").notNull().default("pending"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
    respondedBy: uuid("responded_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("invitations_phone_idx").on(t.phone, t.status),
    index("invitations_scope_idx").on(t.scopeKind, t.scopeId, t.createdAt),
    check("invitations_scope", sql`(${t.scopeKind} = 'global') = (${t.scopeId} is null)`),
    check("invitations_expiry", sql`${t.expiresAt} > ${t.createdAt}`),
    check("invitations_responded", sql`(${t.status} = 'pending') = (${t.respondedAt} is null)`),
  ],
);

/**
 * Withdrawal of the personal information consent (PIPL Art. 15, 47): recorded as a request to delete
 * the account, which the operator carries out; one per user.
 */
export const accountDeletionRequests = pgTable("account_deletion_requests", {
  id: pk(),
  userId: uuid("user_id")
    .notNull()
    .unique()
    .references(() => users.id, { onDelete: "cascade" }),
  consentVersion: text("consent_version"),
  requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
});
