/**
 * 吹哨报到 demo data (DOMAIN.md §10): a handful of whistles of the demo street — one raised this morning
 * from an overdue work order summoning the street office and the 城管委 (the office acknowledged and
 * reported on site, the 城管委 acknowledged), one closed last month with the street's and a resident's
 * ratings (so the ranking has figures), and one community whistle just raised. A few rows, inserted
 * directly in the shapes `whistlesRepository` writes.
 */
import { addDays } from "@gongzhi/core";
import { whistleEvents, whistleRatings, whistleReports, whistleSummons, whistles } from "../schema/index.ts";
import { at, insertChunks, type SeedContext } from "./context.ts";
import type { HotlineSeedResult } from "./hotline.ts";
import type { RegistryResult } from "./registry.ts";

const HOUR = 3_600_000;
type EventRow = typeof whistleEvents.$inferInsert;

export interface WhistleSeedInput {
  demoHubId: string;
  /** The 城管委 and the 住建委 (district departments). */
  cityManagementId: string;
  housingId: string;
  /** An overdue, unanswered order of the demo community (null if the year has none). */
  overdueOrder: HotlineSeedResult["overdueOrder"];
  subdistrictStaffUserId: string;
  communityStaffUserId: string;
  unitStaffUserId: string;
  residentUserId: string;
}

export async function seedWhistles(
  ctx: SeedContext,
  reg: RegistryResult,
  p: WhistleSeedInput,
): Promise<void> {
  const { ids } = ctx;
  const now = at(ctx.today, 12);
  const h = (n: number, from = now) => new Date(from.getTime() + n * HOUR);
  const base = {
    districtId: reg.districtId,
    subdistrictId: reg.demoSubdistrict.id,
    communityId: reg.demoCommunity.id,
    compoundId: reg.demoCompound.id,
    address: `${reg.demoCompound.name}南门`,
  };
  const ws: (typeof whistles.$inferInsert)[] = [];
  const ss: (typeof whistleSummons.$inferInsert)[] = [];
  const reports: (typeof whistleReports.$inferInsert)[] = [];
  const events: EventRow[] = [];
  const ratings: (typeof whistleRatings.$inferInsert)[] = [];
  const ev = (e: Omit<EventRow, "id">) => events.push({ id: ids.next(), ...e });

  // 1. Raised at 09:00 from an overdue order: two units; the street office reported, the 城管委 acknowledged.
  {
    const id = ids.next();
    const raisedAt = h(-3);
    const src = p.overdueOrder;
    // At the order's place (its community and compound) when there is one.
    const place = src
      ? {
          ...base,
          communityId: src.communityId,
          compoundId: src.compoundId,
          address: src.address || base.address,
        }
      : base;
    ws.push({
      id,
      ...place,
      title: "小区南门占道经营及违建整治",
      description: src
        ? `工单 ${src.number} 超期未办结：南门长期占道经营，并有违建，社区多次劝导无效，需执法及住建部门到场。`
        : "南门长期占道经营，并有违建，社区多次劝导无效，需执法及住建部门到场。",
      situation: "joint_enforcement",
      severity: "ordinary",
      scope: "single_community",
      sourceLevel: "subdistrict",
      level: "subdistrict",
      sourceKind: src ? "work_order" : "none",
      sourceId: src?.id ?? null,
      sourceWorkOrderId: src?.id ?? null,
      status: "responding",
      raisedById: p.subdistrictStaffUserId,
      raisedAt,
    });
    ev({
      whistleId: id,
      kind: "transition",
      toStatus: "raised",
      actor: "subdistrict_staff",
      actorUserId: p.subdistrictStaffUserId,
      at: raisedAt,
      note: "小区南门占道经营及违建整治",
    });
    const hub = ids.next();
    const cgw = ids.next();
    for (const [sid, unitId] of [
      [hub, p.demoHubId],
      [cgw, p.cityManagementId],
    ] as const)
      ev({
        whistleId: id,
        summonsId: sid,
        kind: "summons_added",
        toStatus: "summoned",
        actor: "subdistrict_staff",
        actorUserId: p.subdistrictStaffUserId,
        unitId,
        at: raisedAt,
      });
    ss.push(
      {
        id: hub,
        whistleId: id,
        unitId: p.demoHubId,
        status: "on_site",
        summonedAtLevel: "subdistrict",
        summonedAt: raisedAt,
        acknowledgeBy: h(2, raisedAt),
        reportBy: h(5, raisedAt),
        acknowledgedAt: h(0.5, raisedAt),
        reportedAt: h(2, raisedAt),
        lateAcknowledge: false,
        lateReport: false,
        summonedById: p.subdistrictStaffUserId,
      },
      {
        id: cgw,
        whistleId: id,
        unitId: p.cityManagementId,
        status: "acknowledged",
        summonedAtLevel: "subdistrict",
        summonedAt: raisedAt,
        acknowledgeBy: h(2, raisedAt),
        reportBy: h(5, raisedAt),
        acknowledgedAt: h(1, raisedAt),
        lateAcknowledge: false,
        lateReport: false,
        summonedById: p.subdistrictStaffUserId,
      },
    );
    ev({
      whistleId: id,
      summonsId: hub,
      kind: "summons_transition",
      fromStatus: "summoned",
      toStatus: "acknowledged",
      actor: "unit_staff",
      actorUserId: p.unitStaffUserId,
      unitId: p.demoHubId,
      at: h(0.5, raisedAt),
    });
    ev({
      whistleId: id,
      kind: "transition",
      fromStatus: "raised",
      toStatus: "responding",
      actor: "system",
      at: h(0.5, raisedAt),
    });
    ev({
      whistleId: id,
      summonsId: cgw,
      kind: "summons_transition",
      fromStatus: "summoned",
      toStatus: "acknowledged",
      actor: "unit_staff",
      unitId: p.cityManagementId,
      at: h(1, raisedAt),
    });
    reports.push({
      id: ids.next(),
      summonsId: hub,
      whistleId: id,
      arrivedAt: h(1.75, raisedAt),
      reportedAt: h(2, raisedAt),
      people: ["城市管理办公室 王科长", "综合执法队 李队员"],
      evidenceIds: [ids.next(), ids.next()],
      compoundId: place.compoundId ?? base.compoundId,
      address: place.address,
      plan: "当日清理占道摊位，三日内会同住建部门认定并拆除违建",
      plannedFinishOn: addDays(ctx.today, 3),
      reportedById: p.unitStaffUserId,
    });
    ev({
      whistleId: id,
      summonsId: hub,
      kind: "summons_transition",
      fromStatus: "acknowledged",
      toStatus: "on_site",
      actor: "unit_staff",
      actorUserId: p.unitStaffUserId,
      unitId: p.demoHubId,
      note: "当日清理占道摊位，三日内会同住建部门认定并拆除违建",
      at: h(2, raisedAt),
    });
  }

  // 2. Closed last month: both units finished, rated by the street and a resident.
  {
    const id = ids.next();
    const raisedAt = at(addDays(ctx.today, -30), 9);
    const closedAt = at(addDays(ctx.today, -24), 15);
    ws.push({
      id,
      ...base,
      title: "老旧小区雨污管道堵塞",
      description: "汛期前排查发现雨污管道多处堵塞，需水务和住建部门协同疏通改造。",
      situation: "key_task",
      severity: "major",
      scope: "single_community",
      sourceLevel: "subdistrict",
      level: "subdistrict",
      sourceKind: "none",
      status: "closed",
      raisedById: p.subdistrictStaffUserId,
      raisedAt,
      resolvedAt: at(addDays(ctx.today, -25), 17),
      closedAt,
      resolution: "管道疏通完毕，两处破损管段已更换",
    });
    ev({
      whistleId: id,
      kind: "transition",
      toStatus: "raised",
      actor: "subdistrict_staff",
      actorUserId: p.subdistrictStaffUserId,
      at: raisedAt,
    });
    const units = [
      { sid: ids.next(), unitId: p.demoHubId, ack: 0.5, rep: 3, t: 5, e: 4 },
      { sid: ids.next(), unitId: p.housingId, ack: 3, rep: 30, t: 3, e: 4 },
    ];
    for (const u of units) {
      ss.push({
        id: u.sid,
        whistleId: id,
        unitId: u.unitId,
        status: "finished",
        summonedAtLevel: "subdistrict",
        summonedAt: raisedAt,
        acknowledgeBy: h(2, raisedAt),
        reportBy: h(24, raisedAt),
        acknowledgedAt: h(u.ack, raisedAt),
        reportedAt: h(u.rep, raisedAt),
        finishedAt: h(96, raisedAt),
        result: "已完成疏通",
        lateAcknowledge: u.ack > 2,
        lateReport: u.rep > 24,
        summonedById: p.subdistrictStaffUserId,
      });
      reports.push({
        id: ids.next(),
        summonsId: u.sid,
        whistleId: id,
        arrivedAt: h(u.rep - 0.25, raisedAt),
        reportedAt: h(u.rep, raisedAt),
        people: ["现场负责人"],
        evidenceIds: [ids.next()],
        compoundId: base.compoundId,
        address: base.address,
        plan: "疏通管道并更换破损管段",
        plannedFinishOn: addDays(ctx.today, -26),
      });
      ev({
        whistleId: id,
        summonsId: u.sid,
        kind: "summons_added",
        toStatus: "summoned",
        actor: "subdistrict_staff",
        unitId: u.unitId,
        at: raisedAt,
      });
      ev({
        whistleId: id,
        summonsId: u.sid,
        kind: "summons_transition",
        fromStatus: "on_site",
        toStatus: "finished",
        actor: "unit_staff",
        unitId: u.unitId,
        note: "已完成疏通",
        at: h(96, raisedAt),
      });
      ratings.push({
        id: ids.next(),
        whistleId: id,
        kind: "street",
        summonsId: u.sid,
        unitId: u.unitId,
        timeliness: u.t,
        effect: u.e,
        ratedById: p.subdistrictStaffUserId,
        ratedAt: h(-1, closedAt),
      });
    }
    ratings.push({
      id: ids.next(),
      whistleId: id,
      kind: "resident",
      score: 4,
      comment: "下雨不再积水了",
      ratedById: p.residentUserId,
      ratedAt: h(-2, closedAt),
    });
    ev({
      whistleId: id,
      kind: "transition",
      fromStatus: "resolved",
      toStatus: "closed",
      actor: "subdistrict_staff",
      actorUserId: p.subdistrictStaffUserId,
      at: closedAt,
    });
  }

  // 3. A community whistle raised an hour ago: the street office not yet answered (its inbox).
  {
    const id = ids.next();
    const raisedAt = h(-1);
    const sid = ids.next();
    ws.push({
      id,
      ...base,
      title: "楼道堆物占用消防通道",
      description: "3号楼楼道长期堆放杂物，劝导无效，需街道协调清理。",
      situation: "public_request",
      severity: "ordinary",
      scope: "single_community",
      sourceLevel: "community",
      level: "community",
      sourceKind: "none",
      status: "raised",
      raisedById: p.communityStaffUserId,
      raisedAt,
    });
    ss.push({
      id: sid,
      whistleId: id,
      unitId: p.demoHubId,
      status: "summoned",
      summonedAtLevel: "community",
      summonedAt: raisedAt,
      acknowledgeBy: h(2, raisedAt),
      reportBy: h(24, raisedAt),
      lateAcknowledge: false,
      lateReport: false,
      summonedById: p.communityStaffUserId,
    });
    ev({
      whistleId: id,
      kind: "transition",
      toStatus: "raised",
      actor: "community_staff",
      actorUserId: p.communityStaffUserId,
      at: raisedAt,
    });
    ev({
      whistleId: id,
      summonsId: sid,
      kind: "summons_added",
      toStatus: "summoned",
      actor: "community_staff",
      actorUserId: p.communityStaffUserId,
      unitId: p.demoHubId,
      at: raisedAt,
    });
  }

  // The trace in the order things happened (its insertion sequence orders it).
  events.sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime());
  await insertChunks(ctx, "whistles", whistles, ws);
  await insertChunks(ctx, "whistle_summons", whistleSummons, ss);
  await insertChunks(ctx, "whistle_reports", whistleReports, reports);
  await insertChunks(ctx, "whistle_events", whistleEvents, events);
  await insertChunks(ctx, "whistle_ratings", whistleRatings, ratings);
}
