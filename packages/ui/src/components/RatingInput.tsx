import { useId } from "react";
import { useI18n } from "../i18n/react.tsx";
import { cx } from "./cx.ts";
import { fieldId } from "./Field.tsx";

export interface RatingInputProps {
  /** Form field name (default "score"). */
  name?: string;
  /** Checked score after a failed submit (what was chosen is never lost). */
  defaultValue?: number | string | null;
  /** A message under the legend; marks the group invalid. */
  error?: string;
  disabled?: boolean;
  className?: string;
}

const scores = [1, 2, 3, 4, 5] as const;

/**
 * 1–5 rating as native radio buttons in a fieldset: works without JavaScript, with the keyboard
 * (arrow keys) and screen readers; each option is a 44 px target showing the number and its meaning.
 */
export function RatingInput({ name = "score", defaultValue, error, disabled, className }: RatingInputProps) {
  const { t } = useI18n();
  const errorId = useId();
  const checked = defaultValue == null || defaultValue === "" ? null : Number(defaultValue);
  return (
    <fieldset
      id={fieldId(name)}
      tabIndex={-1}
      className={cx("flex flex-col gap-2", className)}
      aria-describedby={error ? errorId : undefined}
      aria-invalid={error ? true : undefined}
      disabled={disabled}
    >
      <legend className="mb-1 text-base font-semibold text-slate-900">{t("ledger.rate.score")}</legend>
      {error ? (
        <p id={errorId} className="font-medium text-red-800">
          {error}
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-5">
        {scores.map((score) => (
          <label
            key={score}
            className={cx(
              "flex min-h-11 cursor-pointer items-center gap-2 rounded-lg border px-3 py-2",
              "has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50 has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-700",
              error ? "border-red-700" : "border-slate-400",
            )}
          >
            <input
              type="radio"
              name={name}
              value={score}
              defaultChecked={checked === score}
              className="h-5 w-5 accent-brand-700"
            />
            <span>
              <span className="font-semibold">{t("ledger.rate.scoreOption", { score })}</span>
              <span className="block text-sm text-slate-700">{t(`ledger.rate.scoreHint.${score}`)}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export interface RatingSummaryProps {
  ratings: number;
  averageRating: number | null;
  /** My own score, when known. */
  mine?: number | null;
  className?: string;
}

/** The average as five stars plus the words (never the stars alone), and my score when known. */
export function RatingSummary({ ratings, averageRating, mine, className }: RatingSummaryProps) {
  const { t, locale } = useI18n();
  const average =
    averageRating === null
      ? null
      : new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(
          averageRating,
        );
  const filled = averageRating === null ? 0 : Math.round(averageRating);
  return (
    <div className={cx("flex flex-col gap-1", className)} data-testid="rating-summary">
      {ratings > 0 && average !== null ? (
        <p className="flex flex-wrap items-center gap-2">
          <span aria-hidden="true" className="text-xl tracking-wide text-amber-800">
            {"★".repeat(filled)}
            <span className="text-slate-400">{"☆".repeat(5 - filled)}</span>
          </span>
          <span className="font-medium">{t("ledger.rating.average", { average, count: ratings })}</span>
        </p>
      ) : (
        <p className="text-slate-700">{t("ledger.rating.none")}</p>
      )}
      {mine ? (
        <p className="font-medium text-green-900" data-testid="my-rating">
          {t("ledger.rate.mine", { score: mine })}
        </p>
      ) : null}
    </div>
  );
}

export interface RatingCommentFieldProps {
  name?: string;
  defaultValue?: string;
  error?: string;
  maxLength?: number;
  className?: string;
}

/** The optional comment of a rating: a labelled textarea with hint and error tied to it. */
export function RatingCommentField({
  name = "comment",
  defaultValue,
  error,
  maxLength = 1000,
  className,
}: RatingCommentFieldProps) {
  const { t } = useI18n();
  const uid = useId();
  const describedBy = [error ? `${uid}-error` : null, `${uid}-hint`].filter(Boolean).join(" ");
  return (
    <div className={cx("flex flex-col gap-1", className)}>
      <label htmlFor={fieldId(name)} className="font-medium text-slate-900">
        {t("ledger.rate.comment")}
      </label>
      <p id={`${uid}-hint`} className="text-sm text-slate-700">
        {t("ledger.rate.commentHint")}
      </p>
      {error ? (
        <p id={`${uid}-error`} className="flex items-start gap-1 text-sm font-medium text-red-800">
          <span aria-hidden="true">⚠</span>
          <span>{error}</span>
        </p>
      ) : null}
      <textarea
        id={fieldId(name)}
        name={name}
        rows={4}
        maxLength={maxLength}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={cx(
          "w-full rounded-lg border bg-white px-3 py-2 text-base text-slate-900",
          error ? "border-2 border-red-700" : "border-slate-500",
        )}
      />
    </div>
  );
}
