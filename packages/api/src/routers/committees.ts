/**
 * 业主委员会 / 物业管理委员会 — committees of compounds with their members. Composition is validated by
 * core's `validateCommitteeComposition` (北京市物业管理条例 Art. 39–49, 52–59), lifecycle transitions go
 * through `assertCommitteeTransition`, alerts come from `committeeDeadlines`.
 */
import {
  assertCommitteeTransition,
  type CommitteeActor,
  committee,
  committeeDeadlines,
  committeeKinds,
  committeeMember,
  committeeMemberRoles,
  committeeStatuses,
  committeeStatusOn,
  isoDate,
  partyOrgEligibility,
  partyOrgModes,
  type RuleViolation,
  validateCommitteeComposition,
} from "@gongzhi/core";
import { type Ancestry, committeeSortKeys, governanceRepository, registryRepository } from "@gongzhi/db";
import { z } from "zod";
import { ApiError, notFound } from "../errors.ts";
import { type Assignment, covers, staffRoles } from "../policy.ts";
import { audited, publicProcedure, router, scopedProcedure } from "../trpc.ts";
import { requireTypedDate } from "../typed-dates.ts";
import { beijingToday, idPageInput, pageOf, sortable, withinInput } from "./registry-shared.ts";

/** A committee that breaks the rules: every violation with its article, for the console to show. */
export class CommitteeRulesError extends ApiError {
  constructor(readonly violations: RuleViolation[]) {
    super(
      "BAD_REQUEST",
      "error.committee.rules_violated",
      `the committee breaks ${violations.length} rule(s): ${violations.map((v) => `${v.code} (${v.article})`).join("; ")}`,
      {
        count: violations.length,
        violations: JSON.stringify(
          violations.map(({ code, messageKey, article, params }) => ({ code, messageKey, article, params })),
        ),
      },
    );
  }
}

const memberInput = committeeMember
  .pick({ name: true, role: true, isOwner: true, isPartyMember: true, isResidentsCommitteeRep: true })
  .extend({ userId: z.uuid().nullable().default(null) });
type MemberInput = z.infer<typeof memberInput>;

const termFields = {
  electedOn: isoDate.nullable(),
  termStart: isoDate.nullable(),
  termEnd: isoDate.nullable(),
  partyOrg: z.enum(partyOrgModes),
};

const committeeWithMembers = committee.extend({ members: z.array(committeeMember) });

/** All violations of a committee's composition, term and party organisation (nothing is written if any). */
function violationsOf(input: {
  kind: (typeof committeeKinds)[number];
  households: number;
  members: MemberInput[];
  termStart: string | null;
  termEnd: string | null;
  partyOrg: (typeof partyOrgModes)[number];
}): RuleViolation[] {
  const members = input.members.map((m, i) => ({
    id: String(i + 1),
    role: m.role,
    isOwner: m.isOwner,
    isResidentsCommitteeRep: m.isResidentsCommitteeRep,
    isFullPartyMember: m.isPartyMember,
  }));
  const violations = validateCommitteeComposition({
    kind: input.kind,
    compoundHouseholds: input.households,
    members,
    termStart: input.termStart,
    termEnd: input.termEnd,
  });
  // An own 党支部 needs ≥ 3 正式党员 among the members (中国共产党章程 Art. 30).
  const eligibility = partyOrgEligibility(members);
  if (input.partyOrg === "own_branch" && !eligibility.canFormOwnBranch) {
    violations.push({
      code: "own_branch_needs_three_party_members",
      messageKey: "committee.party_org.own_branch_needs_three_party_members",
      article: eligibility.article,
      params: { fullPartyMembers: eligibility.fullPartyMembers },
    });
  }
  return violations;
}

/**
 * The role the actor acts in for core's transition table: community or subdistrict staff as they
 * are; district staff and system administrators hold the subdistrict's authority over what lies
 * inside their scope (the hierarchy of DOMAIN.md §1).
 */
function transitionActor(scopes: Assignment[], ancestry: Ancestry): CommitteeActor {
  const mine = scopes.filter((a) => covers(a, ancestry)).map((a) => a.role);
  if (mine.some((r) => r === "subdistrict_staff" || r === "district_staff" || r === "system_admin"))
    return "subdistrict_staff";
  return "community_staff";
}

const alertItem = z.object({
  committee: committee,
  compound: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  alerts: z.array(
    z.object({
      code: z.string(),
      severity: z.enum(["info", "warning", "overdue"]),
      messageKey: z.string(),
      article: z.string(),
      dueDate: isoDate,
      daysLeft: z.number().int(),
    }),
  ),
});

const committeeAlertSchema = z.object({
  code: z.string(),
  severity: z.enum(["info", "warning", "overdue"]),
  messageKey: z.string(),
  article: z.string(),
  dueDate: isoDate,
  daysLeft: z.number().int(),
});
const committeeDetail = committeeWithMembers.extend({
  effectiveStatus: z.enum(committeeStatuses),
  deadlines: z.object({
    filingDue: isoDate.nullable(),
    termEndingFrom: isoDate.nullable(),
    handoverGroupDue: isoDate.nullable(),
    dissolutionDue: isoDate.nullable(),
    alerts: z.array(committeeAlertSchema),
  }),
  partyOrgEligibility: z.object({
    fullPartyMembers: z.number().int(),
    canFormOwnBranch: z.boolean(),
    availableModes: z.array(z.enum(["own_branch", "dispatched", "attached"])),
    article: z.string(),
  }),
});

export const committeesRouter = router({
  /** Create a committee (筹备) with its members; every rule it breaks is reported and nothing is written. */
  create: scopedProcedure(staffRoles)
    .input(
      z.object({
        compoundId: z.uuid(),
        kind: z.enum(committeeKinds),
        ...termFields,
        members: z.array(memberInput).max(60),
      }),
    )
    .output(committeeWithMembers)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "compound", id: input.compoundId });
      if (input.electedOn) requireTypedDate("occurred", input.electedOn, ctx.now(), "electedOn");
      const compound = await registryRepository(ctx.db).getCompound(input.compoundId);
      if (!compound) throw notFound("compound");
      const violations = violationsOf({ ...input, households: compound.households });
      if (violations.length > 0) throw new CommitteeRulesError(violations);
      return audited(ctx, async (tx) => {
        const { members, ...row } = input;
        const created = await governanceRepository(tx).createCommittee(
          { ...row, status: "preparing" },
          members,
        );
        const result = { ...created.committee, members: created.members };
        return {
          result,
          audit: { action: "committee.create", entityType: "committee", entityId: result.id, after: result },
        };
      });
    }),

  /** Change the term, party organisation and/or members (the member list is replaced), re-validated. */
  update: scopedProcedure(staffRoles)
    .input(
      z.object({
        committeeId: z.uuid(),
        patch: z
          .object({ ...termFields, members: z.array(memberInput).max(60) })
          .partial()
          .refine((p) => Object.values(p).some((v) => v !== undefined), "nothing to change"),
      }),
    )
    .output(committeeWithMembers)
    .mutation(async ({ ctx, input }) => {
      const gov = governanceRepository(ctx.db);
      const existing = await gov.getCommittee(input.committeeId);
      if (!existing) throw notFound("committee");
      await ctx.requireScope({ level: "compound", id: existing.compoundId });
      if (existing.status === "expired" || existing.status === "dissolved")
        throw new ApiError(
          "CONFLICT",
          "error.committee.closed",
          "an expired or dissolved committee cannot change",
        );
      if (input.patch.electedOn) requireTypedDate("occurred", input.patch.electedOn, ctx.now(), "electedOn");
      const compound = await registryRepository(ctx.db).getCompound(existing.compoundId);
      const oldMembers = await gov.members(existing.id);
      const members: MemberInput[] =
        input.patch.members ??
        oldMembers.map((m) => ({
          name: m.name,
          role: m.role,
          isOwner: m.isOwner,
          isPartyMember: m.isPartyMember,
          isResidentsCommitteeRep: m.isResidentsCommitteeRep,
          userId: m.userId,
        }));
      const merged = {
        kind: existing.kind,
        households: compound?.households ?? 0,
        members,
        electedOn: input.patch.electedOn !== undefined ? input.patch.electedOn : existing.electedOn,
        termStart: input.patch.termStart !== undefined ? input.patch.termStart : existing.termStart,
        termEnd: input.patch.termEnd !== undefined ? input.patch.termEnd : existing.termEnd,
        partyOrg: input.patch.partyOrg ?? existing.partyOrg,
      };
      const violations = violationsOf(merged);
      if (violations.length > 0) throw new CommitteeRulesError(violations);
      return audited(ctx, async (tx) => {
        const repo = governanceRepository(tx);
        const updated = await repo.updateCommittee(existing.id, {
          electedOn: merged.electedOn,
          termStart: merged.termStart,
          termEnd: merged.termEnd,
          partyOrg: merged.partyOrg,
          updatedAt: ctx.now(),
        });
        if (!updated) throw notFound("committee");
        const newMembers = input.patch.members ? await repo.replaceMembers(existing.id, members) : oldMembers;
        const result = { ...updated, members: newMembers };
        return {
          result,
          audit: {
            action: "committee.update",
            entityType: "committee",
            entityId: existing.id,
            before: { ...existing, members: oldMembers },
            after: result,
          },
        };
      });
    }),

  /**
   * Move a committee along its lifecycle (core's transition table): elected (with the election date),
   * filed (备案, with the filing date; needs its term), term_ending, expired, dissolved (with the date).
   */
  transition: scopedProcedure(staffRoles)
    .input(
      z.object({
        committeeId: z.uuid(),
        to: z.enum(committeeStatuses),
        on: isoDate,
      }),
    )
    .output(committee)
    .mutation(async ({ ctx, input }) => {
      const existing = await governanceRepository(ctx.db).getCommittee(input.committeeId);
      if (!existing) throw notFound("committee");
      const ancestry = await ctx.requireScope({ level: "compound", id: existing.compoundId });
      assertCommitteeTransition(existing.status, input.to, transitionActor(ctx.scopes, ancestry));
      // Elected, filed (备案) and dissolved are events: recorded on their day or later, never ahead.
      requireTypedDate("occurred", input.on, ctx.now(), "on");
      if (input.to === "filed" && (!existing.termStart || !existing.termEnd))
        throw new ApiError(
          "BAD_REQUEST",
          "error.committee.term_required",
          "set the term (start and end) before filing the committee",
        );
      const patch = {
        status: input.to,
        updatedAt: ctx.now(),
        ...(input.to === "elected" ? { electedOn: input.on } : {}),
        ...(input.to === "filed" ? { filedOn: input.on } : {}),
        ...(input.to === "dissolved" ? { dissolvedOn: input.on } : {}),
      };
      return audited(ctx, async (tx) => {
        const updated = await governanceRepository(tx).updateCommittee(existing.id, patch);
        if (!updated) throw notFound("committee");
        return {
          result: updated,
          audit: {
            action: `committee.${input.to}`,
            entityType: "committee",
            entityId: existing.id,
            before: existing,
            after: updated,
          },
        };
      });
    }),

  /** A committee with its members, deadlines and party-organisation eligibility (staff). */
  get: scopedProcedure(staffRoles)
    .input(z.object({ committeeId: z.uuid() }))
    .output(committeeDetail)
    .query(async ({ ctx, input }) => {
      const gov = governanceRepository(ctx.db);
      const c = await gov.getCommittee(input.committeeId);
      if (!c) throw notFound("committee");
      await ctx.requireScope({ level: "compound", id: c.compoundId });
      const members = await gov.members(c.id);
      const today = beijingToday(ctx.now());
      return {
        ...c,
        effectiveStatus: committeeStatusOn(c, today),
        members,
        deadlines: committeeDeadlines(c, today),
        partyOrgEligibility: partyOrgEligibility(
          members.map((m) => ({ isFullPartyMember: m.isPartyMember })),
        ),
      };
    }),

  /**
   * The committee of a compound, for its residents (public): kind, status, term, members' names and
   * roles, party-organisation coverage. The committee in office, else the newest one being formed.
   */
  forCompound: publicProcedure
    .input(z.object({ compoundId: z.uuid() }))
    .output(
      z
        .object({
          id: z.uuid(),
          kind: z.enum(committeeKinds),
          status: z.enum(committeeStatuses),
          termStart: isoDate.nullable(),
          termEnd: isoDate.nullable(),
          partyOrg: z.enum(partyOrgModes),
          partyCovered: z.boolean(),
          members: z.array(z.object({ name: z.string(), role: z.enum(committeeMemberRoles) })),
        })
        .nullable(),
    )
    .query(async ({ ctx, input }) => {
      if (!(await registryRepository(ctx.db).getCompound(input.compoundId))) throw notFound("compound");
      const gov = governanceRepository(ctx.db);
      const today = beijingToday(ctx.now());
      const all = await gov.committeesOfCompound(input.compoundId);
      const c =
        all.find((x) => x.status === "filed" || x.status === "term_ending") ??
        all.find((x) => x.status !== "expired" && x.status !== "dissolved") ??
        null;
      if (!c) return null;
      const members = await gov.members(c.id);
      return {
        id: c.id,
        kind: c.kind,
        status: committeeStatusOn(c, today),
        termStart: c.termStart,
        termEnd: c.termEnd,
        partyOrg: c.partyOrg,
        partyCovered: c.partyOrg !== "none",
        members: members.map((m) => ({ name: m.name, role: m.role })),
      };
    }),

  /** Committees within a scope (staff), optionally of some statuses; by id unless sorted. */
  list: scopedProcedure(staffRoles)
    .input(
      sortable(
        idPageInput
          .extend(withinInput.shape)
          .extend({ statuses: z.array(z.enum(committeeStatuses)).max(6).optional() }),
        committeeSortKeys,
      ),
    )
    .output(
      pageOf(
        z.object({ committee, compound: z.object({ id: z.uuid(), code: z.string(), name: z.string() }) }),
      ),
    )
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: input.scopeLevel, id: input.scopeId });
      const page = await governanceRepository(ctx.db).pageCommitteesWithin({
        level: input.scopeLevel,
        id: input.scopeId,
        ...(input.statuses ? { statuses: input.statuses } : {}),
        ...(input.sort ? { sort: input.sort } : {}),
        cursor: input.cursor ?? null,
        limit: input.limit,
      });
      return {
        items: page.items.map(({ committee, compound }) => ({ committee, compound })),
        nextCursor: page.nextCursor,
      };
    }),

  /**
   * Alerts within a scope from core's `committeeDeadlines`: filing overdue (Art. 39–49: 30 days after
   * election), term ending and 换届 due (6 months before term end, 换届小组 within 60 days), 物管会 to
   * dissolve (Art. 52–59: 30 days after a 业委会 is filed). Only committees with alerts are listed.
   */
  alerts: scopedProcedure(staffRoles)
    .input(idPageInput.extend(withinInput.shape))
    .output(pageOf(alertItem))
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: input.scopeLevel, id: input.scopeId });
      const today = beijingToday(ctx.now());
      const gov = governanceRepository(ctx.db);
      const items: z.infer<typeof alertItem>[] = [];
      let cursor: string | null = input.cursor ?? null;
      // Fill the page from committees that have alerts (a bounded number of scans).
      for (let scans = 0; scans < 20 && items.length < input.limit; scans++) {
        const page = await gov.pageCommitteesWithin({
          level: input.scopeLevel,
          id: input.scopeId,
          excludeStatuses: ["expired", "dissolved"],
          cursor,
          limit: input.limit - items.length,
        });
        for (const row of page.items) {
          const { alerts } = committeeDeadlines(
            {
              kind: row.committee.kind,
              status: row.committee.status,
              electedOn: row.committee.electedOn,
              filedOn: row.committee.filedOn,
              termEnd: row.committee.termEnd,
              handoverGroupFormedOn: null,
              ownersCommitteeFiledOn:
                row.committee.kind === "interim_committee" ? row.ownersCommitteeFiledOn : null,
            },
            today,
          );
          if (alerts.length > 0) items.push({ committee: row.committee, compound: row.compound, alerts });
          cursor = row.committee.id;
        }
        if (!page.nextCursor) {
          cursor = null;
          break;
        }
      }
      return { items, nextCursor: cursor };
    }),
});
