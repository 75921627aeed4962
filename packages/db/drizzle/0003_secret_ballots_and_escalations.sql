CREATE TABLE "ballot_choices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"decision_id" uuid NOT NULL,
	"locator" text NOT NULL,
	"choice" "ballot_choice" NOT NULL,
	"area_centi_m2" bigint NOT NULL,
	"headcount" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "ballot_choices_weight" CHECK ("ballot_choices"."area_centi_m2" > 0 and "ballot_choices"."headcount" = 1)
);
--> statement-breakpoint
CREATE TABLE "ballot_participations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"decision_id" uuid NOT NULL,
	"owner_key" uuid NOT NULL,
	"cast_by" uuid,
	"cast_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_escalations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"deadline" date NOT NULL,
	"from_level" "supervision_level" NOT NULL,
	"to_level" "supervision_level",
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ballot_choices" ADD CONSTRAINT "ballot_choices_decision_id_owners_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."owners_decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_participations" ADD CONSTRAINT "ballot_participations_decision_id_owners_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."owners_decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_participations" ADD CONSTRAINT "ballot_participations_owner_key_owner_parties_id_fk" FOREIGN KEY ("owner_key") REFERENCES "public"."owner_parties"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_participations" ADD CONSTRAINT "ballot_participations_cast_by_users_id_fk" FOREIGN KEY ("cast_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_escalations" ADD CONSTRAINT "ledger_escalations_item_id_ledger_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."ledger_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ballot_choices_locator_uq" ON "ballot_choices" USING btree ("decision_id","locator");--> statement-breakpoint
CREATE UNIQUE INDEX "ballot_participations_one_per_owner_key_uq" ON "ballot_participations" USING btree ("decision_id","owner_key");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_escalations_item_deadline_uq" ON "ledger_escalations" USING btree ("item_id","deadline");