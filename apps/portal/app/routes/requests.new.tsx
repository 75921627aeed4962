import { maskSensitive } from "@gongzhi/core";
import {
  Alert,
  Button,
  buttonClasses,
  Card,
  EmptyState,
  PageHeader,
  TextField,
  t,
  useI18n,
} from "@gongzhi/ui";
import { Form, Link } from "react-router";
import { getRequestCaller } from "../lib/context.server.ts";
import {
  apiFailure,
  failureResponse,
  parseForm,
  readForm,
  redirectWith,
  requireUser,
} from "../lib/forms.server.ts";
import { FormErrors, useFormFailure, usePending } from "../lib/forms.tsx";
import {
  categoryOptions,
  type FileField,
  fileFields,
  photosOf,
  placeChoices,
} from "../lib/hotline.server.ts";
import { photoAccept, photoHint, RadioGroup } from "../lib/hotline-ui.tsx";
import { localeFromRequest } from "../lib/locale.ts";
import { SelectField, TextAreaField } from "../lib/topics-ui.tsx";
import type { Route } from "./+types/requests.new";

export async function loader(args: Route.LoaderArgs) {
  const { user, caller } = await requireUser(args);
  const [places, categories] = await Promise.all([placeChoices(user, caller), categoryOptions(caller)]);
  return {
    locale: localeFromRequest(args.request).locale,
    places,
    categories,
    // Masked like every view of a requester's phone: the unit sees it in full, this page needs not.
    phone: maskSensitive(user.phone),
  };
}

const order: FileField[] = [
  "type",
  "categoryId",
  "placeKind",
  "compoundId",
  "buildingId",
  "address",
  "lat",
  "lng",
  "text",
  "photos",
];

/**
 * Files the request with its photos (multipart): the API checks every photo (type by magic bytes,
 * size, count) and stores the order and its photos together, or nothing.
 */
export async function action(args: Route.ActionArgs) {
  const { user, caller: readCaller } = await requireUser(args);
  const form = await readForm(args.request);
  const parsed = await parseForm(form, fileFields);
  if (!parsed.ok) return parsed.failure;
  const d = parsed.data;
  const places = await placeChoices(user, readCaller);
  let place: { compoundId: string; buildingId: string | null } | { communityId: string };
  if (d.placeKind === "compound") {
    const compound = places.compounds.find((c) => c.id === d.compoundId);
    if (!compound)
      return failureResponse<FileField>({
        fieldErrors: { compoundId: { key: "request.invalid.compound" } },
        values: parsed.values,
      });
    if (d.buildingId && !compound.buildings.some((b) => b.id === d.buildingId))
      return failureResponse<FileField>({
        fieldErrors: { buildingId: { key: "request.invalid.building" } },
        values: parsed.values,
      });
    place = { compoundId: compound.id, buildingId: d.buildingId ?? null };
  } else {
    if (!places.communityId) return failureResponse({ formError: { key: "request.new.noCommunity" } }, 403);
    place = { communityId: places.communityId };
  }
  let photos: Awaited<ReturnType<typeof photosOf>>;
  try {
    photos = await photosOf(form);
  } catch {
    return failureResponse<FileField>({
      fieldErrors: { photos: { key: "request.invalid.photos" } },
      values: parsed.values,
    });
  }
  const { caller, responseHeaders } = await getRequestCaller(args);
  try {
    const filed = await caller.workOrders.file({
      type: d.type,
      categoryId: d.categoryId,
      ...place,
      address: d.address ?? "",
      ...(d.placeKind === "address" && d.lat !== undefined ? { lat: d.lat } : {}),
      ...(d.placeKind === "address" && d.lng !== undefined ? { lng: d.lng } : {}),
      text: d.text,
      photos,
    });
    return redirectWith(`/requests/${filed.order.id}?done=filed`, responseHeaders);
  } catch (error) {
    return apiFailure<FileField>(error, parsed.values, {
      fields: {
        "error.photo.": "photos",
        "error.not_found.category": "categoryId",
        "error.work_order.point_incomplete": "lat",
        "error.work_order.place_required": "address",
        "error.work_order.building": "buildingId",
      },
    });
  }
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  return [{ title: `${t(locale, "request.new.title")} · ${t(locale, "portal.title")}` }];
}

const types = ["consultation", "help", "complaint", "report", "suggestion"] as const;

export default function NewRequest({ loaderData, actionData }: Route.ComponentProps) {
  const { t: tr, locale } = useI18n();
  const { places, categories, phone } = loaderData;
  const form = useFormFailure<FileField>(actionData);
  const pending = usePending();
  const hasCompounds = places.compounds.length > 0;
  const placeKind = form.value("placeKind") ?? (hasCompounds ? "compound" : "address");
  const name = (c: { nameZh: string; nameEn: string }) => (locale === "en" ? c.nameEn : c.nameZh);
  return (
    <div className="flex flex-col gap-6">
      <p>
        <Link
          to="/requests"
          className="inline-flex min-h-11 items-center font-medium text-brand-800 underline underline-offset-4"
        >
          ← {tr("request.detail.back")}
        </Link>
      </p>
      <PageHeader title={tr("request.new.title")} intro={tr("request.new.intro")} />
      {!places.communityId ? (
        <EmptyState
          title={tr("request.new.noCommunity")}
          action={
            <Link to="/verify" className={buttonClasses("secondary")}>
              {tr("request.new.noCommunityAction")}
            </Link>
          }
        />
      ) : !categories ? (
        <Alert tone="error">{tr("request.new.unavailable")}</Alert>
      ) : (
        <Card>
          <FormErrors form={form} order={order} />
          <Form
            method="post"
            encType="multipart/form-data"
            className="flex max-w-2xl flex-col gap-6"
            noValidate
            data-testid="request-form"
          >
            <RadioGroup
              name="type"
              legend={tr("request.field.type")}
              options={types.map((v) => ({ value: v, label: `request.type.${v}` as const }))}
              defaultValue={form.value("type")}
              error={form.error("type")}
              inline
            />
            <SelectField
              name="categoryId"
              label={tr("request.field.category")}
              hint={tr("request.field.categoryHint")}
              defaultValue={form.value("categoryId") ?? ""}
              error={form.error("categoryId")}
            >
              <option value="">{tr("request.field.categoryChoose")}</option>
              {categories.map((root) =>
                root.children.length === 0 ? (
                  <option key={root.id} value={root.id}>
                    {name(root)}
                  </option>
                ) : (
                  <optgroup key={root.id} label={name(root)}>
                    {root.children.map((c) => (
                      <option key={c.id} value={c.id}>
                        {name(c)}
                      </option>
                    ))}
                  </optgroup>
                ),
              )}
            </SelectField>
            <RadioGroup
              name="placeKind"
              legend={tr("request.field.place")}
              options={[
                ...(hasCompounds
                  ? [{ value: "compound", label: "request.field.placeCompound" as const }]
                  : []),
                { value: "address", label: "request.field.placeAddress" as const },
              ]}
              defaultValue={placeKind}
              error={form.error("placeKind")}
            />
            {hasCompounds ? (
              <div className="grid gap-4 sm:grid-cols-2">
                <SelectField
                  name="compoundId"
                  label={tr("request.field.compound")}
                  defaultValue={form.value("compoundId") ?? places.compounds[0]?.id}
                  error={form.error("compoundId")}
                >
                  {places.compounds.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </SelectField>
                <SelectField
                  name="buildingId"
                  label={tr("request.field.building")}
                  defaultValue={form.value("buildingId") ?? ""}
                  error={form.error("buildingId")}
                >
                  <option value="">{tr("request.field.buildingNone")}</option>
                  {places.compounds.map((c) => (
                    <optgroup key={c.id} label={c.name}>
                      {c.buildings.map((b) => (
                        <option key={b.id} value={b.id}>
                          {b.name}
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </SelectField>
              </div>
            ) : null}
            <TextField
              name="address"
              label={tr("request.field.address")}
              hint={tr("request.field.addressHint")}
              defaultValue={form.value("address")}
              error={form.error("address")}
              maxLength={300}
            />
            <fieldset className="flex flex-col gap-2">
              <legend className="sr-only">{tr("request.field.coordinatesHint")}</legend>
              <p className="text-sm text-slate-700">{tr("request.field.coordinatesHint")}</p>
              <div className="grid gap-4 sm:grid-cols-2">
                <TextField
                  name="lat"
                  label={tr("request.field.lat")}
                  inputMode="decimal"
                  defaultValue={form.value("lat")}
                  error={form.error("lat")}
                />
                <TextField
                  name="lng"
                  label={tr("request.field.lng")}
                  inputMode="decimal"
                  defaultValue={form.value("lng")}
                  error={form.error("lng")}
                />
              </div>
            </fieldset>
            <TextAreaField
              name="text"
              label={tr("request.field.text")}
              hint={tr("request.field.textHint")}
              defaultValue={form.value("text")}
              error={form.error("text")}
              maxLength={5000}
            />
            <PhotoField error={form.error("photos")} />
            <p className="text-slate-800">
              <span className="font-medium">{tr("request.field.phone")}</span>：
              {tr("request.field.phoneHint", { phone })}
            </p>
            <div>
              <Button type="submit" loading={pending}>
                {pending ? tr("form.submitting") : tr("request.new.submit")}
              </Button>
            </div>
          </Form>
        </Card>
      )}
    </div>
  );
}

/** The photo input (files cannot be kept across a failed submit: the browser asks again). */
function PhotoField({ error }: { error: string | undefined }) {
  const { t: tr } = useI18n();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor="field-photos" className="font-medium text-slate-900">
        {tr("request.field.photos")}
      </label>
      <p id="field-photos-hint" className="text-sm text-slate-700">
        {tr("request.field.photosHint", photoHint)}
      </p>
      {error ? (
        <p id="field-photos-error" className="flex items-start gap-1 text-sm font-medium text-red-800">
          <span aria-hidden="true">⚠</span>
          <span>{error}</span>
        </p>
      ) : null}
      <input
        id="field-photos"
        name="photos"
        type="file"
        multiple
        accept={photoAccept}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "field-photos-error field-photos-hint" : "field-photos-hint"}
        className="min-h-11 text-base text-slate-900 file:mr-3 file:min-h-11 file:rounded-lg file:border file:border-slate-500 file:bg-white file:px-3"
      />
    </div>
  );
}
