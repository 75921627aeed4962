import { useI18n } from "../i18n/react.tsx";
import { cx } from "./cx.ts";

/** A compound's standing on the three 物业管理 rates (not the 12345 hotline's). */
export interface ThreeRateFlagsData {
  hasPropertyService: boolean;
  committeeInOffice: boolean;
  partyCovered: boolean;
}

export interface ThreeRateFlagsProps {
  flags: ThreeRateFlagsData;
  /** Heading level of the title (default 2). */
  headingLevel?: 2 | 3;
  className?: string;
}

const rows = [
  ["hasPropertyService", "property"],
  ["committeeInOffice", "committee"],
  ["partyCovered", "party"],
] as const;

/**
 * The compound's three 三率 flags, each "yes/no" in words with a plain explanation, under a heading
 * that names them as property management's 三率.
 */
export function ThreeRateFlags({ flags, headingLevel = 2, className }: ThreeRateFlagsProps) {
  const { t } = useI18n();
  const Heading = `h${headingLevel}` as const;
  return (
    <section
      aria-labelledby="three-rates-heading"
      className={cx("rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6", className)}
      data-testid="three-rate-flags"
    >
      <Heading id="three-rates-heading" className="text-lg font-semibold text-slate-900 sm:text-xl">
        {t("compound.rates.title")}
      </Heading>
      <p className="mt-2 max-w-prose text-slate-800">{t("compound.rates.intro")}</p>
      <ul className="mt-4 flex flex-col gap-3" aria-label={t("compound.rates.caption")}>
        {rows.map(([flag, key]) => {
          const yes = flags[flag];
          return (
            <li
              key={flag}
              className={cx(
                "flex items-start gap-3 rounded-lg border px-3 py-3",
                yes ? "border-green-700 bg-green-50" : "border-amber-700 bg-amber-50",
              )}
              data-flag={flag}
              data-value={yes ? "yes" : "no"}
            >
              <span
                aria-hidden="true"
                className={cx(
                  "mt-0.5 inline-flex h-7 w-7 shrink-0 items-center justify-center rounded-full font-bold text-white",
                  yes ? "bg-green-800" : "bg-amber-800",
                )}
              >
                {yes ? "✓" : "✗"}
              </span>
              <div>
                <p className="font-semibold text-slate-900">
                  {t(`compound.rates.${key}`)}：{yes ? t("compound.rates.yes") : t("compound.rates.no")}
                </p>
                <p className="text-slate-800">{t(`compound.rates.${key}.${yes ? "yes" : "no"}`)}</p>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
