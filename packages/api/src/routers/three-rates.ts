import { router } from "../trpc.ts";

export const threeRatesRouter = router({});
