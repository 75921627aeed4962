import { describe, expect, it } from "vitest";
import {
  assemblyFormationPreconditions,
  type CommitteeCompositionInput,
  type CommitteeMemberInput,
  committeeDeadlines,
  committeeStatusOn,
  partyOrgEligibility,
  validateCommitteeComposition,
} from "../../src/rules/index.ts";

function members(n: number, opts: Partial<CommitteeMemberInput> = {}, prefix = "m"): CommitteeMemberInput[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`,
    role: i === 0 ? "chair" : i === 1 ? "vice_chair" : "member",
    isOwner: true,
    ...opts,
  }));
}

const codes = (c: CommitteeCompositionInput) => validateCommitteeComposition(c).map((v) => v.code);

describe("validateCommitteeComposition — 业委会 (条例 Art. 39–49)", () => {
  const base = (n: number, households = 500): CommitteeCompositionInput => ({
    kind: "owners_committee",
    compoundHouseholds: households,
    members: members(n),
    termStart: "2021-03-01",
    termEnd: "2026-03-01",
  });

  it("5 and 7 members are valid; violations carry message key, article and params", () => {
    expect(validateCommitteeComposition(base(5))).toEqual([]);
    expect(validateCommitteeComposition(base(7))).toEqual([]);
    const [v] = validateCommitteeComposition(base(3));
    expect(v).toEqual({
      code: "too_few_members",
      messageKey: "committee.owners_committee.too_few_members",
      article: "北京市物业管理条例 Art. 39–49",
      params: { size: 3, minSize: 5, households: 500 },
    });
  });

  it("4 members: too few AND even — all violations returned", () => {
    expect(codes(base(4))).toEqual(["too_few_members", "even_member_count"]);
    expect(codes(base(6))).toEqual(["even_member_count"]);
  });

  it("3 members allowed when the compound has ≤ 100 households (100 yes, 101 no)", () => {
    expect(codes(base(3, 100))).toEqual([]);
    expect(codes(base(3, 101))).toEqual(["too_few_members"]);
    expect(codes(base(1, 50))).toEqual(["too_few_members"]);
  });

  it("alternates may not outnumber members (5 + 5 ok, 5 + 6 not); alternates do not count toward size", () => {
    const withAlternates = (k: number): CommitteeCompositionInput => ({
      ...base(5),
      members: [...members(5), ...members(k, { role: "alternate" }, "alt")],
    });
    expect(codes(withAlternates(5))).toEqual([]);
    expect(codes(withAlternates(6))).toEqual(["too_many_alternates"]);
  });

  it("needs exactly one chair, all members owners", () => {
    const c = base(5);
    expect(codes({ ...c, members: c.members.map((m) => ({ ...m, role: "member" as const })) })).toEqual([
      "chair_count",
    ]);
    expect(
      codes({ ...c, members: c.members.map((m, i) => (i === 4 ? { ...m, isOwner: false } : m)) }),
    ).toEqual(["member_not_owner"]);
    expect(codes({ ...c, members: [...c.members, ...members(1, {}, "m")] })).toContain("duplicate_member");
  });

  it("term ≤ 5 years: exactly 5 years ok, one day more not", () => {
    expect(codes({ ...base(5), termEnd: "2026-03-01" })).toEqual([]);
    expect(codes({ ...base(5), termEnd: "2026-03-02" })).toEqual(["term_too_long"]);
    expect(codes({ ...base(5), termEnd: "2021-03-01" })).toEqual(["term_end_before_start"]);
  });
});

describe("validateCommitteeComposition — 物管会 (条例 Art. 52–59)", () => {
  const interim = (): CommitteeCompositionInput => ({
    kind: "interim_committee",
    compoundHouseholds: 800,
    members: [
      { id: "rep", role: "chair", isOwner: false, isResidentsCommitteeRep: true },
      { id: "v", role: "vice_chair", isOwner: true },
      { id: "o1", role: "member", isOwner: true },
      { id: "o2", role: "member", isOwner: true },
      { id: "o3", role: "member", isOwner: true },
      { id: "s1", role: "member", isOwner: false },
      { id: "s2", role: "member", isOwner: false },
    ],
    termStart: "2022-01-01",
    termEnd: "2025-01-01",
  });

  it("7 members, 4 owners, 居委会 chair, owner vice-chair, 3-year term: valid", () => {
    expect(validateCommitteeComposition(interim())).toEqual([]);
  });

  it("owners must be at least half: 4 of 7 ok; 3 of 7 not", () => {
    const c = interim();
    const fewer = { ...c, members: c.members.map((m) => (m.id === "o3" ? { ...m, isOwner: false } : m)) };
    expect(codes(fewer)).toEqual(["owners_below_half"]);
  });

  it("5 members is too few for a 物管会 (≥ 7) even in a small compound", () => {
    const c = interim();
    expect(codes({ ...c, compoundHouseholds: 50, members: c.members.slice(0, 5) })).toEqual([
      "too_few_members",
    ]);
  });

  it("reports every violation at once", () => {
    const c = interim();
    const bad: CommitteeCompositionInput = {
      ...c,
      termEnd: "2025-01-02",
      members: [
        { id: "x", role: "chair", isOwner: true },
        { id: "v", role: "vice_chair", isOwner: false },
        { id: "s1", role: "member", isOwner: false },
        { id: "s2", role: "member", isOwner: false },
        { id: "o1", role: "member", isOwner: true },
        { id: "o2", role: "member", isOwner: true },
      ],
    };
    expect(codes(bad)).toEqual([
      "too_few_members",
      "even_member_count",
      "chair_not_residents_committee_rep",
      "vice_chair_not_owner",
      "term_too_long",
    ]);
    const withoutVice = {
      ...c,
      members: c.members.map((m) => (m.role === "vice_chair" ? { ...m, role: "member" as const } : m)),
    };
    expect(codes(withoutVice)).toEqual(["vice_chair_missing"]);
  });

  it("owners exactly half of an even-sized 物管会 is not a share violation (only the even size is)", () => {
    const c = interim();
    const eight = { ...c, members: [...c.members, { id: "s3", role: "member" as const, isOwner: false }] };
    expect(codes(eight)).toEqual(["even_member_count"]);
  });
});

describe("partyOrgEligibility", () => {
  it("≥ 3 full party members may form their own branch: 2 no, 3 yes", () => {
    expect(partyOrgEligibility([{ isFullPartyMember: true }, { isFullPartyMember: true }, {}])).toMatchObject(
      {
        fullPartyMembers: 2,
        canFormOwnBranch: false,
        availableModes: ["dispatched", "attached"],
      },
    );
    expect(
      partyOrgEligibility([
        { isFullPartyMember: true },
        { isFullPartyMember: true },
        { isFullPartyMember: true },
      ]),
    ).toMatchObject({ fullPartyMembers: 3, canFormOwnBranch: true });
  });
});

describe("assemblyFormationPreconditions (条例 Art. 30)", () => {
  const base = {
    totalAreaCentiM2: 1_000_000,
    deliveredAreaCentiM2: 500_000,
    ownerCount: 200,
    applicantOwnerCount: 10,
    applicantAreaCentiM2: 0,
    developerApplies: false,
  };
  it("exactly 50 % delivered and exactly 5 % of owners applying: eligible", () => {
    expect(assemblyFormationPreconditions(base)).toEqual({ eligible: true, violations: [] });
  });
  it("one centi-m² under half delivered, and 9 of 200 owners: both violations", () => {
    const r = assemblyFormationPreconditions({
      ...base,
      deliveredAreaCentiM2: 499_999,
      applicantOwnerCount: 9,
    });
    expect(r.eligible).toBe(false);
    expect(r.violations.map((v) => v.code)).toEqual(["delivered_area_below_half", "applicants_insufficient"]);
    expect(r.violations[0]!.article).toBe("北京市物业管理条例 Art. 30");
  });
  it("5 % of the area, or the developer, is enough", () => {
    expect(
      assemblyFormationPreconditions({ ...base, applicantOwnerCount: 1, applicantAreaCentiM2: 50_000 })
        .eligible,
    ).toBe(true);
    expect(
      assemblyFormationPreconditions({ ...base, applicantOwnerCount: 1, applicantAreaCentiM2: 49_999 })
        .eligible,
    ).toBe(false);
    expect(
      assemblyFormationPreconditions({ ...base, applicantOwnerCount: 0, developerApplies: true }).eligible,
    ).toBe(true);
  });
});

describe("committeeDeadlines", () => {
  const codesOn = (today: string, c: Parameters<typeof committeeDeadlines>[0]) =>
    committeeDeadlines(c, today).alerts.map((a) => a.code);

  it("filing due 30 days after election; overdue from day 31", () => {
    const c = { kind: "owners_committee" as const, status: "elected" as const, electedOn: "2024-03-01" };
    const d = committeeDeadlines(c, "2024-03-31");
    expect(d.filingDue).toBe("2024-03-31");
    expect(d.alerts).toEqual([
      {
        code: "filing_due",
        severity: "warning",
        messageKey: "committee.alert.filing_due",
        article: "北京市物业管理条例 Art. 39–49",
        dueDate: "2024-03-31",
        daysLeft: 0,
      },
    ]);
    expect(committeeDeadlines(c, "2024-04-01").alerts[0]).toMatchObject({
      code: "filing_overdue",
      severity: "overdue",
      daysLeft: -1,
    });
    expect(codesOn("2024-04-01", { ...c, filedOn: "2024-03-20", status: "filed" })).toEqual([]);
  });

  it("term ending 6 months ahead; 换届小组 due 60 days after that", () => {
    const c = {
      kind: "owners_committee" as const,
      status: "filed" as const,
      electedOn: "2020-06-01",
      filedOn: "2020-06-20",
      termEnd: "2025-06-01",
    };
    const d = committeeDeadlines(c, "2024-11-30");
    expect(d.termEndingFrom).toBe("2024-12-01");
    expect(d.handoverGroupDue).toBe("2025-01-30");
    expect(d.alerts).toEqual([]);
    expect(codesOn("2024-12-01", c)).toEqual(["term_ending", "handover_group_due"]);
    expect(codesOn("2025-01-30", c)).toEqual(["term_ending", "handover_group_due"]);
    expect(codesOn("2025-01-31", c)).toEqual(["term_ending", "handover_group_overdue"]);
    expect(codesOn("2025-01-31", { ...c, handoverGroupFormedOn: "2025-01-10" })).toEqual(["term_ending"]);
    expect(codesOn("2025-06-01", { ...c, handoverGroupFormedOn: "2025-01-10" })).toEqual(["term_expired"]);
  });

  it("物管会 must dissolve within 30 days after a 业委会 is filed", () => {
    const c = {
      kind: "interim_committee" as const,
      status: "filed" as const,
      termEnd: "2027-01-01",
      ownersCommitteeFiledOn: "2025-03-10",
    };
    expect(committeeDeadlines(c, "2025-04-09").dissolutionDue).toBe("2025-04-09");
    expect(codesOn("2025-04-09", c)).toEqual(["dissolution_due"]);
    expect(codesOn("2025-04-10", c)).toEqual(["dissolution_overdue"]);
    expect(codesOn("2025-04-10", { ...c, status: "dissolved" })).toEqual([]);
    // 物管会 has no 换届小组.
    expect(committeeDeadlines(c, "2026-08-01").handoverGroupDue).toBeNull();
    expect(codesOn("2026-08-01", { ...c, ownersCommitteeFiledOn: null })).toEqual(["term_ending"]);
  });

  it("committeeStatusOn derives term_ending and expired", () => {
    const c = { status: "filed" as const, termEnd: "2025-06-01" };
    expect(committeeStatusOn(c, "2024-11-30")).toBe("filed");
    expect(committeeStatusOn(c, "2024-12-01")).toBe("term_ending");
    expect(committeeStatusOn(c, "2025-06-01")).toBe("expired");
    expect(committeeStatusOn({ status: "elected", termEnd: "2020-01-01" }, "2025-01-01")).toBe("elected");
  });
});
