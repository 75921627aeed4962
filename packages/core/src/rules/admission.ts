/**
 * 社区工作准入 (DOMAIN.md §12): work sent down to a community (a 台账 item, a dispatched 工单, a task of a
 * plan) must match an item of the admission list (准入清单); anything else needs the district's approval
 * or is refused with its reason shown.
 *
 * Matching rule (`checkAdmission`), over the items in force on the day the task is assigned
 * (validFrom ≤ day ≤ validTo):
 *
 * 1. **Category**: the task's category code is one of an item's codes, or below one in the dotted
 *    tree (an item covering `01.02` covers `01.02.03`, not `01.020`). The most specific code wins.
 * 2. **Issuing unit + keyword**: otherwise, an item of the same issuing unit one of whose keywords
 *    appears in the task's title (case and spaces ignored). The longest keyword wins.
 * 3. Otherwise not admitted, with a reason code: `item_not_in_force` (it would match an item that is
 *    not in force that day), `other_issuing_unit` (a keyword matches, but the item belongs to another
 *    unit), `no_items_in_force` (the list is empty that day), `not_listed`.
 *
 * Ties are broken by the item's code, so the answer does not depend on the list's order.
 *
 * Out-of-list work (清单外事项) is a decision: pending_approval → approved | refused (reason required)
 * by district staff; the sender may withdraw it while pending.
 */

import type { AdmissionItem, CommunityTask } from "../model/admission.ts";
import type { AdmissionDecisionStatus, Role } from "../model/enums.ts";
import { defineLifecycle, type TransitionRule } from "./transitions.ts";

export type AdmissionListItem = Pick<
  AdmissionItem,
  "id" | "code" | "title" | "issuingUnitId" | "categoryCodes" | "keywords" | "validFrom" | "validTo"
>;
export type AdmissionTask = Pick<
  CommunityTask,
  "kind" | "title" | "categoryCode" | "issuingUnitId" | "assignedOn"
>;

export type AdmissionRefusalReason =
  | "no_items_in_force"
  | "item_not_in_force"
  | "other_issuing_unit"
  | "not_listed";

export type AdmissionCheck<I extends AdmissionListItem = AdmissionListItem> =
  | { admitted: true; item: I; match: "category" | "keyword"; matchedOn: string }
  | { admitted: false; reason: AdmissionRefusalReason; needsApproval: true; nearItemIds: string[] };

const norm = (s: string) => s.normalize("NFKC").toLowerCase().replace(/\s+/g, "");

/** Is the item in force on `day` (inclusive at both ends)? */
export function isAdmissionItemInForce(
  item: Pick<AdmissionItem, "validFrom" | "validTo">,
  day: string,
): boolean {
  return item.validFrom <= day && (item.validTo === null || day <= item.validTo);
}

/** Does the item's category `code` cover the task's `taskCode` (equal, or below it in the dotted tree)? */
export function categoryCovers(code: string, taskCode: string): boolean {
  return taskCode === code || taskCode.startsWith(`${code}.`);
}

type Hit<I> = { item: I; on: string };

function best<I extends AdmissionListItem>(hits: Hit<I>[]): Hit<I> | null {
  let top: Hit<I> | null = null;
  for (const h of hits)
    if (!top || h.on.length > top.on.length || (h.on.length === top.on.length && h.item.code < top.item.code))
      top = h;
  return top;
}

function categoryHits<I extends AdmissionListItem>(task: AdmissionTask, items: readonly I[]): Hit<I>[] {
  const code = task.categoryCode;
  if (!code) return [];
  return items.flatMap((item) =>
    item.categoryCodes.filter((c) => categoryCovers(c, code)).map((on) => ({ item, on })),
  );
}

function keywordHits<I extends AdmissionListItem>(task: AdmissionTask, items: readonly I[]): Hit<I>[] {
  const title = norm(task.title);
  return items.flatMap((item) =>
    item.keywords.filter((k) => norm(k) !== "" && title.includes(norm(k))).map((on) => ({ item, on })),
  );
}

/** The admission check of a task sent to a community (see the module comment for the rule). */
export function checkAdmission<I extends AdmissionListItem>(
  task: AdmissionTask,
  list: readonly I[],
): AdmissionCheck<I> {
  const inForce = list.filter((i) => isAdmissionItemInForce(i, task.assignedOn));
  const byCategory = best(categoryHits(task, inForce));
  if (byCategory)
    return { admitted: true, item: byCategory.item, match: "category", matchedOn: byCategory.on };
  const sameUnit = inForce.filter((i) => i.issuingUnitId === task.issuingUnitId);
  const byKeyword = best(keywordHits(task, sameUnit));
  if (byKeyword) return { admitted: true, item: byKeyword.item, match: "keyword", matchedOn: byKeyword.on };
  const refuse = (reason: AdmissionRefusalReason, near: I[]): AdmissionCheck<I> => ({
    admitted: false,
    reason,
    needsApproval: true,
    nearItemIds: [...new Set(near.map((i) => i.id))],
  });
  const outOfForce = list.filter((i) => !isAdmissionItemInForce(i, task.assignedOn));
  const stale = [
    ...categoryHits(task, outOfForce),
    ...keywordHits(
      task,
      outOfForce.filter((i) => i.issuingUnitId === task.issuingUnitId),
    ),
  ];
  if (stale.length)
    return refuse(
      "item_not_in_force",
      stale.map((h) => h.item),
    );
  const otherUnit = keywordHits(
    task,
    inForce.filter((i) => i.issuingUnitId !== task.issuingUnitId),
  );
  if (otherUnit.length)
    return refuse(
      "other_issuing_unit",
      otherUnit.map((h) => h.item),
    );
  return refuse(inForce.length === 0 ? "no_items_in_force" : "not_listed", []);
}

// ——— out-of-list approval ———

/** District staff decide; the sender (street, department, district) may withdraw while pending. */
export type AdmissionActor = Extract<Role, "district_staff" | "subdistrict_staff" | "unit_staff"> | "system";

export interface AdmissionDecisionContext {
  reason?: string | null;
}

const needsReason = (c: AdmissionDecisionContext) =>
  c.reason && c.reason.trim() !== "" ? null : "a refusal shows its reason to the sender";

const admissionTable: readonly TransitionRule<
  AdmissionDecisionStatus,
  AdmissionActor,
  AdmissionDecisionContext
>[] = [
  {
    from: "pending_approval",
    to: "approved",
    actors: ["district_staff"],
    label: "批准: the district approves",
  },
  {
    from: "pending_approval",
    to: "refused",
    actors: ["district_staff"],
    label: "不予准入: refused with the reason shown",
    guard: needsReason,
  },
  {
    from: "pending_approval",
    to: "withdrawn",
    actors: ["district_staff", "subdistrict_staff", "unit_staff"],
    label: "撤回: withdrawn by the sender",
  },
];

export const admissionDecisionLifecycle = defineLifecycle("admission_decision", admissionTable);
export const admissionDecisionTransitions = admissionTable;

/** May the task go to the community: admitted by the list, or approved by the district? */
export function mayAssignToCommunity(
  check: AdmissionCheck,
  decision?: { status: AdmissionDecisionStatus } | null,
): boolean {
  return check.admitted || decision?.status === "approved";
}
