// Shared steps of the staff-console browser tests (admin-*.test.mjs): a fresh zh-CN page that
// collects page errors, the console's sign-in form, and the axe gate (no serious or critical findings).
import assert from "node:assert/strict";
import { formatViolations, runAxe } from "./harness.mjs";

export const DEMO_PASSWORD = "gongzhi-demo-2026";

/** A new browser context and page (zh-CN, downloads allowed); `errors` collects uncaught page errors. */
export async function newConsolePage(browser) {
  const context = await browser.newContext({ locale: "zh-CN", acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return { context, page, errors };
}

/** Open `url` (a console path) and sign in through the console's form. */
export async function signInConsole(page, baseUrl, phone, url, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}${url}`);
  const form = page.locator("form");
  await form.getByLabel("手机号码").fill(phone);
  await form.getByLabel("密码").fill(password);
  await form.getByRole("button", { name: "登录" }).click();
}

/** axe on the current page: prints every finding, fails on serious or critical ones. */
export async function expectNoSeriousAxeViolations(page, label) {
  const { blocking, all } = await runAxe(page);
  if (all.length > 0) console.log(`axe on ${label}: ${all.length} finding(s)\n${formatViolations(all)}`);
  assert.equal(
    blocking.length,
    0,
    `serious/critical axe violations on ${label}:\n${formatViolations(blocking)}`,
  );
}
