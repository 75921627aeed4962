// E2E of the console's 议事 / 台账 / 审计 sections against the built one server: community staff screen topics
// (accept one, decline one with a reason), plan a meeting, put the accepted topic on its agenda, record
// attendance and minutes, mark it held, record a decision requiring an owners' vote; create the vote, notice
// it today (a backdated notice is refused), let the server's clock pass the 15 days, open it, see progress, close it
// at its end and publish it, open the printable 公示; export a ledger
// close-out report to .xlsx (opened with exceljs); district staff see the audit entries. axe on each view.
// Run: cd apps/portal && node --test --test-reporter=spec e2e/admin-deliberation.test.mjs
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { newConsolePage, signInConsole } from "./console.mjs";
import { assertPrerequisites, formatViolations, launchBrowser, runAxe, startServer } from "./harness.mjs";

const adminDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../admin");
const ExcelJS = createRequire(path.join(adminDir, "package.json"))("exceljs");

const COMMUNITY_STAFF = "13800000004";
const DISTRICT_STAFF = "13800000006";
/** A Beijing date `offset` days from the server's "now" (its clock travels in this test). */
const day = (offset = 0) =>
  new Date(server.now().getTime() + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
let voteId;

const newPage = () => newConsolePage(browser);

const signIn = (page, phone, url) => signInConsole(page, server.baseUrl, phone, url);

async function axe(page, label) {
  const { blocking, all } = await runAxe(page);
  if (all.length > 0) console.log(`axe on ${label}: ${all.length} finding(s)\n${formatViolations(all)}`);
  assert.equal(
    blocking.length,
    0,
    `serious/critical axe violations on ${label}:\n${formatViolations(blocking)}`,
  );
}

/** Clicks a button, then 确认 in the confirmation that appears. */
async function confirm(scope, name) {
  await scope.getByRole("button", { name, exact: true }).first().click();
  await scope.getByRole("button", { name: "确认", exact: true }).click();
}

describe("staff console: deliberation, owners' vote, ledgers, audit", { timeout: 240_000 }, () => {
  before(async () => {
    assertPrerequisites();
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("community staff: screen, meeting, decision, vote to 公示, ledger report export", async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, COMMUNITY_STAFF, "/admin/deliberation/screening");
    const queue = page.getByTestId("screening-queue");
    await queue.getByTestId("screen-topic").first().waitFor({ timeout: 30_000 });
    assert.ok(
      (await queue.getByTestId("screen-topic").count()) >= 2,
      "the seed has two topics awaiting screening",
    );
    await axe(page, "screening");

    // Accept the first topic.
    const first = queue.getByTestId("screen-topic").first();
    const accepted = (await first.locator("h3").textContent()).trim();
    await confirm(first, "受理");
    await queue.getByText(`已受理“${accepted}”。`).waitFor();

    // Decline another with a public reason (the reason is required).
    const second = queue
      .getByTestId("screen-topic")
      .filter({ hasNot: page.getByText(accepted, { exact: true }) })
      .first();
    const declined = (await second.locator("h3").textContent()).trim();
    await second.getByRole("button", { name: "不予受理" }).click();
    await second.getByRole("button", { name: "不予受理" }).last().click();
    await second.getByText("请填写不予受理的理由。").waitFor();
    await second
      .getByLabel("不予受理的理由（公开）")
      .fill("该事项属于物业服务合同范围，请向物业服务中心反映。");
    await second.getByRole("button", { name: "不予受理" }).last().click();
    await second.getByRole("button", { name: "确认", exact: true }).click();
    await queue.getByText(`已不予受理“${declined}”。`).waitFor();

    // Plan next year's March meeting.
    await page.getByRole("link", { name: "月协商计划" }).click();
    const plan = page.getByTestId("meeting-plan");
    await plan.waitFor();
    await plan.getByRole("button", { name: "下一年" }).click();
    const year = Number(day().slice(0, 4)) + 1;
    const march = plan.locator(`[data-month="${year}-03"]`);
    await march.getByRole("button", { name: "安排 3 月议事会" }).click();
    await march.getByLabel("地点").fill("温泉南区社区议事厅");
    await march.getByRole("button", { name: "保存计划" }).click();
    await march.getByRole("link", { name: "打开 3 月议事会" }).waitFor();
    await axe(page, "monthly plan");
    await march.getByRole("link", { name: "打开 3 月议事会" }).click();

    // Meeting: agenda, attendance, minutes, held, decision.
    const agenda = page.getByTestId("agenda");
    await agenda.waitFor();
    await agenda.getByLabel("添加已受理议题").selectOption({ label: accepted });
    await agenda.getByRole("button", { name: "添加" }).first().click();
    await agenda.getByRole("button", { name: "保存议程" }).click();
    await agenda.getByText("议程已保存。").waitFor();
    // What happened at a meeting is recorded on its day or later: before March, attendance is refused…
    await page.getByLabel("实到人数").fill("12");
    await page.getByLabel("出席人员").fill("王秀英 居民代表");
    await page.getByRole("button", { name: "保存出席情况" }).click();
    await page.getByText(/会议尚未召开|not taken place/).waitFor();
    // …so the clock goes to late March of next year (every browser context stays signed in).
    await server.travel(
      new Date(`${year}-03-28T12:00:00+08:00`).getTime() - server.now().getTime(),
      browser.contexts(),
    );
    await page.reload();
    await page.getByTestId("agenda").waitFor();
    await page.getByLabel("实到人数").fill("12");
    await page.getByLabel("出席人员").fill("王秀英 居民代表\n李建国 楼门长");
    await page.getByRole("button", { name: "保存出席情况" }).click();
    await page.getByText("实到 12 人，登记姓名 2 人。").waitFor();
    await page.getByLabel("纪要", { exact: true }).fill("与会代表充分讨论，形成提请业主共同决定的意见。");
    await page.getByRole("button", { name: "保存纪要" }).click();
    await confirm(page, "标记为已召开");
    await page.locator("[data-testid=meeting-page][data-status=held]").waitFor();
    await axe(page, "meeting");
    const decisions = page.getByTestId("decisions");
    await decisions.getByLabel("决定内容").fill("提请业主共同决定：使用维修资金更换单元门禁。");
    await decisions.getByLabel("对应议题").selectOption({ label: accepted });
    await decisions.getByLabel("需由业主共同决定（民法典第二百七十八条）").check();
    await decisions.getByRole("button", { name: "记录决定" }).click();
    await decisions.getByText("需业主共同决定").waitFor();
    await decisions.getByRole("link", { name: "发起业主共同决定" }).click();

    // Create the vote: compound, item (5) ordinary with its rule, period from today.
    await page.getByRole("heading", { level: 1, name: "发起业主共同决定" }).waitFor();
    await page.getByLabel("小区").selectOption({ label: "妫川家园" });
    await page.getByLabel("民法典第二百七十八条事项").selectOption("5");
    assert.match(await page.getByTestId("threshold").textContent(), /一般事项[\s\S]*过半数/);
    await page.getByLabel("民法典第二百七十八条事项").selectOption("6");
    assert.match(await page.getByTestId("threshold").textContent(), /特别事项[\s\S]*3\/4以上/);
    await page.getByLabel("民法典第二百七十八条事项").selectOption("5");
    // Voting 16 days from today, for a week (a notice needs 15 days: 条例 Art. 35).
    await page.getByLabel("投票开始日期").fill(day(16));
    await page.getByLabel("投票截止日期").fill(day(23));
    await axe(page, "create vote");
    await page.getByRole("button", { name: "创建表决" }).click();
    await page.locator("[data-testid=vote-page][data-status=draft]").waitFor();
    voteId = page.url().split("/votes/")[1];

    // Notice today: the 15-day rule and the earliest opening date; a backdated notice is refused.
    await page.getByLabel("公告日期").fill(day(-1));
    await page.getByLabel("投票开始日期").fill(day(16));
    await page.getByLabel("投票截止日期").fill(day(23));
    await page.getByRole("button", { name: "记录公告" }).click();
    await page.getByText(/公告日期（.*）不能早于登记当天/).waitFor();
    await page.getByLabel("公告日期").fill(day());
    assert.match(await page.getByTestId("earliest-opening").textContent(), new RegExp(day(15)));
    await page.getByLabel("投票开始日期").fill(day(16));
    await page.getByLabel("投票截止日期").fill(day(23));
    await page.getByRole("button", { name: "记录公告" }).click();
    await page.locator("[data-testid=vote-page][data-status=noticed]").waitFor();
    assert.match(await page.getByTestId("notice-rule").textContent(), /公告期 16 日/);
    // Voting opens on its day: 16 days later.
    await server.travel(16 * 86_400_000 + 3_600_000, browser.contexts());
    await page.reload();
    await confirm(page, "开始投票");
    await page.locator("[data-testid=vote-page][data-status=open]").waitFor();
    await page.getByTestId("vote-progress").waitFor();
    await axe(page, "open vote");
    // It closes at its announced end (20:00 a week later).
    await server.travel(8 * 86_400_000, browser.contexts());
    await page.reload();
    await page.locator("[data-testid=vote-page][data-status=open]").waitFor();
    await confirm(page, "截止并计票");
    await page.locator("[data-testid=vote-page][data-status=tallied]").waitFor();
    assert.match(
      await page.getByTestId("publish-deadline").textContent(),
      new RegExp(`${day(3)}.*第三十七条`),
    );
    await confirm(page, "公示结果");
    await page.locator("[data-testid=vote-page][data-status=published]").waitFor();
    await page.getByRole("link", { name: "打开公示（可打印）" }).click();
    const notice = page.getByTestId("public-notice");
    await notice.waitFor();
    await notice.getByRole("heading", { level: 1, name: /妫川家园业主共同决定结果公示/ }).waitFor();
    assert.match(await notice.textContent(), /参与表决[\s\S]*同意[\s\S]*反对[\s\S]*弃权/);
    assert.match(await page.getByTestId("notice-result").textContent(), /表决结果：(未)?通过/);
    await axe(page, "公示 notice");

    // Ledgers: supervision, then the monthly close-out report exported to .xlsx.
    await page.goto(`${server.baseUrl}/admin/ledgers`);
    await page.getByTestId("ledger-supervision").waitFor();
    await page.getByRole("table").waitFor();
    await axe(page, "ledger supervision");
    await page.getByRole("link", { name: "销账报表" }).click();
    const report = page.getByTestId("ledger-report");
    await report.getByRole("table").getByText("合计").waitFor({ timeout: 15_000 });
    await axe(page, "ledger report");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      report.getByRole("button", { name: "导出 Excel" }).click(),
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const sheet = wb.getWorksheet("销账报表");
    assert.deepEqual(sheet.getRow(1).values.slice(1), [
      "责任单位",
      "新增",
      "办结",
      "按期办结",
      "逾期",
      "未办结",
    ]);
    assert.equal(sheet.getRow(sheet.rowCount).getCell(1).value, "合计");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("district staff: the audit log shows the vote's entries with before/after", async () => {
    assert.ok(voteId, "the vote was created");
    const { context, page, errors } = await newPage();
    await signIn(page, DISTRICT_STAFF, "/admin/audit");
    const log = page.getByTestId("audit-log");
    await log.waitFor({ timeout: 30_000 });
    await page.getByLabel("对象 ID").fill(voteId);
    await page.getByRole("button", { name: "筛选", exact: true }).click();
    const table = log.getByRole("table").first();
    for (const action of [
      "decision.published",
      "decision.close",
      "decision.open",
      "decision.notice",
      "decision.create",
    ])
      await table.getByText(action, { exact: true }).waitFor({ timeout: 15_000 });
    const rows = await table.locator("tbody tr th code").allTextContents();
    assert.equal(rows[0], "decision.published", "newest first");
    await table.locator("summary").first().click();
    await axe(page, "audit log");
    assert.deepEqual(errors, []);
    await context.close();
  });
});
