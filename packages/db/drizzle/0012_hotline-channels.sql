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
ALTER TABLE "work_orders" ADD COLUMN "external_number" text;--> statement-breakpoint
ALTER TABLE "open311_api_keys" ADD CONSTRAINT "open311_api_keys_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_api_keys" ADD CONSTRAINT "open311_api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_requests" ADD CONSTRAINT "open311_requests_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open311_requests" ADD CONSTRAINT "open311_requests_api_key_id_open311_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."open311_api_keys"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "open311_api_keys_district_idx" ON "open311_api_keys" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "open311_requests_key_idx" ON "open311_requests" USING btree ("api_key_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "work_orders_channel_external_number_uq" ON "work_orders" USING btree ("channel","external_number") WHERE "work_orders"."external_number" is not null;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_external_number_nonblank" CHECK ("work_orders"."external_number" is null or (length(btrim("work_orders"."external_number")) > 0 and length("work_orders"."external_number") <= 64));