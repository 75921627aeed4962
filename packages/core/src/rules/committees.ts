/**
 * Committee rules of the 北京市物业管理条例 (in force 2020-05-01), as summarised in DOMAIN.md §3:
 * 业主大会 formation (Art. 30), 业主委员会 composition, term, filing and 换届 (Art. 39–49), and the
 * 物业管理委员会 (Art. 52–59). Each validator returns every violation, not just the first.
 */
import type { CommitteeKind, CommitteeMemberRole, CommitteeStatus } from "../model/enums.ts";
import { committeeInOfficeStatuses } from "../model/enums.ts";
import {
  addDays,
  addMonths,
  addYears,
  assertIsoDate,
  compareDates,
  daysBetween,
  type IsoDate,
} from "./dates.ts";
import type { RuleViolation } from "./errors.ts";
import { atLeastFraction } from "./exact.ts";

export const COMMITTEE_ARTICLES = {
  assemblyFormation: "北京市物业管理条例 Art. 30",
  ownersCommitteeComposition: "北京市物业管理条例 Art. 39–49",
  ownersCommitteeTerm: "北京市物业管理条例 Art. 39–49",
  ownersCommitteeFiling: "北京市物业管理条例 Art. 39–49",
  ownersCommitteeHandover: "北京市物业管理条例 Art. 39–49",
  interimCommitteeComposition: "北京市物业管理条例 Art. 52–59",
  interimCommitteeTerm: "北京市物业管理条例 Art. 52–59",
  interimCommitteeDissolution: "北京市物业管理条例 Art. 52–59",
  partyBranch: "中国共产党章程 Art. 30",
} as const;

// ---------------------------------------------------------------------------------------------
// 业主大会 formation preconditions (Art. 30)
// ---------------------------------------------------------------------------------------------

export interface AssemblyFormationInput {
  /** Total exclusive area of the compound, centi-m². */
  totalAreaCentiM2: number;
  /** Area of units already delivered (交付), centi-m². */
  deliveredAreaCentiM2: number;
  /** Total number of owners (headcount as in 法释〔2009〕7号 Art. 9). */
  ownerCount: number;
  /** Owners joining the application. */
  applicantOwnerCount: number;
  /** Exclusive area held by the applicant owners, centi-m². */
  applicantAreaCentiM2: number;
  /** The developer (建设单位) applies. */
  developerApplies: boolean;
}

/**
 * 北京市物业管理条例 Art. 30: a 业主大会 may be applied for once delivered units reach ≥ 50 % of the
 * area, on application by ≥ 5 % of the owners, or owners holding ≥ 5 % of the area, or the developer.
 * "以上" includes the boundary (民法典 Art. 1259). Returns every unmet precondition.
 */
export function assemblyFormationPreconditions(input: AssemblyFormationInput): {
  eligible: boolean;
  violations: RuleViolation[];
} {
  const violations: RuleViolation[] = [];
  const article = COMMITTEE_ARTICLES.assemblyFormation;
  const delivered =
    input.totalAreaCentiM2 > 0 && atLeastFraction(input.deliveredAreaCentiM2, input.totalAreaCentiM2, 1, 2);
  if (!delivered) {
    violations.push({
      code: "delivered_area_below_half",
      messageKey: "assembly.delivered_area_below_half",
      article,
      params: { deliveredAreaCentiM2: input.deliveredAreaCentiM2, totalAreaCentiM2: input.totalAreaCentiM2 },
    });
  }
  const byOwners =
    input.ownerCount > 0 && atLeastFraction(input.applicantOwnerCount, input.ownerCount, 5, 100);
  const byArea =
    input.totalAreaCentiM2 > 0 && atLeastFraction(input.applicantAreaCentiM2, input.totalAreaCentiM2, 5, 100);
  if (!(byOwners || byArea || input.developerApplies)) {
    violations.push({
      code: "applicants_insufficient",
      messageKey: "assembly.applicants_insufficient",
      article,
      params: {
        applicantOwnerCount: input.applicantOwnerCount,
        ownerCount: input.ownerCount,
        applicantAreaCentiM2: input.applicantAreaCentiM2,
        totalAreaCentiM2: input.totalAreaCentiM2,
      },
    });
  }
  return { eligible: violations.length === 0, violations };
}

// ---------------------------------------------------------------------------------------------
// Composition
// ---------------------------------------------------------------------------------------------

export interface CommitteeMemberInput {
  id: string;
  role: CommitteeMemberRole;
  /** Is an owner (业主) of the compound. */
  isOwner: boolean;
  /** Represents the 居委会/村委会 (物管会 chair). */
  isResidentsCommitteeRep?: boolean;
  /** Full (正式) party member — for party-branch eligibility. */
  isFullPartyMember?: boolean;
}

export interface CommitteeCompositionInput {
  kind: CommitteeKind;
  /** Households of the compound; a 业委会 may have 3 members when ≤ 100. */
  compoundHouseholds: number;
  members: readonly CommitteeMemberInput[];
  termStart?: IsoDate | null;
  termEnd?: IsoDate | null;
}

/** The longest term: 业委会 5 years, 物管会 3 years. */
export function maxTermYears(kind: CommitteeKind): number {
  return kind === "owners_committee" ? 5 : 3;
}

/**
 * Validate the composition and term of a committee. Returns ALL violations (empty when valid).
 * 业委会 (Art. 39–49): members (主任, 副主任, 委员; not 候补) odd and ≥ 5, or ≥ 3 when the compound has
 * ≤ 100 households; one 主任; alternates ≤ members; term ≤ 5 years.
 * 物管会 (Art. 52–59): ≥ 7 members, odd; owners ≥ half; 主任 is the 居委会 representative; 副主任 an
 * owner; term ≤ 3 years.
 */
export function validateCommitteeComposition(committee: CommitteeCompositionInput): RuleViolation[] {
  const v: RuleViolation[] = [];
  const owners = committee.kind === "owners_committee";
  const article = owners
    ? COMMITTEE_ARTICLES.ownersCommitteeComposition
    : COMMITTEE_ARTICLES.interimCommitteeComposition;
  const prefix = owners ? "owners_committee" : "interim_committee";
  const push = (code: string, params: RuleViolation["params"], art: string = article) =>
    v.push({ code, messageKey: `committee.${prefix}.${code}`, article: art, params });

  const ids = new Set<string>();
  for (const m of committee.members) {
    if (ids.has(m.id)) push("duplicate_member", { memberId: m.id });
    ids.add(m.id);
  }
  const seated = committee.members.filter((m) => m.role !== "alternate");
  const alternates = committee.members.filter((m) => m.role === "alternate");
  const size = seated.length;
  const minSize = owners ? (committee.compoundHouseholds <= 100 ? 3 : 5) : 7;
  if (size < minSize) push("too_few_members", { size, minSize, households: committee.compoundHouseholds });
  if (size % 2 === 0) push("even_member_count", { size });
  if (alternates.length > size) push("too_many_alternates", { alternates: alternates.length, size });

  const chairs = seated.filter((m) => m.role === "chair");
  if (chairs.length !== 1) push("chair_count", { chairs: chairs.length });

  if (owners) {
    // 业委会 members are elected from among the owners.
    for (const m of committee.members) if (!m.isOwner) push("member_not_owner", { memberId: m.id });
  } else {
    const ownerCount = seated.filter((m) => m.isOwner).length;
    if (size > 0 && !atLeastFraction(ownerCount, size, 1, 2)) push("owners_below_half", { ownerCount, size });
    for (const chair of chairs) {
      if (!chair.isResidentsCommitteeRep) push("chair_not_residents_committee_rep", { memberId: chair.id });
    }
    const vices = seated.filter((m) => m.role === "vice_chair");
    if (vices.length === 0) push("vice_chair_missing", {});
    for (const vice of vices) if (!vice.isOwner) push("vice_chair_not_owner", { memberId: vice.id });
  }

  if (committee.termStart && committee.termEnd) {
    const termArticle = owners
      ? COMMITTEE_ARTICLES.ownersCommitteeTerm
      : COMMITTEE_ARTICLES.interimCommitteeTerm;
    const years = maxTermYears(committee.kind);
    const latest = addYears(committee.termStart, years);
    if (compareDates(committee.termEnd, committee.termStart) <= 0) {
      push(
        "term_end_before_start",
        { termStart: committee.termStart, termEnd: committee.termEnd },
        termArticle,
      );
    } else if (compareDates(committee.termEnd, latest) > 0) {
      push(
        "term_too_long",
        { termStart: committee.termStart, termEnd: committee.termEnd, maxYears: years, latest },
        termArticle,
      );
    }
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Party organisation
// ---------------------------------------------------------------------------------------------

export interface PartyOrgEligibility {
  fullPartyMembers: number;
  /** ≥ 3 full party members may form their own 党支部 (中国共产党章程 Art. 30). */
  canFormOwnBranch: boolean;
  /** Modes available: own_branch when eligible; dispatched (派驻帮建) or attached (挂靠组建) always. */
  availableModes: ("own_branch" | "dispatched" | "attached")[];
  article: string;
}

/** Party-organisation eligibility of a committee: ≥ 3 正式党员 among its members may form a 党支部. */
export function partyOrgEligibility(
  members: readonly { isFullPartyMember?: boolean }[],
): PartyOrgEligibility {
  const fullPartyMembers = members.filter((m) => m.isFullPartyMember === true).length;
  const canFormOwnBranch = fullPartyMembers >= 3;
  return {
    fullPartyMembers,
    canFormOwnBranch,
    availableModes: canFormOwnBranch ? ["own_branch", "dispatched", "attached"] : ["dispatched", "attached"],
    article: COMMITTEE_ARTICLES.partyBranch,
  };
}

// ---------------------------------------------------------------------------------------------
// Deadlines and alerts
// ---------------------------------------------------------------------------------------------

export interface CommitteeDeadlineInput {
  kind: CommitteeKind;
  status: CommitteeStatus;
  electedOn?: IsoDate | null;
  filedOn?: IsoDate | null;
  termEnd?: IsoDate | null;
  /** When the 换届小组 was formed, if it was. */
  handoverGroupFormedOn?: IsoDate | null;
  /** For a 物管会: when a 业委会 of the same compound was filed (备案), if one was. */
  ownersCommitteeFiledOn?: IsoDate | null;
}

export type CommitteeAlertCode =
  | "filing_due"
  | "filing_overdue"
  | "term_ending"
  | "handover_group_due"
  | "handover_group_overdue"
  | "term_expired"
  | "dissolution_due"
  | "dissolution_overdue";

export interface CommitteeAlert {
  code: CommitteeAlertCode;
  severity: "info" | "warning" | "overdue";
  messageKey: string;
  article: string;
  dueDate: IsoDate;
  /** Days from today to the due date (negative when overdue). */
  daysLeft: number;
}

export interface CommitteeDeadlines {
  /** 备案 due 30 days after election. */
  filingDue: IsoDate | null;
  /** The report that opens the 换届 process: 6 months before the term ends. */
  termEndingFrom: IsoDate | null;
  /** 换届小组 due 60 days after the term-ending report date. */
  handoverGroupDue: IsoDate | null;
  /** 物管会 dissolution due 30 days after a 业委会 of the compound is filed. */
  dissolutionDue: IsoDate | null;
  alerts: CommitteeAlert[];
}

/**
 * Deadlines and alerts of a committee on `today` (北京市物业管理条例 Art. 39–49, 52–59):
 * filing due 30 days after election (overdue after); term ending from 6 months before term end;
 * 换届小组 due 60 days after that; 物管会 to dissolve within 30 days after a 业委会 is filed.
 */
export function committeeDeadlines(committee: CommitteeDeadlineInput, today: IsoDate): CommitteeDeadlines {
  assertIsoDate(today);
  const alerts: CommitteeAlert[] = [];
  const alert = (code: CommitteeAlertCode, dueDate: IsoDate, article: string, warnOnly = false) => {
    const daysLeft = daysBetween(today, dueDate);
    alerts.push({
      code,
      severity: daysLeft < 0 && !warnOnly ? "overdue" : "warning",
      messageKey: `committee.alert.${code}`,
      article,
      dueDate,
      daysLeft,
    });
  };
  const gone = committee.status === "expired" || committee.status === "dissolved";
  const inOffice = (committeeInOfficeStatuses as readonly string[]).includes(committee.status);

  // Filing (备案) within 30 days of election.
  const filingDue = committee.electedOn ? addDays(committee.electedOn, 30) : null;
  if (filingDue && !committee.filedOn && !gone) {
    alert(
      compareDates(today, filingDue) > 0 ? "filing_overdue" : "filing_due",
      filingDue,
      COMMITTEE_ARTICLES.ownersCommitteeFiling,
    );
  }

  // Term ending: report 6 months ahead; 换届小组 within 60 days after that (业委会 only).
  const termEndingFrom = committee.termEnd ? addMonths(committee.termEnd, -6) : null;
  const handoverGroupDue =
    termEndingFrom && committee.kind === "owners_committee" ? addDays(termEndingFrom, 60) : null;
  if (committee.termEnd && termEndingFrom && inOffice) {
    const termArticle =
      committee.kind === "owners_committee"
        ? COMMITTEE_ARTICLES.ownersCommitteeHandover
        : COMMITTEE_ARTICLES.interimCommitteeTerm;
    if (compareDates(today, committee.termEnd) >= 0) {
      alert("term_expired", committee.termEnd, termArticle);
    } else if (compareDates(today, termEndingFrom) >= 0) {
      alert("term_ending", committee.termEnd, termArticle, true);
    }
    if (handoverGroupDue && !committee.handoverGroupFormedOn && compareDates(today, termEndingFrom) >= 0) {
      alert(
        compareDates(today, handoverGroupDue) > 0 ? "handover_group_overdue" : "handover_group_due",
        handoverGroupDue,
        COMMITTEE_ARTICLES.ownersCommitteeHandover,
      );
    }
  }

  // 物管会 dissolves within 30 days after a 业委会 of the same compound is filed.
  const dissolutionDue =
    committee.kind === "interim_committee" && committee.ownersCommitteeFiledOn
      ? addDays(committee.ownersCommitteeFiledOn, 30)
      : null;
  if (dissolutionDue && committee.status !== "dissolved") {
    alert(
      compareDates(today, dissolutionDue) > 0 ? "dissolution_overdue" : "dissolution_due",
      dissolutionDue,
      COMMITTEE_ARTICLES.interimCommitteeDissolution,
    );
  }
  return { filingDue, termEndingFrom, handoverGroupDue, dissolutionDue, alerts };
}

/**
 * The status a committee should have on `today` given its dates: an in-office committee is
 * `term_ending` within 6 months of its term end and `expired` from the term end on.
 * Other statuses are returned unchanged.
 */
export function committeeStatusOn(
  committee: { status: CommitteeStatus; termEnd?: IsoDate | null },
  today: IsoDate,
): CommitteeStatus {
  if (!(committeeInOfficeStatuses as readonly string[]).includes(committee.status) || !committee.termEnd) {
    return committee.status;
  }
  if (compareDates(today, committee.termEnd) >= 0) return "expired";
  if (compareDates(today, addMonths(committee.termEnd, -6)) >= 0) return "term_ending";
  return committee.status;
}
