// Who may take part (issue 10), end to end: sign-up does not reveal a registered number; a new
// resident asks to join a community without JavaScript and the community staff approve it in the
// console; an invitation is accepted on the profile page; the privacy notice is readable; consent is
// withdrawn from the profile. axe on every new page.
// Run: cd apps/portal && node --test --test-reporter=spec e2e/membership.test.mjs
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { expectNoSeriousAxeViolations, newConsolePage, signInConsole } from "./console.mjs";
import {
  assertPrerequisites,
  expectAxeClean,
  expectAxeCleanServerRendered,
  lastSms,
  launchBrowser,
  matchText,
  newPortalPage,
  smsCode,
  startServer,
  trpcClient,
} from "./harness.mjs";

const demoPassword = "gongzhi-demo-2026";
const staffPhone = "13800000004"; // community staff of 温泉南区社区
const residentPhone = "13800000001"; // a demo resident (already registered)
const communityName = "温泉南区社区";

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

let phoneCounter = 0;
function freshPhone() {
  phoneCounter += 1;
  return `136${String(Date.now() % 1e6).padStart(6, "0")}${String(phoneCounter).padStart(2, "0")}`;
}
const field = (page, name) => page.locator(`[name="${name}"]`).first();

const newPage = (options = {}) => newPortalPage(browser, options);

const expectAxeCleanWithoutAppScripts = async (noJsContext, path, label) =>
  expectAxeCleanServerRendered(browser, `${server.baseUrl}${path}`, label, {
    cookies: await noJsContext.cookies(),
  });

async function submit(page, name) {
  await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name, exact: true }).click()]);
}

/** Sign up through the two steps without JavaScript. */
async function signUpNoJs(page, phone, name) {
  await page.goto(`${server.baseUrl}/signup`);
  await field(page, "phone").fill(phone);
  await submit(page, "发送验证码");
  await field(page, "code").fill(await smsCode(server, phone));
  await field(page, "displayName").fill(name);
  await field(page, "password").fill("加入社区-共治-2026");
  await field(page, "acceptConsent").check();
  await submit(page, "注册");
  assert.match(page.url(), /\/residency\?notice=welcome/);
}

describe("who may take part, end to end", { timeout: 300_000 }, () => {
  before(async () => {
    assertPrerequisites();
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("sign-up shows the same for a registered number; its owner is texted to sign in, not a code", async () => {
    const { context, page } = await newPage();
    const fresh = freshPhone();
    const screens = [];
    for (const phone of [residentPhone, fresh]) {
      await page.goto(`${server.baseUrl}/signup`);
      await field(page, "phone").fill(phone);
      await Promise.all([
        page.waitForURL(/\/signup\?step=code/),
        page.getByRole("button", { name: "发送验证码", exact: true }).click(),
      ]);
      await matchText(page.getByTestId("signup-code-sent"), new RegExp(phone));
      screens.push(((await page.locator("main").textContent()) ?? "").replace(phone, "<phone>"));
      await page.getByRole("button", { name: "换一个手机号", exact: true }).click();
      await page.waitForURL(/\/signup$/);
    }
    assert.equal(screens[0], screens[1], "the page does not tell a registered number apart");
    await smsCode(server, fresh);
    const toRegistered = lastSms(server, residentPhone);
    assert.match(toRegistered ?? "", /已经注册/);
    assert.doesNotMatch(toRegistered ?? "", /\d{6}/);
    // The privacy notice linked from the form.
    await page.goto(`${server.baseUrl}/privacy`);
    await matchText(page.getByTestId("privacy-notice"), /处理目的|为什么处理/);
    await matchText(page.getByTestId("privacy-notice"), /如何撤回同意/);
    await expectAxeClean(page, "/privacy");
    await context.close();
  });

  test("without JavaScript: a new resident asks to join; community staff approve in the console; the resident takes part", async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    const phone = freshPhone();
    const name = `申请居民${phoneCounter}`;
    await signUpNoJs(page, phone, name);
    await expectAxeCleanWithoutAppScripts(context, "/residency", "/residency");
    // No community yet: the home page says how to join one.
    await page.goto(`${server.baseUrl}/`);
    assert.equal((await page.locator('main a[href="/residency"]').count()) >= 1, true);

    await page.goto(`${server.baseUrl}/residency`);
    await field(page, "q").fill("温泉南区");
    await submit(page, "查找社区");
    await matchText(page.getByTestId("residency-results"), new RegExp(communityName));
    const result = page
      .getByTestId("residency-results")
      .locator("li")
      .filter({ hasText: communityName })
      .first();
    await result.locator('input[name="note"]').fill("5号楼2单元301");
    await Promise.all([
      page.waitForLoadState("load"),
      result.getByRole("button", { name: `申请加入${communityName}`, exact: true }).click(),
    ]);
    assert.match(page.url(), /\/residency\?notice=residency_requested/);
    await matchText(page.getByTestId("residency-mine"), new RegExp(`${communityName}.*待审核`));
    await expectAxeCleanWithoutAppScripts(context, "/residency?q=温泉南区", "/residency (results)");

    // The community staff approve it in the console.
    const staff = await newConsolePage(browser);
    await signInConsole(staff.page, server.baseUrl, staffPhone, "/admin/residency");
    const table = staff.page.getByTestId("residency-requests");
    await table.getByText(name).waitFor();
    await expectNoSeriousAxeViolations(staff.page, "/admin/residency");
    await staff.page.getByRole("button", { name: `通过${name}的申请`, exact: true }).click();
    await staff.page
      .getByRole("button", { name: `通过${name}的申请`, exact: true })
      .waitFor({ state: "detached" });
    await staff.context.close();

    // The resident is now a resident of the community, and notified.
    await page.goto(`${server.baseUrl}/residency`);
    await matchText(page.getByTestId("residency-member"), new RegExp(communityName));
    await matchText(page.getByTestId("residency-mine"), /已通过/);
    await page.goto(`${server.baseUrl}/notifications`);
    await matchText(page.locator("main"), new RegExp(`加入${communityName}的申请已通过`));
    await page.goto(`${server.baseUrl}/topics/new`);
    assert.equal(
      (await page.locator('input[name="title"], textarea[name="title"]').count()) >= 1,
      true,
      "may propose",
    );
    await context.close();
  });

  test("without JavaScript: an invitation is accepted on the profile; consent is withdrawn from the profile", async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    const phone = freshPhone();
    await signUpNoJs(page, phone, `受邀居民${phoneCounter}`);

    // Staff invite the number (through the API, as the console does).
    const staffContext = await browser.newContext();
    const staffApi = trpcClient(staffContext.request, server.baseUrl);
    await staffApi.post("auth.signIn", { phone: staffPhone, password: demoPassword });
    const me = await staffApi.get("auth.me");
    const communityId = me.roles.find((r) => r.role === "community_staff").scopeId;
    const invited = await staffApi.post("users.invite", {
      phone,
      displayName: "新网格员",
      role: "community_staff",
      scopeId: communityId,
    });
    assert.deepEqual(Object.keys(invited).sort(), ["assignment", "expiresAt", "invitationId"]);
    await staffContext.close();

    await page.goto(`${server.baseUrl}/me`);
    await matchText(page.getByTestId("my-invitations"), /社区工作人员/);
    await expectAxeCleanWithoutAppScripts(context, "/me", "/me (invitation)");
    await Promise.all([
      page.waitForLoadState("load"),
      page.getByRole("button", { name: "接受担任“社区工作人员”的邀请", exact: true }).click(),
    ]);
    assert.match(page.url(), /\/me\?notice=invitation_accepted/);
    await matchText(page.locator("main"), /社区工作人员/);
    assert.equal(await page.getByTestId("my-invitations").count(), 0);

    // Consent: shown with its version; withdrawing needs the confirmation box.
    await matchText(page.getByTestId("me-consent"), /同意了《个人信息处理告知与同意》/);
    await submit(page, "撤回同意并注销账户");
    await matchText(page.locator("main"), /请先勾选确认/);
    await field(page, "confirm").check();
    await submit(page, "撤回同意并注销账户");
    assert.match(page.url(), /\/signin\?notice=consent_withdrawn/);
    await matchText(page.getByRole("status").first(), /注销账户的申请已记录/);
    await page.goto(`${server.baseUrl}/me`);
    assert.match(page.url(), /\/signin\?next=/, "signed out everywhere");
    await context.close();
  });
});
