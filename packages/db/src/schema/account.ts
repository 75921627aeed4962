import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  check,
  customType,
  index,
  inet,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { pk, timestamps } from "./columns.ts";
import { locale, notificationKind, role, scopeKind } from "./enums.ts";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

export const users = pgTable(
  "users",
  {
    id: pk(),
    phone: text("phone").notNull(),
    passwordHash: text("password_hash").notNull(),
    displayName: text("display_name").notNull(),
    locale: locale("locale").notNull().default("zh-CN"),
    /** The personal information consent text accepted at sign-up (PIPL), and when; null for accounts made by staff or the seed. */
    consentVersion: text("consent_version"),
    consentedAt: timestamp("consented_at", { withTimezone: true }),
    /** When the user withdrew that consent (an account deletion request is recorded with it). */
    consentWithdrawnAt: timestamp("consent_withdrawn_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("users_phone_uq").on(t.phone),
    check("users_consent_pair", sql`(${t.consentVersion} is null) = (${t.consentedAt} is null)`),
  ],
);

/**
 * Sessions in the style of Lucia's guide: the token is `id.secret`; only SHA-256(secret) is stored.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    secretHash: bytea("secret_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastVerifiedAt: timestamp("last_verified_at", { withTimezone: true }).notNull().defaultNow(),
    userAgent: text("user_agent"),
    ip: inet("ip"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** A role within a scope (global: no scope id). */
export const roleAssignments = pgTable(
  "role_assignments",
  {
    id: pk(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: role("role").notNull(),
    scopeKind: scopeKind("scope_kind").notNull(),
    scopeId: uuid("scope_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("role_assignments_uq").on(t.userId, t.role, t.scopeKind, t.scopeId).nullsNotDistinct(),
    index("role_assignments_scope_idx").on(t.scopeKind, t.scopeId),
    check("role_assignments_scope", sql`(${t.scopeKind} = 'global') = (${t.scopeId} is null)`),
  ],
);

/**
 * Append-only, hash-chained audit log (ADR 11). The application role is granted INSERT and SELECT only
 * (src/roles.ts); triggers refuse UPDATE/DELETE/TRUNCATE. The BEFORE INSERT trigger `audit_log_chain`
 * assigns `id` in chain order and sets `prev_hash` and `hash`: whatever the client sends for these
 * three is overwritten (the '' defaults are never stored).
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid("actor_id"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    ip: inet("ip"),
    /** `hash` of the row before in id order (64 zeros for the first row). */
    prevHash: text("prev_hash").notNull().default(""),
    /** sha256 hex of `prev_hash` + the row's canonical content (src/audit-chain.ts). */
    hash: text("hash").notNull().default(""),
  },
  (t) => [
    index("audit_log_actor_idx").on(t.actorId, t.at),
    index("audit_log_entity_idx").on(t.entityType, t.entityId, t.at),
    index("audit_log_at_idx").on(t.at),
  ],
);

/**
 * The head of the audit chain: one row (id = 1) holding the last chained row's id and hash and the
 * number of rows. The chain trigger locks it (FOR UPDATE) to append; `audit:verify` compares the end
 * of the log with it, so deleting the newest rows is detected too. The app role can only read it.
 */
export const auditChainHead = pgTable(
  "audit_chain_head",
  {
    id: integer("id").primaryKey(),
    lastId: bigint("last_id", { mode: "number" }).notNull(),
    hash: text("hash").notNull(),
    rows: bigint("rows", { mode: "number" }).notNull(),
  },
  (t) => [check("audit_chain_head_single_row", sql`${t.id} = 1`)],
);

export const notifications = pgTable(
  "notifications",
  {
    id: pk(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: notificationKind("kind").notNull(),
    payload: jsonb("payload").notNull(),
    link: text("link"),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.createdAt),
    index("notifications_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
  ],
);

/** Monthly stored snapshot of the 三率 rollup for one unit of the hierarchy. */
export const threeRateSnapshots = pgTable(
  "three_rate_snapshots",
  {
    id: pk(),
    month: text("month").notNull(),
    level: text("level").notNull(),
    unitId: uuid("unit_id").notNull(),
    compoundsInScope: integer("compounds_in_scope").notNull(),
    figures: jsonb("figures").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("three_rate_snapshots_uq").on(t.month, t.level, t.unitId),
    check("three_rate_snapshots_month", sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check(
      "three_rate_snapshots_level",
      sql`${t.level} in ('district', 'subdistrict', 'community', 'compound')`,
    ),
  ],
);
