import { votesRepository } from "@gongzhi/db";
import type { DomainCases } from "./cases.ts";

const day = 86_400_000;

export const decisionsCases: DomainCases = {
  async setup(world, side) {
    const votes = votesRepository(world.db);
    const compoundId = world[side].compoundId;
    const now = Date.now();
    const make = (
      status: "draft" | "noticed" | "open" | "closed" | "tallied",
      secret = false,
      closesAt = new Date(now + 40 * day),
    ) =>
      votes.createDecision({
        compoundId,
        title: `授权测试 ${status}`,
        matter: "ordinary",
        art278Item: 4,
        secret,
        status,
        noticedOn: status === "draft" ? null : new Date(now - 20 * day).toISOString().slice(0, 10),
        opensAt: status === "draft" ? new Date(now + 30 * day) : new Date(now - 2 * day),
        closesAt: status === "closed" || status === "tallied" ? new Date(now - day) : closesAt,
        closedAt: status === "closed" || status === "tallied" ? new Date(now - day) : null,
        closeReason: status === "closed" || status === "tallied" ? "period_ended" : null,
      });
    const [draft, draft2, noticed, open, openSecret, closeMe, closed, tallied] = [
      await make("draft"),
      await make("draft"),
      await make("noticed"),
      await make("open"),
      await make("open", true),
      // Its announced close has passed (core's rule: a vote closes at its announced end).
      await make("open", false, new Date(now - 3_600_000)),
      await make("closed"),
      await make("tallied"),
    ];
    return {
      decisionDraft: draft!.id,
      decisionDraft2: draft2!.id,
      decisionNoticed: noticed!.id,
      decisionOpen: open!.id,
      decisionOpenSecret: openSecret!.id,
      decisionCloseMe: closeMe!.id,
      decisionClosed: closed!.id,
      decisionTallied: tallied!.id,
    };
  },
  cases: {
    "decisions.create": {
      input: ({ world, side }) => ({
        compoundId: world[side].compoundId,
        title: "更换物业服务企业",
        art278Item: 4,
        opensAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
        closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      }),
    },
    "decisions.notice": {
      input: ({ extra }) => ({ id: extra.decisionDraft, noticedOn: new Date().toISOString().slice(0, 10) }),
    },
    "decisions.open": { input: ({ extra }) => ({ id: extra.decisionNoticed }) },
    "decisions.close": { input: ({ extra }) => ({ id: extra.decisionCloseMe }) },
    "decisions.tally": { input: ({ extra }) => ({ id: extra.decisionClosed }) },
    "decisions.publish": { input: ({ extra }) => ({ id: extra.decisionTallied }) },
    "decisions.cancel": { input: ({ extra }) => ({ id: extra.decisionDraft2 }) },
    "decisions.get": { input: ({ extra }) => ({ id: extra.decisionOpen }), scope: "ignore" },
    "decisions.list": {
      input: ({ world, side }) => ({ compoundId: world[side].compoundId }),
      scope: "ignore",
    },
    "decisions.castBallot": {
      input: ({ world, side, extra }) => ({
        decisionId: extra.decisionOpen,
        unitId: world[side].unitId,
        choice: "for",
      }),
    },
    "decisions.myBallot": {
      input: ({ world, side, extra }) => ({ decisionId: extra.decisionOpen, unitId: world[side].unitId }),
    },
  },
};
