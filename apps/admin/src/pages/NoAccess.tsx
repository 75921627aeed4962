import { Button, ErrorState, useI18n } from "@gongzhi/ui";
import { useDocumentTitle } from "../lib/useDocumentTitle.ts";
import { useSignOut } from "../shell/useSignOut.ts";

/** Signed in without a staff role (a resident): say so plainly, offer the portal and sign-out. */
export function NoAccessPage({ name }: { name: string }) {
  const { t } = useI18n();
  const signOut = useSignOut();
  useDocumentTitle(t("admin.noAccess.title"));
  return (
    <ErrorState
      headingLevel={1}
      title={t("admin.noAccess.title")}
      description={t("admin.noAccess.body", { name })}
      detail={t("error.status", { status: 403 })}
      action={
        <>
          <a
            href="/"
            className="inline-flex min-h-11 items-center rounded-lg px-4 font-medium text-brand-800 underline"
          >
            {t("admin.noAccess.portal")}
          </a>
          <Button variant="secondary" loading={signOut.isPending} onClick={() => signOut.mutate()}>
            {t("admin.account.signOut")}
          </Button>
        </>
      }
    />
  );
}
