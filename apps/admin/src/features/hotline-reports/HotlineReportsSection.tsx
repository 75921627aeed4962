/**
 * 接诉考评与分析 — the district's analysis of 接诉即办 (DOMAIN.md §9): 月报, 日报, rankings by group,
 * 治理类 communities with their ledgers, and the versions of the rate formula. The 12345 hotline's
 * rates — kept apart from the property-management 三率 of the `rates` section.
 */
import { ErrorState, Loading, useI18n } from "@gongzhi/ui";
import { Route, Routes } from "react-router";
import { NotFoundPage } from "../../pages/NotFound.tsx";
import { DailyReportPage } from "./DailyReportPage.tsx";
import { FormulasPage } from "./FormulasPage.tsx";
import { GovernancePage } from "./GovernancePage.tsx";
import { MonthlyReportPage } from "./MonthlyReportPage.tsx";
import { RankingsPage } from "./RankingsPage.tsx";
import { ReportTabs, useReportDistrict } from "./shared.tsx";
import "./print.css";

export default function HotlineReportsSection() {
  const { t } = useI18n();
  const districtId = useReportDistrict();
  if (districtId === undefined) return <Loading />;
  if (districtId === null)
    return (
      <ErrorState
        headingLevel={1}
        title={t("error.forbidden.title")}
        description={t("hotline.noDistrict")}
        detail={t("error.status", { status: 403 })}
      />
    );
  return (
    <div>
      <ReportTabs />
      <Routes>
        <Route index element={<MonthlyReportPage districtId={districtId} />} />
        <Route path="daily" element={<DailyReportPage districtId={districtId} />} />
        <Route path="rankings" element={<RankingsPage districtId={districtId} />} />
        <Route path="governance" element={<GovernancePage districtId={districtId} />} />
        <Route path="formulas" element={<FormulasPage districtId={districtId} />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </div>
  );
}
