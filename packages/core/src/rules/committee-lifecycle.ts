/**
 * Committee lifecycle (DOMAIN.md §3; 北京市物业管理条例 Art. 39–59): preparing (筹备) → elected →
 * filed (备案 by the subdistrict, in office) → term_ending (within 6 months of term end) → expired,
 * or dissolved (e.g. a 物管会 after a 业委会 is filed, Art. 52–59).
 */
import type { CommitteeStatus, Role } from "../model/enums.ts";
import { defineLifecycle, type TransitionRule } from "./transitions.ts";

export type CommitteeActor = Role | "system";

const community = ["community_staff", "subdistrict_staff"] as const satisfies readonly Role[];
const subdistrict = ["subdistrict_staff"] as const satisfies readonly Role[];

const table: readonly TransitionRule<CommitteeStatus, CommitteeActor, Record<string, never>>[] = [
  {
    from: "preparing",
    to: "elected",
    actors: community,
    label: "Elected by the 业主大会 (or appointed 物管会)",
  },
  { from: "elected", to: "filed", actors: subdistrict, label: "备案 with the subdistrict (in office)" },
  {
    from: "filed",
    to: "term_ending",
    actors: [...community, "system"],
    label: "Within 6 months of term end",
  },
  { from: "term_ending", to: "expired", actors: [...community, "system"], label: "Term ended" },
  { from: "filed", to: "expired", actors: [...community, "system"], label: "Term ended" },
  { from: "preparing", to: "dissolved", actors: subdistrict, label: "Preparation abandoned" },
  { from: "elected", to: "dissolved", actors: subdistrict, label: "Dissolved" },
  { from: "filed", to: "dissolved", actors: subdistrict, label: "Dissolved" },
  { from: "term_ending", to: "dissolved", actors: subdistrict, label: "Dissolved" },
];

export const committeeLifecycle = defineLifecycle("committee", table);
export const committeeTransitions = table;

export function assertCommitteeTransition(
  from: CommitteeStatus,
  to: CommitteeStatus,
  actor: CommitteeActor,
): void {
  committeeLifecycle.assert(from, to, actor);
}

export function canTransitionCommittee(
  from: CommitteeStatus,
  to: CommitteeStatus,
  actor: CommitteeActor,
): boolean {
  return committeeLifecycle.can(from, to, actor);
}

export function nextCommitteeStatuses(from: CommitteeStatus, actor?: CommitteeActor): CommitteeStatus[] {
  return committeeLifecycle.next(from, actor);
}
