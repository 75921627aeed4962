// E2E of the staff console's 登记 (registry), 户码 (household codes) and 用户 (users) sections against the
// built one server: community staff download the import template, upload an .xlsx built here with
// exceljs containing one bad row, see the row-by-row report, fix it, commit, and find the new compound
// (in the UI and through the API); generate household codes for a building and see them listed as
// unused; cannot open another community's compound (UI 403, API FORBIDDEN); axe on every view.
// Run: cd apps/portal && node --test --test-reporter=spec e2e/admin-registry.test.mjs
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { expectNoSeriousAxeViolations, newConsolePage, signInConsole } from "./console.mjs";
import { assertPrerequisites, launchBrowser, startServer, trpcClient } from "./harness.mjs";

const adminDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../admin");
const ExcelJS = createRequire(path.join(adminDir, "package.json"))("exceljs");

const COMMUNITY_STAFF = "13800000004";
const DISTRICT_STAFF = "13800000006";

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
let tmp;

const newPage = () => newConsolePage(browser);

/** A tRPC query with the page's session; returns { status, data, error }. */
async function call(page, procedure, input) {
  const { status, data, error } = await trpcClient(page.request, server.baseUrl).send(
    "get",
    procedure,
    input,
  );
  return { status, data, error };
}
async function query(page, procedure, input) {
  const r = await call(page, procedure, input);
  assert.equal(r.status, 200, `${procedure} answered ${r.status}: ${JSON.stringify(r.error)}`);
  return r.data;
}

const signIn = (page, phone, url) => signInConsole(page, server.baseUrl, phone, url);

/** Writes an .xlsx with the template's headers and these rows; returns its path. */
async function writeImportFile(name, rows) {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("小区");
  sheet.addRow(["社区编码", "小区编码", "小区名称", "类型", "地址", "户数", "纳入考核"]);
  for (const r of rows) sheet.addRow(r);
  const file = path.join(tmp, name);
  await wb.xlsx.writeFile(file);
  return file;
}

describe("staff console: registry, household codes, users", { timeout: 240_000 }, () => {
  before(async () => {
    assertPrerequisites();
    tmp = await mkdtemp(path.join(os.tmpdir(), "gongzhi-e2e-registry-"));
    server = await startServer();
    console.log(`server ready at ${server.baseUrl} in ${(server.startupMs / 1000).toFixed(1)} s`);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test("community staff: template, import with a bad row reported, fixed and committed; codes; 403", async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, COMMUNITY_STAFF, "/admin/registry");
    await page.locator("[data-testid=registry-unit][data-level=community]").waitFor({ timeout: 30_000 });
    const me = await query(page, "auth.me");
    const communityId = me.roles.find((r) => r.role === "community_staff").scopeId;
    const community = await query(page, "registryAdmin.getCommunity", { communityId });
    assert.match((await page.locator("h1").textContent()) ?? "", new RegExp(community.name));
    await page.getByRole("table", { name: new RegExp(`${community.name}的小区`) }).waitFor();
    await page.locator("[data-testid=compounds-panel] tbody tr").first().waitFor();
    await expectNoSeriousAxeViolations(page, "registry (community)");

    // Filter by type: only 商品房 rows remain.
    await page.getByLabel("类型", { exact: true }).selectOption("commercial");
    await page.getByRole("button", { name: "查询" }).click();
    await page.waitForFunction(() =>
      [...document.querySelectorAll("[data-testid=compounds-panel] tbody tr")].every(
        (tr) => tr.textContent?.includes("商品房") || tr.textContent?.includes("没有符合条件"),
      ),
    );

    // Import: the template.
    await page.getByRole("link", { name: "Excel 导入" }).click();
    await page.locator("[data-testid=registry-import]").waitFor();
    await expectNoSeriousAxeViolations(page, "import page");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "下载导入模板（.xlsx）" }).click(),
    ]);
    assert.equal(download.suggestedFilename(), "小区导入模板.xlsx");
    const template = new ExcelJS.Workbook();
    await template.xlsx.readFile(await download.path());
    const headers = template.worksheets[0].getRow(1).values.slice(1);
    assert.deepEqual(headers, ["社区编码", "小区编码", "小区名称", "类型", "地址", "户数", "纳入考核"]);
    assert.equal(template.worksheets[0].getCell("A2").value, community.code);

    // A file with one bad row (households "abc").
    const code1 = `${community.code}-E2E1`;
    const code2 = `${community.code}-E2E2`;
    const good = [community.code, code1, "测试导入小区甲", "商品房", "延庆区测试路1号", 88, "是"];
    const bad = [community.code, code2, "测试导入小区乙", "老旧小区", "延庆区测试路2号", "abc", "否"];
    await page.getByLabel("选择 Excel 文件").setInputFiles(await writeImportFile("bad.xlsx", [good, bad]));
    const report = page.locator("[data-testid=import-report]");
    await report.waitFor();
    assert.match((await report.textContent()) ?? "", /发现 1 处问题/);
    const reportRows = report.locator("tbody tr");
    assert.equal(await reportRows.count(), 1);
    const cells = await reportRows.first().locator("th, td").allTextContents();
    assert.deepEqual(cells.slice(0, 2), ["3", "户数"], `report row: ${cells.join(" | ")}`);
    assert.match(cells[2], /户数必须是/);
    assert.equal(await page.getByRole("button", { name: /确认导入/ }).count(), 0, "no commit with problems");
    await expectNoSeriousAxeViolations(page, "import report");
    const before = await query(page, "registryAdmin.listCompounds", {
      scopeLevel: "community",
      scopeId: communityId,
      search: "E2E",
    });
    assert.equal(before.items.length, 0, "a dry run writes nothing");

    // Fixed → valid → commit.
    bad[5] = 40;
    await page.getByLabel("选择 Excel 文件").setInputFiles(await writeImportFile("fixed.xlsx", [good, bad]));
    await page.getByText("2 行全部校验通过").waitFor();
    await page.getByRole("button", { name: "确认导入 2 行" }).click();
    await page.getByTestId("import-done").waitFor();
    assert.match((await page.getByTestId("import-done").textContent()) ?? "", /已新增 2 个小区/);
    const after = await query(page, "registryAdmin.listCompounds", {
      scopeLevel: "community",
      scopeId: communityId,
      search: "E2E",
    });
    assert.deepEqual(
      after.items.map((c) => [c.code, c.name, c.type, c.households, c.inScope]),
      [
        [code1, "测试导入小区甲", "commercial", 88, true],
        [code2, "测试导入小区乙", "old", 40, false],
      ],
    );

    // The new compound is listed (search), and opens.
    await page.getByRole("link", { name: "查看小区清单" }).click();
    await page.getByLabel("搜索名称或编码").fill("E2E");
    await page.getByRole("button", { name: "查询" }).click();
    await page.getByRole("link", { name: "测试导入小区甲" }).waitFor();
    await page.getByRole("link", { name: "测试导入小区乙" }).click();
    await page.locator("[data-testid=registry-compound]").waitFor();
    assert.match((await page.locator("h1").textContent()) ?? "", /测试导入小区乙/);
    await expectNoSeriousAxeViolations(page, "compound page");

    // A building with units in this community: drill down, then generate household codes.
    const compounds = await query(page, "registryAdmin.listCompounds", {
      scopeLevel: "community",
      scopeId: communityId,
      limit: 100,
    });
    let target;
    for (const c of compounds.items) {
      const buildings = await query(page, "registryAdmin.listBuildings", { compoundId: c.id, limit: 5 });
      for (const b of buildings.items) {
        const units = await query(page, "registryAdmin.listUnits", { buildingId: b.id, limit: 100 });
        if (units.items.length > 0) {
          target = { compound: c, building: b, units: units.items };
          break;
        }
      }
      if (target) break;
    }
    assert.ok(target, "the demo community has a building with units");
    await page.goto(
      `${server.baseUrl}/admin/registry/compounds/${target.compound.id}/buildings/${target.building.id}`,
    );
    await page.locator("[data-testid=registry-building]").waitFor();
    const u = target.units[0];
    const area = u.registeredAreaCentiM2 ?? u.surveyedAreaCentiM2 ?? u.contractAreaCentiM2;
    const shown = new Intl.NumberFormat("zh-CN", {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }).format(area / 100);
    const unitRow = page.locator("tbody tr", { has: page.locator(`th:text-is("${u.number}")`) });
    assert.ok(((await unitRow.textContent()) ?? "").includes(shown), `unit area ${shown}`);
    await expectNoSeriousAxeViolations(page, "units of a building");

    await page.goto(
      `${server.baseUrl}/admin/household-codes/compounds/${target.compound.id}/buildings/${target.building.id}`,
    );
    await page
      .locator("[data-testid=codes-building]")
      .waitFor({ timeout: 15_000 })
      .catch(async (e) => {
        console.log("main:", await page.locator("main").textContent());
        throw e;
      });
    await page.getByRole("button", { name: "为本楼生成户码" }).click();
    const generated = page.locator("[data-testid=generated-codes]");
    await generated.waitFor();
    const codeTexts = await generated.locator("tbody td span").allTextContents();
    assert.equal(codeTexts.length, target.units.length);
    for (const c of codeTexts) assert.match(c, /^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    const listed = await query(page, "households.listForBuilding", {
      buildingId: target.building.id,
      limit: 100,
    });
    const unused = listed.items.filter((c) => c.status === "unused");
    assert.equal(unused.length, target.units.length);
    await page.waitForFunction(
      (n) => document.querySelectorAll("[data-status=unused]").length >= n,
      Math.min(unused.length, 50),
    );
    await expectNoSeriousAxeViolations(page, "household codes");

    // Revoke one, with confirmation.
    const firstUnit = target.units[0].number;
    await page
      .getByRole("button", { name: `作废${firstUnit}的户码` })
      .first()
      .click();
    await page.getByRole("button", { name: "确定作废" }).click();
    await page.getByText(`已作废${firstUnit}的户码。`).waitFor();
    await page.locator("[data-status=revoked]").first().waitFor();

    // Users: masked phones.
    await page.goto(`${server.baseUrl}/admin/users`);
    await page.locator("[data-testid=users-page] tbody td span.tabular-nums").first().waitFor();
    const phones = await page.locator("[data-testid=users-page] tbody td:nth-child(2)").allTextContents();
    assert.ok(phones.length > 0 && phones.every((p) => !/^1\d{10}$/.test(p.trim())), `masked: ${phones}`);
    await expectNoSeriousAxeViolations(page, "users");
    // Users: find by name; each role names its scope.
    const usersPage = page.getByTestId("users-page");
    await usersPage.getByLabel("姓名或手机号").fill("演示社区工作者");
    await usersPage.getByRole("button", { name: "查询" }).click();
    await usersPage.locator("tbody tr").filter({ hasText: "演示社区工作者" }).waitFor();
    await page.waitForFunction(() => {
      const rows = document.querySelectorAll("[data-testid=users-page] tbody tr");
      return rows.length === 1 && (rows[0]?.textContent ?? "").includes("演示社区工作者");
    });
    assert.match(
      (await usersPage.locator("tbody tr").first().textContent()) ?? "",
      new RegExp(`社区工作人员 · ${community.name}`),
      "the role shows its community",
    );
    // …and by the last digits of the number; a name nobody has shows the empty state.
    await usersPage.getByLabel("姓名或手机号").fill(COMMUNITY_STAFF.slice(-4));
    await usersPage.getByRole("button", { name: "查询" }).click();
    await usersPage.locator("tbody tr").filter({ hasText: "演示社区工作者" }).waitFor();
    await usersPage.getByLabel("姓名或手机号").fill("没有这个人");
    await usersPage.getByRole("button", { name: "查询" }).click();
    await usersPage.getByText("没有找到与“没有这个人”匹配的用户。").waitFor();
    await expectNoSeriousAxeViolations(page, "users search, no match");

    // Another community's compound: 403 in the UI, FORBIDDEN from the API.
    const district = await browser.newContext({ locale: "zh-CN" });
    const dpage = await district.newPage();
    await signIn(dpage, DISTRICT_STAFF, "/admin/registry");
    await dpage.locator("[data-testid=registry-unit][data-level=district]").waitFor({ timeout: 30_000 });
    const dme = await query(dpage, "auth.me");
    const districtId = dme.roles.find((r) => r.role === "district_staff").scopeId;
    const all = await query(dpage, "registryAdmin.listCompounds", {
      scopeLevel: "district",
      scopeId: districtId,
      limit: 100,
    });
    const foreign = all.items.find((c) => c.communityId !== communityId);
    assert.ok(foreign, "another community's compound");
    await district.close();

    await page.goto(`${server.baseUrl}/admin/registry/compounds/${foreign.id}`);
    await page.getByRole("heading", { level: 1, name: "没有权限" }).waitFor();
    assert.match((await page.locator("main").textContent()) ?? "", /403/);
    assert.equal(((await page.locator("main").textContent()) ?? "").includes(foreign.name), false);
    await expectNoSeriousAxeViolations(page, "403 page");
    const api = await call(page, "registryAdmin.getCompound", { compoundId: foreign.id });
    assert.equal(api.status, 403);
    assert.equal(api.error?.data?.code, "FORBIDDEN");

    assert.deepEqual(errors, [], "no page errors");
    await context.close();
  });
});
