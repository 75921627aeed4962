import type { ReactNode } from "react";
import type { Locale } from "../i18n/i18n.ts";
import { useI18n } from "../i18n/react.tsx";
import { cx } from "./cx.ts";
import { type RenderLink, renderAnchor } from "./PrimaryNav.tsx";

export type LedgerItemStatus = "open" | "in_progress" | "done" | "overdue" | "escalated";
export type LedgerSupervisionLevel = "community" | "subdistrict" | "district";

/** What the public ledger says about one item (the API's `ledger.publicList` item). */
export interface LedgerItemData {
  id: string;
  title: string;
  responsibleUnit: string;
  /** ISO date (Beijing), e.g. 2026-11-30. */
  deadline: string;
  status: LedgerItemStatus | (string & {});
  supervisionLevel: LedgerSupervisionLevel;
  done: boolean;
  overdue: boolean;
  closedOn: string | null;
  latestProgress: string | null;
  ratings: number;
  averageRating: number | null;
}

const dayFormats = new Map<Locale, Intl.DateTimeFormat>();

/** A calendar date held as an ISO string (2026-11-30), written the locale's way (2026年11月30日). */
export function formatDay(locale: Locale, isoDate: string): string {
  let format = dayFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
    dayFormats.set(locale, format);
  }
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDate : format.format(date);
}

const knownStatuses: readonly LedgerItemStatus[] = ["open", "in_progress", "done", "overdue", "escalated"];

function statusKey(item: Pick<LedgerItemData, "status" | "done" | "overdue">): LedgerItemStatus {
  if (item.done) return "done";
  if (item.status === "escalated") return "escalated";
  if (item.overdue) return "overdue";
  return knownStatuses.includes(item.status as LedgerItemStatus) ? (item.status as LedgerItemStatus) : "open";
}

const statusStyles: Record<LedgerItemStatus, string> = {
  open: "border-slate-400 bg-slate-50 text-slate-900",
  in_progress: "border-sky-600 bg-sky-50 text-sky-950",
  done: "border-green-700 bg-green-50 text-green-950",
  overdue: "border-red-700 bg-red-50 text-red-950",
  escalated: "border-red-700 bg-red-50 text-red-950",
};

const statusIcons: Record<LedgerItemStatus, string> = {
  open: "○",
  in_progress: "◐",
  done: "✓",
  overdue: "!",
  escalated: "!!",
};

/** The item's state in words (with a shape, never colour alone): 已办结, 已逾期, 办理中… */
export function LedgerStatusBadge({
  item,
  className,
}: {
  item: Pick<LedgerItemData, "status" | "done" | "overdue">;
  className?: string;
}) {
  const { t } = useI18n();
  const key = statusKey(item);
  return (
    <span
      className={cx(
        "inline-flex items-center gap-1 rounded-full border px-2.5 py-0.5 text-sm font-semibold",
        statusStyles[key],
        className,
      )}
      data-status={key}
    >
      <span aria-hidden="true">{statusIcons[key]}</span>
      {t(`ledger.status.${key}`)}
    </span>
  );
}

/** "4.3 out of 5 (12 ratings)" or "not rated yet". */
export function LedgerRatingText({
  ratings,
  averageRating,
}: Pick<LedgerItemData, "ratings" | "averageRating">) {
  const { t, locale } = useI18n();
  if (ratings === 0 || averageRating === null) return <>{t("ledger.rating.none")}</>;
  const average = new Intl.NumberFormat(locale, {
    maximumFractionDigits: 1,
    minimumFractionDigits: 1,
  }).format(averageRating);
  return <>{t("ledger.rating.average", { average, count: ratings })}</>;
}

export interface LedgerItemCardProps {
  item: LedgerItemData;
  /** The detail page; the title links there when given. */
  href?: string;
  renderLink?: RenderLink;
  /** Heading level of the title (default 3). */
  headingLevel?: 2 | 3 | 4;
  /** Extra content at the bottom (e.g. "rate it"). */
  footer?: ReactNode;
  className?: string;
}

/** One ledger item: title, status in words, responsible unit, deadline, latest progress, rating. */
export function LedgerItemCard({
  item,
  href,
  renderLink = renderAnchor,
  headingLevel = 3,
  footer,
  className,
}: LedgerItemCardProps) {
  const { t, locale } = useI18n();
  const Heading = `h${headingLevel}` as const;
  const key = statusKey(item);
  return (
    <article
      className={cx(
        "flex flex-col gap-3 rounded-xl border border-l-4 border-slate-200 bg-white p-4 shadow-sm",
        key === "done"
          ? "border-l-green-700"
          : key === "overdue" || key === "escalated"
            ? "border-l-red-700"
            : "border-l-sky-600",
        className,
      )}
      data-testid="ledger-item"
      data-status={key}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <Heading className="min-w-0 flex-1 break-words text-lg font-semibold text-slate-900">
          {href
            ? renderLink({
                href,
                className:
                  "inline-flex min-h-11 items-center text-brand-800 underline underline-offset-4 hover:text-brand-900",
                children: item.title,
              })
            : item.title}
        </Heading>
        <LedgerStatusBadge item={item} />
      </div>
      <dl className="grid gap-x-4 gap-y-1 text-slate-800 sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium text-slate-700">{t("ledger.responsibleUnit")}</dt>
        <dd className="break-words">{item.responsibleUnit}</dd>
        <dt className="font-medium text-slate-700">{t("ledger.deadline")}</dt>
        <dd>
          {formatDay(locale, item.deadline)}
          {item.overdue && !item.done ? (
            <span className="ml-2 font-semibold text-red-800">（{t("ledger.overdueNote")}）</span>
          ) : null}
        </dd>
        {item.closedOn ? (
          <>
            <dt className="font-medium text-slate-700">{t("ledger.closedOn")}</dt>
            <dd>{formatDay(locale, item.closedOn)}</dd>
          </>
        ) : null}
        <dt className="font-medium text-slate-700">{t("ledger.progress")}</dt>
        <dd className="break-words">{item.latestProgress ?? t("ledger.noProgress")}</dd>
        {item.done ? (
          <>
            <dt className="font-medium text-slate-700">{t("ledger.rate.title")}</dt>
            <dd>
              <LedgerRatingText ratings={item.ratings} averageRating={item.averageRating} />
            </dd>
          </>
        ) : null}
      </dl>
      {footer}
    </article>
  );
}
