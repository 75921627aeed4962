/**
 * 诉求照片 — reading back the photos a resident attached to a request. Never served from a public
 * static path: only the requester, and staff whose scope covers the order (its units' staff, the
 * dispatchers above them), may read one; anyone else gets "not found", so photo ids reveal nothing.
 */
import { ancestryOf, hotlineRepository } from "@gongzhi/db";
import { z } from "zod";
import { notFound } from "../../errors.ts";
import { assignmentsOf, covers } from "../../policy.ts";
import { signedInProcedure } from "../../trpc.ts";
import { photoContentTypes, readPhoto } from "../../uploads.ts";
import { handlerRoles } from "./shared.ts";

/** A photo as listed with its order (no path: the file is read through `workOrders.photo`). */
export const workOrderPhotoView = z.object({
  id: z.uuid(),
  contentType: z.enum(photoContentTypes),
  byteSize: z.number().int().positive(),
  uploadedAt: z.date(),
});

export const photoOutput = workOrderPhotoView.extend({
  workOrderId: z.uuid(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The file's bytes (for server-side callers, e.g. the portal's photo route). */
  bytes: z.instanceof(Uint8Array),
});

export const photoProcedures = {
  /** One photo of an order, for its requester or staff whose scope covers the order. */
  photo: signedInProcedure
    .input(z.object({ id: z.uuid() }))
    .output(photoOutput)
    .query(async ({ ctx, input }) => {
      const h = hotlineRepository(ctx.db);
      const photo = await h.getPhoto(input.id);
      if (!photo) throw notFound("work_order_photo");
      const order = await h.getWorkOrder(photo.workOrderId);
      if (!order) throw notFound("work_order_photo");
      if (order.requesterUserId !== ctx.actor.userId) {
        const mine = assignmentsOf(ctx.actor, handlerRoles);
        const ancestry = mine.length > 0 ? await ancestryOf(ctx.db, "work_order", order.id) : null;
        if (!ancestry || !mine.some((a) => covers(a, ancestry))) throw notFound("work_order_photo");
      }
      const bytes = await readPhoto(ctx.uploadDir, photo.filePath);
      return {
        id: photo.id,
        workOrderId: photo.workOrderId,
        contentType: photo.contentType as (typeof photoContentTypes)[number],
        byteSize: photo.byteSize,
        sha256: photo.sha256,
        uploadedAt: photo.uploadedAt,
        bytes: new Uint8Array(bytes),
      };
    }),
};
