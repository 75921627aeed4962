import { router } from "../trpc.ts";

export const decisionsRouter = router({});
