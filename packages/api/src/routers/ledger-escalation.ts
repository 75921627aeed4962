/**
 * 三级督办, shared by the `ledger.escalateOverdue` procedure and the nightly `ledger.escalate-overdue`
 * job (src/jobs.ts): every unfinished item under the scope past its deadline becomes overdue and
 * escalates one supervision level (community → subdistrict → district; core's nextSupervisionLevel).
 * Idempotent per deadline: a deadline already escalated is not escalated again (a unique index records
 * it). One transaction with its audit entries (`audited`): the actor is the caller, or the system
 * (actorId null) for the job.
 */
import {
  assertLedgerTransition,
  beijingDate,
  isLedgerItemOverdue,
  type LedgerStatus,
  nextSupervisionLevel,
} from "@gongzhi/core";
import { ledgerRepository } from "@gongzhi/db";
import { audited, type Context } from "../trpc.ts";

export type EscalationScope = { level: "district" | "subdistrict" | "community"; id: string };
export interface EscalationSummary {
  markedOverdue: number;
  escalated: number;
  atDistrict: number;
}

export function escalateOverdueLedgerItems(
  ctx: Pick<Context, "db" | "actor" | "ip">,
  scope: EscalationScope,
  now: Date,
): Promise<EscalationSummary> {
  const today = beijingDate(now);
  return audited(ctx, async (tx) => {
    const repo = ledgerRepository(tx);
    const entries = [];
    let markedOverdue = 0;
    let escalated = 0;
    let atDistrict = 0;
    for (const candidate of await repo.overdueCandidates(scope, today)) {
      const item = await repo.lock(candidate.id);
      if (!item || !isLedgerItemOverdue(item, today)) continue;
      let status: LedgerStatus = item.status;
      const before = { status: item.status, supervisionLevel: item.supervisionLevel };
      const to = nextSupervisionLevel(item.supervisionLevel);
      const fresh = await repo.recordEscalation({
        itemId: item.id,
        deadline: item.deadline,
        fromLevel: item.supervisionLevel,
        toLevel: to,
      });
      if (status === "open" || status === "in_progress" || (status === "escalated" && fresh)) {
        assertLedgerTransition(status, "overdue", "system");
        await repo.setStatus(item.id, status, { status: "overdue" });
        status = "overdue";
        markedOverdue += 1;
      }
      if (fresh && status === "overdue") {
        if (to) {
          assertLedgerTransition("overdue", "escalated", "system", { level: item.supervisionLevel });
          await repo.setStatus(item.id, "overdue", { status: "escalated", supervisionLevel: to });
          status = "escalated";
          escalated += 1;
        } else atDistrict += 1;
      }
      if (status !== before.status)
        entries.push({
          action: "ledger.escalate",
          entityType: "ledger_item",
          entityId: item.id,
          before,
          after: { status, supervisionLevel: to && status === "escalated" ? to : item.supervisionLevel },
        });
    }
    const summary = { markedOverdue, escalated, atDistrict };
    return {
      result: summary,
      audit: [
        ...entries,
        {
          action: "ledger.escalate_overdue",
          entityType: scope.level,
          entityId: scope.id,
          after: { today, ...summary },
        },
      ],
    };
  });
}
