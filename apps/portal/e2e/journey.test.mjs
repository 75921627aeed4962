// The resident journey of issue 5, end to end: a new resident signs up, verifies ownership with a
// household code the community office printed, proposes a topic, neighbours support it past the
// threshold, staff accept it and take it through the month's meeting to a decision that needs an owners'
// vote; the resident votes with the confirmation step, sees the published tally, sees the ledger item
// done and rates it. Staff steps go through the API (the console is not finished), every resident step
// through the portal. Then the core resident steps again with JavaScript disabled. axe on every page.
// Run: cd apps/portal && node --test --test-reporter=spec e2e/journey.test.mjs
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  assertPrerequisites,
  expectAxeClean,
  expectAxeCleanServerRendered,
  launchBrowser,
  matchText,
  newPortalPage,
  smsCode,
  startServer,
  trpcClient,
} from "./harness.mjs";

const demoPassword = "gongzhi-demo-2026";
const staffPhone = "13800000004"; // community staff of 温泉南区社区
const compoundName = "妫川家园"; // the demo compound of 温泉南区社区; 13900000001…20 own units there
/** Synthetic resident n (1…40) of 温泉南区社区; 1…20 are verified owners in the demo compound. */
const synthetic = (n) => `139000000${String(n).padStart(2, "0")}`;
const DAY = 86_400_000;
const beijingDate = (ms) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
const beijingMonth = (ms) => beijingDate(ms).slice(0, 7);
const run = Date.now().toString(36).slice(-5);

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
/** @type {Awaited<ReturnType<typeof apiSession>>} */
let staff;
let communityId = "";
let compoundId = "";
let buildings = [];

const newPage = (options = {}) => newPortalPage(browser, options);

const expectAxeCleanWithoutAppScripts = async (noJsContext, path, label) =>
  expectAxeCleanServerRendered(browser, `${server.baseUrl}${path}`, label, {
    cookies: await noJsContext.cookies(),
  });

const text = async (locator) => ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
const field = (page, name) => page.locator(`[name="${name}"]`).first();

/** tRPC over HTTP with a browser context's cookies (same origin, no cross-site headers). */
function trpcOf(context) {
  const { get, post } = trpcClient(context.request, server.baseUrl);
  return { get, post };
}

/** A signed-in API session in its own browser context (for staff and the other residents). */
async function apiSession(phone) {
  const context = await browser.newContext();
  const trpc = trpcOf(context);
  await trpc.post("auth.signIn", { phone, password: demoPassword });
  return { ...trpc, context, close: () => context.close() };
}

let phoneCounter = 0;
function freshPhone() {
  phoneCounter += 1;
  return `137${String(Date.now() % 1e6).padStart(6, "0")}${String(phoneCounter).padStart(2, "0")}`;
}

/** Click a submit button and wait for the navigation it causes (post/redirect/get or client-side). */
async function submitAndWait(page, buttonName, url) {
  await Promise.all([
    page.waitForURL(url),
    page.getByRole("button", { name: buttonName, exact: true }).click(),
  ]);
  await page.waitForLoadState("load");
}

async function signInUi(page, phone, next) {
  await page.goto(`${server.baseUrl}/signin?next=${encodeURIComponent(next)}`);
  await field(page, "phone").fill(phone);
  await field(page, "password").fill(demoPassword);
  await submitAndWait(page, "登录", (url) => url.pathname === next);
  await page
    .locator("h1")
    .filter({ hasNotText: /^登录$/ })
    .waitFor();
}

async function signUpUi(page, phone, name, password) {
  await page.goto(`${server.baseUrl}/signup`);
  assert.equal(await text(page.locator("h1")), "注册");
  await field(page, "phone").fill(phone);
  await submitAndWait(page, "发送验证码", /\/signup\?step=code/);
  // The code from the SMS outbox (the development/test sender logs each text).
  await field(page, "code").fill(await smsCode(server, phone));
  await field(page, "displayName").fill(name);
  await field(page, "password").fill(password);
  await field(page, "acceptConsent").check();
  await submitAndWait(page, "注册", /\/residency\?notice=welcome/);
  await matchText(page.getByRole("status").first(), /账号已创建/);
}

/** Staff print household codes for one building of the demo compound; returns one code of a unit held by a private owner. */
async function householdCode(buildingIndex) {
  const building = buildings[buildingIndex];
  const sheet = await staff.post("households.generateForBuilding", {
    buildingId: building.id,
    validDays: 30,
  });
  assert.equal(sheet.buildingId, building.id);
  assert.ok(sheet.codes.length > 0, "one code per unit");
  for (const c of sheet.codes) assert.match(c.code, /^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
  // A unit from the middle of the building: not one of the units linked to the demo users (the first
  // building) nor one of the developer's unsold units (the last ones).
  const pick = sheet.codes[Math.floor(sheet.codes.length / 2)];
  return { ...pick, buildingName: sheet.buildingName };
}

async function verifyUi(page, code) {
  await page.goto(`${server.baseUrl}/verify`);
  // Typed as a resident would: lower case with spaces.
  await field(page, "code").fill(code.code.toLowerCase().replace("-", " "));
  await submitAndWait(page, "核验", /\/me\?notice=verified/);
  await page.getByTestId("my-units").waitFor();
  await matchText(page.getByRole("status").first(), /核验成功/);
  const units = await text(page.getByTestId("my-units"));
  assert.match(units, new RegExp(`${compoundName}.*${code.buildingName}.*${code.unitNumber}`));
  // The owner sees how the unit was verified (a staff verification would name its document).
  await matchText(page.getByTestId("unit-verification").first(), /通过户码核验为业主/);
}

async function proposeUi(page, title, body) {
  await page.goto(`${server.baseUrl}/topics/new`);
  assert.equal(await text(page.locator("h1")), "提出议题");
  await field(page, "title").fill(title);
  await page.locator('textarea[name="body"]').fill(body);
  await page.locator('select[name="category"]').selectOption("facilities");
  await submitAndWait(page, "发布议题", /\/topics\/[0-9a-f-]{36}\?done=published/);
  // With JavaScript the URL changes a moment before the new page renders.
  await page.locator("h1").filter({ hasText: title }).waitFor();
  assert.equal(await text(page.locator("h1")), title);
  await matchText(page.getByRole("status").first(), /议题已发布/);
  return new URL(page.url()).pathname.split("/").pop();
}

async function supportUi(page, topicId) {
  await page.goto(`${server.baseUrl}/topics/${topicId}`);
  const before = Number((await text(page.getByTestId("support-count"))).match(/已有 (\d+) 人附议/)?.[1]);
  await page.getByRole("button", { name: "我要附议" }).click();
  await page.getByRole("button", { name: "撤回附议" }).waitFor();
  await page.waitForLoadState("load");
  await matchText(page.getByTestId("support-count"), new RegExp(`已有 ${before + 1} 人附议`));
}

async function voteUi(page, decisionId, label, choice) {
  await page.goto(`${server.baseUrl}/votes/${decisionId}`);
  await matchText(page.getByTestId("my-ballot"), /您还没有投票/);
  await page.getByRole("radio", { name: label, exact: true }).check();
  await submitAndWait(page, "下一步：确认", /step=confirm/);
  await matchText(page.getByTestId("confirm"), new RegExp(`请确认您的选择.*${label}`));
  assert.equal(await page.getByRole("button", { name: "确认投票", exact: true }).count(), 1);
  await submitAndWait(page, "确认投票", /done=cast/);
  await matchText(page.getByTestId("vote-done"), new RegExp(`投票成功.*${label}`));
  await matchText(page.getByTestId("my-choice"), new RegExp(`您已投票：${label}`));
  // The API agrees: the ballot is recorded for the resident's unit.
  const trpc = trpcOf(page.context());
  const [unit] = (await trpc.get("households.myUnits", { limit: 10 })).items;
  const mine = await trpc.get("decisions.myBallot", { decisionId, unitId: unit.unitId });
  assert.equal(mine.choice, choice, JSON.stringify(mine));
}

/**
 * Staff open an owners' decision as the rules require: the notice is recorded the day it goes up (a
 * backdated one is refused), voting opens 15 days later (条例 Art. 35; a shorter notice is refused), so the
 * server's clock travels 16 days — every browser context stays signed in — and then voting opens.
 */
async function openDecision(input) {
  const now = server.now().getTime();
  const opensAt = new Date(now + 15 * DAY + 3_600_000);
  const created = await staff.post("decisions.create", {
    compoundId,
    art278Item: 4,
    opensAt: opensAt.toISOString(),
    closesAt: new Date(opensAt.getTime() + 7 * DAY).toISOString(),
    ...input,
  });
  assert.equal(created.status, "draft");
  assert.equal(created.matter, "ordinary");
  const client = trpcClient(staff.context.request, server.baseUrl);
  // A notice "posted" 16 days ago, typed in today, is refused: the 15 days count from a real notice…
  const backdated = await client.send("post", "decisions.notice", {
    id: created.id,
    noticedOn: beijingDate(now - 16 * DAY),
  });
  assert.equal(backdated.ok, false, "a backdated notice is refused");
  assert.equal(
    backdated.error?.data?.messageKey,
    "error.decision.notice_backdated",
    JSON.stringify(backdated.error),
  );
  // …and a notice only 10 days before voting opens is refused by the 15-day rule.
  const early = await client.send("post", "decisions.notice", {
    id: created.id,
    noticedOn: beijingDate(now),
    opensAt: new Date(now + 10 * DAY).toISOString(),
  });
  assert.equal(early.ok, false, "a notice under 15 days before voting is refused");
  assert.ok(early.error?.data?.messageKey, JSON.stringify(early.error));
  assert.notEqual(early.error.data.messageKey, "error.invalid_input", JSON.stringify(early.error));
  const noticed = await staff.post("decisions.notice", { id: created.id, noticedOn: beijingDate(now) });
  assert.equal(noticed.status, "noticed");
  assert.ok(noticed.daysOfNotice >= 15, `days of notice: ${noticed.daysOfNotice}`);
  // Voting cannot open before its announced time…
  const tooSoon = await client.send("post", "decisions.open", { id: created.id });
  assert.equal(tooSoon.error?.data?.messageKey, "error.decision.not_yet_open", JSON.stringify(tooSoon.error));
  // …which comes 16 days later.
  await server.travel(16 * DAY, browser.contexts());
  const opened = await staff.post("decisions.open", { id: created.id });
  assert.equal(opened.status, "open");
  return created.id;
}

/** Staff take a ledger item to done with progress and evidence. */
async function finishLedgerItem(input) {
  const item = await staff.post("ledger.create", {
    responsibleUnit: "温泉南区社区居委会",
    // A deadline is set for today or later (a past one is refused).
    deadline: beijingDate(server.now().getTime()),
    ...input,
  });
  await staff.post("ledger.addNote", { id: item.id, note: `已联系施工单位进场${run}` });
  await staff.post("ledger.addEvidence", {
    id: item.id,
    description: "施工完成照片与验收单",
    url: "https://example.org/evidence/acceptance.pdf",
  });
  await staff.post("ledger.transition", { id: item.id, to: "in_progress" });
  const done = await staff.post("ledger.transition", { id: item.id, to: "done" });
  assert.equal(done.status, "done");
  return item.id;
}

async function rateUi(page, itemId, title, score, { js }) {
  await page.goto(`${server.baseUrl}/ledger`);
  // Find the item on the ledger (following the pages, as a resident would).
  for (let i = 0; i < 10; i++) {
    if ((await page.getByRole("link", { name: title }).count()) > 0) break;
    const next = page.getByRole("link", { name: "下一页" });
    assert.ok((await next.count()) > 0, `ledger item "${title}" not found on the ledger`);
    await Promise.all([page.waitForURL(/cursor=/), next.click()]);
    await page.waitForLoadState("load");
  }
  const card = page.locator(`[data-testid=ledger-item]:has(a[href="/ledger/${itemId}"])`);
  assert.equal(await card.getAttribute("data-status"), "done");
  await matchText(card, /已办结/);
  if (js) await expectAxeClean(page, "/ledger");
  await Promise.all([page.waitForURL(new RegExp(`/ledger/${itemId}$`)), card.locator("h2 a").click()]);
  await page.locator("h1").filter({ hasText: title }).waitFor();
  await matchText(page.getByTestId("ledger-progress"), new RegExp(`已联系施工单位进场${run}`));
  if (js) await expectAxeClean(page, "/ledger/:id");
  await page.locator('textarea[name="comment"]').fill("办得及时，谢谢社区。");
  await page.locator(`label:has(input[name="score"][value="${score}"])`).click();
  await page.getByRole("button", { name: "提交评价" }).click();
  await page.getByText("感谢您的评价！").waitFor();
  assert.match(page.url(), new RegExp(`/ledger/${itemId}\\?rated=${score}`), "post/redirect/get");
  await matchText(page.getByTestId("my-rating"), new RegExp(`${score} 分`));
  const item = await trpcOf(page.context()).get("ledger.publicGet", { id: itemId });
  assert.equal(item.myRating?.score, score);
  assert.equal(item.ratings, 1);
  // Coming back later: my rating is shown, and no second rating is offered.
  await page.goto(`${server.baseUrl}/ledger/${itemId}`);
  await matchText(page.getByTestId("my-rating"), new RegExp(`您的评分：${score} 分`));
  assert.equal(await page.getByTestId("rate-form").count(), 0, "no rating form once rated");
  await matchText(page.locator("#rating"), /您已经评价过这个事项/);
}

describe("the resident journey, end to end", { timeout: 300_000 }, () => {
  before(async () => {
    assertPrerequisites();
    server = await startServer();
    console.log(`server ready at ${server.baseUrl} in ${(server.startupMs / 1000).toFixed(1)} s`);
    browser = await launchBrowser();
    staff = await apiSession(staffPhone);
    const me = await staff.get("auth.me");
    communityId = me.roles.find((r) => r.role === "community_staff")?.scopeId;
    assert.ok(communityId, "the staff login is community staff");
    const compounds = await staff.get("registryAdmin.listCompounds", {
      scopeLevel: "community",
      scopeId: communityId,
      search: compoundName,
      limit: 10,
    });
    compoundId = compounds.items.find((c) => c.name === compoundName)?.id;
    assert.ok(compoundId, `${compoundName} is a compound of 温泉南区社区`);
    buildings = (await staff.get("registryAdmin.listBuildings", { compoundId, limit: 50 })).items;
    assert.ok(buildings.length >= 3, "the demo compound has buildings");
  });

  after(async () => {
    await staff?.close();
    await browser?.close();
    await server?.stop();
  });

  test("with JavaScript: sign up → verify → propose → supported → meeting → owners' vote → tally → ledger → rating", async () => {
    const resident = await newPage();
    const { page } = resident;
    const name = `新住户${run}`;

    // 1. Sign up.
    await signUpUi(page, freshPhone(), name, "新家新社区-共治-2026");
    await expectAxeClean(page, "/residency (welcome)");
    assert.ok(await page.getByRole("link", { name: `已登录：${name}` }).isVisible());

    // Before verification: no community yet, and every page says what to do about it.
    await page.goto(`${server.baseUrl}/topics/new`);
    await matchText(page.locator("main"), /您还没有加入社区，暂时不能提出议题/);
    assert.equal(await page.locator('main a[href="/verify"]').count(), 1);
    await expectAxeClean(page, "/topics/new (no community)");
    await page.goto(`${server.baseUrl}/`);
    await matchText(page.getByTestId("home-votes"), /认证业主才能参加业主投票/);
    await page.goto(`${server.baseUrl}/ledger`);
    await matchText(page.locator("main"), /还没有关联社区/);

    // 2. The community office prints the codes of a building; the resident verifies with one.
    const code = await householdCode(Math.floor(buildings.length / 2));
    await verifyUi(page, code);
    await expectAxeClean(page, "/me (verified)");
    const trpc = trpcOf(resident.context);
    const myUnits = (await trpc.get("households.myUnits", { limit: 10 })).items;
    assert.equal(myUnits.length, 1);
    assert.equal(myUnits[0].unitId, code.unitId);
    assert.equal(myUnits[0].compoundId, compoundId);
    assert.ok(myUnits[0].ownerKey, "linked to the unit's owner party");
    const me = await trpc.get("auth.me");
    assert.ok(me.roles.some((r) => r.role === "verified_owner" && r.scopeId === code.unitId));
    assert.ok(me.roles.some((r) => r.role === "resident" && r.scopeId === communityId));
    // The code works once.
    const again = await trpcClient(resident.context.request, server.baseUrl).send(
      "post",
      "households.redeem",
      {
        code: code.code,
      },
    );
    assert.equal(again.ok, false, "a used code is refused");
    assert.ok(again.error?.data?.messageKey, JSON.stringify(again.error));
    assert.notEqual(again.error.data.messageKey, "error.invalid_input", JSON.stringify(again.error));

    // 3. Propose and publish.
    const title = `妫川家园北门增设无障碍坡道${run}`;
    await page.goto(`${server.baseUrl}/topics/new`);
    await expectAxeClean(page, "/topics/new");
    const topicId = await proposeUi(
      page,
      title,
      "北门只有台阶，坐轮椅的老人和推婴儿车的家长进出很难，建议在台阶旁增设一条无障碍坡道。",
    );
    await matchText(page.getByTestId("support-count"), /已有 0 人附议，达到 10 人后/);
    await expectAxeClean(page, "/topics/:id (author)");
    let topic = await trpc.get("topics.get", { topicId });
    assert.equal(topic.status, "collecting");
    assert.equal(topic.supportThreshold, 10);

    // 4. Neighbours support it: the first through the portal, the rest with their own sessions.
    const neighbour = await newPage();
    await signInUi(neighbour.page, synthetic(1), `/topics/${topicId}`);
    await supportUi(neighbour.page, topicId);
    await expectAxeClean(neighbour.page, "/topics/:id (supporter)");
    assert.deepEqual(neighbour.errors, []);
    await neighbour.context.close();
    for (let n = 2; n <= 10; n++) {
      const other = await apiSession(synthetic(n));
      const r = await other.post("topics.support", { topicId });
      assert.equal(r.supportCount, n);
      assert.equal(r.status, n < 10 ? "collecting" : "awaiting_screening");
      await other.close();
    }
    await page.goto(`${server.baseUrl}/topics/${topicId}`);
    await matchText(page.locator("main"), /附议已达标，等待社区审核/);
    await matchText(page.getByTestId("support-count"), /已有 10 人附议/);
    await expectAxeClean(page, "/topics/:id (awaiting screening)");

    // 5. Staff accept it and take it through this month's meeting to a decision needing an owners' vote.
    assert.equal((await staff.post("topics.accept", { topicId, note: "符合受理条件" })).status, "accepted");
    const month = beijingMonth(server.now().getTime());
    const meetings = await staff.get("meetings.list", {
      communityId,
      fromMonth: month,
      toMonth: month,
      limit: 5,
    });
    let meeting = meetings.items.find((m) => m.month === month);
    if (!meeting)
      meeting = await staff.post("meetings.plan", {
        communityId,
        month,
        scheduledAt: server.now().toISOString(),
        location: "温泉南区社区居委会议事厅",
      });
    assert.equal(meeting.status, "planned", "this month's meeting is still planned");
    // It is held — and recorded — on its day, not before: the clock goes there if it is later this month.
    const untilMeeting = new Date(meeting.scheduledAt).getTime() - server.now().getTime();
    if (untilMeeting > 0) await server.travel(untilMeeting + 60_000, browser.contexts());
    const agendaBefore = (await staff.get("meetings.get", { meetingId: meeting.id })).agenda;
    const agenda = await staff.post("meetings.setAgenda", {
      meetingId: meeting.id,
      items: [
        ...agendaBefore.map((i) => (i.topicId ? { topicId: i.topicId } : { title: i.title })),
        { topicId },
      ],
    });
    assert.ok(agenda.some((i) => i.topicId === topicId && i.topicStatus === "scheduled"));
    assert.equal((await staff.post("meetings.markHeld", { meetingId: meeting.id })).status, "held");
    const meetingDecision = await staff.post("meetings.recordDecision", {
      meetingId: meeting.id,
      topicId,
      text: "同意在北门增设无障碍坡道，费用从专项维修资金列支，提请业主共同决定。",
      requiresOwnersVote: true,
    });
    assert.equal(meetingDecision.requiresOwnersVote, true);
    topic = await trpc.get("topics.get", { topicId });
    assert.equal(topic.status, "decided");
    const decisionTitle = `关于北门增设无障碍坡道的业主共同决定${run}`;
    const decisionId = await openDecision({
      meetingDecisionId: meetingDecision.id,
      title: decisionTitle,
      description: "在北门台阶旁增设无障碍坡道，使用专项维修资金。",
    });

    // What the resident sees meanwhile: the topic's history, notifications, the meeting, home, votes.
    await page.goto(`${server.baseUrl}/topics/${topicId}`);
    const history = await text(page.locator("main"));
    for (const step of ["已受理", "已列入议事会议程", "已在议事会上协商", "已形成决定"])
      assert.match(history, new RegExp(step), `topic history shows ${step}`);
    await page.goto(`${server.baseUrl}/notifications`);
    const inbox = await text(page.locator("main"));
    assert.match(inbox, new RegExp(`您关注的议题“${title}”已被社区受理`));
    assert.match(inbox, new RegExp(`议题“${title}”已列入 .* 的议事会议程`));
    await expectAxeClean(page, "/notifications");
    await page.goto(`${server.baseUrl}/meetings/${meeting.id}`);
    const decisionsCard = await text(page.getByTestId("decisions"));
    assert.match(decisionsCard, /同意在北门增设无障碍坡道/);
    assert.match(decisionsCard, new RegExp(decisionTitle));
    await matchText(page.getByTestId("agenda"), new RegExp(title));
    await expectAxeClean(page, "/meetings/:id (held)");
    await page.goto(`${server.baseUrl}/`);
    assert.ok(
      await page.getByTestId("home-votes").locator(`a[href="/votes/${decisionId}"]`).isVisible(),
      "the open vote is on the new owner's home",
    );
    await matchText(page.getByTestId("home-compound"), new RegExp(compoundName));
    await expectAxeClean(page, "/ (verified owner)");
    await page.goto(`${server.baseUrl}/votes`);
    await page.getByTestId("votes-open").locator(`a[href="/votes/${decisionId}"]`).click();
    await page.waitForURL(new RegExp(`/votes/${decisionId}$`));

    // 6. The resident votes with the confirmation step; other owners of the compound vote too.
    await page.goto(`${server.baseUrl}/votes/${decisionId}`);
    assert.equal(await text(page.locator("h1")), decisionTitle);
    await matchText(page.getByTestId("rule"), /过半数/);
    await expectAxeClean(page, "/votes/:id (open)");
    const headcount = async () =>
      Number(await page.getByRole("progressbar", { name: "参与人数" }).getAttribute("aria-valuenow"));
    const before = await headcount();
    await voteUi(page, decisionId, "同意", "for");
    assert.equal(await headcount(), before + 1, "my owner key counts in the participation");
    await expectAxeClean(page, "/votes/:id (voted)");
    const choices = ["for", "for", "against", "for", "abstain", "for", "for", "against"];
    for (const [i, choice] of choices.entries()) {
      const owner = await apiSession(synthetic(11 + i));
      const [unit] = (await owner.get("households.myUnits", { limit: 5 })).items;
      assert.equal(unit.compoundId, compoundId);
      const cast = await owner.post("decisions.castBallot", { decisionId, unitId: unit.unitId, choice });
      assert.equal(cast.changed, false);
      await owner.close();
    }

    // 7. The vote cannot close before its announced end while owners have still to vote…
    const early = await trpcClient(staff.context.request, server.baseUrl).send("post", "decisions.close", {
      id: decisionId,
    });
    assert.equal(
      early.error?.data?.messageKey,
      "error.decision.not_yet_closable",
      JSON.stringify(early.error),
    );
    // …a week later it closes (tallied in the same step) and is published; the resident sees the tally.
    await server.travel(7 * DAY, browser.contexts());
    const closed = await staff.post("decisions.close", { id: decisionId });
    assert.equal(closed.status, "tallied");
    assert.equal(closed.tally.participated.headcount, choices.length + 1);
    assert.equal(closed.tally.for.headcount, choices.filter((c) => c === "for").length + 1);
    const published = await staff.post("decisions.publish", { id: decisionId });
    assert.equal(published.status, "published");
    await page.goto(`${server.baseUrl}/votes/${decisionId}`);
    const result = page.getByTestId("result");
    await result.locator("table").waitFor();
    // Columns: area (m²), headcount, share.
    const headcountOf = async (key) => text(result.locator(`tr[data-row="${key}"] td`).nth(1));
    for (const key of ["for", "against", "abstain", "participated", "eligible"])
      assert.equal(
        await headcountOf(key),
        closed.tally[key].headcount.toLocaleString("zh-CN"),
        `tally row ${key}`,
      );
    // 11 of about 240 owners took part: the 2/3 quorum is not met, so the decision did not pass.
    assert.equal(closed.tally.quorumMet, false);
    await matchText(result, /最终结果.*未通过/);
    await matchText(page.getByTestId("my-choice"), /您已投票：同意/);
    await expectAxeClean(page, "/votes/:id (published)");
    const publicView = await trpc.get("decisions.get", { id: decisionId });
    assert.equal(publicView.status, "published");

    // 8. Staff open a ledger item from the meeting decision and complete it; the resident rates it.
    const ledgerTitle = `北门无障碍坡道施工${run}`;
    const itemId = await finishLedgerItem({ meetingDecisionId: meetingDecision.id, title: ledgerTitle });
    await rateUi(page, itemId, ledgerTitle, 5, { js: true });
    await expectAxeClean(page, "/ledger/:id (rated)");

    assert.deepEqual(resident.errors, [], `page errors: ${resident.errors.join("; ")}`);
    await resident.context.close();
  });

  test("without JavaScript: sign up → verify → propose → supported → vote with confirmation → rate", async () => {
    // On a phone, as many older residents are.
    const noJs = {
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    };
    const fitsPhone = async (label) => {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `${label}: no sideways scrolling on a phone (${width}px)`);
    };
    const resident = await newPage(noJs);
    const { page, context } = resident;

    await signUpUi(page, freshPhone(), `无脚本住户${run}`, "无脚本也能共治-2026");
    await expectAxeCleanWithoutAppScripts(context, "/residency", "/residency");

    const code = await householdCode(Math.floor(buildings.length / 2) + 1);
    await verifyUi(page, code);
    await fitsPhone("/me");
    await expectAxeCleanWithoutAppScripts(context, "/me", "/me");

    const title = `楼道声控灯更换为感应灯${run}`;
    const topicId = await proposeUi(
      page,
      title,
      "楼道声控灯经常不亮，老人夜里上下楼不安全，建议全部更换为人体感应灯。",
    );
    await fitsPhone("/topics/:id");
    await expectAxeCleanWithoutAppScripts(context, `/topics/${topicId}`, "/topics/:id");

    // Another resident supports it without JavaScript (post/redirect/get).
    const neighbour = await newPage(noJs);
    await signInUi(neighbour.page, synthetic(21), `/topics/${topicId}`);
    await Promise.all([
      neighbour.page.waitForURL(/done=supported/),
      neighbour.page.getByRole("button", { name: "我要附议" }).click(),
    ]);
    await matchText(neighbour.page.getByTestId("support-count"), /已有 1 人附议/);
    assert.equal(await neighbour.page.getByRole("button", { name: "撤回附议" }).count(), 1);
    await neighbour.context.close();
    assert.equal((await trpcOf(context).get("topics.get", { topicId })).supportCount, 1);

    // A vote of the compound, organised by staff through the API; the resident votes with confirmation.
    const decisionId = await openDecision({
      title: `关于更换楼道感应灯的业主共同决定${run}`,
      description: "全部楼道声控灯更换为人体感应灯，使用公共收益列支。",
    });
    await voteUi(page, decisionId, "反对", "against");
    await fitsPhone("/votes/:id");
    await expectAxeCleanWithoutAppScripts(context, `/votes/${decisionId}`, "/votes/:id");

    // A done ledger item of the community: rated without JavaScript.
    const ledgerTitle = `楼道感应灯更换${run}`;
    const itemId = await finishLedgerItem({ communityId, title: ledgerTitle });
    await rateUi(page, itemId, ledgerTitle, 4, { js: false });
    await expectAxeCleanWithoutAppScripts(context, "/ledger", "/ledger");
    await fitsPhone("/ledger/:id");
    await expectAxeCleanWithoutAppScripts(context, `/ledger/${itemId}`, "/ledger/:id");
    await context.close();
  });
});
