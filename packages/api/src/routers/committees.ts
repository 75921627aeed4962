import { router } from "../trpc.ts";

export const committeesRouter = router({});
