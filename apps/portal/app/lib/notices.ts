import type { MessageKey } from "@gongzhi/ui";

/**
 * Outcomes shown once after a redirect (post/redirect/get): an action redirects to
 * `/page?notice=<name>` and the root layout shows the message (role="status"). Only names listed here
 * are shown, so a link cannot make the site say anything else. Add yours here.
 */
export const notices = {
  welcome: "notice.welcome",
  password_changed: "notice.passwordChanged",
  session_revoked: "notice.sessionRevoked",
  signed_out: "notice.signedOut",
  signed_out_everywhere: "notice.signedOutEverywhere",
  verified: "notice.verified",
  code_sent: "notice.codeSent",
  residency_requested: "notice.residencyRequested",
  residency_withdrawn: "notice.residencyWithdrawn",
  invitation_accepted: "notice.invitationAccepted",
  invitation_declined: "notice.invitationDeclined",
  consent_withdrawn: "notice.consentWithdrawn",
} as const satisfies Record<string, MessageKey>;

export type NoticeName = keyof typeof notices;

export function noticeFromSearch(search: string): (typeof notices)[NoticeName] | null {
  const name = new URLSearchParams(search).get("notice");
  return name && Object.hasOwn(notices, name) ? notices[name as NoticeName] : null;
}

/** `path` with `?notice=name` added. */
export function withNotice(path: string, name: NoticeName): string {
  const url = new URL(path, "http://portal.invalid");
  url.searchParams.set("notice", name);
  return `${url.pathname}${url.search}${url.hash}`;
}
