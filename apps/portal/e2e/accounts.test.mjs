// Accounts end to end: sign up → signed in → profile → change password → sign out → sign in with the
// new password, wrong-password and field errors, protected pages and `next`, the same with JavaScript
// disabled, axe on every account page, and a phone viewport. Run: pnpm --filter @gongzhi/portal test:e2e
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  assertPrerequisites,
  expectAxeClean,
  expectAxeCleanServerRendered,
  launchBrowser,
  matchText,
  newPortalPage,
  smsCode,
  startServer,
} from "./harness.mjs";

const phoneViewport = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};
const demoPassword = "gongzhi-demo-2026";

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

const newPage = (options = {}) => newPortalPage(browser, options);

async function expectAxeCleanWithoutAppScripts(url, label, cookies = []) {
  return expectAxeCleanServerRendered(browser, url, label, { cookies });
}

const text = async (locator) => ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
const field = (page, name) => page.locator(`input[name="${name}"]`);
/** The error shown next to a field (the input's aria-describedby points at it). */
async function fieldError(page, name) {
  const input = field(page, name);
  assert.equal(await input.getAttribute("aria-invalid"), "true", `${name} is not marked invalid`);
  const ids = ((await input.getAttribute("aria-describedby")) ?? "").split(" ").filter(Boolean);
  const parts = [];
  for (const id of ids) parts.push(await text(page.locator(`[id="${id}"]`)));
  return parts.join(" | ");
}

let phoneCounter = 0;
/** A fresh, valid mainland mobile number per run and account. */
function freshPhone() {
  phoneCounter += 1;
  return `139${String(Date.now() % 1e6).padStart(6, "0")}${String(phoneCounter).padStart(2, "0")}`;
}

async function submit(page, name) {
  await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name, exact: true }).click()]);
}

describe("accounts, end to end", { timeout: 240_000 }, () => {
  before(async () => {
    assertPrerequisites();
    server = await startServer();
    console.log(`server ready at ${server.baseUrl} in ${(server.startupMs / 1000).toFixed(1)} s`);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("with JavaScript: sign up → profile → change password → sign out → sign in with the new password", async () => {
    const { context, page, errors } = await newPage();
    const phone = freshPhone();
    const name = "测试居民甲";
    const firstPassword = "春天的社区-共治-01";
    const newPassword = "秋天的社区-共治-02";

    await page.goto(`${server.baseUrl}/signup`);
    assert.equal(await text(page.locator("h1")), "注册");
    await expectAxeClean(page, "/signup");
    // Step 1: the phone; a code is texted (the outbox sender logs it, smsCode reads it).
    await field(page, "phone").fill(phone);
    await page.getByRole("button", { name: "发送验证码", exact: true }).click();
    await page.waitForURL(/\/signup\?step=code/);
    await matchText(page.getByTestId("signup-code-sent"), new RegExp(phone));
    assert.equal(await page.url().includes(phone), false, "the phone is not put in the URL");
    await expectAxeClean(page, "/signup (code step)");
    const code = await smsCode(server, phone);
    // A password under 10 characters: the error sits next to the field, the rest of the form is kept.
    await field(page, "code").fill(code);
    await field(page, "displayName").fill(name);
    await field(page, "password").fill("short");
    await field(page, "acceptConsent").check();
    await page.getByRole("button", { name: "注册", exact: true }).click();
    await page.locator('input[name="password"][aria-invalid="true"]').waitFor();
    assert.match(await fieldError(page, "password"), /密码太短/);
    assert.equal(await field(page, "code").inputValue(), code);
    assert.equal(await field(page, "displayName").inputValue(), name);
    assert.equal(await field(page, "password").inputValue(), "", "the password must not be echoed back");
    assert.ok(await page.locator('[role="alert"] a[href="#field-password"]').isVisible(), "error summary");
    await expectAxeClean(page, "/signup with errors");

    // A too-common password comes back from the API as a field error too.
    await field(page, "password").fill("password123");
    await field(page, "acceptConsent").check();
    await page.getByRole("button", { name: "注册", exact: true }).click();
    await page.getByText("这个密码太常见").first().waitFor();

    // Without the consent checkbox: refused, the error linked to the checkbox.
    await field(page, "password").fill(firstPassword);
    await field(page, "acceptConsent").uncheck();
    await page.getByRole("button", { name: "注册", exact: true }).click();
    await page.locator('input[name="acceptConsent"][aria-invalid="true"]').waitFor();
    assert.match(await fieldError(page, "acceptConsent"), /同意个人信息处理规则/);
    assert.ok(await page.locator('[role="alert"] a[href="#field-acceptConsent"]').isVisible());

    // A wrong code: refused next to the code field.
    await field(page, "code").fill(code === "000000" ? "111111" : "000000");
    await field(page, "password").fill(firstPassword);
    await field(page, "acceptConsent").check();
    await page.getByRole("button", { name: "注册", exact: true }).click();
    await page.locator('input[name="code"][aria-invalid="true"]').waitFor();
    assert.match(await fieldError(page, "code"), /验证码不正确/);

    await field(page, "code").fill(code);
    await field(page, "password").fill(firstPassword);
    await field(page, "acceptConsent").check();
    await page.getByRole("button", { name: "注册", exact: true }).click();
    await page.waitForURL(/\/residency\?notice=welcome/);
    await matchText(page.getByRole("status"), /账号已创建/);
    assert.ok(await page.getByRole("link", { name: `已登录：${name}` }).isVisible(), "header shows the user");
    await expectAxeClean(page, "/residency");
    await page.goto(`${server.baseUrl}/verify`);
    await expectAxeClean(page, "/verify");

    // An invalid household code: the same message for unknown/used/expired codes, next to the field.
    await field(page, "code").fill("ABCDE-FGHJK");
    await page.getByRole("button", { name: "核验", exact: true }).click();
    await page.locator('input[name="code"][aria-invalid="true"]').waitFor();
    assert.match(await fieldError(page, "code"), /户码无效/);
    assert.equal(await field(page, "code").inputValue(), "ABCDE-FGHJK");

    await page.getByRole("link", { name: `已登录：${name}` }).click();
    await page.waitForURL(/\/me$/);
    // A client-side navigation: the URL changes before /me renders, so wait for what only /me shows.
    await page.locator('[data-testid="my-sessions"] li[data-current]').waitFor();
    assert.equal(await text(page.getByTestId("me-display-name")), name);
    assert.equal(await page.locator('[data-testid="my-sessions"] li[data-current]').count(), 1);
    await matchText(page.locator('[data-testid="my-sessions"] li[data-current]'), /当前设备/);
    await matchText(page.locator("main"), /其他设备上的登录都会退出/);
    await expectAxeClean(page, "/me");

    // Wrong current password.
    await field(page, "currentPassword").fill("not-my-password-1");
    await field(page, "newPassword").fill(newPassword);
    await page.getByRole("button", { name: "修改密码", exact: true }).click();
    await page.locator('input[name="currentPassword"][aria-invalid="true"]').waitFor();
    assert.match(await fieldError(page, "currentPassword"), /当前密码不正确/);
    await expectAxeClean(page, "/me with a password error");

    // The pending state: the submit button is busy and disabled until the action answers.
    await page.route("**/me.data*", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      await route.continue();
    });
    await field(page, "currentPassword").fill(firstPassword);
    await field(page, "newPassword").fill(newPassword);
    await page.getByRole("button", { name: "修改密码", exact: true }).click();
    const busy = page.locator('button[name="intent"][value="changePassword"][aria-busy="true"]');
    await busy.waitFor({ timeout: 5_000 });
    assert.equal(await busy.isDisabled(), true, "the submit button is disabled while pending");
    await page.waitForURL(/\/me\?notice=password_changed/);
    await page.unroute("**/me.data*");
    await matchText(page.getByRole("status"), /密码已修改/);

    // Sign out from the header.
    await page.getByRole("button", { name: "退出登录", exact: true }).click();
    await page.waitForURL(/\/\?notice=signed_out/);
    await matchText(page.getByRole("status"), /已退出登录/);
    assert.ok(
      await page
        .getByRole("navigation", { name: "账户" })
        .getByRole("link", { name: "登录", exact: true })
        .isVisible(),
    );

    // The old password no longer works; the message does not say which part was wrong.
    await page.goto(`${server.baseUrl}/signin`);
    await expectAxeClean(page, "/signin");
    await field(page, "phone").fill(phone);
    await field(page, "password").fill(firstPassword);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.getByText("手机号码或密码不正确").first().waitFor();
    assert.equal(await field(page, "phone").inputValue(), phone);
    await expectAxeClean(page, "/signin with an error");

    await field(page, "password").fill(newPassword);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.waitForURL(/\/me$/);
    assert.equal(await text(page.getByTestId("me-display-name")), name);

    // /signout on its own is a confirmation page (GET changes nothing).
    await page.goto(`${server.baseUrl}/signout`);
    assert.equal(await text(page.locator("h1")), "退出登录");
    await expectAxeClean(page, "/signout");
    await page.goto(`${server.baseUrl}/me`);
    assert.ok(page.url().endsWith("/me"), "GET /signout must not sign out");

    assert.deepEqual(errors, [], `page errors: ${errors.join("; ")}`);
    await context.close();
  });

  test("without JavaScript: field errors, sign up, protected page → sign in → back, change password, sign out", async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    const phone = freshPhone();
    const name = "无脚本居民";
    const firstPassword = "无脚本也能用-2026";
    const newPassword = "无脚本也能改-2027";

    await page.goto(`${server.baseUrl}/signup`);
    await field(page, "phone").fill("12345");
    await submit(page, "发送验证码");
    assert.match(await fieldError(page, "phone"), /11位手机号码/);
    await expectAxeCleanWithoutAppScripts(`${server.baseUrl}/signup`, "/signup");

    await field(page, "phone").fill(phone);
    await submit(page, "发送验证码");
    assert.match(page.url(), /\/signup\?step=code/);
    const code = await smsCode(server, phone);
    await field(page, "code").fill(code);
    await field(page, "displayName").fill(name);
    await field(page, "password").fill(firstPassword);
    // Without the consent: refused, and what was typed (not the password) is kept.
    await submit(page, "注册");
    assert.match(await fieldError(page, "acceptConsent"), /同意个人信息处理规则/);
    assert.equal(await field(page, "displayName").inputValue(), name);
    assert.equal(await field(page, "password").inputValue(), "");
    await expectAxeCleanWithoutAppScripts(
      `${server.baseUrl}/signup?step=code`,
      "/signup (code step)",
      await context.cookies(),
    );
    await field(page, "password").fill(firstPassword);
    await field(page, "acceptConsent").check();
    await submit(page, "注册");
    assert.match(page.url(), /\/residency\?notice=welcome/);
    const cookies = await context.cookies();
    await expectAxeCleanWithoutAppScripts(`${server.baseUrl}/verify`, "/verify", cookies);
    await expectAxeCleanWithoutAppScripts(`${server.baseUrl}/me`, "/me", cookies);

    await page.goto(`${server.baseUrl}/me`);
    await field(page, "currentPassword").fill(firstPassword);
    await field(page, "newPassword").fill(newPassword);
    await submit(page, "修改密码");
    assert.match(page.url(), /\/me\?notice=password_changed/);
    await matchText(page.getByRole("status"), /密码已修改/);

    await submit(page, "退出登录");
    assert.match(page.url(), /\/\?notice=signed_out/);

    // A protected page sends the visitor to sign in, and back after.
    await page.goto(`${server.baseUrl}/me`);
    assert.match(page.url(), /\/signin\?next=%2Fme$/);
    await field(page, "phone").fill(phone);
    await field(page, "password").fill("wrong-password-42");
    await submit(page, "登录");
    await matchText(page.locator('[role="alert"]'), /手机号码或密码不正确/);
    await field(page, "password").fill(newPassword);
    await submit(page, "登录");
    assert.ok(page.url().endsWith("/me"), page.url());
    assert.equal(await text(page.getByTestId("me-display-name")), name);
    await context.close();
  });

  test("sessions: another device is listed and can be removed; sign out everywhere", async () => {
    const phone = "13800000002";
    const first = await newPage();
    const second = await newPage({ javaScriptEnabled: false });
    for (const { page } of [first, second]) {
      await page.goto(`${server.baseUrl}/signin`);
      await field(page, "phone").fill(phone);
      await field(page, "password").fill(demoPassword);
      await submit(page, "登录");
      await page.waitForURL(/\/me$/);
    }
    const { page } = first;
    await page.reload();
    const others = page.locator('[data-testid="my-sessions"] li:not([data-current])');
    const before = await others.count();
    assert.ok(before >= 1, "the second device is listed");
    await others.first().getByRole("button", { name: /^移除/ }).click();
    await page.waitForURL(/notice=session_revoked/);
    // The URL changes before the new page renders (client-side navigation): wait for the list to follow.
    await others.nth(before - 1).waitFor({ state: "detached" });
    assert.equal(await others.count(), before - 1);

    await page.getByRole("button", { name: "退出所有设备" }).click();
    await page.waitForURL(/\/signin\?notice=signed_out_everywhere/);
    await second.page.goto(`${server.baseUrl}/me`);
    assert.match(second.page.url(), /\/signin\?next=/, "the other device was signed out too");
    await first.context.close();
    await second.context.close();
  });

  test("`next` only leads to paths on this site", async () => {
    const body = new URLSearchParams({
      phone: "13800000003",
      password: demoPassword,
      next: "//evil.example/x",
    });
    const response = await fetch(`${server.baseUrl}/signin`, {
      method: "POST",
      body,
      redirect: "manual",
      headers: { Origin: server.baseUrl },
    });
    assert.equal(response.status, 302);
    assert.equal(response.headers.get("location"), "/me");
    // A post from another site is refused.
    const foreign = await fetch(`${server.baseUrl}/signin`, {
      method: "POST",
      body,
      redirect: "manual",
      headers: { Origin: "http://evil.example" },
    });
    assert.ok(foreign.status >= 400 && foreign.status < 500, `cross-site post answered ${foreign.status}`);
  });

  test("phone viewport: account pages fit, 44 px targets, no axe violations", async () => {
    const { context, page } = await newPage(phoneViewport);
    const check = async (label) => {
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= 390, `${label} scrolls sideways: ${scrollWidth}px`);
      const small = await page.evaluate(() =>
        [...document.querySelectorAll("header a, header button, main a, main button, main input")]
          .map((el) => ({ el, box: el.getBoundingClientRect() }))
          .filter(({ el, box }) => box.width > 0 && el.type !== "hidden" && box.height < 44)
          .map(
            ({ el, box }) =>
              `${el.outerHTML.slice(0, 60)} ${Math.round(box.width)}×${Math.round(box.height)}`,
          ),
      );
      assert.deepEqual(small, [], `${label}: touch targets under 44 px`);
      await expectAxeClean(page, `${label} on a phone`);
    };
    for (const path of ["/signup", "/signin"]) {
      await page.goto(`${server.baseUrl}${path}`);
      await check(path);
    }
    await field(page, "phone").fill("13800000001");
    await field(page, "password").fill(demoPassword);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.waitForURL(/\/me$/);
    // The demo resident has unread notifications: the header says how many, in words.
    const bell = page.locator('header a[href="/notifications"]');
    const bellName = await bell.evaluate((a) => a.textContent);
    assert.match(bellName ?? "", /^通知（\d+ 条未读）\d+$/, "unread count in words, then the badge");
    assert.ok(await page.getByRole("link", { name: /^通知\s*（\d+ 条未读）$/ }).isVisible(), "unread badge");
    await check("/me");
    await page.goto(`${server.baseUrl}/verify?lang=en`);
    assert.equal(await text(page.locator("h1")), "Verify home ownership");
    await check("/verify (en)");
    await context.close();
  });

  test("too many failed sign-ins: the message says how long to wait", async () => {
    const { context, page } = await newPage();
    // Past 10 consecutive failures of one account from one address, that pair waits (ADR 0010): make
    // them through the API (same address as the browser), then try once more on the page.
    for (let attempt = 0; attempt <= 10; attempt++) {
      const response = await fetch(`${server.baseUrl}/api/trpc/auth.signIn`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: { phone: "13800000005", password: `wrong-password-${attempt}` } }),
      });
      assert.equal(response.status, 401);
    }
    await page.goto(`${server.baseUrl}/signin`);
    await field(page, "phone").fill("13800000005");
    await field(page, "password").fill("gongzhi-demo-2026");
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.locator('[role="alert"]').waitFor();
    const message = await text(page.locator('[role="alert"]'));
    assert.match(message, /登录失败次数过多，请 15 分钟后再试/);
    await context.close();
  });
});
