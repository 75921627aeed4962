CREATE TYPE "public"."calendar_day_kind" AS ENUM('holiday', 'make_up_workday');--> statement-breakpoint
CREATE TYPE "public"."calendar_day_source" AS ENUM('chinese-days', 'staff');--> statement-breakpoint
CREATE TYPE "public"."calendar_year_status" AS ENUM('official', 'provisional');--> statement-breakpoint
CREATE TYPE "public"."callback_satisfaction" AS ENUM('satisfied', 'basically_satisfied', 'dissatisfied');--> statement-breakpoint
CREATE TYPE "public"."extension_status" AS ENUM('pending', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."governance_plan_status" AS ENUM('draft', 'active', 'completed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."handling_unit_kind" AS ENUM('street_office', 'town_office', 'district_department', 'police_station', 'utility_water', 'utility_power', 'utility_gas', 'utility_heating', 'property_company', 'other');--> statement-breakpoint
CREATE TYPE "public"."handling_unit_tier" AS ENUM('streets_towns', 'departments', 'utilities', 'property');--> statement-breakpoint
CREATE TYPE "public"."hotline_area_kind" AS ENUM('district', 'subdistrict');--> statement-breakpoint
CREATE TYPE "public"."plan_task_status" AS ENUM('open', 'in_progress', 'done', 'overdue', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."time_limit_kind" AS ENUM('working_days', 'natural_hours');--> statement-breakpoint
CREATE TYPE "public"."work_order_actor" AS ENUM('intake_staff', 'dispatcher', 'unit_staff', 'requester', 'system');--> statement-breakpoint
CREATE TYPE "public"."work_order_channel" AS ENUM('hotline_12345', 'web', 'district_app', 'open311', 'other');--> statement-breakpoint
CREATE TYPE "public"."work_order_event_kind" AS ENUM('transition', 'note', 'co_handler_added', 'contact_logged', 'extension_requested', 'extension_decided', 'reminder');--> statement-breakpoint
CREATE TYPE "public"."work_order_status" AS ENUM('received', 'dispatched', 'returned', 'accepted', 'in_progress', 'answered', 'called_back', 'closed', 'reopened', 'merged');--> statement-breakpoint
CREATE TYPE "public"."work_order_type" AS ENUM('consultation', 'help', 'complaint', 'report', 'suggestion');--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" "calendar_day_kind" NOT NULL,
	"name" text NOT NULL,
	"source" "calendar_day_source" NOT NULL,
	"edited_by" uuid,
	"edited_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_days_make_up_on_weekend" CHECK ("calendar_days"."kind" <> 'make_up_workday' or extract(isodow from "calendar_days"."date") in (6, 7)),
	CONSTRAINT "calendar_days_staff_edit_recorded" CHECK (("calendar_days"."source" = 'staff') = ("calendar_days"."edited_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"status" "calendar_year_status" NOT NULL,
	"source" "calendar_day_source" NOT NULL,
	"package_version" text,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_years_range" CHECK ("calendar_years"."year" between 1949 and 2200)
);
--> statement-breakpoint
CREATE TABLE "dispatch_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"category_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"subdistrict_id" uuid,
	"community_id" uuid,
	"unit_id" uuid NOT NULL,
	"valid_from" date DEFAULT current_date NOT NULL,
	"valid_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dispatch_rules_community_in_subdistrict" CHECK ("dispatch_rules"."community_id" is null or "dispatch_rules"."subdistrict_id" is not null),
	CONSTRAINT "dispatch_rules_valid_range" CHECK ("dispatch_rules"."valid_to" is null or "dispatch_rules"."valid_to" >= "dispatch_rules"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "governance_plan_areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"subdistrict_id" uuid
);
--> statement-breakpoint
CREATE TABLE "governance_plan_themes" (
	"plan_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	CONSTRAINT "governance_plan_themes_plan_id_category_id_pk" PRIMARY KEY("plan_id","category_id")
);
--> statement-breakpoint
CREATE TABLE "governance_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"owner_unit_id" uuid NOT NULL,
	"status" "governance_plan_status" DEFAULT 'draft' NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "governance_plans_title_nonblank" CHECK (length(btrim("governance_plans"."title")) > 0),
	CONSTRAINT "governance_plans_dates" CHECK ("governance_plans"."ends_on" >= "governance_plans"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "handling_units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" "handling_unit_kind" NOT NULL,
	"tier" "handling_unit_tier" NOT NULL,
	"area_kind" "hotline_area_kind" NOT NULL,
	"district_id" uuid NOT NULL,
	"subdistrict_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "handling_units_code_unique" UNIQUE("code"),
	CONSTRAINT "handling_units_name_nonblank" CHECK (length(btrim("handling_units"."name")) > 0),
	CONSTRAINT "handling_units_scope_matches_kind" CHECK (("handling_units"."area_kind" = 'subdistrict') = ("handling_units"."subdistrict_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "plan_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"title" text NOT NULL,
	"owner_unit_id" uuid NOT NULL,
	"deadline" date NOT NULL,
	"status" "plan_task_status" DEFAULT 'open' NOT NULL,
	"done_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_tasks_title_nonblank" CHECK (length(btrim("plan_tasks"."title")) > 0),
	CONSTRAINT "plan_tasks_done_has_date" CHECK (("plan_tasks"."status" = 'done') = ("plan_tasks"."done_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "rate_formulas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" text NOT NULL,
	"name" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"weight_response" integer NOT NULL,
	"weight_resolution" integer NOT NULL,
	"weight_satisfaction" integer NOT NULL,
	"basically_satisfied_factor" integer NOT NULL,
	"exclusions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"source" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rate_formulas_version_unique" UNIQUE("version"),
	CONSTRAINT "rate_formulas_weights_range" CHECK ("rate_formulas"."weight_response" between 0 and 10000 and "rate_formulas"."weight_resolution" between 0 and 10000 and "rate_formulas"."weight_satisfaction" between 0 and 10000 and "rate_formulas"."basically_satisfied_factor" between 0 and 10000),
	CONSTRAINT "rate_formulas_weights_sum" CHECK ("rate_formulas"."weight_response" + "rate_formulas"."weight_resolution" + "rate_formulas"."weight_satisfaction" = 10000),
	CONSTRAINT "rate_formulas_exclusions_known" CHECK (jsonb_typeof("rate_formulas"."exclusions") = 'array' and "rate_formulas"."exclusions" <@ '["consultation","duplicate_merged","invalid_callback"]'::jsonb),
	CONSTRAINT "rate_formulas_valid_range" CHECK ("rate_formulas"."valid_to" is null or "rate_formulas"."valid_to" >= "rate_formulas"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "request_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"parent_id" uuid,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"limit_kind" time_limit_kind NOT NULL,
	"limit_amount" integer NOT NULL,
	"all_hours" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "request_categories_code_unique" UNIQUE("code"),
	CONSTRAINT "request_categories_not_own_parent" CHECK ("request_categories"."parent_id" is distinct from "request_categories"."id"),
	CONSTRAINT "request_categories_limit_range" CHECK ("request_categories"."limit_amount" between 0 and 10000),
	CONSTRAINT "request_categories_all_hours_in_hours" CHECK (not "request_categories"."all_hours" or "request_categories"."limit_kind" = 'natural_hours')
);
--> statement-breakpoint
CREATE TABLE "work_order_callbacks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"work_order_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"contacted" boolean NOT NULL,
	"solved" boolean NOT NULL,
	"satisfaction" "callback_satisfaction" NOT NULL,
	"valid" boolean DEFAULT true NOT NULL,
	"invalid_reason" text,
	"caller_user_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_order_callbacks_round_positive" CHECK ("work_order_callbacks"."round" >= 1),
	CONSTRAINT "work_order_callbacks_invalid_has_reason" CHECK ("work_order_callbacks"."valid" or ("work_order_callbacks"."invalid_reason" is not null and length(btrim("work_order_callbacks"."invalid_reason")) > 0))
);
--> statement-breakpoint
CREATE TABLE "work_order_co_handlers" (
	"work_order_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"added_by" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_order_co_handlers_work_order_id_unit_id_pk" PRIMARY KEY("work_order_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "work_order_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"work_order_id" uuid NOT NULL,
	"kind" "work_order_event_kind" NOT NULL,
	"from_status" "work_order_status",
	"to_status" "work_order_status",
	"actor" "work_order_actor" NOT NULL,
	"actor_user_id" uuid,
	"unit_id" uuid,
	"note" text,
	"reason" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_order_events_transition_has_statuses" CHECK (("work_order_events"."kind" = 'transition') = ("work_order_events"."from_status" is not null and "work_order_events"."to_status" is not null)),
	CONSTRAINT "work_order_events_return_has_reason" CHECK ("work_order_events"."to_status" is distinct from 'returned' or ("work_order_events"."reason" is not null and length(btrim("work_order_events"."reason")) > 0))
);
--> statement-breakpoint
CREATE TABLE "work_order_extensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"work_order_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"extension_kind" time_limit_kind NOT NULL,
	"extension_amount" integer NOT NULL,
	"status" "extension_status" DEFAULT 'pending' NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_order_extensions_reason_nonblank" CHECK (length(btrim("work_order_extensions"."reason")) > 0),
	CONSTRAINT "work_order_extensions_adds_time" CHECK ("work_order_extensions"."extension_amount" between 1 and 10000),
	CONSTRAINT "work_order_extensions_decided_has_time" CHECK (("work_order_extensions"."status" = 'pending') = ("work_order_extensions"."decided_at" is null) and ("work_order_extensions"."decided_at" is null or "work_order_extensions"."decided_at" >= "work_order_extensions"."requested_at"))
);
--> statement-breakpoint
CREATE TABLE "work_order_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"work_order_id" uuid NOT NULL,
	"file_path" text NOT NULL,
	"byte_size" bigint NOT NULL,
	"content_type" text NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_order_photos_file_path_unique" UNIQUE("file_path"),
	CONSTRAINT "work_order_photos_size" CHECK ("work_order_photos"."byte_size" between 1 and 20971520),
	CONSTRAINT "work_order_photos_type" CHECK ("work_order_photos"."content_type" in ('image/jpeg', 'image/png', 'image/webp', 'image/heic')),
	CONSTRAINT "work_order_photos_sha256" CHECK ("work_order_photos"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "work_order_photos_path_relative" CHECK ("work_order_photos"."file_path" !~ '(^/|\.\.)' and length(btrim("work_order_photos"."file_path")) > 0)
);
--> statement-breakpoint
CREATE TABLE "work_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"type" "work_order_type" NOT NULL,
	"channel" "work_order_channel" NOT NULL,
	"requester_name" text,
	"requester_phone" text,
	"district_id" uuid NOT NULL,
	"subdistrict_id" uuid,
	"community_id" uuid,
	"compound_id" uuid,
	"building_id" uuid,
	"lat" double precision,
	"lng" double precision,
	"address" text DEFAULT '' NOT NULL,
	"text" text NOT NULL,
	"category_id" uuid NOT NULL,
	"status" "work_order_status" DEFAULT 'received' NOT NULL,
	"limit_kind" time_limit_kind NOT NULL,
	"limit_amount" integer NOT NULL,
	"assigned_unit_id" uuid,
	"lead_unit_id" uuid,
	"merged_into_id" uuid,
	"received_at" timestamp with time zone NOT NULL,
	"dispatched_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"due_at" timestamp with time zone NOT NULL,
	"return_count" integer DEFAULT 0 NOT NULL,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_orders_number_unique" UNIQUE("number"),
	CONSTRAINT "work_orders_number_nonblank" CHECK (length(btrim("work_orders"."number")) > 0),
	CONSTRAINT "work_orders_text_nonblank" CHECK (length(btrim("work_orders"."text")) > 0),
	CONSTRAINT "work_orders_due_after_received" CHECK ("work_orders"."due_at" >= "work_orders"."received_at"),
	CONSTRAINT "work_orders_limit_range" CHECK ("work_orders"."limit_amount" between 0 and 10000),
	CONSTRAINT "work_orders_point_complete" CHECK (("work_orders"."lat" is null) = ("work_orders"."lng" is null) and ("work_orders"."lat" is null or ("work_orders"."lat" between -90 and 90 and "work_orders"."lng" between -180 and 180))),
	CONSTRAINT "work_orders_building_has_compound" CHECK ("work_orders"."building_id" is null or "work_orders"."compound_id" is not null),
	CONSTRAINT "work_orders_compound_has_community" CHECK ("work_orders"."compound_id" is null or "work_orders"."community_id" is not null),
	CONSTRAINT "work_orders_community_has_subdistrict" CHECK ("work_orders"."community_id" is null or "work_orders"."subdistrict_id" is not null),
	CONSTRAINT "work_orders_merged_has_target" CHECK (("work_orders"."status" = 'merged') = ("work_orders"."merged_into_id" is not null) and "work_orders"."merged_into_id" is distinct from "work_orders"."id"),
	CONSTRAINT "work_orders_counts_nonnegative" CHECK ("work_orders"."return_count" >= 0 and "work_orders"."reopen_count" >= 0),
	CONSTRAINT "work_orders_phone_format" CHECK ("work_orders"."requester_phone" is null or "work_orders"."requester_phone" ~ '^1[3-9][0-9]{9}$')
);
--> statement-breakpoint
ALTER TABLE "calendar_days" ADD CONSTRAINT "calendar_days_edited_by_users_id_fk" FOREIGN KEY ("edited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_rules" ADD CONSTRAINT "dispatch_rules_category_id_request_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."request_categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_rules" ADD CONSTRAINT "dispatch_rules_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_rules" ADD CONSTRAINT "dispatch_rules_subdistrict_id_subdistricts_id_fk" FOREIGN KEY ("subdistrict_id") REFERENCES "public"."subdistricts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_rules" ADD CONSTRAINT "dispatch_rules_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_rules" ADD CONSTRAINT "dispatch_rules_unit_id_handling_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."handling_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "governance_plan_areas" ADD CONSTRAINT "governance_plan_areas_plan_id_governance_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."governance_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "governance_plan_areas" ADD CONSTRAINT "governance_plan_areas_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "governance_plan_areas" ADD CONSTRAINT "governance_plan_areas_subdistrict_id_subdistricts_id_fk" FOREIGN KEY ("subdistrict_id") REFERENCES "public"."subdistricts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "governance_plan_themes" ADD CONSTRAINT "governance_plan_themes_plan_id_governance_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."governance_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "governance_plan_themes" ADD CONSTRAINT "governance_plan_themes_category_id_request_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."request_categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "governance_plans" ADD CONSTRAINT "governance_plans_owner_unit_id_handling_units_id_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "public"."handling_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handling_units" ADD CONSTRAINT "handling_units_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handling_units" ADD CONSTRAINT "handling_units_subdistrict_id_subdistricts_id_fk" FOREIGN KEY ("subdistrict_id") REFERENCES "public"."subdistricts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD CONSTRAINT "plan_tasks_plan_id_governance_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."governance_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD CONSTRAINT "plan_tasks_owner_unit_id_handling_units_id_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "public"."handling_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rate_formulas" ADD CONSTRAINT "rate_formulas_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_categories" ADD CONSTRAINT "request_categories_parent_id_request_categories_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."request_categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_callbacks" ADD CONSTRAINT "work_order_callbacks_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_callbacks" ADD CONSTRAINT "work_order_callbacks_caller_user_id_users_id_fk" FOREIGN KEY ("caller_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_co_handlers" ADD CONSTRAINT "work_order_co_handlers_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_co_handlers" ADD CONSTRAINT "work_order_co_handlers_unit_id_handling_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."handling_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_co_handlers" ADD CONSTRAINT "work_order_co_handlers_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_events" ADD CONSTRAINT "work_order_events_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_events" ADD CONSTRAINT "work_order_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_events" ADD CONSTRAINT "work_order_events_unit_id_handling_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."handling_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_extensions" ADD CONSTRAINT "work_order_extensions_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_extensions" ADD CONSTRAINT "work_order_extensions_unit_id_handling_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."handling_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_extensions" ADD CONSTRAINT "work_order_extensions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_photos" ADD CONSTRAINT "work_order_photos_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_photos" ADD CONSTRAINT "work_order_photos_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_subdistrict_id_subdistricts_id_fk" FOREIGN KEY ("subdistrict_id") REFERENCES "public"."subdistricts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_compound_id_compounds_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compounds"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_category_id_request_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."request_categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_assigned_unit_id_handling_units_id_fk" FOREIGN KEY ("assigned_unit_id") REFERENCES "public"."handling_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_lead_unit_id_handling_units_id_fk" FOREIGN KEY ("lead_unit_id") REFERENCES "public"."handling_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_merged_into_id_work_orders_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."work_orders"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dispatch_rules_one_current_per_area_uq" ON "dispatch_rules" USING btree ("category_id","district_id",coalesce("subdistrict_id", '00000000-0000-0000-0000-000000000000'::uuid),coalesce("community_id", '00000000-0000-0000-0000-000000000000'::uuid)) WHERE "dispatch_rules"."valid_to" is null;--> statement-breakpoint
CREATE INDEX "dispatch_rules_unit_idx" ON "dispatch_rules" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "governance_plan_areas_uq" ON "governance_plan_areas" USING btree ("plan_id","district_id",coalesce("subdistrict_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
CREATE INDEX "governance_plans_owner_idx" ON "governance_plans" USING btree ("owner_unit_id");--> statement-breakpoint
CREATE INDEX "handling_units_district_idx" ON "handling_units" USING btree ("district_id","tier");--> statement-breakpoint
CREATE INDEX "handling_units_subdistrict_idx" ON "handling_units" USING btree ("subdistrict_id");--> statement-breakpoint
CREATE INDEX "plan_tasks_plan_idx" ON "plan_tasks" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "plan_tasks_owner_idx" ON "plan_tasks" USING btree ("owner_unit_id","status");--> statement-breakpoint
CREATE INDEX "request_categories_parent_idx" ON "request_categories" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "work_order_callbacks_order_round_uq" ON "work_order_callbacks" USING btree ("work_order_id","round");--> statement-breakpoint
CREATE INDEX "work_order_callbacks_at_idx" ON "work_order_callbacks" USING btree ("at");--> statement-breakpoint
CREATE INDEX "work_order_co_handlers_unit_idx" ON "work_order_co_handlers" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "work_order_events_order_at_idx" ON "work_order_events" USING btree ("work_order_id","at");--> statement-breakpoint
CREATE INDEX "work_order_extensions_order_idx" ON "work_order_extensions" USING btree ("work_order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "work_order_extensions_one_pending_uq" ON "work_order_extensions" USING btree ("work_order_id") WHERE "work_order_extensions"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "work_order_photos_order_sha256_uq" ON "work_order_photos" USING btree ("work_order_id","sha256");--> statement-breakpoint
CREATE INDEX "work_orders_inbox_idx" ON "work_orders" USING btree ("assigned_unit_id","status","due_at","id");--> statement-breakpoint
CREATE INDEX "work_orders_lead_unit_idx" ON "work_orders" USING btree ("lead_unit_id","received_at");--> statement-breakpoint
CREATE INDEX "work_orders_subdistrict_received_idx" ON "work_orders" USING btree ("subdistrict_id","received_at");--> statement-breakpoint
CREATE INDEX "work_orders_community_received_idx" ON "work_orders" USING btree ("community_id","received_at");--> statement-breakpoint
CREATE INDEX "work_orders_category_received_idx" ON "work_orders" USING btree ("category_id","received_at");--> statement-breakpoint
CREATE INDEX "work_orders_compound_received_idx" ON "work_orders" USING btree ("compound_id","received_at");--> statement-breakpoint
CREATE INDEX "work_orders_building_idx" ON "work_orders" USING btree ("building_id");--> statement-breakpoint
CREATE INDEX "work_orders_received_idx" ON "work_orders" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "work_orders_merged_into_idx" ON "work_orders" USING btree ("merged_into_id");