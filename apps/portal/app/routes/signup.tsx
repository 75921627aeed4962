import { Button, PageHeader, TextField, t, useT } from "@gongzhi/ui";
import { Form, Link, redirect, useSearchParams } from "react-router";
import { passwordErrorField, signUpFields } from "../lib/account-forms.server.ts";
import { getRequestCaller } from "../lib/context.server.ts";
import { apiFailure, getUser, parseForm, readForm, redirectWith, safeNext } from "../lib/forms.server.ts";
import { FormErrors, useFormFailure, usePending } from "../lib/forms.tsx";
import { localeFromRequest } from "../lib/locale.ts";
import { withNotice } from "../lib/notices.ts";
import type { Route } from "./+types/signup";

export async function loader(args: Route.LoaderArgs) {
  const url = new URL(args.request.url);
  if (await getUser(args)) throw redirect(safeNext(url.searchParams.get("next"), "/me"));
  return { locale: localeFromRequest(args.request).locale };
}

export async function action(args: Route.ActionArgs) {
  const form = await readForm(args.request);
  const parsed = await parseForm(form, signUpFields);
  if (!parsed.ok) return parsed.failure;
  const { caller, responseHeaders } = await getRequestCaller(args);
  try {
    // No community yet: redeeming a household code makes the resident a member of its community.
    await caller.auth.signUp(parsed.data);
  } catch (error) {
    return apiFailure(error, parsed.values, {
      fields: { ...passwordErrorField, "error.phone_taken": "phone" },
    });
  }
  const next = form.get("next");
  return redirectWith(next ? safeNext(next) : withNotice("/verify", "welcome"), responseHeaders);
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  return [{ title: `${t(locale, "auth.signUp.title")} · ${t(locale, "portal.title")}` }];
}

export default function SignUp({ actionData }: Route.ComponentProps) {
  const tr = useT();
  const [params] = useSearchParams();
  const next = params.get("next");
  const form = useFormFailure<"phone" | "displayName" | "password">(actionData);
  const pending = usePending();
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title={tr("auth.signUp.title")} intro={tr("auth.signUp.intro")} />
      <FormErrors form={form} order={["phone", "displayName", "password"]} />
      <Form method="post" replace className="flex flex-col gap-5" noValidate>
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <TextField
          label={tr("form.phone.label")}
          hint={tr("form.phone.hint")}
          name="phone"
          type="tel"
          inputMode="numeric"
          autoComplete="tel-national"
          required
          defaultValue={form.value("phone")}
          error={form.error("phone")}
        />
        <TextField
          label={tr("form.displayName.label")}
          hint={tr("form.displayName.hint")}
          name="displayName"
          autoComplete="nickname"
          maxLength={50}
          required
          defaultValue={form.value("displayName")}
          error={form.error("displayName")}
        />
        <TextField
          label={tr("form.password.label")}
          hint={tr("form.password.hint")}
          key={form.resetKey}
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          required
          error={form.error("password")}
        />
        <Button type="submit" block loading={pending}>
          {pending ? tr("form.submitting") : tr("auth.signUp.submit")}
        </Button>
      </Form>
      <p className="mt-6 text-slate-800">
        {tr("auth.signUp.haveAccount")}{" "}
        <Link
          to={next ? `/signin?next=${encodeURIComponent(next)}` : "/signin"}
          className="inline-flex min-h-11 items-center font-medium text-brand-800 underline underline-offset-4"
        >
          {tr("auth.signUp.signInLink")}
        </Link>
      </p>
    </div>
  );
}
