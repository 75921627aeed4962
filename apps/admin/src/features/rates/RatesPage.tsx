/**
 * 物业管理"三率" dashboard (DOMAIN.md §2): the rates of one unit with numerator / denominator, the
 * household-weighted variant, the 90 % target and the gap; a ranking of the units below (chart + table);
 * the monthly trend (chart + table); the compounds of a community with what each lacks. URL-addressable
 * at /admin/rates/:level/:id; /admin/rates opens the user's own unit.
 */
import { Alert, Button, ErrorState, Loading, PageHeader, useI18n } from "@gongzhi/ui";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useParams } from "react-router";
import { errorCode, errorText } from "../../lib/errors.ts";
import { fetchAllPages } from "../../lib/paging.ts";
import { homeUnit, isUnitLevel, type UnitLevel } from "../../lib/session.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { NotFoundPage } from "../../pages/NotFound.tsx";
import { useStaff } from "../../shell/staff.tsx";
import { useUnit } from "../../shell/unit-names.ts";
import { useTRPC, useTRPCClient } from "../../trpc.ts";
import { Breadcrumbs } from "./Breadcrumbs.tsx";
import { CompoundList } from "./CompoundList.tsx";
import type { ExportInput } from "./export.ts";
import type { NamedChild } from "./model.ts";
import { RankingPanel } from "./RankingPanel.tsx";
import { RateCards } from "./RateCards.tsx";
import { TrendPanel } from "./TrendPanel.tsx";

const levelRank: Record<string, number> = { global: 3, district: 3, subdistrict: 2, community: 1 };

export default function RatesPage() {
  const { t } = useI18n();
  const params = useParams();
  const { scope } = useStaff();
  const trpc = useTRPC();
  const summary = useQuery({
    ...trpc.registry.districtSummary.queryOptions(),
    enabled: scope.scopeKind === "global",
  });

  if (params.level !== undefined && (!isUnitLevel(params.level) || !params.id)) return <NotFoundPage />;
  const unit =
    params.level && params.id && isUnitLevel(params.level)
      ? { level: params.level, id: params.id }
      : homeUnit(scope, summary.data?.district?.id);
  if (!unit) {
    if (summary.isError) return <ErrorState headingLevel={1} title={t("admin.rates.loadError")} />;
    return <Loading />;
  }
  return <RatesView key={`${unit.level}:${unit.id}`} level={unit.level} id={unit.id} />;
}

function RatesView({ level, id }: { level: UnitLevel; id: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { scope } = useStaff();
  const [exportState, setExportState] = useState<"idle" | "busy" | "error">("idle");

  const current = useQuery(trpc.threeRates.current.queryOptions({ level, id }));
  const unit = useUnit(level, id);
  const childNames = useQuery({
    queryKey: ["admin", "rates", "childNames", level, id],
    enabled: level !== "community" && levelRank[level]! <= (levelRank[scope.scopeKind] ?? 0),
    queryFn: async () => {
      const items =
        level === "district"
          ? await fetchAllPages((cursor) =>
              client.registryAdmin.listSubdistricts.query({ districtId: id, limit: 100, cursor }),
            )
          : await fetchAllPages((cursor) =>
              client.registryAdmin.listCommunities.query({ subdistrictId: id, limit: 100, cursor }),
            );
      return new Map(items.map((item) => [item.id, item.name]));
    },
  });
  const compounds = useQuery({
    ...trpc.threeRates.compounds.queryOptions({ level, id }),
    enabled: level === "community",
  });

  const unitName = unit.name ?? "";
  // Staff see their own unit and what lies below it: a unit above their scope, or one the registry
  // refuses to show them (another community), is "no permission" rather than half a page.
  const outOfScope =
    (levelRank[level] ?? 0) > (levelRank[scope.scopeKind] ?? 0) ||
    errorCode(unit.error) === "FORBIDDEN" ||
    errorCode(unit.error) === "NOT_FOUND";
  useDocumentTitle(unitName ? t("admin.rates.titleFor", { unit: unitName }) : t("admin.rates.title"));

  if (outOfScope) {
    return (
      <ErrorState
        headingLevel={1}
        title={t("error.forbidden.title")}
        description={t("error.forbidden.body")}
        detail={t("error.status", { status: errorCode(unit.error) === "NOT_FOUND" ? 404 : 403 })}
      />
    );
  }
  if (current.isPending) return <Loading />;
  if (current.isError) {
    const code = errorCode(current.error);
    return (
      <ErrorState
        headingLevel={1}
        title={t("admin.rates.loadError")}
        description={errorText(t, current.error)}
        detail={
          code
            ? t("error.status", { status: code === "NOT_FOUND" ? 404 : code === "FORBIDDEN" ? 403 : 500 })
            : undefined
        }
        onRetry={() => void current.refetch()}
      />
    );
  }

  const compoundNames = new Map((compounds.data ?? []).map((c) => [c.compoundId, c.name]));
  const names = level === "community" ? compoundNames : (childNames.data ?? new Map<string, string>());
  const children: NamedChild[] = current.data.children.map((c) => ({ ...c, name: names.get(c.id) ?? "—" }));

  async function onExport() {
    setExportState("busy");
    try {
      const [{ downloadRatesWorkbook }, compoundRows, communityNames] = await Promise.all([
        import("./export.ts"),
        compounds.data ?? client.threeRates.compounds.query({ level, id }).catch(() => []),
        communityNamesFor(),
      ]);
      const trend = await client.threeRates.trend.query({ level, id }).catch(() => []);
      const input: ExportInput = {
        level,
        unitName,
        node: current.data!,
        children,
        trend,
        compounds: compoundRows,
        communityNames,
      };
      await downloadRatesWorkbook(input);
      setExportState("idle");
    } catch {
      setExportState("error");
    }
  }

  /** Community names for the compound sheet (its 所属社区 column). */
  async function communityNamesFor(): Promise<Map<string, string>> {
    if (level === "community") return new Map([[id, unitName]]);
    if (level === "subdistrict") return childNames.data ?? new Map();
    const subIds = current.data?.children.map((c) => c.id) ?? [];
    const lists = await Promise.all(
      subIds.map((subdistrictId) =>
        fetchAllPages((cursor) =>
          client.registryAdmin.listCommunities.query({ subdistrictId, limit: 100, cursor }),
        ).catch(() => []),
      ),
    );
    return new Map(lists.flat().map((c) => [c.id, c.name]));
  }

  return (
    <div className="flex flex-col gap-6" data-testid="rates-dashboard" data-level={level}>
      <Breadcrumbs level={level} id={id} homeKind={scope.scopeKind} />
      <PageHeader
        className="mb-0"
        title={unitName ? t("admin.rates.titleFor", { unit: unitName }) : t("admin.rates.title")}
        intro={t("admin.rates.intro")}
        actions={
          <Button variant="secondary" loading={exportState === "busy"} onClick={() => void onExport()}>
            {exportState === "busy" ? t("admin.rates.exporting") : t("admin.rates.export")}
          </Button>
        }
      />
      {exportState === "error" ? (
        <Alert tone="error" focusOnMount>
          {t("admin.rates.exportError")}
        </Alert>
      ) : null}
      <RateCards node={current.data} />
      {level !== "community" ? (
        <RankingPanel level={level} unitName={unitName} items={children} loading={childNames.isPending} />
      ) : null}
      <TrendPanel level={level} id={id} unitName={unitName} />
      {level === "community" ? (
        <CompoundList
          unitName={unitName}
          rows={compounds.data}
          loading={compounds.isPending}
          error={compounds.isError ? errorText(t, compounds.error) : undefined}
        />
      ) : null}
    </div>
  );
}
