/**
 * The "choose a file" step of an import: a card with a labelled file input and its hint. The caller
 * keeps the input's ref to clear it after a run, so the same file can be chosen again.
 */
import { Card } from "@gongzhi/ui";
import { type ChangeEvent, type Ref, useId } from "react";

export function FileCard({
  title,
  label,
  hint,
  accept,
  disabled,
  inputRef,
  onFile,
}: {
  title: string;
  label: string;
  hint: string;
  accept: string;
  disabled: boolean;
  inputRef: Ref<HTMLInputElement>;
  onFile: (event: ChangeEvent<HTMLInputElement>) => void;
}) {
  const inputId = useId();
  const hintId = useId();
  return (
    <Card title={title}>
      <div className="flex flex-col gap-2">
        <label htmlFor={inputId} className="font-medium text-slate-900">
          {label}
        </label>
        <p id={hintId} className="text-sm text-slate-700">
          {hint}
        </p>
        <input
          ref={inputRef}
          id={inputId}
          type="file"
          accept={accept}
          aria-describedby={hintId}
          disabled={disabled}
          onChange={onFile}
          className="min-h-11 rounded-lg border border-slate-500 bg-white p-2"
        />
      </div>
    </Card>
  );
}
