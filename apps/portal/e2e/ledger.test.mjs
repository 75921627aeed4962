// E2E: the signed-in home, the ledger (台账) with 民评 rating, my compound (三率) and notifications —
// with and without JavaScript, axe on every page, a phone viewport. Run after `pnpm build`:
//   cd apps/portal && node --test --test-reporter=spec e2e/ledger.test.mjs
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  assertPrerequisites,
  expectAxeClean,
  expectAxeCleanServerRendered,
  launchBrowser,
  matchText,
  startServer,
} from "./harness.mjs";

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };
const demoPassword = "gongzhi-demo-2026";
const RESIDENT = "13800000001";
const OWNER = "13800000002";

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

const text = async (locator) => ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();

/** A signed-in page (through the sign-in form); `javaScriptEnabled: false` for the no-JS runs. */
async function signedIn(phoneNumber, options = {}) {
  const context = await browser.newContext({ locale: "zh-CN", ...options });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${server.baseUrl}/signin`);
  await page.locator('input[name="phone"]').fill(phoneNumber);
  await page.locator('input[name="password"]').fill(demoPassword);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith("/signin")),
    page.getByRole("button", { name: "登录", exact: true }).click(),
  ]);
  return { context, page, errors };
}

const expectAxeCleanWithoutAppScripts = async (context, url, label) =>
  expectAxeCleanServerRendered(context.browser(), url, label, { cookies: await context.cookies() });

/** No horizontal scrolling and 44 px targets on a phone. */
async function expectPhoneFriendly(page, label) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${label}: page scrolls sideways by ${overflow}px`);
  const small = await page.$$eval("main a, main button, main input[type=radio], main select", (els) =>
    els
      .map((el) => (el.type === "radio" ? el.closest("label") : el))
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && (box.height < 43.5 || box.width < 43.5);
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(small, [], `${label}: touch targets under 44 px`);
}

describe("home, ledger, compound, notifications", { timeout: 240_000 }, () => {
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

  test("signed-in home shows the resident's blocks (phone, axe, English)", async () => {
    const { context, page, errors } = await signedIn(RESIDENT, phone);
    await page.goto(`${server.baseUrl}/`);
    await matchText(page.locator("h1"), /演示居民/);
    await matchText(page.getByTestId("home-community"), /登记居民/);
    await matchText(page.getByTestId("home-meeting"), /时间：.*地点：/);
    assert.ok((await page.getByTestId("home-topics").locator('a[href^="/topics/"]').count()) > 0, "topics");
    await matchText(page.getByTestId("home-votes"), /认证业主才能参加业主投票/);
    await matchText(page.getByTestId("home-compound"), /还不知道您住在哪个小区/);
    await expectPhoneFriendly(page, "/ (resident)");
    await expectAxeClean(page, "/ (resident)");
    await page.goto(`${server.baseUrl}/?lang=en`);
    await matchText(page.locator("h1"), /^Hello/);
    await expectAxeClean(page, "/ (resident, en)");
    await page.goto(`${server.baseUrl}/?lang=zh-CN`);
    assert.deepEqual(errors, []);
    await context.close();

    // The verified owner sees the open vote and the compound's company and committee.
    const owner = await signedIn(OWNER);
    await owner.page.goto(`${server.baseUrl}/`);
    assert.ok(
      (await owner.page.getByTestId("home-votes").locator('a[href^="/votes/"]').count()) > 0,
      "open vote",
    );
    await matchText(owner.page.getByTestId("home-compound"), /妫川家园.*物业.*业主委员会/);
    await expectAxeClean(owner.page, "/ (owner)");
    await owner.context.close();
  });

  test("ledger list and detail; rate a done item with JavaScript (phone)", async () => {
    const { context, page, errors } = await signedIn(RESIDENT, phone);
    await page.goto(`${server.baseUrl}/ledger`);
    const items = page.getByTestId("ledger-item");
    assert.ok((await items.count()) >= 3);
    const list = await text(page.getByTestId("ledger-list"));
    assert.match(list, /已办结/);
    assert.match(list, /已逾期/, "overdue in words, not colour alone");
    assert.match(list, /责任单位.*办理期限/);
    await expectPhoneFriendly(page, "/ledger");
    await expectAxeClean(page, "/ledger");

    // An overdue item's detail: no rating form.
    await page.locator('[data-testid=ledger-item][data-status="escalated"] h2 a').first().click();
    await page.getByText("事项办结后才能评价。").waitFor();
    await expectAxeClean(page, "/ledger/:id (overdue)");

    // A done item: submit without a score → the error next to the group; then rate 4 with a comment.
    await page.goto(`${server.baseUrl}/ledger`);
    await page.locator('[data-testid=ledger-item][data-status="done"] h2 a').first().click();
    await page.getByRole("button", { name: "提交评价" }).waitFor();
    const detailUrl = page.url();
    await page.getByRole("button", { name: "提交评价" }).click();
    await page.locator('fieldset[aria-invalid="true"]').waitFor();
    await matchText(page.locator("fieldset"), /请填写此项|请选择 1 到 5 分/);
    await expectAxeClean(page, "/ledger/:id (rating error)");
    await page.locator('textarea[name="comment"]').fill("效率很高，谢谢社区。");
    await page.locator('label:has(input[name="score"][value="4"])').click();
    await page.getByRole("button", { name: "提交评价" }).click();
    await page.getByText("感谢您的评价！").waitFor();
    await matchText(page.getByTestId("my-rating"), /4 分/);
    await expectPhoneFriendly(page, "/ledger/:id (rated)");
    await expectAxeClean(page, "/ledger/:id (rated)");

    // One rating per person: coming back shows my rating and offers no second one.
    await page.goto(detailUrl);
    await matchText(page.getByTestId("my-rating"), /4 分/);
    assert.equal(await page.getByTestId("rate-form").count(), 0);
    await matchText(page.locator("#rating"), /您已经评价过这个事项/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("rate a done item without JavaScript (post/redirect/get)", async () => {
    const { context, page } = await signedIn(OWNER, { javaScriptEnabled: false });
    await page.goto(`${server.baseUrl}/ledger`);
    const done = page.locator('[data-testid=ledger-item][data-status="done"] h2 a');
    await done.nth(1).click();
    await page.waitForURL(/\/ledger\/[0-9a-f-]{36}$/);
    const url = page.url();
    const before = await text(page.getByTestId("rating-summary"));
    await page.locator('input[name="score"][value="5"]').check();
    await Promise.all([page.waitForURL(/rated=5/), page.getByRole("button", { name: "提交评价" }).click()]);
    await matchText(page.locator("main"), /感谢您的评价/);
    const afterText = await text(page.getByTestId("rating-summary"));
    assert.notEqual(afterText, before, "the average and count change");
    await expectAxeCleanWithoutAppScripts(context, url, "/ledger/:id no-JS");
    await expectAxeCleanWithoutAppScripts(context, `${server.baseUrl}/ledger`, "/ledger no-JS");
    await context.close();
  });

  test("my compound for the verified owner: service, committee, 三率 flags; a clear message otherwise", async () => {
    const { context, page, errors } = await signedIn(OWNER, phone);
    await page.goto(`${server.baseUrl}/compound`);
    assert.equal(await text(page.locator("h1")), "妫川家园");
    await matchText(page.getByTestId("compound-property"), /服务方式.*服务企业/);
    assert.ok((await page.getByTestId("committee-members").locator("li").count()) > 0, "committee members");
    const flags = page.getByTestId("three-rate-flags");
    await matchText(flags, /物业管理“三率”/);
    await matchText(flags, /12345/, "told apart from the hotline's rates");
    assert.equal(await flags.locator("li").count(), 3);
    await expectPhoneFriendly(page, "/compound");
    await expectAxeClean(page, "/compound");
    assert.deepEqual(errors, []);
    await context.close();

    const resident = await signedIn(RESIDENT);
    await resident.page.goto(`${server.baseUrl}/compound`);
    await matchText(resident.page.locator("main"), /还不知道您住在哪个小区/);
    await expectAxeClean(resident.page, "/compound (no unit)");
    await resident.context.close();
  });

  test("notifications: mark one read changes the header count, then mark all (JS and no-JS)", async () => {
    const bellCount = async (page) => {
      const name = await page.locator('header a[href="/notifications"]').evaluate((a) => a.textContent ?? "");
      const m = name.match(/（(\d+) 条未读）/);
      return m ? Number(m[1]) : 0;
    };
    const { context, page, errors } = await signedIn(RESIDENT, phone);
    await page.goto(`${server.baseUrl}/notifications`);
    const unreadBefore = await bellCount(page);
    assert.ok(unreadBefore >= 2, `unread ${unreadBefore}`);
    assert.equal(await page.locator("[data-testid=notification][data-unread]").count(), unreadBefore);
    await expectPhoneFriendly(page, "/notifications");
    await expectAxeClean(page, "/notifications");
    await page
      .getByRole("button", { name: /^将“.*”标为已读$/ })
      .first()
      .click();
    await page.getByText("已标为已读。").waitFor();
    assert.equal(await bellCount(page), unreadBefore - 1);
    assert.deepEqual(errors, []);
    await context.close();

    const noJs = await signedIn(RESIDENT, { javaScriptEnabled: false });
    await noJs.page.goto(`${server.baseUrl}/notifications`);
    assert.equal(await bellCount(noJs.page), unreadBefore - 1);
    await Promise.all([
      noJs.page.waitForURL(/done=all/),
      noJs.page.getByRole("button", { name: "全部标为已读" }).click(),
    ]);
    assert.equal(await bellCount(noJs.page), 0);
    assert.equal(await noJs.page.locator("[data-testid=notification][data-unread]").count(), 0);
    await expectAxeCleanWithoutAppScripts(
      noJs.context,
      `${server.baseUrl}/notifications`,
      "/notifications no-JS",
    );
    await noJs.context.close();
  });
});
