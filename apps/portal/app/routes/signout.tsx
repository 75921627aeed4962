import { Button, PageHeader, t, useT } from "@gongzhi/ui";
import { Form } from "react-router";
import { getRequestCaller } from "../lib/context.server.ts";
import { readForm, redirectWith } from "../lib/forms.server.ts";
import { usePending } from "../lib/forms.tsx";
import { localeFromRequest } from "../lib/locale.ts";
import { withNotice } from "../lib/notices.ts";
import type { Route } from "./+types/signout";

/** GET shows a confirmation (a link cannot sign anyone out); only the POST signs out. */
export function loader({ request }: Route.LoaderArgs) {
  return { locale: localeFromRequest(request).locale };
}

export async function action(args: Route.ActionArgs) {
  await readForm(args.request);
  const { caller, responseHeaders } = await getRequestCaller(args);
  await caller.auth.signOut();
  return redirectWith(withNotice("/", "signed_out"), responseHeaders);
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  return [{ title: `${t(locale, "auth.signOut.title")} · ${t(locale, "portal.title")}` }];
}

export default function SignOut() {
  const tr = useT();
  const pending = usePending();
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title={tr("auth.signOut.title")} intro={tr("auth.signOut.intro")} />
      <Form method="post">
        <Button type="submit" block loading={pending}>
          {tr("auth.signOut.submit")}
        </Button>
      </Form>
    </div>
  );
}
