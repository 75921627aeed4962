import type { Role } from "@gongzhi/core";
import type { MessageKey } from "@gongzhi/ui";
import { type ComponentType, type LazyExoticComponent, lazy } from "react";

/**
 * The console's sections, in nav order. A new view: add its route in App.tsx (lazy) and set
 * `built: true` here; unbuilt sections render the friendly placeholder.
 */
export interface Section {
  /** First path segment under /admin. */
  path: string;
  label: Extract<MessageKey, `admin.nav.${string}`>;
  built: boolean;
  /** The section's page (lazy: its own chunk), routed at `/<path>/*` when `built`. */
  component?: LazyExoticComponent<ComponentType>;
  /** Who sees it; default: the registry staff (every staff role but a handling unit's unit_staff). */
  roles?: readonly Role[];
}

export const sections: readonly Section[] = [
  { path: "rates", label: "admin.nav.rates", built: true },
  {
    path: "hotline-reports",
    label: "admin.nav.hotlineReports",
    built: true,
    component: lazy(() => import("../features/hotline-reports/HotlineReportsSection.tsx")),
  },
  {
    path: "registry",
    label: "admin.nav.registry",
    built: true,
    component: lazy(() => import("../features/registry/RegistryPage.tsx")),
  },
  {
    path: "property",
    label: "admin.nav.property",
    built: true,
    component: lazy(() => import("../features/property/PropertySection.tsx")),
  },
  {
    path: "committees",
    label: "admin.nav.committees",
    built: true,
    component: lazy(() => import("../features/committees/CommitteesSection.tsx")),
  },
  {
    path: "coordinators",
    label: "admin.nav.coordinators",
    built: true,
    component: lazy(() => import("../features/coordinators/CoordinatorsSection.tsx")),
  },
  {
    path: "deliberation",
    label: "admin.nav.deliberation",
    built: true,
    component: lazy(() => import("../features/deliberation/DeliberationPage.tsx")),
  },
  {
    path: "ledgers",
    label: "admin.nav.ledgers",
    built: true,
    component: lazy(() => import("../features/ledger/LedgerPage.tsx")),
  },
  {
    path: "governance-plans",
    label: "admin.nav.governancePlans",
    built: true,
    component: lazy(() => import("../features/governance-plans/GovernancePlansSection.tsx")),
  },
  {
    path: "hotline-import",
    label: "admin.nav.hotlineImport",
    built: true,
    component: lazy(() => import("../features/hotline-import/HotlineImportPage.tsx")),
  },
  {
    path: "household-codes",
    label: "admin.nav.householdCodes",
    built: true,
    component: lazy(() => import("../features/households/HouseholdCodesPage.tsx")),
  },
  {
    path: "residency",
    label: "admin.nav.residency",
    built: true,
    component: lazy(() => import("../features/residency/ResidencyPage.tsx")),
  },
  {
    path: "work-orders",
    label: "admin.nav.workOrders",
    built: true,
    component: lazy(() => import("../features/work-orders/WorkOrdersSection.tsx")),
    roles: ["unit_staff", "subdistrict_staff", "district_staff", "system_admin"],
  },
  {
    path: "working-calendar",
    label: "admin.nav.workingCalendar",
    built: true,
    component: lazy(() => import("../features/working-calendar/WorkingCalendarPage.tsx")),
    // the staff who time work orders (the API's workingCalendar.year); only system_admin changes it
    roles: ["subdistrict_staff", "district_staff", "system_admin"],
  },
  {
    path: "users",
    label: "admin.nav.users",
    built: true,
    component: lazy(() => import("../features/users/UsersPage.tsx")),
  },
  {
    path: "audit",
    label: "admin.nav.audit",
    built: true,
    component: lazy(() => import("../features/audit/AuditPage.tsx")),
  },
];

/** The sections a staff member with this (broadest) role sees. */
export function sectionsFor(role: Role): Section[] {
  return sections.filter((s) => (s.roles ? s.roles.includes(role) : role !== "unit_staff"));
}

/** Where the console opens: the 三率 dashboard, or for a handling unit's staff their orders. */
export function homePathFor(role: Role): string {
  return role === "unit_staff" ? "/work-orders" : "/rates";
}

/** Links to the records that fix what a compound lacks (placeholders until those views exist). */
export const recordPaths = {
  propertyOfCompound: (compoundId: string) => `/property/compounds/${compoundId}`,
  committeeOfCompound: (compoundId: string) => `/committees/compounds/${compoundId}`,
  ratesOf: (level: string, id: string) => `/rates/${level}/${id}`,
};
