/** Browser half of the 我要反映 pages: the status badge and the radio group the forms share. */
import type { WorkOrderStatus } from "@gongzhi/core";
import { cx, fieldId, type MessageKey, useT } from "@gongzhi/ui";
import { type ReactNode, useId } from "react";

/** The photo limits the API enforces (packages/api/src/uploads.ts), for the form's hint and `accept`. */
export const photoHint = { max: 6, maxMegabytes: 5 } as const;
export const photoAccept = "image/jpeg,image/png,image/webp,image/heic";

/** Colour per stage (all pairs meet 4.5:1), always with the words: waiting, being handled, answered, done. */
const tones: Record<WorkOrderStatus, string> = {
  received: "bg-slate-100 text-slate-800 border-slate-400",
  dispatched: "bg-sky-50 text-sky-900 border-sky-300",
  returned: "bg-amber-50 text-amber-900 border-amber-300",
  accepted: "bg-indigo-50 text-indigo-900 border-indigo-300",
  in_progress: "bg-indigo-50 text-indigo-900 border-indigo-300",
  answered: "bg-green-50 text-green-900 border-green-300",
  called_back: "bg-green-50 text-green-900 border-green-300",
  closed: "bg-emerald-50 text-emerald-900 border-emerald-300",
  reopened: "bg-amber-50 text-amber-900 border-amber-300",
  merged: "bg-slate-100 text-slate-800 border-slate-400",
};

/** A request's status in plain words (never only a colour). */
export function RequestStatusBadge({ status, className }: { status: WorkOrderStatus; className?: string }) {
  const t = useT();
  return (
    <span
      className={cx(
        "inline-flex items-center rounded-full border px-2.5 py-0.5 text-sm font-semibold",
        tones[status],
        className,
      )}
      data-status={status}
    >
      {t(`request.status.${status}`)}
    </span>
  );
}

/**
 * A fieldset of radio buttons, each a 44 px target; the error is tied to the group and the first
 * radio has id `field-<name>` so the error summary can link to it.
 */
export function RadioGroup({
  name,
  legend,
  options,
  defaultValue,
  error,
  hint,
  inline = false,
}: {
  name: string;
  legend: ReactNode;
  options: ReadonlyArray<{ value: string; label: MessageKey }>;
  defaultValue?: string | undefined;
  error?: ReactNode;
  hint?: ReactNode;
  inline?: boolean;
}) {
  const say = useT() as (key: MessageKey) => string;
  const uid = useId();
  const errorId = error ? `${uid}-error` : undefined;
  const hintId = hint ? `${uid}-hint` : undefined;
  return (
    <fieldset
      className="flex flex-col gap-2"
      aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}
    >
      <legend className="mb-1 font-medium text-slate-900">{legend}</legend>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="flex items-start gap-1 text-sm font-medium text-red-800">
          <span aria-hidden="true">⚠</span>
          <span>{error}</span>
        </p>
      ) : null}
      <div className={cx("flex gap-2", inline ? "flex-row flex-wrap" : "flex-col")}>
        {options.map((o, i) => (
          <label
            key={o.value}
            className={cx(
              "flex min-h-11 min-w-11 cursor-pointer items-center gap-3 rounded-lg border bg-white px-4 py-2",
              "has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50",
              error ? "border-red-700" : "border-slate-400",
            )}
          >
            <input
              type="radio"
              name={name}
              value={o.value}
              id={i === 0 ? fieldId(name) : undefined}
              defaultChecked={defaultValue === o.value}
              aria-invalid={error ? true : undefined}
              className="size-5"
            />
            {say(o.label)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
