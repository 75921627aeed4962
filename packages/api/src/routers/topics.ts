import { router } from "../trpc.ts";

export const topicsRouter = router({});
