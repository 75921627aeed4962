/**
 * 协管员类别 (DOMAIN.md §7: categories are data, not code): the district's list of coordinator
 * categories with their Chinese and English names and display order. District staff add and rename
 * categories (`coordinators.createCategory` / `updateCategory`, both audited); everyone else reads.
 * A category's code is fixed once created: imports and exports refer to it.
 */

import { coordinatorCategory } from "@gongzhi/core";
import {
  Alert,
  Button,
  DataTable,
  type DataTableColumn,
  ErrorState,
  Loading,
  PageHeader,
  TextField,
  useI18n,
} from "@gongzhi/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { errorText } from "../../lib/errors.ts";
import { useDocumentTitle } from "../../lib/useDocumentTitle.ts";
import { type Outputs, useTRPC } from "../../trpc.ts";
import { useHomeUnit } from "../committees/shared.tsx";

type Category = Outputs["coordinators"]["categories"][number];

interface Draft {
  code: string;
  nameZh: string;
  nameEn: string;
  sortOrder: string;
}
type DraftErrors = Partial<Record<keyof Draft, string>>;

const emptyDraft: Draft = { code: "", nameZh: "", nameEn: "", sortOrder: "0" };
// The rules are core's (the API validates with the same schema); only the messages are the form's.
const fieldRules = coordinatorCategory.shape;

export function CategoriesPage() {
  const { t, locale, formatNumber } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const unit = useHomeUnit();
  const categories = useQuery(trpc.coordinators.categories.queryOptions());
  // null: no form; "new": adding; otherwise the id of the category being edited.
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [announce, setAnnounce] = useState("");
  const formHeading = useRef<HTMLHeadingElement>(null);
  useDocumentTitle(t("gov.cat.title"));

  const nameOf = (c: Category) => (locale === "zh-CN" ? c.nameZh : c.nameEn);
  const onSaved = async (message: string) => {
    await queryClient.invalidateQueries({ queryKey: trpc.coordinators.categories.queryKey() });
    setEditing(null);
    setDraft(emptyDraft);
    setErrors({});
    setAnnounce(message);
  };
  const create = useMutation(
    trpc.coordinators.createCategory.mutationOptions({
      onSuccess: (c) => onSaved(t("gov.cat.created", { name: nameOf(c) })),
    }),
  );
  const update = useMutation(
    trpc.coordinators.updateCategory.mutationOptions({
      onSuccess: (c) => onSaved(t("gov.cat.updated", { name: nameOf(c) })),
    }),
  );

  useEffect(() => {
    if (editing) formHeading.current?.focus();
  }, [editing]);

  if (unit === undefined) return <Loading />;
  if (unit === null) return <ErrorState headingLevel={1} title={t("error.forbidden.title")} />;
  const canEdit = unit.level === "district";
  const districtId = unit.id;

  function startEdit(c: Category | null) {
    create.reset();
    update.reset();
    setErrors({});
    setAnnounce("");
    if (c) {
      setEditing(c.id);
      setDraft({ code: c.code, nameZh: c.nameZh, nameEn: c.nameEn, sortOrder: String(c.sortOrder) });
    } else {
      setEditing("new");
      const next = Math.max(0, ...(categories.data ?? []).map((x) => x.sortOrder)) + 10;
      setDraft({ ...emptyDraft, sortOrder: String(Math.min(next, 10_000)) });
    }
  }

  function validate(d: Draft, isNew: boolean): DraftErrors {
    const e: DraftErrors = {};
    if (isNew) {
      if (!fieldRules.code.safeParse(d.code).success) e.code = t("gov.cat.err.code");
      else if ((categories.data ?? []).some((c) => c.code === d.code.trim()))
        e.code = t("gov.cat.err.codeTaken");
    }
    if (!d.nameZh.trim()) e.nameZh = t("gov.cat.err.required");
    else if (!fieldRules.nameZh.safeParse(d.nameZh).success) e.nameZh = t("gov.cat.err.tooLong", { max: 50 });
    if (!d.nameEn.trim()) e.nameEn = t("gov.cat.err.required");
    else if (!fieldRules.nameEn.safeParse(d.nameEn).success) e.nameEn = t("gov.cat.err.tooLong", { max: 80 });
    const order = Number(d.sortOrder);
    if (d.sortOrder.trim() === "" || !Number.isInteger(order) || order < 0 || order > 10_000)
      e.sortOrder = t("gov.cat.err.sortOrder");
    return e;
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!editing) return;
    const isNew = editing === "new";
    const found = validate(draft, isNew);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const fields = {
      districtId,
      nameZh: draft.nameZh.trim(),
      nameEn: draft.nameEn.trim(),
      sortOrder: Number(draft.sortOrder),
    };
    if (isNew) create.mutate({ ...fields, code: draft.code.trim() });
    else update.mutate({ ...fields, id: editing });
  }

  const columns: DataTableColumn<Category>[] = [
    {
      key: "sortOrder",
      header: t("gov.cat.sortOrder"),
      align: "end",
      cell: (c) => formatNumber(c.sortOrder),
    },
    { key: "nameZh", header: t("gov.cat.nameZh"), rowHeader: true, cell: (c) => c.nameZh },
    { key: "nameEn", header: t("gov.cat.nameEn"), cell: (c) => c.nameEn },
    { key: "code", header: t("gov.cat.code"), cell: (c) => <code>{c.code}</code> },
    ...(canEdit
      ? [
          {
            key: "actions",
            header: t("gov.col.actions"),
            cell: (c: Category) => (
              <Button
                variant="ghost"
                aria-label={t("gov.cat.editFor", { name: nameOf(c) })}
                onClick={() => startEdit(c)}
              >
                {t("gov.cat.edit")}
              </Button>
            ),
          },
        ]
      : []),
  ];
  const mutation = editing === "new" ? create : update;
  const field = (name: keyof Draft) => ({
    name,
    value: draft[name],
    error: errors[name],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value })),
  });

  return (
    <div className="flex flex-col gap-6" data-testid="categories-page">
      <PageHeader
        className="mb-0"
        title={t("gov.cat.title")}
        intro={canEdit ? t("gov.cat.intro") : t("gov.cat.introReadOnly")}
        actions={
          <>
            {canEdit ? (
              <Button onClick={() => startEdit(null)} aria-expanded={editing === "new"}>
                {t("gov.cat.new")}
              </Button>
            ) : null}
            <Link to="/coordinators" className="self-center text-brand-800 underline">
              {t("gov.cat.back")}
            </Link>
          </>
        }
      />
      {announce ? <Alert tone="success">{announce}</Alert> : null}

      {editing && canEdit ? (
        <form
          noValidate
          onSubmit={onSubmit}
          className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4"
          aria-labelledby="category-form-heading"
        >
          <h2 id="category-form-heading" ref={formHeading} tabIndex={-1} className="text-lg font-semibold">
            {editing === "new" ? t("gov.cat.newHeading") : t("gov.cat.editHeading")}
          </h2>
          {mutation.isError ? <Alert tone="error">{errorText(t, mutation.error)}</Alert> : null}
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label={t("gov.cat.nameZh")} {...field("nameZh")} maxLength={50} required />
            <TextField label={t("gov.cat.nameEn")} {...field("nameEn")} maxLength={80} required />
            <TextField
              label={t("gov.cat.code")}
              hint={editing === "new" ? t("gov.cat.codeHint") : t("gov.cat.codeFixed")}
              {...field("code")}
              readOnly={editing !== "new"}
              maxLength={40}
              autoCapitalize="off"
              spellCheck={false}
              required
            />
            <TextField
              label={t("gov.cat.sortOrder")}
              hint={t("gov.cat.sortOrderHint")}
              {...field("sortOrder")}
              inputMode="numeric"
              required
            />
          </div>
          <div className="flex flex-wrap gap-3">
            <Button type="submit" loading={mutation.isPending}>
              {t("gov.cat.save")}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setEditing(null)}>
              {t("gov.cat.cancel")}
            </Button>
          </div>
        </form>
      ) : null}

      <DataTable
        caption={t("gov.cat.caption", { count: formatNumber(categories.data?.length ?? 0) })}
        columns={columns}
        rows={categories.data}
        getRowKey={(c) => c.id}
        loading={categories.isPending}
        error={categories.isError ? errorText(t, categories.error) : undefined}
        empty={t("gov.cat.empty")}
      />
    </div>
  );
}
