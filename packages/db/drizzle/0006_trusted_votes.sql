CREATE TYPE "public"."co_owner_ballot_rule" AS ENUM('caster_only', 'representative', 'any_co_owner');--> statement-breakpoint
CREATE TYPE "public"."decision_close_reason" AS ENUM('period_ended', 'all_owners_voted');--> statement-breakpoint
CREATE TYPE "public"."ownership_document_kind" AS ENUM('property_certificate', 'purchase_contract', 'court_ruling', 'notarised_transfer', 'other');--> statement-breakpoint
CREATE TYPE "public"."ownership_verification_method" AS ENUM('household_code', 'staff_document');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'ballot_cast' BEFORE 'ledger_updated';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'ownership_verified' BEFORE 'ledger_updated';--> statement-breakpoint
CREATE TABLE "ownership_verifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"party_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"method" "ownership_verification_method" NOT NULL,
	"document_kind" "ownership_document_kind",
	"document_ref" text,
	"note" text DEFAULT '' NOT NULL,
	"verified_by" uuid,
	"verified_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	CONSTRAINT "ownership_verifications_document" CHECK ("ownership_verifications"."method" <> 'staff_document' or ("ownership_verifications"."document_kind" is not null and "ownership_verifications"."document_ref" is not null)),
	CONSTRAINT "ownership_verifications_not_self" CHECK ("ownership_verifications"."verified_by" is null or "ownership_verifications"."verified_by" <> "ownership_verifications"."user_id")
);
--> statement-breakpoint
ALTER TABLE "compounds" ADD COLUMN "co_owner_ballot_rule" "co_owner_ballot_rule" DEFAULT 'caster_only' NOT NULL;--> statement-breakpoint
ALTER TABLE "owner_persons" ADD COLUMN "is_representative" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "owners_decisions" ADD COLUMN "close_reason" "decision_close_reason";--> statement-breakpoint
ALTER TABLE "ownership_verifications" ADD CONSTRAINT "ownership_verifications_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownership_verifications" ADD CONSTRAINT "ownership_verifications_party_id_owner_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."owner_parties"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownership_verifications" ADD CONSTRAINT "ownership_verifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownership_verifications" ADD CONSTRAINT "ownership_verifications_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownership_verifications" ADD CONSTRAINT "ownership_verifications_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ownership_verifications_user_idx" ON "ownership_verifications" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ownership_verifications_unit_idx" ON "ownership_verifications" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "owner_persons_one_representative_uq" ON "owner_persons" USING btree ("party_id") WHERE "owner_persons"."is_representative";--> statement-breakpoint
-- Votes closed before close reasons were recorded closed at the end of their period.
UPDATE "owners_decisions" SET "close_reason" = 'period_ended' WHERE "closed_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "owners_decisions" ADD CONSTRAINT "owners_decisions_close_reason" CHECK (("owners_decisions"."closed_at" is null) = ("owners_decisions"."close_reason" is null));