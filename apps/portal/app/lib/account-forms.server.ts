import { mainlandMobile, otpCode, user } from "@gongzhi/core";
import { defineFields, textRule } from "./forms.server.ts";

/**
 * The API's password policy (packages/api/src/auth/password-policy.ts): length is checked here too so
 * a short password gets its message without a round trip; the rest (common, contains the phone
 * number, one character repeated) comes back from the API as `error.password.*`.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

const newPassword = {
  schema: textRule({ min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH, trim: false }),
  message: "error.password.too_short",
  secret: true,
} as const;
const anyPassword = {
  schema: textRule({ max: PASSWORD_MAX_LENGTH, trim: false }),
  message: "error.password.too_long",
  secret: true,
} as const;

/** Sign-up step 1: the phone to text a code to. */
export const signUpPhoneFields = defineFields({
  phone: { schema: mainlandMobile, message: "form.phone.invalid" },
});

/** Sign-up step 2 (the phone comes from step 1's cookie; the consent checkbox is checked apart). */
export const signUpFields = defineFields({
  code: { schema: otpCode, message: "form.otp.invalid" },
  displayName: { schema: user.shape.displayName, message: "form.displayName.invalid" },
  password: newPassword,
});

/**
 * Between the two steps the phone waits in a short-lived HttpOnly cookie (not in the URL, which
 * ends up in logs and browser history), so step 2 works as a plain form after a redirect.
 */
export const SIGNUP_PHONE_COOKIE = "gongzhi_signup_phone";

export function signUpPhoneCookie(phone: string | null, secure: boolean): string {
  const parts = [
    `${SIGNUP_PHONE_COOKIE}=${phone ?? ""}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    phone ? "Max-Age=900" : "Max-Age=0",
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

/** The phone of step 1, if the cookie holds a valid mainland mobile number. */
export function signUpPhoneFrom(request: Request): string | null {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [name, value] = part.trim().split("=");
    if (name === SIGNUP_PHONE_COOKIE && value && mainlandMobile.safeParse(value).success) return value;
  }
  return null;
}

export const signInFields = defineFields({
  phone: { schema: mainlandMobile, message: "form.phone.invalid" },
  password: anyPassword,
});

export const changePasswordFields = defineFields({
  currentPassword: anyPassword,
  newPassword,
});

export const householdCodeFields = defineFields({
  code: {
    schema: textRule({ min: 10, max: 30, pattern: /^[0-9A-Za-z \t-]+$/ }),
    message: "form.householdCode.invalid",
  },
});

/** Where each API error of the account forms is shown. */
export const passwordErrorField = { "error.password.": "password" } as const;
