/**
 * 议事会 (one meeting): agenda from accepted topics (add, reorder, remove — saved all at once), attendance
 * (head count and names with capacities), minutes, mark held, and decisions (text, topic, whether an owners'
 * vote is required) with links to create the vote or the ledger item.
 */
import { Alert, Button, Loading, PageHeader, TextField, useI18n } from "@gongzhi/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { errorText } from "../../lib/errors.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { type Outputs, useTRPC } from "../../trpc.ts";
import { ConfirmButton, linkClass, panelClass, QueryError, Select, TextArea } from "./common.tsx";

type Meeting = Outputs["meetings"]["get"];
type AgendaDraft = { topicId: string | null; title: string };

export default function MeetingPage() {
  const { id = "" } = useParams();
  const { t, formatDateTime } = useI18n();
  const trpc = useTRPC();
  const meeting = useQuery(trpc.meetings.get.queryOptions({ meetingId: id }));
  useDocumentTitle(
    meeting.data ? t("adminDelib.meeting.title", { month: meeting.data.month }) : t("adminDelib.title"),
  );
  if (meeting.isPending) return <Loading />;
  if (meeting.isError)
    return (
      <QueryError
        error={meeting.error}
        title={t("adminDelib.meeting.loadError")}
        onRetry={() => void meeting.refetch()}
      />
    );
  const m = meeting.data;
  return (
    <div className="flex flex-col gap-6" data-testid="meeting-page" data-status={m.status}>
      <PageHeader
        title={t("adminDelib.meeting.title", { month: m.month })}
        intro={`${formatDateTime(m.scheduledAt)} · ${m.location} · ${t(`meetings.status.${m.status}`)}`}
        actions={
          <Link to={`/deliberation/plan?community=${m.communityId}`} className={linkClass}>
            {t("adminDelib.meeting.back")}
          </Link>
        }
      />
      <AgendaPanel meeting={m} />
      <AttendancePanel meeting={m} />
      <MinutesPanel meeting={m} />
      <HeldPanel meeting={m} />
      <DecisionsPanel meeting={m} />
    </div>
  );
}

function useInvalidateMeeting() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: trpc.meetings.pathKey() });
    void qc.invalidateQueries({ queryKey: trpc.topics.pathKey() });
  };
}

function AgendaPanel({ meeting }: { meeting: Meeting }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const invalidate = useInvalidateMeeting();
  const editable = meeting.status === "planned";
  const [items, setItems] = useState<AgendaDraft[]>([]);
  const [saved, setSaved] = useState(false);
  useEffect(
    () => setItems(meeting.agenda.map((a) => ({ topicId: a.topicId, title: a.title }))),
    [meeting.agenda],
  );
  const accepted = useQuery({
    ...trpc.topics.list.queryOptions({ communityId: meeting.communityId, status: "accepted", limit: 50 }),
    enabled: editable,
  });
  const [pick, setPick] = useState("");
  const [free, setFree] = useState("");
  const save = useMutation(
    trpc.meetings.setAgenda.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        invalidate();
      },
    }),
  );
  const move = (i: number, d: number) => {
    const next = [...items];
    const [x] = next.splice(i, 1);
    next.splice(i + d, 0, x!);
    setItems(next);
    setSaved(false);
  };
  const available = (accepted.data?.items ?? []).filter((a) => !items.some((i) => i.topicId === a.id));
  return (
    <section className={panelClass} aria-labelledby="agenda-heading" data-testid="agenda">
      <h2 id="agenda-heading" className="text-lg font-semibold text-slate-900">
        {t("adminDelib.agenda.title")}
      </h2>
      {items.length === 0 ? <p className="text-slate-700">{t("adminDelib.agenda.empty")}</p> : null}
      <ol className="flex flex-col gap-2">
        {items.map((item, i) => (
          <li
            key={item.topicId ?? `free-${i}`}
            className="flex flex-wrap items-center gap-2 rounded-md border border-slate-300 p-2"
          >
            <span className="grow text-slate-900">
              {i + 1}. {item.title}
              {item.topicId ? "" : ` (${t("adminDelib.agenda.free")})`}
            </span>
            {editable ? (
              <>
                <Button
                  variant="ghost"
                  onClick={() => move(i, -1)}
                  disabled={i === 0}
                  aria-label={t("adminDelib.agenda.up", { title: item.title })}
                >
                  ↑
                </Button>
                <Button
                  variant="ghost"
                  onClick={() => move(i, 1)}
                  disabled={i === items.length - 1}
                  aria-label={t("adminDelib.agenda.down", { title: item.title })}
                >
                  ↓
                </Button>
                <Button
                  variant="ghost"
                  onClick={() => {
                    setItems(items.filter((_, j) => j !== i));
                    setSaved(false);
                  }}
                  aria-label={t("adminDelib.agenda.remove", { title: item.title })}
                >
                  {t("adminDelib.agenda.removeShort")}
                </Button>
              </>
            ) : null}
          </li>
        ))}
      </ol>
      {editable ? (
        <div className="flex flex-col gap-3">
          <div className="flex flex-wrap items-end gap-2">
            <div className="min-w-64 grow">
              <Select
                label={t("adminDelib.agenda.addTopic")}
                name="agenda-topic"
                value={pick}
                onChange={(e) => setPick(e.target.value)}
              >
                <option value="">
                  {available.length ? t("adminDelib.agenda.pick") : t("adminDelib.agenda.noAccepted")}
                </option>
                {available.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.title}
                  </option>
                ))}
              </Select>
            </div>
            <Button
              variant="secondary"
              disabled={!pick}
              onClick={() => {
                const topic = available.find((a) => a.id === pick);
                if (topic) setItems([...items, { topicId: topic.id, title: topic.title }]);
                setPick("");
                setSaved(false);
              }}
            >
              {t("adminDelib.agenda.add")}
            </Button>
          </div>
          <div className="flex flex-wrap items-end gap-2">
            <div className="min-w-64 grow">
              <TextField
                label={t("adminDelib.agenda.freeItem")}
                name="agenda-free"
                value={free}
                maxLength={200}
                onChange={(e) => setFree(e.target.value)}
              />
            </div>
            <Button
              variant="secondary"
              disabled={!free.trim()}
              onClick={() => {
                setItems([...items, { topicId: null, title: free.trim() }]);
                setFree("");
                setSaved(false);
              }}
            >
              {t("adminDelib.agenda.add")}
            </Button>
          </div>
          {save.error ? <Alert tone="error">{errorText(t, save.error)}</Alert> : null}
          {saved && !save.isPending ? <Alert tone="success">{t("adminDelib.agenda.saved")}</Alert> : null}
          <div>
            <Button
              loading={save.isPending}
              onClick={() =>
                save.mutate({
                  meetingId: meeting.id,
                  items: items.map((i) => (i.topicId ? { topicId: i.topicId } : { title: i.title })),
                })
              }
            >
              {t("adminDelib.agenda.save")}
            </Button>
          </div>
        </div>
      ) : (
        <p className="text-sm text-slate-700">{t("adminDelib.agenda.locked")}</p>
      )}
    </section>
  );
}

function AttendancePanel({ meeting }: { meeting: Meeting }) {
  const { t, formatNumber } = useI18n();
  const trpc = useTRPC();
  const invalidate = useInvalidateMeeting();
  const editable = meeting.status !== "cancelled";
  const [count, setCount] = useState(String(meeting.attendanceCount ?? ""));
  const [names, setNames] = useState(
    meeting.attendees.map((a) => `${a.name} ${a.capacity ?? ""}`.trim()).join("\n"),
  );
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(trpc.meetings.recordAttendance.mutationOptions({ onSuccess: invalidate }));
  function submit() {
    const attendees = names
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const [name, ...rest] = l.split(/[\s,，、]+/);
        return { name: name!, capacity: rest.join(" ") || "居民代表" };
      });
    const n = count.trim() ? Number(count) : attendees.length;
    if (!Number.isInteger(n) || n < attendees.length) {
      setError(t("adminDelib.attendance.countBelow", { listed: attendees.length }));
      return;
    }
    setError(null);
    save.mutate({ meetingId: meeting.id, attendees, attendanceCount: n });
  }
  return (
    <section className={panelClass} aria-labelledby="attendance-heading">
      <h2 id="attendance-heading" className="text-lg font-semibold text-slate-900">
        {t("adminDelib.attendance.title")}
      </h2>
      <p className="text-slate-800">
        {t("adminDelib.attendance.current", {
          count: meeting.attendanceCount === null ? "—" : formatNumber(meeting.attendanceCount),
          listed: formatNumber(meeting.attendees.length),
        })}
      </p>
      {meeting.attendees.length > 0 ? (
        <ul className="list-disc pl-5">
          {meeting.attendees.map((a, i) => (
            <li key={`${a.name}-${i}`}>
              {a.name}（{a.capacity}）
            </li>
          ))}
        </ul>
      ) : null}
      {editable ? (
        <form
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <TextField
            label={t("adminDelib.attendance.count")}
            name="attendance-count"
            type="number"
            min={0}
            inputMode="numeric"
            value={count}
            error={error ?? undefined}
            onChange={(e) => setCount(e.target.value)}
          />
          <TextArea
            label={t("adminDelib.attendance.names")}
            hint={t("adminDelib.attendance.namesHint")}
            name="attendance-names"
            value={names}
            onChange={(e) => setNames(e.target.value)}
          />
          {save.error ? <Alert tone="error">{errorText(t, save.error)}</Alert> : null}
          {save.isSuccess ? <Alert tone="success">{t("adminDelib.saved")}</Alert> : null}
          <div>
            <Button type="submit" loading={save.isPending}>
              {t("adminDelib.attendance.save")}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

function MinutesPanel({ meeting }: { meeting: Meeting }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const invalidate = useInvalidateMeeting();
  const [minutes, setMinutes] = useState(meeting.minutes ?? "");
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(trpc.meetings.recordMinutes.mutationOptions({ onSuccess: invalidate }));
  return (
    <section className={panelClass} aria-labelledby="minutes-heading">
      <h2 id="minutes-heading" className="text-lg font-semibold text-slate-900">
        {t("adminDelib.minutes.title")}
      </h2>
      <form
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (!minutes.trim()) return setError(t("adminDelib.minutes.required"));
          setError(null);
          save.mutate({ meetingId: meeting.id, minutes: minutes.trim() });
        }}
      >
        <TextArea
          label={t("adminDelib.minutes.label")}
          name="minutes"
          rows={8}
          value={minutes}
          error={error ?? undefined}
          readOnly={meeting.status === "cancelled"}
          onChange={(e) => setMinutes(e.target.value)}
        />
        {save.error ? <Alert tone="error">{errorText(t, save.error)}</Alert> : null}
        {save.isSuccess ? <Alert tone="success">{t("adminDelib.saved")}</Alert> : null}
        {meeting.status !== "cancelled" ? (
          <div>
            <Button type="submit" loading={save.isPending}>
              {t("adminDelib.minutes.save")}
            </Button>
          </div>
        ) : null}
      </form>
    </section>
  );
}

function HeldPanel({ meeting }: { meeting: Meeting }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const invalidate = useInvalidateMeeting();
  const held = useMutation(trpc.meetings.markHeld.mutationOptions({ onSuccess: invalidate }));
  const cancel = useMutation(trpc.meetings.cancel.mutationOptions({ onSuccess: invalidate }));
  if (meeting.status !== "planned") return null;
  return (
    <section className={panelClass} aria-labelledby="held-heading">
      <h2 id="held-heading" className="text-lg font-semibold text-slate-900">
        {t("adminDelib.held.title")}
      </h2>
      <p className="text-slate-800">{t("adminDelib.held.intro")}</p>
      {held.error || cancel.error ? (
        <Alert tone="error">{errorText(t, held.error ?? cancel.error)}</Alert>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <ConfirmButton
          label={t("adminDelib.held.mark")}
          question={t("adminDelib.held.markQ")}
          loading={held.isPending}
          onConfirm={() => held.mutate({ meetingId: meeting.id })}
        />
        <ConfirmButton
          variant="danger"
          label={t("adminDelib.held.cancel")}
          question={t("adminDelib.held.cancelQ")}
          loading={cancel.isPending}
          onConfirm={() => cancel.mutate({ meetingId: meeting.id })}
        />
      </div>
    </section>
  );
}

function DecisionsPanel({ meeting }: { meeting: Meeting }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const invalidate = useInvalidateMeeting();
  const [text, setText] = useState("");
  const [topicId, setTopicId] = useState("");
  const [vote, setVote] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const record = useMutation(
    trpc.meetings.recordDecision.mutationOptions({
      onSuccess: () => {
        setText("");
        setTopicId("");
        setVote(false);
        invalidate();
      },
    }),
  );
  const votes = useQuery(trpc.decisions.list.queryOptions({ communityId: meeting.communityId, limit: 50 }));
  const voteOf = new Map(
    (votes.data?.items ?? []).filter((v) => v.meetingDecisionId).map((v) => [v.meetingDecisionId!, v]),
  );
  return (
    <section className={panelClass} aria-labelledby="decisions-heading" data-testid="decisions">
      <h2 id="decisions-heading" className="text-lg font-semibold text-slate-900">
        {t("adminDelib.decisions.title")}
      </h2>
      {meeting.decisions.length === 0 ? (
        <p className="text-slate-700">{t("adminDelib.decisions.empty")}</p>
      ) : null}
      <ul className="flex flex-col gap-2">
        {meeting.decisions.map((d) => {
          const v = voteOf.get(d.id);
          const topic = meeting.agenda.find((a) => a.topicId === d.topicId);
          return (
            <li
              key={d.id}
              className="flex flex-col gap-1 rounded-md border border-slate-300 p-3"
              data-testid="decision"
            >
              <p className="whitespace-pre-wrap text-slate-900">{d.text}</p>
              <p className="text-sm text-slate-700">
                {topic
                  ? t("adminDelib.decisions.aboutTopic", { title: topic.title })
                  : t("adminDelib.decisions.noTopic")}
                {" · "}
                {d.requiresOwnersVote
                  ? t("adminDelib.decisions.needsVote")
                  : t("adminDelib.decisions.noVote")}
              </p>
              <p className="flex flex-wrap gap-x-4">
                {d.requiresOwnersVote ? (
                  v ? (
                    <Link to={`/deliberation/votes/${v.id}`} className={linkClass}>
                      {t("adminDelib.decisions.openVote", { title: v.title })}
                    </Link>
                  ) : (
                    <Link
                      to={`/deliberation/votes/new?meetingDecision=${d.id}&community=${meeting.communityId}${d.topicId ? `&topic=${d.topicId}` : ""}`}
                      className={linkClass}
                    >
                      {t("adminDelib.decisions.createVote")}
                    </Link>
                  )
                ) : null}
                <Link
                  to={`/ledgers/new?meetingDecision=${d.id}&community=${meeting.communityId}`}
                  className={linkClass}
                >
                  {t("adminDelib.decisions.createLedger")}
                </Link>
              </p>
            </li>
          );
        })}
      </ul>
      {meeting.status === "held" ? (
        <form
          className="flex flex-col gap-3"
          aria-label={t("adminDelib.decisions.formLabel")}
          onSubmit={(e) => {
            e.preventDefault();
            if (!text.trim()) return setError(t("adminDelib.decisions.textRequired"));
            setError(null);
            record.mutate({
              meetingId: meeting.id,
              text: text.trim(),
              topicId: topicId || null,
              requiresOwnersVote: vote,
            });
          }}
        >
          <TextArea
            label={t("adminDelib.decisions.text")}
            name="decision-text"
            value={text}
            error={error ?? undefined}
            onChange={(e) => setText(e.target.value)}
          />
          <Select
            label={t("adminDelib.decisions.topic")}
            name="decision-topic"
            value={topicId}
            onChange={(e) => setTopicId(e.target.value)}
          >
            <option value="">{t("adminDelib.decisions.noTopic")}</option>
            {meeting.agenda
              .filter((a) => a.topicId)
              .map((a) => (
                <option key={a.topicId} value={a.topicId!}>
                  {a.title}
                </option>
              ))}
          </Select>
          <label className="flex min-h-11 items-center gap-2 text-slate-900">
            <input
              type="checkbox"
              className="h-5 w-5"
              checked={vote}
              onChange={(e) => setVote(e.target.checked)}
            />
            {t("adminDelib.decisions.requiresVote")}
          </label>
          {record.error ? <Alert tone="error">{errorText(t, record.error)}</Alert> : null}
          <div>
            <Button type="submit" loading={record.isPending}>
              {t("adminDelib.decisions.record")}
            </Button>
          </div>
        </form>
      ) : (
        <p className="text-sm text-slate-700">{t("adminDelib.decisions.afterHeld")}</p>
      )}
    </section>
  );
}
