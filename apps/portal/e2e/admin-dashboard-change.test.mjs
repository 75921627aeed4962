// E2E: "a district user sees the dashboard change accordingly". District staff read 延庆区's 组建率
// (committeeFormation numerator) on the dashboard; community staff of 温泉南区社区 form a committee for a
// compound with none in office and register its election in the console; subdistrict staff register the
// filing (备案 is the subdistrict's move in core's transition table) — the committee is now in office;
// district staff reload: the numerator is up by exactly one, the API agrees, and the exported .xlsx
// shows the new figure. axe on every view.
// Run: cd apps/portal && node --test --test-reporter=spec e2e/admin-dashboard-change.test.mjs
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { expectNoSeriousAxeViolations, newConsolePage, signInConsole } from "./console.mjs";
import { assertPrerequisites, launchBrowser, startServer, trpcClient } from "./harness.mjs";

const adminDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../admin");
const ExcelJS = createRequire(path.join(adminDir, "package.json"))("exceljs");

const COMMUNITY_STAFF = "13800000004";
const SUBDISTRICT_STAFF = "13800000005";
const DISTRICT_STAFF = "13800000006";
const count = (n) => n.toLocaleString("zh-CN");

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

const newPage = () => newConsolePage(browser);

async function query(page, procedure, input) {
  return trpcClient(page.request, server.baseUrl).get(procedure, input);
}

const signIn = (page, phone, url) => signInConsole(page, server.baseUrl, phone, url);

/** The 组建率 card's "numerator / denominator" as shown. */
async function shownFormation(page) {
  const card = page.locator("[data-testid=rate-committeeFormation]");
  await card.locator("[data-fraction]").waitFor({ timeout: 30_000 });
  const text = (await card.locator("[data-fraction]").textContent()) ?? "";
  const m = /([\d,]+)\s*\/\s*([\d,]+)/.exec(text);
  assert.ok(m, `no fraction in ${text}`);
  return { numerator: Number(m[1].replaceAll(",", "")), denominator: Number(m[2].replaceAll(",", "")) };
}

describe("staff console: the district dashboard follows a committee taking office", {
  timeout: 180_000,
}, () => {
  before(async () => {
    assertPrerequisites();
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("组建率 numerator +1 on screen, in the API and in the .xlsx", async () => {
    // District staff: the figure before.
    const district = await newPage();
    await signIn(district.page, DISTRICT_STAFF, "/admin/rates");
    await district.page
      .locator("[data-testid=rates-dashboard][data-level=district]")
      .waitFor({ timeout: 30_000 });
    const me = await query(district.page, "auth.me");
    const districtId = me.roles.find((r) => r.role === "district_staff").scopeId;
    const apiBefore = (
      await query(district.page, "threeRates.current", { level: "district", id: districtId })
    ).rates.committeeFormation;
    const shownBefore = await shownFormation(district.page);
    assert.deepEqual(shownBefore, { numerator: apiBefore.numerator, denominator: apiBefore.denominator });
    await expectNoSeriousAxeViolations(district.page, "district dashboard before");

    // Community staff: a compound of 温泉南区社区 with no committee in office gets one (preparing → elected).
    const community = await newPage();
    await signIn(community.page, COMMUNITY_STAFF, "/admin/committees");
    await community.page.getByTestId("committees-page").waitFor({ timeout: 30_000 });
    const cme = await query(community.page, "auth.me");
    const communityId = cme.roles.find((r) => r.role === "community_staff").scopeId;
    assert.equal(
      (await query(community.page, "registryAdmin.getCommunity", { communityId })).name,
      "温泉南区社区",
    );
    const compounds = await query(community.page, "threeRates.compounds", {
      level: "community",
      id: communityId,
    });
    const target = compounds.find((c) => c.inScope && c.lacks.includes("no_committee_in_office"));
    assert.ok(target, "a compound of 温泉南区社区 in scope without a committee in office");
    await community.page.goto(`${server.baseUrl}/admin/committees/compounds/${target.compoundId}`);
    const form = community.page.getByTestId("committee-form");
    await form.waitFor();
    const names = ["赵一", "钱二", "孙三", "李四", "周五"];
    for (let i = 0; i < 5; i++) {
      const field = form.getByLabel(`第 ${i + 1} 位成员姓名`, { exact: true });
      if ((await field.count()) === 0) await form.getByRole("button", { name: "添加成员" }).click();
      await field.fill(names[i]);
    }
    await form.getByLabel("任期开始").fill("2026-01-01");
    await form.getByLabel("任期结束").fill("2030-12-31");
    await expectNoSeriousAxeViolations(community.page, "committee form");
    await form.getByRole("button", { name: "提交组建" }).click();
    const detail = community.page.getByTestId("committee-detail");
    await detail.waitFor({ timeout: 15_000 });
    assert.equal(await detail.getAttribute("data-status"), "preparing");
    const committeeId = /\/admin\/committees\/([0-9a-f-]{36})/.exec(community.page.url())?.[1];
    assert.ok(committeeId, community.page.url());
    const lifecycle = community.page.getByTestId("committee-lifecycle");
    await lifecycle.getByRole("button", { name: "登记选举产生" }).click();
    await community.page
      .locator("[data-testid=committee-detail][data-status=elected]")
      .waitFor({ timeout: 15_000 });
    // Filing (备案) is not the community's move: no button for it here.
    assert.equal(await lifecycle.getByRole("button", { name: "登记备案（在任）" }).count(), 0);
    await expectNoSeriousAxeViolations(community.page, "committee detail (elected)");
    assert.deepEqual(community.errors, []);
    await community.context.close();

    // Subdistrict staff (儒林街道) register the filing: the committee is in office.
    const sub = await newPage();
    await signIn(sub.page, SUBDISTRICT_STAFF, `/admin/committees/${committeeId}`);
    await sub.page
      .locator("[data-testid=committee-detail][data-status=elected]")
      .waitFor({ timeout: 30_000 });
    await sub.page
      .getByTestId("committee-lifecycle")
      .getByRole("button", { name: "登记备案（在任）" })
      .click();
    await sub.page.locator("[data-testid=committee-detail][data-status=filed]").waitFor({ timeout: 15_000 });
    await expectNoSeriousAxeViolations(sub.page, "committee detail (filed)");
    assert.deepEqual(sub.errors, []);
    await sub.context.close();

    // District staff reload: exactly one more compound with a committee in office.
    await district.page.reload();
    await district.page
      .locator("[data-testid=rates-dashboard][data-level=district]")
      .waitFor({ timeout: 30_000 });
    const apiAfter = (await query(district.page, "threeRates.current", { level: "district", id: districtId }))
      .rates.committeeFormation;
    assert.equal(apiAfter.numerator, apiBefore.numerator + 1);
    assert.equal(apiAfter.denominator, apiBefore.denominator);
    const shownAfter = await shownFormation(district.page);
    assert.deepEqual(shownAfter, { numerator: apiBefore.numerator + 1, denominator: apiBefore.denominator });
    const fraction =
      (await district.page.locator("[data-testid=rate-committeeFormation] [data-fraction]").textContent()) ??
      "";
    assert.ok(fraction.includes(`${count(apiAfter.numerator)} / ${count(apiAfter.denominator)}`), fraction);
    await expectNoSeriousAxeViolations(district.page, "district dashboard after");

    // The export holds the new figure.
    const [download] = await Promise.all([
      district.page.waitForEvent("download"),
      district.page.getByRole("button", { name: "导出 Excel" }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.getWorksheet("三率");
    let row = null;
    sheet.eachRow((r) => {
      if (r.values[1] === "业委会（物管会）组建率") row = r.values.slice(1);
    });
    assert.ok(row, "no 组建率 row in the export");
    assert.equal(row[1], apiBefore.numerator + 1);
    assert.equal(row[2], apiBefore.denominator);
    assert.ok(Math.abs(row[3] - apiAfter.rate) < 1e-9);
    assert.deepEqual(district.errors, []);
    await district.context.close();
  });
});
