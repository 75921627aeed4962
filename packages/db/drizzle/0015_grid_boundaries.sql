CREATE TYPE "public"."grid_member_role" AS ENUM('grid_leader', 'grid_worker');--> statement-breakpoint
CREATE TABLE "grid_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grid_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" "grid_member_role" NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grid_members_period" CHECK ("grid_members"."ended_on" is null or "grid_members"."ended_on" >= "grid_members"."started_on")
);
--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "grid_id" uuid;--> statement-breakpoint
ALTER TABLE "buildings" ADD COLUMN "lat" double precision;--> statement-breakpoint
ALTER TABLE "buildings" ADD COLUMN "lng" double precision;--> statement-breakpoint
ALTER TABLE "communities" ADD COLUMN "boundary" jsonb;--> statement-breakpoint
ALTER TABLE "communities" ADD COLUMN "min_lon" double precision;--> statement-breakpoint
ALTER TABLE "communities" ADD COLUMN "min_lat" double precision;--> statement-breakpoint
ALTER TABLE "communities" ADD COLUMN "max_lon" double precision;--> statement-breakpoint
ALTER TABLE "communities" ADD COLUMN "max_lat" double precision;--> statement-breakpoint
ALTER TABLE "compounds" ADD COLUMN "lat" double precision;--> statement-breakpoint
ALTER TABLE "compounds" ADD COLUMN "lng" double precision;--> statement-breakpoint
ALTER TABLE "districts" ADD COLUMN "boundary" jsonb;--> statement-breakpoint
ALTER TABLE "districts" ADD COLUMN "min_lon" double precision;--> statement-breakpoint
ALTER TABLE "districts" ADD COLUMN "min_lat" double precision;--> statement-breakpoint
ALTER TABLE "districts" ADD COLUMN "max_lon" double precision;--> statement-breakpoint
ALTER TABLE "districts" ADD COLUMN "max_lat" double precision;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "boundary" jsonb;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "min_lon" double precision;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "min_lat" double precision;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "max_lon" double precision;--> statement-breakpoint
ALTER TABLE "grids" ADD COLUMN "max_lat" double precision;--> statement-breakpoint
ALTER TABLE "subdistricts" ADD COLUMN "boundary" jsonb;--> statement-breakpoint
ALTER TABLE "subdistricts" ADD COLUMN "min_lon" double precision;--> statement-breakpoint
ALTER TABLE "subdistricts" ADD COLUMN "min_lat" double precision;--> statement-breakpoint
ALTER TABLE "subdistricts" ADD COLUMN "max_lon" double precision;--> statement-breakpoint
ALTER TABLE "subdistricts" ADD COLUMN "max_lat" double precision;--> statement-breakpoint
ALTER TABLE "grid_members" ADD CONSTRAINT "grid_members_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_members" ADD CONSTRAINT "grid_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grid_members_grid_idx" ON "grid_members" USING btree ("grid_id");--> statement-breakpoint
CREATE INDEX "grid_members_user_idx" ON "grid_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "grid_members_one_leader_uq" ON "grid_members" USING btree ("grid_id") WHERE "grid_members"."role" = 'grid_leader' and "grid_members"."ended_on" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "grid_members_one_current_uq" ON "grid_members" USING btree ("grid_id","user_id") WHERE "grid_members"."ended_on" is null;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "work_orders_grid_received_idx" ON "work_orders" USING btree ("grid_id","received_at");--> statement-breakpoint
CREATE INDEX "grids_updated_idx" ON "grids" USING btree ("updated_at");--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_point_complete" CHECK (("buildings"."lat" is null) = ("buildings"."lng" is null) and ("buildings"."lat" is null or ("buildings"."lat" between -90 and 90 and "buildings"."lng" between -180 and 180)));--> statement-breakpoint
ALTER TABLE "communities" ADD CONSTRAINT "communities_boundary_bbox" CHECK (("communities"."boundary" is null) = ("communities"."min_lon" is null) and ("communities"."boundary" is null) = ("communities"."min_lat" is null) and ("communities"."boundary" is null) = ("communities"."max_lon" is null) and ("communities"."boundary" is null) = ("communities"."max_lat" is null) and ("communities"."boundary" is null or ("communities"."min_lon" <= "communities"."max_lon" and "communities"."min_lat" <= "communities"."max_lat")));--> statement-breakpoint
ALTER TABLE "compounds" ADD CONSTRAINT "compounds_point_complete" CHECK (("compounds"."lat" is null) = ("compounds"."lng" is null) and ("compounds"."lat" is null or ("compounds"."lat" between -90 and 90 and "compounds"."lng" between -180 and 180)));--> statement-breakpoint
ALTER TABLE "districts" ADD CONSTRAINT "districts_boundary_bbox" CHECK (("districts"."boundary" is null) = ("districts"."min_lon" is null) and ("districts"."boundary" is null) = ("districts"."min_lat" is null) and ("districts"."boundary" is null) = ("districts"."max_lon" is null) and ("districts"."boundary" is null) = ("districts"."max_lat" is null) and ("districts"."boundary" is null or ("districts"."min_lon" <= "districts"."max_lon" and "districts"."min_lat" <= "districts"."max_lat")));--> statement-breakpoint
ALTER TABLE "grids" ADD CONSTRAINT "grids_boundary_bbox" CHECK (("grids"."boundary" is null) = ("grids"."min_lon" is null) and ("grids"."boundary" is null) = ("grids"."min_lat" is null) and ("grids"."boundary" is null) = ("grids"."max_lon" is null) and ("grids"."boundary" is null) = ("grids"."max_lat" is null) and ("grids"."boundary" is null or ("grids"."min_lon" <= "grids"."max_lon" and "grids"."min_lat" <= "grids"."max_lat")));--> statement-breakpoint
ALTER TABLE "subdistricts" ADD CONSTRAINT "subdistricts_boundary_bbox" CHECK (("subdistricts"."boundary" is null) = ("subdistricts"."min_lon" is null) and ("subdistricts"."boundary" is null) = ("subdistricts"."min_lat" is null) and ("subdistricts"."boundary" is null) = ("subdistricts"."max_lon" is null) and ("subdistricts"."boundary" is null) = ("subdistricts"."max_lat" is null) and ("subdistricts"."boundary" is null or ("subdistricts"."min_lon" <= "subdistricts"."max_lon" and "subdistricts"."min_lat" <= "subdistricts"."max_lat")));