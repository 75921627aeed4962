/**
 * Shared pieces of the deliberation, ledger and audit views: inline confirmation, labelled textarea and
 * select with errors next to them, the community picker (community staff: their own; subdistrict and
 * district staff: any community below them), Beijing dates, and the standard error / 403 states.
 */
import { Button, ErrorState, fieldId, useI18n } from "@gongzhi/ui";
import { useQuery } from "@tanstack/react-query";
import {
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useEffect,
  useId,
  useRef,
  useState,
} from "react";
import { useSearchParams } from "react-router";
import { errorCode, errorText } from "../../lib/errors.ts";
import { fetchAllPages } from "../../lib/paging.ts";
import { useStaff } from "../../shell/staff.tsx";
import { useTRPC, useTRPCClient } from "../../trpc.ts";
import { useCursorPager } from "../registry/shared.tsx";

export { useCursorPager };

/** Today's date in Beijing ("YYYY-MM-DD"), optionally shifted by whole days. */
export function beijingToday(offsetDays = 0, now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}
/** A calendar date plus whole days. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  return new Date(d.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
/** "YYYY-MM-DD" + "HH:MM" in Beijing time → ISO instant with offset. */
export function beijingInstant(date: string, time = "00:00"): string {
  return `${date}T${time}:00+08:00`;
}
/** The Beijing calendar date of an instant (as the API sends it: an ISO string). */
export function beijingDateOf(value: string | Date): string {
  return new Date(new Date(value).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export const panelClass = "flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm";
export const linkClass = "inline-flex min-h-11 items-center text-brand-800 underline";
const controlClass =
  "min-h-11 w-full rounded-md border border-slate-500 bg-white px-3 py-2 text-base text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 aria-[invalid=true]:border-red-700";

/** A labelled textarea with hint and error tied to it. */
export function TextArea({
  label,
  name,
  hint,
  error,
  ...rest
}: { label: ReactNode; name: string; hint?: ReactNode; error?: ReactNode } & Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  "id" | "name"
>) {
  const uid = useId();
  const id = fieldId(name);
  const describedBy = [hint ? `${uid}-hint` : null, error ? `${uid}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium text-slate-900">
        {label}
      </label>
      {hint ? (
        <p id={`${uid}-hint`} className="text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${uid}-error`} className="text-sm font-semibold text-red-800">
          {error}
        </p>
      ) : null}
      <textarea
        id={id}
        name={name}
        rows={4}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className={controlClass}
        {...rest}
      />
    </div>
  );
}

/** A labelled select with hint and error tied to it. */
export function Select({
  label,
  name,
  hint,
  error,
  children,
  ...rest
}: { label: ReactNode; name: string; hint?: ReactNode; error?: ReactNode; children: ReactNode } & Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  "id" | "name"
>) {
  const uid = useId();
  const id = fieldId(name);
  const describedBy = [hint ? `${uid}-hint` : null, error ? `${uid}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium text-slate-900">
        {label}
      </label>
      {hint ? (
        <p id={`${uid}-hint`} className="text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${uid}-error`} className="text-sm font-semibold text-red-800">
          {error}
        </p>
      ) : null}
      <select
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className={controlClass}
        {...rest}
      >
        {children}
      </select>
    </div>
  );
}

/**
 * A button that asks before it acts: the first click shows the question with 确认 / 取消 (focus moves to
 * the question); only 确认 runs `onConfirm`.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  variant = "primary",
  loading,
  disabled,
  testId,
}: {
  label: ReactNode;
  question: ReactNode;
  confirmLabel?: ReactNode;
  onConfirm: () => void;
  variant?: "primary" | "secondary" | "danger";
  loading?: boolean;
  disabled?: boolean;
  testId?: string;
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const ref = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    if (asking) ref.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <Button
        variant={variant}
        onClick={() => setAsking(true)}
        disabled={disabled}
        loading={loading}
        data-testid={testId}
      >
        {label}
      </Button>
    );
  }
  return (
    <fieldset
      ref={ref}
      tabIndex={-1}
      className="flex flex-col gap-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-slate-900"
    >
      <legend className="sr-only">{t("adminDelib.confirm.label")}</legend>
      <p>{question}</p>
      <div className="flex flex-wrap gap-2">
        <Button
          variant={variant === "danger" ? "danger" : "primary"}
          loading={loading}
          onClick={() => {
            onConfirm();
            setAsking(false);
          }}
        >
          {confirmLabel ?? t("adminDelib.confirm.yes")}
        </Button>
        <Button variant="secondary" onClick={() => setAsking(false)}>
          {t("adminDelib.confirm.no")}
        </Button>
      </div>
    </fieldset>
  );
}

/** The page-level state of a failed query: 403 / 404 in words, anything else with a retry. */
export function QueryError({
  error,
  title,
  onRetry,
}: {
  error: unknown;
  title: string;
  onRetry?: () => void;
}) {
  const { t } = useI18n();
  const code = errorCode(error);
  if (code === "FORBIDDEN" || code === "UNAUTHORIZED") {
    return (
      <ErrorState
        headingLevel={1}
        title={t("error.forbidden.title")}
        description={t("error.forbidden.body")}
        detail={t("error.status", { status: 403 })}
      />
    );
  }
  if (code === "NOT_FOUND") {
    return (
      <ErrorState
        headingLevel={1}
        title={t("error.notFound.title")}
        description={errorText(t, error)}
        detail={t("error.status", { status: 404 })}
      />
    );
  }
  return <ErrorState headingLevel={1} title={title} description={errorText(t, error)} onRetry={onRetry} />;
}

export interface CommunityOption {
  id: string;
  name: string;
}

/**
 * The communities the user may run deliberation in: their own (community staff), those of their
 * subdistrict, or every community of the district (read subdistrict by subdistrict).
 */
export function useCommunityOptions() {
  const { scope } = useStaff();
  const client = useTRPCClient();
  const trpc = useTRPC();
  const summary = useQuery({
    ...trpc.registry.districtSummary.queryOptions(),
    enabled: scope.scopeKind === "global",
  });
  const districtId = scope.scopeKind === "district" ? scope.scopeId : summary.data?.district?.id;
  return useQuery({
    queryKey: ["adminDelib", "communities", scope.scopeKind, scope.scopeId, districtId],
    enabled: scope.scopeKind !== "global" || !!districtId,
    staleTime: 5 * 60_000,
    queryFn: async (): Promise<CommunityOption[]> => {
      if (scope.scopeKind === "community" && scope.scopeId) {
        const c = await client.registryAdmin.getCommunity.query({ communityId: scope.scopeId });
        return [{ id: c.id, name: c.name }];
      }
      const subIds =
        scope.scopeKind === "subdistrict" && scope.scopeId
          ? [scope.scopeId]
          : (
              await fetchAllPages((cursor) =>
                client.registryAdmin.listSubdistricts.query({ districtId: districtId!, limit: 100, cursor }),
              )
            ).map((s) => s.id);
      const all: CommunityOption[] = [];
      for (const subdistrictId of subIds) {
        const items = await fetchAllPages((cursor) =>
          client.registryAdmin.listCommunities.query({ subdistrictId, limit: 100, cursor }),
        );
        all.push(...items.map((c) => ({ id: c.id, name: c.name })));
      }
      return all;
    },
  });
}

/** The chosen community (`?community=`), defaulting to the first one the user may act in. */
export function useChosenCommunity() {
  const options = useCommunityOptions();
  const [params, setParams] = useSearchParams();
  const wanted = params.get("community");
  const chosen = options.data?.find((c) => c.id === wanted) ?? options.data?.[0] ?? null;
  const choose = (id: string) => {
    const next = new URLSearchParams(params);
    next.set("community", id);
    setParams(next);
  };
  return { options, chosen, choose };
}

/** The community select (hidden when the user has only one community). */
export function CommunityPicker({
  options,
  chosen,
  onChoose,
}: {
  options: CommunityOption[];
  chosen: CommunityOption | null;
  onChoose: (id: string) => void;
}) {
  const { t } = useI18n();
  if (options.length <= 1) return null;
  return (
    <div className="max-w-sm">
      <Select
        label={t("adminDelib.community.pick")}
        name="community"
        value={chosen?.id ?? ""}
        onChange={(e) => onChoose(e.target.value)}
      >
        {options.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </Select>
    </div>
  );
}

/** Cursor pager for server-paginated lists: a stack of cursors for "previous". */

export function Pager({
  page,
  hasNext,
  onPrev,
  onNext,
  label,
}: {
  page: number;
  hasNext: boolean;
  onPrev: () => void;
  onNext: () => void;
  label: string;
}) {
  const { t } = useI18n();
  return (
    <nav aria-label={label} className="flex items-center gap-3">
      <Button variant="secondary" onClick={onPrev} disabled={page <= 1}>
        {t("adminDelib.pager.prev")}
      </Button>
      <span>{t("adminDelib.pager.page", { page })}</span>
      <Button variant="secondary" onClick={onNext} disabled={!hasNext}>
        {t("adminDelib.pager.next")}
      </Button>
    </nav>
  );
}
