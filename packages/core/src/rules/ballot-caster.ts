/**
 * Who may cast or change the ballot of an owner key (法释〔2009〕7号 Art. 9: the units of one owner are one
 * owner; co-owners 共有人 of a unit vote as that one owner). Several people may be linked to one key; the
 * compound's rules of procedure (议事规则, 北京市物业管理条例 Art. 20) say which of them speaks for it —
 * see {@link coOwnerBallotRules}. Staff never vote in an owner's place: a person's link to a key comes
 * from their own household code or from a staff verification of someone else (nobody verifies
 * themselves), and every ballot cast for a key is notified to each person linked to it.
 */
import type { CoOwnerBallotRule } from "../model/enums.ts";

export type BallotCasterRefusal =
  /** `representative`: the key has a representative and it is not this person (or none is designated). */
  | "not_representative"
  /** `caster_only`: the key's ballot was cast by another person; only they may change it. */
  | "cast_by_another";

export interface BallotCasterInput {
  rule: CoOwnerBallotRule;
  /** Who is casting now. */
  actorUserId: string;
  /** The key's designated representative's user, or null when none is designated. */
  representativeUserId: string | null;
  /** How many people are linked to the key (a key held by one person needs no designation). */
  linkedPeople: number;
  /**
   * The key's current ballot: `undefined` when it has not voted; otherwise who cast it (null when that
   * account no longer exists — then nobody can claim to be its caster).
   */
  existingCastBy: string | null | undefined;
}

/** Null when `actorUserId` may cast (or change) the key's ballot under the rule, else why not. */
export function checkBallotCaster(i: BallotCasterInput): BallotCasterRefusal | null {
  if (i.rule === "representative") {
    const speaks =
      i.representativeUserId === i.actorUserId || (i.representativeUserId === null && i.linkedPeople === 1);
    return speaks ? null : "not_representative";
  }
  if (i.rule === "caster_only" && i.existingCastBy !== undefined && i.existingCastBy !== i.actorUserId)
    return "cast_by_another";
  return null;
}
