import { formatRate, RateCard, useI18n } from "@gongzhi/ui";
import { type RatesNode, rateKeys, targetOf } from "./model.ts";

/** The three rates of one unit, each with numerator / denominator, households, target and gap. */
export function RateCards({ node }: { node: RatesNode }) {
  const { t, locale, formatNumber } = useI18n();
  return (
    <section aria-label={t("admin.rates.cardsLabel")} className="grid gap-4 lg:grid-cols-3">
      {rateKeys.map((key) => {
        const fig = node.rates[key];
        const gap = node.gap[key];
        const hh = fig.householdWeighted;
        const status = gap.met === null ? "none" : gap.met ? "met" : "unmet";
        return (
          <RateCard
            key={key}
            headingLevel={2}
            data-testid={`rate-${key}`}
            title={t(`admin.rates.rate.${key}`)}
            rate={fig.rate}
            fraction={t(`admin.rates.fraction.${key}`, {
              numerator: formatNumber(fig.numerator),
              denominator: formatNumber(fig.denominator),
            })}
            weighted={t("admin.rates.households", {
              rate: formatRate(locale, hh.rate),
              numerator: formatNumber(hh.numerator),
              denominator: formatNumber(hh.denominator),
            })}
            target={targetOf(key)}
            targetLabel={t("admin.rates.target", { target: formatRate(locale, targetOf(key)) })}
            status={status}
            statusText={
              status === "none"
                ? t("admin.rates.noDenominator")
                : status === "met"
                  ? t("admin.rates.met")
                  : t(`admin.rates.gap.${key}`, { count: formatNumber(gap.additionalNeeded) })
            }
            detail={
              gap.householdWeighted.additionalNeeded > 0
                ? t("admin.rates.gapHouseholds", {
                    count: formatNumber(gap.householdWeighted.additionalNeeded),
                  })
                : undefined
            }
          />
        );
      })}
    </section>
  );
}
