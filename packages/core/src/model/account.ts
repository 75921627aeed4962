import { z } from "zod";
import { id, mainlandMobile, name, timestamps } from "./common.ts";
import { locales, notificationKinds, roles, scopeKinds } from "./enums.ts";

export const user = z.object({
  id,
  phone: mainlandMobile,
  displayName: name(50),
  locale: z.enum(locales),
  ...timestamps,
});
export type User = z.infer<typeof user>;

/** A role held within a scope: e.g. community_staff of one community, district_staff of the district. */
export const roleAssignment = z
  .object({
    id,
    userId: id,
    role: z.enum(roles),
    scopeKind: z.enum(scopeKinds),
    /** The id of the district/subdistrict/community/compound/unit; null for global. */
    scopeId: id.nullable(),
    createdAt: z.date(),
  })
  .refine((r) => (r.scopeKind === "global") === (r.scopeId === null), {
    message: "a global scope has no id; every other scope needs one",
    path: ["scopeId"],
  });
export type RoleAssignment = z.infer<typeof roleAssignment>;

/** The scope kind each role is granted in. */
export const roleScopeKind = {
  resident: "community",
  verified_owner: "unit",
  committee_member: "compound",
  community_staff: "community",
  subdistrict_staff: "subdistrict",
  district_staff: "district",
  system_admin: "global",
  unit_staff: "handling_unit",
} as const satisfies Record<(typeof roles)[number], (typeof scopeKinds)[number]>;

/** An append-only audit entry: who did what to which entity, when, with before/after. */
export const auditEntry = z.object({
  id: z.number().int(),
  at: z.date(),
  actorId: id.nullable(),
  action: z.string().min(1).max(100),
  entityType: z.string().min(1).max(50),
  entityId: z.string().max(100).nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const notification = z.object({
  id,
  userId: id,
  kind: z.enum(notificationKinds),
  /** Message key and parameters; rendered per locale by the UI. */
  payload: z.object({
    messageKey: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
  }),
  link: z.string().max(500).nullable(),
  readAt: z.date().nullable(),
  createdAt: z.date(),
});
export type Notification = z.infer<typeof notification>;

/** Cursor pagination shared by every list endpoint. */
export const MAX_PAGE_SIZE = 100;
export const pageInput = z.object({
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
});
export type PageInput = z.infer<typeof pageInput>;
export type Page<T> = { items: T[]; nextCursor: string | null };
