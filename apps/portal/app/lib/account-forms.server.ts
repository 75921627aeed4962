import { mainlandMobile, user } from "@gongzhi/core";
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

export const signUpFields = defineFields({
  phone: { schema: mainlandMobile, message: "form.phone.invalid" },
  displayName: { schema: user.shape.displayName, message: "form.displayName.invalid" },
  password: newPassword,
});

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
