/**
 * The browser half of the form pattern (the server half is forms.server.ts): the failure type an
 * action returns, hooks for pending state, and the error summary.
 */
import { ErrorSummary, fieldId, type MessageKey, useT } from "@gongzhi/ui";
import { type ReactNode, useId } from "react";
import { useNavigation } from "react-router";

/** A message of the catalogs with its `{param}` values. */
export interface Message {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** What an action returns when a submit fails (HTTP 400/429): rendered next to the fields. */
export interface FormFailure<F extends string = string> {
  ok: false;
  /** Which form of the page failed (the submit button's `intent`), when a page has several. */
  intent?: string;
  /** A message for the whole form (e.g. wrong phone number or password). */
  formError: Message | null;
  fieldErrors: Partial<Record<F, Message>>;
  /** What was typed, to refill the form (secret fields — passwords — are never sent back). */
  values: Partial<Record<F, string>>;
}

function isFailure(value: unknown): value is FormFailure {
  return typeof value === "object" && value !== null && (value as { ok?: unknown }).ok === false;
}

// Each failed submit gets a new number: password fields keyed by it are emptied after every failure
// (with JavaScript the browser would otherwise keep what was typed; without it the server never sends it).
const attempts = new WeakMap<object, number>();
let attemptCounter = 0;
function attemptOf(value: object): number {
  let n = attempts.get(value);
  if (n === undefined) {
    attemptCounter += 1;
    n = attemptCounter;
    attempts.set(value, n);
  }
  return n;
}

/**
 * The failure of the form `intent` (or of the page's only form) from `actionData`, with helpers:
 * `error("phone")` (translated), `value("phone")` (what was typed) and the summary's items.
 */
export function useFormFailure<F extends string>(actionData: unknown, intent?: string) {
  const t = useT();
  const failure =
    isFailure(actionData) && actionData.intent === intent ? (actionData as FormFailure<F>) : null;
  const say = (message: Message | undefined | null) =>
    message
      ? (t as (key: MessageKey, params?: Message["params"]) => string)(message.key, message.params)
      : undefined;
  return {
    failure,
    /** `key` for secret fields (passwords): they are emptied after each failed submit. */
    resetKey: failure ? `failed-${attemptOf(failure)}` : "fresh",
    formError: say(failure?.formError),
    error: (name: F) => say(failure?.fieldErrors[name]),
    value: (name: F) => failure?.values[name],
    /** Field errors in form order, for `<ErrorSummary items>`. */
    items: (order: F[]) =>
      order.flatMap((name) => {
        const message = say(failure?.fieldErrors[name]);
        return message ? [{ href: `#${fieldId(name)}`, message }] : [];
      }),
  };
}

/** The failed submit's summary at the top of a form: focused, linking to each field. */
export function FormErrors<F extends string>({
  form,
  order,
}: {
  form: ReturnType<typeof useFormFailure<F>>;
  order: F[];
}) {
  if (!form.failure) return null;
  // Keyed by attempt: a second failure re-focuses the summary.
  return (
    <ErrorSummary key={form.resetKey} message={form.formError} items={form.items(order)} className="mb-4" />
  );
}

/**
 * True while this page's form (the one posting `intent`, if given) is being submitted: disable its
 * submit button and show a spinner (`<Button loading={pending}>`), which also stops double submits.
 */
export function usePending(intent?: string): boolean {
  const navigation = useNavigation();
  if (navigation.state === "idle" || !navigation.formMethod) return false;
  if (navigation.formMethod.toUpperCase() !== "POST") return false;
  if (intent === undefined) return true;
  return navigation.formData?.get("intent") === intent;
}

/**
 * A labelled checkbox with hint and error, like the UI's TextField: a 44 px box (the touch target), the
 * error next to it and tied to it (aria-invalid, aria-describedby), id `field-<name>` for the summary.
 */
export function CheckboxField({
  name,
  value,
  label,
  hint,
  error,
  required,
  defaultChecked,
}: {
  name: string;
  value: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  required?: boolean;
  defaultChecked?: boolean;
}) {
  const uid = useId();
  const hintId = hint ? `${uid}-hint` : undefined;
  const errorId = error ? `${uid}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="flex flex-col gap-1">
      {error ? (
        <p id={errorId} className="flex items-start gap-1 text-sm font-medium text-red-800">
          <span aria-hidden="true">⚠</span>
          <span>{error}</span>
        </p>
      ) : null}
      <div className="flex min-h-11 items-center gap-3">
        <input
          id={fieldId(name)}
          type="checkbox"
          name={name}
          value={value}
          required={required}
          defaultChecked={defaultChecked}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className="size-11 shrink-0 accent-brand-700"
        />
        <label htmlFor={fieldId(name)} className="font-medium text-slate-900">
          {label}
        </label>
      </div>
      {hint ? (
        <p id={hintId} className="pl-14 text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
