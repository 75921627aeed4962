import {
  areaSources,
  ballotChoices,
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
  genders,
  ledgerStatuses,
  locales,
  meetingStatuses,
  notificationKinds,
  ownerKinds,
  ownershipDocumentKinds,
  ownershipVerificationMethods,
  partyOrgModes,
  propertyServiceModes,
  roles,
  scopeKinds,
  subdistrictKinds,
  supervisionLevels,
  topicCategories,
  topicStatuses,
} from "@gongzhi/core";
import { pgEnum } from "drizzle-orm/pg-core";

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
