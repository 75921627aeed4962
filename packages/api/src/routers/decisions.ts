/**
 * Owners' joint decisions (业主共同决定) — the statutory vote.
 * 民法典 Art. 278 (quorum ≥ 2/3 of area AND headcount; special items (6)–(8) ≥ 3/4, others > 1/2),
 * 法释〔2009〕7号 Art. 8–9 (area; one owner key per buyer), 北京市物业管理条例 Art. 35 (notice ≥ 15 days
 * before voting) and Art. 37 (publication within 3 days). Every rule comes from @gongzhi/core.
 */
import {
  approvalRule,
  art278Items,
  assertDecisionTransition,
  ballotChoices,
  beijingDate,
  checkBallotCaster,
  checkNoticePeriod,
  checkTypedDate,
  type DecisionActor,
  type DecisionStatus,
  decisionCloseReason,
  decisionCloseReasons,
  isoDate,
  matterForItem,
  type OwnersVoteTally,
  pageInput,
  publicationDeadline,
  tallyOwnersDecision,
  votingProgress,
} from "@gongzhi/core";
import {
  ancestryOf,
  type Executor,
  type OwnersDecisionRow,
  ownershipRepository,
  votesRepository,
} from "@gongzhi/db";
import { z } from "zod";
import { ApiError, notFound } from "../errors.ts";
import { notify } from "../notify.ts";
import { covers } from "../policy.ts";
import { audited, publicProcedure, router, scopedProcedure } from "../trpc.ts";

/**
 * Who organises a vote. Core's decision table lets committee members, community and subdistrict staff
 * organise (the 业主大会 is convened by its committee under the 居委会/街道, 条例 Art. 31–35); a system
 * admin acts as "system". District staff supervise but do not run a compound's vote.
 */
const organiserRoles = ["committee_member", "community_staff", "subdistrict_staff", "system_admin"] as const;
const organise = scopedProcedure(organiserRoles);

const art278Item = z.union(
  art278Items.map((n) => z.literal(n)) as [z.ZodLiteral<1>, ...z.ZodLiteral<number>[]],
);
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const idInput = z.object({ id: z.uuid() });

const decisionOut = z.object({
  id: z.uuid(),
  compoundId: z.uuid(),
  meetingDecisionId: z.uuid().nullable(),
  title: z.string(),
  description: z.string(),
  matter: z.enum(["ordinary", "special"]),
  art278Item: z.number().int(),
  options: z.array(z.enum(ballotChoices)),
  secret: z.boolean(),
  status: z.string(),
  noticedOn: z.string().nullable(),
  opensAt: z.date(),
  closesAt: z.date(),
  closedAt: z.date().nullable(),
  closeReason: z.enum(decisionCloseReasons).nullable(),
  publishedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const areaHead = z.object({ areaCentiM2: z.number().int(), headcount: z.number().int() });
const tallyOut = z.object({
  matter: z.enum(["ordinary", "special"]),
  eligible: areaHead,
  participated: areaHead,
  for: areaHead,
  against: areaHead,
  abstain: areaHead,
  quorumMet: z.boolean(),
  quorumByArea: z.boolean(),
  quorumByHeadcount: z.boolean(),
  approved: z.boolean(),
  approvedByArea: z.boolean(),
  approvedByHeadcount: z.boolean(),
  passed: z.boolean(),
  rule: z.object({
    quorum: z.object({ numerator: z.number(), denominator: z.number(), inclusive: z.boolean() }),
    approval: z.object({ numerator: z.number(), denominator: z.number(), inclusive: z.boolean() }),
  }),
});

const publicDecision = (d: OwnersDecisionRow) => decisionOut.parse(d);

/** Whether the caller organises votes at a place (sees its drafts and cancelled votes). */
async function organisesAt(
  ctx: { db: Executor; actor: { assignments: Parameters<typeof covers>[0][] } | null },
  level: "compound" | "community",
  id: string,
): Promise<boolean> {
  if (!ctx.actor) return false;
  const place = await ancestryOf(ctx.db, level, id);
  return (
    place !== null &&
    ctx.actor.assignments.some(
      (a) => (organiserRoles as readonly string[]).includes(a.role) && covers(a, place),
    )
  );
}

async function loadDecision(db: Executor, id: string) {
  const d = await votesRepository(db).getDecision(id);
  if (!d) throw notFound("owners_decision");
  return d;
}

/** The role the actor acts in for core's transition table, given the compound's ancestry. */
function transitionActor(
  scopes: { role: string; scopeKind: string; scopeId: string | null }[],
  ancestry: Parameters<typeof covers>[1],
): DecisionActor {
  for (const role of ["committee_member", "community_staff", "subdistrict_staff"] as const)
    if (scopes.some((a) => a.role === role && covers(a as Parameters<typeof covers>[0], ancestry)))
      return role;
  return "system";
}

/**
 * Tally with core (民法典 Art. 278): the compound's voting roll and the ballots. For a secret vote the
 * choices carry no owner key; each choice row stands in as one synthetic owner key with the stored
 * weight, and the keys that took part are taken off the roll — the totals are the same (tested).
 */
export async function tallyDecision(db: Executor, d: OwnersDecisionRow): Promise<OwnersVoteTally> {
  const roll = await ownershipRepository(db).votingRoll(d.compoundId);
  const votes = votesRepository(db);
  if (!d.secret) {
    return tallyOwnersDecision({ matter: d.matter, units: roll, ballots: await votes.ballotsForTally(d.id) });
  }
  const participants = new Set(await votes.secretParticipants(d.id));
  const choices = await votes.secretChoices(d.id);
  const participatingArea = roll
    .filter((u) => participants.has(u.ownerKey))
    .reduce((s, u) => s + u.areaCentiM2, 0);
  const storedArea = choices.reduce((s, c) => s + c.areaCentiM2, 0);
  if (choices.length !== participants.size || participatingArea !== storedArea) {
    // The roll changed under the vote (ownership transferred after a ballot was cast): refuse to guess.
    throw new ApiError(
      "CONFLICT",
      "error.decision.roll_changed",
      "the voting roll changed since ballots were cast; the secret tally cannot be reconciled",
    );
  }
  const units = [
    ...roll.filter((u) => !participants.has(u.ownerKey)),
    ...choices.map((c) => ({ id: `ballot:${c.id}`, areaCentiM2: c.areaCentiM2, ownerKey: `ballot:${c.id}` })),
  ];
  return tallyOwnersDecision({
    matter: d.matter,
    units,
    ballots: choices.map((c) => ({ ownerKey: `ballot:${c.id}`, choice: c.choice })),
  });
}

/** Which threshold applies and why, in plain words (民法典 Art. 278 para. 2; Art. 1259). */
function explain(d: OwnersDecisionRow) {
  const rule = approvalRule(d.matter);
  return {
    art278Item: d.art278Item,
    matter: d.matter,
    article: "民法典 Art. 278",
    quorum: {
      numerator: 2,
      denominator: 3,
      inclusive: true,
      text: "owners holding at least 2/3 of the exclusive area AND at least 2/3 of the owners must take part",
    },
    approval: {
      ...rule,
      text:
        d.matter === "special"
          ? `item (${d.art278Item}) is a special matter: at least 3/4 of the participating area AND of the participating owners must approve`
          : `item (${d.art278Item}) is an ordinary matter: more than 1/2 of the participating area AND of the participating owners must approve (exactly half is not enough)`,
    },
  };
}

/** A voting period typed now cannot open in the past (the clock decides; tests move it). */
function refusePastWindow(opensAt: Date, now: Date) {
  if (opensAt < now)
    throw new ApiError("BAD_REQUEST", "error.decision.window_in_past", "voting cannot open in the past", {
      opensAt: opensAt.toISOString(),
    });
}

/** Whether every owner key on the compound's roll has voted (the one rule that allows an early close). */
async function allOwnersVoted(db: Executor, d: OwnersDecisionRow): Promise<boolean> {
  const roll = await ownershipRepository(db).votingRoll(d.compoundId);
  const keys = new Set(roll.map((u) => u.ownerKey));
  if (keys.size === 0) return false;
  const votes = votesRepository(db);
  const voted = new Set(
    d.secret
      ? await votes.secretParticipants(d.id)
      : (await votes.ballotsForTally(d.id)).map((b) => b.ownerKey),
  );
  for (const k of keys) if (!voted.has(k)) return false;
  return true;
}

const voteWindow = z
  .object({ opensAt: instant, closesAt: instant })
  .refine((w) => w.closesAt > w.opensAt, { message: "voting must close after it opens", path: ["closesAt"] });

export const decisionsRouter = router({
  /**
   * Create a vote for a compound, standalone or from a meeting decision. The matter follows from the
   * Art. 278 item (core's matterForItem) — the client cannot choose a mismatching one.
   */
  create: organise
    .input(
      z
        .object({
          compoundId: z.uuid(),
          meetingDecisionId: z.uuid().optional(),
          title: z.string().trim().min(4).max(200),
          description: z.string().trim().max(10_000).default(""),
          art278Item,
          opensAt: instant,
          closesAt: instant,
          secret: z.boolean().default(false),
        })
        .refine((w) => w.closesAt > w.opensAt, {
          message: "voting must close after it opens",
          path: ["closesAt"],
        }),
    )
    .output(decisionOut)
    .mutation(async ({ ctx, input }) => {
      const ancestry = await ctx.requireScope({ level: "compound", id: input.compoundId });
      refusePastWindow(input.opensAt, ctx.now());
      if (input.meetingDecisionId) {
        const md = await votesRepository(ctx.db).meetingDecisionCommunity(input.meetingDecisionId);
        if (!md) throw notFound("meeting_decision");
        if (md.communityId !== ancestry.communityId)
          throw new ApiError(
            "BAD_REQUEST",
            "error.decision.meeting_other_community",
            "the meeting decision belongs to another community",
          );
      }
      return audited(ctx, async (tx) => {
        const created = await votesRepository(tx).createDecision({
          compoundId: input.compoundId,
          meetingDecisionId: input.meetingDecisionId ?? null,
          title: input.title,
          description: input.description,
          art278Item: input.art278Item,
          matter: matterForItem(input.art278Item as (typeof art278Items)[number]),
          secret: input.secret,
          opensAt: input.opensAt,
          closesAt: input.closesAt,
        });
        return {
          result: publicDecision(created),
          audit: {
            action: "decision.create",
            entityType: "owners_decision",
            entityId: created.id,
            after: created,
          },
        };
      });
    }),

  /** 公告: record the notice date; voting may not open earlier than 15 days after it (条例 Art. 35). */
  notice: organise
    .input(
      z.object({
        id: z.uuid(),
        noticedOn: isoDate,
        opensAt: instant.optional(),
        closesAt: instant.optional(),
      }),
    )
    .output(decisionOut.extend({ earliestOpening: z.string(), daysOfNotice: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const d = await loadDecision(ctx.db, input.id);
      const ancestry = await ctx.requireScope({ level: "compound", id: d.compoundId });
      const opensAt = input.opensAt ?? d.opensAt;
      const closesAt = input.closesAt ?? d.closesAt;
      voteWindow.parse({ opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString() });
      const today = beijingDate(ctx.now());
      // 条例 Art. 35 counts 15 days from a real notice: one dated before the day it is recorded is refused.
      if (checkTypedDate("noticed", input.noticedOn, today))
        throw new ApiError(
          "BAD_REQUEST",
          "error.decision.notice_backdated",
          "a notice cannot be dated before the day it is recorded",
          { noticedOn: input.noticedOn, today },
        );
      if (input.opensAt) refusePastWindow(opensAt, ctx.now());
      const opensOn = beijingDate(opensAt);
      const check = checkNoticePeriod(input.noticedOn, opensOn);
      assertDecisionTransition(d.status, "noticed", transitionActor(ctx.scopes, ancestry), {
        noticedOn: input.noticedOn,
        opensOn,
        today,
      });
      return audited(ctx, async (tx) => {
        const updated = await votesRepository(tx).transitionDecision(d.id, d.status, {
          status: "noticed",
          noticedOn: input.noticedOn,
        });
        if (!updated) throw conflict();
        const final =
          input.opensAt || input.closesAt ? await setWindow(tx, d.id, opensAt, closesAt) : updated;
        return {
          result: {
            ...publicDecision(final),
            earliestOpening: check.earliestOpening,
            daysOfNotice: check.daysOfNotice,
          },
          audit: {
            action: "decision.notice",
            entityType: "owners_decision",
            entityId: d.id,
            before: { status: d.status },
            after: { status: "noticed", noticedOn: input.noticedOn, opensAt, closesAt },
          },
        };
      });
    }),

  /** Open voting: refused earlier than 15 days after the notice (条例 Art. 35, via core's guard). */
  open: organise
    .input(idInput)
    .output(decisionOut)
    .mutation(({ ctx, input }) =>
      transition(ctx, input.id, "open", (d) => {
        const now = ctx.now();
        if (now < d.opensAt)
          throw new ApiError(
            "CONFLICT",
            "error.decision.not_yet_open",
            "voting opens at its announced time",
            {
              opensAt: d.opensAt.toISOString(),
            },
          );
        if (now >= d.closesAt)
          throw new ApiError(
            "CONFLICT",
            "error.decision.period_over",
            "the announced voting period is over",
            {
              closesAt: d.closesAt.toISOString(),
            },
          );
        return {
          noticedOn: d.noticedOn,
          opensOn: beijingDate(d.opensAt),
          today: beijingDate(now),
          now,
          opensAt: d.opensAt,
          closesAt: d.closesAt,
        };
      }),
    ),

  /**
   * Close voting and tally it in the same transaction (民法典 Art. 278). Of two concurrent closes one
   * wins; the other gets CONFLICT — one tally, one audit entry.
   */
  close: organise
    .input(idInput)
    .output(decisionOut.extend({ tally: tallyOut }))
    .mutation(async ({ ctx, input }) => {
      const d = await loadDecision(ctx.db, input.id);
      const ancestry = await ctx.requireScope({ level: "compound", id: d.compoundId });
      const actor = transitionActor(ctx.scopes, ancestry);
      const now = ctx.now();
      return audited(ctx, async (tx) => {
        const votes = votesRepository(tx);
        // Lock the vote first: no ballot can land between "every owner has voted" and the close.
        const locked = await votes.lockDecision(d.id);
        if (locked?.status !== "open") throw conflict();
        const everyone = now < d.closesAt ? await allOwnersVoted(tx, d) : false;
        const closeReason = decisionCloseReason({ now, closesAt: d.closesAt, allOwnersVoted: everyone });
        if (!closeReason)
          throw new ApiError(
            "CONFLICT",
            "error.decision.not_yet_closable",
            "the vote closes at its announced time; it may close earlier only when every owner has voted",
            { closesAt: d.closesAt.toISOString() },
          );
        assertDecisionTransition(d.status, "closed", actor, {
          now,
          closesAt: d.closesAt,
          allOwnersVoted: everyone,
        });
        const closed = await votes.transitionDecision(d.id, "open", {
          status: "closed",
          closedAt: now,
          closeReason,
        });
        if (!closed) throw conflict();
        assertDecisionTransition("closed", "tallied", actor);
        const tally = await tallyDecision(tx, closed);
        const tallied = await votes.transitionDecision(d.id, "closed", { status: "tallied", tally });
        if (!tallied) throw conflict();
        return {
          result: { ...publicDecision(tallied), tally: tallyOut.parse(tally) },
          audit: {
            action: "decision.close",
            entityType: "owners_decision",
            entityId: d.id,
            before: { status: "open" },
            after: { status: "tallied", closedAt: tallied.closedAt, closeReason, tally },
          },
        };
      });
    }),

  /** Tally a vote that was closed without a tally (e.g. by the system at closesAt). */
  tally: organise
    .input(idInput)
    .output(decisionOut.extend({ tally: tallyOut }))
    .mutation(async ({ ctx, input }) => {
      const d = await loadDecision(ctx.db, input.id);
      const ancestry = await ctx.requireScope({ level: "compound", id: d.compoundId });
      assertDecisionTransition(d.status, "tallied", transitionActor(ctx.scopes, ancestry));
      return audited(ctx, async (tx) => {
        const tally = await tallyDecision(tx, d);
        const tallied = await votesRepository(tx).transitionDecision(d.id, "closed", {
          status: "tallied",
          tally,
        });
        if (!tallied) throw conflict();
        return {
          result: { ...publicDecision(tallied), tally: tallyOut.parse(tally) },
          audit: {
            action: "decision.tally",
            entityType: "owners_decision",
            entityId: d.id,
            before: { status: "closed" },
            after: { status: "tallied", tally },
          },
        };
      });
    }),

  /** 公示: publish the results; due within 3 days of closing (条例 Art. 37). */
  publish: organise
    .input(idInput)
    .output(
      decisionOut.extend({
        publication: z.object({ dueDate: z.string(), overdue: z.boolean(), article: z.string() }),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const d = await loadDecision(ctx.db, input.id);
      await ctx.requireScope({ level: "compound", id: d.compoundId });
      const out = await transition(
        ctx,
        input.id,
        "published",
        (row) => ({ now: ctx.now(), closedAt: row.closedAt }),
        { publishedAt: ctx.now() },
      );
      const today = beijingDate(ctx.now());
      const p = publicationDeadline(beijingDate(d.closedAt ?? ctx.now()), today, today);
      return { ...out, publication: { dueDate: p.dueDate, overdue: p.overdue, article: p.article } };
    }),

  /** Cancel a vote before voting opens (draft or noticed). */
  cancel: organise
    .input(idInput)
    .output(decisionOut)
    .mutation(({ ctx, input }) => transition(ctx, input.id, "cancelled", () => ({}))),

  /**
   * Public view: the matter in plain words, the threshold that applies and why, the period and status;
   * for an open, non-secret vote the live participation against the 2/3 quorum (core's votingProgress);
   * nothing of it for a secret vote until it closes; the full tally once published.
   */
  get: publicProcedure
    .input(idInput)
    .output(
      decisionOut.extend({
        explanation: z.object({
          art278Item: z.number(),
          matter: z.enum(["ordinary", "special"]),
          article: z.string(),
          quorum: z.object({
            numerator: z.number(),
            denominator: z.number(),
            inclusive: z.boolean(),
            text: z.string(),
          }),
          approval: z.object({
            numerator: z.number(),
            denominator: z.number(),
            inclusive: z.boolean(),
            text: z.string(),
          }),
        }),
        progress: z
          .object({
            eligible: areaHead,
            participated: areaHead,
            required: areaHead,
            stillNeeded: areaHead,
            quorumMet: z.boolean(),
            quorumReachable: z.boolean(),
          })
          .nullable(),
        results: tallyOut.nullable(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const d = await loadDecision(ctx.db, input.id);
      // Drafts and cancelled votes exist only for those who organise votes at that place (as in `list`):
      // anyone else gets the same NOT_FOUND as for an unknown id.
      if (
        (d.status === "draft" || d.status === "cancelled") &&
        !(await organisesAt(ctx, "compound", d.compoundId))
      )
        throw notFound("owners_decision");
      let progress = null;
      if (d.status === "open" && !d.secret) {
        const roll = await ownershipRepository(ctx.db).votingRoll(d.compoundId);
        if (roll.length > 0) {
          const p = votingProgress({
            matter: d.matter,
            units: roll,
            ballots: await votesRepository(ctx.db).ballotsForTally(d.id),
          });
          progress = {
            eligible: p.current.eligible,
            participated: p.current.participated,
            required: p.quorum.required,
            stillNeeded: p.quorum.stillNeeded,
            quorumMet: p.quorum.met,
            quorumReachable: p.quorum.reachable,
          };
        }
      }
      return {
        ...publicDecision(d),
        explanation: explain(d),
        progress,
        results: d.status === "published" && d.tally ? tallyOut.parse(d.tally) : null,
      };
    }),

  /** Votes of a compound or of a community, newest first (public). */
  list: publicProcedure
    .input(
      pageInput
        .extend({ compoundId: z.uuid().optional(), communityId: z.uuid().optional() })
        .refine((i) => (i.compoundId ? 1 : 0) + (i.communityId ? 1 : 0) === 1, {
          message: "give exactly one of compoundId or communityId",
        }),
    )
    .output(z.object({ items: z.array(decisionOut), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      // Drafts and cancelled votes are shown only to those who organise votes at that place.
      const organiser = input.compoundId
        ? await organisesAt(ctx, "compound", input.compoundId)
        : await organisesAt(ctx, "community", input.communityId!);
      const page = await votesRepository(ctx.db).listDecisions({ ...input, publicOnly: !organiser });
      return { items: page.items.map(publicDecision), nextCursor: page.nextCursor };
    }),

  /**
   * Cast or change my owner key's ballot until the vote closes. The unit proves which owner key
   * (法释〔2009〕7号 Art. 9: all units of one buyer are one owner). A secret ballot's first cast returns a
   * receipt; changing it needs the receipt (docs/decisions/0006-secret-ballots.md).
   */
  castBallot: scopedProcedure(["verified_owner"])
    .input(
      z.object({
        decisionId: z.uuid(),
        unitId: z.uuid(),
        choice: z.enum(ballotChoices),
        receipt: z
          .string()
          .regex(/^[A-Za-z0-9_-]{43}$/)
          .optional(),
      }),
    )
    .output(
      z.object({
        decisionId: z.uuid(),
        secret: z.boolean(),
        changed: z.boolean(),
        choice: z.enum(ballotChoices),
        receipt: z.string().nullable(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const ancestry = await ctx.requireScope({ level: "unit", id: input.unitId });
      const d = await loadDecision(ctx.db, input.decisionId);
      if (d.compoundId !== ancestry.compoundId)
        throw new ApiError(
          "BAD_REQUEST",
          "error.ballot.unit_other_compound",
          "the unit is not in this vote's compound",
        );
      const key = await votesRepository(ctx.db).ownerKeyFor(ctx.actor.userId, input.unitId);
      if (!key) throw new ApiError("FORBIDDEN", "error.ballot.not_owner", "you do not hold this unit");
      if (!d.options.includes(input.choice))
        throw new ApiError("BAD_REQUEST", "error.ballot.choice_not_offered", "this choice is not offered");
      type Cast = {
        decisionId: string;
        secret: boolean;
        changed: boolean;
        choice: (typeof ballotChoices)[number];
        receipt: string | null;
      };
      return audited<Cast>(ctx, async (tx) => {
        const votes = votesRepository(tx);
        const locked = await votes.lockDecisionForBallot(d.id);
        if (locked?.status !== "open")
          throw new ApiError("CONFLICT", "error.ballot.vote_not_open", "the vote is not open", {
            status: locked?.status ?? "unknown",
          });
        // A ballot counts only within the announced period, even if nobody has pressed "close" yet.
        const now = ctx.now();
        if (now < d.opensAt || now >= d.closesAt)
          throw new ApiError(
            "CONFLICT",
            "error.ballot.outside_period",
            "ballots are cast within the voting period",
            {
              opensAt: d.opensAt.toISOString(),
              closesAt: d.closesAt.toISOString(),
            },
          );
        // Who speaks for the key (法释〔2009〕7号 Art. 9; the compound's 议事规则): core's rule decides.
        const facts = await votes.casterFacts(d.id, key.ownerKey, d.secret);
        const refusal = checkBallotCaster({ ...facts, actorUserId: ctx.actor.userId });
        if (refusal === "not_representative")
          throw new ApiError(
            "FORBIDDEN",
            "error.ballot.not_representative",
            "under this compound's rules only the co-owners' designated representative votes for this unit",
          );
        if (refusal === "cast_by_another") throw castByAnother();
        // Every person linked to the key hears of every ballot cast for it — never of the choice.
        const tellOwners = (changed: boolean) =>
          notify(tx, {
            userIds: facts.linkedUserIds,
            kind: "ballot_cast",
            messageKey: changed ? "notification.ballot_changed" : "notification.ballot_cast",
            params: { title: d.title },
            link: `/votes/${d.id}`,
            at: now,
          });
        // Ballot audit rows say THAT a key voted and who cast it, never the choice: an open vote's running
        // result must not be readable from the audit log (the ballots themselves are the record).
        const ballotAudit = (changed: boolean, secret: boolean) => ({
          action: changed ? "ballot.change" : "ballot.cast",
          entityType: "owners_decision",
          entityId: d.id,
          after: { ownerKey: key.ownerKey, unitId: input.unitId, castBy: ctx.actor.userId, secret },
        });
        if (!d.secret) {
          const before = facts.existingCastBy !== undefined;
          const stored = await votes.castOrChangeBallot(
            { decisionId: d.id, ownerKey: key.ownerKey, choice: input.choice, castBy: ctx.actor.userId },
            { onlyChangedByCaster: facts.rule === "caster_only" },
          );
          // Another co-owner cast the key's ballot between our check and our write.
          if (!stored) throw castByAnother();
          await tellOwners(before);
          return {
            result: { decisionId: d.id, secret: false, changed: before, choice: input.choice, receipt: null },
            audit: ballotAudit(before, false),
          };
        }
        const area = (await ownershipRepository(tx).votingRoll(d.compoundId))
          .filter((u) => u.ownerKey === key.ownerKey)
          .reduce((s, u) => s + u.areaCentiM2, 0);
        const r = await votes.castSecretBallot({
          decisionId: d.id,
          ownerKey: key.ownerKey,
          choice: input.choice,
          areaCentiM2: area,
          castBy: ctx.actor.userId,
          receipt: input.receipt ?? null,
        });
        if (r.kind === "needs_receipt")
          throw new ApiError(
            "CONFLICT",
            "error.ballot.secret_receipt_required",
            "your owner key has already voted; changing a secret ballot needs its receipt",
          );
        if (r.kind === "bad_receipt")
          throw new ApiError(
            "FORBIDDEN",
            "error.ballot.bad_receipt",
            "the receipt does not match your ballot",
          );
        await tellOwners(r.kind === "changed");
        return {
          result: {
            decisionId: d.id,
            secret: true,
            changed: r.kind === "changed",
            choice: input.choice,
            receipt: r.kind === "cast" ? r.receipt : null,
          },
          audit: ballotAudit(r.kind === "changed", true),
        };
      });
    }),

  /**
   * My owner key for a unit: the units and area it carries, whether it voted, and its choice for a
   * non-secret vote (for a secret vote only with the receipt).
   */
  myBallot: scopedProcedure(["verified_owner"])
    .input(
      z.object({
        decisionId: z.uuid(),
        unitId: z.uuid(),
        receipt: z
          .string()
          .regex(/^[A-Za-z0-9_-]{43}$/)
          .optional(),
      }),
    )
    .output(
      z.object({
        decisionId: z.uuid(),
        secret: z.boolean(),
        units: z.array(z.object({ id: z.uuid(), areaCentiM2: z.number().int() })),
        areaCentiM2: z.number().int(),
        voted: z.boolean(),
        castAt: z.date().nullable(),
        choice: z.enum(ballotChoices).nullable(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const ancestry = await ctx.requireScope({ level: "unit", id: input.unitId });
      const d = await loadDecision(ctx.db, input.decisionId);
      if (d.compoundId !== ancestry.compoundId)
        throw new ApiError(
          "BAD_REQUEST",
          "error.ballot.unit_other_compound",
          "the unit is not in this vote's compound",
        );
      const votes = votesRepository(ctx.db);
      const key = await votes.ownerKeyFor(ctx.actor.userId, input.unitId);
      if (!key) throw new ApiError("FORBIDDEN", "error.ballot.not_owner", "you do not hold this unit");
      const units = (await ownershipRepository(ctx.db).votingRoll(d.compoundId))
        .filter((u) => u.ownerKey === key.ownerKey)
        .map((u) => ({ id: u.id, areaCentiM2: u.areaCentiM2 }));
      const areaCentiM2 = units.reduce((s, u) => s + u.areaCentiM2, 0);
      if (!d.secret) {
        const b = await votes.openBallotOf(d.id, key.ownerKey);
        return {
          decisionId: d.id,
          secret: false,
          units,
          areaCentiM2,
          voted: b !== null,
          castAt: b?.castAt ?? null,
          choice: b?.choice ?? null,
        };
      }
      const p = await votes.participationOf(d.id, key.ownerKey);
      const choice =
        p && input.receipt ? await votes.secretChoiceByReceipt(d.id, key.ownerKey, input.receipt) : null;
      return {
        decisionId: d.id,
        secret: true,
        units,
        areaCentiM2,
        voted: p !== null,
        castAt: p?.castAt ?? null,
        choice,
      };
    }),
});

/** A co-owner's ballot is changed only by the person who cast it (caster_only rule). */
function castByAnother() {
  return new ApiError(
    "FORBIDDEN",
    "error.ballot.cast_by_co_owner",
    "another owner of this unit cast its ballot; only they can change it",
  );
}

function conflict() {
  return new ApiError(
    "CONFLICT",
    "error.decision.changed_concurrently",
    "the vote changed meanwhile; reload it",
  );
}

async function setWindow(tx: Executor, _id: string, _opensAt: Date, _closesAt: Date) {
  const d = await votesRepository(tx).setWindow(_id, _opensAt, _closesAt);
  if (!d) throw conflict();
  return d;
}

/** A plain status transition through core's table, compare-and-set, with its audit entry. */
async function transition(
  ctx: Parameters<Parameters<typeof organise.mutation>[0]>[0]["ctx"],
  id: string,
  to: DecisionStatus,
  context: (d: OwnersDecisionRow) => Record<string, unknown>,
  set: { publishedAt?: Date } = {},
) {
  const d = await loadDecision(ctx.db, id);
  const ancestry = await ctx.requireScope({ level: "compound", id: d.compoundId });
  assertDecisionTransition(d.status, to, transitionActor(ctx.scopes, ancestry), context(d));
  return audited(ctx, async (tx) => {
    const updated = await votesRepository(tx).transitionDecision(d.id, d.status, { status: to, ...set });
    if (!updated) throw conflict();
    // Owners hear of a vote opening and of its published result (in-app, in the same transaction).
    if (to === "open" || to === "published") {
      await notify(tx, {
        userIds: await ownershipRepository(tx).ownerUserIds(d.compoundId),
        except: ctx.actor.userId,
        kind: to === "open" ? "vote_opened" : "result_published",
        messageKey: to === "open" ? "notification.vote_opened" : "notification.result_published",
        params: { title: d.title },
        link: `/votes/${d.id}`,
      });
    }
    return {
      result: publicDecision(updated),
      audit: {
        action: `decision.${to}`,
        entityType: "owners_decision",
        entityId: d.id,
        before: { status: d.status },
        after: { status: to, ...set },
      },
    };
  });
}
