/**
 * A create/edit form for one registry record: fields described as data, validated with core's zod
 * schema before sending (errors next to each field and in a summary), the API's error shown above.
 */
import { Alert, Button, ErrorSummary, TextField, useI18n } from "@gongzhi/ui";
import { type FormEvent, useState } from "react";
import { errorText } from "../../lib/errors.ts";
import { SelectField } from "./shared.tsx";

export interface FieldSpec {
  name: string;
  label: string;
  kind?: "text" | "number" | "select" | "checkbox" | "area";
  options?: ReadonlyArray<{ value: string; label: string }>;
  hint?: string;
  required?: boolean;
}

type Values = Record<string, string>;

interface Parsed {
  success: boolean;
  error?: { issues: ReadonlyArray<{ path: PropertyKey[] }> };
}

export function EntityForm({
  title,
  fields,
  initial,
  toInput,
  validate,
  onSubmit,
  onCancel,
  submitLabel,
}: {
  title: string;
  fields: FieldSpec[];
  initial: Values;
  /** Form values → the API's input (or a field → error map when a value cannot be read). */
  toInput: (values: Values) => Record<string, unknown> | { fieldErrors: Record<string, string> };
  /** core's schema for the record's fields. */
  validate: (input: Record<string, unknown>) => Parsed;
  onSubmit: (input: Record<string, unknown>) => Promise<unknown>;
  onCancel: () => void;
  submitLabel: string;
}) {
  const { t } = useI18n();
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [apiError, setApiError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setApiError(null);
    setAttempt((n) => n + 1);
    const input = toInput(values);
    if ("fieldErrors" in input && input.fieldErrors && typeof input.fieldErrors === "object") {
      setErrors(input.fieldErrors as Record<string, string>);
      return;
    }
    const parsed = validate(input);
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error?.issues ?? []) {
        const key = String(issue.path[0] ?? "");
        const field = fields.find((f) => f.name === key) ?? fields[0];
        if (field && !next[field.name])
          next[field.name] = t("adminRegistry.form.invalid", { field: field.label });
      }
      setErrors(next);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await onSubmit(input);
    } catch (error) {
      setApiError(errorText(t, error));
    } finally {
      setBusy(false);
    }
  }

  const summary = Object.entries(errors).map(([name, message]) => ({ href: `#field-${name}`, message }));
  return (
    <form
      onSubmit={(e) => void submit(e)}
      noValidate
      className="flex flex-col gap-4 rounded-xl border border-brand-200 bg-white p-4 shadow-sm"
      aria-labelledby="entity-form-title"
      data-testid="entity-form"
    >
      <h2 id="entity-form-title" className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {summary.length > 0 ? <ErrorSummary key={attempt} items={summary} /> : null}
      {apiError ? (
        <Alert tone="error" focusOnMount key={`api-${attempt}`}>
          {apiError}
        </Alert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        {fields.map((f) =>
          f.kind === "select" ? (
            <SelectField
              key={f.name}
              name={f.name}
              label={f.label}
              options={f.options ?? []}
              value={values[f.name] ?? ""}
              error={errors[f.name]}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
            />
          ) : f.kind === "checkbox" ? (
            <div key={f.name} className="flex min-h-11 items-center gap-2 self-end">
              <input
                id={`field-${f.name}`}
                type="checkbox"
                className="h-5 w-5"
                checked={values[f.name] === "true"}
                onChange={(e) => setValues((v) => ({ ...v, [f.name]: String(e.target.checked) }))}
              />
              <label htmlFor={`field-${f.name}`} className="font-medium text-slate-900">
                {f.label}
              </label>
            </div>
          ) : (
            <TextField
              key={f.name}
              name={f.name}
              label={f.label}
              hint={f.hint}
              required={f.required}
              inputMode={f.kind === "number" ? "numeric" : f.kind === "area" ? "decimal" : undefined}
              value={values[f.name] ?? ""}
              error={errors[f.name]}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
            />
          ),
        )}
      </div>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" loading={busy}>
          {submitLabel}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t("adminRegistry.form.cancel")}
        </Button>
      </div>
    </form>
  );
}
