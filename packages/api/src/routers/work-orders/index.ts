/**
 * 接诉即办 work orders (DOMAIN.md §9, issue 11): one file per procedure group with its schemas beside it.
 */
import { router } from "../../trpc.ts";
import { callbackProcedures } from "./callbacks.ts";
import { handlingProcedures } from "./handling.ts";
import { importProcedures } from "./import.ts";
import { intakeProcedures } from "./intake.ts";
import { photoProcedures } from "./photos.ts";
import { ratesProcedures } from "./rates.ts";
import { readProcedures } from "./reads.ts";
import { reportProcedures } from "./reports.ts";

export const workOrdersRouter = router({
  ...intakeProcedures,
  ...importProcedures,
  ...handlingProcedures,
  ...callbackProcedures,
  ...readProcedures,
  ...ratesProcedures,
  ...reportProcedures,
  ...photoProcedures,
});
