/**
 * Who may take part (issue 10): a phone verified by a one-time code (短信验证码), the personal
 * information consent (个人信息保护法 PIPL Art. 13–17) accepted at sign-up, residency (居民身份) granted
 * by a household code, by staff approving a residency request (入驻申请), or by ownership
 * verification, and invitations (邀请) to a role that the invitee accepts or declines.
 */
import { z } from "zod";
import { id, name } from "./common.ts";
import { roles, scopeKinds } from "./enums.ts";

/**
 * The version of the personal information consent text (the `consent.*` messages of @gongzhi/ui).
 * Change it whenever the text changes: sign-up requires the current version, and each user's row
 * keeps the version they accepted and when.
 */
export const PRIVACY_CONSENT_VERSION = "2026-12-01";

/** A one-time SMS code: exactly 6 digits. */
export const otpCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/);

/** 入驻申请 status: pending until community staff approve or decline; the applicant may withdraw. */
export const residencyRequestStatuses = ["pending", "approved", "declined", "withdrawn"] as const;
export type ResidencyRequestStatus = (typeof residencyRequestStatuses)[number];

/** 邀请 status: pending until the invitee accepts or declines, or staff revoke it (or it expires). */
export const invitationStatuses = ["pending", "accepted", "declined", "revoked"] as const;
export type InvitationStatus = (typeof invitationStatuses)[number];

/** A resident's request to join a community. */
export const residencyRequest = z.object({
  id,
  userId: id,
  communityId: id,
  /** What the applicant tells the office (e.g. building and unit); optional. */
  note: z.string().trim().max(200).nullable(),
  status: z.enum(residencyRequestStatuses),
  createdAt: z.date(),
  decidedAt: z.date().nullable(),
  decidedBy: id.nullable(),
  /** Why staff declined (shown to the applicant). */
  decisionReason: z.string().trim().max(200).nullable(),
});
export type ResidencyRequest = z.infer<typeof residencyRequest>;

/** An invitation to hold a role within a scope, addressed to a phone number. */
export const invitation = z.object({
  id,
  role: z.enum(roles),
  scopeKind: z.enum(scopeKinds),
  scopeId: id.nullable(),
  invitedBy: id.nullable(),
  /** The name the inviter gave the invitee (shown to staff only). */
  displayName: name(50),
  status: z.enum(invitationStatuses),
  createdAt: z.date(),
  expiresAt: z.date(),
  respondedAt: z.date().nullable(),
});
export type Invitation = z.infer<typeof invitation>;
