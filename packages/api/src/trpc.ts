import type { Database, Db } from "@gongzhi/db";
import { initTRPC } from "@trpc/server";

/** What every procedure sees. Sessions, roles and scopes arrive with the accounts issue. */
export interface Context {
  db: Db;
  driver: Database["driver"];
  request: Request | null;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // A stable message key for both locales, next to tRPC's code.
    return { ...shape, data: { ...shape.data, messageKey: `error.${error.code.toLowerCase()}` } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
/**
 * Procedures that anyone may call (read-only, public data). Every other procedure will declare its
 * policy when the authorization module lands.
 */
export const publicProcedure = t.procedure;
