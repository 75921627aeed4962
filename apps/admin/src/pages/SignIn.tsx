import {
  Alert,
  Button,
  Card,
  DistrictSummary,
  ErrorState,
  Loading,
  PageHeader,
  TextField,
  useI18n,
} from "@gongzhi/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { errorText } from "../lib/errors.ts";
import { useDocumentTitle } from "../lib/useDocumentTitle.ts";
import { useTRPC } from "../trpc.ts";

/**
 * Staff sign-in inside the console (same-origin `auth.signIn`, which sets the session cookie). On
 * success the session query is refetched and the console replaces this form at the same URL, so a
 * deep link (/admin/rates/subdistrict/…) survives signing in.
 */
export function SignInForm({ headingLevel = 2 }: { headingLevel?: 1 | 2 }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [missing, setMissing] = useState(false);
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: () => queryClient.resetQueries(),
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const phone = String(data.get("phone") ?? "").trim();
    const password = String(data.get("password") ?? "");
    if (!phone || !password) {
      setMissing(true);
      return;
    }
    setMissing(false);
    signIn.mutate({ phone, password });
    const field = event.currentTarget.elements.namedItem("password");
    if (field instanceof HTMLInputElement) field.value = "";
  }

  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <section aria-labelledby="signin-title" className="flex max-w-md flex-col gap-4">
      <Heading
        id="signin-title"
        className={
          headingLevel === 1 ? "text-2xl font-bold text-slate-900 sm:text-3xl" : "text-xl font-semibold"
        }
      >
        {t("admin.signIn.title")}
      </Heading>
      <p className="text-slate-700">{t("admin.signIn.intro")}</p>
      {missing || signIn.isError ? (
        <Alert tone="error" focusOnMount>
          {missing ? t("admin.signIn.required") : errorText(t, signIn.error)}
        </Alert>
      ) : null}
      <form className="flex flex-col gap-4" onSubmit={onSubmit} noValidate>
        <TextField
          label={t("admin.signIn.phone")}
          name="phone"
          type="tel"
          inputMode="numeric"
          autoComplete="username"
          required
        />
        <TextField
          label={t("admin.signIn.password")}
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
        <div>
          <Button type="submit" loading={signIn.isPending}>
            {signIn.isPending ? t("admin.signIn.submitting") : t("admin.signIn.submit")}
          </Button>
        </div>
      </form>
    </section>
  );
}

/** /admin/ signed out: the public district overview and the staff sign-in. */
export function PublicHomePage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const summary = useQuery(trpc.registry.districtSummary.queryOptions());
  useDocumentTitle(t("district.summary.title"));
  return (
    <div className="flex flex-col gap-8">
      <PageHeader title={t("district.summary.title")} className="mb-0" />
      {summary.isPending ? (
        <Loading />
      ) : summary.isError ? (
        <ErrorState
          title={t("district.summary.error.title")}
          detail={summary.error.message}
          onRetry={() => void summary.refetch()}
        />
      ) : (
        <DistrictSummary summary={summary.data} />
      )}
      <Card>
        <SignInForm />
      </Card>
    </div>
  );
}

/** A console URL opened while signed out: sign in, then the same URL shows its view. */
export function SignInPage() {
  const { t } = useI18n();
  useDocumentTitle(t("admin.signIn.title"));
  return <SignInForm headingLevel={1} />;
}
