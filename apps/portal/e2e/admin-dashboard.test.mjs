// E2E of the staff console's 物业管理"三率" dashboard against the built one server: district staff sign in,
// see the rates the API reports, drill down district → subdistrict → community (by keyboard too), see what
// each compound lacks, export to .xlsx (opened with exceljs); community staff see only their community;
// a resident gets "no access"; axe on every view.
// Run: cd apps/portal && node --test --test-reporter=spec e2e/admin-dashboard.test.mjs
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { expectNoSeriousAxeViolations, newConsolePage, signInConsole } from "./console.mjs";
import { assertPrerequisites, launchBrowser, startServer, trpcClient } from "./harness.mjs";

// exceljs is the console's dependency: resolve it from apps/admin.
const adminDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../admin");
const ExcelJS = createRequire(path.join(adminDir, "package.json"))("exceljs");

const DISTRICT_STAFF = "13800000006";
const COMMUNITY_STAFF = "13800000004";
const RESIDENT = "13800000001";
const rateKeys = ["propertyServiceCoverage", "committeeFormation", "partyOrgCoverage"];
const percent = new Intl.NumberFormat("zh-CN", {
  style: "percent",
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const count = (n) => n.toLocaleString("zh-CN");

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

const newPage = () => newConsolePage(browser);

/** Calls a tRPC query with the page's cookies (same origin, same session). */
async function query(page, procedure, input) {
  return trpcClient(page.request, server.baseUrl).get(procedure, input);
}

const signIn = (page, phone, url = "/admin/rates") => signInConsole(page, server.baseUrl, phone, url);

/** The rate cards show exactly the API's figures. */
async function expectCardsMatch(page, node) {
  for (const key of rateKeys) {
    const card = page.locator(`[data-testid=rate-${key}]`);
    const fig = node.rates[key];
    const shown = (await card.locator("[data-rate]").textContent())?.trim();
    assert.equal(shown, fig.rate === null ? "—" : percent.format(fig.rate), `${key} rate`);
    const fraction = (await card.locator("[data-fraction]").textContent()) ?? "";
    assert.ok(
      fraction.includes(`${count(fig.numerator)} / ${count(fig.denominator)}`),
      `${key}: ${fraction}`,
    );
    const weighted = (await card.locator("[data-weighted]").textContent()) ?? "";
    const hh = fig.householdWeighted;
    assert.ok(
      weighted.includes(`${count(hh.numerator)} / ${count(hh.denominator)}`),
      `${key} households: ${weighted}`,
    );
    const gap = node.gap[key];
    const text = (await card.textContent()) ?? "";
    if (gap.met === false)
      assert.ok(text.includes(`还需`) && text.includes(count(gap.additionalNeeded)), text);
    if (gap.met === true) assert.ok(text.includes("已达标"), text);
    assert.ok(text.includes("目标 90.0%"), text);
  }
}

describe("staff console: 物业管理三率 dashboard", { timeout: 180_000 }, () => {
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

  test("district staff: rates match the API, export, keyboard drill-down to a community's compounds", async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, DISTRICT_STAFF);
    const dashboard = page.locator("[data-testid=rates-dashboard][data-level=district]");
    await dashboard.waitFor({ timeout: 30_000 });

    const me = await query(page, "auth.me");
    const districtId = me.roles.find((r) => r.role === "district_staff").scopeId;
    const district = await query(page, "threeRates.current", { level: "district", id: districtId });
    const h1 = (await page.locator("h1").textContent()) ?? "";
    assert.match(h1, /延庆区 · 物业管理“三率”/);
    assert.match((await page.getByTestId("admin-scope").textContent()) ?? "", /区级工作人员 · 延庆区/);
    await expectCardsMatch(page, district);

    // The ranking's table twin lists every subdistrict, each a drill-down link.
    const ranking = page.getByTestId("rates-ranking");
    await ranking.locator("a[data-drill]").first().waitFor();
    assert.equal(await ranking.locator("tbody tr").count(), district.children.length);
    await ranking.locator("[role=img] svg").first().waitFor({ timeout: 15_000 });

    // Trend: a fresh database has fewer than two snapshots; district staff can take one.
    const trend = page.getByTestId("rates-trend");
    if (await trend.getByTestId("trend-too-few").isVisible()) {
      await trend.getByRole("button", { name: "生成本月快照" }).click();
      await trend.getByText(/已生成 \d{4}-\d{2} 的快照/).waitFor();
      assert.equal(await trend.locator("tbody tr").count(), 1);
    }
    await expectNoSeriousAxeViolations(page, "district dashboard");

    // Export: the .xlsx opens and holds the API's figures under Chinese headers.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "导出 Excel" }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^物业管理三率-延庆区-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.getWorksheet("三率");
    assert.deepEqual(sheet.getRow(1).values.slice(1), [
      "指标",
      "分子",
      "分母",
      "比率",
      "按户数分子",
      "按户数分母",
      "按户数比率",
      "目标",
      "是否达标",
      "距目标还差（个）",
      "按户数距目标还差（户）",
    ]);
    const row = sheet.getRow(2).values.slice(1);
    const psc = district.rates.propertyServiceCoverage;
    assert.equal(row[0], "物业服务覆盖率");
    assert.equal(row[1], psc.numerator);
    assert.equal(row[2], psc.denominator);
    assert.ok(Math.abs(row[3] - psc.rate) < 1e-9);
    assert.equal(row[4], psc.householdWeighted.numerator);
    assert.equal(row[5], psc.householdWeighted.denominator);
    assert.equal(row[7], 0.9);
    assert.equal(row[9], district.gap.propertyServiceCoverage.additionalNeeded);
    assert.equal(workbook.getWorksheet("排名").rowCount, district.children.length + 1);
    const compoundSheet = workbook.getWorksheet("小区清单");
    assert.deepEqual(compoundSheet.getRow(1).values.slice(1, 7), [
      "小区编码",
      "小区名称",
      "所属社区",
      "户数",
      "纳入考核",
      "缺项",
    ]);
    assert.ok(compoundSheet.rowCount > 1, "the compound sheet is empty");

    // A compound that lacks something, and the subdistrict and community it is in.
    const all = await query(page, "threeRates.compounds", { level: "district", id: districtId });
    const lacking = all.find((c) => c.inScope && c.lacks.length > 0);
    assert.ok(lacking, "the demo district has no compound that lacks anything");
    const communityId = lacking.communityId;
    const { subdistrictId } = await query(page, "registryAdmin.getCommunity", { communityId });

    // Keyboard: tab from the top of the page to that subdistrict's drill-down link and follow it.
    await page.locator("body").focus();
    let reached = false;
    for (let i = 0; i < 150 && !reached; i += 1) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(
        (href) =>
          document.activeElement?.hasAttribute("data-drill") &&
          document.activeElement.getAttribute("href") === href,
        `/admin/rates/subdistrict/${subdistrictId}`,
      );
    }
    assert.ok(reached, "the drill-down link was not reached with Tab");
    await page.keyboard.press("Enter");
    await page.locator("[data-testid=rates-dashboard][data-level=subdistrict]").waitFor();
    assert.ok(page.url().endsWith(`/admin/rates/subdistrict/${subdistrictId}`), page.url());
    const subdistrict = await query(page, "threeRates.current", { level: "subdistrict", id: subdistrictId });
    await expectCardsMatch(page, subdistrict);
    assert.equal(
      await page.getByRole("navigation", { name: "层级" }).getByRole("link", { name: "延庆区" }).count(),
      1,
    );
    await page.getByTestId("rates-ranking").locator("a[data-drill]").first().waitFor();
    await expectNoSeriousAxeViolations(page, "subdistrict dashboard");

    // Community: the compounds and exactly what each lacks, with links to the records that fix it.
    await page
      .getByTestId("rates-ranking")
      .locator(`a[href="/admin/rates/community/${communityId}"]`)
      .click();
    await page.locator("[data-testid=rates-dashboard][data-level=community]").waitFor();
    assert.ok(page.url().endsWith(`/admin/rates/community/${communityId}`), page.url());
    const compounds = await query(page, "threeRates.compounds", { level: "community", id: communityId });
    const list = page.getByTestId("rates-compounds");
    await list.locator("tbody tr [data-lacks]").first().waitFor();
    assert.equal(await list.locator("tbody tr").count(), compounds.length);
    const rowOf = list.locator("tbody tr", { has: page.locator("th", { hasText: lacking.name }) });
    assert.equal(await rowOf.locator("[data-lacks]").getAttribute("data-lacks"), lacking.lacks.join(" "));
    const lackNames = {
      no_property_service: "无物业服务",
      no_committee_in_office: "无在任业委会（物管会）",
      term_expired: "任期已届满",
      filing_overdue: "备案逾期",
      no_party_coverage: "党组织未覆盖",
    };
    const rowText = (await rowOf.textContent()) ?? "";
    for (const lack of lacking.lacks)
      assert.ok(rowText.includes(lackNames[lack]), `${lack} not shown: ${rowText}`);
    const hrefs = await rowOf.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.ok(hrefs.length > 0, "no link to the record that fixes it");
    assert.ok(
      hrefs.every((h) =>
        new RegExp(`^/admin/(property|committees)/compounds/${lacking.compoundId}$`).test(h),
      ),
      hrefs.join(", "),
    );
    await expectNoSeriousAxeViolations(page, "community dashboard");
    assert.deepEqual(errors, [], `page errors: ${errors.join("; ")}`);
    await context.close();
  });

  test("community staff see only their community", async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, COMMUNITY_STAFF);
    await page.locator("[data-testid=rates-dashboard][data-level=community]").waitFor({ timeout: 30_000 });
    assert.match((await page.getByTestId("admin-scope").textContent()) ?? "", /社区工作人员 · 温泉南区社区/);
    const me = await query(page, "auth.me");
    const communityId = me.roles.find((r) => r.role === "community_staff").scopeId;
    const community = await query(page, "threeRates.current", { level: "community", id: communityId });
    await expectCardsMatch(page, community);
    assert.equal(await page.getByTestId("rates-ranking").count(), 0);
    await page.getByTestId("rates-compounds").locator("tbody tr [data-lacks]").first().waitFor();
    await expectNoSeriousAxeViolations(page, "community staff dashboard");

    // Above their scope: no permission, not half a page.
    const summary = await query(page, "registry.districtSummary");
    await page.goto(`${server.baseUrl}/admin/rates/district/${summary.district.id}`);
    await page.getByRole("heading", { level: 1, name: "没有权限" }).waitFor();
    assert.equal(await page.getByTestId("rates-dashboard").count(), 0);

    // Another section opens from the side navigation, within their scope.
    await page.getByRole("navigation", { name: "工作台导航" }).getByRole("link", { name: "委员会" }).click();
    await page.getByRole("heading", { level: 1, name: "业委会（物管会）" }).waitFor();
    await expectNoSeriousAxeViolations(page, "committees section");
    assert.deepEqual(errors, [], `page errors: ${errors.join("; ")}`);
    await context.close();
  });

  test("a resident gets no access", async () => {
    const { context, page } = await newPage();
    await signIn(page, RESIDENT);
    await page.getByRole("heading", { level: 1, name: "没有访问权限" }).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId("rates-dashboard").count(), 0);
    await expectNoSeriousAxeViolations(page, "no access");
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.getByRole("heading", { level: 1, name: "辖区概况" }).waitFor();
    await context.close();
  });
});
