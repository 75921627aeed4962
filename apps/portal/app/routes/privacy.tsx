import { PRIVACY_CONSENT_VERSION } from "@gongzhi/core";
import { PageHeader, t, useT } from "@gongzhi/ui";
import { Link } from "react-router";
import { localeFromRequest } from "../lib/locale.ts";
import type { Route } from "./+types/privacy";

/** The personal information notice (个人信息保护法 Art. 17) that sign-up asks to accept; public. */
export function loader(args: Route.LoaderArgs) {
  return { locale: localeFromRequest(args.request).locale, version: PRIVACY_CONSENT_VERSION };
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  return [{ title: `${t(locale, "consent.title")} · ${t(locale, "portal.title")}` }];
}

const sections = [
  ["consent.handler.title", "consent.handler.body"],
  ["consent.purpose.title", "consent.purpose.body"],
  ["consent.collected.title", "consent.collected.body"],
  ["consent.retention.title", "consent.retention.body"],
  ["consent.sharing.title", "consent.sharing.body"],
  ["consent.rights.title", "consent.rights.body"],
] as const;

export default function Privacy({ loaderData }: Route.ComponentProps) {
  const tr = useT();
  return (
    <article className="mx-auto max-w-prose" data-testid="privacy-notice">
      <PageHeader title={tr("consent.title")} intro={tr("consent.intro")} />
      <p className="mb-6 text-sm text-slate-700">{tr("consent.version", { version: loaderData.version })}</p>
      {sections.map(([title, body]) => (
        <section key={title} className="mb-6">
          <h2 className="mb-2 text-lg font-semibold text-slate-900">{tr(title)}</h2>
          <p className="text-slate-800">{tr(body)}</p>
        </section>
      ))}
      <p>
        <Link
          to="/signup"
          className="inline-flex min-h-11 items-center font-medium text-brand-800 underline underline-offset-4"
        >
          {tr("consent.back")}
        </Link>
      </p>
    </article>
  );
}
