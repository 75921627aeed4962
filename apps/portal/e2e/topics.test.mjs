// Topics (议题) end to end: propose with preview and similar topics → publish → listed; a second
// resident supports (optimistic count) and comments; the author reports the comment; filters and
// cursor pages; the rate-limit message; the same core steps with JavaScript disabled; axe on each
// page; a phone viewport. Run: cd apps/portal && node --test --test-reporter=spec e2e/topics.test.mjs
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
} from "./harness.mjs";

const phoneViewport = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};
const demoPassword = "gongzhi-demo-2026";
// All in 温泉南区社区 (seed: packages/db/src/seed/people.ts): the demo resident and synthetic residents.
const demoResident = "13800000001";
const neighbour = "13900000001";
const noJsAuthor = "13900000002";
const noJsSupporter = "13900000003";
const spammer = "13900000004";

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
const run = Date.now().toString(36).slice(-4);

const newPage = (options = {}) => newPortalPage(browser, options);

const expectAxeCleanWithoutAppScripts = async (noJsContext, url, label) =>
  expectAxeCleanServerRendered(browser, url, label, { cookies: await noJsContext.cookies() });

const text = async (locator) => ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();

async function signIn(page, phone, next = "/topics") {
  await page.goto(`${server.baseUrl}/signin?next=${encodeURIComponent(next)}`);
  await page.locator('input[name="phone"]').fill(phone);
  await page.locator('input[name="password"]').fill(demoPassword);
  await Promise.all([
    page.waitForURL((url) => url.pathname === next),
    page.getByRole("button", { name: "登录", exact: true }).click(),
  ]);
  await page.waitForLoadState("load");
  await page
    .locator("h1")
    .filter({ hasNotText: /^登录$/ })
    .waitFor();
}

async function click(page, name) {
  await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name, exact: true }).click()]);
}

const supportSentence = (page) => text(page.getByTestId("support-count"));

describe("topics, end to end", { timeout: 240_000 }, () => {
  before(async () => {
    assertPrerequisites();
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  let topicUrl = "";
  const title = `小区东门电动自行车充电桩不够用${run}`;

  test("with JavaScript: propose with similar topics and preview → publish → listed → supported → comment → report", async () => {
    const author = await newPage();
    const { page } = author;
    // Signed out: asked to sign in.
    await page.goto(`${server.baseUrl}/topics`);
    await matchText(page.locator("main"), /登录后查看您所在社区的议题/);
    await expectAxeClean(page, "/topics signed out");

    await signIn(page, demoResident);
    assert.equal(await text(page.locator("h1")), "议题");
    assert.ok((await page.getByTestId("topic-item").count()) > 0, "the community's topics are listed");
    await expectAxeClean(page, "/topics");

    await page.getByRole("link", { name: "提出议题" }).first().click();
    await page.waitForURL(/\/topics\/new$/);
    await expectAxeClean(page, "/topics/new");
    // Similar topics follow the title as it is typed (debounced fetcher to /topics/similar).
    await page.locator('input[name="title"]').pressSequentially("东门充电桩", { delay: 30 });
    await page
      .getByTestId("similar-topics")
      .getByRole("link", { name: "小区东门增设电动自行车充电桩" })
      .waitFor();
    // A too-short body: the error sits next to the field and what was typed stays.
    await page.locator('input[name="title"]').fill(title);
    await page.locator('textarea[name="body"]').fill("太短");
    await page.getByRole("button", { name: "预览", exact: true }).click();
    await page.locator('textarea[name="body"][aria-invalid="true"]').waitFor();
    assert.equal(await page.locator('input[name="title"]').inputValue(), title);
    await expectAxeClean(page, "/topics/new with errors");

    await page
      .locator('textarea[name="body"]')
      .fill("东门只有四个充电桩，晚上排队很久，建议再增设八个并规范收费。");
    await page.locator('select[name="category"]').selectOption("facilities");
    await click(page, "预览");
    await page.getByTestId("topic-preview").waitFor();
    await matchText(page.getByTestId("topic-preview"), /晚上排队很久/);
    await matchText(page.getByTestId("similar-topics"), /小区东门增设电动自行车充电桩/);
    assert.equal(await page.locator('input[name="title"]').inputValue(), title, "the form keeps the text");
    await expectAxeClean(page, "/topics/new preview");

    await click(page, "发布议题");
    await page.waitForURL(/\/topics\/[0-9a-f-]{36}\?done=published/);
    topicUrl = page.url().split("?")[0];
    await matchText(page.getByRole("status").first(), /议题已发布/);
    assert.equal(await text(page.locator("h1")), title);
    assert.match(await supportSentence(page), /已有 0 人附议，达到 10 人后/);
    await matchText(page.locator("main"), /这是您提出的议题，不能为自己附议/);
    await expectAxeClean(page, "/topics/:id (author)");

    // Listed under "mine" and found by title search.
    await page.goto(`${server.baseUrl}/topics?mine=1&q=${encodeURIComponent(run)}`);
    assert.equal(await page.getByTestId("topic-item").count(), 1);
    await matchText(page.getByTestId("topic-item"), new RegExp(title));

    // A neighbour supports it: the count moves at once (optimistic) and stays after the server answers.
    const other = await newPage();
    await signIn(other.page, neighbour, new URL(topicUrl).pathname);
    assert.match(await supportSentence(other.page), /已有 0 人附议/);
    await other.page.getByRole("button", { name: "我要附议" }).click();
    await other.page.getByRole("button", { name: "撤回附议" }).waitFor();
    assert.match(await supportSentence(other.page), /已有 1 人附议/);
    assert.equal(new URL(other.page.url()).search, "", "the fetcher did not navigate");
    await other.page.reload();
    assert.match(await supportSentence(other.page), /已有 1 人附议/);
    await expectAxeClean(other.page, "/topics/:id (supporter)");
    // Withdraw and support again.
    await other.page.getByRole("button", { name: "撤回附议" }).click();
    await other.page.getByRole("button", { name: "我要附议" }).waitFor();
    assert.match(await supportSentence(other.page), /已有 0 人附议/);
    await other.page.getByRole("button", { name: "我要附议" }).click();
    await other.page.getByRole("button", { name: "撤回附议" }).waitFor();

    // The neighbour comments.
    await other.page.locator('textarea[name="body"]').fill("同意，晚上充电确实要排队。");
    await click(other.page, "发表");
    await other.page.waitForURL(/done=commented/);
    await matchText(other.page.getByTestId("comments"), /晚上充电确实要排队/);
    assert.equal(other.errors.length, 0, other.errors.join("\n"));
    await other.context.close();

    // The author reports the comment with a reason (an empty reason first: error next to the field).
    await page.goto(topicUrl);
    await matchText(page.locator("#comments h2"), /居民讨论（1）/);
    await page.getByText("举报这条评论").click();
    await page.getByRole("button", { name: "提交举报" }).click();
    await page.locator('textarea[name="reason"][aria-invalid="true"]').waitFor();
    await expectAxeClean(page, "/topics/:id report with error");
    await page.locator('textarea[name="reason"]').fill("测试举报：与议题无关");
    await click(page, "提交举报");
    await page.waitForURL(/done=reported/);
    await matchText(page.getByRole("status").first(), /举报已提交/);
    assert.equal(author.errors.length, 0, author.errors.join("\n"));
    await author.context.close();
  });

  test("filters, declined reason and cursor pages (GET links)", async () => {
    const { context, page } = await newPage();
    await signIn(page, neighbour, "/topics");
    await page.locator('select[name="status"]').selectOption("declined");
    await page.getByRole("button", { name: "筛选", exact: true }).click();
    await page.waitForURL(/status=declined/);
    await page.locator('[data-testid="topic-item"] [data-status="declined"]').first().waitFor();
    const badges = page.getByTestId("topic-item").locator("[data-status]");
    assert.ok((await badges.count()) > 0, "the seed has declined topics");
    for (const status of await badges.evaluateAll((els) => els.map((e) => e.getAttribute("data-status"))))
      assert.equal(status, "declined");
    await expectAxeClean(page, "/topics?status=declined");
    await page.getByTestId("topic-item").first().getByRole("link").click();
    await page.getByTestId("decline-reason").waitFor();
    assert.ok((await text(page.getByTestId("decline-reason"))).length > 0, "the public reason is shown");
    await expectAxeClean(page, "/topics/:id declined");

    // Cursor pagination: the "more" link carries the cursor; the second page holds other topics.
    await page.goto(`${server.baseUrl}/topics`);
    const first = await page.getByTestId("topic-item").locator("h3").allTextContents();
    await page.getByTestId("more-topics").click();
    await page.waitForURL(/cursor=/);
    // The URL changes before React renders the new loader data (the render is a transition):
    // wait for what only the second page shows before reading its list.
    await page.getByRole("link", { name: "回到第一页" }).waitFor();
    const second = await page.getByTestId("topic-item").locator("h3").allTextContents();
    assert.ok(second.length > 0);
    assert.equal(second.filter((t) => first.includes(t)).length, 0, "no topic on both pages");
    // A search with no match: the empty state.
    await page.goto(`${server.baseUrl}/topics?q=${encodeURIComponent("不存在的议题标题xyz")}`);
    await matchText(page.locator("main"), /没有找到议题/);
    await expectAxeClean(page, "/topics empty");
    // A missing topic is the friendly 404.
    const missing = await page.goto(`${server.baseUrl}/topics/00000000-0000-4000-8000-000000000000`);
    assert.equal(missing?.status(), 404);
    await context.close();
  });

  test("rate limit: the sixth topic in a day gets a plain message and keeps the text", async () => {
    const { context, page } = await newPage();
    await signIn(page, spammer, "/topics/new");
    for (let i = 1; i <= 5; i++) {
      const response = await page.request.post(`${server.baseUrl}/topics/new`, {
        form: {
          intent: "draft",
          title: `测试草稿第${i}条${run}`,
          body: "这是一条用于测试频率限制的草稿。",
          category: "other",
        },
        maxRedirects: 0,
      });
      assert.equal(response.status(), 302, `draft ${i}`);
    }
    await page.locator('input[name="title"]').fill(`第六条草稿${run}`);
    await page.locator('textarea[name="body"]').fill("这是一条应当被频率限制挡住的草稿。");
    await page.locator('select[name="category"]').selectOption("other");
    await page.getByRole("button", { name: "保存草稿" }).click();
    await page.getByText(/您提交得太频繁了，请 \d+ 秒后再试/).waitFor();
    assert.equal(await page.locator('input[name="title"]').inputValue(), `第六条草稿${run}`);
    await expectAxeClean(page, "/topics/new rate limited");
    await context.close();
  });

  test("without JavaScript: propose with preview → publish → a neighbour supports", async () => {
    const author = await newPage({ javaScriptEnabled: false });
    const { page } = author;
    await signIn(page, noJsAuthor, "/topics/new");
    const noJsTitle = `单元门禁经常失灵${run}`;
    await page.locator('input[name="title"]').fill(noJsTitle);
    await page.locator('textarea[name="body"]').fill("2号楼1单元门禁每周都坏，老人进出很不方便。");
    await page.locator('select[name="category"]').selectOption("facilities");
    await click(page, "预览");
    await page.getByTestId("topic-preview").waitFor();
    // Without JavaScript the similar topics come with the preview.
    await matchText(page.getByTestId("similar-topics"), /单元门禁损坏/);
    await expectAxeCleanWithoutAppScripts(author.context, `${server.baseUrl}/topics/new`, "/topics/new");
    await click(page, "保存草稿");
    await page.waitForURL(/done=drafted/);
    await matchText(page.locator("main"), /这是您的草稿/);
    // Edit the draft, then publish from the edit page.
    await page.getByRole("link", { name: "编辑草稿" }).click();
    await page.waitForURL(/\/edit$/);
    await page.locator('textarea[name="body"]').fill("2号楼1单元门禁每周都坏，老人和孩子进出很不方便。");
    await click(page, "发布议题");
    await page.waitForURL(/done=published/);
    const url = page.url().split("?")[0];
    await matchText(page.locator("main"), /老人和孩子/);
    await expectAxeCleanWithoutAppScripts(author.context, url, "/topics/:id");
    await author.context.close();

    const supporter = await newPage({ javaScriptEnabled: false });
    await signIn(supporter.page, noJsSupporter, new URL(url).pathname);
    assert.match(await supportSentence(supporter.page), /已有 0 人附议/);
    await click(supporter.page, "我要附议");
    await supporter.page.waitForURL(/done=supported/);
    assert.match(await supportSentence(supporter.page), /已有 1 人附议/);
    assert.ok(await supporter.page.getByRole("button", { name: "撤回附议" }).isVisible());
    await supporter.page.locator('textarea[name="body"]').fill("支持，门禁确实常坏。");
    await click(supporter.page, "发表");
    await supporter.page.waitForURL(/done=commented/);
    // Filters are a GET form.
    await supporter.page.goto(`${server.baseUrl}/topics`);
    await supporter.page.locator('input[name="q"]').fill(run);
    await supporter.page.locator('select[name="category"]').selectOption("facilities");
    await click(supporter.page, "筛选");
    assert.match(supporter.page.url(), /category=facilities/);
    await matchText(supporter.page.getByTestId("topic-list"), new RegExp(noJsTitle));
    await supporter.context.close();
  });

  test("phone viewport: list, detail and propose fit 390 px and pass axe", async () => {
    const { context, page } = await newPage(phoneViewport);
    await signIn(page, demoResident, "/topics");
    for (const path of ["/topics", new URL(topicUrl).pathname, "/topics/new"]) {
      await page.goto(`${server.baseUrl}${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${path} scrolls sideways by ${overflow}px`);
      await expectAxeClean(page, `${path} (phone)`);
    }
    // English switch.
    await page.goto(`${server.baseUrl}/topics?lang=en`);
    assert.equal(await text(page.locator("h1")), "Topics");
    await expectAxeClean(page, "/topics (en)");
    await context.close();
  });
});
