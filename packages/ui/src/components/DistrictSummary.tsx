import { useI18n } from "../i18n/react.tsx";
import { Card } from "./Card.tsx";
import { EmptyState } from "./EmptyState.tsx";
import { StatGrid, StatTile } from "./StatTile.tsx";

/** The shape of `registry.districtSummary` (kept structural so the UI kit does not import the API). */
export interface DistrictSummaryData {
  district: { id: string; code: string; name: string; nameEn: string } | null;
  subdistricts: number;
  communities: number;
  grids: number;
  compounds: number;
  buildings: number;
  units: number;
}

export interface DistrictSummaryProps {
  summary: DistrictSummaryData;
  /** Heading level of the district name (default 2). */
  headingLevel?: 2 | 3;
}

/** The district's name and its counts of governance units, or an empty state with no district. */
export function DistrictSummary({ summary, headingLevel = 2 }: DistrictSummaryProps) {
  const { locale, t } = useI18n();
  const { district } = summary;
  if (!district) {
    return (
      <EmptyState title={t("district.summary.empty.title")} description={t("district.summary.empty.body")} />
    );
  }
  const name = locale === "en" && district.nameEn ? district.nameEn : district.name;
  const counts = [
    ["subdistricts", t("district.subdistricts"), summary.subdistricts],
    ["communities", t("district.communities"), summary.communities],
    ["grids", t("district.grids"), summary.grids],
    ["compounds", t("district.compounds"), summary.compounds],
    ["buildings", t("district.buildings"), summary.buildings],
    ["units", t("district.units"), summary.units],
  ] as const;
  return (
    <Card title={name} headingLevel={headingLevel} data-testid="district-summary">
      <p className="-mt-2 mb-4 text-sm text-slate-700">{t("district.code", { code: district.code })}</p>
      <StatGrid aria-label={t("district.summary.caption", { district: name })}>
        {counts.map(([key, label, value]) => (
          <StatTile key={key} label={label} value={value} />
        ))}
      </StatGrid>
    </Card>
  );
}
