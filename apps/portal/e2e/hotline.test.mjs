// E2E: 我要反映 (接诉即办) — a resident files a request with a photo WITHOUT JavaScript, finds it in
// their list and on its timeline; the handling unit (through the API, as its console would) accepts and
// answers it; the resident answers the callback survey (unsolved) and asks to reopen it. The same filing
// with JavaScript, a bad photo refused with nothing stored, the photo readable only by those allowed,
// and the upload body limit only for the upload form. axe on every page. Run after `pnpm build`:
//   cd apps/portal && node --test --test-reporter=spec e2e/hotline.test.mjs
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { newConsolePage, signInConsole } from "./console.mjs";
import {
  assertPrerequisites,
  expectAxeClean,
  expectAxeCleanServerRendered,
  launchBrowser,
  matchText,
  startServer,
  trpcClient,
} from "./harness.mjs";

const demoPassword = "gongzhi-demo-2026";
const RESIDENT = "13800000001";
const OWNER = "13800000002";
/** Staff of the 儒林街道 office, the hub the catalogue sends 物业服务 requests of the demo compound to. */
const UNIT_STAFF = "13800000008";

/** The smallest valid PNG (1×1) and a JPEG header: real magic bytes. */
const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
// A real 2×2 JPEG (drawn on a canvas by Chromium): the JS test waits for every photo to decode.
const jpeg = Buffer.from(
  [
    "/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAA",
    "AABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAA",
    "ABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAA",
    "AAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAA",
    "AAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAA",
    "AABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDABALDA4M",
    "ChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8a",
    "Gi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAACAAIDASIAAhEB",
    "AxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAABf/E",
    "ABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AIADg9//2Q==",
  ].join(""),
  "base64",
);

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
let uploadDir;

/** Every file stored under the upload directory. */
async function storedFiles() {
  try {
    const entries = await readdir(uploadDir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
  } catch {
    return [];
  }
}

async function signedIn(phoneNumber, options = {}) {
  const context = await browser.newContext({ locale: "zh-CN", ...options });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${server.baseUrl}/signin`);
  await page.locator('input[name="phone"]').fill(phoneNumber);
  await page.locator('input[name="password"]').fill(demoPassword);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith("/signin")),
    page.getByRole("button", { name: "登录", exact: true }).click(),
  ]);
  return { context, page, errors };
}

const axeNoScripts = async (context, url, label) =>
  expectAxeCleanServerRendered(context.browser(), url, label, { cookies: await context.cookies() });

/** Fill the filing form (works with and without JavaScript). */
async function fillRequest(page, { type, text: body, address, photos }) {
  await page.locator(`label:has(input[name="type"][value="${type}"])`).click();
  await page.locator('select[name="categoryId"]').selectOption({ label: "物业服务" });
  await page.locator('input[name="placeKind"][value="compound"]').check();
  await page.locator('input[name="address"]').fill(address);
  await page.locator('textarea[name="text"]').fill(body);
  if (photos) await page.locator('input[name="photos"]').setInputFiles(photos);
}

describe("我要反映: file, follow, answer the callback, reopen", { timeout: 300_000 }, () => {
  let staffApi;
  let requestId;
  let photoPath;

  before(async () => {
    assertPrerequisites();
    uploadDir = await mkdtemp(path.join(os.tmpdir(), "gongzhi-e2e-uploads-"));
    server = await startServer({ env: { GONGZHI_UPLOAD_DIR: uploadDir } });
    console.log(`server ready at ${server.baseUrl} in ${(server.startupMs / 1000).toFixed(1)} s`);
    browser = await launchBrowser();
    const staff = await browser.newContext();
    staffApi = trpcClient(staff.request, server.baseUrl);
    await staffApi.post("auth.signIn", { phone: UNIT_STAFF, password: demoPassword });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
  });

  test("without JavaScript: empty list, file with a photo, see it in the list and on the timeline", async () => {
    const { context, page } = await signedIn(OWNER, { javaScriptEnabled: false });
    await page.goto(`${server.baseUrl}/`);
    // 我要反映 is in the main navigation and among the home page's shortcuts
    assert.equal((await page.locator('header a[href="/requests"]').count()) > 0, true, "nav link");
    await page.goto(`${server.baseUrl}/requests`);
    await matchText(page.locator("main"), /您还没有反映过诉求/);
    await axeNoScripts(context, `${server.baseUrl}/requests`, "/requests (empty)");

    await page.locator('main a[href="/requests/new"]').first().click();
    await page.waitForURL(/\/requests\/new$/);
    await matchText(page.locator("main"), /使用您账户的手机号 138\*{4}0002/, "phone masked on the form");
    await axeNoScripts(context, `${server.baseUrl}/requests/new`, "/requests/new");

    // A "photo" that is text with a .jpg name: refused by its bytes, nothing stored.
    await fillRequest(page, {
      type: "complaint",
      text: "楼道里的垃圾三天没人清运了",
      address: "3号楼东侧",
      photos: [{ name: "photo.jpg", mimeType: "image/jpeg", buffer: Buffer.from("not an image at all") }],
    });
    await page.getByRole("button", { name: "提交诉求" }).click();
    await matchText(page.locator("main"), /第 1 张照片（photo\.jpg）不是 JPEG、PNG、WebP 或 HEIC 图片/);
    assert.equal(
      await page.locator('input[name="address"]').inputValue(),
      "3号楼东侧",
      "what was typed stays",
    );
    assert.deepEqual(await storedFiles(), [], "nothing stored on refusal");

    // Now a real PNG.
    await fillRequest(page, {
      type: "complaint",
      text: "楼道里的垃圾三天没人清运了",
      address: "3号楼东侧",
      photos: [{ name: "rubbish.png", mimeType: "image/png", buffer: png }],
    });
    await Promise.all([
      page.waitForURL(/\/requests\/[0-9a-f-]{36}\?done=filed/),
      page.getByRole("button", { name: "提交诉求" }).click(),
    ]);
    requestId = new URL(page.url()).pathname.split("/").at(-1);
    await matchText(page.locator("main"), /诉求已提交/);
    await matchText(page.getByTestId("request-summary"), /投诉.*物业服务.*3号楼东侧/);
    await matchText(page.getByTestId("request-phone"), /^138\*{4}0002$/, "requester phone masked");
    await matchText(page.getByTestId("request-timeline"), /提交诉求.*派单给承办单位/);
    await matchText(page.locator("main"), /已派单/);
    assert.equal(await page.getByTestId("request-photos").locator("img").count(), 1);
    photoPath = await page.getByTestId("request-photos").locator("img").getAttribute("src");
    assert.match(photoPath, /^\/work-order-photos\/[0-9a-f-]{36}$/);
    assert.equal((await storedFiles()).length, 1, "one file stored");

    // The photo, for its requester: the stored type, nosniff, the bytes sent.
    const mine = await context.request.get(`${server.baseUrl}${photoPath}`);
    assert.equal(mine.status(), 200);
    assert.equal(mine.headers()["content-type"], "image/png");
    assert.equal(mine.headers()["x-content-type-options"], "nosniff");
    assert.deepEqual(Buffer.from(await mine.body()), png);
    await axeNoScripts(context, page.url(), "/requests/:id (filed)");

    await page.goto(`${server.baseUrl}/requests`);
    const list = page.getByTestId("requests-list");
    await matchText(list, /已派单.*投诉.*物业服务/);
    assert.equal(await list.locator(`a[href="/requests/${requestId}"]`).count(), 1);
    await axeNoScripts(context, `${server.baseUrl}/requests`, "/requests");
    await context.close();
  });

  test("the photo: the unit's staff may read it; another resident and anyone signed out get 404", async () => {
    const anonymous = await browser.newContext();
    const signedOut = await anonymous.request.get(`${server.baseUrl}${photoPath}`);
    assert.equal(signedOut.status(), 404);
    await anonymous.close();
    const other = await signedIn(RESIDENT);
    const refused = await other.context.request.get(`${server.baseUrl}${photoPath}`);
    assert.equal(refused.status(), 404);
    // nor their order page
    const page = await other.context.request.get(`${server.baseUrl}/requests/${requestId}`);
    assert.equal(page.status(), 404);
    await other.context.close();
    const unit = await browser.newContext();
    await trpcClient(unit.request, server.baseUrl).post("auth.signIn", {
      phone: UNIT_STAFF,
      password: demoPassword,
    });
    const allowed = await unit.request.get(`${server.baseUrl}${photoPath}`);
    assert.equal(allowed.status(), 200);
    assert.equal(allowed.headers()["content-type"], "image/png");
    await unit.close();

    // …and sees it on the order's page in the staff console, decoded.
    const consolePage = await newConsolePage(browser);
    await signInConsole(consolePage.page, server.baseUrl, UNIT_STAFF, `/admin/work-orders/${requestId}`);
    const photos = consolePage.page.getByTestId("order-photos");
    await photos.waitFor({ timeout: 30_000 });
    assert.equal(await photos.locator("img").getAttribute("src"), photoPath);
    await photos.scrollIntoViewIfNeeded();
    await consolePage.page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="order-photos"] img')].every(
        (i) => i.complete && i.naturalWidth > 0,
      ),
    );
    await expectAxeClean(consolePage.page, "console order page with a photo");
    assert.deepEqual(consolePage.errors, []);
    await consolePage.context.close();
  });

  test("the unit answers; without JavaScript the resident says unsolved and asks to reopen", async () => {
    // The handling unit's side, through the API its console uses: 签收 then 办结 with the answer.
    await staffApi.post("workOrders.accept", { id: requestId });
    await staffApi.post("workOrders.answer", {
      id: requestId,
      answer: "已通知物业公司当天清运，并加密清运频次。",
    });
    const staffView = await staffApi.get("workOrders.get", { id: requestId });
    assert.equal(staffView.order.status, "answered");

    const { context, page } = await signedIn(OWNER, { javaScriptEnabled: false });
    // The resident is told, and the notification's link opens the request.
    await page.goto(`${server.baseUrl}/notifications`);
    await Promise.all([
      page.waitForURL(`${server.baseUrl}/requests/${requestId}`),
      page
        .getByTestId("notification")
        .filter({ hasText: /已办结，请对办理结果进行评价/ })
        .getByRole("link")
        .first()
        .click(),
    ]);
    await matchText(page.getByTestId("request-answer"), /已通知物业公司当天清运/);
    await matchText(page.getByTestId("request-timeline"), /承办单位签收.*开始办理.*承办单位答复/);
    await axeNoScripts(context, page.url(), "/requests/:id (answered, survey)");

    // Submitting without answers: each question says so, nothing recorded.
    await page.getByRole("button", { name: "提交评价" }).click();
    await matchText(page.getByTestId("callback-form"), /请回答这一项/);
    await page.locator('input[name="contacted"][value="yes"]').check();
    await page.locator('input[name="solved"][value="no"]').check();
    await page.locator('input[name="satisfaction"][value="dissatisfied"]').check();
    await Promise.all([
      page.waitForURL(/done=callback/),
      page.getByRole("button", { name: "提交评价" }).click(),
    ]);
    await matchText(page.locator("main"), /感谢您的评价/);
    await matchText(page.getByTestId("request-summary"), /回访结果：未解决，不满意/);
    assert.equal(await page.getByTestId("callback-form").count(), 0, "one callback per round");
    await axeNoScripts(context, page.url(), "/requests/:id (unsolved, reopen offered)");

    await page.locator('textarea[name="reason"]').fill("垃圾还是没有清走");
    await Promise.all([
      page.waitForURL(/done=reopened/),
      page.getByRole("button", { name: "申请重办" }).click(),
    ]);
    await matchText(page.locator("main"), /已申请重办/);
    await matchText(page.locator("#status"), /重办中/);
    await matchText(page.getByTestId("request-timeline"), /回访.*重办.*原因：垃圾还是没有清走/);
    assert.equal(await page.getByTestId("reopen-form").count(), 0);
    await context.close();

    // Back with the unit, as the lead (首接负责).
    const back = await staffApi.get("workOrders.get", { id: requestId });
    assert.equal(back.order.status, "reopened");
    assert.equal(back.order.reopenCount, 1);
  });

  test("with JavaScript: the same filing, two photos, errors next to the fields (phone, axe)", async () => {
    const { context, page, errors } = await signedIn(OWNER, {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await page.goto(`${server.baseUrl}/requests`);
    await page.locator('main a[href="/requests/new"]').first().click();
    await page.getByRole("button", { name: "提交诉求" }).waitFor();
    await expectAxeClean(page, "/requests/new (JS)");
    // Nothing chosen: the summary lists the missing answers.
    await page.getByRole("button", { name: "提交诉求" }).click();
    await matchText(page.locator('[role="alert"]').first(), /请选择诉求类型|请填写/);
    await expectAxeClean(page, "/requests/new (errors)");
    const before = (await storedFiles()).length;
    await fillRequest(page, {
      type: "help",
      text: "单元门门禁坏了，老人进不去",
      address: "3号楼2单元",
      photos: [
        { name: "door.png", mimeType: "image/png", buffer: png },
        { name: "door.jpg", mimeType: "image/jpeg", buffer: jpeg },
      ],
    });
    await page.getByRole("button", { name: "提交诉求" }).click();
    await page.getByText("诉求已提交。").waitFor();
    await matchText(page.getByTestId("request-summary"), /求助.*物业服务/);
    assert.equal(await page.getByTestId("request-photos").locator("img").count(), 2);
    assert.equal((await storedFiles()).length, before + 2);
    // loading="lazy": below the fold of a phone the browser fetches them once they are scrolled to
    await page.getByTestId("request-photos").scrollIntoViewIfNeeded();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="request-photos"] img')].every(
        (i) => i.complete && i.naturalWidth > 0,
      ),
    );
    await expectAxeClean(page, "/requests/:id (JS)");
    await page.locator('a[href="/requests"]').first().click();
    await page.getByTestId("requests-list").waitFor();
    await matchText(page.getByTestId("requests-list"), /求助.*投诉|投诉.*求助/);
    await expectAxeClean(page, "/requests (JS)");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("the upload form alone gets the larger body limit, and only signed in", async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 0x41); // over BODY_LIMIT_BYTES (1 MiB), not an image
    const form = {
      type: "complaint",
      categoryId: "00000000-0000-4000-8000-000000000000",
      placeKind: "address",
      address: "某处",
      text: "测试",
      photos: { name: "big.jpg", mimeType: "image/jpeg", buffer: big },
    };
    const { context } = await signedIn(OWNER);
    const filesBefore = await storedFiles();
    const upload = await context.request.post(`${server.baseUrl}/requests/new`, {
      multipart: form,
      maxRedirects: 0,
    });
    assert.notEqual(upload.status(), 413, "signed in: the upload form reads a 2 MB body");
    assert.equal(upload.status(), 400);
    assert.deepEqual(await storedFiles(), filesBefore, "refused, nothing stored");
    const elsewhere = await context.request.post(`${server.baseUrl}/topics/new`, {
      multipart: form,
      maxRedirects: 0,
    });
    assert.equal(elsewhere.status(), 413, "another form keeps the ordinary limit");
    await context.close();
    const anonymous = await browser.newContext();
    const signedOut = await anonymous.request.post(`${server.baseUrl}/requests/new`, {
      multipart: form,
      maxRedirects: 0,
    });
    assert.equal(signedOut.status(), 413, "signed out: the ordinary limit");
    await anonymous.close();
  });
});
