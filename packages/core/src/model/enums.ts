/**
 * Closed vocabularies of the domain (DOMAIN.md is the glossary).
 * Each is a readonly tuple so it can feed zod enums, drizzle pgEnums and UI selects alike.
 */

/** 街道 / 乡镇 */
export const subdistrictKinds = ["street", "town"] as const;
export type SubdistrictKind = (typeof subdistrictKinds)[number];

/** 社区 / 村 */
export const communityKinds = ["community", "village"] as const;
export type CommunityKind = (typeof communityKinds)[number];

/** 小区类型: 商品房, 老旧小区, 自管楼, 回迁房, 平房区 */
export const compoundTypes = [
  "commercial",
  "old",
  "self_managed_building",
  "resettlement",
  "bungalow",
] as const;
export type CompoundType = (typeof compoundTypes)[number];

/** 物业服务方式: 专业物业服务企业 / 物管会·社区代管 / 业主自管 / 无物业 */
export const propertyServiceModes = ["professional", "interim", "self", "none"] as const;
export type PropertyServiceMode = (typeof propertyServiceModes)[number];

/** 业主委员会 / 物业管理委员会 */
export const committeeKinds = ["owners_committee", "interim_committee"] as const;
export type CommitteeKind = (typeof committeeKinds)[number];

/** Committee lifecycle (DOMAIN.md §3): 筹备 → 选举产生 → 备案 (in office) → 换届临近 → 届满 | 解散 */
export const committeeStatuses = [
  "preparing",
  "elected",
  "filed",
  "term_ending",
  "expired",
  "dissolved",
] as const;
export type CommitteeStatus = (typeof committeeStatuses)[number];
/** Statuses in which a committee counts as "in office" (在任) for 三率 and for the one-per-compound rule. */
export const committeeInOfficeStatuses = [
  "filed",
  "term_ending",
] as const satisfies readonly CommitteeStatus[];

/** 党组织覆盖方式: 单独组建党支部 / 派驻帮建 / 挂靠组建 / 未覆盖 */
export const partyOrgModes = ["own_branch", "dispatched", "attached", "none"] as const;
export type PartyOrgMode = (typeof partyOrgModes)[number];

/** Committee member roles: 主任, 副主任, 委员, 候补委员 */
export const committeeMemberRoles = ["chair", "vice_chair", "member", "alternate"] as const;
export type CommitteeMemberRole = (typeof committeeMemberRoles)[number];

/** 协管员 status */
export const coordinatorStatuses = ["active", "on_leave", "left"] as const;
export type CoordinatorStatus = (typeof coordinatorStatuses)[number];

export const genders = ["male", "female"] as const;
export type Gender = (typeof genders)[number];

/** 议题 lifecycle (DOMAIN.md §5, 五民: 民提 → 民议 → 民决 → 民办 → 民评) */
export const topicStatuses = [
  "draft",
  "collecting",
  "awaiting_screening",
  "accepted",
  "merged",
  "declined",
  "scheduled",
  "deliberated",
  "decided",
  "in_progress",
  "done",
  "rated",
] as const;
export type TopicStatus = (typeof topicStatuses)[number];

export const topicCategories = [
  "environment",
  "property",
  "parking",
  "safety",
  "facilities",
  "elderly_care",
  "culture",
  "other",
] as const;
export type TopicCategory = (typeof topicCategories)[number];

/** 议事会 status */
export const meetingStatuses = ["planned", "held", "cancelled"] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];

/** 业主共同决定 matter: ordinary (过半数) or special (四分之三), 民法典 Art. 278 */
export const decisionMatters = ["ordinary", "special"] as const;
export type DecisionMatter = (typeof decisionMatters)[number];

/**
 * The items of 民法典 Art. 278 para. 1: (1) 制定和修改业主大会议事规则, (2) 制定和修改管理规约,
 * (3) 选举业主委员会或者更换业主委员会成员, (4) 选聘和解聘物业服务企业或者其他管理人,
 * (5) 使用建筑物及其附属设施的维修资金, (6) 筹集建筑物及其附属设施的维修资金,
 * (7) 改建、重建建筑物及其附属设施, (8) 改变共有部分的用途或者利用共有部分从事经营活动,
 * (9) 有关共有和共同管理权利的其他重大事项.
 * Items 6, 7 and 8 are special matters (≥ 3/4); the rest are ordinary (> 1/2).
 */
export const art278Items = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
export type Art278Item = (typeof art278Items)[number];
export const art278SpecialItems = [6, 7, 8] as const satisfies readonly Art278Item[];

/** Owners' decision lifecycle: draft → noticed (公告) → open → closed → tallied → published (公示) */
export const decisionStatuses = [
  "draft",
  "noticed",
  "open",
  "closed",
  "tallied",
  "published",
  "cancelled",
] as const;
export type DecisionStatus = (typeof decisionStatuses)[number];

export const ballotChoices = ["for", "against", "abstain"] as const;
export type BallotChoice = (typeof ballotChoices)[number];

/** 三级督办 supervision levels */
export const supervisionLevels = ["community", "subdistrict", "district"] as const;
export type SupervisionLevel = (typeof supervisionLevels)[number];

/** 台账 item lifecycle */
export const ledgerStatuses = ["open", "in_progress", "done", "overdue", "escalated"] as const;
export type LedgerStatus = (typeof ledgerStatuses)[number];

/** 网格人员: 网格长 (the grid's leader, one at a time) and 网格员 (its workers). */
export const gridMemberRoles = ["grid_leader", "grid_worker"] as const;
export type GridMemberRole = (typeof gridMemberRoles)[number];

/** Roles; each assignment carries a scope (see model/user.ts). */
export const roles = [
  "resident",
  "verified_owner",
  "committee_member",
  "community_staff",
  "subdistrict_staff",
  "district_staff",
  "system_admin",
  /** 承办人员 — staff of one 接诉即办 handling unit (scope kind `handling_unit`). */
  "unit_staff",
] as const;
export type Role = (typeof roles)[number];

/** The kind of thing a role's scope points at. */
export const scopeKinds = [
  "global",
  "district",
  "subdistrict",
  "community",
  "compound",
  "unit",
  /** A 接诉即办 承办单位 (handling unit), for `unit_staff`. */
  "handling_unit",
] as const;
export type ScopeKind = (typeof scopeKinds)[number];

/** How a person holds a unit (业主 / 建设单位 / 物业使用人). */
export const ownerKinds = ["person", "developer"] as const;
export type OwnerKind = (typeof ownerKinds)[number];

/** Which area of a unit counts: 不动产登记簿 > 测绘 > 合同 (法释〔2009〕7号 Art. 8). */
export const areaSources = ["registered", "surveyed", "contract"] as const;
export type AreaSource = (typeof areaSources)[number];

/**
 * Who may cast and change the ballot of an owner key held by several people (共有人), as the compound's
 * rules of procedure (议事规则, adopted by the 业主大会 — 北京市物业管理条例 Art. 20) set it:
 * - `caster_only`: any co-owner may cast; only the person who cast the ballot may change it (default);
 * - `representative`: only the co-owner designated as the key's representative (推选代表) casts and changes;
 * - `any_co_owner`: any co-owner may cast or change it (every owner is notified of each ballot).
 */
export const coOwnerBallotRules = ["caster_only", "representative", "any_co_owner"] as const;
export type CoOwnerBallotRule = (typeof coOwnerBallotRules)[number];

/** How someone became a verified owner (业主身份核验): by a one-time household code, or by staff on a document. */
export const ownershipVerificationMethods = ["household_code", "staff_document"] as const;
export type OwnershipVerificationMethod = (typeof ownershipVerificationMethods)[number];

/**
 * The document staff checked when verifying an owner: 不动产权证书 (property certificate), 购房合同
 * (purchase contract), 法律文书 (court ruling), 继承/赠与公证 (notarised inheritance or gift), other.
 */
export const ownershipDocumentKinds = [
  "property_certificate",
  "purchase_contract",
  "court_ruling",
  "notarised_transfer",
  "other",
] as const;
export type OwnershipDocumentKind = (typeof ownershipDocumentKinds)[number];

/** Why a vote closed: its announced period ended, or every owner on the roll had voted. */
export const decisionCloseReasons = ["period_ended", "all_owners_voted"] as const;

export const notificationKinds = [
  "topic_accepted",
  "topic_declined",
  "topic_merged",
  "topic_scheduled",
  "vote_opened",
  "result_published",
  "ballot_cast",
  "ownership_verified",
  "ledger_updated",
  "committee_alert",
  "system",
  /** 接诉即办: an order dispatched to your unit, your order answered, a callback due. */
  "work_order_update",
  /** 吹哨报到: your unit summoned, a unit reported or refused, a whistle escalated to the district. */
  "whistle_update",
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const locales = ["zh-CN", "en"] as const;
export type Locale = (typeof locales)[number];

// ——— 接诉即办 (12345), DOMAIN.md §9 ———

/**
 * 承办单位 kinds: 街道办事处 / 乡镇政府 / 区政府部门 / 派出所 / 供水 / 供电 / 供气 / 供热 / 物业服务企业 / 其他.
 * The four utilities (供水、供电、供气、供热) run around the clock (北京市接诉即办工作条例 Art. 19).
 */
export const handlingUnitKinds = [
  "street_office",
  "town_office",
  "district_department",
  "police_station",
  "utility_water",
  "utility_power",
  "utility_gas",
  "utility_heating",
  "property_company",
  "other",
] as const;
export type HandlingUnitKind = (typeof handlingUnitKinds)[number];

/**
 * The tier a unit is ranked in (考评分类, 条例 Art. 32 grades the assessment by kind of unit):
 * 街乡 (streets and towns), 区直部门 (departments), 公共服务企业 (utilities), 物业 (property companies).
 */
export const handlingUnitTiers = ["streets_towns", "departments", "utilities", "property"] as const;
export type HandlingUnitTier = (typeof handlingUnitTiers)[number];

/** What a unit's (or a dispatch rule's) area scope is: a whole 区 or one 街道/乡镇. */
export const hotlineAreaKinds = ["district", "subdistrict"] as const;
export type HotlineAreaKind = (typeof hotlineAreaKinds)[number];

/** 诉求类型: 咨询 / 求助 / 投诉 / 举报 / 建议. */
export const workOrderTypes = ["consultation", "help", "complaint", "report", "suggestion"] as const;
export type WorkOrderType = (typeof workOrderTypes)[number];

/** How a time limit is counted: 工作日 (the official calendar with 调休) or 自然小时 (24/7, 条例 Art. 19). */
export const timeLimitKinds = ["working_days", "natural_hours"] as const;
export type TimeLimitKind = (typeof timeLimitKinds)[number];

/**
 * 工单 lifecycle (DOMAIN.md §9): 受理 received → 派单 dispatched → 签收 accepted | 退单 returned →
 * 办理 in_progress → 办结 answered → 回访 called_back → 归档 closed, or 重办 reopened → in_progress;
 * 合并 merged (a duplicate, into its original). Transitions in `rules/work-order-lifecycle.ts`.
 */
export const workOrderStatuses = [
  "received",
  "dispatched",
  "returned",
  "accepted",
  "in_progress",
  "answered",
  "called_back",
  "closed",
  "reopened",
  "merged",
] as const;
export type WorkOrderStatus = (typeof workOrderStatuses)[number];

/** Who acts on a work order: 受理员 intake, 派单员 dispatcher (street/district), 承办人员 unit staff, 诉求人 requester, system. */
export const workOrderActors = ["intake_staff", "dispatcher", "unit_staff", "requester", "system"] as const;
export type WorkOrderActor = (typeof workOrderActors)[number];

/**
 * What a work-order event records: a status change, or one of the things that happen without one —
 * 办理记录 note, 协办 co-handler added, 联系诉求人 contact logged, 延期 extension requested / decided,
 * 催办 reminder.
 */
export const workOrderEventKinds = [
  "transition",
  "note",
  "co_handler_added",
  "contact_logged",
  "extension_requested",
  "extension_decided",
  "reminder",
] as const;
export type WorkOrderEventKind = (typeof workOrderEventKinds)[number];

/** 回访 satisfaction: 满意 / 基本满意 / 不满意. */
export const callbackSatisfactions = ["satisfied", "basically_satisfied", "dissatisfied"] as const;
export type CallbackSatisfaction = (typeof callbackSatisfactions)[number];

/** 延期申请 status: pending, approved, rejected. */
export const extensionStatuses = ["pending", "approved", "rejected"] as const;
export type ExtensionStatus = (typeof extensionStatuses)[number];

/**
 * What a rate formula may leave out of the hotline rates: 咨询类 consultations, 重复件 duplicates
 * merged into their original, 无效回访 invalid callbacks (unreachable requester, malicious or
 * unreasonable requests as judged on review).
 */
export const hotlineRateExclusions = ["consultation", "duplicate_merged", "invalid_callback"] as const;
export type HotlineRateExclusion = (typeof hotlineRateExclusions)[number];

/** 专项治理方案 / 主动治理任务 status. */
export const governancePlanStatuses = ["draft", "active", "completed", "cancelled"] as const;
export type GovernancePlanStatus = (typeof governancePlanStatuses)[number];
export const planTaskStatuses = ["open", "in_progress", "done", "overdue", "cancelled"] as const;
export type PlanTaskStatus = (typeof planTaskStatuses)[number];

/**
 * A row of the working calendar: 法定节假日 holiday, 调休上班 make-up working day, or `regular` — an
 * ordinary day that follows the Mon–Fri rule. `regular` exists for staff corrections (ADR 0020): it
 * overrides a package row that is wrong or withdrawn, so a reload cannot put that row back.
 */
export const calendarDayKinds = ["holiday", "make_up_workday", "regular"] as const;
export type CalendarDayKind = (typeof calendarDayKinds)[number];

// ——— 街乡吹哨、部门报到 (DOMAIN.md §10) ———

/** 吹哨 situations: 群众诉求 residents' requests, 重点工作 key tasks, 综合执法 joint enforcement, 应急处置 emergencies. */
export const whistleSituations = ["public_request", "key_task", "joint_enforcement", "emergency"] as const;
export type WhistleSituation = (typeof whistleSituations)[number];

/**
 * 分级哨源 — the level a whistle is blown at, and the level that commands it now: 社区 community (through
 * its street), 街乡 subdistrict (street/town), 区指挥中心 district command. Ordered low → high.
 */
export const whistleLevels = ["community", "subdistrict", "district"] as const;
export type WhistleLevel = (typeof whistleLevels)[number];

/** How serious the problem is (the grading input, `gradeWhistleSource`): 一般 / 较大 / 重大. */
export const whistleSeverities = ["ordinary", "major", "severe"] as const;
export type WhistleSeverity = (typeof whistleSeverities)[number];

/** How far it reaches: one community, several communities of one street, several streets/towns. */
export const whistleScopes = ["single_community", "multiple_communities", "multiple_subdistricts"] as const;
export type WhistleScope = (typeof whistleScopes)[number];

/**
 * 吹哨 lifecycle: raised 吹哨 → responding 报到中 → resolved 办结 → closed 考核归档; escalated 升级 (the
 * district command takes it over); withdrawn 撤哨. Transitions in `rules/whistle-lifecycle.ts`.
 */
export const whistleStatuses = [
  "raised",
  "responding",
  "escalated",
  "resolved",
  "closed",
  "withdrawn",
] as const;
export type WhistleStatus = (typeof whistleStatuses)[number];

/**
 * One summoned unit's participation (报到): summoned 被召集 → acknowledged 响应 → on_site 到场报到 →
 * finished 完成; refused 拒绝 (with a reason); cancelled (the whistle was withdrawn). Lateness is not a
 * status: it is computed from the deadlines (`summonsLateness`).
 */
export const summonsStatuses = [
  "summoned",
  "acknowledged",
  "on_site",
  "finished",
  "refused",
  "cancelled",
] as const;
export type SummonsStatus = (typeof summonsStatuses)[number];

/** What a whistle came from and links back to: a 工单, a 台账 item, a 网格 event, or nothing. */
export const whistleSourceKinds = ["work_order", "ledger_item", "grid_event", "none"] as const;
export type WhistleSourceKind = (typeof whistleSourceKinds)[number];

/** Who acts on a whistle and its summonses. */
export const whistleActors = [
  "community_staff",
  "subdistrict_staff",
  "district_staff",
  "unit_staff",
  "system",
] as const;
export type WhistleActor = (typeof whistleActors)[number];

/**
 * 双考核 rating dimensions: the street rates each unit that reported on 及时性 timeliness and 实效 effect
 * (1–5); the residents concerned rate the result (群众评价, 1–5).
 */
export const whistleRatingDimensions = ["timeliness", "effect", "resident"] as const;
export type WhistleRatingDimension = (typeof whistleRatingDimensions)[number];

/** What a whistle's trace (信息留痕) records besides its transitions. */
export const whistleEventKinds = [
  "transition",
  "summons_added",
  "summons_transition",
  "summons_escalated",
  "street_rating",
  "resident_rating",
  "note",
] as const;
export type WhistleEventKind = (typeof whistleEventKinds)[number];

// ——— 社区工作准入 (DOMAIN.md §12) ———

/** What is being sent down to a community: a 台账 item, a dispatched 工单, a task of a plan. */
export const communityTaskKinds = ["ledger_item", "work_order", "plan_task"] as const;
export type CommunityTaskKind = (typeof communityTaskKinds)[number];

/** Out-of-list work (清单外事项): pending_approval → approved | refused (with a reason) | withdrawn. */
export const admissionDecisionStatuses = ["pending_approval", "approved", "refused", "withdrawn"] as const;
export type AdmissionDecisionStatus = (typeof admissionDecisionStatuses)[number];
