import { type InputHTMLAttributes, type ReactNode, useId } from "react";
import { cx } from "./cx.ts";

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "children"> {
  /** The visible label (always shown: placeholders are not labels). */
  label: ReactNode;
  /** The input's name, also the form field the server validates. */
  name: string;
  /** Help shown under the label, linked to the input with aria-describedby. */
  hint?: ReactNode;
  /** The field's error, shown next to it and announced with the input (aria-invalid). */
  error?: ReactNode;
  /** id of the input (defaults to `field-<name>`, the error summary links to it). */
  id?: string;
  className?: string;
}

/** The id a field's input gets, so an error summary can link to it (`#field-phone`). */
export function fieldId(name: string): string {
  return `field-${name}`;
}

/**
 * A labelled text input with hint and error: 44 px tall, 16 px text (no zoom on phones), the error
 * in words next to the field and tied to it for screen readers.
 */
export function TextField({
  label,
  name,
  hint,
  error,
  id,
  className,
  type = "text",
  ...rest
}: TextFieldProps) {
  const inputId = id ?? fieldId(name);
  const uid = useId();
  const hintId = hint ? `${uid}-hint` : undefined;
  const errorId = error ? `${uid}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cx("flex flex-col gap-1", className)}>
      <label htmlFor={inputId} className="font-medium text-slate-900">
        {label}
      </label>
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
      <input
        id={inputId}
        name={name}
        type={type}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={cx(
          "min-h-11 w-full rounded-lg border bg-white px-3 py-2 text-base text-slate-900",
          "placeholder:text-slate-500",
          error ? "border-red-700 border-2" : "border-slate-500",
        )}
        {...rest}
      />
    </div>
  );
}
