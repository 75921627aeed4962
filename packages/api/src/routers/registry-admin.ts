/**
 * Registry administration for staff: district → subdistrict → community → grid / compound → building →
 * unit. Lists are cursor-paginated; every change is audited; bulk imports are validated row by row
 * and written all-or-nothing.
 */
import {
  areaCentiM2,
  building,
  code,
  community,
  compound,
  compoundTypes,
  grid,
  subdistrict,
  unit,
} from "@gongzhi/core";
import {
  ancestryOf,
  buildingSortKeys,
  communitySortKeys,
  compoundSortKeys,
  type Executor,
  registryRepository,
  unitSortKeys,
} from "@gongzhi/db";
import { z } from "zod";
import { notFound } from "../errors.ts";
import { districtStaffRoles, staffRoles } from "../policy.ts";
import { audited, router, scopedProcedure } from "../trpc.ts";
import {
  compoundImportRow,
  importProblem,
  MAX_AREA_CENTI_M2,
  MAX_IMPORT_ROWS,
  Report,
  readAddress,
  readAreaCentiM2,
  readBoolean,
  readCode,
  readCompoundType,
  readHouseholds,
  readName,
  unitImportRow,
} from "./registry-import.ts";
import { pageOf, searchText, sortable, textPageInput, withinInput } from "./registry-shared.ts";

/** Staff of a subdistrict or above. */
const subdistrictStaffRoles = ["subdistrict_staff", "district_staff", "system_admin"] as const;

const area = z.number().int().positive().max(MAX_AREA_CENTI_M2);
const unitFields = {
  number: z.string().trim().min(1).max(20),
  registeredAreaCentiM2: area.nullable(),
  surveyedAreaCentiM2: area.nullable(),
  contractAreaCentiM2: area.nullable(),
};
const hasSomeArea = (u: {
  registeredAreaCentiM2?: number | null;
  surveyedAreaCentiM2?: number | null;
  contractAreaCentiM2?: number | null;
}) => u.registeredAreaCentiM2 != null || u.surveyedAreaCentiM2 != null || u.contractAreaCentiM2 != null;

const nonEmpty = <T extends object>(o: T) => Object.values(o).some((v) => v !== undefined);
const patchOf = <K extends string, S extends z.ZodRawShape>(idKey: K, shape: S) =>
  z.object({ [idKey]: z.uuid() } as { [P in K]: z.ZodUUID }).extend({
    patch: z.object(shape).partial().refine(nonEmpty, "nothing to change"),
  });

const subdistrictFields = subdistrict.pick({ code: true, name: true, kind: true }).shape;
const communityFields = community.pick({ code: true, name: true, kind: true, supportThreshold: true }).shape;
const gridFields = grid.pick({ code: true, name: true, responsiblePerson: true }).shape;
const compoundFields = compound.pick({
  code: true,
  name: true,
  type: true,
  address: true,
  households: true,
  inScope: true,
}).shape;
const buildingFields = building.pick({ code: true, name: true }).shape;

/** A compound in a list, with its community's code (the compound import template's first column). */
const compoundListItem = compound.extend({ communityCode: code });

/** A unit with its building's code and name: one row of the unit import template (for exports). */
const compoundUnit = z.object({
  id: z.uuid(),
  buildingId: z.uuid(),
  buildingCode: code,
  buildingName: z.string(),
  number: z.string(),
  registeredAreaCentiM2: areaCentiM2.nullable(),
  surveyedAreaCentiM2: areaCentiM2.nullable(),
  contractAreaCentiM2: areaCentiM2.nullable(),
});

const importOutput = z.object({
  ok: z.boolean(),
  dryRun: z.boolean(),
  rows: z.number().int(),
  /** Number of problems found (the list is capped). */
  problemCount: z.number().int(),
  problems: z.array(importProblem),
  created: z.object({ compounds: z.number().int(), buildings: z.number().int(), units: z.number().int() }),
});

/** Is an entity whose ancestry is `a` within the import's target? */
const withinTarget = (
  a: {
    districtId: string;
    subdistrictId: string | null;
    communityId: string | null;
    compoundId: string | null;
  },
  target: z.infer<typeof withinInput>,
) =>
  ({
    district: a.districtId,
    subdistrict: a.subdistrictId,
    community: a.communityId,
    compound: a.compoundId,
  })[target.scopeLevel] === target.scopeId;

async function withinTargetById(
  db: Executor,
  level: "community" | "compound",
  ids: string[],
  target: z.infer<typeof withinInput>,
) {
  const inside = new Set<string>();
  for (const id of ids) {
    const a = await ancestryOf(db, level, id);
    if (a && withinTarget(a, target)) inside.add(id);
  }
  return inside;
}

type Repo = ReturnType<typeof registryRepository>;
type AuditCtx = Parameters<typeof audited>[0];

/** Create a registry record and audit it ("<entity>.create" with the new row), in one transaction. */
function auditedCreate<T extends { id: string }>(
  ctx: AuditCtx,
  entity: string,
  create: (repo: Repo) => Promise<T>,
) {
  return audited(ctx, async (tx) => {
    const row = await create(registryRepository(tx));
    return {
      result: row,
      audit: { action: `${entity}.create`, entityType: entity, entityId: row.id, after: row },
    };
  });
}

/** Update a registry record and audit it with before/after, in one transaction; unknown id → NOT_FOUND. */
function auditedUpdate<T extends { id: string }>(
  ctx: AuditCtx,
  entity: string,
  get: (repo: Repo) => Promise<T | null>,
  update: (repo: Repo) => Promise<T | null>,
) {
  return audited(ctx, async (tx) => {
    const repo = registryRepository(tx);
    const before = await get(repo);
    const after = await update(repo);
    if (!before || !after) throw notFound(entity);
    return {
      result: after,
      audit: { action: `${entity}.update`, entityType: entity, entityId: after.id, before, after },
    };
  });
}

export const registryAdminRouter = router({
  // ---------------------------------------------------------------- subdistricts (街道 / 乡镇)
  listSubdistricts: scopedProcedure(districtStaffRoles)
    .input(textPageInput.extend({ districtId: z.uuid(), search: searchText }))
    .output(pageOf(subdistrict))
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "district", id: input.districtId });
      return registryRepository(ctx.db).pageSubdistricts(input);
    }),

  getSubdistrict: scopedProcedure(subdistrictStaffRoles)
    .input(z.object({ subdistrictId: z.uuid() }))
    .output(subdistrict)
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "subdistrict", id: input.subdistrictId });
      const row = await registryRepository(ctx.db).getSubdistrict(input.subdistrictId);
      if (!row) throw notFound("subdistrict");
      return row;
    }),

  /** A new subdistrict needs staff of its district. */
  createSubdistrict: scopedProcedure(districtStaffRoles)
    .input(z.object({ districtId: z.uuid(), ...subdistrictFields }))
    .output(subdistrict)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "district", id: input.districtId });
      return auditedCreate(ctx, "subdistrict", (repo) => repo.createSubdistrict(input));
    }),

  updateSubdistrict: scopedProcedure(subdistrictStaffRoles)
    .input(patchOf("subdistrictId", subdistrictFields))
    .output(subdistrict)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "subdistrict", id: input.subdistrictId });
      return audited(ctx, async (tx) => {
        const repo = registryRepository(tx);
        const before = await repo.getSubdistrict(input.subdistrictId);
        const after = await repo.updateSubdistrict(input.subdistrictId, input.patch);
        if (!before || !after) throw notFound("subdistrict");
        return {
          result: after,
          audit: {
            action: "subdistrict.update",
            entityType: "subdistrict",
            entityId: after.id,
            before,
            after,
          },
        };
      });
    }),

  // ---------------------------------------------------------------- communities (社区 / 村)
  listCommunities: scopedProcedure(subdistrictStaffRoles)
    .input(sortable(textPageInput.extend({ subdistrictId: z.uuid(), search: searchText }), communitySortKeys))
    .output(pageOf(community))
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "subdistrict", id: input.subdistrictId });
      return registryRepository(ctx.db).listCommunities(input);
    }),

  getCommunity: scopedProcedure(staffRoles)
    .input(z.object({ communityId: z.uuid() }))
    .output(community)
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "community", id: input.communityId });
      const row = await registryRepository(ctx.db).getCommunity(input.communityId);
      if (!row) throw notFound("community");
      return row;
    }),

  /** A new community needs staff of its subdistrict (or district). */
  createCommunity: scopedProcedure(subdistrictStaffRoles)
    .input(z.object({ subdistrictId: z.uuid(), ...communityFields }))
    .output(community)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "subdistrict", id: input.subdistrictId });
      return auditedCreate(ctx, "community", (repo) => repo.createCommunity(input));
    }),

  updateCommunity: scopedProcedure(staffRoles)
    .input(patchOf("communityId", communityFields))
    .output(community)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "community", id: input.communityId });
      return auditedUpdate(
        ctx,
        "community",
        (repo) => repo.getCommunity(input.communityId),
        (repo) => repo.updateCommunity(input.communityId, input.patch),
      );
    }),

  // ---------------------------------------------------------------- grids (网格)
  listGrids: scopedProcedure(staffRoles)
    .input(textPageInput.extend({ communityId: z.uuid(), search: searchText }))
    .output(pageOf(grid))
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "community", id: input.communityId });
      return registryRepository(ctx.db).pageGrids(input);
    }),

  createGrid: scopedProcedure(staffRoles)
    .input(z.object({ communityId: z.uuid(), ...gridFields }))
    .output(grid)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "community", id: input.communityId });
      return auditedCreate(ctx, "grid", (repo) => repo.createGrid(input));
    }),

  updateGrid: scopedProcedure(staffRoles)
    .input(patchOf("gridId", gridFields))
    .output(grid)
    .mutation(async ({ ctx, input }) => {
      const existing = await registryRepository(ctx.db).getGrid(input.gridId);
      if (!existing) throw notFound("grid");
      await ctx.requireScope({ level: "community", id: existing.communityId });
      return auditedUpdate(
        ctx,
        "grid",
        (repo) => repo.getGrid(input.gridId),
        (repo) => repo.updateGrid(input.gridId, input.patch),
      );
    }),

  // ---------------------------------------------------------------- compounds (小区)
  /** Compounds within a district, subdistrict or community; filters: name/code search, type, in-scope. */
  listCompounds: scopedProcedure(staffRoles)
    .input(
      sortable(
        textPageInput.extend({
          scopeLevel: z.enum(["district", "subdistrict", "community"]),
          scopeId: z.uuid(),
          search: searchText,
          type: z.enum(compoundTypes).optional(),
          inScope: z.boolean().optional(),
        }),
        compoundSortKeys,
      ),
    )
    .output(pageOf(compoundListItem))
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: input.scopeLevel, id: input.scopeId });
      return registryRepository(ctx.db).pageCompoundsWithin({
        ...input,
        level: input.scopeLevel,
        id: input.scopeId,
      });
    }),

  getCompound: scopedProcedure(staffRoles)
    .input(z.object({ compoundId: z.uuid() }))
    .output(compound)
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "compound", id: input.compoundId });
      const row = await registryRepository(ctx.db).getCompound(input.compoundId);
      if (!row) throw notFound("compound");
      return row;
    }),

  createCompound: scopedProcedure(staffRoles)
    .input(z.object({ communityId: z.uuid(), ...compoundFields }))
    .output(compound)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "community", id: input.communityId });
      return auditedCreate(ctx, "compound", (repo) => repo.createCompound(input));
    }),

  updateCompound: scopedProcedure(staffRoles)
    .input(patchOf("compoundId", compoundFields))
    .output(compound)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "compound", id: input.compoundId });
      return auditedUpdate(
        ctx,
        "compound",
        (repo) => repo.getCompound(input.compoundId),
        (repo) => repo.updateCompound(input.compoundId, input.patch),
      );
    }),

  // ---------------------------------------------------------------- buildings (楼栋)
  listBuildings: scopedProcedure(staffRoles)
    .input(sortable(textPageInput.extend({ compoundId: z.uuid(), search: searchText }), buildingSortKeys))
    .output(pageOf(building))
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "compound", id: input.compoundId });
      return registryRepository(ctx.db).pageBuildings(input);
    }),

  /** One building; readable by whoever covers its compound. */
  getBuilding: scopedProcedure(staffRoles)
    .input(z.object({ buildingId: z.uuid() }))
    .output(building)
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "building", id: input.buildingId });
      const row = await registryRepository(ctx.db).getBuilding(input.buildingId);
      if (!row) throw notFound("building");
      return row;
    }),

  createBuilding: scopedProcedure(staffRoles)
    .input(z.object({ compoundId: z.uuid(), ...buildingFields }))
    .output(building)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "compound", id: input.compoundId });
      return auditedCreate(ctx, "building", (repo) => repo.createBuilding(input));
    }),

  updateBuilding: scopedProcedure(staffRoles)
    .input(patchOf("buildingId", buildingFields))
    .output(building)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "building", id: input.buildingId });
      return auditedUpdate(
        ctx,
        "building",
        (repo) => repo.getBuilding(input.buildingId),
        (repo) => repo.updateBuilding(input.buildingId, input.patch),
      );
    }),

  // ---------------------------------------------------------------- units (房屋)
  listUnits: scopedProcedure(staffRoles)
    .input(sortable(textPageInput.extend({ buildingId: z.uuid(), search: searchText }), unitSortKeys))
    .output(pageOf(unit))
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "building", id: input.buildingId });
      return registryRepository(ctx.db).pageUnits(input);
    }),

  /**
   * The units of a compound, or of one of its buildings (`buildingId`), with their building's code and
   * name, in (building code, unit number) order: the rows of a unit export, in the import template's
   * layout. A building of another compound is NOT_FOUND.
   */
  listCompoundUnits: scopedProcedure(staffRoles)
    .input(textPageInput.extend({ compoundId: z.uuid(), buildingId: z.uuid().optional() }))
    .output(pageOf(compoundUnit))
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "compound", id: input.compoundId });
      const repo = registryRepository(ctx.db);
      if (input.buildingId) {
        const b = await repo.getBuilding(input.buildingId);
        if (!b || b.compoundId !== input.compoundId) throw notFound("building");
      }
      return repo.pageUnitsOfCompound(input);
    }),

  /** Areas in integer hundredths of m²; at least one of registered / surveyed / contract (法释〔2009〕7号 Art. 8). */
  createUnit: scopedProcedure(staffRoles)
    .input(
      z.object({ buildingId: z.uuid(), ...unitFields }).refine(hasSomeArea, "a unit needs at least one area"),
    )
    .output(unit)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "building", id: input.buildingId });
      return auditedCreate(ctx, "unit", (repo) => repo.createUnit(input));
    }),

  updateUnit: scopedProcedure(staffRoles)
    .input(patchOf("unitId", unitFields))
    .output(unit)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "unit", id: input.unitId });
      return auditedUpdate(
        ctx,
        "unit",
        (repo) => repo.getUnit(input.unitId),
        (repo) => repo.updateUnit(input.unitId, input.patch),
      );
    }),

  // ---------------------------------------------------------------- bulk import
  /**
   * Import compounds into a district, subdistrict or community (`scopeLevel`/`scopeId`, which the
   * caller must cover). Every row is validated first; with any problem, or with `dryRun`, nothing is
   * written and the report says what is wrong, row by row. Otherwise all rows are written in one
   * transaction with one audit entry.
   */
  importCompounds: scopedProcedure(staffRoles)
    .input(
      withinInput.extend({
        dryRun: z.boolean().default(false),
        rows: z.array(compoundImportRow).min(1).max(MAX_IMPORT_ROWS),
      }),
    )
    .output(importOutput)
    .mutation(async ({ ctx, input }) => {
      const target = { scopeLevel: input.scopeLevel, scopeId: input.scopeId };
      await ctx.requireScope({ level: input.scopeLevel, id: input.scopeId });
      const repo = registryRepository(ctx.db);
      const report = new Report();
      const parsed = input.rows.map((r, i) => {
        const row = i + 1;
        return {
          row,
          communityCode: readCode(report, row, "communityCode", r.communityCode),
          code: readCode(report, row, "code", r.code),
          name: readName(report, row, "name", r.name),
          type: readCompoundType(report, row, r.type),
          address: readAddress(report, row, r.address),
          households: readHouseholds(report, row, r.households),
          inScope: readBoolean(report, row, "inScope", r.inScope, true),
        };
      });
      const communityCodes = [...new Set(parsed.flatMap((p) => (p.communityCode ? [p.communityCode] : [])))];
      const communities = new Map((await repo.communitiesByCodes(communityCodes)).map((c) => [c.code, c]));
      const inside = await withinTargetById(
        ctx.db,
        "community",
        [...communities.values()].map((c) => c.id),
        target,
      );
      const codes = [...new Set(parsed.flatMap((p) => (p.code ? [p.code] : [])))];
      const existing = new Set((await repo.compoundsByCodes(codes)).map((c) => c.code));
      const seen = new Map<string, number>();
      for (const p of parsed) {
        if (p.communityCode) {
          const c = communities.get(p.communityCode);
          if (!c)
            report.add(
              p.row,
              "communityCode",
              "error.import.unknown_community",
              "no community has this code",
            );
          else if (!inside.has(c.id))
            report.add(
              p.row,
              "communityCode",
              "error.import.outside_scope",
              "this community is outside the import's scope",
            );
        }
        if (p.code) {
          if (existing.has(p.code))
            report.add(
              p.row,
              "code",
              "error.import.duplicate_code",
              "a compound with this code already exists",
            );
          else if (seen.has(p.code))
            report.add(
              p.row,
              "code",
              "error.import.duplicate_row",
              `the same code is on row ${seen.get(p.code)}`,
            );
          else seen.set(p.code, p.row);
        }
      }
      const created = { compounds: 0, buildings: 0, units: 0 };
      const out = (ok: boolean) => ({
        ok,
        dryRun: input.dryRun,
        rows: input.rows.length,
        problemCount: report.total,
        problems: report.problems,
        created,
      });
      if (!report.ok || input.dryRun) return out(report.ok);
      return audited(ctx, async (tx) => {
        const rows = await registryRepository(tx).createCompounds(
          parsed.map((p) => ({
            communityId: communities.get(p.communityCode!)!.id,
            code: p.code!,
            name: p.name!,
            type: p.type!,
            address: p.address!,
            households: p.households!,
            inScope: p.inScope!,
          })),
        );
        created.compounds = rows.length;
        return {
          result: out(true),
          audit: {
            action: "registry.import_compounds",
            entityType: input.scopeLevel,
            entityId: input.scopeId,
            after: { compounds: rows.length, codes: rows.slice(0, 50).map((r) => r.code) },
          },
        };
      });
    }),

  /**
   * Import units (and the buildings they name, when new) into compounds within the target scope. Areas
   * are decimal m² strings ("89.37") converted exactly to integer hundredths. All-or-nothing, as above.
   */
  importUnits: scopedProcedure(staffRoles)
    .input(
      withinInput.extend({
        dryRun: z.boolean().default(false),
        rows: z.array(unitImportRow).min(1).max(MAX_IMPORT_ROWS),
      }),
    )
    .output(importOutput)
    .mutation(async ({ ctx, input }) => {
      const target = { scopeLevel: input.scopeLevel, scopeId: input.scopeId };
      await ctx.requireScope({ level: input.scopeLevel, id: input.scopeId });
      const repo = registryRepository(ctx.db);
      const report = new Report();
      const parsed = input.rows.map((r, i) => {
        const row = i + 1;
        const p = {
          row,
          compoundCode: readCode(report, row, "compoundCode", r.compoundCode),
          buildingCode: readCode(report, row, "buildingCode", r.buildingCode),
          buildingName:
            r.buildingName === null || r.buildingName === undefined || String(r.buildingName).trim() === ""
              ? null
              : readName(report, row, "buildingName", r.buildingName),
          unitNumber: readName(report, row, "unitNumber", r.unitNumber, 20),
          registered: readAreaCentiM2(report, row, "registeredArea", r.registeredArea),
          surveyed: readAreaCentiM2(report, row, "surveyedArea", r.surveyedArea),
          contract: readAreaCentiM2(report, row, "contractArea", r.contractArea),
        };
        if (p.registered === undefined && p.surveyed === undefined && p.contract === undefined)
          report.add(
            row,
            "registeredArea",
            "error.import.area_required",
            "a unit needs at least one area (registered, surveyed or contract)",
          );
        return p;
      });
      const compoundCodes = [...new Set(parsed.flatMap((p) => (p.compoundCode ? [p.compoundCode] : [])))];
      const compounds = new Map((await repo.compoundsByCodes(compoundCodes)).map((c) => [c.code, c]));
      const inside = await withinTargetById(
        ctx.db,
        "compound",
        [...compounds.values()].map((c) => c.id),
        target,
      );
      const buildings = await repo.buildingsOfCompounds([...inside]);
      const buildingKey = (compoundId: string, code: string) => `${compoundId}\u0001${code}`;
      const buildingByKey = new Map(buildings.map((b) => [buildingKey(b.compoundId, b.code), b]));
      const existingUnits = new Set(
        (await repo.unitsOfBuildings(buildings.map((b) => b.id))).map(
          (u) => `${u.buildingId}\u0001${u.number}`,
        ),
      );
      const seen = new Map<string, number>();
      for (const p of parsed) {
        if (!p.compoundCode) continue;
        const c = compounds.get(p.compoundCode);
        if (!c) {
          report.add(p.row, "compoundCode", "error.import.unknown_compound", "no compound has this code");
          continue;
        }
        if (!inside.has(c.id)) {
          report.add(
            p.row,
            "compoundCode",
            "error.import.outside_scope",
            "this compound is outside the import's scope",
          );
          continue;
        }
        if (!p.buildingCode || !p.unitNumber) continue;
        const b = buildingByKey.get(buildingKey(c.id, p.buildingCode));
        if (b && existingUnits.has(`${b.id}\u0001${p.unitNumber}`))
          report.add(
            p.row,
            "unitNumber",
            "error.import.duplicate_unit",
            "this unit already exists in the building",
          );
        const key = `${c.id}\u0001${p.buildingCode}\u0001${p.unitNumber}`;
        if (seen.has(key))
          report.add(
            p.row,
            "unitNumber",
            "error.import.duplicate_row",
            `the same unit is on row ${seen.get(key)}`,
          );
        else seen.set(key, p.row);
      }
      const created = { compounds: 0, buildings: 0, units: 0 };
      const out = (ok: boolean) => ({
        ok,
        dryRun: input.dryRun,
        rows: input.rows.length,
        problemCount: report.total,
        problems: report.problems,
        created,
      });
      if (!report.ok || input.dryRun) return out(report.ok);
      return audited(ctx, async (tx) => {
        const txRepo = registryRepository(tx);
        const newBuildings = new Map<string, { compoundId: string; code: string; name: string }>();
        for (const p of parsed) {
          const compoundId = compounds.get(p.compoundCode!)!.id;
          const key = buildingKey(compoundId, p.buildingCode!);
          if (!buildingByKey.has(key) && !newBuildings.has(key))
            newBuildings.set(key, {
              compoundId,
              code: p.buildingCode!,
              name: p.buildingName ?? p.buildingCode!,
            });
        }
        for (const b of await txRepo.createBuildings([...newBuildings.values()]))
          buildingByKey.set(buildingKey(b.compoundId, b.code), b);
        const rows = await txRepo.createUnits(
          parsed.map((p) => ({
            buildingId: buildingByKey.get(buildingKey(compounds.get(p.compoundCode!)!.id, p.buildingCode!))!
              .id,
            number: p.unitNumber!,
            registeredAreaCentiM2: p.registered ?? null,
            surveyedAreaCentiM2: p.surveyed ?? null,
            contractAreaCentiM2: p.contract ?? null,
          })),
        );
        created.buildings = newBuildings.size;
        created.units = rows.length;
        return {
          result: out(true),
          audit: {
            action: "registry.import_units",
            entityType: input.scopeLevel,
            entityId: input.scopeId,
            after: { buildings: newBuildings.size, units: rows.length, compounds: compoundCodes },
          },
        };
      });
    }),
});
