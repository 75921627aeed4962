/**
 * A photo of a work order (接诉即办), never from a public static path: the API's `workOrders.photo`
 * decides who may see it (its requester, staff whose scope covers the order) and reads the file;
 * everyone else — signed out included — gets the same 404, so a photo id reveals nothing.
 */
import { data } from "react-router";
import { getCaller } from "../lib/context.server.ts";
import { uuidPattern } from "../lib/hotline.server.ts";
import type { Route } from "./+types/work-order-photos.$id";

export async function loader(args: Route.LoaderArgs) {
  const id = args.params.id;
  if (!uuidPattern.test(id)) throw data(null, { status: 404 });
  const caller = await getCaller(args);
  const photo = await caller.workOrders.photo({ id }).catch(() => null);
  if (!photo)
    return new Response("Not found\n", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  return new Response(photo.bytes, {
    headers: {
      // The type the bytes were checked to be when stored (magic bytes), never the file's name.
      "Content-Type": photo.contentType,
      "Content-Length": String(photo.byteSize),
      "X-Content-Type-Options": "nosniff",
      "Content-Disposition": "inline",
      "Cache-Control": "private, no-store",
    },
  });
}
