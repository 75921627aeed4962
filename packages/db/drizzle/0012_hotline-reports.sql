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
ALTER TABLE "governance_community_ledgers" ADD CONSTRAINT "governance_community_ledgers_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "governance_community_ledgers" ADD CONSTRAINT "governance_community_ledgers_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "governance_community_ledgers" ADD CONSTRAINT "governance_community_ledgers_ledger_item_id_ledger_items_id_fk" FOREIGN KEY ("ledger_item_id") REFERENCES "public"."ledger_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "governance_community_ledgers" ADD CONSTRAINT "governance_community_ledgers_opened_by_id_users_id_fk" FOREIGN KEY ("opened_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_district_settings" ADD CONSTRAINT "hotline_district_settings_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hotline_district_settings" ADD CONSTRAINT "hotline_district_settings_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "governance_community_ledgers_month_uq" ON "governance_community_ledgers" USING btree ("community_id","month");--> statement-breakpoint
CREATE INDEX "governance_community_ledgers_district_idx" ON "governance_community_ledgers" USING btree ("district_id","month");