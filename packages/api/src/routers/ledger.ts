import { router } from "../trpc.ts";

export const ledgerRouter = router({});
