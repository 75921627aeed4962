/**
 * Ownership verification (业主身份核验). Staff print one-time household codes (户码) for a building; a
 * signed-in resident who enters a valid code becomes a verified owner of that unit. Staff may also
 * verify or revoke directly. A verified owner is linked to the unit's holding owner party, so the
 * statutory owner key of the vote is the party (法释〔2009〕7号 Art. 9); tenants (物业使用人) stay
 * residents without an owner's vote.
 */
import { createHash, randomInt } from "node:crypto";
import { areaSources, effectiveArea } from "@gongzhi/core";
import {
  accountsRepository,
  ancestryOf,
  type Executor,
  ownershipRepository,
  registryRepository,
  securityRepository,
} from "@gongzhi/db";
import { z } from "zod";
import { consumeRateLimit } from "../auth/rate-limit.ts";
import { ApiError, notFound, tooManyRequests } from "../errors.ts";
import { staffRoles } from "../policy.ts";
import { audited, router, scopedProcedure, signedInProcedure } from "../trpc.ts";
import { idPageInput, pageOf, textPageInput } from "./registry-shared.ts";

/** Unambiguous alphabet: no 0/O, 1/I/L. 31 symbols × 10 characters ≈ 49.5 bits. */
export const HOUSEHOLD_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const HOUSEHOLD_CODE_LENGTH = 10;

/** A new random code (crypto-strong), printed as "ABCDE-FGHJK". */
export function generateHouseholdCode(): string {
  let s = "";
  for (let i = 0; i < HOUSEHOLD_CODE_LENGTH; i++)
    s += HOUSEHOLD_CODE_ALPHABET[randomInt(HOUSEHOLD_CODE_ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

/** Normalise what a resident typed: upper case, without spaces and dashes. */
export function normaliseHouseholdCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "");
}

/** Only a SHA-256 of the normalised code is stored. */
export function hashHouseholdCode(code: string): string {
  return createHash("sha256").update(normaliseHouseholdCode(code)).digest("hex");
}

/** One answer for an unknown, used, expired or revoked code: nothing is revealed about which. */
const invalidCode = () =>
  new ApiError("BAD_REQUEST", "error.household_code.invalid", "this household code is not valid");

const codeStatus = z.enum(["unused", "used", "expired", "revoked"]);

/**
 * Make `userId` a verified owner of `unitId`: the verified_owner role on the unit, a person of the
 * unit's holding party linked to the user, and the resident role of the community if not yet held.
 */
async function grantOwnership(tx: Executor, userId: string, unitId: string) {
  const owners = ownershipRepository(tx);
  const party = await owners.holderOfUnit(unitId);
  if (!party)
    throw new ApiError(
      "CONFLICT",
      "error.household.unit_without_owner",
      "no owner is registered for this unit yet; ask the community office",
    );
  const user = await accountsRepository(tx).findById(userId);
  if (!user) throw notFound("user");
  const ancestry = await ancestryOf(tx, "unit", unitId);
  if (!ancestry?.communityId) throw notFound("unit");
  const accounts = accountsRepository(tx);
  const role = await accounts.assign({ userId, role: "verified_owner", scopeKind: "unit", scopeId: unitId });
  const person =
    (await owners.personOfUser(party.id, userId)) ??
    (await owners.addPerson({ partyId: party.id, name: user.displayName, userId }));
  const resident = await accounts.assign({
    userId,
    role: "resident",
    scopeKind: "community",
    scopeId: ancestry.communityId,
  });
  return {
    partyId: party.id,
    personId: person.id,
    newlyVerified: role !== null,
    residentAdded: resident !== null,
  };
}

export const householdsRouter = router({
  /**
   * One new code per unit of a building (earlier unused codes of those units are revoked). The plain
   * codes are returned ONCE, for the printable sheet; only their hashes are kept.
   */
  generateForBuilding: scopedProcedure(staffRoles)
    .input(z.object({ buildingId: z.uuid(), validDays: z.number().int().min(1).max(365).default(60) }))
    .output(
      z.object({
        buildingId: z.uuid(),
        buildingName: z.string(),
        expiresAt: z.date(),
        codes: z.array(z.object({ unitId: z.uuid(), unitNumber: z.string(), code: z.string() })),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "building", id: input.buildingId });
      const registry = registryRepository(ctx.db);
      const building = await registry.getBuilding(input.buildingId);
      if (!building) throw notFound("building");
      const units: { id: string; number: string }[] = [];
      let cursor: string | null = null;
      do {
        const page = await registry.pageUnits({ buildingId: building.id, cursor, limit: 100 });
        units.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      if (units.length === 0)
        throw new ApiError("BAD_REQUEST", "error.household.no_units", "the building has no units yet");
      const now = ctx.now();
      const expiresAt = new Date(now.getTime() + input.validDays * 24 * 60 * 60 * 1000);
      const codes = units.map((u) => ({ unitId: u.id, unitNumber: u.number, code: generateHouseholdCode() }));
      return audited(ctx, async (tx) => {
        const security = securityRepository(tx);
        const revoked = await security.revokeOutstandingHouseholdCodes(
          units.map((u) => u.id),
          now,
        );
        await security.createHouseholdCodes(
          codes.map((c) => ({
            unitId: c.unitId,
            codeHash: hashHouseholdCode(c.code),
            createdBy: ctx.actor.userId,
            createdAt: now,
            expiresAt,
          })),
        );
        return {
          result: { buildingId: building.id, buildingName: building.name, expiresAt, codes },
          audit: {
            action: "household_code.generate",
            entityType: "building",
            entityId: building.id,
            after: { codes: codes.length, revokedEarlier: revoked, expiresAt: expiresAt.toISOString() },
          },
        };
      });
    }),

  /** Codes of a building with their status — never the code itself. */
  listForBuilding: scopedProcedure(staffRoles)
    .input(textPageInput.extend({ buildingId: z.uuid() }))
    .output(
      pageOf(
        z.object({
          id: z.uuid(),
          unitId: z.uuid(),
          unitNumber: z.string(),
          status: codeStatus,
          createdAt: z.date(),
          expiresAt: z.date(),
          usedAt: z.date().nullable(),
          usedBy: z.uuid().nullable(),
          revokedAt: z.date().nullable(),
        }),
      ),
    )
    .query(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "building", id: input.buildingId });
      const now = ctx.now();
      const page = await securityRepository(ctx.db).pageHouseholdCodesOfBuilding(input);
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((c) => ({
          ...c,
          status: c.revokedAt ? "revoked" : c.usedAt ? "used" : c.expiresAt <= now ? "expired" : "unused",
        })),
      };
    }),

  /** Revoke an unused code. */
  revoke: scopedProcedure(staffRoles)
    .input(z.object({ codeId: z.uuid() }))
    .output(z.object({ id: z.uuid(), revokedAt: z.date() }))
    .mutation(async ({ ctx, input }) => {
      const code = await securityRepository(ctx.db).getHouseholdCode(input.codeId);
      if (!code) throw notFound("household_code");
      await ctx.requireScope({ level: "unit", id: code.unitId });
      return audited(ctx, async (tx) => {
        const revoked = await securityRepository(tx).revokeHouseholdCode(code.id, ctx.now());
        if (!revoked)
          throw new ApiError(
            "CONFLICT",
            "error.household_code.not_revocable",
            "the code was already used or revoked",
          );
        const { codeHash: _b, ...before } = code;
        const { codeHash: _a, ...after } = revoked;
        return {
          result: { id: revoked.id, revokedAt: revoked.revokedAt! },
          audit: {
            action: "household_code.revoke",
            entityType: "household_code",
            entityId: code.id,
            before,
            after,
          },
        };
      });
    }),

  /**
   * Redeem a household code: the signed-in user becomes a verified owner of its unit. Rate-limited; an
   * unknown, used, expired or revoked code gets the same error and changes nothing; a code works once,
   * even when two people race for it (the repository's conditional update).
   */
  redeem: signedInProcedure
    .input(
      z.object({
        code: z
          .string()
          .trim()
          .min(1)
          .max(30)
          .regex(/^[0-9A-Za-z \t-]+$/),
      }),
    )
    .output(z.object({ unitId: z.uuid(), ownerKey: z.uuid(), newlyVerified: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const wait = await consumeRateLimit(ctx.db, "householdCode", { userId: ctx.actor.userId, ip: ctx.ip });
      if (wait !== null) throw tooManyRequests(wait);
      const normalised = normaliseHouseholdCode(input.code);
      if (normalised.length !== HOUSEHOLD_CODE_LENGTH) throw invalidCode();
      const found = await securityRepository(ctx.db).findHouseholdCode(hashHouseholdCode(normalised));
      if (!found) throw invalidCode();
      return audited(ctx, async (tx) => {
        const used = await securityRepository(tx).useHouseholdCode(found.id, ctx.actor.userId, now);
        if (!used) throw invalidCode();
        const granted = await grantOwnership(tx, ctx.actor.userId, used.unitId);
        return {
          result: { unitId: used.unitId, ownerKey: granted.partyId, newlyVerified: granted.newlyVerified },
          audit: {
            action: "household.redeem",
            entityType: "unit",
            entityId: used.unitId,
            after: { userId: ctx.actor.userId, codeId: used.id, ...granted },
          },
        };
      });
    }),

  /** Staff verify a user as an owner of a unit directly (e.g. after checking the 不动产权证书). */
  verifyOwner: scopedProcedure(staffRoles)
    .input(z.object({ unitId: z.uuid(), userId: z.uuid() }))
    .output(z.object({ unitId: z.uuid(), ownerKey: z.uuid(), newlyVerified: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "unit", id: input.unitId });
      return audited(ctx, async (tx) => {
        const granted = await grantOwnership(tx, input.userId, input.unitId);
        return {
          result: { unitId: input.unitId, ownerKey: granted.partyId, newlyVerified: granted.newlyVerified },
          audit: {
            action: "household.verify_owner",
            entityType: "unit",
            entityId: input.unitId,
            after: { userId: input.userId, ...granted },
          },
        };
      });
    }),

  /** Revoke a user's ownership verification of a unit: the role goes and the party link is cut. */
  revokeOwner: scopedProcedure(staffRoles)
    .input(z.object({ unitId: z.uuid(), userId: z.uuid() }))
    .output(z.object({ unitId: z.uuid(), userId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "unit", id: input.unitId });
      return audited(ctx, async (tx) => {
        const removed = await accountsRepository(tx).unassign({
          userId: input.userId,
          role: "verified_owner",
          scopeKind: "unit",
          scopeId: input.unitId,
        });
        if (removed === 0) throw notFound("ownership_verification");
        const party = await ownershipRepository(tx).holderOfUnit(input.unitId);
        const unlinked = party ? await ownershipRepository(tx).unlinkUser(party.id, input.userId) : 0;
        return {
          result: { unitId: input.unitId, userId: input.userId },
          audit: {
            action: "household.revoke_owner",
            entityType: "unit",
            entityId: input.unitId,
            before: { userId: input.userId, verifiedOwner: true, partyId: party?.id ?? null },
            after: { userId: input.userId, verifiedOwner: false, unlinkedPersons: unlinked },
          },
        };
      });
    }),

  /** My verified units, with the area that counts and the owner key (for the portal's vote page). */
  myUnits: signedInProcedure
    .input(idPageInput)
    .output(
      pageOf(
        z.object({
          unitId: z.uuid(),
          unitNumber: z.string(),
          buildingId: z.uuid(),
          buildingName: z.string(),
          compoundId: z.uuid(),
          compoundName: z.string(),
          communityId: z.uuid(),
          /** The area that counts (法释〔2009〕7号 Art. 8), integer hundredths of m². */
          areaCentiM2: z.number().int().nullable(),
          areaSource: z.enum(areaSources).nullable(),
          /** The holding owner party: the owner key of the statutory headcount (Art. 9). */
          ownerKey: z.uuid().nullable(),
        }),
      ),
    )
    .query(async ({ ctx, input }) => {
      const unitIds = (await accountsRepository(ctx.db).assignments(ctx.actor.userId))
        .filter((a) => a.role === "verified_owner" && a.scopeKind === "unit" && a.scopeId)
        .map((a) => a.scopeId!);
      const page = await ownershipRepository(ctx.db).pageUnitsWithOwners({
        unitIds,
        cursor: input.cursor ?? null,
        limit: input.limit,
      });
      return {
        nextCursor: page.nextCursor,
        items: page.items.map(({ registeredAreaCentiM2, surveyedAreaCentiM2, contractAreaCentiM2, ...u }) => {
          const area = effectiveArea({ registeredAreaCentiM2, surveyedAreaCentiM2, contractAreaCentiM2 });
          return { ...u, areaCentiM2: area?.areaCentiM2 ?? null, areaSource: area?.source ?? null };
        }),
      };
    }),
});
