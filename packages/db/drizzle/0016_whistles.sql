CREATE TYPE "public"."summons_escalation_reason" AS ENUM('late_acknowledge', 'late_report', 'refused');--> statement-breakpoint
CREATE TYPE "public"."summons_status" AS ENUM('summoned', 'acknowledged', 'on_site', 'finished', 'refused', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."whistle_actor" AS ENUM('community_staff', 'subdistrict_staff', 'district_staff', 'unit_staff', 'system');--> statement-breakpoint
CREATE TYPE "public"."whistle_event_kind" AS ENUM('transition', 'summons_added', 'summons_transition', 'summons_escalated', 'street_rating', 'resident_rating', 'note');--> statement-breakpoint
CREATE TYPE "public"."whistle_level" AS ENUM('community', 'subdistrict', 'district');--> statement-breakpoint
CREATE TYPE "public"."whistle_rating_kind" AS ENUM('street', 'resident');--> statement-breakpoint
CREATE TYPE "public"."whistle_scope" AS ENUM('single_community', 'multiple_communities', 'multiple_subdistricts');--> statement-breakpoint
CREATE TYPE "public"."whistle_severity" AS ENUM('ordinary', 'major', 'severe');--> statement-breakpoint
CREATE TYPE "public"."whistle_situation" AS ENUM('public_request', 'key_task', 'joint_enforcement', 'emergency');--> statement-breakpoint
CREATE TYPE "public"."whistle_source_kind" AS ENUM('work_order', 'ledger_item', 'grid_event', 'none');--> statement-breakpoint
CREATE TYPE "public"."whistle_status" AS ENUM('raised', 'responding', 'escalated', 'resolved', 'closed', 'withdrawn');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'whistle_update';--> statement-breakpoint
CREATE TABLE "whistle_assessment_formulas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" text NOT NULL,
	"name" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"weight_acknowledge_on_time" integer NOT NULL,
	"weight_report_on_time" integer NOT NULL,
	"weight_street_timeliness" integer NOT NULL,
	"weight_street_effect" integer NOT NULL,
	"weight_resident" integer NOT NULL,
	"source" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "whistle_assessment_formulas_version_unique" UNIQUE("version"),
	CONSTRAINT "whistle_assessment_formulas_weights_range" CHECK (least("whistle_assessment_formulas"."weight_acknowledge_on_time", "whistle_assessment_formulas"."weight_report_on_time", "whistle_assessment_formulas"."weight_street_timeliness", "whistle_assessment_formulas"."weight_street_effect", "whistle_assessment_formulas"."weight_resident") >= 0
        and greatest("whistle_assessment_formulas"."weight_acknowledge_on_time", "whistle_assessment_formulas"."weight_report_on_time", "whistle_assessment_formulas"."weight_street_timeliness", "whistle_assessment_formulas"."weight_street_effect", "whistle_assessment_formulas"."weight_resident") <= 10000),
	CONSTRAINT "whistle_assessment_formulas_weights_sum" CHECK ("whistle_assessment_formulas"."weight_acknowledge_on_time" + "whistle_assessment_formulas"."weight_report_on_time" + "whistle_assessment_formulas"."weight_street_timeliness" + "whistle_assessment_formulas"."weight_street_effect" + "whistle_assessment_formulas"."weight_resident" = 10000),
	CONSTRAINT "whistle_assessment_formulas_valid_range" CHECK ("whistle_assessment_formulas"."valid_to" is null or "whistle_assessment_formulas"."valid_to" >= "whistle_assessment_formulas"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "whistle_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"whistle_id" uuid NOT NULL,
	"summons_id" uuid,
	"kind" "whistle_event_kind" NOT NULL,
	"from_status" text,
	"to_status" text,
	"actor" "whistle_actor" NOT NULL,
	"actor_user_id" uuid,
	"unit_id" uuid,
	"note" text,
	"reason" text,
	"system_key" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "whistle_events_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	CONSTRAINT "whistle_events_transition_has_status" CHECK ("whistle_events"."kind" not in ('transition', 'summons_transition') or "whistle_events"."to_status" is not null),
	CONSTRAINT "whistle_events_summons_kinds_have_summons" CHECK ("whistle_events"."kind" not in ('summons_added', 'summons_transition', 'summons_escalated', 'street_rating') or "whistle_events"."summons_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "whistle_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"whistle_id" uuid NOT NULL,
	"kind" "whistle_rating_kind" NOT NULL,
	"summons_id" uuid,
	"unit_id" uuid,
	"timeliness" integer,
	"effect" integer,
	"score" integer,
	"comment" text,
	"rated_by" uuid NOT NULL,
	"rated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "whistle_ratings_shape" CHECK (("whistle_ratings"."kind" = 'street' and "whistle_ratings"."summons_id" is not null and "whistle_ratings"."unit_id" is not null
            and "whistle_ratings"."timeliness" between 1 and 5 and "whistle_ratings"."effect" between 1 and 5 and "whistle_ratings"."score" is null)
       or ("whistle_ratings"."kind" = 'resident' and "whistle_ratings"."summons_id" is null and "whistle_ratings"."unit_id" is null
            and "whistle_ratings"."timeliness" is null and "whistle_ratings"."effect" is null and "whistle_ratings"."score" between 1 and 5)),
	CONSTRAINT "whistle_ratings_comment_length" CHECK ("whistle_ratings"."comment" is null or length("whistle_ratings"."comment") <= 1000)
);
--> statement-breakpoint
CREATE TABLE "whistle_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"summons_id" uuid NOT NULL,
	"whistle_id" uuid NOT NULL,
	"arrived_at" timestamp with time zone NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"people" jsonb NOT NULL,
	"evidence_ids" jsonb NOT NULL,
	"compound_id" uuid,
	"building_id" uuid,
	"lat" double precision,
	"lng" double precision,
	"address" text DEFAULT '' NOT NULL,
	"plan" text NOT NULL,
	"planned_finish_on" date NOT NULL,
	"reported_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "whistle_reports_summons_id_unique" UNIQUE("summons_id"),
	CONSTRAINT "whistle_reports_reported_after_arrival" CHECK ("whistle_reports"."reported_at" >= "whistle_reports"."arrived_at"),
	CONSTRAINT "whistle_reports_people" CHECK (jsonb_typeof("whistle_reports"."people") = 'array' and jsonb_array_length("whistle_reports"."people") between 1 and 50),
	CONSTRAINT "whistle_reports_evidence" CHECK (jsonb_typeof("whistle_reports"."evidence_ids") = 'array' and jsonb_array_length("whistle_reports"."evidence_ids") between 1 and 20),
	CONSTRAINT "whistle_reports_plan_nonblank" CHECK (length(btrim("whistle_reports"."plan")) > 0),
	CONSTRAINT "whistle_reports_place" CHECK ("whistle_reports"."compound_id" is not null or ("whistle_reports"."lat" is not null and "whistle_reports"."lng" is not null))
);
--> statement-breakpoint
CREATE TABLE "whistle_summons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"whistle_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"status" "summons_status" DEFAULT 'summoned' NOT NULL,
	"summoned_at_level" "whistle_level" NOT NULL,
	"summoned_at" timestamp with time zone NOT NULL,
	"acknowledge_by" timestamp with time zone NOT NULL,
	"report_by" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"reported_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"refused_at" timestamp with time zone,
	"refusal_reason" text,
	"result" text,
	"late_acknowledge" boolean DEFAULT false NOT NULL,
	"late_report" boolean DEFAULT false NOT NULL,
	"escalated_at" timestamp with time zone,
	"escalation_reason" "summons_escalation_reason",
	"summoned_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "whistle_summons_deadlines" CHECK ("whistle_summons"."acknowledge_by" > "whistle_summons"."summoned_at" and "whistle_summons"."report_by" >= "whistle_summons"."acknowledge_by"),
	CONSTRAINT "whistle_summons_refused_has_reason" CHECK ("whistle_summons"."status" <> 'refused' or ("whistle_summons"."refusal_reason" is not null and length(btrim("whistle_summons"."refusal_reason")) > 0 and "whistle_summons"."refused_at" is not null)),
	CONSTRAINT "whistle_summons_finished_has_result" CHECK ("whistle_summons"."status" <> 'finished' or ("whistle_summons"."result" is not null and length(btrim("whistle_summons"."result")) > 0 and "whistle_summons"."finished_at" is not null)),
	CONSTRAINT "whistle_summons_order" CHECK (("whistle_summons"."acknowledged_at" is null or "whistle_summons"."acknowledged_at" >= "whistle_summons"."summoned_at")
        and ("whistle_summons"."reported_at" is null or ("whistle_summons"."acknowledged_at" is not null and "whistle_summons"."reported_at" >= "whistle_summons"."acknowledged_at"))
        and ("whistle_summons"."finished_at" is null or ("whistle_summons"."reported_at" is not null and "whistle_summons"."finished_at" >= "whistle_summons"."reported_at"))),
	CONSTRAINT "whistle_summons_escalation_complete" CHECK (("whistle_summons"."escalated_at" is null) = ("whistle_summons"."escalation_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "whistles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"district_id" uuid NOT NULL,
	"subdistrict_id" uuid NOT NULL,
	"community_id" uuid,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"situation" "whistle_situation" NOT NULL,
	"severity" "whistle_severity" NOT NULL,
	"scope" "whistle_scope" NOT NULL,
	"source_level" "whistle_level" NOT NULL,
	"level" "whistle_level" NOT NULL,
	"compound_id" uuid,
	"building_id" uuid,
	"lat" double precision,
	"lng" double precision,
	"address" text DEFAULT '' NOT NULL,
	"source_kind" "whistle_source_kind" DEFAULT 'none' NOT NULL,
	"source_id" uuid,
	"source_work_order_id" uuid,
	"source_ledger_item_id" uuid,
	"status" "whistle_status" DEFAULT 'raised' NOT NULL,
	"raised_by" uuid,
	"raised_at" timestamp with time zone NOT NULL,
	"escalated_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"resolution" text,
	"withdraw_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "whistles_title_nonblank" CHECK (length(btrim("whistles"."title")) > 0 and length("whistles"."title") <= 200),
	CONSTRAINT "whistles_description_nonblank" CHECK (length(btrim("whistles"."description")) > 0 and length("whistles"."description") <= 5000),
	CONSTRAINT "whistles_community_level_has_community" CHECK ("whistles"."source_level" <> 'community' or "whistles"."community_id" is not null),
	CONSTRAINT "whistles_level_never_lowered" CHECK (array_position(enum_range(null::whistle_level), "whistles"."level") >= array_position(enum_range(null::whistle_level), "whistles"."source_level")),
	CONSTRAINT "whistles_source_linked" CHECK (("whistles"."source_kind" = 'none') = ("whistles"."source_id" is null)
        and ("whistles"."source_kind" = 'work_order') = ("whistles"."source_work_order_id" is not null)
        and ("whistles"."source_kind" = 'ledger_item') = ("whistles"."source_ledger_item_id" is not null)
        and ("whistles"."source_work_order_id" is null or "whistles"."source_work_order_id" = "whistles"."source_id")
        and ("whistles"."source_ledger_item_id" is null or "whistles"."source_ledger_item_id" = "whistles"."source_id")),
	CONSTRAINT "whistles_point_complete" CHECK (("whistles"."lat" is null) = ("whistles"."lng" is null) and ("whistles"."lat" is null or ("whistles"."lat" between -90 and 90 and "whistles"."lng" between -180 and 180))),
	CONSTRAINT "whistles_building_has_compound" CHECK ("whistles"."building_id" is null or "whistles"."compound_id" is not null),
	CONSTRAINT "whistles_escalated_at_district" CHECK ("whistles"."escalated_at" is null or "whistles"."level" = 'district'),
	CONSTRAINT "whistles_resolved_has_resolution" CHECK ("whistles"."status" not in ('resolved', 'closed') or ("whistles"."resolved_at" is not null and "whistles"."resolution" is not null and length(btrim("whistles"."resolution")) > 0)),
	CONSTRAINT "whistles_withdrawn_has_reason" CHECK (("whistles"."status" = 'withdrawn') = ("whistles"."withdrawn_at" is not null) and ("whistles"."status" <> 'withdrawn' or ("whistles"."withdraw_reason" is not null and length(btrim("whistles"."withdraw_reason")) > 0))),
	CONSTRAINT "whistles_closed_has_time" CHECK (("whistles"."status" = 'closed') = ("whistles"."closed_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "whistle_assessment_formulas" ADD CONSTRAINT "whistle_assessment_formulas_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistle_events" ADD CONSTRAINT "whistle_events_whistle_id_whistles_id_fk" FOREIGN KEY ("whistle_id") REFERENCES "public"."whistles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistle_events" ADD CONSTRAINT "whistle_events_summons_id_whistle_summons_id_fk" FOREIGN KEY ("summons_id") REFERENCES "public"."whistle_summons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistle_events" ADD CONSTRAINT "whistle_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistle_events" ADD CONSTRAINT "whistle_events_unit_id_handling_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."handling_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistle_ratings" ADD CONSTRAINT "whistle_ratings_whistle_id_whistles_id_fk" FOREIGN KEY ("whistle_id") REFERENCES "public"."whistles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistle_ratings" ADD CONSTRAINT "whistle_ratings_summons_id_whistle_summons_id_fk" FOREIGN KEY ("summons_id") REFERENCES "public"."whistle_summons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistle_ratings" ADD CONSTRAINT "whistle_ratings_unit_id_handling_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."handling_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistle_ratings" ADD CONSTRAINT "whistle_ratings_rated_by_users_id_fk" FOREIGN KEY ("rated_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistle_reports" ADD CONSTRAINT "whistle_reports_summons_id_whistle_summons_id_fk" FOREIGN KEY ("summons_id") REFERENCES "public"."whistle_summons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistle_reports" ADD CONSTRAINT "whistle_reports_whistle_id_whistles_id_fk" FOREIGN KEY ("whistle_id") REFERENCES "public"."whistles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistle_reports" ADD CONSTRAINT "whistle_reports_compound_id_compounds_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compounds"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistle_reports" ADD CONSTRAINT "whistle_reports_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistle_reports" ADD CONSTRAINT "whistle_reports_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistle_summons" ADD CONSTRAINT "whistle_summons_whistle_id_whistles_id_fk" FOREIGN KEY ("whistle_id") REFERENCES "public"."whistles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistle_summons" ADD CONSTRAINT "whistle_summons_unit_id_handling_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."handling_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistle_summons" ADD CONSTRAINT "whistle_summons_summoned_by_users_id_fk" FOREIGN KEY ("summoned_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistles" ADD CONSTRAINT "whistles_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistles" ADD CONSTRAINT "whistles_subdistrict_id_subdistricts_id_fk" FOREIGN KEY ("subdistrict_id") REFERENCES "public"."subdistricts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistles" ADD CONSTRAINT "whistles_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistles" ADD CONSTRAINT "whistles_compound_id_compounds_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compounds"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistles" ADD CONSTRAINT "whistles_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistles" ADD CONSTRAINT "whistles_source_work_order_id_work_orders_id_fk" FOREIGN KEY ("source_work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistles" ADD CONSTRAINT "whistles_source_ledger_item_id_ledger_items_id_fk" FOREIGN KEY ("source_ledger_item_id") REFERENCES "public"."ledger_items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whistles" ADD CONSTRAINT "whistles_raised_by_users_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "whistle_events_whistle_at_idx" ON "whistle_events" USING btree ("whistle_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "whistle_events_system_key_uq" ON "whistle_events" USING btree ("whistle_id","system_key") WHERE "whistle_events"."system_key" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "whistle_ratings_street_uq" ON "whistle_ratings" USING btree ("summons_id") WHERE "whistle_ratings"."kind" = 'street';--> statement-breakpoint
CREATE UNIQUE INDEX "whistle_ratings_resident_uq" ON "whistle_ratings" USING btree ("whistle_id","rated_by") WHERE "whistle_ratings"."kind" = 'resident';--> statement-breakpoint
CREATE INDEX "whistle_ratings_whistle_idx" ON "whistle_ratings" USING btree ("whistle_id","kind");--> statement-breakpoint
CREATE INDEX "whistle_reports_whistle_idx" ON "whistle_reports" USING btree ("whistle_id");--> statement-breakpoint
CREATE UNIQUE INDEX "whistle_summons_whistle_unit_uq" ON "whistle_summons" USING btree ("whistle_id","unit_id");--> statement-breakpoint
CREATE INDEX "whistle_summons_unit_idx" ON "whistle_summons" USING btree ("unit_id","status","whistle_id");--> statement-breakpoint
CREATE INDEX "whistle_summons_unescalated_idx" ON "whistle_summons" USING btree ("acknowledge_by","report_by") WHERE "whistle_summons"."escalated_at" is null;--> statement-breakpoint
CREATE INDEX "whistles_subdistrict_raised_idx" ON "whistles" USING btree ("subdistrict_id","raised_at","id");--> statement-breakpoint
CREATE INDEX "whistles_district_raised_idx" ON "whistles" USING btree ("district_id","raised_at","id");--> statement-breakpoint
CREATE INDEX "whistles_community_raised_idx" ON "whistles" USING btree ("community_id","raised_at");--> statement-breakpoint
CREATE INDEX "whistles_district_closed_idx" ON "whistles" USING btree ("district_id","closed_at");--> statement-breakpoint
CREATE INDEX "whistles_source_work_order_idx" ON "whistles" USING btree ("source_work_order_id");--> statement-breakpoint
CREATE INDEX "whistles_source_ledger_item_idx" ON "whistles" USING btree ("source_ledger_item_id");