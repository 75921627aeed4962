import type { Executor } from "./client.ts";
import { registryRepository } from "./repositories/registry.ts";

/** 延庆区's administrative code, the natural key of the demo district. */
export const DEMO_DISTRICT_CODE = "110119";

/** Whether the demo district has been seeded into this database. */
export async function hasDemoDistrict(db: Executor): Promise<boolean> {
  return (await registryRepository(db).getDistrictByCode(DEMO_DISTRICT_CODE)) !== null;
}
