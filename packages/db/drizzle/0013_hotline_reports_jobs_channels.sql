CREATE TABLE "governance_community_ledgers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"district_id" uuid NOT NULL,
	"month" text NOT NULL,
	"community_id" uuid NOT NULL,
	"ledger_item_id" uuid NOT NULL,
	"reasons" jsonb NOT NULL,
	"opened_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "governance_community_ledgers_ledger_item_id_unique" UNIQUE("ledger_item_id"),
	CONSTRAINT "governance_community_ledgers_month" CHECK ("governance_community_ledgers"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
CREATE TABLE "hotline_district_settings" (
	"district_id" uuid PRIMARY KEY NOT NULL,
	"governance_bottom_n" integer DEFAULT 5 NOT NULL,
	"governance_top_m" integer DEFAULT 30 NOT NULL,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hotline_district_settings_bottom_n" CHECK ("hotline_district_settings"."governance_bottom_n" between 0 and 1000),
	CONSTRAINT "hotline_district_settings_top_m" CHECK ("hotline_district_settings"."governance_top_m" between 0 and 1000)
);
--> statement-breakpoint
CREATE TABLE "open311_api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"secret_hash" "bytea" NOT NULL,
	"label" text NOT NULL,
	"district_id" uuid NOT NULL,
	"channel" "work_order_channel" DEFAULT 'open311' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "open311_api_keys_label_nonblank" CHECK (length(btrim("open311_api_keys"."label")) > 0),
	CONSTRAINT "open311_api_keys_channel" CHECK ("open311_api_keys"."channel" in ('open311', 'district_app', 'other'))
);
--> statement-breakpoint
CREATE TABLE "open311_requests" (
	"work_order_id" uuid PRIMARY KEY NOT NULL,
	"api_key_id" text NOT NULL,
	"token" uuid DEFAULT gen_random_uuid() NOT NULL,
	"email" text,
	"media_url" text,
	"device_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "open311_requests_token_unique" UNIQUE("token"),
	CONSTRAINT "open311_requests_email_length" CHECK ("open311_requests"."email" is null or length("open311_requests"."email") <= 254),
	CONSTRAINT "open311_requests_media_url" CHECK ("open311_requests"."media_url" is null or ("open311_requests"."media_url" ~ '^https?://' and length("open311_requests"."media_url") <= 2000))
);
--> statement-breakpoint
ALTER TABLE "work_order_events" ADD COLUMN "system_key" text;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "external_number" text;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD COLUMN "work_order_id" uuid;--> statement-breakpoint
ALTER TABLE "governance_community_ledgers" ADD CONSTRAINT "governance_community_ledgers_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "governance_community_ledgers" ADD CONSTRAINT "governance_community_ledgers_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "governance_community_ledgers" ADD CONSTRAINT "governance_community_ledgers_ledger_item_id_ledger_items_id_fk" FOREIGN KEY ("ledger_item_id") REFERENCES "public"."ledger_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "governance_community_ledgers" ADD CONSTRAINT "governance_community_ledgers_opened_by_id_users_id_fk" FOREIGN KEY ("opened_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_district_settings" ADD CONSTRAINT "hotline_district_settings_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_district_settings" ADD CONSTRAINT "hotline_district_settings_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_api_keys" ADD CONSTRAINT "open311_api_keys_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_api_keys" ADD CONSTRAINT "open311_api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_requests" ADD CONSTRAINT "open311_requests_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_requests" ADD CONSTRAINT "open311_requests_api_key_id_open311_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."open311_api_keys"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "governance_community_ledgers_month_uq" ON "governance_community_ledgers" USING btree ("community_id","month");--> statement-breakpoint
CREATE INDEX "governance_community_ledgers_district_idx" ON "governance_community_ledgers" USING btree ("district_id","month");--> statement-breakpoint
CREATE INDEX "open311_api_keys_district_idx" ON "open311_api_keys" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "open311_requests_key_idx" ON "open311_requests" USING btree ("api_key_id","created_at");--> statement-breakpoint
ALTER TABLE "ledger_items" ADD CONSTRAINT "ledger_items_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "work_order_events_system_key_uq" ON "work_order_events" USING btree ("work_order_id","system_key") WHERE "work_order_events"."system_key" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "work_orders_channel_external_number_uq" ON "work_orders" USING btree ("channel","external_number") WHERE "work_orders"."external_number" is not null;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD CONSTRAINT "ledger_items_work_order_uq" UNIQUE("work_order_id");--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_external_number_nonblank" CHECK ("work_orders"."external_number" is null or (length(btrim("work_orders"."external_number")) > 0 and length("work_orders"."external_number") <= 64));