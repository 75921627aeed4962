/**
 * The 吹哨报到 job (registered in `jobs.ts`), run as the system (actorId null): **升级** `escalateLateWhistles`
 * — every summons refused, or still owing its acknowledgement or on-site report past its deadline
 * (core's `shouldEscalateToDistrict`, over `lateSummons`), is recorded as escalated to the district
 * exactly once, and its whistle, if below district, is raised to the district command once. Both are
 * keyed by a unique `system_key` of the trace (`escalate:<summons id>`, `escalated`), so a re-run, a
 * restart or a second server records and notifies nothing twice. The district's staff are told.
 */
import { shouldEscalateToDistrict } from "@gongzhi/core";
import { type AuditInput, whistlesRepository } from "@gongzhi/db";
import { links } from "./links.ts";
import { notify } from "./notify.ts";
import { areaStaff } from "./routers/whistles.ts";
import { audited, type Context } from "./trpc.ts";

type JobCtx = Pick<Context, "db" | "actor" | "ip">;
type Entry = Omit<AuditInput, "actorId" | "ip">;

export interface WhistleEscalationSummary {
  /** Summonses recorded as escalated by this run. */
  summons: number;
  /** Whistles raised to the district command by this run. */
  whistles: number;
}

/** 升级 of late and refused summonses (see the module comment). */
export async function escalateLateWhistles(ctx: JobCtx, now: Date): Promise<WhistleEscalationSummary> {
  const candidates = await whistlesRepository(ctx.db).escalationCandidates(now);
  if (candidates.length === 0) return { summons: 0, whistles: 0 };
  const byWhistle = new Map<string, typeof candidates>();
  for (const c of candidates) byWhistle.set(c.whistle.id, [...(byWhistle.get(c.whistle.id) ?? []), c]);
  const decisions = [...byWhistle.values()].map((rows) => ({
    whistle: rows[0]!.whistle,
    decision: shouldEscalateToDistrict(
      rows[0]!.whistle,
      rows.map((r) => r.summons),
      now,
    ),
  }));
  const due = decisions.filter((d) => d.decision.summons.length > 0);
  if (due.length === 0) return { summons: 0, whistles: 0 };
  return audited(ctx, async (tx) => {
    const repo = whistlesRepository(tx);
    const recorded = await repo.escalateSummonses(
      due.flatMap((d) => d.decision.summons.map((s) => ({ summonsId: s.summonsId, reason: s.reason }))),
      now,
    );
    const entries: Entry[] = recorded.map((s) => ({
      action: "whistles.escalate_summons",
      entityType: "whistle_summons",
      entityId: s.id,
      after: { whistleId: s.whistleId, unitId: s.unitId, reason: s.escalationReason },
    }));
    const fresh = new Set(recorded.map((s) => s.whistleId));
    let raised = 0;
    for (const d of due) {
      if (!fresh.has(d.whistle.id)) continue; // another run recorded them first
      const row = d.decision.escalateWhistle ? await repo.escalateWhistleOnce(d.whistle.id, now) : null;
      if (row) {
        raised += 1;
        entries.push({
          action: "whistles.escalate",
          entityType: "whistle",
          entityId: row.id,
          before: { status: d.whistle.status, level: d.whistle.level },
          after: { status: row.status, level: row.level },
        });
      }
      await notify(tx, {
        userIds: await areaStaff(tx, d.whistle.districtId),
        kind: "whistle_update",
        messageKey: "notification.whistle.escalated",
        params: { title: d.whistle.title },
        link: links.consoleWhistle(d.whistle.id),
        at: now,
      });
    }
    const summary = { summons: recorded.length, whistles: raised };
    return {
      result: summary,
      audit: [...entries, { action: "whistles.escalate_late_scan", entityType: "job", after: summary }],
    };
  });
}
