/**
 * Pieces of the 接诉即办 views: the staff member's desk (a handling unit's inbox or the dispatchers'
 * street/district view), the category tree and the district's units by id, the time-used badge
 * (预警 50 % / 80 % / 超时 as colour AND words), and a keyboard-accessible modal dialog for actions.
 */
import type { WorkOrderStatus } from "@gongzhi/core";
import { Alert, Button, useI18n } from "@gongzhi/ui";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useEffect, useId, useMemo, useRef, useState } from "react";
import { errorText } from "../../lib/errors.ts";
import { useStaff } from "../../shell/staff.tsx";
import { useTRPC } from "../../trpc.ts";
import type { Desk, HandlingUnit, TimeUsedView } from "./model.ts";
import { usedPercent } from "./model.ts";

/** Where the staff member works: their handling units' inbox, or dispatch (street/district). */
export function useDesk(): Desk | undefined {
  const { scope } = useStaff();
  const trpc = useTRPC();
  const mine = useQuery({
    ...trpc.handlingUnits.mine.queryOptions(),
    enabled: scope.role === "unit_staff",
  });
  if (scope.role !== "unit_staff") return { kind: "dispatch" };
  if (!mine.data) return undefined;
  return { kind: "unit", unitIds: mine.data.map((u) => u.id) };
}

/** The category tree (flat, by code) and a lookup by id. */
export function useCategories() {
  const trpc = useTRPC();
  const q = useQuery({
    ...trpc.handlingUnits.categories.queryOptions({ activeOnly: false }),
    staleTime: 300_000,
  });
  const byId = useMemo(() => new Map((q.data ?? []).map((c) => [c.id, c])), [q.data]);
  return { ...q, byId };
}

/** The handling units of a district (all, also inactive ones, to name them) and a lookup by id. */
export function useDistrictUnits(districtId: string | undefined) {
  const trpc = useTRPC();
  const q = useQuery({
    ...trpc.handlingUnits.list.queryOptions({ districtId: districtId ?? "", activeOnly: false }),
    enabled: !!districtId,
    staleTime: 300_000,
  });
  const byId = useMemo(() => new Map<string, HandlingUnit>((q.data ?? []).map((u) => [u.id, u])), [q.data]);
  return { ...q, byId };
}

const levelStyle: Record<TimeUsedView["level"], { className: string; icon: string }> = {
  normal: { className: "border-emerald-700 bg-emerald-50 text-emerald-900", icon: "●" },
  warning_50: { className: "border-amber-600 bg-amber-50 text-amber-900", icon: "▲" },
  warning_80: { className: "border-orange-700 bg-orange-100 text-orange-950", icon: "▲" },
  overdue: { className: "border-red-700 bg-red-100 text-red-900", icon: "✕" },
};

/**
 * The time used of an order's limit (core's `timeUsed`): "已用 63% · 预警" in a coloured chip, the
 * colour doubled by an icon and the words, so it never relies on colour alone.
 */
export function TimeUsedBadge({ timeUsed }: { timeUsed: TimeUsedView | null }) {
  const { t } = useI18n();
  if (!timeUsed) return <span className="text-slate-700">{t("hotline.timeUsed.none")}</span>;
  const style = levelStyle[timeUsed.level];
  return (
    <span
      className={`inline-flex items-center gap-1 rounded border px-2 py-0.5 text-sm font-medium whitespace-nowrap ${style.className}`}
      data-level={timeUsed.level}
      data-testid="time-used"
    >
      <span aria-hidden="true">{style.icon}</span>
      {t(`hotline.timeUsed.${timeUsed.level}`, { percent: usedPercent(timeUsed) })}
    </span>
  );
}

export function StatusText({ status }: { status: WorkOrderStatus }) {
  const { t } = useI18n();
  return <span className="whitespace-nowrap">{t(`hotline.status.${status}`)}</span>;
}

/**
 * A modal dialog (native `<dialog>`: focus moves in and stays, Esc closes, focus returns to the
 * opener) holding one action's form. `onSubmit` throws to show the API's error in the dialog.
 */
export function ActionDialog({
  title,
  submitLabel,
  onClose,
  onSubmit,
  validate,
  children,
  danger,
}: {
  title: string;
  submitLabel: string;
  onClose: () => void;
  onSubmit: () => Promise<void>;
  /** Field errors found before sending (empty: send). */
  validate?: () => Record<string, string>;
  children: (errors: Record<string, string>) => ReactNode;
  danger?: boolean;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [apiError, setApiError] = useState<string | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = validate?.() ?? {};
    setErrors(found);
    setApiError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await onSubmit();
    } catch (err) {
      setApiError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className="m-auto w-full max-w-lg rounded-xl border border-slate-300 bg-white p-0 shadow-xl backdrop:bg-slate-900/50"
    >
      <form onSubmit={(e) => void submit(e)} noValidate className="flex flex-col gap-4 p-5">
        <h2 id={titleId} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        {apiError ? (
          <Alert tone="error" focusOnMount>
            {apiError}
          </Alert>
        ) : null}
        {children(errors)}
        <div className="flex flex-wrap gap-3">
          <Button type="submit" loading={busy} variant={danger ? "danger" : "primary"}>
            {submitLabel}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            {t("hotline.cancel")}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
