// E2E of the console's 接诉考评与分析 section against the built server and the demo district (a year of
// seeded orders): district staff open last month's 月报 and see every chart with its table twin holding
// the API's non-zero figures, export it to .xlsx (opened with exceljs), print it (print media: A4, no
// navigation, a page per section; a real PDF is made), read the rankings by group, open the 治理类
// communities' remediation ledgers (confirm dialog, summary, ledger items exist, a second run opens
// nothing), read the 日报 and the formula versions; axe on every page.
// Run: cd apps/portal && node --test --test-reporter=spec e2e/admin-hotline-reports.test.mjs
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { newConsolePage, signInConsole } from "./console.mjs";
import { assertPrerequisites, expectAxeClean, launchBrowser, startServer, trpcClient } from "./harness.mjs";

const adminDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../admin");
const ExcelJS = createRequire(path.join(adminDir, "package.json"))("exceljs");

const DISTRICT_STAFF = "13800000006";
const count = (n) => n.toLocaleString("zh-CN");

/** The month before the current Beijing month (what the 月报 opens on). */
function lastFullMonth(now = new Date()) {
  const bj = new Date(now.getTime() + 8 * 3600_000);
  const y = bj.getUTCFullYear();
  const m = bj.getUTCMonth();
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, "0")}`;
}

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

describe("staff console: 接诉考评与分析", { timeout: 300_000 }, () => {
  before(async () => {
    assertPrerequisites();
    server = await startServer();
    console.log(`server ready at ${server.baseUrl} in ${(server.startupMs / 1000).toFixed(1)} s`);
    browser = await launchBrowser();
  });
  after(async () => {
    if (process.env.E2E_SERVER_LOG) console.log(server?.logs().slice(-5000));
    await browser?.close();
    await server?.stop();
  });

  test("district staff: 月报, export, print, rankings, 治理类 ledgers, 日报, formulas", async () => {
    const { context, page, errors } = await newConsolePage(browser);
    const api = trpcClient(page.request, server.baseUrl);
    const month = lastFullMonth();
    await signInConsole(page, server.baseUrl, DISTRICT_STAFF, "/admin/hotline-reports");
    const monthly = page.getByTestId("hotline-monthly");
    await monthly.getByTestId("stat-orders").waitFor({ timeout: 60_000 });

    const me = await api.get("auth.me");
    const districtId = me.roles.find((r) => r.role === "district_staff").scopeId;
    const m = await api.get("workOrders.reports.monthly", { districtId, month });
    assert.ok(m.orders > 300, `the demo district has only ${m.orders} orders in ${month}`);
    assert.match(
      (await page.locator("h1").textContent()) ?? "",
      new RegExp(`延庆区 接诉即办月报 · ${month}`),
    );
    assert.equal(
      (await monthly.getByTestId("stat-orders").locator("[data-value]").textContent())?.trim(),
      count(m.orders),
    );
    assert.equal(
      (await monthly.getByTestId("stat-score").locator("[data-value]").textContent())?.trim(),
      (m.rates.score / 100).toFixed(2),
    );
    assert.match(
      (await monthly.getByTestId("formula-note").textContent()) ?? "",
      new RegExp(m.formula.version),
    );

    // Every chart is drawn (SVG) and has its table twin with the API's rows.
    const figures = {
      "fig-top-category": m.byTopCategory,
      "fig-category": m.byCategory,
      "fig-subdistrict": m.bySubdistrict,
      "fig-unit": m.byUnit,
      "fig-hot-spots": m.hotSpots,
      "fig-slowest": m.slowestUnits,
      "fig-unit-scores": m.units,
    };
    for (const [id, rows] of Object.entries(figures)) {
      assert.ok(rows.length > 0, `${id}: the API has no rows`);
      const fig = page.getByTestId(id);
      await fig.locator("[role=img] svg").first().waitFor({ timeout: 20_000 });
      assert.equal(await fig.locator("tbody tr").count(), rows.length, `${id}: table rows`);
      assert.ok(await fig.locator("caption").count(), `${id}: the table has no caption`);
    }
    // A figure of the twin: the top category's count, as the API says, non-zero.
    const top = m.byTopCategory[0];
    assert.ok(top.orders > 0);
    const topRow = page.getByTestId("fig-top-category").locator("tbody tr").first();
    assert.equal((await topRow.locator("th").textContent())?.trim(), top.name);
    assert.equal((await topRow.locator("td").last().textContent())?.trim(), count(top.orders));
    await expectAxeClean(page, "monthly report");

    // Export: the workbook holds the API's figures.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "导出 Excel" }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `接诉即办月报-延庆区-${month}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const summary = wb.getWorksheet("概况");
    const ordersRow = summary.getRows(1, summary.rowCount).find((r) => r.getCell(1).value === "受理工单");
    assert.equal(ordersRow.getCell(2).value, m.orders);
    const rank = wb.getWorksheet("考评排名");
    assert.deepEqual(rank.getRow(1).values.slice(1), [
      "类别",
      "排名",
      "上月排名",
      "名次变化",
      "承办单位",
      "工单量",
      "有效回访",
      "响应率",
      "解决率",
      "满意率",
      "综合成绩",
    ]);
    assert.equal(rank.rowCount, m.units.length + 1);
    const scored = m.units.find((u) => u.rates.score !== null);
    const unitRow = rank.getRows(2, rank.rowCount - 1).find((r) => r.getCell(5).value === scored.name);
    assert.equal(unitRow.getCell(11).value, scored.rates.score / 100);
    assert.equal(wb.getWorksheet("按街乡").rowCount, m.bySubdistrict.length + 1);

    // Print: A4 pages without the console's header, navigation, tabs or buttons; a page per section.
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.getByRole("navigation", { name: "工作台导航" }).isVisible(), false);
    assert.equal(await page.locator("header").first().isVisible(), false);
    assert.equal(await page.getByRole("button", { name: "打印" }).isVisible(), false);
    assert.equal(await page.getByRole("button", { name: "导出 Excel" }).isVisible(), false);
    assert.ok(await page.getByTestId("fig-category").locator("svg").first().isVisible(), "charts print");
    const breaks = await page
      .locator("[data-print-section]")
      .evaluateAll((els) => els.map((e) => getComputedStyle(e).breakBefore));
    assert.equal(breaks[0], "auto");
    assert.ok(breaks.length >= 5 && breaks.slice(1).every((b) => b === "page"), breaks.join(","));
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    if (process.env.E2E_SAVE_PDF) await writeFile(process.env.E2E_SAVE_PDF, pdf);
    const text = pdf.toString("latin1");
    const pages = (text.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pages >= 5, `the printed report has ${pages} page(s)`);
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(text);
    assert.ok(box, "no MediaBox in the PDF");
    // A4 = 210 × 297 mm = 595.3 × 841.9 pt
    assert.ok(Math.abs(Number(box[1]) - 595.3) < 2 && Math.abs(Number(box[2]) - 841.9) < 2, box[0]);
    await page.emulateMedia({ media: "screen" });

    // Rankings: the five groups, ranks and their change in words.
    await page.getByRole("link", { name: "考评排名" }).click();
    const rankings = page.getByTestId("hotline-rankings");
    await rankings.getByTestId("ranking-heading").waitFor();
    assert.equal(await rankings.locator("[data-tier-tab]").count(), 5);
    await rankings.getByRole("button", { name: /公安派出所/ }).click();
    await page.locator("[data-testid=hotline-rankings][data-tier=police]").waitFor();
    const police = await api.get("workOrders.rankings", { districtId, month, tier: "police" });
    assert.ok(police.units.length > 0, "no police station is ranked");
    await matchRows(rankings.getByTestId("fig-ranking"), police.units.length);
    const streets = await api.get("workOrders.rankings", { districtId, month, tier: "streets_towns" });
    assert.equal(streets.units.length, 18);
    await rankings.getByRole("button", { name: /街乡/ }).click();
    await page.locator("[data-testid=hotline-rankings][data-tier=streets_towns]").waitFor();
    await matchRows(rankings.getByTestId("fig-ranking"), 18);
    const changes = await rankings.locator("[data-rank-change]").allTextContents();
    assert.ok(
      changes.every((c) => /上升\d+位|下降\d+位|持平|上月无排名/.test(c)),
      changes.join(" | "),
    );
    await expectAxeClean(page, "rankings");

    // 治理类: the list, then open the ledgers through the confirmation.
    await page.getByRole("link", { name: "治理类社区" }).click();
    const gov = page.getByTestId("hotline-governance");
    await gov.getByTestId("governance-rule").waitFor();
    const list = await api.get("workOrders.governanceCommunities.list", { districtId, month });
    assert.equal(list.settings.bottomN, 5);
    assert.equal(list.settings.topM, 30);
    assert.ok(list.communities.length >= 30, `only ${list.communities.length} 治理类 communities`);
    assert.equal(await gov.locator("tbody tr").count(), list.communities.length);
    await expectAxeClean(page, "governance list");
    await gov.getByRole("button", { name: "建立整改台账" }).click();
    const dialog = page.getByRole("dialog", { name: "建立整改台账？" });
    await dialog.waitFor();
    await expectAxeClean(page, "open-ledgers dialog");
    await dialog.getByRole("button", { name: "确认建立" }).click();
    const result = gov.getByTestId("open-ledgers-result");
    await result.waitFor();
    assert.match(
      (await result.textContent()) ?? "",
      new RegExp(`新建 ${list.communities.length} 项整改台账`),
    );
    const after = await api.get("workOrders.governanceCommunities.list", { districtId, month });
    assert.ok(
      after.communities.every((c) => c.ledger !== null),
      "a listed community has no ledger",
    );
    const item = await api.get("ledger.get", { id: after.communities[0].ledger.ledgerItemId });
    assert.equal(item.item.communityId, after.communities[0].communityId);
    assert.match(item.item.title, /治理类社区整改/);
    await gov.locator("[data-ledger=open]").first().waitFor();
    assert.equal(await gov.getByRole("button", { name: "建立整改台账" }).isDisabled(), true);
    const again = await api.post("workOrders.governanceCommunities.openLedgers", { districtId, month });
    assert.equal(again.opened.length, 0);
    assert.equal(again.alreadyOpen, list.communities.length);

    // 日报 of a day of last month.
    const day = `${month}-15`;
    await page.goto(`${server.baseUrl}/admin/hotline-reports/daily?date=${day}`);
    const daily = page.getByTestId("hotline-daily");
    await daily.getByTestId("day-received").waitFor({ timeout: 30_000 });
    const d = await api.get("workOrders.reports.daily", { districtId, date: day });
    assert.ok(d.counts.received > 0, `no order received on ${day}`);
    assert.equal(
      (await daily.getByTestId("day-received").locator("[data-value]").textContent())?.trim(),
      count(d.counts.received),
    );
    await matchRows(page.getByTestId("fig-day-category"), d.byCategory.length);
    await expectAxeClean(page, "daily report");

    // Formula versions: the list and the form.
    await page.getByRole("link", { name: "考评公式" }).click();
    const formulas = page.getByTestId("hotline-formulas");
    await formulas.getByTestId("formula-form").waitFor();
    const versions = await api.get("workOrders.formulas.list", {});
    assert.equal(await formulas.locator("table tbody tr").count(), versions.length);
    await expectAxeClean(page, "formulas");
    // weights that do not add up to 100 are refused in the form, nothing is sent
    const form = formulas.getByTestId("formula-form");
    await form.getByLabel("版本号").fill("e2e-v2");
    await form.getByLabel("名称").fill("测试口径 20/40/40");
    await form.getByLabel("起始日期").fill("2030-01-01");
    await form.getByLabel("响应率").fill("20");
    await form.getByLabel("解决率").fill("40");
    await form.getByLabel("满意率").fill("30");
    await form.getByRole("button", { name: "保存新版本" }).click();
    await form.getByText("三项权重合计必须等于 100。").waitFor();
    assert.equal((await api.get("workOrders.formulas.list", {})).length, versions.length);
    await form.getByLabel("满意率").fill("40");
    await form.getByLabel("基本满意系数").fill("0.8");
    await form.getByRole("button", { name: "保存新版本" }).click();
    await form.getByText("已新增公式版本 e2e-v2。").waitFor();
    const added = (await api.get("workOrders.formulas.list", {})).find((f) => f.version === "e2e-v2");
    assert.deepEqual(added.weights, { response: 2000, resolution: 4000, satisfaction: 4000 });
    assert.equal(added.basicallySatisfiedFactor, 8000);
    await matchRows(formulas.locator("table").first(), versions.length + 1);

    assert.deepEqual(errors, []);
    await context.close();
  });
});

/** The table twin of a figure has `n` rows (waiting for the render after a client-side change). */
async function matchRows(figure, n) {
  const deadline = Date.now() + 15_000;
  let seen = -1;
  while (Date.now() < deadline) {
    seen = await figure.locator("tbody tr").count();
    if (seen === n) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(seen, n, "table rows");
}
