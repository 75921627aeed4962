import { Button, PageHeader, TextField, t, useT } from "@gongzhi/ui";
import { Form, Link, redirect, useSearchParams } from "react-router";
import { signInFields } from "../lib/account-forms.server.ts";
import { getRequestCaller } from "../lib/context.server.ts";
import { apiFailure, getUser, parseForm, readForm, redirectWith, safeNext } from "../lib/forms.server.ts";
import { FormErrors, useFormFailure, usePending } from "../lib/forms.tsx";
import { localeFromRequest } from "../lib/locale.ts";
import type { Route } from "./+types/signin";

export async function loader(args: Route.LoaderArgs) {
  const url = new URL(args.request.url);
  // Already signed in: go where the visitor wanted to go.
  if (await getUser(args)) throw redirect(safeNext(url.searchParams.get("next"), "/me"));
  return { locale: localeFromRequest(args.request).locale };
}

export async function action(args: Route.ActionArgs) {
  const form = await readForm(args.request);
  const parsed = await parseForm(form, signInFields);
  if (!parsed.ok) return parsed.failure;
  const { caller, responseHeaders } = await getRequestCaller(args);
  try {
    await caller.auth.signIn(parsed.data);
  } catch (error) {
    // One message for an unknown number and a wrong password (error.sign_in_failed), and the wait
    // after too many attempts (error.too_many_requests with retryAfterSeconds): both for the form.
    return apiFailure(error, parsed.values);
  }
  return redirectWith(safeNext(form.get("next"), "/me"), responseHeaders);
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  return [{ title: `${t(locale, "auth.signIn.title")} · ${t(locale, "portal.title")}` }];
}

export default function SignIn({ actionData }: Route.ComponentProps) {
  const tr = useT();
  const [params] = useSearchParams();
  const next = params.get("next");
  const form = useFormFailure<"phone" | "password">(actionData);
  const pending = usePending();
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title={tr("auth.signIn.title")} intro={tr("auth.signIn.intro")} />
      {next && !form.failure ? (
        <p className="mb-4 rounded-lg bg-sky-50 px-4 py-3">{tr("auth.signIn.required")}</p>
      ) : null}
      <FormErrors form={form} order={["phone", "password"]} />
      <Form method="post" replace className="flex flex-col gap-5" noValidate>
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <TextField
          label={tr("form.phone.label")}
          name="phone"
          type="tel"
          inputMode="numeric"
          autoComplete="username"
          required
          defaultValue={form.value("phone")}
          error={form.error("phone")}
        />
        <TextField
          label={tr("form.password.label")}
          key={form.resetKey}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={form.error("password")}
        />
        <Button type="submit" block loading={pending}>
          {pending ? tr("form.submitting") : tr("auth.signIn.submit")}
        </Button>
      </Form>
      <p className="mt-6 text-slate-800">
        {tr("auth.signIn.noAccount")}{" "}
        <Link
          to={next ? `/signup?next=${encodeURIComponent(next)}` : "/signup"}
          className="inline-flex min-h-11 items-center font-medium text-brand-800 underline underline-offset-4"
        >
          {tr("auth.signIn.signUpLink")}
        </Link>
      </p>
    </div>
  );
}
