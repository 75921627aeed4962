// E2E of the staff console's 接诉即办 section against the built one server: the street's dispatch staff
// record a call (the catalogue dispatches it to the 儒林街道 office), the office's unit staff find it in
// their inbox with its time-limit badge (colour AND words), accept it (the requester's phone is then
// shown in full to the lead unit), add a note and answer it; the dispatch staff call the requester back
// and the order is closed. District staff grant unit_staff for a handling unit on the users page and
// revoke it. axe on every new view.
// Run: cd apps/portal && node --test --test-reporter=spec e2e/admin-work-orders.test.mjs
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

const SUBDISTRICT_STAFF = "13800000005";
const DISTRICT_STAFF = "13800000006";
const UNIT_STAFF = "13800000008";
const UNIT = "儒林街道办事处";
const PHONE = "13912340001";

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

const newPage = () => newConsolePage(browser);
const signIn = (page, phone, url) => signInConsole(page, server.baseUrl, phone, url);
const query = (page, procedure, input) => trpcClient(page.request, server.baseUrl).get(procedure, input);

/** Opens an action's dialog on the order page, lets `fill` fill it, submits, waits for the outcome. */
async function act(page, action, fill = async () => {}) {
  await page.getByTestId("order-page").getByRole("button", { name: action, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: action });
  await dialog.waitFor();
  await fill(dialog);
  await dialog.getByRole("button", { name: action, exact: true }).click();
  await dialog.waitFor({ state: "detached" });
  await page.getByText(`已完成：${action}。`).waitFor();
}

describe("staff console: 接诉即办 work orders", { timeout: 240_000 }, () => {
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

  test("a call is recorded, handled by the unit through its inbox, answered and called back", async () => {
    // ——— intake by the street's dispatch staff ———
    const dispatch = await newPage();
    await signIn(dispatch.page, SUBDISTRICT_STAFF, "/admin/work-orders/new");
    const intake = dispatch.page.getByTestId("intake-page");
    await intake.waitFor({ timeout: 30_000 });
    // nothing filled in: every required field says what it needs, nothing is sent
    await intake.getByRole("button", { name: "提交工单" }).click();
    await intake.getByText("请选择诉求类型。").first().waitFor();
    await intake.getByText("请查找并选择诉求涉及的小区。").first().waitFor();
    await intake.getByLabel("来电人手机号（可不填）").fill("12345");
    await intake.getByRole("button", { name: "提交工单" }).click();
    await intake.getByText("请输入 11 位手机号，例如 13812345678。").first().waitFor();
    await expectAxeClean(dispatch.page, "intake form with errors");

    await intake.getByLabel("诉求类型").selectOption({ label: "投诉" });
    await intake.getByLabel("诉求分类").selectOption({ label: "城乡建设 › 物业服务" });
    await intake.getByLabel("按小区名称或编码查找").fill("妫川家园");
    await intake.getByRole("button", { name: "查找" }).click();
    await intake
      .getByRole("button", { name: /^选择 妫川家园/ })
      .first()
      .click();
    await matchText(intake.getByTestId("picked-compound"), /妫川家园/, "picked compound");
    await intake.getByLabel("诉求内容").fill("小区东门垃圾堆放多日无人清运，气味很大。");
    await intake.getByLabel("来电人姓名（可不填）").fill("李女士");
    await intake.getByLabel("来电人手机号（可不填）").fill(PHONE);
    await intake.getByRole("button", { name: "提交工单" }).click();
    const result = dispatch.page.getByTestId("intake-result");
    await result.waitFor();
    const heading = (await result.locator("h1").textContent()) ?? "";
    const number = /工单编号 (\d+)/.exec(heading)?.[1];
    assert.ok(number, heading);
    await matchText(result, new RegExp(`已按派单目录派往：${UNIT}`), "dispatched by the catalogue");
    await expectAxeClean(dispatch.page, "intake result");

    // the street's view lists it (newest first)
    await dispatch.page.getByRole("link", { name: "查看工单" }).click();
    await dispatch.page.getByTestId("order-page").waitFor();
    const orderUrl = new URL(dispatch.page.url()).pathname;
    const orderId = orderUrl.split("/").at(-1);
    const seen = await query(dispatch.page, "workOrders.get", { id: orderId });
    assert.equal(seen.order.number, number);
    assert.equal(seen.order.status, "dispatched");
    // the dispatcher sees the requester masked, and may not accept for the unit
    const details = dispatch.page.getByTestId("order-page");
    await matchText(details, /139\*{4}0001/, "masked phone");
    assert.equal(await details.getByRole("button", { name: "签收", exact: true }).count(), 0);
    await expectAxeClean(dispatch.page, "order page (dispatcher)");

    // ——— the unit's inbox ———
    const unit = await newPage();
    await signIn(unit.page, UNIT_STAFF, "/admin/work-orders");
    const inbox = unit.page.getByTestId("work-orders-page");
    await inbox.waitFor({ timeout: 30_000 });
    await matchText(unit.page.getByTestId("admin-scope"), new RegExp(UNIT), "unit staff scope");
    // the unit was told (通知) and the notification's link opens the order in the console
    await unit.page.goto(`${server.baseUrl}/notifications`);
    await unit.page
      .getByTestId("notification")
      .filter({ hasText: `工单 ${number} 已派至您的单位` })
      .getByRole("link")
      .first()
      .click();
    await unit.page.waitForURL(`${server.baseUrl}${orderUrl}`);
    await unit.page.getByTestId("order-page").waitFor({ timeout: 30_000 });
    await unit.page.goto(`${server.baseUrl}/admin/work-orders`);
    await inbox.waitFor({ timeout: 30_000 });
    // only the 接诉即办 section in the nav for unit staff
    const nav = unit.page.getByRole("navigation", { name: "工作台导航" });
    assert.equal(await nav.getByRole("link").count(), 1);
    await inbox.getByLabel("排序").selectOption({ label: "受理时间（最新的在前）" });
    const row = inbox.locator("tbody tr", { hasText: number });
    await row.waitFor();
    const badge = row.getByTestId("time-used");
    assert.equal(await badge.getAttribute("data-level"), "normal");
    await matchText(badge, /正常 · 已用 \d+%/, "time used in words");
    await expectAxeClean(unit.page, "unit inbox");
    // overdue only: the new order is not among them
    await inbox.getByLabel("只看超时").check();
    await inbox.locator("tbody tr").first().waitFor();
    assert.equal(await inbox.locator("tbody tr", { hasText: number }).count(), 0);
    const overdueLevels = await inbox
      .getByTestId("time-used")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-level")));
    assert.ok(
      overdueLevels.every((l) => l === "overdue"),
      overdueLevels.join(),
    );
    await inbox.getByLabel("只看超时").uncheck();

    await inbox.locator("tbody tr", { hasText: number }).getByRole("link", { name: number }).click();
    const page = unit.page.getByTestId("order-page");
    await page.waitFor();
    // not yet the lead: masked; accept, return and note are offered, answer not yet
    await matchText(page, /139\*{4}0001/, "masked before accepting");
    assert.equal(await page.getByRole("button", { name: "办结", exact: true }).count(), 0);
    assert.equal(await page.getByRole("button", { name: "退单", exact: true }).count(), 1);
    // 退单 needs its reason: the dialog says so and sends nothing
    await page.getByRole("button", { name: "退单", exact: true }).click();
    const returning = unit.page.getByRole("dialog", { name: "退单" });
    await returning.getByRole("button", { name: "退单", exact: true }).click();
    await returning.getByText("请填写此项。").waitFor();
    await expectAxeClean(unit.page, "return dialog");
    await unit.page.keyboard.press("Escape");
    await returning.waitFor({ state: "detached" });

    await act(unit.page, "签收");
    await matchText(page.getByTestId("order-status"), /已签收/, "accepted");
    // the lead unit calls back: the phone in full
    await matchText(page, new RegExp(PHONE), "unmasked for the lead unit");
    assert.equal(await page.getByRole("button", { name: "退单", exact: true }).count(), 0);
    await act(unit.page, "添加办理记录", (d) => d.getByLabel("办理记录").fill("已联系物业公司，明早清运。"));
    await matchText(page.getByTestId("timeline"), /已联系物业公司，明早清运。/, "note in the timeline");
    await act(unit.page, "办结", (d) =>
      d.getByLabel("办结答复").fill("垃圾已于今日清运完毕，并督促物业每日巡查。"),
    );
    await matchText(page.getByTestId("order-status"), /已办结/, "answered");
    await expectAxeClean(unit.page, "order page (unit, answered)");
    assert.deepEqual(unit.errors, []);

    // ——— callback by the dispatch staff ———
    await dispatch.page.reload();
    await dispatch.page.getByTestId("order-page").waitFor();
    await act(dispatch.page, "回访", async (d) => {
      await d.getByLabel("满意度").selectOption({ label: "满意" });
    });
    await matchText(dispatch.page.getByTestId("order-status"), /已归档/, "closed after a solved callback");
    const closed = await query(dispatch.page, "workOrders.get", { id: orderId });
    assert.equal(closed.order.status, "closed");
    assert.equal(closed.callbacks.length, 1);
    assert.ok(closed.events.some((e) => e.kind === "note" && e.note === "已联系物业公司，明早清运。"));
    // closed: only review (复核) is left
    const names = await dispatch.page
      .getByRole("region", { name: "可办理的操作" })
      .getByRole("button")
      .allTextContents();
    assert.ok(!names.includes("回访"), names.join());
    await expectAxeClean(dispatch.page, "order page (closed)");

    // the street's list finds it among the closed ones
    await dispatch.page.getByRole("link", { name: "返回工单列表" }).click();
    const list = dispatch.page.getByTestId("work-orders-page");
    await list.waitFor();
    await list.getByLabel("状态").selectOption({ label: "已归档" });
    await list.getByLabel("排序").selectOption({ label: "受理时间（最新的在前）" });
    await list.locator("tbody tr", { hasText: number }).waitFor();
    await expectAxeClean(dispatch.page, "street list");
    assert.deepEqual(dispatch.errors, []);
    await dispatch.context.close();
    await unit.context.close();
  });

  test("a return needs its reason, the street re-dispatches it, the unit asks for more time and the street approves", async () => {
    const dispatch = await newPage();
    await signIn(dispatch.page, SUBDISTRICT_STAFF, "/admin/work-orders/new");
    const intake = dispatch.page.getByTestId("intake-page");
    await intake.waitFor({ timeout: 30_000 });
    await intake.getByLabel("诉求类型").selectOption({ label: "求助" });
    await intake.getByLabel("诉求分类").selectOption({ label: "城乡建设 › 物业服务" });
    await intake.getByLabel("按小区名称或编码查找").fill("妫川家园");
    await intake.getByRole("button", { name: "查找" }).click();
    await intake
      .getByRole("button", { name: /^选择 妫川家园/ })
      .first()
      .click();
    await intake.getByLabel("诉求内容").fill("单元门禁损坏，老人进出不便。");
    await intake.getByRole("button", { name: "提交工单" }).click();
    await dispatch.page.getByTestId("intake-result").waitFor();
    await dispatch.page.getByRole("link", { name: "查看工单" }).click();
    await dispatch.page.getByTestId("order-page").waitFor();
    const orderUrl = new URL(dispatch.page.url()).pathname.replace(/^\/admin/, "");

    const unit = await newPage();
    await signIn(unit.page, UNIT_STAFF, `/admin${orderUrl}`);
    const page = unit.page.getByTestId("order-page");
    await page.waitFor({ timeout: 30_000 });
    await act(unit.page, "退单", (d) => d.getByLabel("退单原因").fill("门禁属物业公司维护，请转物业。"));
    await matchText(page.getByTestId("order-status"), /已退单/, "returned");
    assert.equal(await page.getByRole("button", { name: "签收", exact: true }).count(), 0);

    // the street sends it back to the same unit: without a reason the API refuses (驳回退单)
    await dispatch.page.reload();
    const order = dispatch.page.getByTestId("order-page");
    await order.waitFor();
    await order.getByRole("button", { name: "派单", exact: true }).click();
    const dialog = dispatch.page.getByRole("dialog", { name: "派单" });
    await dialog.getByLabel("承办单位").selectOption({ label: UNIT });
    await dialog.getByRole("button", { name: "派单", exact: true }).click();
    await dialog.getByRole("alert").waitFor();
    await expectAxeClean(dispatch.page, "dispatch dialog with the API's refusal");
    await dialog.getByLabel("派单说明").fill("物业服务监管属街道职责，请街道督促物业维修。");
    await dialog.getByRole("button", { name: "派单", exact: true }).click();
    await dialog.waitFor({ state: "detached" });
    await matchText(order.getByTestId("order-status"), /已派单/, "re-dispatched");

    await unit.page.reload();
    await page.waitFor();
    await act(unit.page, "签收");
    await act(unit.page, "申请延期", async (d) => {
      await d.getByLabel("延期单位").selectOption({ label: "工作日" });
      await d.getByLabel("延期时长").fill("2");
      await d.getByLabel("延期原因").fill("门禁配件需厂家寄送。");
    });
    // one pending request at a time
    assert.equal(await page.getByRole("button", { name: "申请延期", exact: true }).count(), 0);
    const before = (await query(unit.page, "workOrders.get", { id: orderUrl.split("/").at(-1) })).order.dueAt;

    await dispatch.page.reload();
    await order.waitFor();
    await act(dispatch.page, "审批延期", (d) => d.getByLabel("批准", { exact: true }).check());
    const after = await query(dispatch.page, "workOrders.get", { id: orderUrl.split("/").at(-1) });
    assert.equal(after.extensions[0].status, "approved");
    assert.ok(new Date(after.order.dueAt) > new Date(before), `${after.order.dueAt} after ${before}`);
    await matchText(order.getByTestId("timeline"), /延期审批/, "decision in the timeline");
    await expectAxeClean(dispatch.page, "order page after the extension");
    assert.deepEqual(dispatch.errors, []);
    assert.deepEqual(unit.errors, []);
    await dispatch.context.close();
    await unit.context.close();
  });

  test("district staff grant unit_staff for a handling unit on the users page, and revoke it", async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, DISTRICT_STAFF, "/admin/users");
    const users = page.getByTestId("users-page");
    await users.waitFor({ timeout: 30_000 });
    await users.getByLabel("姓名或手机号").fill("演示社区工作者");
    await users.getByRole("button", { name: "查询" }).click();
    await users.getByRole("button", { name: "管理角色：演示社区工作者" }).click();
    const panel = page.getByTestId("roles-panel");
    await panel.waitFor();
    await panel.getByLabel("角色").selectOption({ label: "承办单位工作人员" });
    const unitSelect = panel.getByLabel("承办单位", { exact: true });
    await unitSelect.locator("option", { hasText: UNIT }).waitFor({ state: "attached" });
    await unitSelect.selectOption({ label: UNIT });
    await panel.getByRole("button", { name: "授予角色" }).click();
    await panel.getByText("已授予“承办单位工作人员”。").waitFor();
    await panel.getByText(`承办单位工作人员 · ${UNIT}`).waitFor();
    await expectAxeClean(page, "users page with unit_staff granted");
    // the users list (by role) shows it with the unit's name
    const me = await query(page, "auth.me");
    const districtId = me.roles.find((r) => r.role === "district_staff").scopeId;
    const listed = await query(page, "users.list", {
      scopeLevel: "district",
      scopeId: districtId,
      role: "unit_staff",
      search: "演示社区工作者",
    });
    assert.ok(
      listed.items.some((u) => u.assignments.some((a) => a.role === "unit_staff" && a.scopeName === UNIT)),
      JSON.stringify(listed.items),
    );

    await panel.getByRole("button", { name: "撤销“承办单位工作人员”" }).click();
    await panel.getByRole("button", { name: "确定撤销" }).click();
    await panel.getByText("已撤销“承办单位工作人员”。").waitFor();
    assert.equal(await panel.getByText(`承办单位工作人员 · ${UNIT}`).count(), 0);
    const after = await query(page, "users.list", {
      scopeLevel: "district",
      scopeId: districtId,
      role: "unit_staff",
      search: "演示社区工作者",
    });
    assert.equal(after.items.length, 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
