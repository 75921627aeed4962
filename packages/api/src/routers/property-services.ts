import { router } from "../trpc.ts";

export const propertyServicesRouter = router({});
