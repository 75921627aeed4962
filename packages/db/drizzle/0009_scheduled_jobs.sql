CREATE TABLE "scheduled_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"state" text DEFAULT 'created' NOT NULL,
	"singleton_key" text,
	"run_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"retry_limit" integer DEFAULT 3 NOT NULL,
	"retry_delay_seconds" integer DEFAULT 60 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	CONSTRAINT "scheduled_jobs_state_known" CHECK ("scheduled_jobs"."state" in ('created', 'retry', 'active', 'completed', 'failed', 'cancelled')),
	CONSTRAINT "scheduled_jobs_attempts_nonnegative" CHECK ("scheduled_jobs"."attempts" >= 0 and "scheduled_jobs"."retry_limit" >= 0),
	CONSTRAINT "scheduled_jobs_retry_delay_nonnegative" CHECK ("scheduled_jobs"."retry_delay_seconds" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "scheduled_jobs_singleton_idx" ON "scheduled_jobs" USING btree ("name","singleton_key") WHERE "scheduled_jobs"."state" = 'created' and "scheduled_jobs"."singleton_key" is not null;--> statement-breakpoint
CREATE INDEX "scheduled_jobs_due_idx" ON "scheduled_jobs" USING btree ("run_at") WHERE "scheduled_jobs"."state" in ('created', 'retry');