/**
 * Unit export to .xlsx, per compound or per building, in the unit import template's columns (so the
 * file can be edited and imported again), and the link to the unit import for the same place.
 */
import { Alert, Button, useI18n } from "@gongzhi/ui";
import { useState } from "react";
import { Link } from "react-router";
import { fetchAllPages } from "../../lib/paging.ts";
import { useTRPCClient } from "../../trpc.ts";
import { beijingDay, downloadBuffer } from "./shared.tsx";

/** At most 1000 pages of 100 units are exported (far more than any compound has). */
const MAX_PAGES = 1000;

export function ExportUnitsButton({
  compound,
  building,
}: {
  compound: { id: string; code: string; name: string };
  building?: { id: string; code: string; name: string };
}) {
  const { t } = useI18n();
  const client = useTRPCClient();
  const [state, setState] = useState<"idle" | "busy" | "error">("idle");

  async function onExport() {
    setState("busy");
    try {
      const [rows, { buildUnitsWorkbook }] = await Promise.all([
        fetchAllPages(
          (cursor) =>
            client.registryAdmin.listCompoundUnits.query({
              compoundId: compound.id,
              ...(building ? { buildingId: building.id } : {}),
              limit: 100,
              cursor,
            }),
          MAX_PAGES,
        ),
        import("./xlsx.ts"),
      ]);
      const place = building ? `${compound.name}-${building.name}` : compound.name;
      const title = building
        ? `${compound.name}（${compound.code}） ${building.name}（${building.code}）`
        : `${compound.name}（${compound.code}）`;
      const buffer = await buildUnitsWorkbook(compound.code, rows, title);
      downloadBuffer(buffer, `房屋清单-${place}-${beijingDay()}.xlsx`);
      setState("idle");
    } catch {
      setState("error");
    }
  }

  return (
    <>
      <Button variant="secondary" loading={state === "busy"} onClick={() => void onExport()}>
        {building ? t("adminRegistry.units.exportBuilding") : t("adminRegistry.units.exportCompound")}
      </Button>
      {state === "error" ? (
        <Alert tone="error" focusOnMount className="w-full">
          {t("adminRegistry.exportError")}
        </Alert>
      ) : null}
    </>
  );
}

/** "Excel 导入房屋" for a compound or one of its buildings. */
export function ImportUnitsLink({ compoundId, buildingId }: { compoundId: string; buildingId?: string }) {
  const { t } = useI18n();
  const params = new URLSearchParams({
    compound: compoundId,
    ...(buildingId ? { building: buildingId } : {}),
  });
  return (
    <Link
      to={`/registry/import/units?${params}`}
      className="inline-flex min-h-11 items-center rounded-lg border border-slate-400 bg-white px-4 font-medium text-slate-900"
    >
      {t("adminRegistry.unitsImport.link")}
    </Link>
  );
}
