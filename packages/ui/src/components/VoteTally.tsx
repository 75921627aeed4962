import type { ReactNode } from "react";
import { useI18n } from "../i18n/react.tsx";
import { cx } from "./cx.ts";
import { Loading } from "./Spinner.tsx";

export interface AreaHead {
  /** Integer hundredths of m². */
  areaCentiM2: number;
  headcount: number;
}

/** The published tally of an owners' vote (民法典 Art. 278), as the API returns it. */
export interface VoteTallyData {
  matter: "ordinary" | "special";
  eligible: AreaHead;
  participated: AreaHead;
  for: AreaHead;
  against: AreaHead;
  abstain: AreaHead;
  quorumMet: boolean;
  quorumByArea: boolean;
  quorumByHeadcount: boolean;
  approved: boolean;
  approvedByArea: boolean;
  approvedByHeadcount: boolean;
  passed: boolean;
}

export interface VoteTallyProps {
  tally?: VoteTallyData | null;
  loading?: boolean;
  error?: ReactNode;
  className?: string;
}

const share = (part: number, whole: number) =>
  whole > 0 ? `${Math.floor((part * 1000) / whole) / 10}%` : "—";

function YesNo({ value }: { value: boolean }) {
  const { t } = useI18n();
  return (
    <span className={cx("font-semibold", value ? "text-green-800" : "text-red-800")}>
      <span aria-hidden="true">{value ? "✓ " : "✗ "}</span>
      {value ? t("votes.result.yes") : t("votes.result.no")}
    </span>
  );
}

/**
 * The full tally of a published owners' vote: for / against / abstain by area and by headcount with
 * shares of the participants, whether participation met 2/3, whether approval met the matter's rule,
 * and the outcome. A real table with a caption; outcomes in words, not colour alone.
 */
export function VoteTally({ tally, loading = false, error, className }: VoteTallyProps) {
  const { t, formatArea, formatNumber } = useI18n();
  if (loading) return <Loading className={className} />;
  if (error) return <div className={className}>{error}</div>;
  if (!tally) return <p className={cx("text-slate-700", className)}>{t("votes.result.none")}</p>;
  const notVoted: AreaHead = {
    areaCentiM2: tally.eligible.areaCentiM2 - tally.participated.areaCentiM2,
    headcount: tally.eligible.headcount - tally.participated.headcount,
  };
  const rows: Array<{ key: string; label: string; value: AreaHead; ofParticipants: boolean }> = [
    { key: "for", label: t("votes.result.for"), value: tally.for, ofParticipants: true },
    { key: "against", label: t("votes.result.against"), value: tally.against, ofParticipants: true },
    { key: "abstain", label: t("votes.result.abstain"), value: tally.abstain, ofParticipants: true },
    {
      key: "participated",
      label: t("votes.result.participated"),
      value: tally.participated,
      ofParticipants: false,
    },
    { key: "notVoted", label: t("votes.result.notVoted"), value: notVoted, ofParticipants: false },
    { key: "eligible", label: t("votes.result.eligible"), value: tally.eligible, ofParticipants: false },
  ];
  const shareCell = (r: (typeof rows)[number]) =>
    r.ofParticipants
      ? `${t("votes.result.byArea", { value: share(r.value.areaCentiM2, tally.participated.areaCentiM2) })} · ${t(
          "votes.result.byHead",
          { value: share(r.value.headcount, tally.participated.headcount) },
        )}`
      : `${t("votes.result.byArea", { value: share(r.value.areaCentiM2, tally.eligible.areaCentiM2) })} · ${t(
          "votes.result.byHead",
          { value: share(r.value.headcount, tally.eligible.headcount) },
        )}`;
  return (
    <div className={cx("flex flex-col gap-4", className)}>
      <p
        className={cx(
          "flex flex-wrap items-baseline rounded-lg border px-4 py-3 text-lg font-semibold",
          tally.passed
            ? "border-green-300 bg-green-50 text-green-900"
            : "border-red-300 bg-red-50 text-red-900",
        )}
      >
        <span className="mr-3 font-normal">{t("votes.result.passed")}</span>
        <span aria-hidden="true">{tally.passed ? "✓ " : "✗ "}</span>
        {tally.passed ? t("votes.result.passedYes") : t("votes.result.passedNo")}
      </p>
      <section
        aria-label={t("votes.result.caption")}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1).
        tabIndex={0}
        className="overflow-x-auto"
      >
        <table className="w-full min-w-[28rem] border-collapse text-left">
          <caption className="mb-2 text-left font-semibold text-slate-900">
            {t("votes.result.caption")}
          </caption>
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="py-2 pr-3 font-semibold">
                {t("votes.result.row")}
              </th>
              <th scope="col" className="py-2 pr-3 text-right font-semibold">
                {t("votes.result.area")}
              </th>
              <th scope="col" className="py-2 pr-3 text-right font-semibold">
                {t("votes.result.headcount")}
              </th>
              <th scope="col" className="py-2 font-semibold">
                {t("votes.result.share")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-row={r.key} className="border-b border-slate-200">
                <th scope="row" className="py-2 pr-3 font-medium">
                  {r.label}
                </th>
                <td className="py-2 pr-3 text-right tabular-nums">{formatArea(r.value.areaCentiM2)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{formatNumber(r.value.headcount)}</td>
                <td className="py-2 text-sm text-slate-700">{shareCell(r)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <dl className="grid gap-3 sm:grid-cols-2">
        <div className="rounded-lg border border-slate-200 p-3">
          <dt className="text-slate-700">{t("votes.result.quorum")}</dt>
          <dd className="mt-1 flex flex-wrap gap-x-4">
            <YesNo value={tally.quorumMet} />
            <span>
              {t("votes.result.byArea", {
                value: tally.quorumByArea ? t("votes.result.yes") : t("votes.result.no"),
              })}
            </span>
            <span>
              {t("votes.result.byHead", {
                value: tally.quorumByHeadcount ? t("votes.result.yes") : t("votes.result.no"),
              })}
            </span>
          </dd>
        </div>
        <div className="rounded-lg border border-slate-200 p-3">
          <dt className="text-slate-700">{t("votes.result.approved")}</dt>
          <dd className="mt-1 flex flex-wrap gap-x-4">
            <YesNo value={tally.approved} />
            <span>
              {t("votes.result.byArea", {
                value: tally.approvedByArea ? t("votes.result.yes") : t("votes.result.no"),
              })}
            </span>
            <span>
              {t("votes.result.byHead", {
                value: tally.approvedByHeadcount ? t("votes.result.yes") : t("votes.result.no"),
              })}
            </span>
          </dd>
          <dd className="mt-1 text-sm text-slate-700">
            {t("votes.result.ruleApplied", {
              rule:
                tally.matter === "special" ? t("votes.result.ruleSpecial") : t("votes.result.ruleOrdinary"),
            })}
          </dd>
        </div>
      </dl>
    </div>
  );
}
