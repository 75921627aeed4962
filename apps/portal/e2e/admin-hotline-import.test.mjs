// E2E of the console's 12345 import (ADR 0018) against the built one server: the street's dispatcher
// opens "12345 工单导入", downloads the template (Chinese headers, no data row), fills it here with
// exceljs with three orders, uploads it and sees the row-by-row report (3 new), commits and finds the
// three orders through the API (channel 12345, dispatched by the catalogue where a rule covers them);
// the same file uploaded again is all "已导入过" with nothing to commit. A GBK CSV (the platform's
// usual export) is read and reported the same way. Axe on the page and on the report.
// Run: cd apps/portal && node --test --test-reporter=spec e2e/admin-hotline-import.test.mjs
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { expectNoSeriousAxeViolations, newConsolePage, signInConsole } from "./console.mjs";
import { assertPrerequisites, launchBrowser, matchText, startServer, trpcClient } from "./harness.mjs";

const adminDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../admin");
const ExcelJS = createRequire(path.join(adminDir, "package.json"))("exceljs");

const SUBDISTRICT_STAFF = "13800000005";
const HEADERS = [
  "工单编号",
  "受理时间",
  "诉求类型",
  "诉求分类",
  "所属社区",
  "小区",
  "详细地址",
  "诉求内容",
  "诉求人",
  "联系电话",
];

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
let tmp;

/** "YYYY-MM-DD HH:mm" in Beijing, `minutesAgo` before the server's now. */
function beijing(minutesAgo) {
  const d = new Date(server.now().getTime() - minutesAgo * 60_000 + 8 * 3_600_000);
  return d.toISOString().slice(0, 16).replace("T", " ");
}

/** GBK bytes of a string (Node has no GBK encoder: invert its GBK decoder). */
function encodeGbk(s) {
  const table = new Map();
  const dec = new TextDecoder("gbk");
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && ch !== "\ufffd" && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  const out = [];
  for (const ch of s) {
    const code = ch.codePointAt(0);
    if (code < 0x80) out.push(code);
    else out.push(...table.get(ch));
  }
  return new Uint8Array(out);
}

/** The report's rows as [line, 12345 number, result, our number, order id]. */
async function reportRows(page, testId) {
  const rows = page.locator(`[data-testid=${testId}] tbody tr`);
  const out = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const cells = row.locator("th, td");
    out.push([
      ((await cells.nth(0).textContent()) ?? "").trim(),
      ((await cells.nth(1).textContent()) ?? "").trim(),
      ((await cells.nth(2).textContent()) ?? "").trim(),
      ((await cells.nth(3).textContent()) ?? "").trim(),
      await cells
        .nth(3)
        .locator("[data-order-id]")
        .getAttribute("data-order-id")
        .catch(() => null),
    ]);
  }
  return out;
}

describe("staff console: 12345 import", { timeout: 240_000 }, () => {
  before(async () => {
    assertPrerequisites();
    tmp = await mkdtemp(path.join(os.tmpdir(), "gongzhi-e2e-hotline-"));
    server = await startServer();
    console.log(`server ready at ${server.baseUrl} in ${(server.startupMs / 1000).toFixed(1)} s`);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test("template filled with 3 orders → report → commit → orders exist → the same file again is all 已导入过", async () => {
    const { page, errors } = await newConsolePage(browser);
    await signInConsole(page, server.baseUrl, SUBDISTRICT_STAFF, "/admin/hotline-import");
    await page.locator("[data-testid=hotline-import]").waitFor({ timeout: 30_000 });
    await page.getByRole("heading", { name: "导入 12345 工单" }).waitFor();
    await expectNoSeriousAxeViolations(page, "12345 import page");

    // The template: the export's headers, no data row, an instructions sheet with an example row.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "下载导入模板（.xlsx）" }).click(),
    ]);
    assert.equal(download.suggestedFilename(), "12345工单导入模板.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const sheet = wb.worksheets[0];
    assert.deepEqual(sheet.getRow(1).values.slice(1), HEADERS);
    assert.equal(sheet.actualRowCount, 1, "the template has no data row to import by mistake");
    const help = wb.getWorksheet("填写说明");
    assert.ok(help, "instructions sheet");
    let category = null;
    help.eachRow((row) => {
      if (row.getCell(1).value === "2026120100123") category = row.getCell(4).value;
    });
    assert.ok(category, "the example row names a category");

    // Three orders of the demo street's compound.
    const stamp = Date.now().toString(36).toUpperCase();
    const numbers = [1, 2, 3].map((i) => `E2E${stamp}${i}`);
    for (const [i, n] of numbers.entries())
      sheet.addRow([
        n,
        beijing(90 - i * 10),
        ["投诉", "求助", "建议"][i],
        category,
        "温泉南区社区",
        "妫川家园",
        `${i + 1}号楼`,
        `电梯停运第${i + 1}天`,
        "李先生",
        "13912345678",
      ]);
    const file = path.join(tmp, "12345导出.xlsx");
    await wb.xlsx.writeFile(file);

    await page.locator("input[type=file]").setInputFiles(file);
    const report = page.locator("[data-testid=hotline-import-report]");
    await report.waitFor({ timeout: 30_000 });
    await matchText(
      page.getByTestId("hotline-import-summary"),
      /共 3 行：新工单 3 张，已导入过 0 张，有误 0 行/,
    );
    const checked = await reportRows(page, "hotline-import-report");
    assert.deepEqual(
      checked.map((r) => [r[0], r[1], r[2]]),
      numbers.map((n, i) => [String(i + 2), n, "新工单"]),
    );
    await expectNoSeriousAxeViolations(page, "12345 import report");

    await page.getByRole("button", { name: "导入 3 张新工单" }).click();
    await page.locator("[data-testid=hotline-import-done]").waitFor({ timeout: 30_000 });
    const done = await reportRows(page, "hotline-import-done");
    assert.equal(done.length, 3);
    const api = trpcClient(page.request, server.baseUrl);
    for (const [i, row] of done.entries()) {
      assert.ok(row[4], `order id of row ${row[0]}`);
      const { order } = await api.get("workOrders.get", { id: row[4] });
      assert.equal(order.number, row[3]);
      assert.equal(order.channel, "hotline_12345");
      assert.equal(order.text, `电梯停运第${i + 1}天`);
      assert.ok(["received", "dispatched"].includes(order.status), order.status);
    }

    // The same file again: every row already imported, nothing to commit.
    await page.getByRole("button", { name: "导入另一个文件" }).click();
    await page.locator("input[type=file]").setInputFiles(file);
    await page.locator("[data-testid=hotline-import-report]").waitFor({ timeout: 30_000 });
    await matchText(
      page.getByTestId("hotline-import-summary"),
      /共 3 行：新工单 0 张，已导入过 3 张，有误 0 行/,
    );
    const again = await reportRows(page, "hotline-import-report");
    assert.deepEqual(
      again.map((r) => [r[2], r[3]]),
      done.map((r) => ["已导入过", r[3]]),
    );
    assert.equal(await page.getByRole("button", { name: /导入 \d+ 张新工单/ }).count(), 0);

    // A GBK CSV with one new order and one bad row: reported row by row, nothing to commit.
    const csv = [
      HEADERS.join(","),
      [
        `G${stamp}1`,
        beijing(30),
        "咨询",
        category,
        "温泉南区社区",
        "妫川家园",
        "",
        "供暖什么时候开始",
        "",
        "",
      ].join(","),
      [
        `G${stamp}2`,
        beijing(20),
        "表扬",
        category,
        "温泉南区社区",
        "妫川家园",
        "",
        "工作人员态度好",
        "",
        "",
      ].join(","),
    ].join("\r\n");
    const gbk = path.join(tmp, "12345导出-gbk.csv");
    await writeFile(gbk, encodeGbk(csv));
    await page.locator("input[type=file]").setInputFiles(gbk);
    await matchText(
      page.getByTestId("hotline-import-summary"),
      /共 2 行：新工单 1 张，已导入过 0 张，有误 1 行/,
    );
    await matchText(page.locator("[data-testid=hotline-import-report]"), /编码 GBK\/GB18030/);
    await matchText(
      page.locator("[data-testid=hotline-import-report]"),
      /诉求类型：诉求类型应为 咨询、求助、投诉、举报 或 建议/,
    );
    assert.equal(await page.getByRole("button", { name: /导入 \d+ 张新工单/ }).count(), 0);
    assert.deepEqual(errors, []);
  });
});
