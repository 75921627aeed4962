ALTER TABLE "work_order_events" ADD COLUMN "system_key" text;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD COLUMN "work_order_id" uuid;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD CONSTRAINT "ledger_items_work_order_id_work_orders_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "work_order_events_system_key_uq" ON "work_order_events" USING btree ("work_order_id","system_key") WHERE "work_order_events"."system_key" is not null;--> statement-breakpoint
ALTER TABLE "ledger_items" ADD CONSTRAINT "ledger_items_work_order_uq" UNIQUE("work_order_id");