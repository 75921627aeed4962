/**
 * Stage: the administrative tree (district → 18 subdistricts → ≈ 400 communities/villages → 414 grids)
 * and the housing registry (compounds → buildings → units, owner parties and persons, ownerships).
 */
import { addDays, type CommunityKind, type CompoundType, type IsoDate } from "@gongzhi/core";
import {
  buildings,
  communities,
  compounds,
  districts,
  grids,
  ownerParties,
  ownerPersons,
  ownerships,
  subdistricts,
  units,
} from "../schema/index.ts";
import { insertChunks, pad, personName, type SeedContext } from "./context.ts";
import {
  COMMERCIAL_HEADS,
  COMMERCIAL_TAILS,
  COMMUNITY_CORES,
  DEMO_COMMUNITY_NAME,
  DEMO_COMPOUND_NAME,
  DEMO_SUBDISTRICT_NAME,
  DEVELOPERS,
  DISTRICT,
  SELF_MANAGED_OWNERS,
  SELF_MANAGED_TAILS,
  SUBDISTRICTS,
  villageName,
} from "./data.ts";

/** Exactly 414 grids (DOMAIN.md §1: 每格有人、每人有格). */
export const GRID_COUNT = 414;

export interface SeededSubdistrict {
  id: string;
  code: string;
  name: string;
  kind: "street" | "town";
}

export interface SeededCommunity {
  id: string;
  code: string;
  name: string;
  kind: CommunityKind;
  subdistrict: SeededSubdistrict;
  /** In a street (街道) rather than a town seat or village. */
  inStreet: boolean;
  gridIds: string[];
}

export interface SeededPerson {
  id: string;
  name: string;
  userId: string | null;
}

export interface SeededParty {
  id: string;
  kind: "person" | "developer";
  displayName: string;
  persons: SeededPerson[];
  unitIds: string[];
}

export interface SeededUnit {
  id: string;
  /** The area that counts (法释〔2009〕7号 Art. 8): registered, else surveyed, else contract. */
  areaCentiM2: number;
  partyId: string;
}

export interface SeededCompound {
  id: string;
  code: string;
  name: string;
  type: CompoundType;
  community: SeededCommunity;
  households: number;
  inScope: boolean;
  builtYear: number;
  units: SeededUnit[];
  parties: SeededParty[];
}

export interface RegistryResult {
  districtId: string;
  subdistricts: SeededSubdistrict[];
  communities: SeededCommunity[];
  compounds: SeededCompound[];
  demoSubdistrict: SeededSubdistrict;
  demoCommunity: SeededCommunity;
  demoCompound: SeededCompound;
}

/** Users to attach as owner persons of the demo compound (verified owner, committee member, residents). */
export interface DemoOwnerLinks {
  verifiedOwnerUserId: string;
  committeeMemberUserId: string;
  residentUserIds: readonly string[];
}

export async function seedAdministrativeTree(
  ctx: SeedContext,
): Promise<Omit<RegistryResult, "compounds" | "demoCompound">> {
  const { rng, ids } = ctx;
  const districtId = ids.next();
  await insertChunks(ctx, "districts", districts, [
    { id: districtId, code: DISTRICT.code, name: DISTRICT.name, nameEn: DISTRICT.nameEn },
  ]);

  const subs: SeededSubdistrict[] = SUBDISTRICTS.map((s) => ({
    id: ids.next(),
    code: s.code,
    name: s.name,
    kind: s.kind,
  }));
  await insertChunks(
    ctx,
    "subdistricts",
    subdistricts,
    subs.map((s) => ({ id: s.id, districtId, code: s.code, name: s.name, kind: s.kind })),
  );

  const comms: SeededCommunity[] = [];
  const coreQueue = [...COMMUNITY_CORES];
  const villageNames = new Set<string>();
  SUBDISTRICTS.forEach((spec, si) => {
    const sub = subs[si] as SeededSubdistrict;
    const base = spec.name.replace(/(街道|镇|乡)$/, "");
    for (let i = 0; i < spec.communities; i++) {
      let name: string;
      if (spec.kind === "street") {
        name = `${coreQueue.shift() ?? `${base}${i + 1}`}社区`;
      } else {
        name = `${base}${["", "新区", "东", "西", "南"][i] ?? String(i + 1)}社区`;
      }
      comms.push({
        id: ids.next(),
        code: `${spec.code}${pad(i + 1, 3)}`,
        name,
        kind: "community",
        subdistrict: sub,
        inStreet: spec.kind === "street",
        gridIds: [],
      });
    }
    for (let i = 0; i < spec.villages; i++) {
      comms.push({
        id: ids.next(),
        // 村委会 codes start at 200 in the 统计用区划代码 pattern.
        code: `${spec.code}${pad(200 + i, 3)}`,
        name: villageName(() => rng.next(), villageNames),
        kind: "village",
        subdistrict: sub,
        inStreet: false,
        gridIds: [],
      });
    }
  });
  await insertChunks(
    ctx,
    "communities",
    communities,
    comms.map((c) => ({
      id: c.id,
      subdistrictId: c.subdistrict.id,
      code: c.code,
      name: c.name,
      kind: c.kind,
      supportThreshold: c.kind === "community" ? 10 : 5,
    })),
  );

  // 414 grids: one per community/village, the rest to the urban communities (denser), round-robin.
  const gridCount = new Map<string, number>(comms.map((c) => [c.id, 1]));
  const urban = comms.filter((c) => c.kind === "community");
  for (let extra = GRID_COUNT - comms.length, i = 0; extra > 0; extra--, i++) {
    const c = urban[i % urban.length] as SeededCommunity;
    gridCount.set(c.id, (gridCount.get(c.id) ?? 1) + 1);
  }
  const gridRows: (typeof grids.$inferInsert)[] = [];
  for (const c of comms) {
    const n = gridCount.get(c.id) ?? 1;
    for (let g = 1; g <= n; g++) {
      const id = ids.next();
      c.gridIds.push(id);
      gridRows.push({
        id,
        communityId: c.id,
        code: `${c.code}-G${pad(g, 2)}`,
        name: `${c.name}第${g}网格`,
        responsiblePerson: personName(rng),
      });
    }
  }
  await insertChunks(ctx, "grids", grids, gridRows);

  const demoSubdistrict = subs.find((s) => s.name === DEMO_SUBDISTRICT_NAME) as SeededSubdistrict;
  const demoCommunity = comms.find((c) => c.name === DEMO_COMMUNITY_NAME) as SeededCommunity;
  return { districtId, subdistricts: subs, communities: comms, demoSubdistrict, demoCommunity };
}

// ---------------------------------------------------------------------------------------------
// Compounds
// ---------------------------------------------------------------------------------------------

interface TypeProfile {
  count: number;
  /** Where: weights of street communities, town-seat communities and villages. */
  where: readonly [number, number, number];
  units: readonly [number, number];
  areaM2: readonly [number, number];
  built: readonly [number, number];
}

const PROFILES: Record<CompoundType, TypeProfile> = {
  commercial: { count: 105, where: [7, 3, 0], units: [50, 160], areaM2: [60, 160], built: [2003, 2022] },
  old: { count: 80, where: [6, 2, 0], units: [24, 100], areaM2: [45, 90], built: [1982, 2000] },
  self_managed_building: {
    count: 70,
    where: [5, 2, 0],
    units: [12, 60],
    areaM2: [40, 85],
    built: [1975, 1998],
  },
  resettlement: { count: 50, where: [3, 4, 3], units: [40, 130], areaM2: [50, 110], built: [2008, 2021] },
  bungalow: { count: 40, where: [1, 1, 5], units: [16, 60], areaM2: [35, 120], built: [1960, 1992] },
};

/** A handful of compounds outside the 三率 assessment (e.g. slated for demolition). */
const OUT_OF_SCOPE = 6;

const ROADS = [
  "妫水北街",
  "东顺城街",
  "高塔路",
  "湖南东路",
  "湖北西路",
  "庆园街",
  "康西路",
  "新城街",
  "百泉路",
  "香水园路",
  "儒林街",
  "振兴南路",
  "东外大街",
  "西外大街",
  "南菜园路",
  "莲花池路",
] as const;

interface BuildingPlan {
  code: string;
  name: string;
  numbers: string[];
}

function planBuildings(ctx: SeedContext, type: CompoundType, target: number): BuildingPlan[] {
  const { rng } = ctx;
  const plans: BuildingPlan[] = [];
  let total = 0;
  let b = 0;
  while (total < target) {
    b += 1;
    const numbers: string[] = [];
    if (type === "bungalow") {
      // 平房区: rows (排) of courtyards.
      const n = Math.min(rng.int(8, 15), target - total);
      for (let i = 1; i <= n; i++) numbers.push(`${i}号`);
      plans.push({ code: String(b), name: `${b}排`, numbers });
    } else {
      const floors =
        type === "commercial" || type === "resettlement" ? rng.pick([6, 6, 11, 11, 18]) : rng.int(4, 6);
      const entrances = type === "self_managed_building" ? rng.int(1, 2) : rng.int(1, 3);
      const doors = floors >= 11 ? rng.pick([2, 4]) : rng.pick([2, 2, 3]);
      for (let e = 1; e <= entrances; e++) {
        for (let f = 1; f <= floors; f++) {
          for (let d = 1; d <= doors; d++) numbers.push(`${e}-${f}${pad(d, 2)}`);
        }
      }
      plans.push({ code: String(b), name: `${b}号楼`, numbers });
    }
    total += numbers.length;
  }
  return plans;
}

function compoundName(
  ctx: SeedContext,
  type: CompoundType,
  community: SeededCommunity,
  taken: Set<string>,
): string {
  const { rng } = ctx;
  const base = community.name.replace(/(社区|村)$/, "");
  for (let attempt = 0; ; attempt++) {
    let name: string;
    switch (type) {
      case "commercial":
        name = rng.pick(COMMERCIAL_HEADS) + rng.pick(COMMERCIAL_TAILS);
        break;
      case "old":
        name = `${base}${rng.pick(["小区", "里", "楼区", "北里", "南里"])}`;
        break;
      case "self_managed_building":
        name = rng.pick(SELF_MANAGED_OWNERS) + rng.pick(SELF_MANAGED_TAILS);
        break;
      case "resettlement":
        name = `${base}${rng.pick(["回迁小区", "安置房", "新村", "定向安置房"])}`;
        break;
      case "bungalow":
        name = `${base}${rng.pick(["平房区", "胡同片区", "老街平房"])}`;
        break;
    }
    if (attempt > 0) name += ["", "二期", "三期", "东区", "西区", "南区", "北区"][attempt] ?? `${attempt}区`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/**
 * Compounds of every type with buildings, units (integer centi-m²), owner parties (persons, co-owners,
 * buyers of two units, the developer's unsold units) and ownerships.
 */
export async function seedCompounds(
  ctx: SeedContext,
  tree: Omit<RegistryResult, "compounds" | "demoCompound">,
  links: DemoOwnerLinks,
): Promise<{ compounds: SeededCompound[]; demoCompound: SeededCompound }> {
  const { rng, ids, today } = ctx;
  const streetComms = tree.communities.filter((c) => c.inStreet);
  const townComms = tree.communities.filter((c) => !c.inStreet && c.kind === "community");
  const villages = tree.communities.filter((c) => c.kind === "village");
  const todayYear = Number(today.slice(0, 4));

  // Slots: the demo compound first, then every type's quota in an interleaved deterministic order.
  const slots: { type: CompoundType; community: SeededCommunity }[] = [
    { type: "commercial", community: tree.demoCommunity },
  ];
  const perType = (Object.keys(PROFILES) as CompoundType[]).flatMap((type) => {
    const p = PROFILES[type];
    const n = type === "commercial" ? p.count - 1 : p.count;
    return Array.from({ length: n }, () => {
      const where = rng.weighted([
        [0, p.where[0]],
        [1, p.where[1]],
        [2, p.where[2]],
      ] as const);
      const pool = where === 0 ? streetComms : where === 1 ? townComms : villages;
      return { type, community: rng.pick(pool) };
    });
  });
  slots.push(...rng.shuffle(perType));

  const names = new Set<string>([DEMO_COMPOUND_NAME]);
  const perCommunity = new Map<string, number>();
  const compoundRows: (typeof compounds.$inferInsert)[] = [];
  const buildingRows: (typeof buildings.$inferInsert)[] = [];
  const unitRows: (typeof units.$inferInsert)[] = [];
  const partyRows: (typeof ownerParties.$inferInsert)[] = [];
  const personRows: (typeof ownerPersons.$inferInsert)[] = [];
  const ownershipRows: (typeof ownerships.$inferInsert)[] = [];
  const result: SeededCompound[] = [];

  // Out of scope: a few bungalow / self-managed compounds (not the demo compound).
  const outOfScope = new Set(
    rng
      .sample(
        slots
          .map((s, i) => ({ s, i }))
          .filter(({ s, i }) => i > 0 && (s.type === "bungalow" || s.type === "self_managed_building")),
        OUT_OF_SCOPE,
      )
      .map(({ i }) => i),
  );

  for (const [index, slot] of slots.entries()) {
    const { type, community } = slot;
    const profile = PROFILES[type];
    const isDemo = index === 0;
    const n = (perCommunity.get(community.id) ?? 0) + 1;
    perCommunity.set(community.id, n);
    const id = ids.next();
    const name = isDemo ? DEMO_COMPOUND_NAME : compoundName(ctx, type, community, names);
    const builtYear = Math.min(rng.int(profile.built[0], profile.built[1]), todayYear - 1);
    const target = isDemo ? 240 : rng.int(profile.units[0], profile.units[1]);
    const plans = planBuildings(ctx, type, target);

    const seeded: SeededCompound = {
      id,
      code: `${community.code}-${pad(n, 2)}`,
      name,
      type,
      community,
      households: 0,
      inScope: !outOfScope.has(index),
      builtYear,
      units: [],
      parties: [],
    };

    // Developer holding unsold units: some commercial compounds (and the demo compound).
    const hasDeveloper = type === "commercial" && (isDemo || rng.chance(0.35));
    const unsoldShare = hasDeveloper ? rng.int(3, 12) / 100 : 0;
    let developer: SeededParty | null = null;
    if (hasDeveloper) {
      developer = {
        id: ids.next(),
        kind: "developer",
        displayName: rng.pick(DEVELOPERS),
        persons: [],
        unitIds: [],
      };
      seeded.parties.push(developer);
    }
    // For owner persons linked to demo users.
    const linkQueue = isDemo
      ? [links.verifiedOwnerUserId, links.committeeMemberUserId, ...links.residentUserIds]
      : [];
    const singleUnitParties: SeededParty[] = [];
    const allUnits = plans.reduce((s, p) => s + p.numbers.length, 0);
    const unsoldFrom = Math.floor(allUnits * (1 - unsoldShare));
    let k = 0;
    const [aMin, aMax] = profile.areaM2;
    for (const plan of plans) {
      const buildingId = ids.next();
      buildingRows.push({ id: buildingId, compoundId: id, code: plan.code, name: plan.name });
      // Units of one building share a handful of layouts, as real buildings do.
      const layouts = Array.from({ length: 4 }, () => rng.int(aMin * 100, aMax * 100));
      for (const number of plan.numbers) {
        const unitId = ids.next();
        const base = rng.pick(layouts);
        const source = rng.weighted([
          ["registered", 85],
          ["surveyed", 10],
          ["contract", 5],
        ] as const);
        const registered = source === "registered" ? base : null;
        const surveyed =
          source === "surveyed" || (source === "registered" && rng.chance(0.4))
            ? base + rng.int(-80, 80)
            : null;
        const contract = source !== "surveyed" || rng.chance(0.5) ? base + rng.int(0, 250) : null;
        unitRows.push({
          id: unitId,
          buildingId,
          number,
          registeredAreaCentiM2: registered,
          surveyedAreaCentiM2: surveyed,
          contractAreaCentiM2: contract,
        });
        const area = registered ?? surveyed ?? contract ?? base;

        let party: SeededParty;
        let since: string | null;
        if (developer && k >= unsoldFrom) {
          party = developer;
          since = null;
        } else if (singleUnitParties.length > 5 && rng.chance(0.03)) {
          // A buyer holding two units: both count as one owner (法释〔2009〕7号 Art. 9).
          const i = rng.int(0, singleUnitParties.length - 1);
          party = singleUnitParties[i] as SeededParty;
          singleUnitParties.splice(i, 1);
          since = `${rng.int(builtYear + 1, todayYear)}-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)}`;
        } else {
          const coOwned = rng.chance(0.15);
          const persons: SeededPerson[] = [
            { id: ids.next(), name: personName(rng), userId: linkQueue.shift() ?? null },
          ];
          if (coOwned) persons.push({ id: ids.next(), name: personName(rng), userId: null });
          party = {
            id: ids.next(),
            kind: "person",
            displayName: persons.map((p) => p.name).join("、"),
            persons,
            unitIds: [],
          };
          seeded.parties.push(party);
          singleUnitParties.push(party);
          since = `${rng.int(builtYear, todayYear - 1)}-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)}`;
          if (since > today) since = today;
        }
        party.unitIds.push(unitId);
        ownershipRows.push({ unitId, partyId: party.id, since });
        seeded.units.push({ id: unitId, areaCentiM2: area, partyId: party.id });
        if (party.kind === "person") seeded.households += 1;
        k += 1;
      }
    }
    for (const party of seeded.parties) {
      partyRows.push({ id: party.id, compoundId: id, kind: party.kind, displayName: party.displayName });
      for (const person of party.persons) {
        personRows.push({ id: person.id, partyId: party.id, name: person.name, userId: person.userId });
      }
    }
    compoundRows.push({
      id,
      communityId: community.id,
      code: seeded.code,
      name,
      type,
      address: `北京市延庆区${community.subdistrict.name}${rng.pick(ROADS)}${rng.int(1, 199)}号`,
      households: seeded.households,
      inScope: seeded.inScope,
    });
    result.push(seeded);
  }

  await insertChunks(ctx, "compounds", compounds, compoundRows);
  await insertChunks(ctx, "buildings", buildings, buildingRows);
  await insertChunks(ctx, "units", units, unitRows);
  await insertChunks(ctx, "owner_parties", ownerParties, partyRows);
  await insertChunks(ctx, "owner_persons", ownerPersons, personRows);
  await insertChunks(ctx, "ownerships", ownerships, ownershipRows);
  return { compounds: result, demoCompound: result[0] as SeededCompound };
}

/** A date between two dates (inclusive). */
export function dateBetween(ctx: SeedContext, from: IsoDate, daysSpan: number): IsoDate {
  return addDays(from, ctx.rng.int(0, Math.max(0, daysSpan)));
}
