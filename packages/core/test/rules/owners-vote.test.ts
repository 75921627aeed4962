import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BallotChoice } from "../../src/model/enums.ts";
import {
  checkBallotCaster,
  matterForItem,
  type OwnersVoteBallot,
  type OwnersVoteInput,
  OwnersVoteInputError,
  type OwnersVoteUnit,
  tallyOwnersDecision,
  votingProgress,
} from "../../src/rules/index.ts";

/** n owners, one unit each, all of the same area (centi-m²). */
function equalOwners(n: number, area = 10_000): OwnersVoteUnit[] {
  return Array.from({ length: n }, (_, i) => ({ id: `u${i}`, areaCentiM2: area, ownerKey: `o${i}` }));
}

/** Ballots for owners o0… in order: `f` for, `a` against, `x` abstain. */
function ballots(f: number, a = 0, x = 0, offset = 0): OwnersVoteBallot[] {
  const out: OwnersVoteBallot[] = [];
  let i = offset;
  for (const [n, choice] of [
    [f, "for"],
    [a, "against"],
    [x, "abstain"],
  ] as const) {
    for (let k = 0; k < n; k++) out.push({ ownerKey: `o${i++}`, choice });
  }
  return out;
}

describe("matterForItem (民法典 Art. 278)", () => {
  it("items 6, 7, 8 are special, the others ordinary", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => matterForItem(i as 1))).toEqual([
      "ordinary",
      "ordinary",
      "ordinary",
      "ordinary",
      "ordinary",
      "special",
      "special",
      "special",
      "ordinary",
    ]);
  });
});

describe("tallyOwnersDecision — worked example: 100 owners, 100 m² each (10 000 m²)", () => {
  const units = equalOwners(100);

  it("has the exact output shape", () => {
    const t = tallyOwnersDecision({ matter: "ordinary", units, ballots: ballots(60, 7) });
    expect(t).toMatchObject({
      eligible: { areaCentiM2: 1_000_000, headcount: 100 },
      participated: { areaCentiM2: 670_000, headcount: 67 },
      for: { areaCentiM2: 600_000, headcount: 60 },
      against: { areaCentiM2: 70_000, headcount: 7 },
      abstain: { areaCentiM2: 0, headcount: 0 },
      quorumMet: true,
      approved: true,
      passed: true,
    });
  });

  it("66 of 100 participating is below 2/3 (66.67); 67 meets it", () => {
    expect(tallyOwnersDecision({ matter: "ordinary", units, ballots: ballots(66) }).quorumMet).toBe(false);
    expect(tallyOwnersDecision({ matter: "ordinary", units, ballots: ballots(66) }).passed).toBe(false);
    expect(tallyOwnersDecision({ matter: "ordinary", units, ballots: ballots(67) }).quorumMet).toBe(true);
  });

  it("ordinary: exactly 1/2 (50 of 100) does not approve (过半数 is strict); 51 does", () => {
    const half = tallyOwnersDecision({ matter: "ordinary", units, ballots: ballots(50, 50) });
    expect(half.quorumMet).toBe(true);
    expect(half.approvedByArea).toBe(false);
    expect(half.approvedByHeadcount).toBe(false);
    expect(half.passed).toBe(false);
    expect(tallyOwnersDecision({ matter: "ordinary", units, ballots: ballots(51, 49) }).passed).toBe(true);
    expect(tallyOwnersDecision({ matter: "ordinary", units, ballots: ballots(49, 51) }).passed).toBe(false);
  });

  it("special: exactly 3/4 (75 of 100) approves (以上 includes it); 74 does not; 76 does", () => {
    expect(tallyOwnersDecision({ matter: "special", units, ballots: ballots(75, 25) }).passed).toBe(true);
    expect(tallyOwnersDecision({ matter: "special", units, ballots: ballots(74, 26) }).passed).toBe(false);
    expect(tallyOwnersDecision({ matter: "special", units, ballots: ballots(76, 24) }).passed).toBe(true);
  });

  it("special with 80 participants: 60 for is exactly 3/4 of the participants and passes; 59 fails", () => {
    expect(tallyOwnersDecision({ matter: "special", units, ballots: ballots(60, 20) }).passed).toBe(true);
    expect(tallyOwnersDecision({ matter: "special", units, ballots: ballots(59, 21) }).passed).toBe(false);
  });

  it("abstentions participate but do not approve", () => {
    const t = tallyOwnersDecision({ matter: "ordinary", units, ballots: ballots(40, 0, 40) });
    expect(t.participated.headcount).toBe(80);
    expect(t.abstain).toEqual({ areaCentiM2: 400_000, headcount: 40 });
    expect(t.quorumMet).toBe(true);
    expect(t.approved).toBe(false); // 40/80 is exactly half
    expect(tallyOwnersDecision({ matter: "ordinary", units, ballots: ballots(41, 0, 39) }).passed).toBe(true);
    // Abstentions alone reach the quorum but approve nothing.
    expect(tallyOwnersDecision({ matter: "ordinary", units, ballots: ballots(0, 0, 100) }).passed).toBe(
      false,
    );
  });

  it("no ballots at all: no quorum, nothing approved (not even a special 0 ≥ 3/4·0)", () => {
    for (const matter of ["ordinary", "special"] as const) {
      const t = tallyOwnersDecision({ matter, units, ballots: [] });
      expect(t.quorumMet).toBe(false);
      expect(t.approved).toBe(false);
      expect(t.passed).toBe(false);
    }
  });
});

describe("tallyOwnersDecision — exact boundaries", () => {
  it("exactly 2/3 participation meets the quorum (99 owners, 66 vote)", () => {
    const units = equalOwners(99);
    const t = tallyOwnersDecision({ matter: "ordinary", units, ballots: ballots(66) });
    expect(t.quorumByArea).toBe(true);
    expect(t.quorumByHeadcount).toBe(true);
    expect(tallyOwnersDecision({ matter: "ordinary", units, ballots: ballots(65) }).quorumMet).toBe(false);
  });

  it("quorum boundary for every small owner count: k of n meets it iff 3k ≥ 2n", () => {
    for (let n = 1; n <= 30; n++) {
      for (let k = 0; k <= n; k++) {
        const t = tallyOwnersDecision({
          matter: "ordinary",
          units: equalOwners(n, 777),
          ballots: ballots(k),
        });
        expect(t.quorumMet, `${k}/${n}`).toBe(3 * k >= 2 * n);
      }
    }
  });

  it("quorum needs both area and headcount", () => {
    // o0 owns 90 % of the area; 3 owners in all.
    const units: OwnersVoteUnit[] = [
      { id: "a", areaCentiM2: 900, ownerKey: "o0" },
      { id: "b", areaCentiM2: 50, ownerKey: "o1" },
      { id: "c", areaCentiM2: 50, ownerKey: "o2" },
    ];
    const bigOnly = tallyOwnersDecision({
      matter: "ordinary",
      units,
      ballots: [{ ownerKey: "o0", choice: "for" }],
    });
    expect(bigOnly.quorumByArea).toBe(true);
    expect(bigOnly.quorumByHeadcount).toBe(false);
    expect(bigOnly.quorumMet).toBe(false);
    const smallOnly = tallyOwnersDecision({ matter: "ordinary", units, ballots: ballots(0, 0, 2, 1) });
    expect(smallOnly.quorumByArea).toBe(false);
    expect(smallOnly.quorumByHeadcount).toBe(true);
    expect(smallOnly.quorumMet).toBe(false);
  });

  it("approval needs both area and headcount", () => {
    const units: OwnersVoteUnit[] = [
      { id: "a", areaCentiM2: 900, ownerKey: "o0" },
      { id: "b", areaCentiM2: 50, ownerKey: "o1" },
      { id: "c", areaCentiM2: 50, ownerKey: "o2" },
    ];
    // The big owner for, two small against: area 90 % for, headcount 1/3.
    const t = tallyOwnersDecision({
      matter: "ordinary",
      units,
      ballots: [
        { ownerKey: "o0", choice: "for" },
        { ownerKey: "o1", choice: "against" },
        { ownerKey: "o2", choice: "against" },
      ],
    });
    expect(t.quorumMet).toBe(true);
    expect(t.approvedByArea).toBe(true);
    expect(t.approvedByHeadcount).toBe(false);
    expect(t.passed).toBe(false);
    // Reverse: two small for, big against: headcount 2/3 but area 10 %.
    const r = tallyOwnersDecision({
      matter: "ordinary",
      units,
      ballots: [
        { ownerKey: "o0", choice: "against" },
        { ownerKey: "o1", choice: "for" },
        { ownerKey: "o2", choice: "for" },
      ],
    });
    expect(r.approvedByArea).toBe(false);
    expect(r.approvedByHeadcount).toBe(true);
    expect(r.passed).toBe(false);
  });

  it("area thirds: 33.33 + 33.33 + 33.34 m² — 2 of 3 owners reach 2/3 of headcount but 66.66 m² < 2/3·100 m²", () => {
    const units: OwnersVoteUnit[] = [
      { id: "a", areaCentiM2: 3333, ownerKey: "o0" },
      { id: "b", areaCentiM2: 3333, ownerKey: "o1" },
      { id: "c", areaCentiM2: 3334, ownerKey: "o2" },
    ];
    const t = tallyOwnersDecision({ matter: "ordinary", units, ballots: ballots(2) });
    expect(t.quorumByHeadcount).toBe(true);
    expect(t.quorumByArea).toBe(false); // 6666·3 = 19998 < 20000
    const t2 = tallyOwnersDecision({
      matter: "ordinary",
      units,
      ballots: ballots(1, 0, 0, 1).concat(ballots(1, 0, 0, 2)),
    });
    expect(t2.participated.areaCentiM2).toBe(6667);
    expect(t2.quorumByArea).toBe(true); // 6667·3 = 20001 ≥ 20000
  });

  it("stays exact near 2^53 where float cross-products would round", () => {
    const x = Math.floor(Number.MAX_SAFE_INTEGER / 3) - 10; // 3x + 1 still safe
    const exact: OwnersVoteUnit[] = [
      { id: "a", areaCentiM2: x, ownerKey: "o0" },
      { id: "b", areaCentiM2: x, ownerKey: "o1" },
      { id: "c", areaCentiM2: x, ownerKey: "o2" },
    ];
    expect(tallyOwnersDecision({ matter: "ordinary", units: exact, ballots: ballots(2) }).quorumByArea).toBe(
      true,
    );
    const oneMore: OwnersVoteUnit[] = [...exact.slice(0, 2), { id: "c", areaCentiM2: x + 1, ownerKey: "o2" }];
    // 2x / (3x + 1) < 2/3: 6x < 6x + 2 — a float product cannot tell these apart at this size.
    expect(
      tallyOwnersDecision({ matter: "ordinary", units: oneMore, ballots: ballots(2) }).quorumByArea,
    ).toBe(false);
    // Special 3/4 at huge areas: for = 3y, against = y.
    const y = Math.floor(Number.MAX_SAFE_INTEGER / 4) - 10;
    const four: OwnersVoteUnit[] = [
      { id: "a", areaCentiM2: 3 * y, ownerKey: "o0" },
      { id: "b", areaCentiM2: y, ownerKey: "o1" },
      { id: "c", areaCentiM2: 1, ownerKey: "o2" },
      { id: "d", areaCentiM2: 1, ownerKey: "o3" },
    ];
    const fourBallots: OwnersVoteBallot[] = [
      { ownerKey: "o0", choice: "for" },
      { ownerKey: "o2", choice: "for" },
      { ownerKey: "o3", choice: "for" },
      { ownerKey: "o1", choice: "against" },
    ];
    const s = tallyOwnersDecision({ matter: "special", units: four, ballots: fourBallots });
    expect(s.approvedByArea).toBe(true); // (3y + 2)/(4y + 2) > 3/4
    const fourB: OwnersVoteUnit[] = [...four.slice(0, 3), { id: "d", areaCentiM2: 1, ownerKey: "o1" }];
    // Now o1 owns y + 1 and votes against; for = 3y + 1 of 4y + 2 < 3/4.
    const s2 = tallyOwnersDecision({
      matter: "special",
      units: fourB,
      ballots: [
        { ownerKey: "o0", choice: "for" },
        { ownerKey: "o2", choice: "for" },
        { ownerKey: "o1", choice: "against" },
      ],
    });
    expect(s2.approvedByArea).toBe(false);
  });

  it("headcount is per owner key: one buyer's (or the developer's) units count once, with all their area", () => {
    const units: OwnersVoteUnit[] = [
      { id: "d1", areaCentiM2: 10_000, ownerKey: "developer" },
      { id: "d2", areaCentiM2: 10_000, ownerKey: "developer" },
      { id: "d3", areaCentiM2: 10_000, ownerKey: "developer" },
      { id: "p1", areaCentiM2: 10_000, ownerKey: "alice" },
      { id: "p2", areaCentiM2: 10_000, ownerKey: "alice" },
      { id: "p3", areaCentiM2: 10_000, ownerKey: "bob" },
    ];
    const t = tallyOwnersDecision({
      matter: "ordinary",
      units,
      ballots: [
        { ownerKey: "developer", choice: "for" },
        { ownerKey: "alice", choice: "against" },
      ],
    });
    expect(t.eligible).toEqual({ areaCentiM2: 60_000, headcount: 3 });
    expect(t.participated).toEqual({ areaCentiM2: 50_000, headcount: 2 });
    expect(t.for).toEqual({ areaCentiM2: 30_000, headcount: 1 });
    expect(t.quorumMet).toBe(true);
    expect(t.approvedByArea).toBe(true); // 30 000 / 50 000 > 1/2
    expect(t.approvedByHeadcount).toBe(false); // 1 of 2 is exactly half
    expect(t.passed).toBe(false);
  });
});

describe("tallyOwnersDecision — invalid input throws OwnersVoteInputError and computes nothing", () => {
  const units = equalOwners(3);
  const cases: [string, OwnersVoteInput, string, string | undefined][] = [
    [
      "duplicate unit id",
      { matter: "ordinary", units: [...units, { id: "u0", areaCentiM2: 1, ownerKey: "z" }], ballots: [] },
      "duplicate_unit_id",
      "u0",
    ],
    [
      "zero area",
      { matter: "ordinary", units: [{ id: "u", areaCentiM2: 0, ownerKey: "o" }], ballots: [] },
      "invalid_area",
      "u",
    ],
    [
      "negative area",
      { matter: "ordinary", units: [{ id: "u", areaCentiM2: -5, ownerKey: "o" }], ballots: [] },
      "invalid_area",
      "u",
    ],
    [
      "fractional area",
      { matter: "ordinary", units: [{ id: "u", areaCentiM2: 89.57, ownerKey: "o" }], ballots: [] },
      "invalid_area",
      "u",
    ],
    [
      "NaN area",
      { matter: "ordinary", units: [{ id: "u", areaCentiM2: Number.NaN, ownerKey: "o" }], ballots: [] },
      "invalid_area",
      "u",
    ],
    [
      "unsafe area",
      { matter: "ordinary", units: [{ id: "u", areaCentiM2: 2 ** 53, ownerKey: "o" }], ballots: [] },
      "invalid_area",
      "u",
    ],
    [
      "total area overflow",
      {
        matter: "ordinary",
        units: [
          { id: "u", areaCentiM2: Number.MAX_SAFE_INTEGER, ownerKey: "o" },
          { id: "v", areaCentiM2: 1, ownerKey: "p" },
        ],
        ballots: [],
      },
      "area_overflow",
      undefined,
    ],
    [
      "ballot for unknown key",
      { matter: "ordinary", units, ballots: [{ ownerKey: "ghost", choice: "for" }] },
      "unknown_owner_key",
      "ghost",
    ],
    [
      "two ballots for one key",
      {
        matter: "ordinary",
        units,
        ballots: [
          { ownerKey: "o1", choice: "for" },
          { ownerKey: "o1", choice: "against" },
        ],
      },
      "duplicate_ballot",
      "o1",
    ],
    ["no units", { matter: "ordinary", units: [], ballots: [] }, "no_units", undefined],
    [
      "empty owner key",
      { matter: "ordinary", units: [{ id: "u", areaCentiM2: 1, ownerKey: "" }], ballots: [] },
      "invalid_owner_key",
      "u",
    ],
    [
      "bad choice",
      { matter: "ordinary", units, ballots: [{ ownerKey: "o0", choice: "maybe" as BallotChoice }] },
      "invalid_choice",
      "o0",
    ],
    ["bad matter", { matter: "urgent" as "special", units, ballots: [] }, "invalid_matter", undefined],
  ];
  it.each(cases)("%s", (_name, input, code, id) => {
    let error: unknown;
    try {
      tallyOwnersDecision(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OwnersVoteInputError);
    expect((error as OwnersVoteInputError).code).toBe(code);
    expect((error as OwnersVoteInputError).id).toBe(id);
    expect(() => votingProgress(input)).toThrow(OwnersVoteInputError);
  });
});

describe("votingProgress", () => {
  const units = equalOwners(100);

  it("reports what is still needed for the quorum", () => {
    const p = votingProgress({ matter: "ordinary", units, ballots: ballots(40, 10) });
    expect(p.quorum.required).toEqual({ areaCentiM2: 666_667, headcount: 67 });
    expect(p.quorum.stillNeeded).toEqual({ areaCentiM2: 166_667, headcount: 17 });
    expect(p.quorum.met).toBe(false);
    expect(p.quorum.reachable).toBe(true);
    expect(p.remaining).toEqual({ areaCentiM2: 500_000, headcount: 50 });
    expect(p.decided).toBeNull();
  });

  it("needs nothing once the quorum is met; required is exact at 2/3 (99 owners → 66)", () => {
    const p = votingProgress({ matter: "ordinary", units: equalOwners(99, 3), ballots: ballots(66) });
    expect(p.quorum.required).toEqual({ areaCentiM2: 198, headcount: 66 });
    expect(p.quorum.stillNeeded).toEqual({ areaCentiM2: 0, headcount: 0 });
    expect(p.quorum.met).toBe(true);
  });

  it("decided passed: quorum met and even all remaining against cannot overturn", () => {
    // 70 for of 100; if the other 30 vote against: 70/100 > 1/2.
    const p = votingProgress({ matter: "ordinary", units, ballots: ballots(70) });
    expect(p.decided).toBe("passed");
    // 67 for; 33 remaining against → 67/100 still > 1/2.
    expect(votingProgress({ matter: "ordinary", units, ballots: ballots(67) }).decided).toBe("passed");
    // special: 67 for; 33 against → 67/100 < 3/4: undecided.
    expect(votingProgress({ matter: "special", units, ballots: ballots(67) }).decided).toBeNull();
    // special: 75 for, the 25 left against → exactly 3/4: passed.
    expect(votingProgress({ matter: "special", units, ballots: ballots(75) }).decided).toBe("passed");
  });

  it("not decided passed while the quorum is unmet, however many are for", () => {
    const p = votingProgress({ matter: "ordinary", units, ballots: ballots(66) });
    expect(p.decided).toBeNull();
    expect(p.bestCase.passed).toBe(true);
  });

  it("decided failed: even if all remaining vote for", () => {
    // 50 against already: all 50 others for → 50/100 is exactly half → fails.
    const p = votingProgress({ matter: "ordinary", units, ballots: ballots(0, 50) });
    expect(p.decided).toBe("failed");
    // 26 against for a special matter: best case 74/100 < 3/4.
    expect(votingProgress({ matter: "special", units, ballots: ballots(0, 26) }).decided).toBe("failed");
    expect(votingProgress({ matter: "special", units, ballots: ballots(0, 25) }).decided).toBeNull();
  });

  it("small vote: 1 of 3 voted, one more owner reaches the quorum", () => {
    const p = votingProgress({ matter: "ordinary", units: equalOwners(3), ballots: ballots(1, 0, 0) });
    expect(p.quorum.reachable).toBe(true);
    expect(p.quorum.stillNeeded.headcount).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Property-based tests
// ---------------------------------------------------------------------------------------------

const choiceArb = fc.constantFrom<BallotChoice>("for", "against", "abstain");

/** Owners o0..o(n-1), each with 1–3 units; a random subset has voted. */
const voteArb = fc
  .record({
    matter: fc.constantFrom("ordinary" as const, "special" as const),
    owners: fc.array(
      fc.record({
        areas: fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 3 }),
        vote: fc.option(choiceArb, { nil: undefined }),
      }),
      { minLength: 1, maxLength: 15 },
    ),
  })
  .map(({ matter, owners }) => {
    const units: OwnersVoteUnit[] = [];
    const cast: OwnersVoteBallot[] = [];
    owners.forEach((o, i) => {
      o.areas.forEach((a, j) => {
        units.push({ id: `u${i}-${j}`, areaCentiM2: a, ownerKey: `o${i}` });
      });
      if (o.vote) cast.push({ ownerKey: `o${i}`, choice: o.vote });
    });
    return { matter, units, ballots: cast } satisfies OwnersVoteInput;
  });

/** Reference oracle written independently in rationals with BigInt: p/e ≥ 2/3 ⇔ 3p ≥ 2e, etc. */
function oracle(input: OwnersVoteInput): boolean {
  const areaOf = new Map<string, bigint>();
  for (const u of input.units) areaOf.set(u.ownerKey, (areaOf.get(u.ownerKey) ?? 0n) + BigInt(u.areaCentiM2));
  const E = [...areaOf.values()].reduce((a, b) => a + b, 0n);
  const EH = BigInt(areaOf.size);
  let P = 0n;
  let PH = 0n;
  let F = 0n;
  let FH = 0n;
  for (const b of input.ballots) {
    const a = areaOf.get(b.ownerKey) ?? 0n;
    P += a;
    PH += 1n;
    if (b.choice === "for") {
      F += a;
      FH += 1n;
    }
  }
  const quorum = 3n * P >= 2n * E && 3n * PH >= 2n * EH;
  if (PH === 0n) return false;
  const approved =
    input.matter === "special" ? 4n * F >= 3n * P && 4n * FH >= 3n * PH : 2n * F > P && 2n * FH > PH;
  return quorum && approved;
}

describe("owners' vote — properties", () => {
  it("agrees with an independent rational oracle", () => {
    fc.assert(
      fc.property(voteArb, (input) => tallyOwnersDecision(input).passed === oracle(input)),
      { numRuns: 500 },
    );
  });

  it("is invariant under ballot order", () => {
    fc.assert(
      fc.property(
        voteArb.chain((input) =>
          fc
            .shuffledSubarray(input.ballots, {
              minLength: input.ballots.length,
              maxLength: input.ballots.length,
            })
            .map((shuffled) => ({ input, shuffled })),
        ),
        ({ input, shuffled }) => {
          expect(tallyOwnersDecision({ ...input, ballots: shuffled })).toEqual(tallyOwnersDecision(input));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is invariant under unit order", () => {
    fc.assert(
      fc.property(
        voteArb.chain((input) =>
          fc
            .shuffledSubarray(input.units, { minLength: input.units.length, maxLength: input.units.length })
            .map((units) => ({ input, units })),
        ),
        ({ input, units }) => {
          expect(tallyOwnersDecision({ ...input, units })).toEqual(tallyOwnersDecision(input));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("adding a 'for' ballot (new voter, or against/abstain → for) never turns passed into failed", () => {
    fc.assert(
      fc.property(voteArb, fc.nat(), (input, pick) => {
        const before = tallyOwnersDecision(input);
        const keys = [...new Set(input.units.map((u) => u.ownerKey))];
        const key = keys[pick % keys.length]!;
        const ballots2 = input.ballots
          .filter((b) => b.ownerKey !== key)
          .concat({ ownerKey: key, choice: "for" });
        const after = tallyOwnersDecision({ ...input, ballots: ballots2 });
        if (before.passed) expect(after.passed).toBe(true);
        if (before.quorumMet) expect(after.quorumMet).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("participated = for + against + abstain; sums never exceed eligible", () => {
    fc.assert(
      fc.property(voteArb, (input) => {
        const t = tallyOwnersDecision(input);
        expect(t.participated.areaCentiM2).toBe(
          t.for.areaCentiM2 + t.against.areaCentiM2 + t.abstain.areaCentiM2,
        );
        expect(t.participated.headcount).toBe(t.for.headcount + t.against.headcount + t.abstain.headcount);
        expect(t.participated.areaCentiM2).toBeLessThanOrEqual(t.eligible.areaCentiM2);
        expect(t.participated.headcount).toBeLessThanOrEqual(t.eligible.headcount);
      }),
    );
  });

  it("votingProgress 'decided' claims hold for every random completion", () => {
    fc.assert(
      fc.property(
        voteArb,
        fc.array(fc.option(choiceArb, { nil: undefined }), { minLength: 15, maxLength: 15 }),
        (input, rest) => {
          const progress = votingProgress(input);
          const voted = new Set(input.ballots.map((b) => b.ownerKey));
          const remaining = [...new Set(input.units.map((u) => u.ownerKey))].filter((k) => !voted.has(k));
          const completion = remaining.flatMap((ownerKey, i) => {
            const choice = rest[i];
            return choice ? [{ ownerKey, choice }] : [];
          });
          const final = tallyOwnersDecision({ ...input, ballots: [...input.ballots, ...completion] });
          if (progress.decided === "passed") expect(final.passed).toBe(true);
          if (progress.decided === "failed") expect(final.passed).toBe(false);
          if (!progress.quorum.reachable) expect(final.quorumMet).toBe(false);
          // stillNeeded is exactly the shortfall against ceil(2/3·eligible).
          const t = progress.current;
          expect(t.participated.headcount + progress.quorum.stillNeeded.headcount).toBeGreaterThanOrEqual(
            progress.quorum.required.headcount,
          );
          expect(3 * progress.quorum.required.headcount).toBeGreaterThanOrEqual(2 * t.eligible.headcount);
          expect(3 * (progress.quorum.required.headcount - 1)).toBeLessThan(2 * t.eligible.headcount);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("a special matter that passes would also pass as an ordinary one (≥ 3/4 implies > 1/2)", () => {
    fc.assert(
      fc.property(voteArb, (input) => {
        if (tallyOwnersDecision({ ...input, matter: "special" }).passed) {
          expect(tallyOwnersDecision({ ...input, matter: "ordinary" }).passed).toBe(true);
        }
      }),
    );
  });

  it("an undecided vote really can go either way", () => {
    fc.assert(
      fc.property(voteArb, (input) => {
        const p = votingProgress(input);
        if (p.decided === null) {
          expect(p.bestCase.passed).toBe(true);
          // Either the quorum is not met yet (nobody else voting fails) or all-against fails.
          expect(!p.current.quorumMet || !p.worstCase.passed).toBe(true);
        }
      }),
    );
  });
});

describe("who may cast an owner key's ballot (法释〔2009〕7号 Art. 9; 议事规则)", () => {
  const base = { actorUserId: "b", representativeUserId: null, linkedPeople: 2 } as const;
  it("caster_only: anyone linked casts first; only the caster changes", () => {
    expect(checkBallotCaster({ ...base, rule: "caster_only", existingCastBy: undefined })).toBeNull();
    expect(checkBallotCaster({ ...base, rule: "caster_only", existingCastBy: "b" })).toBeNull();
    expect(checkBallotCaster({ ...base, rule: "caster_only", existingCastBy: "a" })).toBe("cast_by_another");
    // The caster's account is gone: nobody may claim its ballot.
    expect(checkBallotCaster({ ...base, rule: "caster_only", existingCastBy: null })).toBe("cast_by_another");
  });
  it("representative: only the designated co-owner; a key held by one person needs no designation", () => {
    expect(checkBallotCaster({ ...base, rule: "representative", existingCastBy: undefined })).toBe(
      "not_representative",
    );
    expect(
      checkBallotCaster({
        ...base,
        rule: "representative",
        representativeUserId: "a",
        existingCastBy: undefined,
      }),
    ).toBe("not_representative");
    expect(
      checkBallotCaster({ ...base, rule: "representative", representativeUserId: "b", existingCastBy: "b" }),
    ).toBeNull();
    expect(
      checkBallotCaster({ ...base, rule: "representative", linkedPeople: 1, existingCastBy: undefined }),
    ).toBeNull();
  });
  it("any_co_owner: every linked person may cast and change", () => {
    expect(checkBallotCaster({ ...base, rule: "any_co_owner", existingCastBy: "a" })).toBeNull();
  });
});
