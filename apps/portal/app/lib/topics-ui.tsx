/** Browser half of the topics pages: fields the UI kit has no component for, the propose form, notices. */
import {
  Alert,
  Button,
  Card,
  cx,
  fieldId,
  TopicStatusBadge,
  type TopicStatusBadgeProps,
  useI18n,
  useT,
} from "@gongzhi/ui";
import {
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useEffect,
  useId,
  useRef,
} from "react";
import { Form, Link, useFetcher, useLocation } from "react-router";
import { FormErrors, type useFormFailure, usePending } from "./forms.tsx";
import { type TopicCategory, topicCategories, topicNoticeFrom } from "./topics.ts";

const controlClass = (error: unknown) =>
  cx(
    "w-full rounded-lg border bg-white px-3 py-2 text-base text-slate-900",
    error ? "border-2 border-red-700" : "border-slate-500",
  );

function Described({
  name,
  id: idOverride,
  label,
  hint,
  error,
  className,
  children,
}: {
  name: string;
  id?: string | undefined;
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  className?: string;
  children: (ids: { id: string; describedBy: string | undefined }) => ReactNode;
}) {
  const uid = useId();
  const hintId = hint ? `${uid}-hint` : undefined;
  const errorId = error ? `${uid}-error` : undefined;
  const id = idOverride ?? fieldId(name);
  return (
    <div className={cx("flex flex-col gap-1", className)}>
      <label htmlFor={id} className="font-medium text-slate-900">
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
      {children({ id, describedBy: [errorId, hintId].filter(Boolean).join(" ") || undefined })}
    </div>
  );
}

/** A labelled multi-line text field with hint and error (like the kit's TextField). */
export function TextAreaField({
  name,
  id,
  label,
  hint,
  error,
  className,
  ...rest
}: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id"> & {
  name: string;
  /** Defaults to `field-<name>` (what the error summary links to). */
  id?: string | undefined;
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
}) {
  return (
    <Described name={name} id={id} label={label} hint={hint} error={error} className={className}>
      {({ id: inputId, describedBy }) => (
        <textarea
          id={inputId}
          name={name}
          rows={6}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={cx(controlClass(error), "min-h-24")}
          {...rest}
        />
      )}
    </Described>
  );
}

/** A labelled native select, 44 px tall. */
export function SelectField({
  name,
  label,
  hint,
  error,
  className,
  children,
  ...rest
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
}) {
  return (
    <Described name={name} label={label} hint={hint} error={error} className={className}>
      {({ id, describedBy }) => (
        <select
          id={id}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={cx(controlClass(error), "min-h-11")}
          {...rest}
        >
          {children}
        </select>
      )}
    </Described>
  );
}

/** The topics pages' outcome message after a redirect (`?done=`). */
export function TopicNotice() {
  const t = useT();
  const location = useLocation();
  const key = topicNoticeFrom(location.search);
  return key ? (
    <Alert tone="success" className="mb-2">
      {t(key)}
    </Alert>
  ) : null;
}

export const linkClass =
  "inline-flex min-h-11 items-center font-medium text-brand-800 underline underline-offset-4 hover:text-brand-900";

export interface SimilarTopic {
  id: string;
  title: string;
  status: TopicStatusBadgeProps["status"];
  supportCount: number;
}

/** Existing topics with a similar title, linking to each. */
export function SimilarTopics({
  items,
  loading = false,
}: {
  items: SimilarTopic[] | null;
  loading?: boolean;
}) {
  const { t, formatNumber } = useI18n();
  return (
    <section
      aria-labelledby="similar-heading"
      aria-busy={loading || undefined}
      className="rounded-lg border border-amber-300 bg-amber-50 p-4"
      data-testid="similar-topics"
    >
      <h2 id="similar-heading" className="text-lg font-semibold text-slate-900">
        {t("topics.new.similarHeading")}
      </h2>
      <div aria-live="polite">
        {loading && !items ? <p className="text-slate-800">{t("topics.new.similarLoading")}</p> : null}
        {items && items.length === 0 ? <p className="text-slate-800">{t("topics.new.similarNone")}</p> : null}
        {items && items.length > 0 ? (
          <>
            <p className="text-slate-800">{t("topics.new.similarIntro")}</p>
            <ul className="mt-2 flex flex-col gap-1">
              {items.map((item) => (
                <li key={item.id} className="flex flex-wrap items-center gap-x-3">
                  <Link to={`/topics/${item.id}`} className={linkClass}>
                    {item.title}
                  </Link>
                  <TopicStatusBadge status={item.status} />
                  <span className="text-sm text-slate-800">
                    {t("topics.list.supports", { count: formatNumber(item.supportCount) })}
                  </span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </section>
  );
}

export type TopicFormFields = "title" | "body" | "category";
export interface TopicValues {
  title: string;
  body: string;
  category: TopicCategory | "";
}

/**
 * The propose / edit form. "预览" posts to the action, which answers with the preview and the similar
 * topics (no JavaScript needed); with JavaScript the similar topics also follow the title as it is typed.
 */
export function TopicForm({
  values,
  form,
  preview,
  similar,
  excludeTopicId,
  saveIntent,
  saveLabel,
}: {
  values: TopicValues;
  form: ReturnType<typeof useFormFailure<TopicFormFields>>;
  preview: TopicValues | null;
  similar: SimilarTopic[] | null;
  excludeTopicId?: string;
  saveIntent: "draft" | "save";
  saveLabel: string;
}) {
  const { t } = useI18n();
  const pendingPreview = usePending("preview");
  const pendingSave = usePending(saveIntent);
  const pendingPublish = usePending("publish");
  const busy = pendingPreview || pendingSave || pendingPublish;
  const fetcher = useFetcher<{ items: SimilarTopic[] }>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onTitle = (title: string) => {
    clearTimeout(timer.current);
    if (title.trim().length < 2) return;
    timer.current = setTimeout(() => {
      const params = new URLSearchParams({ title: title.trim() });
      if (excludeTopicId) params.set("exclude", excludeTopicId);
      fetcher.load(`/topics/similar?${params}`);
    }, 400);
  };
  const live = fetcher.data?.items ?? null;
  const shown = live ?? similar;
  return (
    <div className="flex flex-col gap-6">
      {preview ? (
        <section
          aria-labelledby="preview-heading"
          className="flex flex-col gap-3"
          data-testid="topic-preview"
        >
          <h2 id="preview-heading" tabIndex={-1} className="text-xl font-semibold">
            {t("topics.new.previewHeading")}
          </h2>
          <Card title={preview.title} headingLevel={3}>
            {preview.category ? (
              <p className="mb-2 text-sm text-slate-700">
                {t("topics.detail.category")}：{t(`topics.category.${preview.category}`)}
              </p>
            ) : null}
            <p className="max-w-prose whitespace-pre-line break-words">{preview.body}</p>
          </Card>
          <p className="text-slate-800">{t("topics.new.previewNote")}</p>
        </section>
      ) : null}
      {shown || fetcher.state === "loading" ? (
        <SimilarTopics items={shown} loading={fetcher.state === "loading"} />
      ) : null}
      <FormErrors form={form} order={["title", "body", "category"]} />
      <Form method="post" className="flex max-w-2xl flex-col gap-5" noValidate>
        <Described
          name="title"
          label={t("topics.new.titleLabel")}
          hint={t("topics.new.titleHint")}
          error={form.error("title")}
        >
          {({ id, describedBy }) => (
            <input
              id={id}
              name="title"
              type="text"
              required
              maxLength={80}
              autoComplete="off"
              defaultValue={form.value("title") ?? values.title}
              aria-invalid={form.error("title") ? true : undefined}
              aria-describedby={describedBy}
              onChange={(e) => onTitle(e.currentTarget.value)}
              className={cx(controlClass(form.error("title")), "min-h-11")}
            />
          )}
        </Described>
        <TextAreaField
          name="body"
          label={t("topics.new.bodyLabel")}
          hint={t("topics.new.bodyHint")}
          error={form.error("body")}
          required
          maxLength={5000}
          defaultValue={form.value("body") ?? values.body}
        />
        <SelectField
          name="category"
          label={t("topics.new.categoryLabel")}
          error={form.error("category")}
          required
          defaultValue={form.value("category") ?? values.category}
        >
          <option value="">{t("topics.new.categoryChoose")}</option>
          {topicCategories.map((c) => (
            <option key={c} value={c}>
              {t(`topics.category.${c}`)}
            </option>
          ))}
        </SelectField>
        <div className="flex flex-wrap gap-3">
          <Button
            type="submit"
            name="intent"
            value="preview"
            variant="secondary"
            loading={pendingPreview}
            disabled={busy}
          >
            {t("topics.new.preview")}
          </Button>
          <Button
            type="submit"
            name="intent"
            value={saveIntent}
            variant="secondary"
            loading={pendingSave}
            disabled={busy}
          >
            {saveLabel}
          </Button>
          <Button type="submit" name="intent" value="publish" loading={pendingPublish} disabled={busy}>
            {t("topics.new.publish")}
          </Button>
        </div>
      </Form>
    </div>
  );
}
