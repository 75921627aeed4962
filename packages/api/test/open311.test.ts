/**
 * Open311 GeoReport v2 (ADR 0019) through the fetch handler: every endpoint's answer and its errors in
 * the spec's format, the api_key required to file, a filed request becoming a work order dispatched by
 * the catalogue, the requester's phone and e-mail never shown, statuses mapped open/closed with the
 * answer as status_notes.
 */
import { hotlineRepository, loadChineseDaysCalendar, tables } from "@gongzhi/db";
import { rowCounts } from "@gongzhi/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOpen311Handler } from "../src/open311/handler.ts";
import { issueOpen311Key } from "../src/open311/keys.ts";
import { openTestDatabase, type TestDatabase } from "./support.ts";
import { buildWorld, type World } from "./world.ts";

/** Thursday 3 December 2026, 10:00 Beijing. */
let now = new Date("2026-12-03T02:00:00Z");
let t: TestDatabase;
let world: World;
let handle: ReturnType<typeof createOpen311Handler>;
let apiKey: string;
let outsideKey: string;
let districtCode: string;
let leafCode: string;
let rootName: string;
let compoundCode: string;

const base = "http://example.test/open311/v2/";
const get = (path: string, headers: Record<string, string> = {}) =>
  handle(new Request(base + path, { headers }));
const post = (
  path: string,
  form: Record<string, string>,
  contentType = "application/x-www-form-urlencoded",
) =>
  handle(
    new Request(base + path, {
      method: "POST",
      headers: { "content-type": contentType },
      body: new URLSearchParams(form).toString(),
    }),
  );
async function specError(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await res.json()) as { code: number; description: string }[];
  expect(body).toEqual([{ code: status, description: expect.any(String) }]);
  return body[0]!.description;
}

beforeAll(async () => {
  t = await openTestDatabase();
  world = await buildWorld(t.db);
  await loadChineseDaysCalendar(t.db, [2026, 2027]);
  handle = createOpen311Handler({ db: t.db, now: () => now });
  const [d] = await t.db
    .select()
    .from(tables.districts)
    .where(eq(tables.districts.id, world.inside.districtId));
  districtCode = d!.code;
  const [p] = await t.db
    .select()
    .from(tables.compounds)
    .where(eq(tables.compounds.id, world.inside.compoundId));
  compoundCode = p!.code;
  const tag = Date.now().toString(36);
  const h = hotlineRepository(t.db);
  rootName = `市容环境${tag}`;
  const root = await h.createCategory({
    code: `O3R${tag}`,
    nameZh: rootName,
    nameEn: "Environment",
    limitKind: "working_days",
    limitAmount: 13,
  });
  const leaf = await h.createCategory({
    parentId: root.id,
    code: `O3L${tag}`,
    nameZh: "道路破损",
    nameEn: "Damaged road",
    limitKind: "working_days",
    limitAmount: 3,
  });
  leafCode = leaf.code;
  await h.createDispatchRule({
    categoryId: root.id,
    districtId: world.inside.districtId,
    subdistrictId: world.inside.subdistrictId,
    unitId: world.inside.handlingUnitId,
    validFrom: "2020-01-01",
  });
  apiKey = (await issueOpen311Key(t.db, { districtId: world.inside.districtId, label: "测试客户端" }, now))
    .apiKey;
  outsideKey = (await issueOpen311Key(t.db, { districtId: world.outside.districtId, label: "外区" }, now))
    .apiKey;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`Open311 GeoReport v2 (${process.env.GONGZHI_TEST_DRIVER})`, () => {
  let filedId: string;
  let token: string;

  it("GET services.json lists the leaf categories as services, grouped by their top category", async () => {
    const res = await get("services.json");
    expect(res.status).toBe(200);
    const list = (await res.json()) as Record<string, unknown>[];
    const mine = list.find((s) => s.service_code === leafCode);
    expect(mine).toEqual({
      service_code: leafCode,
      service_name: "道路破损",
      description: "道路破损（办理时限 3 个工作日）",
      metadata: false,
      type: "realtime",
      keywords: "道路破损,Damaged road",
      group: rootName,
    });
    // A category with children is a group, not a service.
    expect(list.some((s) => String(s.service_code).startsWith("O3R"))).toBe(false);
    const en = (await (await get("services.json", { "accept-language": "en-US" })).json()) as Record<
      string,
      unknown
    >[];
    expect(en.find((s) => s.service_code === leafCode)?.service_name).toBe("Damaged road");
    // jurisdiction_id: a district code; an unknown one is a 404 in the spec's format.
    expect((await get(`services.json?jurisdiction_id=${districtCode}`)).status).toBe(200);
    await specError(await get("services.json?jurisdiction_id=nowhere"), 404);
  });

  it("GET services/{code}.json defines a service; an unknown code is a spec 404", async () => {
    const res = await get(`services/${leafCode}.json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ service_code: leafCode, attributes: [] });
    await specError(await get("services/NOPE.json"), 404);
  });

  it("serves XML too, errors included", async () => {
    const res = await get("services.xml");
    expect(res.headers.get("content-type")).toMatch(/^text\/xml/);
    const xml = await res.text();
    expect(xml).toContain(`<services><service><service_code>`);
    expect(xml).toContain(`<service_code>${leafCode}</service_code><service_name>道路破损</service_name>`);
    const err = await get("services/NOPE.xml");
    expect(err.status).toBe(404);
    expect(await err.text()).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?><errors><error><code>404<\/code><description>[^<]+<\/description><\/error><\/errors>$/,
    );
    await specError(await get("services.csv"), 400);
    await specError(await get("nothing-here.json"), 404);
  });

  it("POST requests.json needs an api_key: none → 401, a wrong or revoked one → 403; nothing is filed", async () => {
    const revoked = await issueOpen311Key(t.db, { districtId: world.inside.districtId, label: "旧" }, now);
    await t.db
      .update(tables.open311ApiKeys)
      .set({ revokedAt: now })
      .where(eq(tables.open311ApiKeys.id, revoked.row.id));
    const before = await rowCounts(t.db);
    const form = { service_code: leafCode, lat: "40.4657", long: "115.9850", description: "路面塌陷" };
    await specError(await post("requests.json", form), 401);
    await specError(await post("requests.json", { ...form, api_key: "nope" }), 403);
    const [id] = apiKey.split(".");
    await specError(await post("requests.json", { ...form, api_key: `${id}.${"a".repeat(52)}` }), 403);
    // A key of another district cannot file in this one.
    await specError(
      await post("requests.json", { ...form, api_key: outsideKey, jurisdiction_id: districtCode }),
      403,
    );
    await specError(await post("requests.json", { ...form, api_key: revoked.apiKey }), 403);
    expect(await rowCounts(t.db)).toBe(before);
  });

  it("POST requests.json refuses bad input with a spec 400/404 and files nothing", async () => {
    const before = await rowCounts(t.db);
    const ok = { api_key: apiKey, service_code: leafCode, address_id: compoundCode, description: "路面塌陷" };
    const bad: [Record<string, string>, number][] = [
      [{ ...ok, service_code: "" }, 400],
      [{ ...ok, service_code: "NOPE" }, 404],
      [{ ...ok, description: "" }, 400],
      [{ ...ok, description: "长".repeat(4001) }, 400],
      [{ api_key: apiKey, service_code: leafCode, description: "无位置" }, 400],
      [{ ...ok, address_id: "NOT-A-COMPOUND" }, 400],
      [{ ...ok, lat: "91", long: "0" }, 400],
      [{ ...ok, lat: "40.1" }, 400],
      [{ ...ok, lat: "1e3", long: "2" }, 400],
      [{ ...ok, phone: "010-12345678" }, 400],
      [{ ...ok, email: "not an email" }, 400],
      [{ ...ok, media_url: "javascript:alert(1)" }, 400],
      [{ ...ok, description: "a\u0000b" }, 400],
      [{ ...ok, jurisdiction_id: "nowhere" }, 404],
    ];
    for (const [form, status] of bad) await specError(await post("requests.json", form), status);
    await specError(await post("requests.json", ok, "application/json"), 400);
    const put = await handle(new Request(`${base}requests.json`, { method: "PUT" }));
    await specError(put, 405);
    expect(put.headers.get("allow")).toBe("GET, HEAD, POST");
    expect(await rowCounts(t.db)).toBe(before);
  });

  it("a filed request is a work order, filed on the key's channel and dispatched by the catalogue", async () => {
    const res = await post("requests.json", {
      api_key: apiKey,
      jurisdiction_id: districtCode,
      service_code: leafCode,
      address_id: compoundCode,
      address_string: "1号楼南侧路面",
      description: "路面塌陷，有积水",
      email: "resident@example.com",
      first_name: "小明",
      last_name: "王",
      phone: "+86 139-1234-5678",
      media_url: "https://example.com/photo.jpg",
    });
    expect(res.status).toBe(200);
    const [answer] = (await res.json()) as { service_request_id: string; token: string }[];
    expect(answer!.service_request_id).toMatch(/^20261203\d{5}$/);
    token = answer!.token;
    const order = await hotlineRepository(t.db).getWorkOrderByNumber(answer!.service_request_id);
    expect(order).toMatchObject({
      channel: "open311",
      type: "help",
      status: "dispatched",
      assignedUnitId: world.inside.handlingUnitId,
      compoundId: world.inside.compoundId,
      subdistrictId: world.inside.subdistrictId,
      requesterName: "王小明",
      requesterPhone: "13912345678",
      text: "路面塌陷，有积水",
    });
    filedId = order!.id;
    const [extra] = await t.db
      .select()
      .from(tables.open311Requests)
      .where(eq(tables.open311Requests.workOrderId, order!.id));
    expect(extra).toMatchObject({ email: "resident@example.com", mediaUrl: "https://example.com/photo.jpg" });
    const [audit] = await t.db
      .select()
      .from(tables.auditLog)
      .where(eq(tables.auditLog.action, "open311.request"));
    expect(audit?.entityId).toBe(order!.id);

    // A point with no compound: the district's catalogue applies (no district-wide rule here: not dispatched).
    const point = await post("requests.json", {
      api_key: apiKey,
      service_code: leafCode,
      lat: "40.4657",
      long: "115.985",
      description: "井盖缺失",
    });
    expect(point.status).toBe(200);
    const [p] = (await point.json()) as { service_request_id: string }[];
    const o = await hotlineRepository(t.db).getWorkOrderByNumber(p!.service_request_id);
    expect(o).toMatchObject({ lat: 40.4657, lng: 115.985, compoundId: null, status: "received" });
  });

  it("GET tokens/{token}.json gives the service_request_id", async () => {
    const res = await get(`tokens/${token}.json`);
    expect(res.status).toBe(200);
    const [r] = (await res.json()) as { service_request_id: string; token: string }[];
    expect(r!.token).toBe(token);
    await specError(await get("tokens/00000000-0000-4000-8000-000000000000.json"), 404);
    await specError(await get("tokens/garbage.json"), 404);
  });

  it("GET requests/{id}.json shows the request without the requester's phone or e-mail; open until closed, the answer as status_notes", async () => {
    const [o] = await t.db.select().from(tables.workOrders).where(eq(tables.workOrders.id, filedId));
    const res = await get(`requests/${o!.number}.json`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain("13912345678");
    expect(text).not.toContain("resident@example.com");
    expect(text).not.toContain("王小明");
    const [r] = JSON.parse(text);
    expect(r).toMatchObject({
      service_request_id: o!.number,
      status: "open",
      status_notes: null,
      service_code: leafCode,
      service_name: "道路破损",
      description: "路面塌陷，有积水",
      address: "1号楼南侧路面",
      address_id: compoundCode,
      requested_datetime: "2026-12-03T10:00:00+08:00",
      media_url: "https://example.com/photo.jpg",
    });
    expect(r.agency_responsible).toMatch(/^街道办事处/);
    await specError(await get("requests/0000000000000.json"), 404);

    // The unit accepts, works and answers; then the callback closes it.
    const h = hotlineRepository(t.db);
    const unitId = world.inside.handlingUnitId;
    for (const move of [
      { to: "accepted", actor: "unit_staff", unitId },
      { to: "in_progress", actor: "unit_staff", unitId },
      { to: "answered", actor: "unit_staff", unitId, answer: "已修补路面" },
    ] as const)
      await h.transition(filedId, { ...move, at: now });
    const answered = ((await (await get(`requests/${o!.number}.json`)).json()) as unknown[])[0];
    expect(answered).toMatchObject({ status: "open", status_notes: "已修补路面" });
    await h.transition(filedId, {
      to: "called_back",
      actor: "intake_staff",
      at: now,
      callback: { solved: true, valid: true },
    });
    await h.transition(filedId, {
      to: "closed",
      actor: "intake_staff",
      at: now,
      callback: { solved: true, valid: true },
    });
    const closed = ((await (await get(`requests/${o!.number}.json`)).json()) as unknown[])[0];
    expect(closed).toMatchObject({ status: "closed", status_notes: "已修补路面" });
  });

  it("GET requests.json filters by id list, service_code, dates and status; 90 days by default; only Open311 requests", async () => {
    // A 12345 phone order of the same category and day: never listed.
    const [leaf] = await t.db
      .select()
      .from(tables.requestCategories)
      .where(eq(tables.requestCategories.code, leafCode));
    const phoneOrder = await hotlineRepository(t.db).createWorkOrder(
      {
        type: "complaint",
        channel: "hotline_12345",
        requesterPhone: "13700000000",
        districtId: world.inside.districtId,
        subdistrictId: world.inside.subdistrictId,
        communityId: world.inside.communityId,
        compoundId: world.inside.compoundId,
        text: "电话来的诉求",
        categoryId: leaf!.id,
        receivedAt: now,
        limit: { kind: "natural_hours", amount: 24 },
      },
      null,
    );
    const [o311] = await t.db.select().from(tables.workOrders).where(eq(tables.workOrders.id, filedId));
    const all = (await (await get("requests.json")).json()) as {
      service_request_id: string;
      status: string;
    }[];
    expect(all.length).toBe(2);
    expect(all.map((r) => r.service_request_id)).not.toContain(phoneOrder.number);
    await specError(await get(`requests/${phoneOrder.number}.json`), 404);
    expect(all.every((r) => !("phone" in r) && !("email" in r))).toBe(true);
    const byId = (await (
      await get(`requests.json?service_request_id=${o311!.number},nope`)
    ).json()) as unknown[];
    expect(byId.length).toBe(1);
    expect(((await (await get(`requests.json?service_code=${leafCode}`)).json()) as unknown[]).length).toBe(
      2,
    );
    expect(((await (await get("requests.json?service_code=NOPE")).json()) as unknown[]).length).toBe(0);
    const closed = (await (await get("requests.json?status=closed")).json()) as { status: string }[];
    expect(closed.map((r) => r.status)).toEqual(["closed"]);
    const open = (await (await get("requests.json?status=open")).json()) as { status: string }[];
    expect(open.map((r) => r.status)).toEqual(["open"]);
    const window = (await (
      await get("requests.json?start_date=2026-12-03T00:00:00%2B08:00&end_date=2026-12-04T00:00:00%2B08:00")
    ).json()) as unknown[];
    expect(window.length).toBe(2);
    const before = (await (await get("requests.json?end_date=2026-12-01T00:00:00Z")).json()) as unknown[];
    expect(before.length).toBe(0);
    // Three months on, the default window (90 days) no longer holds them.
    now = new Date("2027-03-10T02:00:00Z");
    expect(((await (await get("requests.json")).json()) as unknown[]).length).toBe(0);
    now = new Date("2026-12-03T02:00:00Z");
    await specError(await get("requests.json?start_date=yesterday"), 400);
    await specError(await get("requests.json?start_date=2026-01-01&end_date=2026-12-01"), 400);
    await specError(await get("requests.json?status=pending"), 400);
    const xml = await (await get("requests.xml")).text();
    expect(xml).toMatch(/^<\?xml[^>]*\?><service_requests><request><service_request_id>/);
  });
});
