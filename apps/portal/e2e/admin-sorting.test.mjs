// E2E of server-side sorting in the staff console: subdistrict staff sort the compounds table by 户数
// (households) with the keyboard only — Enter for ascending, Space again for descending — and see
// aria-sort follow; the rows come back in descending household order; the next page continues the
// order (its first row ≤ the last row of page 1); the sort lives in the URL, so a reload keeps it;
// axe on the sorted table.
// Run: cd apps/portal && node --test --test-reporter=spec e2e/admin-sorting.test.mjs
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { expectNoSeriousAxeViolations, newConsolePage, signInConsole } from "./console.mjs";
import { assertPrerequisites, launchBrowser, startServer } from "./harness.mjs";

const SUBDISTRICT_STAFF = "13800000005";

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

/** Households of each row of the compounds table (the 5th cell: 编码, 名称, 类型, 地址, 户数, …). */
async function householdsColumn(page) {
  return page
    .locator("[data-testid=compounds-panel] table")
    .evaluate((table) =>
      [...table.querySelectorAll("tbody tr")].map((tr) =>
        Number((tr.children[4]?.textContent ?? "").replace(/[^\d]/g, "")),
      ),
    );
}

/** Waits until the compounds table is not loading and shows rows. */
async function settled(page) {
  await page.waitForFunction(() => {
    const table = document.querySelector("[data-testid=compounds-panel] table");
    return (
      table &&
      !table.hasAttribute("aria-busy") &&
      table.querySelectorAll("tbody tr").length > 0 &&
      table.querySelector("tbody tr")?.children.length > 4
    );
  });
}

const isNonIncreasing = (xs) => xs.every((x, i) => i === 0 || xs[i - 1] >= x);

describe("staff console: server-side sorting", { timeout: 240_000 }, () => {
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

  test("subdistrict staff sort compounds by households, descending, by keyboard, across pages", async () => {
    const { context, page, errors } = await newConsolePage(browser);
    await signInConsole(page, server.baseUrl, SUBDISTRICT_STAFF, "/admin/registry");
    await page.locator("[data-testid=registry-unit][data-level=subdistrict]").waitFor({ timeout: 30_000 });
    const table = page.locator("[data-testid=compounds-panel] table");
    await settled(page);

    const rowNames = () => table.locator("tbody tr th").allTextContents();
    const defaultPage1 = await rowNames();
    const header = table.locator("thead th", { hasText: "户数" });
    const button = header.getByRole("button", { name: "户数" });
    assert.equal(await header.getAttribute("aria-sort"), "none");
    // Columns the API cannot sort by have no button (and no aria-sort).
    assert.equal(await table.locator("thead th", { hasText: "地址" }).getByRole("button").count(), 0);
    assert.equal(await table.locator("thead th", { hasText: "地址" }).getAttribute("aria-sort"), null);

    // Keyboard only: focus the header button, Enter → ascending, Space → descending.
    await button.focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll("[data-testid=compounds-panel] thead th")]
          .find((th) => th.textContent?.includes("户数"))
          ?.getAttribute("aria-sort") === "ascending",
    );
    await settled(page);
    const ascending = await householdsColumn(page);
    assert.ok(
      ascending.every((x, i) => i === 0 || ascending[i - 1] <= x),
      `ascending: ${ascending.join(",")}`,
    );

    await button.focus();
    await page.keyboard.press("Space");
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll("[data-testid=compounds-panel] thead th")]
          .find((th) => th.textContent?.includes("户数"))
          ?.getAttribute("aria-sort") === "descending",
    );
    await settled(page);
    assert.match(page.url(), /[?&]sort=households\.desc(&|$)/);
    const page1 = await householdsColumn(page);
    assert.equal(page1.length, 20, "a full first page (the subdistrict has more than 20 compounds)");
    assert.ok(isNonIncreasing(page1), `page 1 not in descending order: ${page1.join(",")}`);
    assert.ok(page1[0] > page1.at(-1), "the seed has compounds of different sizes");
    await expectNoSeriousAxeViolations(page, "compounds sorted by households (descending)");

    // Next page: the order continues where page 1 ended.
    const firstRowPage1 = await table.locator("tbody tr").first().textContent();
    const pager = page.getByRole("navigation", { name: "小区分页" });
    const next = pager.getByRole("button", { name: "下一页" });
    assert.equal(await next.isEnabled(), true);
    await next.focus();
    await page.keyboard.press("Enter");
    await pager.getByText("第 2 页").waitFor();
    await page.waitForFunction(
      (first) => document.querySelector("[data-testid=compounds-panel] tbody tr")?.textContent !== first,
      firstRowPage1,
    );
    await settled(page);
    const page2 = await householdsColumn(page);
    assert.ok(page2.length > 0);
    assert.ok(isNonIncreasing(page2), `page 2 not in descending order: ${page2.join(",")}`);
    assert.ok(page2[0] <= page1.at(-1), `page 2 starts at ${page2[0]} after page 1 ended at ${page1.at(-1)}`);
    assert.equal(await header.getAttribute("aria-sort"), "descending");

    // Leaving the sort another way (the side navigation drops ?sort=) shows page 1 of the default
    // order — the sorted page-2 cursor is not reused.
    await page
      .getByRole("navigation", { name: "工作台导航" })
      .getByRole("link", { name: "登记", exact: true })
      .click();
    await page.waitForFunction(() => !/[?&]sort=/.test(window.location.search));
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll("[data-testid=compounds-panel] thead th")]
          .find((th) => th.textContent?.includes("户数"))
          ?.getAttribute("aria-sort") === "none",
    );
    await settled(page);
    await pager.getByText("第 1 页").waitFor();
    assert.deepEqual(await rowNames(), defaultPage1);
    assert.equal(await page.locator("[data-testid=compounds-panel] [role=alert]").count(), 0);
    await page.goBack();
    await page.waitForURL(/[?&]sort=households\.desc/);

    // The sort is in the URL: a reload shows page 1 in the same order.
    await page.reload();
    await page.locator("[data-testid=registry-unit][data-level=subdistrict]").waitFor({ timeout: 30_000 });
    await settled(page);
    assert.equal(await header.getAttribute("aria-sort"), "descending");
    assert.deepEqual(await householdsColumn(page), page1);

    assert.deepEqual(errors, []);
    await context.close();
  });
});
