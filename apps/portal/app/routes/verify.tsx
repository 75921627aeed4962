import { Button, PageHeader, TextField, t, useT } from "@gongzhi/ui";
import { Form } from "react-router";
import { householdCodeFields } from "../lib/account-forms.server.ts";
import { getRequestCaller } from "../lib/context.server.ts";
import {
  apiFailure,
  failureResponse,
  isApiError,
  parseForm,
  readForm,
  redirectWith,
  requireUser,
} from "../lib/forms.server.ts";
import { FormErrors, useFormFailure, usePending } from "../lib/forms.tsx";
import { localeFromRequest } from "../lib/locale.ts";
import { withNotice } from "../lib/notices.ts";
import type { Route } from "./+types/verify";

export async function loader(args: Route.LoaderArgs) {
  await requireUser(args);
  return { locale: localeFromRequest(args.request).locale };
}

export async function action(args: Route.ActionArgs) {
  await requireUser(args);
  const form = await readForm(args.request);
  const parsed = await parseForm(form, householdCodeFields);
  if (!parsed.ok) return parsed.failure;
  const { caller, responseHeaders } = await getRequestCaller(args);
  try {
    await caller.households.redeem(parsed.data);
  } catch (error) {
    // A procedure missing from this API build answers NOT_FOUND without a message key.
    if (isApiError(error) && error.code === "NOT_FOUND" && !error.messageKey)
      return failureResponse({ formError: { key: "verify.unavailable" }, values: parsed.values }, 503);
    return apiFailure(error, parsed.values, { fields: { "error.household_code.": "code" } });
  }
  return redirectWith(`${withNotice("/me", "verified")}#units`, responseHeaders);
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  return [{ title: `${t(locale, "verify.title")} · ${t(locale, "portal.title")}` }];
}

export default function Verify({ actionData }: Route.ComponentProps) {
  const tr = useT();
  const form = useFormFailure<"code">(actionData);
  const pending = usePending();
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title={tr("verify.title")} intro={tr("verify.intro")} />
      <FormErrors form={form} order={["code"]} />
      <Form method="post" className="flex flex-col gap-5" noValidate>
        <TextField
          label={tr("form.householdCode.label")}
          hint={tr("form.householdCode.hint")}
          name="code"
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={30}
          required
          defaultValue={form.value("code")}
          error={form.error("code")}
        />
        <Button type="submit" block loading={pending}>
          {pending ? tr("form.submitting") : tr("verify.submit")}
        </Button>
      </Form>
    </div>
  );
}
