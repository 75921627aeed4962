import { DataTable, type DataTableColumn, useI18n } from "@gongzhi/ui";
import { Link } from "react-router";
import { recordPaths } from "../../shell/sections.ts";
import type { CompoundLacks, Lack } from "./model.ts";

/** Which record fixes a lack: the property-service record, the committee record, or both. */
const fixes: Record<Lack, ("property" | "committee")[]> = {
  no_property_service: ["property"],
  no_committee_in_office: ["committee"],
  term_expired: ["committee"],
  // The API does not say whether the committee's 备案 or the property contract's 备案 is late.
  filing_overdue: ["committee", "property"],
  no_party_coverage: ["committee"],
};

/** The compounds of a scope with exactly what each lacks, lacking ones first, with links to fix. */
export function CompoundList({
  unitName,
  rows,
  loading,
  error,
}: {
  unitName: string;
  rows: CompoundLacks[] | undefined;
  loading: boolean;
  error?: string;
}) {
  const { t, formatNumber } = useI18n();
  const sorted = [...(rows ?? [])].sort(
    (a, b) => Number(b.lacks.length > 0) - Number(a.lacks.length > 0) || a.code.localeCompare(b.code),
  );
  const lacking = sorted.filter((r) => r.lacks.length > 0).length;

  const columns: DataTableColumn<CompoundLacks>[] = [
    { key: "code", header: t("admin.rates.col.code"), cell: (r) => r.code },
    { key: "name", header: t("admin.rates.col.compound"), rowHeader: true, cell: (r) => r.name },
    {
      key: "households",
      header: t("admin.rates.col.householdCount"),
      align: "end",
      cell: (r) => formatNumber(r.households),
    },
    {
      key: "lacks",
      header: t("admin.rates.col.lacks"),
      cell: (r) => {
        const targets = [...new Set(r.lacks.flatMap((l) => fixes[l]))];
        return (
          <div className="flex flex-col gap-1" data-lacks={r.lacks.join(" ")}>
            <ul className="flex flex-wrap gap-1">
              {!r.inScope ? (
                <li className="rounded bg-slate-200 px-2 py-0.5 text-sm text-slate-900">
                  {t("admin.rates.compounds.outOfScope")}
                </li>
              ) : null}
              {r.lacks.length === 0 ? (
                <li className="rounded bg-green-50 px-2 py-0.5 text-sm text-green-900">
                  {t("admin.rates.compounds.none")}
                </li>
              ) : (
                r.lacks.map((l) => (
                  <li
                    key={l}
                    className="rounded bg-amber-50 px-2 py-0.5 text-sm text-amber-950 ring-1 ring-amber-300"
                  >
                    {t(`admin.rates.lack.${l}`)}
                  </li>
                ))
              )}
            </ul>
            {targets.length > 0 ? (
              <p className="flex flex-wrap gap-x-3">
                {targets.map((target) =>
                  target === "property" ? (
                    <Link
                      key={target}
                      to={recordPaths.propertyOfCompound(r.compoundId)}
                      aria-label={t("admin.rates.fix.property", { compound: r.name })}
                      className="inline-flex min-h-11 items-center text-brand-800 underline"
                    >
                      {t("admin.rates.fix.propertyShort")}
                    </Link>
                  ) : (
                    <Link
                      key={target}
                      to={recordPaths.committeeOfCompound(r.compoundId)}
                      aria-label={t("admin.rates.fix.committee", { compound: r.name })}
                      className="inline-flex min-h-11 items-center text-brand-800 underline"
                    >
                      {t("admin.rates.fix.committeeShort")}
                    </Link>
                  ),
                )}
              </p>
            ) : null}
          </div>
        );
      },
    },
  ];

  return (
    <section
      className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
      data-testid="rates-compounds"
    >
      <h2 className="text-lg font-semibold text-slate-900">{t("admin.rates.compounds.title")}</h2>
      {rows ? (
        <p className="text-slate-800">
          {t("admin.rates.compounds.lacking", {
            count: formatNumber(lacking),
            total: formatNumber(sorted.length),
          })}
        </p>
      ) : null}
      <DataTable
        caption={t("admin.rates.compounds.caption", { unit: unitName })}
        columns={columns}
        rows={sorted}
        getRowKey={(r) => r.compoundId}
        loading={loading}
        error={error}
        empty={t("admin.rates.compounds.empty")}
      />
    </section>
  );
}
