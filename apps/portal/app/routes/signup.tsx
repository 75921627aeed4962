import { PRIVACY_CONSENT_VERSION } from "@gongzhi/core";
import { Button, PageHeader, TextField, t, useT } from "@gongzhi/ui";
import { Form, Link, redirect, useSearchParams } from "react-router";
import {
  passwordErrorField,
  signUpFields,
  signUpPhoneCookie,
  signUpPhoneFields,
  signUpPhoneFrom,
} from "../lib/account-forms.server.ts";
import { getRequestCaller } from "../lib/context.server.ts";
import {
  apiFailure,
  failureResponse,
  getUser,
  parseForm,
  readForm,
  redirectWith,
  safeNext,
} from "../lib/forms.server.ts";
import { CheckboxField, FormErrors, useFormFailure, usePending } from "../lib/forms.tsx";
import { localeFromRequest } from "../lib/locale.ts";
import { withNotice } from "../lib/notices.ts";
import type { Route } from "./+types/signup";

/**
 * Sign-up in two steps, each a plain form (post/redirect/get, no JavaScript needed):
 *  1. the phone → `auth.requestSignUpCode` texts a code; the phone waits in a short-lived cookie;
 *  2. the code, a name, a password and the consent checkbox → `auth.signUp`.
 * The page says the same for a registered number (the SMS tells its owner to sign in instead).
 */
export async function loader(args: Route.LoaderArgs) {
  const url = new URL(args.request.url);
  if (await getUser(args)) throw redirect(safeNext(url.searchParams.get("next"), "/me"));
  const phone = url.searchParams.get("step") === "code" ? signUpPhoneFrom(args.request) : null;
  return { locale: localeFromRequest(args.request).locale, phone, consentVersion: PRIVACY_CONSENT_VERSION };
}

function stepUrl(step: "phone" | "code", next: FormDataEntryValue | null): string {
  const params = new URLSearchParams();
  if (step === "code") params.set("step", "code");
  if (typeof next === "string" && next) params.set("next", safeNext(next));
  const query = params.toString();
  return `/signup${query ? `?${query}` : ""}`;
}

export async function action(args: Route.ActionArgs) {
  const form = await readForm(args.request);
  const intent = form.get("intent");
  const next = form.get("next");
  const secure = new URL(args.request.url).protocol === "https:";
  const { caller, responseHeaders } = await getRequestCaller(args);
  const { locale } = localeFromRequest(args.request);

  if (intent === "sendCode" || intent === "resend") {
    // A resend uses the phone of step 1; a first send, the phone typed.
    const fromCookie = intent === "resend" ? signUpPhoneFrom(args.request) : null;
    let phone = fromCookie;
    if (!phone) {
      const parsed = await parseForm(form, signUpPhoneFields, { intent: "sendCode" });
      if (!parsed.ok) return parsed.failure;
      phone = parsed.data.phone;
    }
    try {
      await caller.auth.requestSignUpCode({ phone, locale });
    } catch (error) {
      return apiFailure(
        error,
        { phone },
        { intent: intent === "resend" ? "signUp" : "sendCode", fields: {} },
      );
    }
    responseHeaders.append("set-cookie", signUpPhoneCookie(phone, secure));
    return redirectWith(stepUrl("code", next), responseHeaders);
  }

  if (intent === "signUp") {
    const phone = signUpPhoneFrom(args.request);
    // Step 1's cookie is gone (expired, another browser): start again.
    if (!phone) return redirectWith(stepUrl("phone", next));
    const parsed = await parseForm(form, signUpFields, { intent });
    const accepted = form.get("acceptConsent") === "yes";
    if (!parsed.ok || !accepted) {
      const failure = parsed.ok
        ? { fieldErrors: {}, values: parsed.values }
        : { fieldErrors: parsed.failure.data.fieldErrors, values: parsed.failure.data.values };
      return failureResponse({
        intent,
        fieldErrors: {
          ...failure.fieldErrors,
          ...(accepted ? {} : { acceptConsent: { key: "form.consent.required" as const } }),
        },
        values: failure.values,
      });
    }
    try {
      await caller.auth.signUp({
        phone,
        ...parsed.data,
        acceptConsent: true,
        consentVersion: String(form.get("consentVersion") ?? ""),
      });
    } catch (error) {
      return apiFailure<SignUpField>(error, parsed.values, {
        intent,
        fields: { ...passwordErrorField, "error.otp.": "code", "error.consent.": "acceptConsent" },
      });
    }
    responseHeaders.append("set-cookie", signUpPhoneCookie(null, secure));
    // A new account belongs to no community yet: the next step is joining one.
    return redirectWith(next ? safeNext(next) : withNotice("/residency", "welcome"), responseHeaders);
  }

  if (intent === "restart") {
    responseHeaders.append("set-cookie", signUpPhoneCookie(null, secure));
    return redirectWith(stepUrl("phone", next), responseHeaders);
  }
  return failureResponse({ formError: { key: "error.invalid_input" } });
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  return [{ title: `${t(locale, "auth.signUp.title")} · ${t(locale, "portal.title")}` }];
}

type SignUpField = "code" | "displayName" | "password" | "acceptConsent";

export default function SignUp({ loaderData, actionData }: Route.ComponentProps) {
  const tr = useT();
  const [params] = useSearchParams();
  const next = params.get("next");
  const { phone, consentVersion } = loaderData;
  const send = useFormFailure<"phone">(actionData, "sendCode");
  const form = useFormFailure<SignUpField>(actionData, "signUp");
  const sending = usePending("sendCode");
  const resending = usePending("resend");
  const pending = usePending("signUp");
  const hidden = next ? <input type="hidden" name="next" value={next} /> : null;
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title={tr("auth.signUp.title")} intro={tr("auth.signUp.intro")} />
      {phone === null ? (
        <section aria-labelledby="signup-phone-step">
          <h2 id="signup-phone-step" className="mb-2 text-lg font-semibold text-slate-900">
            {tr("signup.phoneStep.title")}
          </h2>
          <p className="mb-4 text-slate-800">{tr("signup.phoneStep.intro")}</p>
          <FormErrors form={send} order={["phone"]} />
          <Form method="post" replace className="flex flex-col gap-5" noValidate>
            {hidden}
            <TextField
              label={tr("form.phone.label")}
              hint={tr("form.phone.hint")}
              name="phone"
              type="tel"
              inputMode="numeric"
              autoComplete="tel-national"
              required
              defaultValue={send.value("phone")}
              error={send.error("phone")}
            />
            <Button type="submit" name="intent" value="sendCode" block loading={sending}>
              {sending ? tr("form.submitting") : tr("signup.sendCode")}
            </Button>
          </Form>
        </section>
      ) : (
        <section aria-labelledby="signup-code-step">
          <h2 id="signup-code-step" className="mb-2 text-lg font-semibold text-slate-900">
            {tr("signup.codeStep.title")}
          </h2>
          <p className="mb-4 text-slate-800" data-testid="signup-code-sent">
            {tr("signup.codeSent", { phone })}
          </p>
          <FormErrors form={form} order={["code", "displayName", "password", "acceptConsent"]} />
          <Form method="post" replace className="flex flex-col gap-5" noValidate>
            {hidden}
            <input type="hidden" name="consentVersion" value={consentVersion} />
            <TextField
              label={tr("form.otp.label")}
              hint={tr("form.otp.hint")}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              required
              defaultValue={form.value("code")}
              error={form.error("code")}
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
            <CheckboxField
              name="acceptConsent"
              value="yes"
              label={tr("form.consent.label")}
              hint={
                <Link
                  to="/privacy"
                  target="_blank"
                  className="font-medium text-brand-800 underline underline-offset-4"
                >
                  {tr("form.consent.read")}
                </Link>
              }
              required
              error={form.error("acceptConsent")}
            />
            <Button type="submit" name="intent" value="signUp" block loading={pending}>
              {pending ? tr("form.submitting") : tr("auth.signUp.submit")}
            </Button>
          </Form>
          <Form method="post" className="mt-4 flex flex-wrap gap-3">
            {hidden}
            <Button type="submit" variant="secondary" name="intent" value="resend" loading={resending}>
              {tr("signup.resend")}
            </Button>
            <Button type="submit" variant="secondary" name="intent" value="restart">
              {tr("signup.changePhone")}
            </Button>
          </Form>
        </section>
      )}
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
