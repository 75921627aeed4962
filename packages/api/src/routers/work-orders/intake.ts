/**
 * 受理 — intake: staff take a call (12345), a signed-in resident files in the portal. Both compute the
 * due time with core's clock over the stored working calendar (the repository's `createWorkOrder`) and
 * dispatch by the dispatch catalogue (派单目录) when a rule covers the category and place.
 */
import { beijingDate, mainlandMobile, workOrder, workOrderTypes } from "@gongzhi/core";
import {
  accountsRepository,
  ancestryOf,
  type Executor,
  hotlineRepository,
  type StoredWorkingCalendar,
  type Tx,
  type WorkOrderRow,
} from "@gongzhi/db";
import { z } from "zod";
import { ApiError, notFound } from "../../errors.ts";
import { links } from "../../links.ts";
import { notify } from "../../notify.ts";
import { audited, type Context, scopedProcedure } from "../../trpc.ts";
import {
  type CheckedPhoto,
  checkPhotos,
  removePhotos,
  type StoredPhoto,
  storePhotos,
} from "../../uploads.ts";
import { calendarFrom, dispatcher, toView, unitStaffUserIds, workOrderView } from "./shared.ts";

const placeInput = {
  type: z.enum(workOrderTypes),
  categoryId: z.uuid(),
  compoundId: z.uuid(),
  buildingId: z.uuid().nullish(),
  address: z.string().trim().max(300).default(""),
  text: workOrder.shape.text,
};

export const createInput = z.object({
  ...placeInput,
  channel: z.enum(["hotline_12345", "district_app", "other"]).default("hotline_12345"),
  requesterName: z.string().trim().min(1).max(50).nullish(),
  requesterPhone: mainlandMobile.nullish(),
});
/** One uploaded photo (server-side callers only: the portal's multipart form; see uploads.ts). */
export const photoUpload = z.object({
  name: z.string().max(1000).optional(),
  bytes: z.instanceof(Uint8Array),
});

/**
 * A resident's request: about one of their compounds (and building), or — with `communityId`, one of
 * their communities — a free address and/or a point on the map; with up to `photoLimits.maxCount`
 * photos, checked by uploads.ts (the bound here only stops absurd inputs before those checks).
 */
export const fileInput = z.object({
  type: placeInput.type,
  categoryId: placeInput.categoryId,
  compoundId: z.uuid().nullish(),
  buildingId: z.uuid().nullish(),
  communityId: z.uuid().nullish(),
  lat: z.number().min(-90).max(90).nullish(),
  lng: z.number().min(-180).max(180).nullish(),
  address: placeInput.address,
  text: placeInput.text,
  photos: z.array(photoUpload).max(100).default([]),
});

export const intakeOutput = z.object({
  order: workOrderView,
  /** The unit the catalogue dispatched it to, or null when no rule applies (a dispatcher will). */
  dispatchedTo: z.uuid().nullable(),
});

export interface Intake {
  type: (typeof workOrderTypes)[number];
  categoryId: string;
  compoundId: string | null;
  buildingId?: string | null | undefined;
  lat?: number | null | undefined;
  lng?: number | null | undefined;
  address: string;
  text: string;
  channel: "hotline_12345" | "district_app" | "other" | "web";
  requesterName: string | null;
  requesterPhone: string | null;
  requesterUserId: string | null;
  /** Already checked (uploads.ts `checkPhotos`): stored with the order, or not at all. */
  photos?: CheckedPhoto[];
}

const placeError = (key: string, message: string) =>
  new ApiError("BAD_REQUEST", `error.work_order.${key}`, message);

export async function checkPlace(
  db: Executor,
  compoundId: string | null,
  buildingId: string | null | undefined,
) {
  if (!buildingId) return;
  if (!compoundId) throw placeError("building_without_compound", "a building needs its compound");
  const b = await ancestryOf(db, "building", buildingId);
  if (!b) throw notFound("building");
  if (b.compoundId !== compoundId)
    throw new ApiError(
      "BAD_REQUEST",
      "error.work_order.building_outside_compound",
      "the building is not in that compound",
    );
}

type AuditEntry = { action: string; entityType: string; entityId: string; after: unknown };

/** What `fileOrder` needs of an order beyond the place (already checked) and its ancestry. */
export type FiledOrder = Omit<Intake, "buildingId" | "compoundId" | "channel" | "photos"> & {
  channel: WorkOrderRow["channel"];
  compoundId: string | null;
  buildingId: string | null;
  externalNumber?: string | null;
  lat?: number | null;
  lng?: number | null;
  receivedAt: Date;
};

/**
 * File one order inside the caller's transaction and dispatch it by the catalogue (派单目录) when a rule
 * covers its category and place — the one way every channel (staff intake, the portal, the 12345
 * import, Open311) files an order. Returns the order and the audit entries to write with it.
 */
export async function fileOrder(
  tx: Tx,
  ctx: Pick<Context, "actor" | "now">,
  ancestry: { districtId: string; subdistrictId: string | null; communityId: string | null },
  input: FiledOrder,
  calendar: StoredWorkingCalendar | null,
): Promise<{ order: WorkOrderRow; dispatchedTo: string | null; audit: AuditEntry[] }> {
  const h = hotlineRepository(tx);
  const at = ctx.now();
  const created = await h.createWorkOrder(
    {
      type: input.type,
      channel: input.channel,
      externalNumber: input.externalNumber ?? null,
      requesterName: input.requesterName,
      requesterPhone: input.requesterPhone,
      requesterUserId: input.requesterUserId,
      districtId: ancestry.districtId,
      subdistrictId: ancestry.subdistrictId,
      communityId: ancestry.communityId,
      compoundId: input.compoundId,
      buildingId: input.buildingId,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      address: input.address,
      text: input.text,
      categoryId: input.categoryId,
      receivedAt: input.receivedAt,
    },
    calendar,
  );
  const audit: AuditEntry[] = [
    {
      action: "workOrders.create",
      entityType: "work_order",
      entityId: created.id,
      after: { ...created, requesterName: null, requesterPhone: null },
    },
  ];
  const rule = await h.dispatchUnitFor({
    categoryId: created.categoryId,
    districtId: ancestry.districtId,
    subdistrictId: ancestry.subdistrictId,
    communityId: ancestry.communityId,
    on: beijingDate(at),
  });
  let order = created;
  if (rule) {
    const moved = await h.transition(
      created.id,
      { to: "dispatched", actor: "system", at, unitId: rule.unitId, note: "派单目录" },
      ctx.actor?.userId ?? null,
    );
    order = moved.order;
    audit.push({
      action: "workOrders.dispatch",
      entityType: "work_order",
      entityId: created.id,
      after: { unitId: rule.unitId, ruleId: rule.ruleId, status: order.status },
    });
    await notify(tx, {
      userIds: await unitStaffUserIds(tx, rule.unitId),
      kind: "work_order_update",
      messageKey: "notification.work_order.dispatched",
      params: { number: order.number },
      link: links.consoleWorkOrder(order.id),
      at,
    });
  }
  return { order, dispatchedTo: rule?.unitId ?? null, audit };
}

/** File one order (in `audited`'s transaction) and dispatch it by the catalogue when a rule exists. */
async function intake(
  ctx: Pick<Context, "db" | "actor" | "ip" | "now" | "uploadDir">,
  ancestry: { districtId: string; subdistrictId: string | null; communityId: string | null },
  input: Intake,
) {
  await checkPlace(ctx.db, input.compoundId, input.buildingId);
  const repo = hotlineRepository(ctx.db);
  const category = await repo.getCategory(input.categoryId);
  if (!category?.active) throw notFound("category");
  const at = ctx.now();
  const calendar = category.limitKind === "natural_hours" ? null : await calendarFrom(ctx.db, at);
  const { photos = [], ...order } = input;
  // Files written before a failure are removed: the order and its photos are stored together or not at all.
  const written: StoredPhoto[] = [];
  try {
    return await audited(ctx, async (tx: Tx) => {
      const filed = await fileOrder(
        tx,
        ctx,
        ancestry,
        { ...order, buildingId: order.buildingId ?? null, receivedAt: at },
        calendar,
      );
      if (photos.length > 0) {
        written.push(...(await storePhotos(ctx.uploadDir, filed.order.id, photos)));
        const photoRows = await hotlineRepository(tx).addPhotos(
          filed.order.id,
          written,
          ctx.actor?.userId ?? null,
        );
        const created = filed.audit[0]!;
        created.after = {
          ...(created.after as object),
          photos: photoRows.map((p) => ({
            id: p.id,
            sha256: p.sha256,
            contentType: p.contentType,
            byteSize: p.byteSize,
          })),
        };
      }
      return {
        result: {
          order: toView(filed.order, [], input.requesterUserId !== null),
          dispatchedTo: filed.dispatchedTo,
        },
        audit: filed.audit,
      };
    });
  } catch (error) {
    await removePhotos(ctx.uploadDir, written);
    throw error;
  }
}

export const intakeProcedures = {
  /** 受理 by staff: a call to 12345 (or the district app, or another channel), for a compound in scope. */
  create: dispatcher
    .input(createInput)
    .output(intakeOutput)
    .mutation(async ({ ctx, input }) => {
      const ancestry = await ctx.requireScope({ level: "compound", id: input.compoundId });
      return intake(ctx, ancestry, {
        ...input,
        requesterName: input.requesterName ?? null,
        requesterPhone: input.requesterPhone ?? null,
        requesterUserId: null,
      });
    }),

  /**
   * 你说我办: a resident files an order about a compound of their community, or a free address / point in
   * one of their communities, with photos; the phone is their account's. A bad photo refuses the whole
   * request and nothing is stored.
   */
  file: scopedProcedure(["resident"])
    .input(fileInput)
    .output(intakeOutput)
    .mutation(async ({ ctx, input }) => {
      const hasPoint = input.lat != null || input.lng != null;
      if ((input.lat == null) !== (input.lng == null))
        throw placeError("point_incomplete", "a point needs both latitude and longitude");
      let ancestry: Awaited<ReturnType<typeof ctx.requireScope>>;
      if (input.compoundId) {
        if (input.communityId || hasPoint)
          throw placeError("place_ambiguous", "give a compound, or a community with an address or point");
        ancestry = await ctx.requireScope({ level: "compound", id: input.compoundId });
      } else if (input.communityId) {
        if (input.buildingId) throw placeError("building_without_compound", "a building needs its compound");
        if (!hasPoint && input.address === "")
          throw placeError("place_required", "an address or a point is required without a compound");
        ancestry = await ctx.requireScope({ level: "community", id: input.communityId });
      } else throw placeError("place_required", "a compound, or a community with an address or point");
      const photos = checkPhotos(input.photos);
      const me = await accountsRepository(ctx.db).findById(ctx.actor.userId);
      if (!me) throw notFound("user");
      return intake(ctx, ancestry, {
        ...input,
        compoundId: input.compoundId ?? null,
        photos,
        channel: "web",
        requesterName: me.displayName,
        requesterPhone: me.phone,
        requesterUserId: me.id,
      });
    }),
};
