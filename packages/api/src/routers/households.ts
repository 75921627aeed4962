/**
 * Ownership verification (业主身份核验). Staff print one-time household codes (户码) for a building; a
 * signed-in resident who enters a valid code becomes a verified owner of that unit. Staff may also
 * verify or revoke directly. A verified owner is linked to the unit's holding owner party, so the
 * statutory owner key of the vote is the party (法释〔2009〕7号 Art. 9); tenants (物业使用人) stay
 * residents without an owner's vote.
 */
import { createHash, randomInt } from "node:crypto";
import {
  areaSources,
  coOwnerBallotRules,
  effectiveArea,
  maskSensitive,
  ownershipDocumentKinds,
  ownershipVerificationMethods,
  storableString,
} from "@gongzhi/core";
import {
  accountsRepository,
  ancestryOf,
  type Executor,
  ownershipRepository,
  registryRepository,
  securityRepository,
  votesRepository,
} from "@gongzhi/db";
import { z } from "zod";
import { consumeRateLimit } from "../auth/rate-limit.ts";
import { ApiError, notFound, tooManyRequests } from "../errors.ts";
import { notify } from "../notify.ts";
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

/** How the ownership was verified: the user's own household code, or staff who checked a document. */
type VerificationInput =
  | { method: "household_code" }
  | {
      method: "staff_document";
      verifiedBy: string;
      documentKind: (typeof ownershipDocumentKinds)[number];
      documentRef: string;
      note: string;
    };

/**
 * Make `userId` a verified owner of `unitId`: the verified_owner role on the unit, a person of the
 * unit's holding party linked to the user, and the resident role of the community if not yet held.
 * The verification is recorded (method, document, verifier) and every person already linked to the
 * owner key — and the verified user — is told, so a link nobody asked for does not go unnoticed.
 */
async function grantOwnership(
  tx: Executor,
  userId: string,
  unitId: string,
  verification: VerificationInput,
  now: Date,
) {
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
  const record = await owners.recordVerification({
    unitId,
    partyId: party.id,
    userId,
    method: verification.method,
    verifiedAt: now,
    ...(verification.method === "staff_document"
      ? {
          verifiedBy: verification.verifiedBy,
          documentKind: verification.documentKind,
          documentRef: verification.documentRef,
          note: verification.note,
        }
      : {}),
  });
  await notify(tx, {
    userIds: [userId, ...(await owners.userIdsOfParty(party.id))],
    kind: "ownership_verified",
    messageKey:
      verification.method === "staff_document"
        ? "notification.ownership_verified_by_staff"
        : "notification.ownership_verified_by_code",
    params: { name: user.displayName },
    link: "/me",
    at: now,
  });
  return {
    verificationId: record.id,
    partyId: party.id,
    personId: person.id,
    newlyVerified: role !== null,
    residentAdded: resident !== null,
  };
}

const voteRunning = () =>
  new ApiError(
    "CONFLICT",
    "error.household.vote_running",
    "a vote of this compound is open: who votes for an owner key cannot change until it closes",
  );

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
        const granted = await grantOwnership(
          tx,
          ctx.actor.userId,
          used.unitId,
          { method: "household_code" },
          now,
        );
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

  /**
   * Staff verify a user as an owner of a unit after checking a document (不动产权证书, 购房合同 …), which
   * the record names. Nobody verifies themselves — a staff member never gains an owner's vote through
   * their own act. The verified user and every person already linked to the owner key are notified, and
   * the owner sees the record (myUnits).
   */
  verifyOwner: scopedProcedure(staffRoles)
    .input(
      z.object({
        unitId: z.uuid(),
        userId: z.uuid(),
        document: z.object({
          kind: z.enum(ownershipDocumentKinds),
          reference: storableString().trim().min(3).max(100),
          note: storableString().trim().max(500).default(""),
        }),
      }),
    )
    .output(z.object({ unitId: z.uuid(), ownerKey: z.uuid(), newlyVerified: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "unit", id: input.unitId });
      if (input.userId === ctx.actor.userId)
        throw new ApiError(
          "FORBIDDEN",
          "error.household.self_verification",
          "nobody verifies their own ownership; another staff member must do it",
        );
      const now = ctx.now();
      return audited(ctx, async (tx) => {
        const granted = await grantOwnership(
          tx,
          input.userId,
          input.unitId,
          {
            method: "staff_document",
            verifiedBy: ctx.actor.userId,
            documentKind: input.document.kind,
            documentRef: input.document.reference,
            note: input.document.note,
          },
          now,
        );
        return {
          result: { unitId: input.unitId, ownerKey: granted.partyId, newlyVerified: granted.newlyVerified },
          audit: {
            action: "household.verify_owner",
            entityType: "unit",
            entityId: input.unitId,
            after: {
              userId: input.userId,
              document: { kind: input.document.kind, reference: input.document.reference },
              ...granted,
            },
          },
        };
      });
    }),

  /**
   * The compound's rule for owner keys held by several people (议事规则): who casts and who may change
   * the key's ballot (core's coOwnerBallotRules). Not while a vote is open: the rule of a running vote
   * does not change under it.
   */
  setBallotRule: scopedProcedure(staffRoles)
    .input(z.object({ compoundId: z.uuid(), rule: z.enum(coOwnerBallotRules) }))
    .output(z.object({ compoundId: z.uuid(), rule: z.enum(coOwnerBallotRules) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: "compound", id: input.compoundId });
      return audited(ctx, async (tx) => {
        if (await votesRepository(tx).hasOpenDecision(input.compoundId)) throw voteRunning();
        const before = await registryRepository(tx).getCompound(input.compoundId);
        const updated = await ownershipRepository(tx).setCoOwnerBallotRule(input.compoundId, input.rule);
        if (!updated || !before) throw notFound("compound");
        return {
          result: { compoundId: updated.id, rule: updated.coOwnerBallotRule },
          audit: {
            action: "compound.ballot_rule",
            entityType: "compound",
            entityId: input.compoundId,
            before: { rule: before.coOwnerBallotRule },
            after: { rule: updated.coOwnerBallotRule },
          },
        };
      });
    }),

  /**
   * Record which co-owner of a unit's owner key votes for it (推选代表, under the `representative` rule),
   * on the co-owners' written designation; null clears it. Not while a vote of the compound is open.
   */
  designateRepresentative: scopedProcedure(staffRoles)
    .input(
      z.object({
        unitId: z.uuid(),
        personId: z.uuid().nullable(),
        document: storableString().trim().min(3).max(100),
      }),
    )
    .output(z.object({ unitId: z.uuid(), ownerKey: z.uuid(), personId: z.uuid().nullable() }))
    .mutation(async ({ ctx, input }) => {
      const ancestry = await ctx.requireScope({ level: "unit", id: input.unitId });
      return audited(ctx, async (tx) => {
        if (ancestry.compoundId && (await votesRepository(tx).hasOpenDecision(ancestry.compoundId)))
          throw voteRunning();
        const owners = ownershipRepository(tx);
        const party = await owners.holderOfUnit(input.unitId);
        if (!party) throw notFound("owner_party");
        const person = await owners.setRepresentative(party.id, input.personId);
        if (input.personId && !person) throw notFound("owner_person");
        await notify(tx, {
          userIds: await owners.userIdsOfParty(party.id),
          kind: "ownership_verified",
          messageKey: "notification.representative_designated",
          params: { name: person?.name ?? "" },
          link: "/me",
          at: ctx.now(),
        });
        return {
          result: { unitId: input.unitId, ownerKey: party.id, personId: person?.id ?? null },
          audit: {
            action: "household.designate_representative",
            entityType: "owner_party",
            entityId: party.id,
            after: { personId: person?.id ?? null, document: input.document },
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
        await ownershipRepository(tx).revokeVerifications(
          input.unitId,
          input.userId,
          ctx.actor.userId,
          ctx.now(),
        );
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
          /** How I was verified as this unit's owner (the standing record), shown to me. */
          verification: z
            .object({
              method: z.enum(ownershipVerificationMethods),
              documentKind: z.enum(ownershipDocumentKinds).nullable(),
              /** The document's reference, masked (the owner recognises it; the page leaks nothing). */
              documentRef: z.string().nullable(),
              verifiedAt: z.date(),
              verifiedByName: z.string().nullable(),
            })
            .nullable(),
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
      const records = await ownershipRepository(ctx.db).verificationsOf(
        ctx.actor.userId,
        page.items.map((u) => u.unitId),
      );
      const standing = (unitId: string) => {
        const v = records.find((r) => r.unitId === unitId && r.revokedAt === null);
        return v
          ? {
              method: v.method,
              documentKind: v.documentKind,
              documentRef: v.documentRef ? maskSensitive(v.documentRef) : null,
              verifiedAt: v.verifiedAt,
              verifiedByName: v.verifiedByName,
            }
          : null;
      };
      return {
        nextCursor: page.nextCursor,
        items: page.items.map(({ registeredAreaCentiM2, surveyedAreaCentiM2, contractAreaCentiM2, ...u }) => {
          const area = effectiveArea({ registeredAreaCentiM2, surveyedAreaCentiM2, contractAreaCentiM2 });
          return {
            ...u,
            areaCentiM2: area?.areaCentiM2 ?? null,
            areaSource: area?.source ?? null,
            verification: standing(u.unitId),
          };
        }),
      };
    }),
});
