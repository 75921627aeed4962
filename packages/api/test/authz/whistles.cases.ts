/**
 * 吹哨报到: community-level whistles of each side in every state the procedures act on, each summoning
 * the side's handling unit — so unit_staff of the inside unit is inside and outside is not, and every
 * staff level of the side commands them.
 */
import { type Db, hotlineRepository, whistlesRepository } from "@gongzhi/db";
import type { Place, Side, World } from "../world.ts";
import type { DomainCases } from "./cases.ts";

const DAY = 86_400_000;
let seq = 0;

const placeOf = (p: Place) => ({
  kind: "compound" as const,
  compoundId: p.compoundId,
  buildingId: null,
  address: "1号楼",
});
const report = (p: Place) => ({
  arrivedAt: new Date(Date.now() - 60_000),
  people: ["王队长"],
  evidenceIds: [crypto.randomUUID()],
  place: placeOf(p),
  plan: "三日内处理完毕",
  plannedFinishOn: "2099-01-01",
});

type Step = "acknowledged" | "on_site" | "finished" | "resolved";

async function whistleIn(db: Db, p: Place, upTo: Step | null, tag: string) {
  const repo = whistlesRepository(db);
  const now = new Date();
  const { whistle, summons } = await repo.raise({
    districtId: p.districtId,
    subdistrictId: p.subdistrictId,
    communityId: p.communityId,
    title: `授权测试吹哨${tag}`,
    description: "楼道堆物",
    situation: "public_request",
    severity: "ordinary",
    scope: "single_community",
    level: "community",
    compoundId: p.compoundId,
    address: "1号楼",
    source: { kind: "none" },
    raisedAt: now,
    raisedById: null,
    actor: "community_staff",
    summons: [
      {
        unitId: p.handlingUnitId,
        acknowledgeBy: new Date(now.getTime() + 10 * DAY),
        reportBy: new Date(now.getTime() + 20 * DAY),
      },
    ],
  });
  const s = summons[0]!;
  const steps: Step[] = ["acknowledged", "on_site", "finished", "resolved"];
  const unit = { actor: "unit_staff" as const, unitId: p.handlingUnitId };
  for (const step of steps.slice(0, upTo ? steps.indexOf(upTo) + 1 : 0)) {
    const at = new Date();
    if (step === "acknowledged") await repo.summonsTransition(s.id, { to: step, at, ...unit }, null);
    if (step === "on_site") {
      const r = { ...report(p), arrivedAt: new Date(at.getTime() - 60_000) };
      await repo.summonsTransition(s.id, { to: step, at, ...unit, report: r }, null, {
        ...r,
        compoundId: p.compoundId,
        address: "1号楼",
      });
    }
    if (step === "finished")
      await repo.summonsTransition(s.id, { to: step, at, ...unit, result: "已清理" }, null);
    if (step === "resolved")
      await repo.transition(
        whistle.id,
        { to: "resolved", actor: "community_staff", at, resolution: "已解决" },
        null,
      );
  }
  return whistle.id;
}

async function setup(world: World, side: Side) {
  const p = world[side];
  const db = world.db;
  const tag = `${Date.now().toString(36)}${seq++}${side}`;
  const make = (upTo: Step | null) => whistleIn(db, p, upTo, tag);
  const other = await hotlineRepository(db).createUnit({
    code: `WHU${tag}`,
    name: `城管执法队${tag}`,
    kind: "district_department",
    tier: "departments",
    areaKind: "district",
    districtId: p.districtId,
  });
  return {
    whRaised: await make(null),
    whToAcknowledge: await make(null),
    whToRefuse: await make(null),
    whToEscalate: await make(null),
    whToWithdraw: await make(null),
    whToAdd: await make(null),
    whAcknowledged: await make("acknowledged"),
    whOnSite: await make("on_site"),
    whFinished: await make("finished"),
    whResolved: await make("resolved"),
    whToRate: await make("resolved"),
    whToRateResult: await make("resolved"),
    whOtherUnit: other.id,
  };
}

const id =
  (key: string) =>
  ({ extra }: { extra: Record<string, unknown> }) => ({ id: extra[key] });
const later = () => new Date(Date.now() + 30 * DAY);

export const whistlesCases: DomainCases = {
  setup,
  cases: {
    "whistles.raise": {
      input: ({ world, side }) => ({
        title: "楼道堆物",
        description: "楼道长期堆物，劝导无效",
        situation: "public_request",
        severity: "ordinary",
        scope: "single_community",
        subdistrictId: world[side].subdistrictId,
        communityId: world[side].communityId,
        place: placeOf(world[side]),
        summons: [{ unitId: world[side].handlingUnitId, reportBy: later(), acknowledgeBy: null }],
      }),
    },
    "whistles.list": {
      input: ({ world, side }) => ({ scopeLevel: "community", scopeId: world[side].communityId }),
    },
    "whistles.inbox": { input: ({ world, side }) => ({ unitId: world[side].handlingUnitId }) },
    "whistles.get": { input: id("whRaised") },
    "whistles.acknowledge": { input: id("whToAcknowledge") },
    "whistles.refuse": { input: (c) => ({ ...id("whToRefuse")(c), reason: "不属于本单位职责" }) },
    "whistles.reportOnSite": {
      input: (c) => ({ ...id("whAcknowledged")(c), report: report(c.world[c.side]) }),
    },
    "whistles.finish": { input: (c) => ({ ...id("whOnSite")(c), result: "已清理完毕" }) },
    "whistles.addSummons": {
      input: (c) => ({
        ...id("whToAdd")(c),
        summons: [{ unitId: c.extra.whOtherUnit, reportBy: later(), acknowledgeBy: null }],
      }),
    },
    "whistles.escalate": { input: (c) => ({ ...id("whToEscalate")(c), reason: "街道无法协调" }) },
    "whistles.resolve": { input: (c) => ({ ...id("whFinished")(c), resolution: "已解决" }) },
    "whistles.close": { input: id("whResolved") },
    "whistles.withdraw": { input: (c) => ({ ...id("whToWithdraw")(c), reason: "已自行解决" }) },
    "whistles.rateUnit": {
      input: (c) => ({
        ...id("whToRate")(c),
        unitId: c.world[c.side].handlingUnitId,
        timeliness: 4,
        effect: 5,
      }),
    },
    "whistles.rateResult": { input: (c) => ({ ...id("whToRateResult")(c), score: 5 }) },
    "whistles.rankings": {
      input: ({ world, side }) => ({ districtId: world[side].districtId, month: "2026-03" }),
    },
  },
};
