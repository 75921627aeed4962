import {
  areaSources,
  ballotChoices,
  calendarDayKinds,
  callbackSatisfactions,
  committeeKinds,
  committeeMemberRoles,
  committeeStatuses,
  communityKinds,
  compoundTypes,
  coOwnerBallotRules,
  coordinatorStatuses,
  decisionCloseReasons,
  decisionMatters,
  decisionStatuses,
  extensionStatuses,
  genders,
  governancePlanStatuses,
  handlingUnitKinds,
  handlingUnitTiers,
  hotlineAreaKinds,
  ledgerStatuses,
  locales,
  meetingStatuses,
  notificationKinds,
  ownerKinds,
  ownershipDocumentKinds,
  ownershipVerificationMethods,
  partyOrgModes,
  planTaskStatuses,
  propertyServiceModes,
  roles,
  scopeKinds,
  subdistrictKinds,
  summonsStatuses,
  supervisionLevels,
  timeLimitKinds,
  topicCategories,
  topicStatuses,
  whistleActors,
  whistleEventKinds,
  whistleLevels,
  whistleScopes,
  whistleSeverities,
  whistleSituations,
  whistleSourceKinds,
  whistleStatuses,
  workOrder,
  workOrderActors,
  workOrderEventKinds,
  workOrderStatuses,
  workOrderTypes,
} from "@gongzhi/core";
import { pgEnum } from "drizzle-orm/pg-core";

type WorkOrderChannel = (typeof workOrder.shape.channel.options)[number];

// PostgreSQL enums built from core's vocabularies, so the database and the domain cannot disagree.
export const subdistrictKind = pgEnum("subdistrict_kind", subdistrictKinds);
export const communityKind = pgEnum("community_kind", communityKinds);
export const compoundType = pgEnum("compound_type", compoundTypes);
export const ownerKind = pgEnum("owner_kind", ownerKinds);
export const areaSource = pgEnum("area_source", areaSources);
export const propertyServiceMode = pgEnum("property_service_mode", propertyServiceModes);
export const committeeKind = pgEnum("committee_kind", committeeKinds);
export const committeeStatus = pgEnum("committee_status", committeeStatuses);
export const partyOrgMode = pgEnum("party_org_mode", partyOrgModes);
export const committeeMemberRole = pgEnum("committee_member_role", committeeMemberRoles);
export const coordinatorStatus = pgEnum("coordinator_status", coordinatorStatuses);
export const gender = pgEnum("gender", genders);
export const topicStatus = pgEnum("topic_status", topicStatuses);
export const topicCategory = pgEnum("topic_category", topicCategories);
export const meetingStatus = pgEnum("meeting_status", meetingStatuses);
export const decisionMatter = pgEnum("decision_matter", decisionMatters);
export const decisionStatus = pgEnum("decision_status", decisionStatuses);
export const ballotChoice = pgEnum("ballot_choice", ballotChoices);
export const supervisionLevel = pgEnum("supervision_level", supervisionLevels);
export const ledgerStatus = pgEnum("ledger_status", ledgerStatuses);
export const role = pgEnum("role", roles);
export const scopeKind = pgEnum("scope_kind", scopeKinds);
export const locale = pgEnum("locale", locales);
export const notificationKind = pgEnum("notification_kind", notificationKinds);
export const coOwnerBallotRule = pgEnum("co_owner_ballot_rule", coOwnerBallotRules);
export const decisionCloseReason = pgEnum("decision_close_reason", decisionCloseReasons);
export const ownershipVerificationMethod = pgEnum(
  "ownership_verification_method",
  ownershipVerificationMethods,
);
export const ownershipDocumentKind = pgEnum("ownership_document_kind", ownershipDocumentKinds);

// ——— 接诉即办 (12345), DOMAIN.md §9 ———
export const handlingUnitKind = pgEnum("handling_unit_kind", handlingUnitKinds);
export const handlingUnitTier = pgEnum("handling_unit_tier", handlingUnitTiers);
export const hotlineAreaKind = pgEnum("hotline_area_kind", hotlineAreaKinds);
export const timeLimitKind = pgEnum("time_limit_kind", timeLimitKinds);
export const workOrderType = pgEnum("work_order_type", workOrderTypes);
/** core's `workOrder.channel` vocabulary (12345, web portal, the district's app, Open311, other/import). */
export const workOrderChannels = workOrder.shape.channel.options as unknown as readonly [
  WorkOrderChannel,
  ...WorkOrderChannel[],
];
export const workOrderChannel = pgEnum("work_order_channel", workOrderChannels);
export const workOrderStatus = pgEnum("work_order_status", workOrderStatuses);
export const workOrderActor = pgEnum("work_order_actor", workOrderActors);
export const workOrderEventKind = pgEnum("work_order_event_kind", workOrderEventKinds);
export const callbackSatisfaction = pgEnum("callback_satisfaction", callbackSatisfactions);
export const extensionStatus = pgEnum("extension_status", extensionStatuses);
export const governancePlanStatus = pgEnum("governance_plan_status", governancePlanStatuses);
export const planTaskStatus = pgEnum("plan_task_status", planTaskStatuses);
export const calendarDayKind = pgEnum("calendar_day_kind", calendarDayKinds);
/** Where a calendar row came from: the `chinese-days` package, or a staff member's correction (ADR 0014). */
export const calendarDaySources = ["chinese-days", "staff"] as const;
export const calendarDaySource = pgEnum("calendar_day_source", calendarDaySources);
/**
 * Whether a calendar year is the official one (its holidays and 调休 loaded) or provisional: not yet
 * published where we read it, timed as Mon–Fri working days until it is (ADR 0016).
 */
export const calendarYearStatuses = ["official", "provisional"] as const;
export const calendarYearStatus = pgEnum("calendar_year_status", calendarYearStatuses);

// ——— 街乡吹哨、部门报到, DOMAIN.md §10 ———
export const whistleSituation = pgEnum("whistle_situation", whistleSituations);
export const whistleLevel = pgEnum("whistle_level", whistleLevels);
export const whistleSeverity = pgEnum("whistle_severity", whistleSeverities);
export const whistleScope = pgEnum("whistle_scope", whistleScopes);
export const whistleStatus = pgEnum("whistle_status", whistleStatuses);
export const summonsStatus = pgEnum("summons_status", summonsStatuses);
export const whistleSourceKind = pgEnum("whistle_source_kind", whistleSourceKinds);
export const whistleActor = pgEnum("whistle_actor", whistleActors);
export const whistleEventKind = pgEnum("whistle_event_kind", whistleEventKinds);
/** Why a summons went to the district (core's `SummonsEscalationReason`). */
export const summonsEscalationReasons = ["late_acknowledge", "late_report", "refused"] as const;
export const summonsEscalationReason = pgEnum("summons_escalation_reason", summonsEscalationReasons);
/** 双考核: the street's rating of one summoned unit, or one resident's rating of the result. */
export const whistleRatingKinds = ["street", "resident"] as const;
export const whistleRatingKind = pgEnum("whistle_rating_kind", whistleRatingKinds);
