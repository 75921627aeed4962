/**
 * Authorization cases: for every procedure of the router, how to build an input that targets the
 * inside or the outside side of the test world. `authz.test.ts` walks the router and fails for any
 * procedure without a case here, so a new procedure cannot ship without its authorization test.
 *
 * Each domain keeps its cases in its own file (`./<router>.cases.ts`) and they are merged below.
 */
import type { Side, World } from "../world.ts";
import { auditCases } from "./audit.cases.ts";
import { authCases } from "./auth.cases.ts";
import { committeesCases } from "./committees.cases.ts";
import { coordinatorsCases } from "./coordinators.cases.ts";
import { coreCases } from "./core.cases.ts";
import { decisionsCases } from "./decisions.cases.ts";
import { governancePlansCases } from "./governance-plans.cases.ts";
import { hotlineReportsCases } from "./hotline-reports.cases.ts";
import { householdsCases } from "./households.cases.ts";
import { ledgerCases } from "./ledger.cases.ts";
import { meetingsCases } from "./meetings.cases.ts";
import { membershipCases } from "./membership.cases.ts";
import { notificationsCases } from "./notifications.cases.ts";
import { propertyServicesCases } from "./property-services.cases.ts";
import { registryAdminCases } from "./registry-admin.cases.ts";
import { threeRatesCases } from "./three-rates.cases.ts";
import { topicsCases } from "./topics.cases.ts";
import { usersCases } from "./users.cases.ts";
import { whistlesCases } from "./whistles.cases.ts";
import { workOrdersCases } from "./work-orders.cases.ts";
import { workingCalendarCases } from "./working-calendar.cases.ts";

export interface CaseContext {
  world: World;
  side: Side;
  /** Extra fixtures created by the domain's `setup` for each side. */
  extra: Record<string, unknown>;
}

export interface ProcedureCase {
  /** The input that targets `side` (inputs should be valid, so only authorization can refuse them). */
  input: (c: CaseContext) => unknown;
  /**
   * For procedures that act on "my own" things or on public data, the scope does not change the
   * outcome; set to "ignore" to skip the inside/outside comparison.
   */
  scope?: "ignore";
}

export interface DomainCases {
  /** Create fixtures for one side (called once per side before any case runs). */
  setup?: (world: World, side: Side) => Promise<Record<string, unknown>>;
  cases: Record<string, ProcedureCase>;
}

export const domains: DomainCases[] = [
  coreCases,
  authCases,
  registryAdminCases,
  propertyServicesCases,
  committeesCases,
  householdsCases,
  usersCases,
  membershipCases,
  topicsCases,
  meetingsCases,
  notificationsCases,
  decisionsCases,
  ledgerCases,
  threeRatesCases,
  coordinatorsCases,
  auditCases,
  workOrdersCases,
  hotlineReportsCases,
  governancePlansCases,
  workingCalendarCases,
  whistlesCases,
];
