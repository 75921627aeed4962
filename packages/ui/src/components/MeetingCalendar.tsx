import type { ReactNode } from "react";
import { useI18n } from "../i18n/react.tsx";
import { cx } from "./cx.ts";
import { type RenderLink, renderAnchor } from "./PrimaryNav.tsx";
import { Loading } from "./Spinner.tsx";

export type MeetingStatus = "planned" | "held" | "cancelled";

/** A meeting placed on the calendar. */
export interface CalendarMeeting {
  id: string;
  /** Beijing calendar date, YYYY-MM-DD. */
  date: string;
  href: string;
  title: string;
  /** Already formatted time of day (e.g. "19:00"). */
  time: string;
  status: MeetingStatus;
}

export interface MeetingCalendarProps {
  /** The month shown, YYYY-MM. */
  month: string;
  meetings: ReadonlyArray<CalendarMeeting>;
  /** Today's Beijing date (YYYY-MM-DD), marked when inside the month. */
  today?: string;
  /** GET links for month navigation (work without JavaScript). */
  prevHref: string;
  nextHref: string;
  thisMonthHref?: string;
  renderLink?: RenderLink;
  loading?: boolean;
  error?: ReactNode;
  className?: string;
}

const statusTone: Record<MeetingStatus, string> = {
  planned: "border-amber-400 bg-amber-50 text-amber-900",
  held: "border-green-400 bg-green-50 text-green-900",
  cancelled: "border-slate-400 bg-slate-100 text-slate-800 line-through",
};

const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

function shiftMonth(month: string, by: number): { year: number; month: number } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

/**
 * A month calendar of a community's deliberation meetings (月协商): a table with weekday headers
 * (Monday first, as in China) on tablets and wider, a plain list on phones. Month navigation is a
 * pair of GET links, so it works without JavaScript. Meeting statuses are words, not colours.
 */
export function MeetingCalendar({
  month,
  meetings,
  today,
  prevHref,
  nextHref,
  thisMonthHref,
  renderLink = renderAnchor,
  loading = false,
  error,
  className,
}: MeetingCalendarProps) {
  const { t } = useI18n();
  const cur = shiftMonth(month, 0);
  const prev = shiftMonth(month, -1);
  const next = shiftMonth(month, 1);
  const title = (m: { year: number; month: number }) =>
    t("meetings.monthTitle", { year: String(m.year), month: String(m.month) });
  const monthTitle = title(cur);
  const daysInMonth = new Date(Date.UTC(cur.year, cur.month, 0)).getUTCDate();
  // 0 = Monday … 6 = Sunday
  const lead = (new Date(Date.UTC(cur.year, cur.month - 1, 1)).getUTCDay() + 6) % 7;
  const cells: Array<number | null> = [
    ...Array.from({ length: lead }, () => null),
    ...Array.from({ length: daysInMonth }, (_, i) => i + 1),
  ];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  const byDay = new Map<number, CalendarMeeting[]>();
  for (const m of meetings) {
    if (m.date.slice(0, 7) !== month) continue;
    const day = Number(m.date.slice(8, 10));
    byDay.set(day, [...(byDay.get(day) ?? []), m]);
  }
  const inMonth = [...meetings]
    .filter((m) => m.date.slice(0, 7) === month)
    .sort((a, b) => (a.date < b.date ? -1 : 1));
  const todayDay = today && today.slice(0, 7) === month ? Number(today.slice(8, 10)) : null;
  const navLink =
    "inline-flex min-h-11 items-center rounded-lg border border-slate-400 bg-white px-3 text-slate-900 underline-offset-2 hover:bg-slate-100";

  const meetingLink = (m: CalendarMeeting, compact: boolean) =>
    renderLink({
      href: m.href,
      className: cx(
        "block rounded-md border px-2 py-1 text-sm no-underline hover:underline",
        compact ? "min-h-11" : "min-h-11 text-base",
        statusTone[m.status],
      ),
      children: (
        <>
          <span className="block font-medium">{m.title}</span>
          <span className="block">
            {t("meetings.calendar.meetingAt", { time: m.time, status: t(`meetings.status.${m.status}`) })}
          </span>
        </>
      ),
    });

  return (
    <div className={cx("flex flex-col gap-3", className)}>
      <nav aria-label={monthTitle} className="flex flex-wrap items-center justify-between gap-2">
        {renderLink({
          href: prevHref,
          className: navLink,
          "aria-label": t("meetings.calendar.prevLabel", { month: title(prev) }),
          children: <span aria-hidden="true">‹ {t("meetings.calendar.prev")}</span>,
        })}
        <h2 className="text-xl font-semibold text-slate-900">{monthTitle}</h2>
        {renderLink({
          href: nextHref,
          className: navLink,
          "aria-label": t("meetings.calendar.nextLabel", { month: title(next) }),
          children: <span aria-hidden="true">{t("meetings.calendar.next")} ›</span>,
        })}
      </nav>
      {thisMonthHref ? (
        <p>
          {renderLink({
            href: thisMonthHref,
            className: "inline-flex min-h-11 items-center text-brand-800 underline underline-offset-2",
            children: t("meetings.calendar.thisMonth"),
          })}
        </p>
      ) : null}
      {loading ? (
        <Loading />
      ) : error ? (
        error
      ) : (
        <>
          <table className="hidden w-full table-fixed border-collapse sm:table">
            <caption className="sr-only">{t("meetings.calendar.caption", { month: monthTitle })}</caption>
            <thead>
              <tr>
                {weekdays.map((d) => (
                  <th
                    key={d}
                    scope="col"
                    className="border border-slate-200 bg-slate-50 py-2 text-center font-semibold"
                  >
                    <abbr title={t(`meetings.weekdayLong.${d}`)} className="no-underline">
                      {t(`meetings.weekday.${d}`)}
                    </abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {weeks.map((week) => (
                <tr key={week.map((d) => d ?? "x").join("-")}>
                  {week.map((day, i) => (
                    <td
                      key={day ?? `empty-${i}`}
                      aria-current={day !== null && day === todayDay ? "date" : undefined}
                      className={cx(
                        "h-24 border border-slate-200 p-1 align-top",
                        day === null && "bg-slate-50",
                        day !== null && day === todayDay && "bg-brand-50",
                      )}
                    >
                      {day !== null ? (
                        <div className="flex flex-col gap-1">
                          <span className="text-sm text-slate-700">
                            {day}
                            {day === todayDay ? (
                              <span className="sr-only"> {t("meetings.calendar.today")}</span>
                            ) : null}
                          </span>
                          {(byDay.get(day) ?? []).map((m) => (
                            <div key={m.id}>{meetingLink(m, true)}</div>
                          ))}
                        </div>
                      ) : null}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <div className="sm:hidden">
            <h3 className="sr-only">{t("meetings.calendar.listHeading", { month: monthTitle })}</h3>
            {inMonth.length === 0 ? null : (
              <ul className="flex flex-col gap-2">
                {inMonth.map((m) => (
                  <li key={m.id} className="flex gap-3">
                    <span className="w-12 shrink-0 pt-2 text-center text-slate-700">
                      {Number(m.date.slice(8, 10))}
                    </span>
                    <div className="flex-1">{meetingLink(m, false)}</div>
                  </li>
                ))}
              </ul>
            )}
          </div>
          {inMonth.length === 0 ? (
            <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-3 text-slate-700">
              {t("meetings.calendar.empty", { month: monthTitle })}
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
