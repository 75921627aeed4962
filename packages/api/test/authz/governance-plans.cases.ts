/**
 * 未诉先办: a plan per side, owned by the side's street office (so inside street and district staff
 * are inside), with a theme, the side's 街道 as its area, and a task.
 */
import { governancePlansRepository, hotlineRepository } from "@gongzhi/db";
import type { Side, World } from "../world.ts";
import type { DomainCases } from "./cases.ts";

let seq = 0;

async function setup(world: World, side: Side) {
  const place = world[side];
  const tag = `${Date.now().toString(36)}${seq++}${side}`;
  const cat = await hotlineRepository(world.db).createCategory({
    code: `GPC${tag}`,
    nameZh: "违法建设",
    nameEn: "Illegal construction",
    limitKind: "working_days",
    limitAmount: 13,
  });
  const repo = governancePlansRepository(world.db);
  const plan = (title: string) =>
    repo.create({
      title,
      ownerUnitId: place.handlingUnitId,
      startsOn: "2026-01-01",
      endsOn: "2026-12-31",
      description: "",
      categoryIds: [cat.id],
      areas: [{ districtId: place.districtId, subdistrictId: place.subdistrictId }],
    });
  const main = await plan("违建专项治理");
  const draft = await plan("待实施方案");
  const task = await repo.addTask({
    planId: main.id,
    title: "拆除违建",
    ownerUnitId: place.handlingUnitId,
    deadline: "2030-06-30",
  });
  return { gpPlan: main.id, gpDraft: draft.id, gpTask: task.id, gpCategory: cat.id };
}

export const governancePlansCases: DomainCases = {
  setup,
  cases: {
    "governancePlans.list": {
      input: ({ world, side }) => ({ scope: { level: "subdistrict", id: world[side].subdistrictId } }),
    },
    "governancePlans.get": { input: ({ extra }) => ({ id: extra.gpPlan }) },
    "governancePlans.effect": { input: ({ extra }) => ({ id: extra.gpPlan, months: 2 }) },
    "governancePlans.create": {
      input: ({ world, side, extra }) => ({
        ownerUnitId: world[side].handlingUnitId,
        title: "群租房专项治理",
        startsOn: "2026-03-01",
        endsOn: "2026-09-30",
        themeCategoryIds: [extra.gpCategory],
        areas: [{ kind: "subdistrict", id: world[side].subdistrictId }],
      }),
    },
    "governancePlans.update": { input: ({ extra }) => ({ id: extra.gpPlan, title: "违建专项治理（修订）" }) },
    "governancePlans.transition": { input: ({ extra }) => ({ id: extra.gpDraft, to: "active" }) },
    "governancePlans.addTask": {
      input: ({ world, side, extra }) => ({
        planId: extra.gpPlan,
        title: "入户排查",
        ownerUnitId: world[side].handlingUnitId,
        deadline: "2030-12-31",
      }),
    },
    "governancePlans.setTaskStatus": { input: ({ extra }) => ({ id: extra.gpTask, to: "in_progress" }) },
  },
};
