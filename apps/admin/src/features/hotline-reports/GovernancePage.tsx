/**
 * 治理类社区 — the communities the district's rule takes for a month (the bottom N by 综合成绩 and the
 * top M by volume; N and M are district settings, 5 and 30 by default), with one action that opens a
 * remediation ledger (整改台账, 三级督办) for each of them that has none yet — after a confirmation, with
 * a summary of what it opened.
 */
import {
  Alert,
  Button,
  DataTable,
  type DataTableColumn,
  formatDay,
  Loading,
  PageHeader,
  TextField,
  useI18n,
} from "@gongzhi/ui";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { errorText } from "../../lib/errors.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { type Outputs, useTRPC } from "../../trpc.ts";
import {
  FormulaNote,
  formatScore,
  lastFullMonth,
  MonthPicker,
  ReportError,
  useCanManage,
  usePlural,
  useRateColumns,
} from "./shared.tsx";

type Row = Outputs["workOrders"]["governanceCommunities"]["list"]["communities"][number];
type Opened = Outputs["workOrders"]["governanceCommunities"]["openLedgers"];

export function GovernancePage({ districtId }: { districtId: string }) {
  const { t, formatNumber, locale } = useI18n();
  const plural = usePlural();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canManage = useCanManage();
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-\d{2}$/.test(params.get("month") ?? "") ? params.get("month")! : lastFullMonth();
  const listOptions = trpc.workOrders.governanceCommunities.list.queryOptions({ districtId, month });
  const list = useQuery({ ...listOptions, placeholderData: keepPreviousData });
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<Opened | null>(null);
  useDocumentTitle(t("hotline.governance.title"));
  const rateCols = useRateColumns<Row>((r) => r.rates);

  const open = useMutation(
    trpc.workOrders.governanceCommunities.openLedgers.mutationOptions({
      onSuccess: (r) => {
        setResult(r);
        setConfirming(false);
        void qc.invalidateQueries({ queryKey: trpc.workOrders.governanceCommunities.list.queryKey() });
      },
    }),
  );

  const columns: DataTableColumn<Row>[] = [
    { key: "name", header: t("hotline.col.community"), rowHeader: true, cell: (r) => r.name },
    { key: "sub", header: t("hotline.col.subdistrict"), cell: (r) => r.subdistrictName },
    {
      key: "reasons",
      header: t("hotline.col.reasons"),
      cell: (r) => (
        <ul data-reasons={r.reasons.map((x) => x.kind).join(" ")}>
          {r.reasons.map((x) => (
            <li key={x.kind}>
              {x.kind === "bottom_score"
                ? t("hotline.governance.bottom", { position: x.position, score: formatScore(r.rates.score) })
                : t("hotline.governance.top", { position: x.position, volume: formatNumber(r.volume) })}
            </li>
          ))}
        </ul>
      ),
    },
    { key: "volume", header: t("hotline.col.orders"), align: "end", cell: (r) => formatNumber(r.volume) },
    ...rateCols,
    {
      key: "ledger",
      header: t("hotline.col.ledger"),
      cell: (r) =>
        r.ledger ? (
          <span data-ledger="open">
            <Link to={`/ledgers/${r.ledger.ledgerItemId}`} className="text-brand-800 underline">
              {t(`ledger.status.${r.ledger.status}`)}
            </Link>
            {" · "}
            {t("hotline.governance.deadline", { date: formatDay(locale, r.ledger.deadline) })}
          </span>
        ) : (
          <span data-ledger="none">{t("hotline.governance.noLedger")}</span>
        ),
    },
  ];

  const data = list.data;
  const missing = data ? data.communities.filter((c) => !c.ledger).length : 0;
  return (
    <div className="flex flex-col gap-6" data-print-report="" data-testid="hotline-governance">
      <PageHeader
        className="mb-0"
        title={t("hotline.governance.title")}
        intro={t("hotline.governance.intro")}
        actions={
          <div className="flex flex-wrap items-end gap-3" data-print-hide="">
            <MonthPicker value={month} onChange={(m) => setParams({ month: m })} />
            {canManage ? (
              <Button disabled={!data || missing === 0} onClick={() => setConfirming(true)}>
                {t("hotline.governance.open")}
              </Button>
            ) : null}
          </div>
        }
      />
      {result ? (
        <Alert tone="success" focusOnMount dismiss={undefined}>
          <span data-testid="open-ledgers-result">
            {plural("hotline.governance.opened", result.opened.length, {
              month: result.month,
              deadline: formatDay(locale, result.deadline),
            })}{" "}
            {plural("hotline.governance.already", result.alreadyOpen)}
          </span>
        </Alert>
      ) : null}
      {canManage ? <SettingsForm districtId={districtId} /> : null}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ReportError error={list.error} title={t("hotline.loadError")} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <p className="text-slate-900" data-testid="governance-rule">
            {plural("hotline.governance.rule", data!.communities.length, {
              bottom: data!.settings.bottomN,
              top: data!.settings.topM,
              month: data!.month,
            })}
          </p>
          <FormulaNote formula={data!.formula} />
          <DataTable
            caption={t("hotline.caption.governance", { month: data!.month })}
            columns={columns}
            rows={data!.communities}
            getRowKey={(r) => r.communityId}
            empty={t("hotline.empty.governance")}
          />
        </>
      )}
      {confirming && data ? (
        <ConfirmDialog
          title={t("hotline.governance.confirmTitle")}
          body={plural("hotline.governance.confirmBody", missing, { month: data.month })}
          confirm={t("hotline.governance.confirm")}
          cancel={t("hotline.governance.cancel")}
          busy={open.isPending}
          error={open.isError ? errorText(t, open.error) : undefined}
          onConfirm={() => open.mutate({ districtId, month: data.month })}
          onCancel={() => {
            open.reset();
            setConfirming(false);
          }}
        />
      ) : null}
    </div>
  );
}

/** A modal confirmation (native <dialog>: focus is trapped and Escape cancels). */
function ConfirmDialog(props: {
  title: string;
  body: string;
  confirm: string;
  cancel: string;
  busy: boolean;
  error?: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby="confirm-title"
      aria-describedby="confirm-body"
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
      className="m-auto max-w-lg rounded-xl border border-slate-300 p-6 shadow-xl backdrop:bg-slate-900/40"
      data-testid="confirm-dialog"
    >
      <h2 id="confirm-title" className="text-lg font-semibold text-slate-900">
        {props.title}
      </h2>
      <p id="confirm-body" className="mt-2 text-slate-800">
        {props.body}
      </p>
      {props.error ? (
        <Alert tone="error" className="mt-3">
          {props.error}
        </Alert>
      ) : null}
      <div className="mt-4 flex flex-wrap justify-end gap-3">
        <Button variant="secondary" onClick={props.onCancel}>
          {props.cancel}
        </Button>
        <Button loading={props.busy} onClick={props.onConfirm}>
          {props.confirm}
        </Button>
      </div>
    </dialog>
  );
}

/** The district's N and M. */
function SettingsForm({ districtId }: { districtId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const settings = useQuery(trpc.workOrders.governanceCommunities.settings.queryOptions({ districtId }));
  const [n, setN] = useState<string | null>(null);
  const [m, setM] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ n?: string; m?: string }>({});
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.workOrders.governanceCommunities.saveSettings.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        void qc.invalidateQueries({ queryKey: trpc.workOrders.governanceCommunities.pathKey() });
      },
    }),
  );
  if (settings.isPending) return <Loading />;
  if (settings.isError) return null;
  const nValue = n ?? String(settings.data.bottomN);
  const mValue = m ?? String(settings.data.topM);
  const parse = (v: string) => (/^\d{1,4}$/.test(v) && Number(v) <= 1000 ? Number(v) : null);
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const bottomN = parse(nValue);
    const topM = parse(mValue);
    const next = {
      n: bottomN === null ? t("hotline.settings.invalid") : undefined,
      m: topM === null ? t("hotline.settings.invalid") : undefined,
    };
    setErrors(next);
    if (bottomN === null || topM === null) return;
    save.mutate({ districtId, settings: { bottomN, topM } });
  }
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="flex flex-wrap items-end gap-3"
      data-print-hide=""
      aria-labelledby="gov-settings"
    >
      <h2 id="gov-settings" className="w-full text-lg font-semibold text-slate-900">
        {t("hotline.settings.title")}
      </h2>
      <TextField
        label={t("hotline.settings.bottomN")}
        name="bottomN"
        inputMode="numeric"
        value={nValue}
        error={errors.n}
        onChange={(e) => setN(e.target.value)}
      />
      <TextField
        label={t("hotline.settings.topM")}
        name="topM"
        inputMode="numeric"
        value={mValue}
        error={errors.m}
        onChange={(e) => setM(e.target.value)}
      />
      <Button type="submit" variant="secondary" loading={save.isPending}>
        {t("hotline.settings.save")}
      </Button>
      {saved ? (
        <p role="status" className="text-green-800">
          {t("hotline.settings.saved")}
        </p>
      ) : null}
      {save.isError ? (
        <Alert tone="error" className="w-full">
          {errorText(t, save.error)}
        </Alert>
      ) : null}
    </form>
  );
}
