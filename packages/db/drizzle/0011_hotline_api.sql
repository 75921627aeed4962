ALTER TYPE "public"."notification_kind" ADD VALUE 'work_order_update';--> statement-breakpoint
ALTER TYPE "public"."role" ADD VALUE 'unit_staff';--> statement-breakpoint
ALTER TYPE "public"."scope_kind" ADD VALUE 'handling_unit';--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "requester_user_id" uuid;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_requester_user_id_users_id_fk" FOREIGN KEY ("requester_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "work_orders_requester_user_idx" ON "work_orders" USING btree ("requester_user_id","received_at");