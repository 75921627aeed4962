CREATE TYPE "public"."area_source" AS ENUM('registered', 'surveyed', 'contract');--> statement-breakpoint
CREATE TYPE "public"."ballot_choice" AS ENUM('for', 'against', 'abstain');--> statement-breakpoint
CREATE TYPE "public"."committee_kind" AS ENUM('owners_committee', 'interim_committee');--> statement-breakpoint
CREATE TYPE "public"."committee_member_role" AS ENUM('chair', 'vice_chair', 'member', 'alternate');--> statement-breakpoint
CREATE TYPE "public"."committee_status" AS ENUM('preparing', 'elected', 'filed', 'term_ending', 'expired', 'dissolved');--> statement-breakpoint
CREATE TYPE "public"."community_kind" AS ENUM('community', 'village');--> statement-breakpoint
CREATE TYPE "public"."compound_type" AS ENUM('commercial', 'old', 'self_managed_building', 'resettlement', 'bungalow');--> statement-breakpoint
CREATE TYPE "public"."coordinator_status" AS ENUM('active', 'on_leave', 'left');--> statement-breakpoint
CREATE TYPE "public"."decision_matter" AS ENUM('ordinary', 'special');--> statement-breakpoint
CREATE TYPE "public"."decision_status" AS ENUM('draft', 'noticed', 'open', 'closed', 'tallied', 'published', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."gender" AS ENUM('male', 'female');--> statement-breakpoint
CREATE TYPE "public"."ledger_status" AS ENUM('open', 'in_progress', 'done', 'overdue', 'escalated');--> statement-breakpoint
CREATE TYPE "public"."locale" AS ENUM('zh-CN', 'en');--> statement-breakpoint
CREATE TYPE "public"."meeting_status" AS ENUM('planned', 'held', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."notification_kind" AS ENUM('topic_accepted', 'topic_declined', 'topic_merged', 'topic_scheduled', 'vote_opened', 'result_published', 'ledger_updated', 'committee_alert', 'system');--> statement-breakpoint
CREATE TYPE "public"."owner_kind" AS ENUM('person', 'developer');--> statement-breakpoint
CREATE TYPE "public"."party_org_mode" AS ENUM('own_branch', 'dispatched', 'attached', 'none');--> statement-breakpoint
CREATE TYPE "public"."property_service_mode" AS ENUM('professional', 'interim', 'self', 'none');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('resident', 'verified_owner', 'committee_member', 'community_staff', 'subdistrict_staff', 'district_staff', 'system_admin');--> statement-breakpoint
CREATE TYPE "public"."scope_kind" AS ENUM('global', 'district', 'subdistrict', 'community', 'compound', 'unit');--> statement-breakpoint
CREATE TYPE "public"."subdistrict_kind" AS ENUM('street', 'town');--> statement-breakpoint
CREATE TYPE "public"."supervision_level" AS ENUM('community', 'subdistrict', 'district');--> statement-breakpoint
CREATE TYPE "public"."topic_category" AS ENUM('environment', 'property', 'parking', 'safety', 'facilities', 'elderly_care', 'culture', 'other');--> statement-breakpoint
CREATE TYPE "public"."topic_status" AS ENUM('draft', 'collecting', 'awaiting_screening', 'accepted', 'merged', 'declined', 'scheduled', 'deliberated', 'decided', 'in_progress', 'done', 'rated');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb,
	"ip" "inet"
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" "notification_kind" NOT NULL,
	"payload" jsonb NOT NULL,
	"link" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"role" "role" NOT NULL,
	"scope_kind" "scope_kind" NOT NULL,
	"scope_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "role_assignments_uq" UNIQUE NULLS NOT DISTINCT("user_id","role","scope_kind","scope_id"),
	CONSTRAINT "role_assignments_scope" CHECK (("role_assignments"."scope_kind" = 'global') = ("role_assignments"."scope_id" is null))
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"secret_hash" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_verified_at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_agent" text,
	"ip" "inet"
);
--> statement-breakpoint
CREATE TABLE "three_rate_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"month" text NOT NULL,
	"level" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"compounds_in_scope" integer NOT NULL,
	"figures" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "three_rate_snapshots_month" CHECK ("three_rate_snapshots"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "three_rate_snapshots_level" CHECK ("three_rate_snapshots"."level" in ('district', 'subdistrict', 'community', 'compound'))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"phone" text NOT NULL,
	"password_hash" text NOT NULL,
	"display_name" text NOT NULL,
	"locale" "locale" DEFAULT 'zh-CN' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agenda_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"topic_id" uuid,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	CONSTRAINT "agenda_items_position_positive" CHECK ("agenda_items"."position" >= 1)
);
--> statement-breakpoint
CREATE TABLE "meeting_attendees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"name" text NOT NULL,
	"user_id" uuid,
	"capacity" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"topic_id" uuid,
	"text" text NOT NULL,
	"requires_owners_vote" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"month" text NOT NULL,
	"scheduled_at" timestamp with time zone NOT NULL,
	"location" text NOT NULL,
	"status" "meeting_status" DEFAULT 'planned' NOT NULL,
	"minutes" text,
	"attendance_count" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meetings_month_format" CHECK ("meetings"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "meetings_attendance_nonnegative" CHECK ("meetings"."attendance_count" is null or "meetings"."attendance_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "topic_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"topic_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"hidden" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topic_status_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"topic_id" uuid NOT NULL,
	"from_status" "topic_status",
	"to_status" "topic_status" NOT NULL,
	"actor_id" uuid,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topic_supports" (
	"topic_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "topic_supports_topic_id_user_id_pk" PRIMARY KEY("topic_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "topics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"compound_id" uuid,
	"author_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"category" "topic_category" NOT NULL,
	"status" "topic_status" DEFAULT 'draft' NOT NULL,
	"support_count" integer DEFAULT 0 NOT NULL,
	"merged_into_id" uuid,
	"decline_reason" text,
	"meeting_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "topics_support_count_nonnegative" CHECK ("topics"."support_count" >= 0),
	CONSTRAINT "topics_merged_has_target" CHECK (("topics"."status" = 'merged') = ("topics"."merged_into_id" is not null)),
	CONSTRAINT "topics_not_merged_into_self" CHECK ("topics"."merged_into_id" is null or "topics"."merged_into_id" <> "topics"."id"),
	CONSTRAINT "topics_declined_has_reason" CHECK ("topics"."status" <> 'declined' or coalesce(length(trim("topics"."decline_reason")), 0) > 0)
);
--> statement-breakpoint
CREATE TABLE "committee_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"committee_id" uuid NOT NULL,
	"name" text NOT NULL,
	"role" "committee_member_role" NOT NULL,
	"is_owner" boolean NOT NULL,
	"is_party_member" boolean DEFAULT false NOT NULL,
	"is_residents_committee_rep" boolean DEFAULT false NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "committees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"compound_id" uuid NOT NULL,
	"kind" "committee_kind" NOT NULL,
	"status" "committee_status" DEFAULT 'preparing' NOT NULL,
	"elected_on" date,
	"filed_on" date,
	"term_start" date,
	"term_end" date,
	"dissolved_on" date,
	"party_org" "party_org_mode" DEFAULT 'none' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "committees_term_order" CHECK ("committees"."term_start" is null or "committees"."term_end" is null or "committees"."term_start" < "committees"."term_end"),
	CONSTRAINT "committees_in_office_has_term" CHECK ("committees"."status" not in ('filed', 'term_ending') or ("committees"."term_start" is not null and "committees"."term_end" is not null and "committees"."filed_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "coordinator_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordinator_categories_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "coordinators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"category_id" uuid NOT NULL,
	"name" text NOT NULL,
	"gender" "gender" NOT NULL,
	"birth_year" integer NOT NULL,
	"phone" text NOT NULL,
	"id_number" text NOT NULL,
	"employer_department" text NOT NULL,
	"community_id" uuid NOT NULL,
	"grid_id" uuid,
	"hired_on" date NOT NULL,
	"status" "coordinator_status" DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coordinators_birth_year_range" CHECK ("coordinators"."birth_year" between 1940 and 2010)
);
--> statement-breakpoint
CREATE TABLE "property_services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"compound_id" uuid NOT NULL,
	"mode" "property_service_mode" NOT NULL,
	"company_name" text,
	"contract_start" date,
	"contract_end" date,
	"filed_on" date,
	"started_on" date NOT NULL,
	"ended_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "property_services_professional_has_company" CHECK ("property_services"."mode" <> 'professional' or coalesce(length(trim("property_services"."company_name")), 0) > 0),
	CONSTRAINT "property_services_contract_order" CHECK ("property_services"."contract_start" is null or "property_services"."contract_end" is null or "property_services"."contract_start" <= "property_services"."contract_end"),
	CONSTRAINT "property_services_period_order" CHECK ("property_services"."ended_on" is null or "property_services"."started_on" <= "property_services"."ended_on")
);
--> statement-breakpoint
CREATE TABLE "ledger_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"description" text NOT NULL,
	"url" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"topic_id" uuid,
	"meeting_decision_id" uuid,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"responsible_unit" text NOT NULL,
	"deadline" date NOT NULL,
	"supervision_level" "supervision_level" DEFAULT 'community' NOT NULL,
	"status" "ledger_status" DEFAULT 'open' NOT NULL,
	"closed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_items_done_has_close_date" CHECK (("ledger_items"."status" = 'done') = ("ledger_items"."closed_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "ledger_progress_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"note" text NOT NULL,
	"author_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_ratings" (
	"item_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"score" integer NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_ratings_item_id_user_id_pk" PRIMARY KEY("item_id","user_id"),
	CONSTRAINT "ledger_ratings_score_range" CHECK ("ledger_ratings"."score" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "buildings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"compound_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "communities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subdistrict_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" "community_kind" NOT NULL,
	"support_threshold" integer DEFAULT 10 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "communities_code_unique" UNIQUE("code"),
	CONSTRAINT "communities_support_threshold_positive" CHECK ("communities"."support_threshold" >= 1)
);
--> statement-breakpoint
CREATE TABLE "compounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"type" "compound_type" NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"households" integer DEFAULT 0 NOT NULL,
	"in_scope" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compounds_code_unique" UNIQUE("code"),
	CONSTRAINT "compounds_households_nonnegative" CHECK ("compounds"."households" >= 0)
);
--> statement-breakpoint
CREATE TABLE "districts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "districts_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "grids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"responsible_person" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grids_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "owner_parties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"compound_id" uuid NOT NULL,
	"kind" "owner_kind" NOT NULL,
	"display_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "owner_persons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"party_id" uuid NOT NULL,
	"name" text NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ownerships" (
	"unit_id" uuid PRIMARY KEY NOT NULL,
	"party_id" uuid NOT NULL,
	"since" date
);
--> statement-breakpoint
CREATE TABLE "subdistricts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"district_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" "subdistrict_kind" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subdistricts_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"building_id" uuid NOT NULL,
	"number" text NOT NULL,
	"registered_area_centi_m2" integer,
	"surveyed_area_centi_m2" integer,
	"contract_area_centi_m2" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "units_areas_positive" CHECK (coalesce("units"."registered_area_centi_m2", 1) > 0 and coalesce("units"."surveyed_area_centi_m2", 1) > 0 and coalesce("units"."contract_area_centi_m2", 1) > 0),
	CONSTRAINT "units_some_area" CHECK (coalesce("units"."registered_area_centi_m2", "units"."surveyed_area_centi_m2", "units"."contract_area_centi_m2") is not null)
);
--> statement-breakpoint
CREATE TABLE "ballots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"decision_id" uuid NOT NULL,
	"owner_key" uuid NOT NULL,
	"choice" "ballot_choice" NOT NULL,
	"cast_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "owners_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"compound_id" uuid NOT NULL,
	"meeting_decision_id" uuid,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"matter" "decision_matter" NOT NULL,
	"art278_item" integer NOT NULL,
	"options" text[] DEFAULT '{for,against,abstain}'::text[] NOT NULL,
	"secret" boolean DEFAULT false NOT NULL,
	"status" "decision_status" DEFAULT 'draft' NOT NULL,
	"noticed_on" date,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"tally" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "owners_decisions_item_range" CHECK ("owners_decisions"."art278_item" between 1 and 9),
	CONSTRAINT "owners_decisions_matter_matches_item" CHECK (("owners_decisions"."matter" = 'special') = ("owners_decisions"."art278_item" in (6, 7, 8))),
	CONSTRAINT "owners_decisions_period_order" CHECK ("owners_decisions"."closes_at" > "owners_decisions"."opens_at")
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendees" ADD CONSTRAINT "meeting_attendees_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendees" ADD CONSTRAINT "meeting_attendees_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_decisions" ADD CONSTRAINT "meeting_decisions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_decisions" ADD CONSTRAINT "meeting_decisions_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_comments" ADD CONSTRAINT "topic_comments_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_comments" ADD CONSTRAINT "topic_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_status_changes" ADD CONSTRAINT "topic_status_changes_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_status_changes" ADD CONSTRAINT "topic_status_changes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_supports" ADD CONSTRAINT "topic_supports_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_supports" ADD CONSTRAINT "topic_supports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_compound_id_compounds_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compounds"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_merged_into_id_topics_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."topics"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_members" ADD CONSTRAINT "committee_members_committee_id_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."committees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_members" ADD CONSTRAINT "committee_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committees" ADD CONSTRAINT "committees_compound_id_compounds_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordinators" ADD CONSTRAINT "coordinators_category_id_coordinator_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."coordinator_categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordinators" ADD CONSTRAINT "coordinators_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coordinators" ADD CONSTRAINT "coordinators_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "property_services" ADD CONSTRAINT "property_services_compound_id_compounds_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_evidence" ADD CONSTRAINT "ledger_evidence_item_id_ledger_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."ledger_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD CONSTRAINT "ledger_items_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD CONSTRAINT "ledger_items_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD CONSTRAINT "ledger_items_meeting_decision_id_meeting_decisions_id_fk" FOREIGN KEY ("meeting_decision_id") REFERENCES "public"."meeting_decisions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_progress_notes" ADD CONSTRAINT "ledger_progress_notes_item_id_ledger_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."ledger_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_progress_notes" ADD CONSTRAINT "ledger_progress_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_ratings" ADD CONSTRAINT "ledger_ratings_item_id_ledger_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."ledger_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_ratings" ADD CONSTRAINT "ledger_ratings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_compound_id_compounds_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communities" ADD CONSTRAINT "communities_subdistrict_id_subdistricts_id_fk" FOREIGN KEY ("subdistrict_id") REFERENCES "public"."subdistricts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compounds" ADD CONSTRAINT "compounds_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grids" ADD CONSTRAINT "grids_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "owner_parties" ADD CONSTRAINT "owner_parties_compound_id_compounds_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "owner_persons" ADD CONSTRAINT "owner_persons_party_id_owner_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."owner_parties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "owner_persons" ADD CONSTRAINT "owner_persons_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownerships" ADD CONSTRAINT "ownerships_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownerships" ADD CONSTRAINT "ownerships_party_id_owner_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."owner_parties"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subdistricts" ADD CONSTRAINT "subdistricts_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_decision_id_owners_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."owners_decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_owner_key_owner_parties_id_fk" FOREIGN KEY ("owner_key") REFERENCES "public"."owner_parties"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_cast_by_users_id_fk" FOREIGN KEY ("cast_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "owners_decisions" ADD CONSTRAINT "owners_decisions_compound_id_compounds_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compounds"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "owners_decisions" ADD CONSTRAINT "owners_decisions_meeting_decision_id_meeting_decisions_id_fk" FOREIGN KEY ("meeting_decision_id") REFERENCES "public"."meeting_decisions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("user_id") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX "role_assignments_scope_idx" ON "role_assignments" USING btree ("scope_kind","scope_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "three_rate_snapshots_uq" ON "three_rate_snapshots" USING btree ("month","level","unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_phone_uq" ON "users" USING btree ("phone");--> statement-breakpoint
CREATE UNIQUE INDEX "agenda_items_position_uq" ON "agenda_items" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "agenda_items_topic_uq" ON "agenda_items" USING btree ("meeting_id","topic_id");--> statement-breakpoint
CREATE INDEX "meeting_attendees_meeting_idx" ON "meeting_attendees" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "meeting_decisions_meeting_idx" ON "meeting_decisions" USING btree ("meeting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meetings_community_month_uq" ON "meetings" USING btree ("community_id","month");--> statement-breakpoint
CREATE INDEX "topic_comments_topic_idx" ON "topic_comments" USING btree ("topic_id","created_at");--> statement-breakpoint
CREATE INDEX "topic_status_changes_topic_idx" ON "topic_status_changes" USING btree ("topic_id","at");--> statement-breakpoint
CREATE INDEX "topic_supports_user_idx" ON "topic_supports" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "topics_community_status_idx" ON "topics" USING btree ("community_id","status","created_at");--> statement-breakpoint
CREATE INDEX "topics_author_idx" ON "topics" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "committee_members_committee_idx" ON "committee_members" USING btree ("committee_id");--> statement-breakpoint
CREATE INDEX "committees_compound_idx" ON "committees" USING btree ("compound_id");--> statement-breakpoint
CREATE INDEX "committees_status_idx" ON "committees" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "committees_one_in_office_uq" ON "committees" USING btree ("compound_id") WHERE "committees"."status" in ('filed', 'term_ending');--> statement-breakpoint
CREATE INDEX "coordinators_category_idx" ON "coordinators" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "coordinators_community_idx" ON "coordinators" USING btree ("community_id");--> statement-breakpoint
CREATE UNIQUE INDEX "coordinators_id_number_uq" ON "coordinators" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "property_services_compound_idx" ON "property_services" USING btree ("compound_id");--> statement-breakpoint
CREATE UNIQUE INDEX "property_services_one_current_uq" ON "property_services" USING btree ("compound_id") WHERE "property_services"."ended_on" is null;--> statement-breakpoint
CREATE INDEX "ledger_evidence_item_idx" ON "ledger_evidence" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "ledger_items_community_status_idx" ON "ledger_items" USING btree ("community_id","status","deadline");--> statement-breakpoint
CREATE INDEX "ledger_items_level_deadline_idx" ON "ledger_items" USING btree ("supervision_level","status","deadline");--> statement-breakpoint
CREATE INDEX "ledger_progress_notes_item_idx" ON "ledger_progress_notes" USING btree ("item_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "buildings_compound_code_uq" ON "buildings" USING btree ("compound_id","code");--> statement-breakpoint
CREATE INDEX "communities_subdistrict_idx" ON "communities" USING btree ("subdistrict_id");--> statement-breakpoint
CREATE INDEX "compounds_community_idx" ON "compounds" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "grids_community_idx" ON "grids" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "owner_parties_compound_idx" ON "owner_parties" USING btree ("compound_id");--> statement-breakpoint
CREATE UNIQUE INDEX "owner_parties_one_developer_uq" ON "owner_parties" USING btree ("compound_id") WHERE "owner_parties"."kind" = 'developer';--> statement-breakpoint
CREATE INDEX "owner_persons_party_idx" ON "owner_persons" USING btree ("party_id");--> statement-breakpoint
CREATE INDEX "owner_persons_user_idx" ON "owner_persons" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ownerships_party_idx" ON "ownerships" USING btree ("party_id");--> statement-breakpoint
CREATE INDEX "subdistricts_district_idx" ON "subdistricts" USING btree ("district_id");--> statement-breakpoint
CREATE UNIQUE INDEX "units_building_number_uq" ON "units" USING btree ("building_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "ballots_one_per_owner_key_uq" ON "ballots" USING btree ("decision_id","owner_key");--> statement-breakpoint
CREATE INDEX "owners_decisions_compound_idx" ON "owners_decisions" USING btree ("compound_id","status");