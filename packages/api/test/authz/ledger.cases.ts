import { ledgerRepository } from "@gongzhi/db";
import type { DomainCases } from "./cases.ts";

export const ledgerCases: DomainCases = {
  async setup(world, side) {
    const repo = ledgerRepository(world.db);
    const communityId = world[side].communityId;
    const item = await repo.create({
      communityId,
      title: "路灯维修",
      responsibleUnit: "物业",
      deadline: "2030-01-01",
    });
    const done = await repo.create({
      communityId,
      title: "垃圾分类亭",
      responsibleUnit: "社区",
      deadline: "2020-01-01",
      status: "done",
      closedOn: "2020-01-01",
    });
    return { ledgerItem: item.id, ledgerDone: done.id };
  },
  cases: {
    "ledger.create": {
      input: ({ world, side }) => ({
        communityId: world[side].communityId,
        title: "楼道照明",
        responsibleUnit: "物业公司",
        deadline: "2031-06-30",
      }),
    },
    "ledger.get": { input: ({ extra }) => ({ id: extra.ledgerItem }) },
    "ledger.addNote": { input: ({ extra }) => ({ id: extra.ledgerItem, note: "已联系施工方" }) },
    "ledger.addEvidence": { input: ({ extra }) => ({ id: extra.ledgerItem, description: "维修照片" }) },
    "ledger.transition": { input: ({ extra }) => ({ id: extra.ledgerItem, to: "in_progress" }) },
    "ledger.setDeadline": { input: ({ extra }) => ({ id: extra.ledgerItem, deadline: "2032-01-01" }) },
    "ledger.escalateOverdue": {
      input: ({ world, side }) => ({ scope: { level: "community", id: world[side].communityId } }),
    },
    "ledger.supervision": {
      input: ({ world, side }) => ({
        scope: { level: "community", id: world[side].communityId },
        sort: { key: "deadline", direction: "desc" },
      }),
    },
    "ledger.report": {
      input: ({ world, side }) => ({
        scope: { level: "community", id: world[side].communityId },
        period: { kind: "quarter", year: 2025, quarter: 1 },
      }),
    },
    "ledger.rate": { input: ({ extra }) => ({ id: extra.ledgerDone, score: 4, comment: "满意" }) },
    "ledger.publicGet": { input: ({ extra }) => ({ id: extra.ledgerDone }), scope: "ignore" },
    "ledger.publicList": {
      input: ({ world, side }) => ({ communityId: world[side].communityId }),
      scope: "ignore",
    },
  },
};
