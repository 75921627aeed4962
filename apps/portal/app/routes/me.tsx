import {
  Button,
  buttonClasses,
  Card,
  EmptyState,
  isMessageKey,
  type MessageKey,
  PageHeader,
  TextField,
  t,
  useI18n,
} from "@gongzhi/ui";
import { Form, Link } from "react-router";
import { changePasswordFields } from "../lib/account-forms.server.ts";
import { getRequestCaller } from "../lib/context.server.ts";
import { describeDevice } from "../lib/device.ts";
import {
  apiFailure,
  failureResponse,
  parseForm,
  readForm,
  redirectWith,
  requireUser,
} from "../lib/forms.server.ts";
import { CheckboxField, FormErrors, useFormFailure, usePending } from "../lib/forms.tsx";
import { localeFromRequest } from "../lib/locale.ts";
import { withNotice } from "../lib/notices.ts";
import type { Route } from "./+types/me";

export async function loader(args: Route.LoaderArgs) {
  const { user, caller } = await requireUser(args);
  const [sessions, units, invitations] = await Promise.all([
    caller.auth.mySessions(),
    // Guarded: the page still works if the households procedures are unavailable.
    caller.households.myUnits({ limit: 50 }).then(
      (page) => page.items,
      () => null,
    ),
    caller.invitations.mine(),
  ]);
  // The scope of each invitation by name (a community, compound … of the public registry).
  const scopeNames = await Promise.all(
    invitations.map((i) =>
      i.scopeKind === "community" && i.scopeId
        ? caller.registry.community({ id: i.scopeId }).then(
            (c) => c.name,
            () => null,
          )
        : Promise.resolve(null),
    ),
  );
  return {
    locale: localeFromRequest(args.request).locale,
    user: {
      phone: user.phone,
      displayName: user.displayName,
      roles: [...new Set(user.roles.map((r) => r.role))],
    },
    sessions: sessions.map((s) => ({ ...s, device: describeDevice(s.userAgent) })),
    units,
    invitations: invitations.map((i, n) => ({ ...i, scopeName: scopeNames[n] ?? null })),
    consent: user.consent,
  };
}

/** The page's three forms post here, told apart by the submit button's `intent`. */
export async function action(args: Route.ActionArgs) {
  await requireUser(args);
  const form = await readForm(args.request);
  const intent = form.get("intent");
  const { caller, responseHeaders } = await getRequestCaller(args);
  switch (intent) {
    case "changePassword": {
      const parsed = await parseForm(form, changePasswordFields, { intent });
      if (!parsed.ok) return parsed.failure;
      try {
        await caller.auth.changePassword(parsed.data);
      } catch (error) {
        return apiFailure(error, parsed.values, {
          intent,
          fields: { "error.password.": "newPassword", "error.current_password_wrong": "currentPassword" },
        });
      }
      return redirectWith(withNotice("/me", "password_changed"), responseHeaders);
    }
    case "revokeSession": {
      const sessionId = String(form.get("sessionId") ?? "");
      try {
        await caller.auth.revokeSession({ sessionId });
      } catch (error) {
        return apiFailure(error, {}, { intent });
      }
      // Revoking this device's own session signs it out (the API clears the cookie).
      if (responseHeaders.has("set-cookie"))
        return redirectWith(withNotice("/signin", "signed_out"), responseHeaders);
      return redirectWith(withNotice("/me", "session_revoked"), responseHeaders);
    }
    case "acceptInvitation":
    case "declineInvitation": {
      const id = String(form.get("invitationId") ?? "");
      try {
        await caller.invitations.respond({ id, accept: intent === "acceptInvitation" });
      } catch (error) {
        return apiFailure(error, {}, { intent: "invitation" });
      }
      return redirectWith(
        `${withNotice("/me", intent === "acceptInvitation" ? "invitation_accepted" : "invitation_declined")}#invitations`,
        responseHeaders,
      );
    }
    case "withdrawConsent": {
      if (form.get("confirm") !== "yes")
        return failureResponse({ intent, fieldErrors: { confirm: { key: "me.consent.confirmRequired" } } });
      try {
        await caller.auth.withdrawConsent({ confirm: true });
      } catch (error) {
        return apiFailure(error, {}, { intent });
      }
      return redirectWith(withNotice("/signin", "consent_withdrawn"), responseHeaders);
    }
    case "signOutEverywhere": {
      await caller.auth.signOutEverywhere();
      return redirectWith(withNotice("/signin", "signed_out_everywhere"), responseHeaders);
    }
    default:
      return failureResponse({ formError: { key: "error.invalid_input" } });
  }
}

export function meta({ loaderData }: Route.MetaArgs) {
  const locale = loaderData?.locale ?? "zh-CN";
  return [{ title: `${t(locale, "me.title")} · ${t(locale, "portal.title")}` }];
}

const linkClass = "inline-flex min-h-11 items-center font-medium text-brand-800 underline underline-offset-4";

export default function Me({ loaderData, actionData }: Route.ComponentProps) {
  const { t: tr, formatDateTime, formatArea } = useI18n();
  const { user, sessions, units, invitations, consent } = loaderData;
  const invitation = useFormFailure(actionData, "invitation");
  const withdraw = useFormFailure<"confirm">(actionData, "withdrawConsent");
  const withdrawPending = usePending("withdrawConsent");
  const roleName = (role: string) => {
    const key = `role.${role}`;
    return isMessageKey(key) ? (tr as (k: MessageKey) => string)(key) : role;
  };
  const password = useFormFailure<"currentPassword" | "newPassword">(actionData, "changePassword");
  const revoke = useFormFailure(actionData, "revokeSession");
  const passwordPending = usePending("changePassword");
  const everywherePending = usePending("signOutEverywhere");
  const revokePending = usePending("revokeSession");
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={tr("me.title")} />

      <Card title={tr("me.profile")}>
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-slate-700">{tr("me.displayName")}</dt>
          <dd className="break-words" data-testid="me-display-name">
            {user.displayName}
          </dd>
          <dt className="font-medium text-slate-700">{tr("me.phone")}</dt>
          <dd>{user.phone}</dd>
          <dt className="font-medium text-slate-700">{tr("me.roles")}</dt>
          <dd>
            {user.roles.length > 0
              ? user.roles
                  .map((role) => {
                    const key = `role.${role}`;
                    return isMessageKey(key) ? (tr as (k: MessageKey) => string)(key) : role;
                  })
                  .join("、")
              : tr("me.noRoles")}
          </dd>
        </dl>
        <p className="mt-3">
          <Link to="/residency" className={linkClass}>
            {tr("me.residency.link")}
          </Link>
        </p>
      </Card>

      <Card id="invitations" title={tr("me.invitations.title")}>
        <FormErrors form={invitation} order={[]} />
        {invitations.length === 0 ? (
          <p className="text-slate-800">{tr("me.invitations.empty")}</p>
        ) : (
          <ul className="flex flex-col divide-y divide-slate-200" data-testid="my-invitations">
            {invitations.map((i) => {
              const role = roleName(i.role);
              return (
                <li key={i.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                  <div>
                    <p className="font-medium">
                      {tr("me.invitations.item", {
                        inviter: i.inviterName ?? tr("me.invitations.someone"),
                        role,
                      })}
                      {i.scopeName ? ` · ${i.scopeName}` : ""}
                    </p>
                    <p className="text-sm text-slate-700">
                      {tr("me.invitations.expires", { time: formatDateTime(i.expiresAt) })}
                    </p>
                  </div>
                  <Form method="post" className="flex gap-2">
                    <input type="hidden" name="invitationId" value={i.id} />
                    <Button
                      type="submit"
                      name="intent"
                      value="acceptInvitation"
                      aria-label={tr("me.invitations.acceptLabel", { role })}
                    >
                      {tr("me.invitations.accept")}
                    </Button>
                    <Button
                      type="submit"
                      variant="secondary"
                      name="intent"
                      value="declineInvitation"
                      aria-label={tr("me.invitations.declineLabel", { role })}
                    >
                      {tr("me.invitations.decline")}
                    </Button>
                  </Form>
                </li>
              );
            })}
          </ul>
        )}
      </Card>

      <Card
        id="units"
        title={tr("me.units.title")}
        actions={
          <Link to="/verify" className={buttonClasses("secondary")}>
            {tr("me.units.verifyLink")}
          </Link>
        }
      >
        {units === null ? (
          <p>{tr("verify.unavailable")}</p>
        ) : units.length === 0 ? (
          <EmptyState title={tr("me.units.empty")} description={tr("me.units.emptyBody")} />
        ) : (
          <ul className="flex flex-col divide-y divide-slate-200" data-testid="my-units">
            {units.map((unit) => (
              <li key={unit.unitId} className="py-3">
                <p className="font-medium">
                  {unit.compoundName} {unit.buildingName} {unit.unitNumber}
                </p>
                <p className="text-sm text-slate-700">
                  {unit.areaCentiM2 === null
                    ? tr("me.units.areaUnknown")
                    : tr("me.units.area", { area: formatArea(unit.areaCentiM2) })}
                </p>
                {unit.verification ? (
                  // How I became this unit's verified owner — shown to me, so a verification nobody
                  // asked for does not go unnoticed.
                  <p className="text-sm text-slate-700" data-testid="unit-verification">
                    {unit.verification.method === "household_code"
                      ? tr("me.units.verifiedByCode", { time: formatDateTime(unit.verification.verifiedAt) })
                      : tr("me.units.verifiedByStaff", {
                          time: formatDateTime(unit.verification.verifiedAt),
                          document: tr(`me.units.document.${unit.verification.documentKind ?? "other"}`),
                          reference: unit.verification.documentRef ?? "",
                          staff: unit.verification.verifiedByName ?? tr("me.units.staffUnknown"),
                        })}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title={tr("me.password.title")} id="password">
        <p className="mb-4 max-w-prose text-slate-800">{tr("me.password.intro")}</p>
        <FormErrors form={password} order={["currentPassword", "newPassword"]} />
        <Form method="post" className="flex max-w-md flex-col gap-5" noValidate>
          <TextField
            label={tr("form.currentPassword.label")}
            key={`current-${password.resetKey}`}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            error={password.error("currentPassword")}
          />
          <TextField
            label={tr("form.newPassword.label")}
            hint={tr("form.password.hint")}
            key={`new-${password.resetKey}`}
            name="newPassword"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
            error={password.error("newPassword")}
          />
          <div>
            <Button type="submit" name="intent" value="changePassword" loading={passwordPending}>
              {passwordPending ? tr("form.submitting") : tr("me.password.submit")}
            </Button>
          </div>
        </Form>
      </Card>

      <Card title={tr("me.sessions.title")} id="sessions">
        <p className="mb-4 max-w-prose text-slate-800">{tr("me.sessions.intro")}</p>
        <FormErrors form={revoke} order={[]} />
        <ul className="flex flex-col divide-y divide-slate-200" data-testid="my-sessions">
          {sessions.map((session) => {
            const device = session.device ?? tr("me.sessions.unknownDevice");
            return (
              <li
                key={session.id}
                className="flex flex-wrap items-center justify-between gap-3 py-3"
                data-current={session.current || undefined}
              >
                <div>
                  <p className="font-medium">
                    {device}
                    {session.current ? (
                      <span className="ml-2 rounded-full bg-green-100 px-2 py-0.5 text-sm font-semibold text-green-900">
                        {tr("me.sessions.current")}
                      </span>
                    ) : null}
                  </p>
                  <p className="text-sm text-slate-700">
                    {tr("me.sessions.signedIn", { time: formatDateTime(session.createdAt) })}
                    {" · "}
                    {tr("me.sessions.lastActive", { time: formatDateTime(session.lastVerifiedAt) })}
                  </p>
                </div>
                {session.current ? null : (
                  <Form method="post">
                    <input type="hidden" name="sessionId" value={session.id} />
                    <Button
                      type="submit"
                      variant="secondary"
                      name="intent"
                      value="revokeSession"
                      disabled={revokePending}
                      aria-label={tr("me.sessions.revokeLabel", { device })}
                    >
                      {tr("me.sessions.revoke")}
                    </Button>
                  </Form>
                )}
              </li>
            );
          })}
        </ul>
      </Card>

      <Card title={tr("me.consent.title")} id="consent">
        <p className="mb-2 max-w-prose text-slate-800" data-testid="me-consent">
          {consent
            ? consent.withdrawnAt
              ? tr("me.consent.withdrawn", { time: formatDateTime(consent.withdrawnAt) })
              : tr("me.consent.accepted", {
                  time: formatDateTime(consent.acceptedAt),
                  version: consent.version,
                })
            : tr("me.consent.none")}
        </p>
        <p className="mb-4">
          <Link to="/privacy" className={linkClass}>
            {tr("me.consent.read")}
          </Link>
        </p>
        {consent?.withdrawnAt ? null : (
          <>
            <p className="mb-4 max-w-prose text-slate-800">{tr("me.consent.withdrawIntro")}</p>
            <FormErrors form={withdraw} order={["confirm"]} />
            <Form method="post" className="flex max-w-md flex-col gap-4" noValidate>
              <CheckboxField
                name="confirm"
                value="yes"
                label={tr("me.consent.confirm")}
                required
                error={withdraw.error("confirm")}
              />
              <div>
                <Button
                  type="submit"
                  variant="danger"
                  name="intent"
                  value="withdrawConsent"
                  loading={withdrawPending}
                >
                  {tr("me.consent.withdraw")}
                </Button>
              </div>
            </Form>
          </>
        )}
      </Card>

      <Card title={tr("me.signOutEverywhere.title")}>
        <p className="mb-4 max-w-prose text-slate-800">{tr("me.signOutEverywhere.intro")}</p>
        <Form method="post">
          <Button
            type="submit"
            variant="danger"
            name="intent"
            value="signOutEverywhere"
            loading={everywherePending}
          >
            {tr("me.signOutEverywhere.submit")}
          </Button>
        </Form>
      </Card>
      <p>
        <Link to="/signout" className={linkClass}>
          {tr("nav.signOut")}
        </Link>
      </p>
    </div>
  );
}
