/**
 * 接诉即办: work orders in every state the procedures act on, one set per side, each order assigned to
 * (or led by) the side's handling unit, so unit_staff of the inside unit is inside and outside is not.
 */
import type { WorkOrderMove } from "@gongzhi/core";
import { type Db, hotlineRepository, tables } from "@gongzhi/db";
import { eq } from "drizzle-orm";
import { checkPhotos, storePhotos } from "../../src/uploads.ts";
import { testUploadDir } from "../support.ts";
import type { Place, Side, World } from "../world.ts";
import type { DomainCases } from "./cases.ts";

let seq = 0;

/** The smallest valid PNG (1×1), for photo fixtures. */
export const tinyPng = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);

/** A 24/7 category (natural hours), so the fixtures need no stored working calendar. */
async function category(db: Db, tag: string) {
  return hotlineRepository(db).createCategory({
    code: `WOC${tag}`,
    nameZh: "供水",
    nameEn: "Water supply",
    limitKind: "natural_hours",
    limitAmount: 24,
    allHours: true,
  });
}

/** An order of the side's compound moved through `moves` (each at now). */
export async function orderIn(
  db: Db,
  place: Place,
  categoryId: string,
  moves: Omit<WorkOrderMove, "at">[],
  requesterUserId: string | null = null,
) {
  const h = hotlineRepository(db);
  let o = await h.createWorkOrder(
    {
      type: "complaint",
      channel: requesterUserId ? "web" : "hotline_12345",
      requesterName: "张三",
      requesterPhone: "13812345678",
      requesterUserId,
      districtId: place.districtId,
      subdistrictId: place.subdistrictId,
      communityId: place.communityId,
      compoundId: place.compoundId,
      buildingId: place.buildingId,
      address: "1号楼",
      text: "楼道停水",
      categoryId,
      receivedAt: new Date(),
    },
    null,
  );
  for (const m of moves) o = (await h.transition(o.id, { ...m, at: new Date() })).order;
  return o;
}

/** The moves to a state, for the side's unit. */
export const path = (unitId: string) => {
  const dispatched: Omit<WorkOrderMove, "at">[] = [{ to: "dispatched", actor: "dispatcher", unitId }];
  const accepted = [...dispatched, { to: "accepted", actor: "unit_staff", unitId } as const];
  const answered = [
    ...accepted,
    { to: "in_progress", actor: "unit_staff", unitId } as const,
    { to: "answered", actor: "unit_staff", unitId, answer: "已修复" } as const,
  ];
  return { dispatched, accepted, answered };
};

async function setup(world: World, side: Side) {
  const place = world[side];
  const db = world.db;
  const h = hotlineRepository(db);
  const tag = `${Date.now().toString(36)}${seq++}${side}`;
  const cat = await category(db, tag);
  const p = path(place.handlingUnitId);
  const make = (moves: Omit<WorkOrderMove, "at">[], requester: string | null = null) =>
    orderIn(db, place, cat.id, moves, requester).then((o) => o.id);
  const unsolved = await make(p.answered);
  await h.transition(unsolved, {
    to: "called_back",
    actor: "intake_staff",
    at: new Date(),
    callback: { solved: false, valid: true },
  });
  await h.recordCallback(unsolved, {
    contacted: true,
    solved: false,
    satisfaction: "dissatisfied",
    at: new Date(),
  });
  // The resident's own order answered, called back unsolved: they may reopen it (重办).
  const mineUnsolved = await make(p.answered, side === "inside" ? world.users.resident.id : null);
  await h.transition(mineUnsolved, {
    to: "called_back",
    actor: "system",
    at: new Date(),
    callback: { solved: false, valid: true },
  });
  await h.recordCallback(mineUnsolved, {
    contacted: true,
    solved: false,
    satisfaction: "dissatisfied",
    at: new Date(),
  });
  // A photo of the resident's own order, stored the way the portal stores one.
  const photoOrder = await make(p.accepted, side === "inside" ? world.users.resident.id : null);
  const [photo] = await h.addPhotos(
    photoOrder,
    await storePhotos(testUploadDir, photoOrder, checkPhotos([{ name: "a.png", bytes: tinyPng }])),
    null,
  );
  const withExtension = await make(p.accepted);
  const ext = await h.requestExtension(withExtension, {
    unitId: place.handlingUnitId,
    reason: "需协调施工队",
    extension: { kind: "natural_hours", amount: 48 },
    at: new Date(),
  });
  // A second unit of the side's district, to add as co-handler.
  const other = await h.createUnit({
    code: `WOU${tag}`,
    name: `供水公司${tag}`,
    kind: "utility_water",
    tier: "utilities",
    areaKind: "district",
    districtId: place.districtId,
  });
  const formula = await h.createFormula({
    version: `authz-rates-${tag}`,
    name: "授权测试公式",
    validFrom: "2020-01-01",
    weights: { response: 1000, resolution: 5000, satisfaction: 4000 },
    basicallySatisfiedFactor: 9000,
    exclusions: ["consultation", "duplicate_merged", "invalid_callback"],
  });
  return {
    woFormulaVersion: formula.version,
    woReceived: await make([]),
    woMergeFrom: await make([]),
    woMergeInto: await make([]),
    woDispatched: await make(p.dispatched),
    woToReturn: await make(p.dispatched),
    woAccepted: await make(p.accepted),
    woToAnswer: await make(p.accepted),
    woToExtend: await make(p.accepted),
    woAnswered: await make(p.answered),
    woMine: await make(p.answered, side === "inside" ? world.users.resident.id : null),
    woUnsolved: unsolved,
    woMineUnsolved: mineUnsolved,
    woPhoto: photo!.id,
    woExtension: ext.id,
    woOtherUnit: other.id,
    woCategory: cat.id,
    woCategoryCode: cat.code,
    woCompoundCode: (
      await db
        .select({ code: tables.compounds.code })
        .from(tables.compounds)
        .where(eq(tables.compounds.id, place.compoundId))
    )[0]!.code,
  };
}

const id =
  (key: string) =>
  ({ extra }: { extra: Record<string, unknown> }) => ({ id: extra[key] });
const place = ({ world, side, extra }: { world: World; side: Side; extra: Record<string, unknown> }) => ({
  type: "complaint",
  categoryId: extra.woCategory,
  compoundId: world[side].compoundId,
  address: "2号楼",
  text: "路灯不亮",
});

export const workOrdersCases: DomainCases = {
  setup,
  cases: {
    "workOrders.create": {
      input: (c) => ({ ...place(c), requesterName: "李四", requesterPhone: "13912345678" }),
    },
    "workOrders.file": { input: place },
    "workOrders.import": {
      // A one-row 12345 export (CSV) into the side's street, about the side's compound.
      input: ({ world, side, extra }) => ({
        scopeLevel: "subdistrict",
        scopeId: world[side].subdistrictId,
        fileName: "12345.csv",
        contentBase64: Buffer.from(
          `工单编号,受理时间,诉求类型,诉求分类,小区,诉求内容\r\nAZ${side}1,2026-01-05 09:00,投诉,${extra.woCategoryCode},${extra.woCompoundCode},路灯不亮\r\n`,
        ).toString("base64"),
        dryRun: false,
      }),
    },
    "workOrders.dispatch": {
      input: ({ world, side, extra }) => ({ id: extra.woReceived, unitId: world[side].handlingUnitId }),
    },
    "workOrders.accept": { input: id("woDispatched") },
    "workOrders.return": { input: ({ extra }) => ({ id: extra.woToReturn, reason: "不属于本单位职责" }) },
    "workOrders.addNote": { input: ({ extra }) => ({ id: extra.woAccepted, note: "已到现场查看" }) },
    "workOrders.addCoHandler": {
      input: ({ extra }) => ({ id: extra.woAccepted, unitId: extra.woOtherUnit }),
    },
    "workOrders.logContact": { input: ({ extra }) => ({ id: extra.woAccepted, note: "已电话联系诉求人" }) },
    "workOrders.answer": { input: ({ extra }) => ({ id: extra.woToAnswer, answer: "已恢复供水" }) },
    "workOrders.merge": { input: ({ extra }) => ({ id: extra.woMergeFrom, intoId: extra.woMergeInto }) },
    "workOrders.callback": {
      input: ({ extra }) => ({
        id: extra.woAnswered,
        contacted: true,
        solved: true,
        satisfaction: "satisfied",
      }),
    },
    "workOrders.answerCallback": {
      input: ({ extra }) => ({ id: extra.woMine, contacted: true, solved: true, satisfaction: "satisfied" }),
      scope: "ignore",
    },
    "workOrders.reopenMine": {
      input: ({ extra }) => ({ id: extra.woMineUnsolved, reason: "问题仍未解决" }),
      scope: "ignore",
    },
    // Signed-in: the requester, or staff whose scope covers the order; anyone else gets not-found
    // (work-orders-photos.test.ts checks each of them).
    "workOrders.photo": { input: id("woPhoto"), scope: "ignore" },
    "workOrders.reopen": { input: ({ extra }) => ({ id: extra.woUnsolved, reason: "回访未解决" }) },
    "workOrders.requestExtension": {
      input: ({ extra }) => ({
        id: extra.woToExtend,
        extension: { kind: "natural_hours", amount: 24 },
        reason: "需要协调燃气公司",
      }),
    },
    "workOrders.decideExtension": {
      input: ({ extra }) => ({ extensionId: extra.woExtension, approve: true, note: "同意" }),
    },
    "workOrders.get": { input: id("woAccepted") },
    "workOrders.inbox": { input: ({ world, side }) => ({ unitId: world[side].handlingUnitId }) },
    "workOrders.list": {
      input: ({ world, side }) => ({ scopeLevel: "subdistrict", scopeId: world[side].subdistrictId }),
    },
    "workOrders.mine": { input: () => ({}), scope: "ignore" },
    "workOrders.myOrder": { input: id("woMine"), scope: "ignore" },
    "workOrders.rates": {
      input: ({ world, side, extra }) => ({
        scope: { level: "handling_unit", id: world[side].handlingUnitId },
        from: "2020-01-01",
        to: "2020-12-31",
        version: extra.woFormulaVersion,
      }),
    },
    "workOrders.formulas.list": { input: () => ({}), scope: "ignore" },
    "workOrders.formulas.create": {
      input: ({ world, side }) => ({
        districtId: world[side].districtId,
        formula: {
          version: `authz-${side}-${seq}`,
          name: "测试公式",
          validFrom: "2019-01-01",
          validTo: "2019-12-31",
          weights: { response: 2000, resolution: 4000, satisfaction: 4000 },
          basicallySatisfiedFactor: 8000,
          exclusions: ["consultation"],
        },
      }),
    },
    "handlingUnits.list": {
      input: ({ world, side }) => ({ districtId: world[side].districtId }),
      scope: "ignore",
    },
    "handlingUnits.categories": { input: () => ({}), scope: "ignore" },
    "handlingUnits.mine": { input: () => undefined, scope: "ignore" },
    "handlingUnits.create": {
      input: ({ world, side }) => ({
        districtId: world[side].districtId,
        code: `AZ${side}${seq}`,
        name: "区城管委",
        kind: "district_department",
        tier: "departments",
      }),
    },
    "handlingUnits.update": {
      input: ({ world, side }) => ({ id: world[side].handlingUnitId, name: "街道办事处（更名）" }),
    },
  },
};
