/**
 * Unit import from .xlsx (/registry/import/units, optionally `?compound=<id>&building=<id>` when
 * opened from a compound's or building's page): download the template → fill it → upload → the API
 * checks every row without writing (dryRun) → a row-by-row report (row, column, problem) → fix and
 * upload again → commit, all-or-nothing, creating the buildings the file names when new.
 */
import { Alert, Button, Card, Loading, PageHeader, useI18n } from "@gongzhi/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { NotFoundPage } from "../../pages/NotFound.tsx";
import { useTRPC, useTRPCClient } from "../../trpc.ts";
import { ImportFlow } from "./ImportFlow.tsx";
import { useHomeScope } from "./model.ts";
import { downloadBuffer, LoadFailure } from "./shared.tsx";
import type { UnitImportRow } from "./xlsx.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default function UnitsImportPage() {
  const { t, formatNumber } = useI18n();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const compoundId = params.get("compound");
  const buildingId = params.get("building");
  const home = useHomeScope();
  const [templateBusy, setTemplateBusy] = useState(false);
  const [templateFailed, setTemplateFailed] = useState(false);
  useDocumentTitle(t("adminRegistry.unitsImport.title"));

  const validIds = (!compoundId || UUID.test(compoundId)) && (!buildingId || UUID.test(buildingId));
  const compound = useQuery({
    ...trpc.registryAdmin.getCompound.queryOptions({ compoundId: compoundId ?? "" }),
    enabled: validIds && !!compoundId,
    retry: false,
  });
  const building = useQuery({
    ...trpc.registryAdmin.getBuilding.queryOptions({ buildingId: buildingId ?? "" }),
    enabled: validIds && !!compoundId && !!buildingId,
    retry: false,
  });

  if (!validIds || (buildingId && !compoundId)) return <NotFoundPage />;
  if (compound.isError) return <LoadFailure error={compound.error} />;
  if (building.isError) return <LoadFailure error={building.error} />;
  if (home === undefined || (compoundId && compound.isPending) || (buildingId && building.isPending))
    return <Loading />;
  if (building.data && building.data.compoundId !== compoundId) return <NotFoundPage />;
  const c = compoundId ? compound.data : undefined;
  const b = buildingId ? building.data : undefined;
  const target = c ? { level: "compound" as const, id: c.id } : home;
  if (!target) return <Alert tone="error">{t("adminRegistry.noScope")}</Alert>;
  const scope = target;

  async function downloadTemplate() {
    setTemplateBusy(true);
    setTemplateFailed(false);
    try {
      const { buildUnitTemplate } = await import("./xlsx.ts");
      const buffer = await buildUnitTemplate({
        ...(c ? { compoundCode: c.code } : {}),
        ...(b ? { buildingCode: b.code, buildingName: b.name } : {}),
      });
      downloadBuffer(buffer, "房屋导入模板.xlsx");
    } catch {
      setTemplateFailed(true);
    } finally {
      setTemplateBusy(false);
    }
  }

  const crumbs: { to?: string; label: string }[] = [{ to: "/registry", label: t("adminRegistry.title") }];
  if (c) crumbs.push({ to: `/registry/compounds/${c.id}`, label: c.name });
  if (c && b) crumbs.push({ to: `/registry/compounds/${c.id}/buildings/${b.id}`, label: b.name });
  crumbs.push({ label: t("adminRegistry.unitsImport.crumb") });

  return (
    <div className="flex flex-col gap-6" data-testid="registry-units-import">
      <nav aria-label={t("adminRegistry.breadcrumbs")}>
        <ol className="flex flex-wrap gap-2 text-slate-700">
          {crumbs.map((item, i) => (
            <li key={item.to ?? item.label} className="flex gap-2">
              {i > 0 ? <span aria-hidden="true">/</span> : null}
              {item.to ? (
                <Link to={item.to} className="text-brand-800 underline">
                  {item.label}
                </Link>
              ) : (
                <span aria-current="page">{item.label}</span>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <PageHeader
        title={t("adminRegistry.unitsImport.title")}
        intro={t("adminRegistry.unitsImport.intro")}
        className="mb-0"
      />
      <p className="text-slate-800" data-testid="units-import-target">
        {c && b
          ? t("adminRegistry.unitsImport.targetBuilding", {
              compound: c.name,
              building: b.name,
              compoundCode: c.code,
              buildingCode: b.code,
            })
          : c
            ? t("adminRegistry.unitsImport.targetCompound", { compound: c.name, compoundCode: c.code })
            : t("adminRegistry.unitsImport.targetScope")}{" "}
        <Link to="/registry/import" className="text-brand-800 underline">
          {t("adminRegistry.unitsImport.compoundsLink")}
        </Link>
      </p>
      <Card title={t("adminRegistry.import.step1")}>
        <p className="mb-3 text-slate-800">{t("adminRegistry.unitsImport.step1Body")}</p>
        <Button variant="secondary" loading={templateBusy} onClick={() => void downloadTemplate()}>
          {t("adminRegistry.unitsImport.template")}
        </Button>
        {templateFailed ? (
          <Alert tone="error" className="mt-3">
            {t("adminRegistry.exportError")}
          </Alert>
        ) : null}
      </Card>
      <ImportFlow<UnitImportRow>
        reader={async () => {
          const { readUnitWorkbook, unitHeaderOf } = await import("./xlsx.ts");
          return { read: readUnitWorkbook, headerOf: unitHeaderOf };
        }}
        submit={(rows, dryRun) =>
          client.registryAdmin.importUnits.mutate({
            scopeLevel: scope.level,
            scopeId: scope.id,
            dryRun,
            rows,
          })
        }
        onCommitted={() => queryClient.invalidateQueries({ queryKey: trpc.registryAdmin.pathKey() })}
        done={(report) => (
          <>
            <p data-testid="import-done">
              {t("adminRegistry.unitsImport.created", {
                buildings: formatNumber(report.created.buildings),
                units: formatNumber(report.created.units),
              })}
            </p>
            {c && b ? (
              <Link to={`/registry/compounds/${c.id}/buildings/${b.id}`} className="text-brand-800 underline">
                {t("adminRegistry.unitsImport.toBuilding", { building: b.name })}
              </Link>
            ) : c ? (
              <Link to={`/registry/compounds/${c.id}`} className="text-brand-800 underline">
                {t("adminRegistry.unitsImport.toCompound", { compound: c.name })}
              </Link>
            ) : (
              <Link to="/registry" className="text-brand-800 underline">
                {t("adminRegistry.unitsImport.toRegistry")}
              </Link>
            )}
          </>
        )}
      />
    </div>
  );
}
