// E2E of the staff console's unit import and export against the built one server: community staff open
// a compound, follow "Excel 导入房屋", download the unit template, fill it here with exceljs with one bad
// row (a non-positive area), upload it and see that row reported with its column and problem while
// nothing is created; fix the row, commit with the keyboard, and find the new building and its units
// listed; export the building's and the compound's units and read both .xlsx files with exceljs; an
// exported file uploaded again is recognised (every row "房屋已存在", nothing written). The compound list
// export has the compound template's columns (社区编码 first) and re-imports the same way. Axe on each view.
// Run: cd apps/portal && node --test --test-reporter=spec e2e/admin-units-import.test.mjs
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { expectNoSeriousAxeViolations, signInConsole } from "./console.mjs";
import { assertPrerequisites, launchBrowser, startServer, trpcClient } from "./harness.mjs";

const adminDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../admin");
const ExcelJS = createRequire(path.join(adminDir, "package.json"))("exceljs");

const COMMUNITY_STAFF = "13800000004";
const HEADERS = [
  "小区编码",
  "楼栋编码",
  "楼栋名称",
  "房号",
  "登记面积（m²）",
  "测绘面积（m²）",
  "合同面积（m²）",
];

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
let tmp;

/** A tRPC query with the page's session (read-only checks; the test drives the UI). */
async function query(page, procedure, input) {
  return trpcClient(page.request, server.baseUrl).get(procedure, input);
}

/** Every page of a cursor-paginated query. */
async function queryAll(page, procedure, input) {
  const items = [];
  let cursor = null;
  do {
    const result = await query(page, procedure, { ...input, limit: 100, cursor });
    items.push(...result.items);
    cursor = result.nextCursor;
  } while (cursor);
  return items;
}

const signIn = (page, phone, url) => signInConsole(page, server.baseUrl, phone, url);

/** Clicks a button that starts a download; returns the workbook and the file name. */
async function downloadWorkbook(page, buttonName) {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: buttonName }).click(),
  ]);
  const file = await download.path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return { wb, file, filename: download.suggestedFilename() };
}

/** The data rows of a sheet (row 2 on), each as the values of its first seven columns. */
function dataRows(sheet) {
  const rows = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    rows.push(HEADERS.map((_, i) => row.getCell(i + 1).value ?? null));
  });
  return rows;
}

describe("staff console: unit import and export", { timeout: 240_000 }, () => {
  before(async () => {
    assertPrerequisites();
    tmp = await mkdtemp(path.join(os.tmpdir(), "gongzhi-e2e-units-"));
    server = await startServer();
    console.log(`server ready at ${server.baseUrl} in ${(server.startupMs / 1000).toFixed(1)} s`);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test("community staff: template → bad row reported, nothing written → fixed, committed, listed → exported", async () => {
    const context = await browser.newContext({ locale: "zh-CN", acceptDownloads: true });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));

    await signIn(page, COMMUNITY_STAFF, "/admin/registry");
    await page.locator("[data-testid=registry-unit][data-level=community]").waitFor({ timeout: 30_000 });

    // Open the first compound of the community, then its unit import.
    const firstCompound = page.locator("[data-testid=compounds-panel] tbody tr a").first();
    await firstCompound.waitFor();
    const compoundName = ((await firstCompound.textContent()) ?? "").trim();
    await firstCompound.click();
    await page.locator("[data-testid=registry-compound]").waitFor();
    const compoundId = /\/registry\/compounds\/([0-9a-f-]{36})/.exec(page.url())?.[1];
    assert.ok(compoundId, `compound id in ${page.url()}`);
    const compound = await query(page, "registryAdmin.getCompound", { compoundId });
    assert.equal(compound.name, compoundName);
    const unitsBefore = await queryAll(page, "registryAdmin.listCompoundUnits", { compoundId });

    await page.getByRole("link", { name: "Excel 导入房屋" }).click();
    await page.locator("[data-testid=registry-units-import]").waitFor();
    assert.match(
      (await page.getByTestId("units-import-target").textContent()) ?? "",
      new RegExp(`导入到：${compoundName}（小区编码 ${compound.code}）`),
    );
    await expectNoSeriousAxeViolations(page, "units import page");

    // The template: Chinese headers, no data rows, an instructions sheet naming this compound's code.
    const template = await downloadWorkbook(page, "下载房屋导入模板（.xlsx）");
    assert.equal(template.filename, "房屋导入模板.xlsx");
    const sheet = template.wb.worksheets[0];
    assert.deepEqual(sheet.getRow(1).values.slice(1), HEADERS);
    assert.equal(dataRows(sheet).length, 0, "the template has no data row to import by mistake");
    const help = template.wb.getWorksheet("填写说明");
    assert.ok(help, "instructions sheet");
    const helpText = [];
    help.eachRow((row) => helpText.push(row.values.slice(1).join(" ")));
    assert.ok(
      helpText.some((line) => line.includes(`小区编码：${compound.code}`)),
      `instructions name the compound code: ${helpText.join("\n")}`,
    );

    // Fill the template: three units of a new building, the second with a non-positive area.
    const rows = [
      [compound.code, "E2E", "测试楼", "101", 89.37, null, null],
      [compound.code, "E2E", "测试楼", "102", 0, null, null],
      [compound.code, "E2E", "测试楼", "201", null, "76.5", 80],
    ];
    const writeFilled = async (name) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(template.file);
      const s = wb.worksheets[0];
      for (const r of rows) s.addRow(r);
      const file = path.join(tmp, name);
      await wb.xlsx.writeFile(file);
      return file;
    };
    const fileInput = page.getByLabel("选择 Excel 文件");
    await fileInput.setInputFiles(await writeFilled("bad.xlsx"));
    const report = page.locator("[data-testid=import-report]");
    await report.waitFor();
    assert.match((await report.textContent()) ?? "", /发现 1 处问题（共 3 行）/);
    const reportRows = report.locator("tbody tr");
    assert.equal(await reportRows.count(), 1);
    const cells = await reportRows.first().locator("th, td").allTextContents();
    assert.deepEqual(cells.slice(0, 2), ["3", "登记面积（m²）"], `report row: ${cells.join(" | ")}`);
    assert.match(cells[2], /须大于 0/);
    assert.equal(await page.getByRole("button", { name: /确认导入/ }).count(), 0, "no commit with problems");
    await expectNoSeriousAxeViolations(page, "units import report");
    // Nothing was written: no new building, the same units.
    const buildingsAfterCheck = await queryAll(page, "registryAdmin.listBuildings", { compoundId });
    assert.equal(buildingsAfterCheck.filter((b) => b.code === "E2E").length, 0, "no building created");
    assert.equal(
      (await queryAll(page, "registryAdmin.listCompoundUnits", { compoundId })).length,
      unitsBefore.length,
      "no unit created",
    );

    // Fix the row; the report is clean; commit with the keyboard.
    rows[1][4] = "64.5";
    await fileInput.setInputFiles(await writeFilled("fixed.xlsx"));
    await page.getByText("3 行全部校验通过").waitFor();
    const commit = page.getByRole("button", { name: "确认导入 3 行" });
    await commit.focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("import-done").waitFor();
    assert.equal(
      ((await page.getByTestId("import-done").textContent()) ?? "").trim(),
      "已新增 1 个楼栋、3 套房屋。",
    );

    // The new building and its units are listed.
    await page.getByRole("link", { name: `查看${compoundName}的楼栋` }).click();
    await page.locator("[data-testid=registry-compound]").waitFor();
    // (the new building sorts by its code: page through the buildings until it shows)
    const newBuilding = page.getByRole("link", { name: "测试楼", exact: true });
    await page.locator("[data-testid=registry-compound] tbody tr").first().waitFor();
    // The list may first show the cached page while the import's invalidation refetches it: keep
    // looking (and page on when there is a next page) until the new building shows, for 15 s.
    const deadline = Date.now() + 15_000;
    while ((await newBuilding.count()) === 0) {
      assert.ok(Date.now() < deadline, "the imported building is listed");
      const next = page.getByRole("button", { name: "下一页" });
      if ((await next.count()) > 0 && (await next.isEnabled())) await next.click();
      await page.waitForTimeout(250);
    }
    await newBuilding.click();
    await page.locator("[data-testid=registry-building]").waitFor();
    const unitTable = page.getByRole("table", { name: "测试楼的房屋" });
    await unitTable.locator("tbody tr").nth(2).waitFor();
    const listed = await unitTable
      .locator("tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll("th, td")].slice(0, 4).map((c) => c.textContent?.trim())),
      );
    assert.deepEqual(listed, [
      ["101", "89.37", "—", "—"],
      ["102", "64.50", "—", "—"],
      ["201", "—", "76.50", "80.00"],
    ]);
    await expectNoSeriousAxeViolations(page, "building with imported units");

    // Export the building's units: the template's columns, the three units.
    const exported = await downloadWorkbook(page, "导出本楼房屋（Excel）");
    assert.match(exported.filename, /^房屋清单-.+-测试楼-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const exportSheet = exported.wb.worksheets[0];
    assert.deepEqual(exportSheet.getRow(1).values.slice(1), HEADERS);
    assert.deepEqual(dataRows(exportSheet), [
      [compound.code, "E2E", "测试楼", "101", 89.37, null, null],
      [compound.code, "E2E", "测试楼", "102", 64.5, null, null],
      [compound.code, "E2E", "测试楼", "201", null, 76.5, 80],
    ]);

    // Export the compound's units: every unit of the compound, ours among them.
    await page.getByRole("navigation", { name: "位置" }).getByRole("link", { name: compoundName }).click();
    await page.locator("[data-testid=registry-compound]").waitFor();
    const all = await downloadWorkbook(page, "导出本小区房屋（Excel）");
    const allRows = dataRows(all.wb.worksheets[0]);
    assert.equal(allRows.length, unitsBefore.length + 3);
    assert.ok(allRows.every((r) => r[0] === compound.code));
    assert.deepEqual(
      allRows.filter((r) => r[1] === "E2E").map((r) => r[3]),
      ["101", "102", "201"],
    );

    // The exported file goes back through the import unchanged: every row is an existing unit.
    await page.getByRole("link", { name: "Excel 导入房屋" }).click();
    await page.locator("[data-testid=registry-units-import]").waitFor();
    await page.getByLabel("选择 Excel 文件").setInputFiles(exported.file);
    await report.waitFor();
    const again = await report
      .locator("tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent?.trim())),
      );
    assert.deepEqual(again, [
      ["2", "房号", "房屋已存在。"],
      ["3", "房号", "房屋已存在。"],
      ["4", "房号", "房屋已存在。"],
    ]);
    assert.equal(
      (await queryAll(page, "registryAdmin.listCompoundUnits", { compoundId })).length,
      unitsBefore.length + 3,
    );

    assert.deepEqual(errors, [], "no page errors");
    await context.close();
  });
  test("community staff: the compound list export has the compound template's columns and re-imports", async () => {
    const context = await browser.newContext({ locale: "zh-CN", acceptDownloads: true });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await signIn(page, COMMUNITY_STAFF, "/admin/registry");
    await page.locator("[data-testid=registry-unit][data-level=community]").waitFor({ timeout: 30_000 });
    await page.locator("[data-testid=compounds-panel] tbody tr").first().waitFor();
    const me = await query(page, "auth.me");
    const communityId = me.roles.find((r) => r.role === "community_staff").scopeId;
    const community = await query(page, "registryAdmin.getCommunity", { communityId });
    const compounds = await queryAll(page, "registryAdmin.listCompounds", {
      scopeLevel: "community",
      scopeId: communityId,
    });

    const exported = await downloadWorkbook(page, "导出小区清单（Excel）");
    const sheet = exported.wb.worksheets[0];
    assert.deepEqual(sheet.getRow(1).values.slice(1), [
      "社区编码",
      "小区编码",
      "小区名称",
      "类型",
      "地址",
      "户数",
      "纳入考核",
    ]);
    const codes = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      assert.equal(row.getCell(1).value, community.code, `row ${n} community code`);
      codes.push(row.getCell(2).value);
    });
    assert.deepEqual(
      codes,
      compounds.map((c) => c.code),
    );

    // Uploaded unchanged to the compound import, every row is recognised as an existing compound.
    await page.getByRole("link", { name: "Excel 导入" }).click();
    await page.locator("[data-testid=registry-import]").waitFor();
    await page.getByLabel("选择 Excel 文件").setInputFiles(exported.file);
    const report = page.locator("[data-testid=import-report]");
    await report.waitFor();
    const problems = await report
      .locator("tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll("th, td")].slice(1).map((c) => c.textContent?.trim())),
      );
    assert.equal(problems.length, compounds.length);
    assert.ok(
      problems.every(([column, problem]) => column === "小区编码" && problem === "编码已存在。"),
      `only duplicate codes: ${JSON.stringify(problems)}`,
    );
    // The import area links to the unit import.
    await page.getByRole("link", { name: "Excel 导入房屋" }).click();
    await page.locator("[data-testid=registry-units-import]").waitFor();
    assert.match(
      (await page.getByTestId("units-import-target").textContent()) ?? "",
      /可导入您辖区内任一小区的房屋/,
    );
    await expectNoSeriousAxeViolations(page, "units import page (community)");

    assert.deepEqual(errors, [], "no page errors");
    await context.close();
  });
});
