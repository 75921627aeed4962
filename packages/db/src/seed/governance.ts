/**
 * Stage: property services (物业服务, every mode, with history and contracts expiring soon), committees
 * (业委会 / 物管会 in every lifecycle status, composition checked against core's rules) and
 * coordinators (16 default categories).
 */
import {
  addDays,
  addYears,
  type CommitteeKind,
  type CommitteeMemberRole,
  type CommitteeStatus,
  type CompoundType,
  committeeStatusOn,
  type IsoDate,
  type PartyOrgMode,
  type PropertyServiceMode,
  validateCommitteeComposition,
} from "@gongzhi/core";
import {
  committeeMembers,
  committees,
  coordinatorCategories,
  coordinators,
  propertyServices,
} from "../schema/index.ts";
import { insertChunks, pad, personName, type SeedContext } from "./context.ts";
import { COORDINATOR_CATEGORIES, PROPERTY_COMPANIES } from "./data.ts";
import type { SeededCommunity, SeededCompound } from "./registry.ts";

/** Targets from the seed report: Yanqing mid-2020 物业服务覆盖率 89.4 %, 组建率 84.8 %. */
export const TARGET_COVERAGE = 0.894;
export const TARGET_FORMATION = 0.848;

export interface GovernanceResult {
  /** Current property-service mode per compound id. */
  serviceMode: Map<string, PropertyServiceMode>;
  /** The committee in office per compound id, if any. */
  inOffice: Map<string, { id: string; kind: CommitteeKind; partyOrg: PartyOrgMode }>;
  demoCommitteeId: string;
}

const formationAffinity: Record<CompoundType, number> = {
  commercial: 0.35,
  resettlement: 0.3,
  old: 0.2,
  self_managed_building: 0.1,
  bungalow: 0,
};

export async function seedPropertyServicesAndCommittees(
  ctx: SeedContext,
  all: readonly SeededCompound[],
  demo: { compound: SeededCompound; committeeMemberUserId: string },
): Promise<GovernanceResult> {
  const { rng, ids, today } = ctx;
  const scoped = all.filter((c) => c.inScope);
  const others = scoped.filter((c) => c.id !== demo.compound.id);

  // 组建率: which compounds have a committee in office (the demo compound always).
  const formedCount = Math.round(scoped.length * TARGET_FORMATION);
  const byFormation = others
    .map((c) => ({ c, key: rng.next() - formationAffinity[c.type] }))
    .sort((a, b) => a.key - b.key)
    .map(({ c }) => c);
  const formed = new Set([demo.compound.id, ...byFormation.slice(0, formedCount - 1).map((c) => c.id)]);

  // 物业服务覆盖率: which in-scope compounds have no property service ("none"): unformed ones first.
  const noneCount = scoped.length - Math.round(scoped.length * TARGET_COVERAGE);
  const noneOrder = [...byFormation].reverse().filter((c) => c.type !== "commercial");
  const noService = new Set(noneOrder.slice(0, noneCount).map((c) => c.id));

  const serviceRows: (typeof propertyServices.$inferInsert)[] = [];
  const serviceMode = new Map<string, PropertyServiceMode>();
  for (const c of all) {
    let mode: PropertyServiceMode;
    if (!c.inScope) mode = rng.pick(["none", "interim"] as const);
    else if (noService.has(c.id)) mode = "none";
    else if (c.id === demo.compound.id) mode = "professional";
    else {
      const weights: Record<CompoundType, readonly (readonly [PropertyServiceMode, number])[]> = {
        commercial: [
          ["professional", 95],
          ["interim", 5],
        ],
        resettlement: [
          ["professional", 70],
          ["interim", 30],
        ],
        old: [
          ["professional", 40],
          ["interim", 50],
          ["self", 10],
        ],
        self_managed_building: [
          ["professional", 20],
          ["interim", 50],
          ["self", 30],
        ],
        bungalow: [
          ["interim", 50],
          ["self", 50],
        ],
      };
      mode = rng.weighted(weights[c.type]);
    }
    serviceMode.set(c.id, mode);
    const built: IsoDate = `${c.builtYear}-${pad(rng.int(1, 12), 2)}-01`;
    if (mode === "professional") {
      const expiringSoon = c.id === demo.compound.id ? false : rng.chance(0.12);
      let contractEnd: IsoDate;
      let contractStart: IsoDate;
      if (expiringSoon) {
        contractEnd = addDays(today, rng.int(7, 90));
        contractStart = addDays(addYears(contractEnd, -3), 1);
      } else {
        contractStart = addDays(today, -rng.int(30, 1000));
        contractEnd = addDays(addYears(contractStart, 3), -1);
      }
      const filing = rng.weighted([
        ["on_time", 85],
        ["late", 8],
        ["unfiled", 7],
      ] as const);
      let filedOn: IsoDate | null =
        filing === "on_time"
          ? addDays(contractStart, rng.int(2, 14))
          : filing === "late"
            ? addDays(contractStart, rng.int(16, 45))
            : null;
      if (filedOn && filedOn > today) filedOn = today;
      const company = rng.pick(PROPERTY_COMPANIES);
      // History: an ended previous arrangement (前期物业 of the developer, or 代管 before the company came).
      if (c.id === demo.compound.id || rng.chance(0.3)) {
        const prevStart = addDays(contractStart, -rng.int(400, 2000));
        const prevMode: PropertyServiceMode =
          c.type === "commercial" ? "professional" : rng.pick(["interim", "none"]);
        serviceRows.push({
          id: ids.next(),
          compoundId: c.id,
          mode: prevMode,
          companyName:
            prevMode === "professional" ? rng.pick(PROPERTY_COMPANIES.filter((n) => n !== company)) : null,
          contractStart: prevMode === "professional" ? prevStart : null,
          contractEnd: prevMode === "professional" ? addDays(contractStart, -1) : null,
          filedOn: prevMode === "professional" ? addDays(prevStart, rng.int(3, 14)) : null,
          startedOn: prevStart,
          endedOn: addDays(contractStart, -1),
        });
      }
      serviceRows.push({
        id: ids.next(),
        compoundId: c.id,
        mode,
        companyName: company,
        contractStart,
        contractEnd,
        filedOn,
        startedOn: contractStart,
        endedOn: null,
      });
    } else {
      const startedOn =
        mode === "none" ? (built < today ? built : today) : addDays(today, -rng.int(60, 1500));
      if (mode !== "none" && rng.chance(0.2)) {
        serviceRows.push({
          id: ids.next(),
          compoundId: c.id,
          mode: "none",
          startedOn: built < startedOn ? built : addDays(startedOn, -365),
          endedOn: addDays(startedOn, -1),
        });
      }
      serviceRows.push({ id: ids.next(), compoundId: c.id, mode, startedOn, endedOn: null });
    }
  }
  await insertChunks(ctx, "property_services", propertyServices, serviceRows);

  // ------------------------------------------------------------------------------------------
  // Committees
  // ------------------------------------------------------------------------------------------
  const committeeRows: (typeof committees.$inferInsert)[] = [];
  const memberRows: (typeof committeeMembers.$inferInsert)[] = [];
  const inOffice = new Map<string, { id: string; kind: CommitteeKind; partyOrg: PartyOrgMode }>();
  let demoCommitteeId = "";

  const personsOf = (c: SeededCompound) =>
    c.parties.filter((p) => p.kind === "person").flatMap((p) => p.persons);

  /** Members that satisfy 条例 Art. 39–49 (业委会) or Art. 52–59 (物管会); party members first. */
  function members(
    c: SeededCompound,
    kind: CommitteeKind,
    opts: { partyMembers: number; preparing?: boolean; demoVice?: { name: string; userId: string } },
  ): (typeof committeeMembers.$inferInsert)[] {
    const owners = rng.shuffle(personsOf(c));
    const takeOwner = () => owners.pop()?.name ?? personName(rng);
    const out: Omit<typeof committeeMembers.$inferInsert, "committeeId">[] = [];
    if (kind === "owners_committee" && !opts.preparing) {
      const size = c.households <= 100 ? rng.pick([3, 5]) : rng.pick([5, 7, 7, 9]);
      const alternates = rng.int(0, 2);
      for (let i = 0; i < size + alternates; i++) {
        const role: CommitteeMemberRole =
          i === 0
            ? "chair"
            : i === 1 || (i === 2 && size >= 7)
              ? "vice_chair"
              : i < size
                ? "member"
                : "alternate";
        const demoVice = i === 1 ? opts.demoVice : undefined;
        out.push({
          name: demoVice?.name ?? takeOwner(),
          role,
          isOwner: true,
          isPartyMember: false,
          isResidentsCommitteeRep: false,
          userId: demoVice?.userId ?? null,
        });
      }
    } else {
      // 物管会 (or a 筹备组, which is also led by the 居委会 with at least half owners).
      const size = opts.preparing ? 5 : rng.pick([7, 7, 9]);
      const nonOwners = rng.int(1, Math.floor(size / 2) - 1);
      out.push({
        name: personName(rng),
        role: "chair",
        isOwner: false,
        isPartyMember: false,
        isResidentsCommitteeRep: true,
        userId: null,
      });
      out.push({
        name: takeOwner(),
        role: "vice_chair",
        isOwner: true,
        isPartyMember: false,
        isResidentsCommitteeRep: false,
        userId: null,
      });
      for (let i = 2; i < size; i++) {
        const owner = i >= 2 + nonOwners;
        out.push({
          name: owner ? takeOwner() : personName(rng),
          role: "member",
          isOwner: owner,
          isPartyMember: false,
          isResidentsCommitteeRep: false,
          userId: null,
        });
      }
      // The chair (社区书记 as 居委会 representative) is a party member.
      (out[0] as { isPartyMember: boolean }).isPartyMember = true;
    }
    let party = kind === "interim_committee" && !opts.preparing ? opts.partyMembers - 1 : opts.partyMembers;
    for (const m of out) {
      if (party <= 0) break;
      if (!m.isPartyMember) {
        m.isPartyMember = true;
        party -= 1;
      }
    }
    return out.map((m) => ({ ...m, committeeId: "" }));
  }

  function add(
    c: SeededCompound,
    kind: CommitteeKind,
    status: CommitteeStatus,
    dates: {
      electedOn?: IsoDate | null;
      filedOn?: IsoDate | null;
      termStart?: IsoDate | null;
      termEnd?: IsoDate | null;
      dissolvedOn?: IsoDate | null;
    },
    demoVice?: { name: string; userId: string },
  ): string {
    const id = ids.next();
    const partyMembers = rng.weighted([
      [0, 10],
      [1, 20],
      [2, 25],
      [3, 25],
      [4, 20],
    ] as const);
    const ms = members(c, kind, { partyMembers, preparing: status === "preparing", demoVice });
    const fullParty = ms.filter((m) => m.isPartyMember).length;
    let partyOrg: PartyOrgMode;
    if (status === "preparing") partyOrg = "none";
    else if (demoVice) partyOrg = "own_branch";
    else if (fullParty >= 3 && rng.chance(0.7)) partyOrg = "own_branch";
    else
      partyOrg = rng.weighted([
        ["dispatched", 48],
        ["attached", 48],
        ["none", 4],
      ] as const);
    if (status !== "preparing") {
      const violations = validateCommitteeComposition({
        kind,
        compoundHouseholds: c.households,
        members: ms.map((m, i) => ({
          id: String(i),
          role: m.role,
          isOwner: m.isOwner,
          isResidentsCommitteeRep: m.isResidentsCommitteeRep ?? false,
          isFullPartyMember: m.isPartyMember ?? false,
        })),
        termStart: dates.termStart ?? null,
        termEnd: dates.termEnd ?? null,
      });
      if (violations.length > 0) {
        throw new Error(`seed: committee of ${c.code} breaks ${violations.map((v) => v.code).join(", ")}`);
      }
    }
    if (
      dates.termEnd &&
      committeeStatusOn({ status, termEnd: dates.termEnd }, today) !== status &&
      (status === "filed" || status === "term_ending")
    ) {
      throw new Error(
        `seed: committee of ${c.code} would be ${committeeStatusOn({ status, termEnd: dates.termEnd }, today)}, not ${status}`,
      );
    }
    committeeRows.push({ id, compoundId: c.id, kind, status, partyOrg, ...dates });
    for (const m of ms) memberRows.push({ ...m, id: ids.next(), committeeId: id });
    if (status === "filed" || status === "term_ending") inOffice.set(c.id, { id, kind, partyOrg });
    return id;
  }

  const years = (kind: CommitteeKind) => (kind === "owners_committee" ? 5 : 3);
  const termFrom = (start: IsoDate, kind: CommitteeKind) => addDays(addYears(start, years(kind)), -1);

  for (const c of all) {
    if (!c.inScope) continue;
    const isDemo = c.id === demo.compound.id;
    if (formed.has(c.id)) {
      const ownersPreferred: Record<CompoundType, number> = {
        commercial: 0.9,
        resettlement: 0.8,
        old: 0.5,
        self_managed_building: 0.3,
        bungalow: 0.15,
      };
      const kind: CommitteeKind =
        isDemo || rng.chance(ownersPreferred[c.type]) ? "owners_committee" : "interim_committee";
      const ending = !isDemo && rng.chance(0.12);
      let termStart: IsoDate;
      let termEnd: IsoDate;
      if (ending) {
        termEnd = addDays(today, rng.int(10, 175));
        termStart = addDays(addYears(termEnd, -years(kind)), 1);
      } else {
        termStart = isDemo ? addDays(today, -400) : addDays(today, -rng.int(20, years(kind) * 365 - 200));
        termEnd = termFrom(termStart, kind);
      }
      let filedOn = addDays(termStart, rng.int(5, 28));
      if (filedOn > today) filedOn = today;
      // History before the current committee: a 物管会 dissolved after the 业委会 was filed, or an expired term.
      if (kind === "owners_committee" && (isDemo || rng.chance(0.15))) {
        const start = addDays(termStart, -rng.int(400, 900));
        add(c, "interim_committee", "dissolved", {
          electedOn: start,
          filedOn: addDays(start, rng.int(5, 20)),
          termStart: start,
          termEnd: termFrom(start, "interim_committee"),
          dissolvedOn: addDays(filedOn, rng.int(3, 28)),
        });
      } else if (rng.chance(0.1)) {
        const end = addDays(termStart, -rng.int(1, 60));
        const start = addDays(addYears(end, -years(kind)), 1);
        add(c, kind, "expired", {
          electedOn: start,
          filedOn: addDays(start, rng.int(5, 25)),
          termStart: start,
          termEnd: end,
        });
      }
      let demoVice: { name: string; userId: string } | undefined;
      if (isDemo) {
        const person = c.parties
          .flatMap((p) => p.persons)
          .find((p) => p.userId === demo.committeeMemberUserId);
        if (!person) throw new Error("seed: the demo committee member owns no unit");
        demoVice = { name: person.name, userId: demo.committeeMemberUserId };
      }
      const status: CommitteeStatus = ending ? "term_ending" : "filed";
      const id = add(c, kind, status, { electedOn: termStart, filedOn, termStart, termEnd }, demoVice);
      if (isDemo) demoCommitteeId = id;
    } else {
      const what = rng.weighted([
        ["preparing", 25],
        ["elected_overdue", 12],
        ["elected_recent", 8],
        ["expired", 20],
        ["dissolved", 10],
        ["nothing", 25],
      ] as const);
      const kind: CommitteeKind =
        c.households > 60 && rng.chance(0.7) ? "owners_committee" : "interim_committee";
      if (what === "preparing") add(c, "owners_committee", "preparing", {});
      else if (what === "elected_overdue" || what === "elected_recent") {
        // Elected but not filed (备案 due within 30 days of election: 条例 Art. 39–49).
        const electedOn = addDays(today, what === "elected_overdue" ? -rng.int(35, 120) : -rng.int(3, 25));
        add(c, kind, "elected", { electedOn, termStart: electedOn, termEnd: termFrom(electedOn, kind) });
      } else if (what === "expired") {
        const end = addDays(today, -rng.int(10, 400));
        const start = addDays(addYears(end, -years(kind)), 1);
        add(c, kind, "expired", {
          electedOn: start,
          filedOn: addDays(start, rng.int(5, 25)),
          termStart: start,
          termEnd: end,
        });
      } else if (what === "dissolved") {
        const start = addDays(today, -rng.int(500, 1000));
        add(c, kind, "dissolved", {
          electedOn: start,
          filedOn: addDays(start, rng.int(5, 25)),
          termStart: start,
          termEnd: termFrom(start, kind),
          dissolvedOn: addDays(today, -rng.int(10, 300)),
        });
      }
    }
  }
  await insertChunks(ctx, "committees", committees, committeeRows);
  await insertChunks(ctx, "committee_members", committeeMembers, memberRows);
  return { serviceMode, inOffice, demoCommitteeId };
}

// ---------------------------------------------------------------------------------------------
// Coordinators (协管员)
// ---------------------------------------------------------------------------------------------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = "10X98765432";

/** The GB 11643-1999 check character of the first 17 digits of a resident ID number. */
export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

/** Synthetic but valid-format 18-character ID number: Yanqing's old county code 110229, birth date, sequence, check. */
export function syntheticIdNumber(ctx: SeedContext, birthYear: number, gender: "male" | "female"): string {
  const { rng } = ctx;
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  let seq = rng.int(0, 99) * 10 + rng.int(0, 9);
  if ((seq % 2 === 1) !== (gender === "male")) seq = (seq + 1) % 1000;
  const first17 = `110229${birthYear}${pad(month, 2)}${pad(day, 2)}${pad(seq, 3)}`;
  return first17 + idCheckDigit(first17);
}

const MOBILE_PREFIXES = [
  "135",
  "136",
  "137",
  "139",
  "150",
  "151",
  "152",
  "158",
  "159",
  "186",
  "187",
  "188",
] as const;

export async function seedCoordinators(
  ctx: SeedContext,
  communities: readonly SeededCommunity[],
): Promise<{ categories: number; coordinators: number }> {
  const { rng, ids, today } = ctx;
  const categoryRows = COORDINATOR_CATEGORIES.map((c, i) => ({
    id: ids.next(),
    code: c.code,
    nameZh: c.nameZh,
    nameEn: c.nameEn,
    sortOrder: i + 1,
  }));
  await insertChunks(ctx, "coordinator_categories", coordinatorCategories, categoryRows);
  const usedIds = new Set<string>();
  const usedPhones = new Set<string>();
  const rows: (typeof coordinators.$inferInsert)[] = [];
  COORDINATOR_CATEGORIES.forEach((cat, ci) => {
    const n = rng.int(12, 28);
    for (let i = 0; i < n; i++) {
      const gender = rng.chance(0.55) ? ("male" as const) : ("female" as const);
      const birthYear = rng.int(1962, 2001);
      let idNumber = syntheticIdNumber(ctx, birthYear, gender);
      while (usedIds.has(idNumber)) idNumber = syntheticIdNumber(ctx, birthYear, gender);
      usedIds.add(idNumber);
      let phone = "";
      do phone = `${rng.pick(MOBILE_PREFIXES)}${pad(rng.int(0, 99_999_999), 8)}`;
      while (usedPhones.has(phone));
      usedPhones.add(phone);
      // Urban communities hold more coordinators than villages.
      const community = rng.chance(0.6)
        ? rng.pick(communities.filter((c) => c.kind === "community"))
        : rng.pick(communities);
      const subName = community.subdistrict.name;
      const employer =
        cat.code === "public_security"
          ? `延庆公安分局${subName.replace(/(街道|镇|乡)$/, "")}派出所`
          : cat.employer;
      rows.push({
        id: ids.next(),
        categoryId: (categoryRows[ci] as { id: string }).id,
        name: personName(rng, gender),
        gender,
        birthYear,
        phone,
        idNumber,
        employerDepartment: employer,
        communityId: community.id,
        gridId: rng.chance(0.8) ? rng.pick(community.gridIds) : null,
        hiredOn: addDays(today, -rng.int(60, 3650)),
        status: rng.weighted([
          ["active", 90],
          ["on_leave", 6],
          ["left", 4],
        ] as const),
      });
    }
  });
  await insertChunks(ctx, "coordinators", coordinators, rows);
  return { categories: categoryRows.length, coordinators: rows.length };
}
