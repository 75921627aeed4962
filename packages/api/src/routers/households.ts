import { router } from "../trpc.ts";

export const householdsRouter = router({});
