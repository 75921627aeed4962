/**
 * 议事 section: /deliberation/screening (审核), /deliberation/plan (月协商 calendar), meetings, and owners' votes.
 * The community comes from `?community=` (community staff: always their own).
 */
import { Loading, PageHeader, useI18n } from "@gongzhi/ui";
import { Navigate, NavLink, Route, Routes, useLocation } from "react-router";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { NotFoundPage } from "../../pages/NotFound.tsx";
import { CommunityPicker, QueryError, useChosenCommunity } from "./common.tsx";
import MeetingPage from "./MeetingPage.tsx";
import { PlanPanel } from "./PlanPanel.tsx";
import { ScreeningPanel } from "./ScreeningPanel.tsx";
import { NoticePrintPage, VoteCreatePage, VotePage } from "./VotePages.tsx";

export default function DeliberationPage() {
  return (
    <Routes>
      <Route index element={<Navigate to="screening" replace />} />
      <Route path="screening" element={<CommunityView tab="screening" />} />
      <Route path="plan" element={<CommunityView tab="plan" />} />
      <Route path="meetings/:id" element={<MeetingPage />} />
      <Route path="votes/new" element={<VoteCreatePage />} />
      <Route path="votes/:id" element={<VotePage />} />
      <Route path="votes/:id/notice" element={<NoticePrintPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

function CommunityView({ tab }: { tab: "screening" | "plan" }) {
  const { t } = useI18n();
  const { search } = useLocation();
  const { options, chosen, choose } = useChosenCommunity();
  useDocumentTitle(tab === "screening" ? t("adminDelib.screening.title") : t("adminDelib.plan.heading"));
  const tabClass = ({ isActive }: { isActive: boolean }) =>
    `inline-flex min-h-11 items-center rounded-md px-3 ${isActive ? "bg-brand-800 text-white" : "text-brand-800 underline"}`;
  return (
    <div className="flex flex-col gap-4" data-testid={`deliberation-${tab}`}>
      <PageHeader
        title={chosen ? t("adminDelib.titleFor", { community: chosen.name }) : t("adminDelib.title")}
        intro={t("adminDelib.intro")}
      />
      <nav aria-label={t("adminDelib.tabs")} className="flex flex-wrap gap-2">
        <NavLink to={`/deliberation/screening${search}`} className={tabClass}>
          {t("adminDelib.tab.screening")}
        </NavLink>
        <NavLink to={`/deliberation/plan${search}`} className={tabClass}>
          {t("adminDelib.tab.plan")}
        </NavLink>
      </nav>
      {options.isPending ? <Loading /> : null}
      {options.isError ? (
        <QueryError error={options.error} title={t("adminDelib.community.loadError")} />
      ) : null}
      {options.data ? <CommunityPicker options={options.data} chosen={chosen} onChoose={choose} /> : null}
      {chosen ? (
        tab === "screening" ? (
          <ScreeningPanel key={chosen.id} communityId={chosen.id} />
        ) : (
          <PlanPanel key={chosen.id} communityId={chosen.id} />
        )
      ) : null}
    </div>
  );
}
