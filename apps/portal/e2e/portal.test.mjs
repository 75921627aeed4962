// End-to-end tests of the built one server: portal (SSR, with and without JavaScript), admin SPA,
// /healthz, friendly 404, axe accessibility, phone viewport. Run: pnpm --filter @gongzhi/portal test:e2e
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { assertPrerequisites, formatViolations, launchBrowser, runAxe, startServer } from "./harness.mjs";

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
/** The summary as the API reports it, to compare the pages against. */
let summary;

async function newPage(options = {}) {
  const context = await browser.newContext({ locale: "zh-CN", ...options });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return { context, page, errors };
}

async function fetchSummary(baseUrl) {
  const response = await fetch(`${baseUrl}/api/trpc/registry.districtSummary`);
  assert.equal(response.status, 200, `tRPC answered ${response.status}`);
  const body = await response.json();
  const data = body.result.data;
  return data && typeof data === "object" && "json" in data ? data.json : data;
}

async function expectNoSeriousAxeViolations(page, label) {
  const { blocking, all } = await runAxe(page);
  if (all.length > 0) console.log(`axe on ${label}: ${all.length} finding(s)\n${formatViolations(all)}`);
  assert.equal(
    blocking.length,
    0,
    `serious/critical axe violations on ${label}:\n${formatViolations(blocking)}`,
  );
}

describe("Gongzhi one server, end to end", { timeout: 300_000 }, () => {
  before(async () => {
    assertPrerequisites();
    server = await startServer();
    console.log(`server ready at ${server.baseUrl} in ${(server.startupMs / 1000).toFixed(1)} s`);
    browser = await launchBrowser();
    summary = await fetchSummary(server.baseUrl);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("/healthz answers JSON with the database driver", async () => {
    const response = await fetch(`${server.baseUrl}/healthz`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /application\/json/);
    const body = await response.json();
    assert.equal(body.ok, true);
    assert.equal(body.driver, process.env.E2E_DATABASE_URL ? "postgres" : "pglite");
  });

  test("the fresh embedded database is seeded with the demo district", () => {
    assert.ok(summary.district, "districtSummary returned no district");
    assert.match(summary.district.name, /延庆/);
    assert.ok(summary.subdistricts > 0 && summary.communities > 0, JSON.stringify(summary));
  });

  test("home renders the district summary with JavaScript on, and switches to English", async () => {
    const { context, page, errors } = await newPage();
    const response = await page.goto(`${server.baseUrl}/`);
    assert.equal(response?.status(), 200);
    assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
    const heading = page.locator("[data-testid=district-summary] h2");
    assert.equal((await heading.textContent())?.trim(), summary.district.name);
    const body = (await page.locator("main").textContent()) ?? "";
    assert.ok(body.includes(summary.communities.toLocaleString("zh-CN")), "community count missing");
    assert.ok(body.includes(summary.units.toLocaleString("zh-CN")), "unit count missing");
    await expectNoSeriousAxeViolations(page, "/ (zh-CN)");

    await page.getByRole("link", { name: "English" }).click();
    await page.waitForURL(/lang=en/);
    await page.waitForFunction(() => document.documentElement.lang === "en");
    assert.equal((await heading.textContent())?.trim(), summary.district.nameEn || summary.district.name);
    await expectNoSeriousAxeViolations(page, "/?lang=en");
    assert.deepEqual(errors, [], `page errors: ${errors.join("; ")}`);
    await context.close();
  });

  test("the browser gets only the active locale's messages, hydrates cleanly, and fetches the other on a switch", async () => {
    const { context, page, errors } = await newPage();
    const consoleErrors = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    const scripts = [];
    page.on("request", (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith("/assets/") && pathname.endsWith(".js")) scripts.push(pathname);
    });
    // Catalog chunks are named after their source files (packages/ui/src/i18n/messages/{zh-CN,en}.ts).
    const catalogs = () => ({
      zh: scripts.filter((s) => /\/zh-CN-[\w-]+\.js$/.test(s)).length,
      en: scripts.filter((s) => /\/en-[\w-]+\.js$/.test(s)).length,
    });
    /** React attaches its fiber to the server-rendered nodes when it hydrates them. */
    const hydrated = () =>
      page.waitForFunction(() => {
        const main = document.querySelector("main");
        return main !== null && Object.keys(main).some((key) => key.startsWith("__reactFiber"));
      });

    await page.goto(`${server.baseUrl}/`);
    await hydrated();
    assert.deepEqual(catalogs(), { zh: 1, en: 0 }, `scripts: ${scripts.join(", ")}`);
    // A hydration mismatch (text in another language, a missing message) is reported as an error.
    assert.deepEqual([...errors, ...consoleErrors], [], "errors while hydrating");
    // After hydration, client-side navigation renders the next page in the same language.
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "议题" }).click();
    await page.waitForURL(/\/topics$/);
    await page.waitForFunction(() => document.querySelector("h1")?.textContent?.includes("议题"));

    scripts.length = 0;
    await page.getByRole("link", { name: "English" }).click();
    await page.waitForURL(/lang=en/);
    await hydrated();
    assert.equal(catalogs().en, 1, `scripts: ${scripts.join(", ")}`);
    assert.equal(catalogs().zh, 0, `scripts: ${scripts.join(", ")}`);
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Home" })
      .click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.waitForFunction(() =>
      document.querySelector("h1")?.textContent?.includes("District overview"),
    );
    assert.equal(await page.getAttribute("html", "lang"), "en");

    assert.deepEqual(errors, [], `page errors: ${errors.join("; ")}`);
    assert.deepEqual(consoleErrors, [], `console errors: ${consoleErrors.join("; ")}`);
    await context.close();
  });

  test("home works with JavaScript disabled, and the language choice sticks in a cookie", async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    await page.goto(`${server.baseUrl}/`);
    assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
    assert.equal(
      (await page.locator("[data-testid=district-summary] h2").textContent())?.trim(),
      summary.district.name,
    );
    // axe needs script in the page: check the same server-rendered document with the app's own
    // scripts blocked (so nothing hydrates) in a context where injected scripts may run.
    const ssrOnly = await newPage();
    await ssrOnly.page.route(/\.js(\?|$)/, (route) => route.abort());
    await ssrOnly.page.goto(`${server.baseUrl}/`);
    await expectNoSeriousAxeViolations(ssrOnly.page, "/ server-rendered, without the app's scripts");
    await ssrOnly.context.close();

    await page.getByRole("link", { name: "English" }).click();
    await page.waitForURL(/lang=en/);
    assert.equal(await page.getAttribute("html", "lang"), "en");
    await page.goto(`${server.baseUrl}/`);
    assert.equal(await page.getAttribute("html", "lang"), "en", "the lang cookie was not remembered");
    assert.ok((await page.locator("h1").textContent())?.includes("District overview"));
    await context.close();
  });

  test("unknown pages get a friendly 404", async () => {
    const { context, page } = await newPage();
    const response = await page.goto(`${server.baseUrl}/no-such-page`);
    assert.equal(response?.status(), 404);
    assert.equal((await page.locator("h1").textContent())?.trim(), "找不到此页面");
    assert.equal(await page.getByRole("link", { name: "返回首页" }).getAttribute("href"), "/");
    await expectNoSeriousAxeViolations(page, "404 page");
    await context.close();
  });

  test("the staff console at /admin renders the summary through tRPC", async () => {
    const { context, page, errors } = await newPage();
    const response = await page.goto(`${server.baseUrl}/admin`);
    assert.equal(response?.status(), 200);
    assert.ok(page.url().endsWith("/admin/"), page.url());
    const heading = page.locator("[data-testid=district-summary] h2");
    await heading.waitFor({ timeout: 30_000 });
    assert.equal((await heading.textContent())?.trim(), summary.district.name);
    await expectNoSeriousAxeViolations(page, "/admin/");

    await page.getByRole("button", { name: "English" }).click();
    await page.waitForFunction(() => document.documentElement.lang === "en");
    assert.equal((await page.locator("h1").textContent())?.trim(), "District overview");
    await expectNoSeriousAxeViolations(page, "/admin/ (en)");

    await page.goto(`${server.baseUrl}/admin/some/deep/link`);
    await page.locator("h1").waitFor();
    assert.equal((await page.locator("h1").textContent())?.trim(), "Page not found");
    assert.deepEqual(errors, [], `page errors: ${errors.join("; ")}`);
    await context.close();
  });

  test("phone viewport (390×844): no sideways scrolling, 44 px touch targets", async () => {
    const { context, page } = await newPage(phone);
    for (const [url, ready] of [
      [`${server.baseUrl}/`, "[data-testid=district-summary]"],
      [`${server.baseUrl}/admin/`, "[data-testid=district-summary]"],
    ]) {
      await page.goto(url);
      await page.locator(ready).waitFor({ timeout: 30_000 });
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= 390, `${url} scrolls sideways: ${scrollWidth}px`);
      const small = await page.evaluate(() =>
        [...document.querySelectorAll("header a, header button, main button, [role=button]")]
          .map((el) => ({ el, box: el.getBoundingClientRect() }))
          .filter(({ box }) => box.width > 0 && (box.width < 44 || box.height < 44))
          .map(
            ({ el, box }) => `${el.textContent?.trim()} ${Math.round(box.width)}×${Math.round(box.height)}`,
          ),
      );
      assert.deepEqual(small, [], `${url}: touch targets under 44 px`);
      await expectNoSeriousAxeViolations(page, `${url} on a phone`);
    }
    await context.close();
  });
});
