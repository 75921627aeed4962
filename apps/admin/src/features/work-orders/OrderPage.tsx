/**
 * 工单详情: one order (`workOrders.get`) — details with the requester's name and phone masked except for
 * the lead unit's staff who call back (the API decides), the time used of its limit, the timeline of
 * events, callbacks and extensions — and the actions the staff member may take now (model.ts asks
 * core's lifecycle), each in a modal dialog.
 */
import { callbackSatisfactions, timeLimitKinds } from "@gongzhi/core";
import { Alert, Button, Loading, TextField, useI18n } from "@gongzhi/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { useTRPC, useTRPCClient } from "../../trpc.ts";
import { useHomeUnit } from "../committees/shared.tsx";
import { Select, TextArea } from "../deliberation/common.tsx";
import { LoadFailure } from "../registry/shared.tsx";
import { availableActions, categoryPath, type Detail, limitText, type OrderAction } from "./model.ts";
import {
  ActionDialog,
  StatusText,
  TimeUsedBadge,
  useCategories,
  useDesk,
  useDistrictUnits,
} from "./parts.tsx";

export default function OrderPage() {
  const { id = "" } = useParams();
  const { t } = useI18n();
  const trpc = useTRPC();
  const desk = useDesk();
  const detail = useQuery(trpc.workOrders.get.queryOptions({ id }));
  const [open, setOpen] = useState<OrderAction | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useDocumentTitle(
    detail.data ? t("hotline.order.title", { number: detail.data.order.number }) : t("hotline.title"),
  );

  if (detail.isPending || !desk) return <Loading />;
  if (detail.isError) return <LoadFailure error={detail.error} onRetry={() => void detail.refetch()} />;
  const d = detail.data;
  const actions = availableActions(d, desk);
  return (
    <div className="flex flex-col gap-6" data-testid="order-page">
      <div className="flex flex-col gap-2">
        <Link to="/work-orders" className="text-brand-800 underline">
          {t("hotline.backToList")}
        </Link>
        <h1 className="text-2xl font-bold text-slate-900">
          {t("hotline.order.title", { number: d.order.number })}
        </h1>
        <p className="flex flex-wrap items-center gap-3">
          <span>
            {t("hotline.col.status")}:{" "}
            <strong data-testid="order-status">
              <StatusText status={d.order.status} />
            </strong>
          </span>
          {d.timeUsed ? <TimeUsedBadge timeUsed={d.timeUsed} /> : null}
        </p>
      </div>
      {done ? (
        <Alert
          tone="success"
          dismiss={
            <Button variant="ghost" onClick={() => setDone(null)}>
              {t("hotline.dismiss")}
            </Button>
          }
        >
          {done}
        </Alert>
      ) : null}
      <section aria-labelledby="order-actions" className="flex flex-col gap-2">
        <h2 id="order-actions" className="text-lg font-semibold text-slate-900">
          {t("hotline.actions.title")}
        </h2>
        {actions.length === 0 ? (
          <p>{t("hotline.actions.none")}</p>
        ) : (
          <ul className="flex flex-wrap gap-2">
            {actions.map((a) => (
              <li key={a}>
                <Button variant={a === "return" ? "secondary" : "primary"} onClick={() => setOpen(a)}>
                  {t(`hotline.action.${a}`)}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {open ? (
        <ActionForm
          action={open}
          detail={d}
          onClose={() => setOpen(null)}
          onDone={(message) => {
            setOpen(null);
            setDone(message);
          }}
        />
      ) : null}
      <Details detail={d} />
      <Timeline detail={d} />
    </div>
  );
}

function Details({ detail }: { detail: Detail }) {
  const { t, locale, formatDateTime } = useI18n();
  const categories = useCategories();
  const units = useDistrictUnits(detail.order.districtId);
  const o = detail.order;
  const unitName = (id: string | null) => (id ? (units.byId.get(id)?.name ?? "…") : "—");
  const rows: [string, string][] = [
    [t("hotline.col.type"), t(`hotline.type.${o.type}`)],
    [t("hotline.col.category"), categoryPath(categories.data ?? [], o.categoryId, locale)],
    [t("hotline.intake.channel"), t(`hotline.channel.${o.channel}`)],
    [t("hotline.col.place"), o.place?.address || "—"],
    [t("hotline.col.received"), formatDateTime(o.receivedAt)],
    [t("hotline.order.limit"), limitText(t, o.timeLimit)],
    [t("hotline.col.due"), formatDateTime(o.dueAt)],
    [t("hotline.order.assigned"), unitName(o.assignedUnitId)],
    [t("hotline.order.lead"), unitName(o.leadUnitId)],
    [t("hotline.order.coHandlers"), o.coHandlerUnitIds.map((u) => unitName(u)).join("、") || "—"],
    [t("hotline.order.requester"), o.requesterName ?? "—"],
    [t("hotline.order.phone"), o.requesterPhone ?? "—"],
    [t("hotline.order.returns"), String(o.returnCount)],
    [t("hotline.order.reopens"), String(o.reopenCount)],
  ];
  return (
    <section aria-labelledby="order-details" className="flex flex-col gap-3">
      <h2 id="order-details" className="text-lg font-semibold text-slate-900">
        {t("hotline.order.details")}
      </h2>
      <p className="max-w-3xl whitespace-pre-wrap rounded-lg border border-slate-200 bg-white p-3">
        {o.text}
      </p>
      <dl className="grid max-w-3xl gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="font-medium text-slate-700">{k}</dt>
            <dd className="text-slate-900">{v}</dd>
          </div>
        ))}
      </dl>
      {o.requesterMasked ? <p className="text-sm text-slate-700">{t("hotline.order.masked")}</p> : null}
      <Photos detail={detail} />
    </section>
  );
}

/**
 * The photos the requester attached, read through the server's /work-order-photos/:id route (the same
 * check as `workOrders.photo`: the requester or staff whose scope covers the order). Each opens full
 * size in a new tab.
 */
function Photos({ detail }: { detail: Detail }) {
  const { t } = useI18n();
  if (detail.photos.length === 0) return null;
  return (
    <div className="flex flex-col gap-2">
      <h3 className="font-semibold text-slate-900">
        {t("hotline.order.photos", { count: detail.photos.length })}
      </h3>
      <ul className="grid max-w-3xl grid-cols-3 gap-3 sm:grid-cols-4" data-testid="order-photos">
        {detail.photos.map((p, i) => (
          <li key={p.id}>
            <a
              href={`/work-order-photos/${p.id}`}
              target="_blank"
              rel="noreferrer"
              className="block min-h-11 rounded-lg focus-visible:outline-2 focus-visible:outline-brand-700"
            >
              <img
                src={`/work-order-photos/${p.id}`}
                alt={t("hotline.order.photoAlt", { n: i + 1 })}
                className="aspect-square w-full rounded-lg border border-slate-300 object-cover"
                loading="lazy"
              />
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Timeline({ detail }: { detail: Detail }) {
  const { t, formatDateTime } = useI18n();
  const units = useDistrictUnits(detail.order.districtId);
  return (
    <section aria-labelledby="order-timeline" className="flex flex-col gap-3">
      <h2 id="order-timeline" className="text-lg font-semibold text-slate-900">
        {t("hotline.order.timeline")}
      </h2>
      <ol className="flex max-w-3xl flex-col gap-3 border-l-2 border-slate-300 pl-4" data-testid="timeline">
        {detail.events.map((e) => (
          <li key={e.id} className="flex flex-col gap-0.5">
            <span className="text-sm text-slate-700">
              {formatDateTime(e.at)} · {t(`hotline.actor.${e.actor}`)}
              {e.unitId ? ` · ${units.byId.get(e.unitId)?.name ?? "…"}` : ""}
            </span>
            <span className="font-medium text-slate-900">
              {e.kind === "transition" && e.fromStatus && e.toStatus
                ? t("hotline.event.transition", {
                    from: t(`hotline.status.${e.fromStatus}`),
                    to: t(`hotline.status.${e.toStatus}`),
                  })
                : t(`hotline.event.${e.kind as Exclude<typeof e.kind, "transition">}`)}
            </span>
            {e.note ? <span className="whitespace-pre-wrap">{e.note}</span> : null}
            {e.reason ? (
              <span className="whitespace-pre-wrap">{t("hotline.event.reason", { reason: e.reason })}</span>
            ) : null}
          </li>
        ))}
      </ol>
      {detail.callbacks.length > 0 ? (
        <>
          <h3 className="font-semibold text-slate-900">{t("hotline.order.callbacks")}</h3>
          <ul className="flex flex-col gap-1">
            {detail.callbacks.map((c) => (
              <li key={c.id}>
                {formatDateTime(c.at)} ·{" "}
                {t("hotline.callback.summary", {
                  contacted: c.contacted ? t("hotline.yes") : t("hotline.no"),
                  solved: c.solved ? t("hotline.yes") : t("hotline.no"),
                  satisfaction: t(`hotline.satisfaction.${c.satisfaction}`),
                })}
                {c.valid ? "" : ` · ${t("hotline.callback.invalid", { reason: c.invalidReason ?? "" })}`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {detail.extensions.length > 0 ? (
        <>
          <h3 className="font-semibold text-slate-900">{t("hotline.order.extensions")}</h3>
          <ul className="flex flex-col gap-1">
            {detail.extensions.map((x) => (
              <li key={x.id}>
                {formatDateTime(x.requestedAt)} · {limitText(t, x.extension)} ·{" "}
                {t(`hotline.extension.${x.status}`)} · {x.reason}
                {x.decisionNote ? ` · ${x.decisionNote}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** The dialog of one action: its fields, its client checks, its procedure. */
function ActionForm({
  action,
  detail,
  onClose,
  onDone,
}: {
  action: OrderAction;
  detail: Detail;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const o = detail.order;
  const units = useDistrictUnits(o.districtId);
  // originals to merge into: the latest orders of the dispatcher's street or district
  const home = useHomeUnit();
  const listScope =
    home && (home.level === "district" || home.level === "subdistrict")
      ? { scopeLevel: home.level as "district" | "subdistrict", scopeId: home.id }
      : null;
  const candidates = useQuery({
    ...trpc.workOrders.list.queryOptions({
      scopeLevel: listScope?.scopeLevel ?? "district",
      scopeId: listScope?.scopeId ?? o.districtId,
      statuses: [
        "received",
        "dispatched",
        "returned",
        "accepted",
        "in_progress",
        "answered",
        "called_back",
        "reopened",
        "closed",
      ],
      sort: { key: "receivedAt", direction: "desc" },
      limit: 50,
    }),
    enabled: action === "merge" && !!listScope,
  });
  const [text, setText] = useState("");
  const [unitId, setUnitId] = useState("");
  const [intoId, setIntoId] = useState("");
  const [kind, setKind] = useState<(typeof timeLimitKinds)[number]>("working_days");
  const [amount, setAmount] = useState("");
  const [approve, setApprove] = useState("approve");
  const [contacted, setContacted] = useState(true);
  const [solved, setSolved] = useState(true);
  const [satisfaction, setSatisfaction] = useState<(typeof callbackSatisfactions)[number]>("satisfied");
  const [valid, setValid] = useState(true);
  const pending = detail.extensions.find((e) => e.status === "pending");

  const needsText: Partial<Record<OrderAction, "required" | "optional">> = {
    return: "required",
    answer: "required",
    addNote: "required",
    logContact: "required",
    requestExtension: "required",
    dispatch: "optional",
    decideExtension: "optional",
    reopen: o.status === "closed" ? "required" : "optional",
  };
  const textLabel: Partial<Record<OrderAction, string>> = {
    return: t("hotline.form.returnReason"),
    answer: t("hotline.form.answer"),
    addNote: t("hotline.form.note"),
    logContact: t("hotline.form.contact"),
    requestExtension: t("hotline.form.extensionReason"),
    dispatch: t("hotline.form.dispatchReason"),
    decideExtension: t("hotline.form.decisionNote"),
    reopen: t("hotline.form.reopenReason"),
  };
  const candidateUnits = (units.data ?? []).filter(
    (u) =>
      u.active &&
      (action !== "addCoHandler" || (u.id !== o.leadUnitId && !o.coHandlerUnitIds.includes(u.id))),
  );

  function validate(): Record<string, string> {
    const e: Record<string, string> = {};
    if (needsText[action] === "required" && !text.trim()) e.text = t("hotline.form.textRequired");
    if ((action === "dispatch" || action === "addCoHandler") && !unitId)
      e.unitId = t("hotline.form.unitRequired");
    if (action === "merge" && !intoId) e.intoId = t("hotline.form.intoRequired");
    if (action === "requestExtension") {
      const n = Number(amount);
      if (!/^\d{1,4}$/.test(amount.trim()) || n < 1) e.amount = t("hotline.form.amountInvalid");
    }
    if (action === "callback" && !valid && !text.trim()) e.text = t("hotline.form.invalidReasonRequired");
    return e;
  }

  async function submit() {
    const note = text.trim();
    const optional = note || null;
    switch (action) {
      case "dispatch":
        await client.workOrders.dispatch.mutate({ id: o.id, unitId, reason: optional });
        break;
      case "accept":
        await client.workOrders.accept.mutate({ id: o.id });
        break;
      case "return":
        await client.workOrders.return.mutate({ id: o.id, reason: note });
        break;
      case "answer":
        await client.workOrders.answer.mutate({ id: o.id, answer: note });
        break;
      case "addNote":
        await client.workOrders.addNote.mutate({ id: o.id, note });
        break;
      case "addCoHandler":
        await client.workOrders.addCoHandler.mutate({ id: o.id, unitId });
        break;
      case "logContact":
        await client.workOrders.logContact.mutate({ id: o.id, note });
        break;
      case "requestExtension":
        await client.workOrders.requestExtension.mutate({
          id: o.id,
          extension: { kind, amount: Number(amount) },
          reason: note,
        });
        break;
      case "decideExtension":
        if (!pending) return;
        await client.workOrders.decideExtension.mutate({
          extensionId: pending.id,
          approve: approve === "approve",
          note: optional,
        });
        break;
      case "callback":
        await client.workOrders.callback.mutate({
          id: o.id,
          contacted,
          solved,
          satisfaction,
          valid,
          invalidReason: valid ? null : note,
        });
        break;
      case "merge":
        await client.workOrders.merge.mutate({ id: o.id, intoId });
        break;
      case "reopen":
        await client.workOrders.reopen.mutate({ id: o.id, reason: optional });
        break;
    }
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.workOrders.get.queryKey({ id: o.id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.workOrders.inbox.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.workOrders.list.pathKey() }),
    ]);
    onDone(t("hotline.done", { action: t(`hotline.action.${action}`) }));
  }

  const unitsSelect = (errors: Record<string, string>) => (
    <Select
      name="unitId"
      label={t("hotline.form.unit")}
      value={unitId}
      error={errors.unitId}
      disabled={units.isPending}
      onChange={(e) => setUnitId(e.target.value)}
    >
      <option value="">{units.isPending ? t("common.loading") : t("hotline.choose")}</option>
      {candidateUnits.map((u) => (
        <option key={u.id} value={u.id}>
          {u.name}
        </option>
      ))}
    </Select>
  );
  const textArea = (errors: Record<string, string>, label = textLabel[action] ?? "") => (
    <TextArea
      name="text"
      label={label}
      hint={needsText[action] === "optional" ? t("hotline.form.optional") : undefined}
      value={text}
      error={errors.text}
      maxLength={action === "answer" || action === "addNote" || action === "logContact" ? 2000 : 1000}
      onChange={(e) => setText(e.target.value)}
    />
  );

  return (
    <ActionDialog
      title={t(`hotline.action.${action}`)}
      submitLabel={t(`hotline.action.${action}`)}
      danger={action === "return" || action === "merge"}
      onClose={onClose}
      validate={validate}
      onSubmit={submit}
    >
      {(errors) => (
        <>
          <p className="text-slate-800">{t(`hotline.actionHelp.${action}`)}</p>
          {action === "dispatch" || action === "addCoHandler" ? unitsSelect(errors) : null}
          {action === "merge" ? (
            <Select
              name="intoId"
              label={t("hotline.form.into")}
              value={intoId}
              error={errors.intoId}
              disabled={candidates.isPending}
              onChange={(e) => setIntoId(e.target.value)}
            >
              <option value="">{candidates.isPending ? t("common.loading") : t("hotline.choose")}</option>
              {(candidates.data?.items ?? [])
                .filter((i) => i.order.id !== o.id && i.order.status !== "merged")
                .map((i) => (
                  <option key={i.order.id} value={i.order.id}>
                    {i.order.number} · {i.order.text.slice(0, 30)}
                  </option>
                ))}
            </Select>
          ) : null}
          {action === "requestExtension" ? (
            <div className="grid gap-4 sm:grid-cols-2">
              <Select
                name="kind"
                label={t("hotline.form.extensionKind")}
                value={kind}
                onChange={(e) => setKind(e.target.value as (typeof timeLimitKinds)[number])}
              >
                {timeLimitKinds.map((k) => (
                  <option key={k} value={k}>
                    {t(`hotline.limitKind.${k}`)}
                  </option>
                ))}
              </Select>
              <TextField
                name="amount"
                label={t("hotline.form.extensionAmount")}
                inputMode="numeric"
                value={amount}
                error={errors.amount}
                onChange={(e) => setAmount(e.target.value)}
              />
            </div>
          ) : null}
          {action === "decideExtension" && pending ? (
            <>
              <p>
                {limitText(t, pending.extension)} · {pending.reason}
              </p>
              <fieldset className="flex flex-col gap-1">
                <legend className="font-medium text-slate-900">{t("hotline.form.decision")}</legend>
                {(["approve", "reject"] as const).map((v) => (
                  <label key={v} className="inline-flex min-h-11 items-center gap-2">
                    <input
                      type="radio"
                      name="decision"
                      value={v}
                      checked={approve === v}
                      onChange={() => setApprove(v)}
                      className="size-5"
                    />
                    {t(`hotline.form.${v}`)}
                  </label>
                ))}
              </fieldset>
            </>
          ) : null}
          {action === "callback" ? (
            <>
              {(
                [
                  ["contacted", contacted, setContacted],
                  ["solved", solved, setSolved],
                  ["valid", valid, setValid],
                ] as const
              ).map(([name, value, set]) => (
                <label key={name} className="inline-flex min-h-11 items-center gap-2">
                  <input
                    type="checkbox"
                    name={name}
                    checked={value}
                    onChange={(e) => set(e.target.checked)}
                    className="size-5"
                  />
                  {t(`hotline.callback.${name}`)}
                </label>
              ))}
              <Select
                name="satisfaction"
                label={t("hotline.callback.satisfaction")}
                value={satisfaction}
                onChange={(e) => setSatisfaction(e.target.value as (typeof callbackSatisfactions)[number])}
              >
                {callbackSatisfactions.map((s) => (
                  <option key={s} value={s}>
                    {t(`hotline.satisfaction.${s}`)}
                  </option>
                ))}
              </Select>
              {valid ? null : textArea(errors, t("hotline.callback.invalidReason"))}
            </>
          ) : null}
          {needsText[action] ? textArea(errors) : null}
        </>
      )}
    </ActionDialog>
  );
}
