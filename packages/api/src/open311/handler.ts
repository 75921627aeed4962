/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2, ADR 0019) as a fetch handler mounted at
 * /open311/v2/ by the portal server:
 *
 *   GET  services.{json,xml}                — the request categories (service_code = category code)
 *   GET  services/{service_code}.{json,xml} — a service definition (no attributes: metadata false)
 *   POST requests.{json,xml}                — file a request (api_key required; form-encoded)
 *   GET  requests.{json,xml}                — requests filed through Open311 (filters, ≤ 1000)
 *   GET  requests/{service_request_id}.{…}  — one request
 *   GET  tokens/{token}.{json,xml}          — the service_request_id of a token
 *
 * A filed request becomes a work order (工单) filed and dispatched by the catalogue exactly like
 * `workOrders.create` (routers/work-orders/intake.ts `fileOrder`). The requester's phone and e-mail are
 * stored and never shown. GET lists only orders that came in through Open311: a 12345 caller never
 * agreed to have their request published. `jurisdiction_id` is a district code: optional, and when
 * given it must exist (404) and, on POST, be the api_key's district (403).
 */
import { mainlandMobile } from "@gongzhi/core";
import { type Database, hotlineRepository, tables, type WorkOrderRow } from "@gongzhi/db";
import { and, desc, eq, gte, inArray, lte, notInArray, type SQL } from "drizzle-orm";
import { fileOrder } from "../routers/work-orders/intake.ts";
import { calendarFrom } from "../routers/work-orders/shared.ts";
import { audited } from "../trpc.ts";
import { errorResponse, type Format, type Item, listResponse, objectResponse, w3c } from "./format.ts";
import { verifyOpen311Key } from "./keys.ts";

export const OPEN311_PREFIX = "/open311/v2/";
/** The spec's default window of GET requests, and the most one answer returns. */
export const DEFAULT_WINDOW_DAYS = 90;
export const MAX_REQUESTS = 1000;
const DAY_MS = 86_400_000;

export interface Open311Deps {
  db: Database["db"];
  now: () => Date;
}
export interface Open311Meta {
  ip?: string | null;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    description: string,
  ) {
    super(description);
  }
}

const routes: { re: RegExp; name: "services" | "service" | "requests" | "request" | "token" }[] = [
  { re: /^services\.(json|xml)$/, name: "services" },
  { re: /^services\/([^/]+)\.(json|xml)$/, name: "service" },
  { re: /^requests\.(json|xml)$/, name: "requests" },
  { re: /^requests\/([^/]+)\.(json|xml)$/, name: "request" },
  { re: /^tokens\/([^/]+)\.(json|xml)$/, name: "token" },
];

/** The Open311 handler over a database: `(request) => Promise<Response>`. */
export function createOpen311Handler(deps: Open311Deps) {
  return async (request: Request, meta: Open311Meta = {}): Promise<Response> => {
    const url = new URL(request.url);
    const at = url.pathname.indexOf(OPEN311_PREFIX);
    const rest = at < 0 ? "" : url.pathname.slice(at + OPEN311_PREFIX.length);
    let decoded: string;
    try {
      decoded = decodeURIComponent(rest);
    } catch {
      decoded = "";
    }
    const format: Format = /\.xml$/i.test(decoded) ? "xml" : "json";
    const cors = { "Access-Control-Allow-Origin": "*" };
    let matched: { name: (typeof routes)[number]["name"]; param: string | null } | null = null;
    for (const r of routes) {
      const m = r.re.exec(decoded);
      if (m) matched = { name: r.name, param: m.length === 3 ? m[1]! : null };
    }
    try {
      if (!matched) {
        if (/\.[a-z0-9]+$/i.test(decoded) && !/\.(json|xml)$/i.test(decoded))
          throw new Refusal(400, "format not supported: use .json or .xml");
        throw new Refusal(404, "no such Open311 resource");
      }
      const method = request.method;
      const isRead = method === "GET" || method === "HEAD";
      if (matched.name === "requests" && method === "POST") {
        const res = await postRequest(deps, request, url, format, meta);
        return res;
      }
      if (!isRead) {
        return errorResponse(format, 405, `method ${method} not allowed`, {
          Allow: matched.name === "requests" ? "GET, HEAD, POST" : "GET, HEAD",
          ...cors,
        });
      }
      const q = url.searchParams;
      const districtId = await jurisdiction(deps, q.get("jurisdiction_id"));
      switch (matched.name) {
        case "services":
          return listResponse(format, "services", "service", await services(deps, request), 200, cors);
        case "service":
          return objectResponse(format, "service_definition", await serviceDefinition(deps, matched.param!));
        case "requests":
          return listResponse(
            format,
            "service_requests",
            "request",
            await listRequests(deps, q, districtId),
            200,
            cors,
          );
        case "request": {
          const items = await listRequests(
            deps,
            new URLSearchParams({ service_request_id: matched.param! }),
            districtId,
          );
          if (items.length === 0) throw new Refusal(404, "service_request_id not found");
          return listResponse(format, "service_requests", "request", items, 200, cors);
        }
        case "token":
          return listResponse(
            format,
            "service_requests",
            "request",
            await tokenLookup(deps, matched.param!),
            200,
            cors,
          );
      }
    } catch (error) {
      if (error instanceof Refusal) return errorResponse(format, error.status, error.message, cors);
      console.error("[open311]", error);
      return errorResponse(format, 500, "internal error", cors);
    }
  };
}

/** `jurisdiction_id` (a district code) → the district's id; absent → null (every district). */
async function jurisdiction(deps: Open311Deps, code: string | null): Promise<string | null> {
  if (code === null || code === "") return null;
  if (code.length > 40) throw new Refusal(404, "jurisdiction_id not found");
  const [d] = await deps.db
    .select({ id: tables.districts.id })
    .from(tables.districts)
    .where(eq(tables.districts.code, code));
  if (!d) throw new Refusal(404, "jurisdiction_id not found");
  return d.id;
}

const english = (request: Request) => /^en\b/i.test(request.headers.get("accept-language") ?? "");

async function services(deps: Open311Deps, request: Request): Promise<Item[]> {
  const tree = await hotlineRepository(deps.db).categoryTree();
  const en = english(request);
  const out: Item[] = [];
  const walk = (nodes: typeof tree, group: string | null) => {
    for (const n of nodes) {
      const name = en ? n.nameEn : n.nameZh;
      const top = group ?? name;
      // Services are the categories a request can be filed under: the leaves (a root with no
      // children is its own group).
      if (n.children.length === 0 && n.active)
        out.push({
          service_code: n.code,
          service_name: name,
          description: describe(n, en),
          metadata: false,
          type: "realtime",
          keywords: [n.nameZh, n.nameEn].join(","),
          group: top,
        });
      walk(n.children, top);
    }
  };
  walk(tree, null);
  return out;
}

function describe(
  c: { nameZh: string; nameEn: string; limitKind: string; limitAmount: number },
  en: boolean,
) {
  const limit =
    c.limitKind === "natural_hours"
      ? en
        ? `${c.limitAmount} hours, around the clock`
        : `${c.limitAmount} 小时（全天候）`
      : en
        ? `${c.limitAmount} working day${c.limitAmount === 1 ? "" : "s"}`
        : `${c.limitAmount} 个工作日`;
  return en ? `${c.nameEn} — time limit ${limit}` : `${c.nameZh}（办理时限 ${limit}）`;
}

async function serviceDefinition(deps: Open311Deps, code: string): Promise<Item> {
  const [c] = await deps.db
    .select()
    .from(tables.requestCategories)
    .where(eq(tables.requestCategories.code, code));
  if (!c?.active) throw new Refusal(404, "service_code not found");
  return { service_code: c.code, attributes: [] };
}

async function tokenLookup(deps: Open311Deps, token: string): Promise<Item[]> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(token))
    throw new Refusal(404, "token not found");
  const [row] = await deps.db
    .select({ number: tables.workOrders.number, token: tables.open311Requests.token })
    .from(tables.open311Requests)
    .innerJoin(tables.workOrders, eq(tables.workOrders.id, tables.open311Requests.workOrderId))
    .where(eq(tables.open311Requests.token, token.toLowerCase()));
  if (!row) throw new Refusal(404, "token not found");
  return [{ service_request_id: row.number, token: row.token }];
}

function parseDate(name: string, v: string | null): Date | null {
  if (v === null || v === "") return null;
  // W3C / ISO 8601 datetimes (a bare date is read as Beijing midnight).
  const s = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00+08:00` : v;
  const t = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(s)
    ? Date.parse(s)
    : NaN;
  if (Number.isNaN(t))
    throw new Refusal(400, `${name} must be a W3C datetime like 2026-12-01T00:00:00+08:00`);
  return new Date(t);
}

const CLOSED = ["closed", "merged"] as const;

async function listRequests(
  deps: Open311Deps,
  q: URLSearchParams,
  districtId: string | null,
): Promise<Item[]> {
  const w = tables.workOrders;
  const conditions: (SQL | undefined)[] = [districtId ? eq(w.districtId, districtId) : undefined];
  const ids = q.get("service_request_id");
  if (ids !== null && ids !== "") {
    // With ids, the spec ignores every other filter.
    const list = ids
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (list.length > MAX_REQUESTS || list.some((s) => s.length > 40))
      throw new Refusal(400, `at most ${MAX_REQUESTS} service_request_id values`);
    conditions.push(inArray(w.number, list));
  } else {
    const code = q.get("service_code");
    if (code) {
      const codes = code
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      const cats = await deps.db
        .select({ id: tables.requestCategories.id })
        .from(tables.requestCategories)
        .where(inArray(tables.requestCategories.code, codes.slice(0, 200)));
      if (cats.length === 0) return [];
      conditions.push(
        inArray(
          w.categoryId,
          cats.map((c) => c.id),
        ),
      );
    }
    let start = parseDate("start_date", q.get("start_date"));
    let end = parseDate("end_date", q.get("end_date"));
    if (start && end && end.getTime() < start.getTime())
      throw new Refusal(400, "end_date is before start_date");
    if (start && end && end.getTime() - start.getTime() > DEFAULT_WINDOW_DAYS * DAY_MS)
      throw new Refusal(400, `start_date and end_date may not span more than ${DEFAULT_WINDOW_DAYS} days`);
    if (!start && !end) start = new Date(deps.now().getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
    else if (start && !end) end = new Date(start.getTime() + DEFAULT_WINDOW_DAYS * DAY_MS);
    else if (!start && end) start = new Date(end.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
    conditions.push(gte(w.receivedAt, start!));
    if (end) conditions.push(lte(w.receivedAt, end));
    const status = q.get("status");
    if (status) {
      const wanted = new Set(status.split(",").map((s) => s.trim().toLowerCase()));
      if ([...wanted].some((s) => s !== "open" && s !== "closed"))
        throw new Refusal(400, "status must be open or closed");
      if (wanted.size === 1)
        conditions.push(
          wanted.has("closed") ? inArray(w.status, [...CLOSED]) : notInArray(w.status, [...CLOSED]),
        );
    }
  }
  const rows = await deps.db
    .select({ order: w, extra: tables.open311Requests })
    .from(w)
    .innerJoin(tables.open311Requests, eq(tables.open311Requests.workOrderId, w.id))
    .where(and(...conditions))
    .orderBy(desc(w.receivedAt), desc(w.id))
    .limit(MAX_REQUESTS);
  return describeOrders(deps, rows);
}

async function describeOrders(
  deps: Open311Deps,
  rows: { order: WorkOrderRow; extra: typeof tables.open311Requests.$inferSelect }[],
): Promise<Item[]> {
  if (rows.length === 0) return [];
  const db = deps.db;
  const categories = new Map(
    (await db.select().from(tables.requestCategories)).map((c) => [c.id, c] as const),
  );
  const unitIds = [
    ...new Set(
      rows.flatMap((r) => [r.order.leadUnitId ?? r.order.assignedUnitId].filter(Boolean) as string[]),
    ),
  ];
  const units = new Map(
    unitIds.length === 0
      ? []
      : (
          await db
            .select({ id: tables.handlingUnits.id, name: tables.handlingUnits.name })
            .from(tables.handlingUnits)
            .where(inArray(tables.handlingUnits.id, unitIds))
        ).map((u) => [u.id, u.name] as const),
  );
  const compoundIds = [...new Set(rows.flatMap((r) => (r.order.compoundId ? [r.order.compoundId] : [])))];
  const compounds = new Map(
    compoundIds.length === 0
      ? []
      : (
          await db
            .select({ id: tables.compounds.id, code: tables.compounds.code })
            .from(tables.compounds)
            .where(inArray(tables.compounds.id, compoundIds))
        ).map((c) => [c.id, c.code] as const),
  );
  // status_notes: the latest answer (办结答复) of each order.
  const answers = new Map<string, string>();
  const answerRows = await db
    .select({ id: tables.workOrderEvents.workOrderId, note: tables.workOrderEvents.note })
    .from(tables.workOrderEvents)
    .where(
      and(
        inArray(
          tables.workOrderEvents.workOrderId,
          rows.map((r) => r.order.id),
        ),
        eq(tables.workOrderEvents.kind, "transition"),
        eq(tables.workOrderEvents.toStatus, "answered"),
      ),
    )
    .orderBy(tables.workOrderEvents.at);
  for (const a of answerRows) if (a.note) answers.set(a.id, a.note);
  return rows.map(({ order: o, extra }) => {
    const c = categories.get(o.categoryId);
    const unit = o.leadUnitId ?? o.assignedUnitId;
    return {
      service_request_id: o.number,
      status: (CLOSED as readonly string[]).includes(o.status) ? "closed" : "open",
      status_notes: answers.get(o.id) ?? null,
      service_name: c?.nameZh ?? null,
      service_code: c?.code ?? null,
      description: o.text,
      agency_responsible: unit ? (units.get(unit) ?? null) : null,
      service_notice: null,
      requested_datetime: w3c(o.receivedAt),
      updated_datetime: w3c(o.updatedAt),
      expected_datetime: w3c(o.dueAt),
      address: o.address === "" ? null : o.address,
      address_id: o.compoundId ? (compounds.get(o.compoundId) ?? null) : null,
      zipcode: null,
      lat: o.lat,
      long: o.lng,
      media_url: extra.mediaUrl,
    };
  });
}

/** The parameters of a POST: the spec says form-encoded (application/x-www-form-urlencoded). */
async function formOf(request: Request, url: URL): Promise<URLSearchParams> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded" && type !== "")
    throw new Refusal(400, "the body must be application/x-www-form-urlencoded");
  const body = new URLSearchParams(await request.text());
  // Some clients put api_key and jurisdiction_id in the query string: take them from there too.
  for (const k of ["api_key", "jurisdiction_id"]) {
    const v = url.searchParams.get(k);
    if (v !== null && !body.has(k)) body.set(k, v);
  }
  return body;
}

const trimmed = (form: URLSearchParams, name: string, max: number): string | null => {
  const v = form.get(name);
  if (v === null) return null;
  const s = v.trim();
  if (s.length > max) throw new Refusal(400, `${name} is longer than ${max} characters`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing NUL (PostgreSQL text cannot hold it)
  if (/[\u0000\ud800-\udfff]/.test(s)) throw new Refusal(400, `${name} contains invalid characters`);
  return s === "" ? null : s;
};

async function postRequest(
  deps: Open311Deps,
  request: Request,
  url: URL,
  format: Format,
  meta: Open311Meta,
): Promise<Response> {
  const form = await formOf(request, url);
  const apiKey = form.get("api_key");
  if (!apiKey) return errorResponse(format, 401, "api_key is required");
  const key = await verifyOpen311Key(deps.db, apiKey);
  if (!key) return errorResponse(format, 403, "api_key is not valid");
  const jurisdictionCode = trimmed(form, "jurisdiction_id", 40);
  if (jurisdictionCode) {
    const districtId = await jurisdiction(deps, jurisdictionCode);
    if (districtId !== key.districtId)
      throw new Refusal(403, "the api_key is not valid for this jurisdiction_id");
  }
  const serviceCode = trimmed(form, "service_code", 40);
  if (!serviceCode) throw new Refusal(400, "service_code is required");
  const [category] = await deps.db
    .select()
    .from(tables.requestCategories)
    .where(eq(tables.requestCategories.code, serviceCode));
  if (!category?.active) throw new Refusal(404, "service_code not found");

  const description = trimmed(form, "description", 4000);
  if (!description) throw new Refusal(400, "description is required");
  const addressString = trimmed(form, "address_string", 300) ?? "";
  const addressId = trimmed(form, "address_id", 40);
  const latText = trimmed(form, "lat", 30);
  const lngText = trimmed(form, "long", 30);
  let lat: number | null = null;
  let lng: number | null = null;
  if (latText !== null || lngText !== null) {
    const number = /^-?\d{1,3}(\.\d{1,12})?$/;
    if (!latText || !lngText || !number.test(latText) || !number.test(lngText))
      throw new Refusal(400, "lat and long must both be decimal degrees");
    lat = Number(latText);
    lng = Number(lngText);
    if (Math.abs(lat) > 90 || Math.abs(lng) > 180) throw new Refusal(400, "lat or long is out of range");
  }
  if (lat === null && !addressString && !addressId)
    throw new Refusal(400, "a location is required: lat and long, address_string or address_id");

  // The place: address_id is a compound code (小区编码) of the key's district.
  let place: { districtId: string; subdistrictId: string | null; communityId: string | null } = {
    districtId: key.districtId,
    subdistrictId: null,
    communityId: null,
  };
  let compoundId: string | null = null;
  if (addressId) {
    const [c] = await deps.db
      .select({
        id: tables.compounds.id,
        communityId: tables.compounds.communityId,
        subdistrictId: tables.communities.subdistrictId,
        districtId: tables.subdistricts.districtId,
      })
      .from(tables.compounds)
      .innerJoin(tables.communities, eq(tables.communities.id, tables.compounds.communityId))
      .innerJoin(tables.subdistricts, eq(tables.subdistricts.id, tables.communities.subdistrictId))
      .where(eq(tables.compounds.code, addressId));
    if (!c || c.districtId !== key.districtId)
      throw new Refusal(400, "address_id is not a compound code of this jurisdiction");
    place = { districtId: c.districtId, subdistrictId: c.subdistrictId, communityId: c.communityId };
    compoundId = c.id;
  }

  const email = trimmed(form, "email", 254);
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new Refusal(400, "email is not an e-mail address");
  const phoneText = trimmed(form, "phone", 30);
  const phone = phoneText ? phoneText.replace(/[\s()-]/g, "").replace(/^(\+?86)/, "") : null;
  if (phone && !mainlandMobile.safeParse(phone).success)
    throw new Refusal(400, "phone must be an 11-digit mainland mobile number");
  const name = [trimmed(form, "last_name", 25), trimmed(form, "first_name", 25)].filter(Boolean).join("");
  const mediaUrl = trimmed(form, "media_url", 2000);
  if (mediaUrl && !/^https?:\/\/[^\s]+$/i.test(mediaUrl))
    throw new Refusal(400, "media_url must be an http(s) URL");
  const deviceId = trimmed(form, "device_id", 100);

  const now = deps.now();
  const calendar = category.limitKind === "natural_hours" ? null : await calendarFrom(deps.db, now);
  const ctx = { db: deps.db, actor: null, ip: meta.ip ?? null, now: () => now };
  const created = await audited(ctx, async (tx) => {
    const { order, audit } = await fileOrder(
      tx,
      ctx,
      place,
      {
        type: "help",
        channel: key.channel,
        requesterName: name || null,
        requesterPhone: phone,
        requesterUserId: null,
        compoundId,
        buildingId: null,
        lat,
        lng,
        address: addressString,
        text: description,
        categoryId: category.id,
        receivedAt: now,
      },
      calendar,
    );
    const [extra] = await tx
      .insert(tables.open311Requests)
      .values({ workOrderId: order.id, apiKeyId: key.id, email, mediaUrl, deviceId, createdAt: now })
      .returning();
    await tx
      .update(tables.open311ApiKeys)
      .set({ lastUsedAt: now })
      .where(eq(tables.open311ApiKeys.id, key.id));
    audit.push({
      action: "open311.request",
      entityType: "work_order",
      entityId: order.id,
      after: { apiKeyId: key.id, channel: key.channel, mediaUrl },
    });
    return { result: { number: order.number, token: extra!.token }, audit };
  });
  return listResponse(format, "service_requests", "request", [
    { service_request_id: created.number, token: created.token, service_notice: null, account_id: null },
  ]);
}
