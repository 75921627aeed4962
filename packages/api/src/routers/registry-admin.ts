import { router } from "../trpc.ts";

export const registryAdminRouter = router({});
