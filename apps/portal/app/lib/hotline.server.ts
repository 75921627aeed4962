/**
 * 我要反映 (接诉即办) pages: where a resident may file (their communities and compounds), the category
 * tree for the picker, the filing form's fields and the photos of its multipart body.
 */
import { workOrderTypes } from "@gongzhi/core";
import type { Caller } from "./context.server.ts";
import { defineFields, type SignedInUser, type StandardSchema, textRule } from "./forms.server.ts";

export { uuidPattern } from "./ledger.server.ts";

/** The communities the user is a resident of (the `file` procedure's scope). */
export function residentCommunities(user: SignedInUser): string[] {
  return [
    ...new Set(
      user.roles
        .filter((r) => r.role === "resident" && r.scopeKind === "community" && r.scopeId)
        .map((r) => r.scopeId!),
    ),
  ];
}

export interface PlaceChoice {
  compounds: Array<{
    id: string;
    name: string;
    communityId: string;
    buildings: Array<{ id: string; name: string }>;
  }>;
  /** The community a free address is filed in: the first one the user is a resident of. */
  communityId: string | null;
}

/** My compounds (from my verified units, only those of a community I am a resident of) and buildings. */
export async function placeChoices(user: SignedInUser, caller: Caller): Promise<PlaceChoice> {
  const communities = residentCommunities(user);
  const page = await caller.households.myUnits({ limit: 50 }).catch(() => null);
  const compounds = new Map<string, PlaceChoice["compounds"][number]>();
  for (const u of page?.items ?? []) {
    if (!communities.includes(u.communityId)) continue;
    const c = compounds.get(u.compoundId) ?? {
      id: u.compoundId,
      name: u.compoundName,
      communityId: u.communityId,
      buildings: [],
    };
    if (!c.buildings.some((b) => b.id === u.buildingId))
      c.buildings.push({ id: u.buildingId, name: u.buildingName });
    compounds.set(u.compoundId, c);
  }
  return { compounds: [...compounds.values()], communityId: communities[0] ?? null };
}

export interface CategoryOption {
  id: string;
  nameZh: string;
  nameEn: string;
  /** Leaves under a root (optgroups); a root without children is itself an option. */
  children: Array<{ id: string; nameZh: string; nameEn: string }>;
}

/** The active category tree as two levels for a native <select> with optgroups. */
export async function categoryOptions(caller: Caller): Promise<CategoryOption[] | null> {
  const flat = await caller.handlingUnits.categories({ activeOnly: true }).catch(() => null);
  if (!flat) return null;
  const roots = new Map<string, CategoryOption>();
  const byId = new Map(flat.map((c) => [c.id, c]));
  const rootOf = (id: string): string => {
    let c = byId.get(id);
    while (c?.parentId && byId.has(c.parentId)) c = byId.get(c.parentId);
    return c?.id ?? id;
  };
  for (const c of flat)
    if (!c.parentId || !byId.has(c.parentId))
      roots.set(c.id, { id: c.id, nameZh: c.nameZh, nameEn: c.nameEn, children: [] });
  for (const c of flat) {
    if (roots.has(c.id)) continue;
    roots.get(rootOf(c.id))?.children.push({ id: c.id, nameZh: c.nameZh, nameEn: c.nameEn });
  }
  return [...roots.values()];
}

/** Category names by id (for the list and the detail page). */
export async function categoryNames(caller: Caller): Promise<Record<string, { zh: string; en: string }>> {
  const flat = await caller.handlingUnits.categories({ activeOnly: false }).catch(() => []);
  return Object.fromEntries(flat.map((c) => [c.id, { zh: c.nameZh, en: c.nameEn }]));
}

const oneOf = <T extends string>(values: readonly T[]): StandardSchema<T> => ({
  "~standard": {
    version: 1,
    vendor: "gongzhi-portal",
    validate: (value) =>
      typeof value === "string" && (values as readonly string[]).includes(value)
        ? { value: value as T }
        : { issues: [{ message: "not one of the choices" }] },
  },
});

const uuid = textRule({
  max: 36,
  pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
});

const coordinate = (limit: number): StandardSchema<number> => ({
  "~standard": {
    version: 1,
    vendor: "gongzhi-portal",
    validate: (value) => {
      const n =
        typeof value === "string" && /^-?\d{1,3}(\.\d{1,8})?$/.test(value.trim()) ? Number(value) : NaN;
      return Number.isFinite(n) && Math.abs(n) <= limit
        ? { value: n }
        : { issues: [{ message: `a number from -${limit} to ${limit}` }] };
    },
  },
});

export const fileFields = defineFields({
  type: { schema: oneOf(workOrderTypes), message: "request.invalid.type" },
  categoryId: { schema: uuid, message: "request.invalid.category" },
  placeKind: { schema: oneOf(["compound", "address"] as const), message: "request.invalid.place" },
  compoundId: { schema: uuid, message: "request.invalid.compound", optional: true },
  buildingId: { schema: uuid, message: "request.invalid.building", optional: true },
  address: { schema: textRule({ max: 300 }), message: "request.invalid.address", optional: true },
  lat: { schema: coordinate(90), message: "request.invalid.lat", optional: true },
  lng: { schema: coordinate(180), message: "request.invalid.lng", optional: true },
  text: { schema: textRule({ max: 5000 }), message: "request.invalid.text" },
});
export type FileField = keyof typeof fileFields | "photos";

/** The photos of the multipart body: files with content (an empty file input sends one empty part). */
export async function photosOf(
  form: FormData,
): Promise<Array<{ name: string; bytes: Uint8Array<ArrayBuffer> }>> {
  const out: Array<{ name: string; bytes: Uint8Array<ArrayBuffer> }> = [];
  for (const entry of form.getAll("photos")) {
    if (typeof entry === "string") continue;
    if (entry.size === 0 && entry.name === "") continue;
    out.push({ name: entry.name, bytes: new Uint8Array(await entry.arrayBuffer()) });
  }
  return out;
}

export const callbackFields = defineFields({
  contacted: {
    schema: oneOf(["yes", "no"] as const),
    message: "request.callback.required",
    required: "request.callback.required",
  },
  solved: {
    schema: oneOf(["yes", "no"] as const),
    message: "request.callback.required",
    required: "request.callback.required",
  },
  satisfaction: {
    schema: oneOf(["satisfied", "basically_satisfied", "dissatisfied"] as const),
    message: "request.callback.required",
    required: "request.callback.required",
  },
});

export const reopenFields = defineFields({
  reason: { schema: textRule({ max: 1000 }), message: "request.reopen.invalid", optional: true },
});
