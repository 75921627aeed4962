/**
 * Password rules for sign-up and password change: at least 10 characters, at most 200, not one of the
 * commonest passwords (including the ones popular in China), not the phone number, not one repeated
 * character.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

// The commonest passwords in published leak lists (global and Chinese sites), lower-cased.
const common = new Set(
  `123456 123456789 12345678 1234567890 password 111111 123123 000000 qwerty 1q2w3e4r 1qaz2wsx
  abc123 abcd1234 a123456 a12345678 aa123456 qq123456 woaini woaini1314 5201314 1314520 iloveyou
  password1 password123 qwerty123 qwertyuiop asdfghjkl zxcvbnm 11111111 88888888 66666666 12341234
  147258369 987654321 123321 112233 666666 888888 admin admin123 root welcome welcome1 letmein
  passw0rd p@ssw0rd p@ssword 1234qwer qwer1234 q1w2e3r4 zaq12wsx 1qazxsw2 aaaaaaaa 00000000
  1234567890a 0123456789 9876543210 wang123456 zhang123456 li123456 abcdefg abcdefgh baidu123
  taobao123 iloveyou1 sunshine monkey dragon football baseball superman trustno1 princess`.split(/\s+/),
);

export type PasswordProblem = "too_short" | "too_long" | "too_common" | "contains_phone" | "one_character";

/** Problems with a proposed password (empty when acceptable). */
export function passwordProblems(password: string, phone?: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push("too_short");
  if (password.length > PASSWORD_MAX_LENGTH) problems.push("too_long");
  const lower = password.toLowerCase();
  if (common.has(lower) || common.has(lower.replace(/[!.]+$/, ""))) problems.push("too_common");
  if (phone && password.includes(phone.slice(-8))) problems.push("contains_phone");
  if (password.length > 0 && new Set(password).size === 1) problems.push("one_character");
  return problems;
}
