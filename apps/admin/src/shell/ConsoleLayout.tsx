import { AdminAccount, AdminShell, Button, type RenderLink, t as translate, useI18n } from "@gongzhi/ui";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, useLocation } from "react-router";
import { isUnitLevel } from "../lib/session.ts";
import { useTRPC } from "../trpc.ts";
import { sectionsFor } from "./sections.ts";
import { useStaff } from "./staff.tsx";
import { useUnit } from "./unit-names.ts";
import { useSignOut } from "./useSignOut.ts";

/** Links inside the SPA go through the router; hrefs are relative to the /admin basename. */
export const renderRouterLink: RenderLink = ({ href, children, ...rest }) => (
  <Link to={href} {...rest}>
    {children}
  </Link>
);

/** The signed-in frame: side navigation, the user's name, role and scope, sign-out. */
export function ConsoleLayout({ end, children }: { end: ReactNode; children: ReactNode }) {
  const { t, locale } = useI18n();
  const staff = useStaff();
  const { pathname } = useLocation();
  const { scope } = staff;
  const level = isUnitLevel(scope.scopeKind) ? scope.scopeKind : undefined;
  const unit = useUnit(level, scope.scopeId ?? undefined, level !== undefined);
  const signOut = useSignOut();
  const trpc = useTRPC();
  // A handling unit's staff: the unit they work for (承办单位).
  const handlingUnits = useQuery({
    ...trpc.handlingUnits.mine.queryOptions(),
    enabled: scope.scopeKind === "handling_unit",
  });
  const handlingUnitName = handlingUnits.data?.find((u) => u.id === scope.scopeId)?.name;

  const scopeName =
    scope.scopeKind === "global"
      ? t("admin.scope.global")
      : ((scope.scopeKind === "handling_unit" ? handlingUnitName : unit.name) ?? "…");
  const roleName = translate(locale, `role.${scope.role}`);
  const nav = sectionsFor(scope.role).map((s) => ({
    href: `/${s.path}`,
    label: t(s.label),
    current: pathname === `/${s.path}` || pathname.startsWith(`/${s.path}/`),
  }));

  return (
    <AdminShell
      title={t("admin.title")}
      homeHref="/"
      nav={nav}
      navLabel={t("admin.nav.label")}
      renderLink={renderRouterLink}
      end={end}
      account={
        <AdminAccount
          label={t("admin.account.label")}
          name={staff.displayName}
          scope={t("admin.account.scope", { role: roleName, scope: scopeName })}
          signOut={
            <Button variant="secondary" loading={signOut.isPending} onClick={() => signOut.mutate()}>
              {signOut.isPending ? t("admin.account.signingOut") : t("admin.account.signOut")}
            </Button>
          }
        />
      }
    >
      {children}
    </AdminShell>
  );
}
