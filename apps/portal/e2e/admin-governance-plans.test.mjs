// E2E of the staff console's 未诉先办 section against the built one server: district staff see the seeded
// special plans, create a plan with a theme and an area, add a task and mark it done, and see the measured
// effect — the before/after chart and its table, with the figures the API computes; axe on every view.
// Run: cd apps/portal && node --test --test-reporter=spec e2e/admin-governance-plans.test.mjs
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { expectNoSeriousAxeViolations, newConsolePage, signInConsole } from "./console.mjs";
import { assertPrerequisites, launchBrowser, startServer, trpcClient } from "./harness.mjs";

const DISTRICT_STAFF = "13800000006";

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

async function query(page, procedure, input) {
  return trpcClient(page.request, server.baseUrl).get(procedure, input);
}
/** A Beijing date `days` from today, "YYYY-MM-DD". */
const beijingDay = (days) =>
  new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
const count = (n) => n.toLocaleString("zh-CN");

describe("staff console: 未诉先办 special governance plans", { timeout: 300_000 }, () => {
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

  test("district staff: the seeded plans → new plan with a theme and an area → task added, done → effect chart and table", async () => {
    const { context, page, errors } = await newConsolePage(browser);
    await signInConsole(page, server.baseUrl, DISTRICT_STAFF, "/admin/governance-plans");
    const list = page.getByTestId("plans-page");
    await list.waitFor({ timeout: 30_000 });
    await list
      .locator("table [aria-busy]")
      .waitFor({ state: "detached" })
      .catch(() => {});
    await list.getByRole("link", { name: "老旧小区电梯故障专项治理" }).waitFor();
    const me = await query(page, "auth.me");
    const districtId = me.roles.find((r) => r.role === "district_staff").scopeId;
    const seeded = await query(page, "governancePlans.list", {
      scope: { level: "district", id: districtId },
      limit: 100,
    });
    assert.equal(seeded.items.length, 13, "the seed's 13 special plans");
    await expectNoSeriousAxeViolations(page, "plans list");

    // New plan: 环境卫生 in 儒林街道, started 100 days ago (so both windows hold requests).
    await list.getByRole("link", { name: "新建方案" }).first().click();
    const form = page.getByTestId("plan-form");
    await form.waitFor();
    await form.getByLabel("环境卫生", { exact: true }).waitFor();
    await expectNoSeriousAxeViolations(page, "new plan form");
    // Saving empty names every missing field.
    await form.getByRole("button", { name: "保存方案" }).click();
    await page.getByText("请填写方案名称").first().waitFor();
    await page.getByText("请至少选择一个治理主题").first().waitFor();
    const startsOn = beijingDay(-100);
    const endsOn = beijingDay(80);
    await form.getByLabel("方案名称").fill("儒林街道环境卫生专项治理");
    await form.getByLabel("牵头单位").selectOption({ label: "延庆区城市管理委员会" });
    await form.getByLabel("开始日期").fill(startsOn);
    await form.getByLabel("结束日期").fill(endsOn);
    await form.getByLabel("方案内容").fill("垃圾清运不及时诉求集中，优化清运线路和频次。");
    await form.getByLabel("环境卫生", { exact: true }).check();
    await form.getByLabel("儒林街道", { exact: true }).check();
    await form.getByRole("button", { name: "保存方案" }).click();

    const planPage = page.getByTestId("plan-page");
    await planPage.waitFor({ timeout: 20_000 });
    await page.locator("h1", { hasText: "儒林街道环境卫生专项治理" }).waitFor();
    const planId = page.url().split("/").pop();
    const plan = await query(page, "governancePlans.get", { id: planId });
    assert.equal(plan.plan.status, "draft");
    assert.equal(plan.plan.startsOn, startsOn);
    assert.deepEqual(
      plan.plan.areas.map((a) => a.kind),
      ["subdistrict"],
    );
    assert.equal(plan.plan.themeCategoryIds.length, 1);
    assert.equal(await page.getByTestId("plan-status").textContent(), "草拟");

    // Put it into effect, add a task, mark it done.
    await planPage.getByRole("button", { name: "开始实施" }).click();
    await page.getByTestId("plan-status").filter({ hasText: "实施中" }).waitFor();
    const taskForm = page.getByTestId("task-form");
    await taskForm.getByLabel("任务内容").fill("优化垃圾清运线路");
    await taskForm.getByLabel("责任单位").selectOption({ label: "延庆区城市管理委员会" });
    await taskForm.getByLabel("完成时限").fill(beijingDay(30));
    await taskForm.getByRole("button", { name: "添加任务" }).click();
    const row = planPage.locator("tr", { hasText: "优化垃圾清运线路" });
    await row.waitFor();
    assert.match((await row.textContent()) ?? "", /待办/);
    await row.getByRole("button", { name: "将“优化垃圾清运线路”标记完成" }).click();
    await row.filter({ hasText: `${beijingDay(0)} 完成` }).waitFor();
    const afterTask = await query(page, "governancePlans.get", { id: planId });
    assert.equal(afterTask.tasks.length, 1);
    assert.equal(afterTask.tasks[0].status, "done");
    assert.equal(afterTask.tasks[0].doneOn, beijingDay(0));
    // With every task done, the plan may be completed.
    await planPage.getByRole("button", { name: "标记完成", exact: true }).waitFor();

    // The measured effect: the chart renders, and its table twin shows the API's figures.
    const effect = page.getByTestId("plan-effect");
    await effect.locator("svg").first().waitFor({ timeout: 20_000 }); // the console draws charts as SVG
    const figures = await query(page, "governancePlans.effect", { id: planId, months: 3 });
    assert.equal(figures.series.length, 6);
    assert.ok(figures.before > 0, `requests before the start: ${figures.before}`);
    assert.ok(figures.after > 0, `requests after the start: ${figures.after}`);
    const rows = effect.locator("tbody tr");
    await rows.nth(5).waitFor();
    for (let i = 0; i < 6; i++) {
      const m = figures.series[i];
      const text = (await rows.nth(i).textContent()) ?? "";
      assert.ok(text.includes(`${m.from} 至 ${m.to}`), text);
      assert.ok(text.includes(m.offset < 0 ? "实施前" : "实施后"), text);
      assert.ok(text.trim().endsWith(count(m.requests)), `${text} ends with ${m.requests}`);
    }
    const summary = (await page.getByTestId("effect-summary").textContent()) ?? "";
    assert.ok(
      summary.includes(`实施前 ${count(figures.before)} 件，实施后 ${count(figures.after)} 件`),
      summary,
    );
    await expectNoSeriousAxeViolations(page, "plan page with tasks and effect");

    // The new plan is listed with its task done.
    await page.goto(`${server.baseUrl}/admin/governance-plans`);
    const listed = page.locator("tr", { hasText: "儒林街道环境卫生专项治理" });
    await listed.waitFor({ timeout: 20_000 });
    assert.match((await listed.textContent()) ?? "", /1 \/ 1/);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
