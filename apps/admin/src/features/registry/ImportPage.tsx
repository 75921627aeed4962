/**
 * Compound import from .xlsx: download the template → fill it → upload (read in the browser) → the API
 * checks every row without writing (dryRun) → a row-by-row report (row, column, problem) → fix the file
 * and upload again → commit, all-or-nothing → the counts written. Units have their own import
 * (UnitsImportPage), linked from here.
 */
import { Alert, Button, Card, Loading, PageHeader, useI18n } from "@gongzhi/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { useStaff } from "../../shell/staff.tsx";
import { useTRPC, useTRPCClient } from "../../trpc.ts";
import { ImportFlow } from "./ImportFlow.tsx";
import { useHomeScope } from "./model.ts";
import { downloadBuffer } from "./shared.tsx";
import type { CompoundImportRow } from "./xlsx.ts";

export default function ImportPage() {
  const { t, formatNumber } = useI18n();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { scope } = useStaff();
  const home = useHomeScope();
  const [templateBusy, setTemplateBusy] = useState(false);
  useDocumentTitle(t("adminRegistry.import.title"));

  const community = useQuery({
    ...trpc.registryAdmin.getCommunity.queryOptions({ communityId: scope.scopeId ?? "" }),
    enabled: scope.scopeKind === "community" && !!scope.scopeId,
  });

  if (home === undefined) return <Loading />;
  if (home === null) return <Alert tone="error">{t("adminRegistry.noScope")}</Alert>;
  const target = home;

  async function downloadTemplate() {
    setTemplateBusy(true);
    try {
      const { buildCompoundTemplate } = await import("./xlsx.ts");
      const buffer = await buildCompoundTemplate(community.data?.code ?? "110119001001");
      downloadBuffer(buffer, "小区导入模板.xlsx");
    } finally {
      setTemplateBusy(false);
    }
  }

  return (
    <div className="flex flex-col gap-6" data-testid="registry-import">
      <nav aria-label={t("adminRegistry.breadcrumbs")}>
        <Link to="/registry" className="text-brand-800 underline">
          {t("adminRegistry.title")}
        </Link>
      </nav>
      <PageHeader
        title={t("adminRegistry.import.title")}
        intro={t("adminRegistry.import.intro")}
        className="mb-0"
      />
      <p className="text-slate-800">
        {t("adminRegistry.import.unitsHint")}{" "}
        <Link to="/registry/import/units" className="text-brand-800 underline">
          {t("adminRegistry.unitsImport.link")}
        </Link>
      </p>
      <Card title={t("adminRegistry.import.step1")}>
        <p className="mb-3 text-slate-800">{t("adminRegistry.import.step1Body")}</p>
        <Button variant="secondary" loading={templateBusy} onClick={() => void downloadTemplate()}>
          {t("adminRegistry.import.template")}
        </Button>
      </Card>
      <ImportFlow<CompoundImportRow>
        reader={async () => {
          const { readCompoundWorkbook, headerOf } = await import("./xlsx.ts");
          return { read: readCompoundWorkbook, headerOf };
        }}
        submit={(rows, dryRun) =>
          client.registryAdmin.importCompounds.mutate({
            scopeLevel: target.level,
            scopeId: target.id,
            dryRun,
            rows,
          })
        }
        onCommitted={() =>
          queryClient.invalidateQueries({ queryKey: trpc.registryAdmin.listCompounds.pathKey() })
        }
        done={(report) => (
          <>
            <p data-testid="import-done">
              {t("adminRegistry.import.created", { compounds: formatNumber(report.created.compounds) })}
            </p>
            <Link to="/registry" className="text-brand-800 underline">
              {t("adminRegistry.import.backToList")}
            </Link>
          </>
        )}
      />
    </div>
  );
}
