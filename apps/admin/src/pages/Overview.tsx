import { DistrictSummary, ErrorState, Loading, useI18n } from "@gongzhi/ui";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTRPC } from "../trpc.ts";

/** 辖区概况: the district's counts of governance units (the dashboard will grow from here). */
export function OverviewPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const summary = useQuery(trpc.registry.districtSummary.queryOptions());

  useEffect(() => {
    document.title = `${t("district.summary.title")} · ${t("admin.title")}`;
  }, [t]);

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold text-slate-900 sm:text-3xl">{t("district.summary.title")}</h1>
      {summary.isPending ? (
        <Loading />
      ) : summary.isError ? (
        <ErrorState
          title={t("district.summary.error.title")}
          detail={summary.error.message}
          onRetry={() => void summary.refetch()}
        />
      ) : (
        <DistrictSummary summary={summary.data} />
      )}
    </div>
  );
}
