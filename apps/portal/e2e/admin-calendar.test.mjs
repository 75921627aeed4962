// E2E of the staff console's 工作日历 (the working calendar 接诉即办 time limits count on) against the built
// one server: the system admin reads 2026 (official, from chinese-days), corrects 2026-02-16 — a
// Spring Festival holiday — to an ordinary day, sees it marked 人工更正 with who corrected it, and
// restores the official data; a district staff member reads the same page without any way to change
// it. axe on every view, dialogs included.
// Run: cd apps/portal && node --test --test-reporter=spec e2e/admin-calendar.test.mjs
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { newConsolePage, signInConsole } from "./console.mjs";
import {
  assertPrerequisites,
  expectAxeClean,
  launchBrowser,
  matchText,
  startServer,
  trpcClient,
} from "./harness.mjs";

const SYSTEM_ADMIN = "13800000007";
const DISTRICT_STAFF = "13800000006";
const PAGE = "/admin/working-calendar?year=2026";

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

const newPage = () => newConsolePage(browser);
const signIn = (page, phone, url) => signInConsole(page, server.baseUrl, phone, url);
const query = (page, procedure, input) => trpcClient(page.request, server.baseUrl).get(procedure, input);

describe("staff console: 工作日历", { timeout: 240_000 }, () => {
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

  test("the system admin corrects a day, sees it marked 人工更正, and restores the official data", async () => {
    const admin = await newPage();
    await signIn(admin.page, SYSTEM_ADMIN, PAGE);
    const view = admin.page.getByTestId("working-calendar");
    await view.waitFor({ timeout: 30_000 });
    await matchText(view.getByTestId("calendar-year-status"), /官方日历/, "2026 is official");
    await matchText(view.getByTestId("calendar-year-status"), /1\.\d+\.\d+/, "package version");
    const table = view.getByRole("table", { name: /2026 年与周一至周五规则不同的日子/ });
    await table.waitFor();
    // the Spring Festival Tuesday, as chinese-days has it
    const springRows = table.locator("tbody tr", { hasText: "春节" });
    assert.ok((await springRows.count()) > 5);
    await matchText(table, /调休上班/, "make-up working days listed");
    assert.equal(await table.locator("tbody tr", { hasText: "人工更正" }).count(), 0);
    await expectAxeClean(admin.page, "working calendar (system admin)");

    // 更正: nothing filled in is refused in the dialog; a make-up working day on a Monday too
    await view.getByRole("button", { name: "更正", exact: true }).first().click();
    const dialog = admin.page.getByRole("dialog", { name: "更正工作日历" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "保存更正" }).click();
    await dialog.getByText("请填写 2026 年内的日期。").waitFor();
    await dialog.getByText("请填写名称或说明（最多 50 字）。").waitFor();
    await expectAxeClean(admin.page, "correct dialog with errors");
    await dialog.getByLabel("日期").fill("2026-02-16");
    await dialog.getByLabel("类型").selectOption({ label: "调休上班" });
    await dialog.getByLabel("名称或说明").fill("人工核对：春节假期更正");
    await dialog.getByRole("button", { name: "保存更正" }).click();
    await dialog.getByText("调休上班日只能是周六或周日。").waitFor();
    await dialog.getByLabel("类型").selectOption({ label: "普通日（按周一至周五）" });
    await dialog.getByRole("button", { name: "保存更正" }).click();
    await dialog.waitFor({ state: "detached" });
    await view.getByText(/^已更正 /).waitFor();

    const row = table.locator("tbody tr", { hasText: "人工核对：春节假期更正" });
    await row.waitFor();
    await matchText(row, /人工更正/, "marked as a manual correction");
    await matchText(row, /普通日/, "kind in words");
    await matchText(row, /星期一/, "weekday");
    await matchText(row, /系统管理员/, "who corrected it");
    const after = await query(admin.page, "workingCalendar.year", { year: 2026 });
    const day = after.days.find((d) => d.date === "2026-02-16");
    assert.equal(day?.source, "staff");
    assert.equal(day?.kind, "regular");
    await expectAxeClean(admin.page, "working calendar with a correction");

    // 恢复官方数据: the package's holiday is back
    await row.getByRole("button", { name: /^恢复官方数据：.+$/ }).click();
    const revert = admin.page.getByRole("dialog", { name: /^恢复官方数据：.+$/ });
    await revert.waitFor();
    await expectAxeClean(admin.page, "revert dialog");
    await revert.getByRole("button", { name: "恢复官方数据" }).click();
    await revert.waitFor({ state: "detached" });
    await view.getByText(/^已恢复 .+ 的官方数据。$/).waitFor();
    await table.locator("tbody tr", { hasText: "人工核对：春节假期更正" }).waitFor({ state: "detached" });
    assert.equal(await table.locator("tbody tr", { hasText: "人工更正" }).count(), 0);
    const restored = (await query(admin.page, "workingCalendar.year", { year: 2026 })).days.find(
      (d) => d.date === "2026-02-16",
    );
    assert.deepEqual(
      { kind: restored?.kind, name: restored?.name, source: restored?.source },
      { kind: "holiday", name: "春节", source: "chinese-days" },
    );

    // the keyboard opens and closes the dialog (Esc), focus back on the page
    await view.getByRole("button", { name: "更正", exact: true }).first().focus();
    await admin.page.keyboard.press("Enter");
    await dialog.waitFor();
    await admin.page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    assert.deepEqual(admin.errors, []);
  });

  test("district staff read the calendar, without any way to change it", async () => {
    const staff = await newPage();
    await signIn(staff.page, DISTRICT_STAFF, PAGE);
    const view = staff.page.getByTestId("working-calendar");
    await view.waitFor({ timeout: 30_000 });
    await view.getByText("只有系统管理员可以更正工作日历，您可以查看。").waitFor();
    await matchText(view.getByTestId("calendar-year-status"), /官方日历/, "status");
    await view.getByRole("table").locator("tbody tr", { hasText: "春节" }).first().waitFor();
    assert.equal(await view.getByRole("button", { name: /更正|恢复/ }).count(), 0);
    const nav = staff.page.getByRole("navigation", { name: "工作台导航" });
    await nav.getByRole("link", { name: "工作日历" }).waitFor();
    await expectAxeClean(staff.page, "working calendar (district staff, read-only)");
    // the API refuses a change from them as well
    const refused = await trpcClient(staff.page.request, server.baseUrl).send(
      "post",
      "workingCalendar.correct",
      {
        date: "2026-03-10",
        kind: "holiday",
        name: "x",
      },
    );
    assert.equal(refused.status, 403, JSON.stringify(refused.error));
    assert.deepEqual(staff.errors, []);
  });
});
