// Owners' votes and meetings end to end: the demo verified owner opens the open vote, casts with a
// confirmation step, changes the choice and sees the participation move; the same with JavaScript
// disabled on a phone; a resident without verified ownership sees why they cannot vote; the published
// vote shows its full tally; the meeting calendar and a held meeting render. axe on every page.
// Run: cd apps/portal && node --test --test-reporter=spec e2e/votes.test.mjs
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  assertPrerequisites,
  expectAxeClean,
  expectAxeCleanServerRendered,
  launchBrowser,
  matchText,
  newPortalPage,
  startServer,
  trpcClient,
} from "./harness.mjs";

const phoneViewport = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};
const demoPassword = "gongzhi-demo-2026";
const owner = "13800000002";
const resident = "13800000001";

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
const ids = { open: "", published: "" };

const newPage = (options = {}) => newPortalPage(browser, options);

const expectAxeCleanWithoutAppScripts = (url, label, cookies, options = {}) =>
  expectAxeCleanServerRendered(browser, url, label, { cookies, contextOptions: options });

const text = async (locator) => ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();

async function signIn(page, phone, next) {
  await page.goto(`${server.baseUrl}/signin?next=${encodeURIComponent(next)}`);
  await page.locator('input[name="phone"]').fill(phone);
  await page.locator('input[name="password"]').fill(demoPassword);
  await Promise.all([
    page.waitForURL((url) => url.pathname === next.split("?")[0]),
    page.locator('main button[type="submit"]').click(),
  ]);
  // With JavaScript the URL changes a moment before the new page renders.
  await page.waitForFunction(() => document.querySelector("h1")?.textContent !== "登录");
}

async function headcountNow(page) {
  const bar = page.getByRole("progressbar", { name: "参与人数" });
  return Number(await bar.getAttribute("aria-valuenow"));
}

async function choose(page, label, button) {
  await page.getByRole("radio", { name: label, exact: true }).check();
  await Promise.all([
    page.waitForURL(/step=confirm/),
    page.getByRole("button", { name: button, exact: true }).click(),
  ]);
}

describe("owners' votes and meetings, end to end", { timeout: 240_000 }, () => {
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

  test("with JavaScript: the verified owner casts with confirmation, changes, and sees the progress", async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, owner, "/votes");
    assert.equal(await text(page.locator("h1")), "业主投票");
    await expectAxeClean(page, "/votes");
    const open = page.getByTestId("votes-open").locator("a").first();
    const published = page.getByTestId("votes-published").locator("a").first();
    ids.open = ((await open.getAttribute("href")) ?? "").split("/").pop();
    ids.published = ((await published.getAttribute("href")) ?? "").split("/").pop();
    assert.ok(ids.open && ids.published, "an open and a published vote are listed");

    await open.click();
    await page.waitForURL(new RegExp(`/votes/${ids.open}$`));
    // Which threshold applies and why: item 8 is special (3/4), quorum 2/3, articles named.
    const rule = await text(page.getByTestId("rule"));
    assert.match(rule, /特别事项/);
    assert.match(rule, /四分之三以上/);
    assert.match(rule, /三分之二以上/);
    assert.match(rule, /第二百七十八条/);
    await matchText(page.getByTestId("my-ballot"), /您还没有投票/);
    await matchText(page.getByTestId("my-ballot"), /平方米/);
    // Live progress (the seeded open vote is not secret): two labelled progress bars with numbers.
    assert.equal(await page.getByRole("progressbar").count(), 2);
    const before = await headcountNow(page);
    await matchText(page.getByTestId("progress"), /人/);
    await expectAxeClean(page, "/votes/:id (open)");

    await choose(page, "同意", "下一步：确认");
    await matchText(page.getByTestId("confirm"), /请确认您的选择.*同意/);
    await expectAxeClean(page, "/votes/:id confirm");
    await Promise.all([
      page.waitForURL(/done=cast/),
      page.getByRole("button", { name: "确认投票", exact: true }).click(),
    ]);
    await matchText(page.getByTestId("vote-done"), /投票成功.*同意/);
    await matchText(page.getByTestId("my-choice"), /您已投票：同意/);
    assert.equal(await headcountNow(page), before + 1, "the participation counts my owner key");
    await expectAxeClean(page, "/votes/:id done");

    // Change until close: the confirmation repeats the new choice.
    await choose(page, "反对", "修改选择");
    await matchText(page.getByTestId("confirm"), /反对/);
    await Promise.all([
      page.waitForURL(/done=changed/),
      page.getByRole("button", { name: "确认修改", exact: true }).click(),
    ]);
    await matchText(page.getByTestId("vote-done"), /已修改.*反对/);
    await matchText(page.getByTestId("my-choice"), /您已投票：反对/);
    assert.equal(await headcountNow(page), before + 1, "a change is not a second participant");

    // The published vote shows its full tally.
    await page.goto(`${server.baseUrl}/votes/${ids.published}`);
    const result = page.getByTestId("result");
    await result.locator("table").waitFor();
    for (const row of ["for", "against", "abstain", "participated", "eligible"])
      assert.equal(await result.locator(`tr[data-row="${row}"]`).count(), 1, `tally row ${row}`);
    await matchText(result, /最终结果.*(通过|未通过)/);
    await matchText(result, /参与是否达到三分之二/);
    assert.equal(await page.getByRole("progressbar").count(), 0, "no progress once closed");
    await expectAxeClean(page, "/votes/:id (published)");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("without JavaScript on a phone: cast with the confirmation page", async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false, ...phoneViewport });
    await signIn(page, owner, `/votes/${ids.open}`);
    await choose(page, "弃权", "修改选择");
    await matchText(page.getByTestId("confirm"), /弃权/);
    await Promise.all([
      page.waitForURL(/done=changed/),
      page.getByRole("button", { name: "确认修改", exact: true }).click(),
    ]);
    await matchText(page.getByTestId("my-choice"), /您已投票：弃权/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal scrolling on a phone (${width}px)`);
    const cookies = await context.cookies();
    await expectAxeCleanWithoutAppScripts(
      `${server.baseUrl}/votes/${ids.open}`,
      "/votes/:id",
      cookies,
      phoneViewport,
    );
    await expectAxeCleanWithoutAppScripts(
      `${server.baseUrl}/votes/${ids.open}?step=confirm&choice=for&unit=${await page.locator('input[name="unit"]').first().getAttribute("value")}`,
      "/votes/:id confirm",
      cookies,
      phoneViewport,
    );
    await context.close();
  });

  test("a secret vote: no progress while open, a receipt on the first cast, needed to change elsewhere", async () => {
    // The committee member organises a secret vote through the API (the console does this later).
    const organiser = await newPage();
    await signIn(organiser.page, "13800000003", "/");
    const api = organiser.context.request;
    const client = trpcClient(api, server.baseUrl);
    const trpc = (name, input, method = "post") => client[method](name, input);
    const { compoundId } = await trpc("decisions.get", { id: ids.open }, "get");
    const now = server.now().getTime();
    const beijing = (ms) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
    const opensAt = now + 15 * 86400_000 + 3600_000;
    const created = await trpc("decisions.create", {
      compoundId,
      title: "关于续聘物业服务企业的业主共同决定（不记名）",
      description: "是否续聘现物业服务企业三年。",
      art278Item: 4,
      opensAt: new Date(opensAt).toISOString(),
      closesAt: new Date(opensAt + 10 * 86400_000).toISOString(),
      secret: true,
    });
    // Noticed today (a notice is never backdated); voting opens after the 15 days of 条例 Art. 35.
    await trpc("decisions.notice", { id: created.id, noticedOn: beijing(now) });
    await server.travel(16 * 86400_000, [organiser.context]);
    await trpc("decisions.open", { id: created.id });
    await organiser.context.close();

    const { context, page, errors } = await newPage();
    await signIn(page, owner, `/votes/${created.id}`);
    await matchText(page.getByTestId("rule"), /过半数/);
    assert.equal(await page.getByRole("progressbar").count(), 0, "nothing of a secret vote's progress");
    await matchText(page.getByTestId("progress"), /不记名投票在截止前不公布/);
    await choose(page, "同意", "下一步：确认");
    await Promise.all([
      page.waitForURL(/done=cast/),
      page.getByRole("button", { name: "确认投票", exact: true }).click(),
    ]);
    const receipt = (await text(page.getByTestId("receipt").locator("p.font-mono"))).trim();
    assert.match(receipt, /^[A-Za-z0-9_-]{43}$/, "the receipt is shown");
    await matchText(page.getByTestId("receipt"), /必须出示这个回执/);
    await matchText(page.getByTestId("my-choice"), /您已投票：同意/, "this device shows my choice");
    await expectAxeClean(page, "/votes/:id (secret, receipt)");
    // This device keeps the receipt: changing needs nothing typed.
    await choose(page, "反对", "修改选择");
    await Promise.all([
      page.waitForURL(/done=changed/),
      page.getByRole("button", { name: "确认修改", exact: true }).click(),
    ]);
    await matchText(page.getByTestId("my-choice"), /您已投票：反对/);

    // Another device (no cookie): the choice is hidden, and a change asks for the receipt.
    const other = await newPage({ javaScriptEnabled: false });
    await signIn(other.page, owner, `/votes/${created.id}`);
    await matchText(other.page.getByTestId("my-choice"), /选择不显示/);
    await choose(other.page, "弃权", "修改选择");
    await other.page.getByRole("button", { name: "确认修改", exact: true }).click();
    await other.page.locator('input[name="receipt"][aria-invalid="true"]').waitFor();
    await matchText(other.page.locator('[role="alert"]'), /回执/);
    await other.page.locator('input[name="receipt"]').fill(receipt);
    await Promise.all([
      other.page.waitForURL(/done=changed/),
      other.page.getByRole("button", { name: "确认修改", exact: true }).click(),
    ]);
    await matchText(other.page.getByTestId("my-choice"), /您已投票：弃权/);
    await other.context.close();
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("a resident without verified ownership sees why they cannot vote", async () => {
    const { context, page, errors } = await newPage(phoneViewport);
    await signIn(page, resident, `/votes/${ids.open}`);
    const why = page.getByTestId("cannot-vote");
    await matchText(why, /只能由业主投票/);
    assert.equal(await why.getByRole("link", { name: "去核验业主身份" }).getAttribute("href"), "/verify");
    assert.equal(await page.getByRole("button", { name: "下一步：确认" }).count(), 0);
    await expectAxeClean(page, "/votes/:id (resident)");
    await page.goto(`${server.baseUrl}/votes`);
    await expectAxeClean(page, "/votes (resident, phone)");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("meetings: the month calendar and a held meeting's detail", async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, resident, "/meetings");
    assert.equal(await text(page.locator("h1")), "议事会");
    await page.getByRole("table").waitFor();
    await expectAxeClean(page, "/meetings");
    // Last month holds a meeting (seed): navigate with the GET link.
    await page.getByRole("link", { name: /^上个月/ }).click();
    await page.waitForURL(/month=/);
    const held = page
      .getByRole("table")
      .getByRole("link", { name: /已召开/ })
      .first();
    await held.click();
    await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    await matchText(page.getByTestId("attendance"), /\d+ 人/);
    assert.ok((await page.getByTestId("agenda").locator("li").count()) > 0, "agenda items");
    await matchText(page.getByTestId("minutes"), /会议纪要/);
    assert.ok((await page.getByTestId("decisions").locator("li").count()) > 0, "decisions");
    // A decision that called for an owners' vote links to it.
    assert.ok(
      (await page.getByTestId("decisions").locator('a[href^="/votes/"]').count()) > 0,
      "a decision links to the owners' vote created from it",
    );
    await expectAxeClean(page, "/meetings/:id");

    // A phone: the calendar becomes a list.
    const phone = await newPage({ ...phoneViewport, javaScriptEnabled: false });
    await phone.context.addCookies(await context.cookies());
    await phone.page.goto(`${server.baseUrl}/meetings`);
    assert.equal(await phone.page.getByRole("table").count(), 0, "no table grid on a phone");
    await phone.page.getByTestId("meetings-list").locator("a").first().waitFor();
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal scrolling on a phone (${width}px)`);
    await phone.context.close();
    await expectAxeCleanWithoutAppScripts(
      `${server.baseUrl}/meetings`,
      "/meetings",
      await context.cookies(),
      phoneViewport,
    );
    assert.deepEqual(errors, []);
    await context.close();
  });
});
