import { auditRouter } from "./routers/audit.ts";
import { authRouter } from "./routers/auth.ts";
import { committeesRouter } from "./routers/committees.ts";
import { coordinatorsRouter } from "./routers/coordinators.ts";
import { decisionsRouter } from "./routers/decisions.ts";
import { governancePlansRouter } from "./routers/governance-plans.ts";
import { handlingUnitsRouter } from "./routers/handling-units.ts";
import { healthRouter } from "./routers/health.ts";
import { householdsRouter } from "./routers/households.ts";
import { invitationsRouter } from "./routers/invitations.ts";
import { ledgerRouter } from "./routers/ledger.ts";
import { meetingsRouter } from "./routers/meetings.ts";
import { notificationsRouter } from "./routers/notifications.ts";
import { propertyServicesRouter } from "./routers/property-services.ts";
import { registryRouter } from "./routers/registry.ts";
import { registryAdminRouter } from "./routers/registry-admin.ts";
import { residencyRouter } from "./routers/residency.ts";
import { threeRatesRouter } from "./routers/three-rates.ts";
import { topicsRouter } from "./routers/topics.ts";
import { usersRouter } from "./routers/users.ts";
import { whistlesRouter } from "./routers/whistles.ts";
import { workOrdersRouter } from "./routers/work-orders/index.ts";
import { workingCalendarRouter } from "./routers/working-calendar.ts";
import { createCallerFactory, router } from "./trpc.ts";

/** One router per aggregate; every operation of the product exists once, here. */
export const appRouter = router({
  audit: auditRouter,
  auth: authRouter,
  committees: committeesRouter,
  coordinators: coordinatorsRouter,
  decisions: decisionsRouter,
  governancePlans: governancePlansRouter,
  handlingUnits: handlingUnitsRouter,
  health: healthRouter,
  households: householdsRouter,
  invitations: invitationsRouter,
  ledger: ledgerRouter,
  meetings: meetingsRouter,
  notifications: notificationsRouter,
  propertyServices: propertyServicesRouter,
  registry: registryRouter,
  registryAdmin: registryAdminRouter,
  residency: residencyRouter,
  threeRates: threeRatesRouter,
  topics: topicsRouter,
  users: usersRouter,
  whistles: whistlesRouter,
  workingCalendar: workingCalendarRouter,
  workOrders: workOrdersRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
export type AppCaller = ReturnType<typeof createCaller>;
