import { router } from "../trpc.ts";

export const meetingsRouter = router({});
