/**
 * Where a notification takes its reader: paths on the one server (ADR 0004) — the portal at `/`, the
 * staff console under `/admin`. Every link the API stores is built here, so a page that moves is
 * changed in one place; the browser tests follow these links to the page they name.
 */
export const links = {
  /** The resident's own request (我要反映) in the portal. */
  myRequest: (id: string) => `/requests/${id}`,
  /** A work order's page in the staff console. */
  consoleWorkOrder: (id: string) => `/admin/work-orders/${id}`,
  /** A whistle's page (吹哨报到) in the staff console. */
  consoleWhistle: (id: string) => `/admin/whistles/${id}`,
} as const;
