import { DistrictSummary, t, useT } from "@gongzhi/ui";
import { getCaller } from "../lib/context.server.ts";
import { localeFromRequest } from "../lib/locale.ts";
import type { Route } from "./+types/home";

export async function loader({ request, context }: Route.LoaderArgs) {
  const caller = await getCaller({ request, context });
  const summary = await caller.registry.districtSummary();
  return { summary, locale: localeFromRequest(request).locale };
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  return [{ title: `${t(locale, "district.summary.title")} · ${t(locale, "portal.title")}` }];
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const tr = useT();
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900 sm:text-3xl">{tr("district.summary.title")}</h1>
        <p className="mt-1 text-slate-700">{tr("app.tagline")}</p>
      </div>
      <DistrictSummary summary={loaderData.summary} />
    </div>
  );
}
