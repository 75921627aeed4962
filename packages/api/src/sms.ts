/**
 * Text messages (短信). Procedures send through an `SmsSender`; which one a deployment uses is chosen
 * once, at start-up, from `SMS_SENDER` (docs/deployment.md):
 *  - `outbox` — the development/test sender: every message is written to the `sms_outbox` table
 *    (developers and the browser tests read one-time codes there) and logged to the console;
 *  - `webhook` — POSTs `{ phone, text }` as JSON to `SMS_WEBHOOK_URL` (with `SMS_WEBHOOK_TOKEN` as a
 *    bearer token): put a small adapter for the operator's SMS provider (阿里云短信, 腾讯云短信 …)
 *    behind it;
 *  - or pass any `SmsSender` to `createApiRuntime({ sms })` when embedding the API.
 * Unset: the embedded (PGlite) demo uses `outbox`; a PostgreSQL deployment with NODE_ENV=production
 * refuses to start, so a real deployment can never silently drop (or log) its codes.
 */
import { maskSensitive } from "@gongzhi/core";
import { type Executor, membershipRepository } from "@gongzhi/db";
import { z } from "zod";

export interface SmsSender {
  /** Which sender this is (for the start-up banner). */
  readonly name: string;
  /** Send `text` to a mainland mobile number; rejects when the message could not be handed over. */
  send(phone: string, text: string): Promise<void>;
}

/** The development/test sender: the `sms_outbox` table, and the console when `log` is given. */
export function outboxSmsSender(db: Executor, log?: (line: string) => void): SmsSender {
  return {
    name: "outbox",
    async send(phone, text) {
      await membershipRepository(db).appendSms(phone, text);
      log?.(`[sms outbox] to ${phone}: ${text}`);
    },
  };
}

/** POST `{ phone, text }` to a provider adapter; any non-2xx answer is a failure. */
export function webhookSmsSender(opts: {
  url: string;
  token?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): SmsSender {
  const doFetch = opts.fetch ?? fetch;
  return {
    name: "webhook",
    async send(phone, text) {
      const response = await doFetch(opts.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        },
        body: JSON.stringify({ phone, text }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      if (!response.ok)
        throw new Error(`SMS webhook answered ${response.status} for ${maskSensitive(phone)}`);
    },
  };
}

const smsEnv = z.object({
  SMS_SENDER: z.enum(["outbox", "webhook"]).optional(),
  SMS_WEBHOOK_URL: z.url().optional(),
  SMS_WEBHOOK_TOKEN: z.string().min(1).optional(),
  NODE_ENV: z.string().optional(),
});

/** Choose the sender from the environment (see the module comment); throws when it may not start. */
export function smsSenderFromEnv(
  env: Record<string, string | undefined>,
  opts: { db: Executor; embedded: boolean; log?: (line: string) => void },
): SmsSender {
  const parsed = smsEnv.safeParse(env);
  if (!parsed.success)
    throw new Error(
      `SMS settings are not valid: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`,
    );
  const e = parsed.data;
  const kind = e.SMS_SENDER ?? (opts.embedded || e.NODE_ENV !== "production" ? "outbox" : null);
  if (kind === null)
    throw new Error(
      "No SMS sender is configured: set SMS_SENDER=webhook with SMS_WEBHOOK_URL (or SMS_SENDER=outbox for a test deployment). See docs/deployment.md.",
    );
  if (kind === "webhook") {
    if (!e.SMS_WEBHOOK_URL) throw new Error("SMS_SENDER=webhook needs SMS_WEBHOOK_URL");
    return webhookSmsSender({
      url: e.SMS_WEBHOOK_URL,
      ...(e.SMS_WEBHOOK_TOKEN ? { token: e.SMS_WEBHOOK_TOKEN } : {}),
    });
  }
  return outboxSmsSender(opts.db, opts.log);
}

/** Role names as the invitation SMS says them. */
export const smsRoleNames = {
  "zh-CN": {
    resident: "居民",
    verified_owner: "认证业主",
    committee_member: "业委会（物管会）成员",
    community_staff: "社区工作人员",
    subdistrict_staff: "街道工作人员",
    district_staff: "区级工作人员",
    system_admin: "系统管理员",
    unit_staff: "承办单位工作人员",
  },
  en: {
    resident: "resident",
    verified_owner: "verified owner",
    committee_member: "owners' committee member",
    community_staff: "community staff",
    subdistrict_staff: "subdistrict staff",
    district_staff: "district staff",
    system_admin: "system administrator",
    unit_staff: "handling unit staff",
  },
} as const;

/** The texts the API sends, per locale (SMS is sent before the app knows the reader's language). */
export const smsTexts = {
  signUpCode: {
    "zh-CN": (code: string, minutes: number) =>
      `【共治】您的注册验证码是 ${code}，${minutes} 分钟内有效。请勿告诉他人。`,
    en: (code: string, minutes: number) =>
      `[Gongzhi] Your sign-up code is ${code}. It expires in ${minutes} minutes. Do not share it.`,
  },
  alreadyRegistered: {
    "zh-CN": () => "【共治】这个手机号已经注册过共治账户。请直接登录；忘记密码请联系居委会重置。",
    en: () =>
      "[Gongzhi] This number already has a Gongzhi account. Please sign in; if you forgot the password, ask your community office to reset it.",
  },
  invitation: {
    "zh-CN": (role: string) =>
      `【共治】您被邀请担任“${role}”。请用本手机号登录（还没有账户请先注册）共治，在“我的”页面接受或拒绝邀请。`,
    en: (role: string) =>
      `[Gongzhi] You have been invited to the role "${role}". Sign in to Gongzhi with this number (sign up first if you have no account) and accept or decline it on your profile page.`,
  },
} as const;
