// E2E of the staff console's 委员会, 物业 and 协管员 sections against the built one server: community staff
// form a committee with a rule violation (every violation shown with its article), correct it and save;
// the committee is listed and public through committees.forCompound; the alert list renders; a compound's
// property history; coordinators masked, reveal shows the full number and is audited (checked with a
// district staff session); the census table; axe on every view.
// Run: cd apps/portal && node --test --test-reporter=spec e2e/admin-governance.test.mjs
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

const COMMUNITY_STAFF = "13800000004";
const DISTRICT_STAFF = "13800000006";

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

const newPage = () => newConsolePage(browser);

async function query(page, procedure, input) {
  return trpcClient(page.request, server.baseUrl).get(procedure, input);
}

const signIn = (page, phone, url) => signInConsole(page, server.baseUrl, phone, url);

describe("staff console: committees, property services, coordinators", { timeout: 360_000 }, () => {
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

  test("community staff: committee with violations → corrected → saved; alerts; property; coordinators; census", async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, COMMUNITY_STAFF, "/admin/committees");
    await page.getByTestId("committees-page").waitFor({ timeout: 30_000 });
    await page.getByTestId("committee-alerts").locator("table").waitFor();
    await page.getByTestId("committee-alerts").locator("[aria-busy]").waitFor({ state: "detached" });
    await expectNoSeriousAxeViolations(page, "committees list and alerts");

    const me = await query(page, "auth.me");
    const communityId = me.roles.find((r) => r.role === "community_staff").scopeId;
    const community = await query(page, "registryAdmin.getCommunity", { communityId });
    assert.equal(community.name, "温泉南区社区");
    const compounds = await query(page, "threeRates.compounds", { level: "community", id: communityId });
    const target = compounds.find((c) => c.lacks.includes("no_committee_in_office"));
    assert.ok(target, "a compound of 温泉南区社区 without a committee in office");
    assert.equal(await query(page, "committees.forCompound", { compoundId: target.compoundId }), null);

    // The dashboard's fix link lands on the compound's committee page.
    await page.goto(`${server.baseUrl}/admin/committees/compounds/${target.compoundId}`);
    const form = page.getByTestId("committee-form");
    await form.waitFor();
    assert.match((await page.locator("h1").textContent()) ?? "", new RegExp(target.name));

    // 4 members: an even number (and too few when the compound has more than 100 households).
    const names = ["王建国", "李秀英", "张伟", "刘洋", "陈静"];
    for (let i = 0; i < 4; i++)
      await form.getByLabel(`第 ${i + 1} 位成员姓名`, { exact: true }).fill(names[i]);
    await form.getByRole("button", { name: "删除第 5 位成员" }).click();
    await form.getByLabel("任期开始").fill("2026-01-01");
    await form.getByLabel("任期结束").fill("2030-12-31");
    await form.getByRole("button", { name: "提交组建" }).click();
    const violations = page.getByTestId("committee-violations");
    await violations.waitFor();
    const codes = await violations
      .locator("[data-violation]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-violation")));
    assert.ok(codes.includes("even_member_count"), codes.join());
    if (target.households > 100) assert.ok(codes.includes("too_few_members"), codes.join());
    const text = (await violations.textContent()) ?? "";
    assert.match(text, /《北京市物业管理条例》第39–49条/);
    assert.match(text, /委员人数 4 人，应为单数/);
    assert.equal(await violations.locator("cite").count(), codes.length, "every violation has its article");
    // The input is kept.
    assert.equal(await form.getByLabel("第 1 位成员姓名", { exact: true }).inputValue(), "王建国");
    await expectNoSeriousAxeViolations(page, "committee form with violations");

    // Correct: 5 members (odd), one chair (row 1 is the chair by default).
    await form.getByRole("button", { name: "添加成员" }).click();
    await form.getByLabel("第 5 位成员姓名", { exact: true }).fill(names[4]);
    await form.getByRole("button", { name: "提交组建" }).click();
    const detail = page.getByTestId("committee-detail");
    await detail.waitFor({ timeout: 15_000 });
    assert.equal(await detail.getAttribute("data-status"), "preparing");
    assert.match((await detail.textContent()) ?? "", /陈静/);
    await expectNoSeriousAxeViolations(page, "committee detail");

    const pub = await query(page, "committees.forCompound", { compoundId: target.compoundId });
    assert.ok(pub, "forCompound shows the new committee");
    assert.equal(pub.members.length, 5);
    assert.equal(pub.status, "preparing");
    assert.deepEqual(
      pub.members.map((m) => m.name),
      names,
    );

    // Listed (filter: 筹备中).
    await page.getByRole("link", { name: "委员会", exact: true }).click();
    await page.getByTestId("committees-page").waitFor();
    await page.getByLabel("状态", { exact: true }).selectOption("preparing");
    await page
      .getByRole("table", { name: "辖区内的委员会" })
      .getByRole("link", { name: target.name })
      .waitFor();

    // Property: the dashboard's fix link shape, history matching the API.
    await page.goto(`${server.baseUrl}/admin/property/compounds/${target.compoundId}`);
    await page.getByTestId("compound-property").waitFor();
    await page.getByTestId("property-history").locator("[aria-busy]").waitFor({ state: "detached" });
    const history = await query(page, "propertyServices.history", {
      compoundId: target.compoundId,
      limit: 20,
    });
    const rows = page.getByTestId("property-history").locator("tbody tr");
    if (history.items.length > 0) assert.equal(await rows.count(), history.items.length);
    await expectNoSeriousAxeViolations(page, "compound property");
    await page.goto(`${server.baseUrl}/admin/property`);
    await page.getByTestId("property-alerts").locator("table").waitFor();
    await page.getByTestId("property-alerts").locator("[aria-busy]").waitFor({ state: "detached" });
    await expectNoSeriousAxeViolations(page, "property alerts");

    // Coordinators: masked, reveal (audited).
    await page.goto(`${server.baseUrl}/admin/coordinators`);
    await page.getByTestId("coordinators-page").waitFor();
    const firstPhone = page.locator("[data-phone]").first();
    await firstPhone.waitFor({ timeout: 15_000 });
    assert.match((await firstPhone.textContent()) ?? "", /^1\d{2}\*{4}\d{4}$/);
    const coordinatorId = await firstPhone.getAttribute("data-phone");
    await expectNoSeriousAxeViolations(page, "coordinators");
    await page
      .getByRole("button", { name: /^查看完整信息：.*（记入审计日志）$/ })
      .first()
      .click();
    await page.waitForFunction(
      (id) => /^1\d{10}$/.test(document.querySelector(`[data-phone="${id}"]`)?.textContent ?? ""),
      coordinatorId,
    );
    assert.match(
      (await page.locator(`[data-id-number="${coordinatorId}"]`).textContent()) ?? "",
      /^\d{17}[\dX]$/,
    );
    await page.getByText("已记入审计日志", { exact: true }).waitFor();

    // Census.
    await page.goto(`${server.baseUrl}/admin/coordinators/census`);
    await page.getByTestId("census-page").locator("table caption").waitFor();
    await page.getByTestId("census-page").locator("[aria-busy]").waitFor({ state: "detached" });
    const census = await query(page, "coordinators.census", {
      scope: { level: "community", id: communityId },
    });
    assert.match(
      (await page.locator("caption").first().textContent()) ?? "",
      new RegExp(`合计 ${census.total} 人`),
    );
    await expectNoSeriousAxeViolations(page, "census");
    assert.deepEqual(errors, []);
    await context.close();

    // The reveal left an audit entry (district staff may read the audit log).
    const district = await newPage();
    await signIn(district.page, DISTRICT_STAFF, "/admin/committees");
    await district.page.getByTestId("committees-page").waitFor({ timeout: 30_000 });
    const dme = await query(district.page, "auth.me");
    const districtId = dme.roles.find((r) => r.role === "district_staff").scopeId;
    const audit = await query(district.page, "audit.query", {
      districtId,
      entityType: "coordinator",
      entityId: coordinatorId,
    });
    const reveal = audit.items.find((e) => e.action === "coordinator.reveal");
    assert.ok(reveal, "an audit entry for the reveal");
    assert.equal(reveal.actorId, me.id);
    await district.context.close();
  });

  test("community staff: coordinator import reports a bad row, imports nothing, then imports the fixed file", async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, COMMUNITY_STAFF, "/admin/coordinators");
    await page.getByTestId("coordinators-page").waitFor({ timeout: 30_000 });
    const categories = await query(page, "coordinators.categories");
    const me = await query(page, "auth.me");
    const communityId = me.roles.find((r) => r.role === "community_staff").scopeId;
    const before = await query(page, "coordinators.list", {
      scope: { level: "community", id: communityId },
      q: "导入测试",
      limit: 50,
    });
    const workbook = async (badPhone) => {
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet("协管员");
      sheet.addRow([
        "姓名",
        "性别",
        "出生年份",
        "手机号码",
        "身份证号",
        "类别",
        "用工部门",
        "社区",
        "入职日期",
      ]);
      sheet.addRow([
        "导入测试甲",
        "男",
        1980,
        "13912340001",
        "110229198001010011",
        categories[0].nameZh,
        "城管委",
        "",
        "2024-01-02",
      ]);
      sheet.addRow([
        "导入测试乙",
        "女",
        1990,
        badPhone,
        "11022919900101002X",
        categories[1].nameZh,
        "民政局",
        "",
        "2024-02-03",
      ]);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    await page.getByRole("button", { name: "Excel 导入" }).click();
    const panel = page.getByTestId("coordinator-import");
    await panel.waitFor();
    await panel.getByLabel("选择 .xlsx 文件").setInputFiles({
      name: "协管员.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: await workbook("12345"),
    });
    const report = panel.getByRole("table", { name: "校验报告（行、列、问题）" });
    await report.waitFor();
    const cells = await report.locator("tbody tr").first().locator("td, th").allTextContents();
    assert.deepEqual(cells.slice(0, 2), ["3", "手机号码"], cells.join(" | "));
    assert.equal(await panel.getByRole("button", { name: /^导入/ }).count(), 0, "nothing to commit");
    await expectNoSeriousAxeViolations(page, "coordinator import report");

    await panel.getByLabel("选择 .xlsx 文件").setInputFiles({
      name: "协管员.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: await workbook("13912340002"),
    });
    await panel.getByRole("button", { name: "导入 2 行" }).click();
    await panel.getByText("已导入 2 名协管员。").waitFor({ timeout: 15_000 });
    const afterImport = await query(page, "coordinators.list", {
      scope: { level: "community", id: communityId },
      q: "导入测试",
      limit: 50,
    });
    assert.equal(afterImport.items.length, before.items.length + 2);
    // The same file again: the API's dry run reports the ID numbers already on record; nothing written.
    await panel.getByLabel("选择 .xlsx 文件").setInputFiles({
      name: "协管员.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: await workbook("13912340002"),
    });
    await report.waitFor();
    const again = await report.locator("tbody tr").first().locator("td, th").allTextContents();
    assert.deepEqual(again.slice(0, 3), ["2", "身份证号", "该身份证号已有协管员记录。"], again.join(" | "));
    assert.equal(await panel.getByRole("button", { name: /^导入/ }).count(), 0, "nothing to commit");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("district staff manage coordinator categories (invalid code refused, then added and renamed); community staff read only", async () => {
    const district = await newPage();
    await signIn(district.page, DISTRICT_STAFF, "/admin/coordinators/categories");
    const page = district.page;
    await page.getByTestId("categories-page").waitFor({ timeout: 30_000 });
    await page.locator("table tbody tr th").first().waitFor();
    const before = (await query(page, "coordinators.categories")).length;
    await expectNoSeriousAxeViolations(page, "coordinator categories");

    await page.getByRole("button", { name: "新增类别" }).click();
    const form = page.locator("form[aria-labelledby=category-form-heading]");
    await form.getByLabel("中文名称").fill("电梯安全");
    await form.getByLabel("英文名称").fill("Elevator safety");
    await form.getByLabel("编码").fill("Elevator-Safety");
    await form.getByRole("button", { name: "保存" }).click();
    await form.getByText("编码只能由小写英文字母和下划线组成").waitFor();
    assert.equal((await query(page, "coordinators.categories")).length, before, "nothing saved");
    await expectNoSeriousAxeViolations(page, "category form with an error");

    await form.getByLabel("编码").fill("elevator_safety");
    await form.getByRole("button", { name: "保存" }).click();
    await page.getByRole("status").filter({ hasText: "已新增类别“电梯安全”" }).waitFor();
    const row = page.locator("table tbody tr", { hasText: "elevator_safety" });
    await row.waitFor();
    const created = (await query(page, "coordinators.categories")).find((c) => c.code === "elevator_safety");
    assert.ok(created, "the category exists in the API");
    assert.equal(created.nameEn, "Elevator safety");

    await row.getByRole("button", { name: "修改类别：电梯安全" }).click();
    assert.equal(await form.getByLabel("编码").getAttribute("readonly"), "", "the code is fixed");
    await form.getByLabel("中文名称").fill("电梯安全巡查");
    await form.getByRole("button", { name: "保存" }).click();
    await page.getByRole("status").filter({ hasText: "已保存类别“电梯安全巡查”" }).waitFor();
    const renamed = (await query(page, "coordinators.categories")).find((c) => c.id === created.id);
    assert.equal(renamed.nameZh, "电梯安全巡查");
    assert.deepEqual(district.errors, []);
    await district.context.close();

    // Community staff see the list (the new category included) but cannot change it.
    const community = await newPage();
    await signIn(community.page, COMMUNITY_STAFF, "/admin/coordinators/categories");
    await community.page.getByTestId("categories-page").waitFor({ timeout: 30_000 });
    await community.page.locator("table tbody tr", { hasText: "电梯安全巡查" }).waitFor();
    assert.equal(await community.page.getByRole("button", { name: "新增类别" }).count(), 0);
    assert.equal(await community.page.getByRole("button", { name: /^修改类别/ }).count(), 0);
    const refused = await trpcClient(community.page.request, server.baseUrl).send(
      "post",
      "coordinators.updateCategory",
      {
        districtId: (await query(community.page, "registry.districtSummary")).district.id,
        id: created.id,
        nameZh: "越权修改",
      },
    );
    assert.equal(refused.status, 403);
    await community.context.close();
  });
});
