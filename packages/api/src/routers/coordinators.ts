import { router } from "../trpc.ts";

export const coordinatorsRouter = router({});
