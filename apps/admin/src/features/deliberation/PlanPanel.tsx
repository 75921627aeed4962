/** 月协商 calendar of one community: the twelve months of a year, each with its meeting or a way to plan one. */
import { Alert, Button, Loading, TextField, useI18n } from "@gongzhi/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { errorText } from "../../lib/errors.ts";
import { useTRPC } from "../../trpc.ts";
import { beijingInstant, beijingToday, linkClass, panelClass, QueryError } from "./common.tsx";

export function PlanPanel({ communityId }: { communityId: string }) {
  const { t, formatDateTime } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [year, setYear] = useState(Number(beijingToday().slice(0, 4)));
  const meetings = useQuery(
    trpc.meetings.list.queryOptions({
      communityId,
      fromMonth: `${year}-01`,
      toMonth: `${year}-12`,
      limit: 50,
    }),
  );
  const [planning, setPlanning] = useState<string | null>(null);
  const [date, setDate] = useState("");
  const [time, setTime] = useState("19:00");
  const [location, setLocation] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const plan = useMutation(
    trpc.meetings.plan.mutationOptions({
      onSuccess: () => {
        setPlanning(null);
        void qc.invalidateQueries({ queryKey: trpc.meetings.list.pathKey() });
      },
    }),
  );
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, "0")}`);
  const byMonth = new Map(
    (meetings.data?.items ?? []).filter((m) => m.status !== "cancelled").map((m) => [m.month, m]),
  );

  function submit(month: string) {
    const e: Record<string, string> = {};
    if (!date || date.slice(0, 7) !== month) e.date = t("adminDelib.plan.dateInMonth", { month });
    if (!/^\d{2}:\d{2}$/.test(time)) e.time = t("adminDelib.plan.timeRequired");
    if (!location.trim()) e.location = t("adminDelib.plan.locationRequired");
    setErrors(e);
    if (Object.keys(e).length > 0) return;
    plan.mutate({ communityId, month, scheduledAt: beijingInstant(date, time), location: location.trim() });
  }

  return (
    <section className={panelClass} aria-labelledby="plan-heading" data-testid="meeting-plan">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="plan-heading" className="text-lg font-semibold text-slate-900">
          {t("adminDelib.plan.title", { year })}
        </h2>
        <div className="flex gap-2">
          <Button variant="secondary" onClick={() => setYear(year - 1)}>
            {t("adminDelib.plan.prevYear")}
          </Button>
          <Button variant="secondary" onClick={() => setYear(year + 1)}>
            {t("adminDelib.plan.nextYear")}
          </Button>
        </div>
      </div>
      {meetings.isPending ? <Loading /> : null}
      {meetings.isError ? <QueryError error={meetings.error} title={t("adminDelib.plan.loadError")} /> : null}
      {meetings.data ? (
        <ol className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {months.map((month) => {
            const m = byMonth.get(month);
            return (
              <li
                key={month}
                className="flex flex-col gap-2 rounded-lg border border-slate-300 p-3"
                data-month={month}
              >
                <h3 className="font-semibold text-slate-900">
                  {t("adminDelib.plan.month", { month: Number(month.slice(5)) })}
                </h3>
                {m ? (
                  <>
                    <p className="text-slate-800">
                      {formatDateTime(m.scheduledAt)} · {m.location}
                    </p>
                    <p className="text-sm text-slate-700">{t(`meetings.status.${m.status}`)}</p>
                    <Link to={`/deliberation/meetings/${m.id}`} className={linkClass}>
                      {t("adminDelib.plan.open", { month: Number(month.slice(5)) })}
                    </Link>
                  </>
                ) : planning === month ? (
                  <form
                    className="flex flex-col gap-2"
                    aria-label={t("adminDelib.plan.formLabel", { month })}
                    onSubmit={(e) => {
                      e.preventDefault();
                      submit(month);
                    }}
                  >
                    <TextField
                      label={t("adminDelib.plan.date")}
                      name="plan-date"
                      type="date"
                      value={date}
                      min={`${month}-01`}
                      max={`${month}-31`}
                      error={errors.date}
                      onChange={(e) => setDate(e.target.value)}
                    />
                    <TextField
                      label={t("adminDelib.plan.time")}
                      name="plan-time"
                      type="time"
                      value={time}
                      error={errors.time}
                      onChange={(e) => setTime(e.target.value)}
                    />
                    <TextField
                      label={t("adminDelib.plan.location")}
                      name="plan-location"
                      value={location}
                      maxLength={200}
                      error={errors.location}
                      onChange={(e) => setLocation(e.target.value)}
                    />
                    {plan.error ? <Alert tone="error">{errorText(t, plan.error)}</Alert> : null}
                    <div className="flex gap-2">
                      <Button type="submit" loading={plan.isPending}>
                        {t("adminDelib.plan.submit")}
                      </Button>
                      <Button variant="secondary" onClick={() => setPlanning(null)}>
                        {t("adminDelib.confirm.no")}
                      </Button>
                    </div>
                  </form>
                ) : (
                  <>
                    <p className="text-slate-700">{t("adminDelib.plan.none")}</p>
                    <Button
                      variant="secondary"
                      onClick={() => {
                        setPlanning(month);
                        setDate(`${month}-15`);
                        setErrors({});
                      }}
                    >
                      {t("adminDelib.plan.plan", { month: Number(month.slice(5)) })}
                    </Button>
                  </>
                )}
              </li>
            );
          })}
        </ol>
      ) : null}
    </section>
  );
}
