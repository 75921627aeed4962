/**
 * Create or edit a 业委会 / 物管会: kind, election date, term, party-organisation coverage and the
 * member list. On a rule violation the API returns every violation with its article; they are listed
 * next to the form, the input is kept, and the user fixes and resubmits.
 */

import {
  type CommitteeKind,
  type CommitteeMemberRole,
  committeeKinds,
  committeeMemberRoles,
  type PartyOrgMode,
  partyOrgEligibility,
  partyOrgModes,
} from "@gongzhi/core";
import { Alert, Button, ErrorSummary, TextField, useI18n } from "@gongzhi/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { errorText } from "../../lib/errors.ts";
import { type Outputs, useTRPC } from "../../trpc.ts";
import { formatArticle, SelectField, tDynamic } from "./shared.tsx";

interface MemberDraft {
  key: number;
  name: string;
  role: CommitteeMemberRole;
  isOwner: boolean;
  isPartyMember: boolean;
  isResidentsCommitteeRep: boolean;
}

export interface Violation {
  code: string;
  messageKey: string;
  article: string;
  params: Record<string, string | number | boolean | null>;
}

/** The violations a `committees.create/update` error carries (`params.violations`, JSON). */
export function violationsOf(error: unknown): Violation[] | null {
  const data = (error as { data?: { messageKey?: string; params?: { violations?: string } } } | null)?.data;
  if (data?.messageKey !== "error.committee.rules_violated" || !data.params?.violations) return null;
  try {
    return JSON.parse(data.params.violations) as Violation[];
  } catch {
    return null;
  }
}

let nextKey = 1;
const blank = (role: CommitteeMemberRole = "member"): MemberDraft => ({
  key: nextKey++,
  name: "",
  role,
  isOwner: true,
  isPartyMember: false,
  isResidentsCommitteeRep: false,
});

type Detail = Outputs["committees"]["get"];

export function CommitteeForm({
  compoundId,
  existing,
  onSaved,
}: {
  compoundId: string;
  existing?: Detail;
  onSaved: (committeeId: string) => void;
}) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<CommitteeKind>(existing?.kind ?? "owners_committee");
  const [electedOn, setElectedOn] = useState(existing?.electedOn ?? "");
  const [termStart, setTermStart] = useState(existing?.termStart ?? "");
  const [termEnd, setTermEnd] = useState(existing?.termEnd ?? "");
  const [partyOrg, setPartyOrg] = useState<PartyOrgMode>(existing?.partyOrg ?? "none");
  const [members, setMembers] = useState<MemberDraft[]>(
    existing
      ? existing.members.map((m) => ({
          key: nextKey++,
          name: m.name,
          role: m.role,
          isOwner: m.isOwner,
          isPartyMember: m.isPartyMember,
          isResidentsCommitteeRep: m.isResidentsCommitteeRep,
        }))
      : [blank("chair"), blank("vice_chair"), blank(), blank(), blank()],
  );
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [violations, setViolations] = useState<Violation[] | null>(null);
  const [otherError, setOtherError] = useState<string | null>(null);
  const violationsRef = useRef<HTMLDivElement>(null);

  const onError = (error: unknown) => {
    const v = violationsOf(error);
    if (v) {
      setViolations(v);
      setOtherError(null);
      requestAnimationFrame(() => violationsRef.current?.focus());
    } else {
      setViolations(null);
      setOtherError(errorText(t, error));
    }
  };
  const onSuccess = async (id: string) => {
    await queryClient.invalidateQueries({ queryKey: trpc.committees.pathKey() });
    onSaved(id);
  };
  const create = useMutation(
    trpc.committees.create.mutationOptions({ onError, onSuccess: (c) => onSuccess(c.id) }),
  );
  const update = useMutation(
    trpc.committees.update.mutationOptions({ onError, onSuccess: (c) => onSuccess(c.id) }),
  );
  const pending = create.isPending || update.isPending;
  const eligibility = partyOrgEligibility(members.map((m) => ({ isFullPartyMember: m.isPartyMember })));

  function patchMember(key: number, patch: Partial<MemberDraft>) {
    setMembers((ms) => ms.map((m) => (m.key === key ? { ...m, ...patch } : m)));
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const errors: Record<string, string> = {};
    members.forEach((m, i) => {
      if (!m.name.trim()) errors[`member-${m.key}`] = t("gov.member.nameRequired", { n: i + 1 });
    });
    if ((termStart && !termEnd) || (!termStart && termEnd)) errors.termEnd = t("gov.committee.termBoth");
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    setOtherError(null);
    const payload = {
      electedOn: electedOn || null,
      termStart: termStart || null,
      termEnd: termEnd || null,
      partyOrg,
      members: members.map((m) => ({
        name: m.name.trim(),
        role: m.role,
        isOwner: m.isOwner,
        isPartyMember: m.isPartyMember,
        isResidentsCommitteeRep: m.isResidentsCommitteeRep,
        userId: null,
      })),
    };
    if (existing) update.mutate({ committeeId: existing.id, patch: payload });
    else create.mutate({ compoundId, kind, ...payload });
  }

  const memberName = (id: unknown) => {
    const n = Number(id);
    const m = members[n - 1];
    return m ? `${n}（${m.name || "—"}）` : String(id ?? "");
  };
  const fieldList = Object.entries(fieldErrors).map(([k, message]) => ({
    href: `#field-${k}`,
    message,
  }));

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-6" data-testid="committee-form">
      <ErrorSummary items={fieldList} />
      {violations && violations.length > 0 ? (
        <div
          ref={violationsRef}
          tabIndex={-1}
          role="alert"
          data-testid="committee-violations"
          className="rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-red-900"
        >
          <p className="font-semibold">{t("gov.violations.title", { count: violations.length })}</p>
          <ul className="mt-2 list-disc pl-5">
            {violations.map((v, i) => (
              <li key={`${v.code}-${i}`} data-violation={v.code}>
                {tDynamic(t, `gov.violation.${v.code}`, {
                  ...v.params,
                  member: memberName(v.params.memberId),
                })}
                <span className="ms-1 text-sm">
                  —— {t("gov.violations.basis")}
                  <cite className="not-italic font-medium" data-article="">
                    {formatArticle(locale, v.article)}
                  </cite>
                </span>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-sm">{t("gov.violations.keep")}</p>
        </div>
      ) : null}
      {otherError ? (
        <Alert tone="error" focusOnMount>
          {otherError}
        </Alert>
      ) : null}

      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-lg font-semibold text-slate-900">{t("gov.committee.basics")}</legend>
        <SelectField
          label={t("gov.col.kind")}
          name="kind"
          value={kind}
          disabled={!!existing}
          hint={t(`gov.kindRule.${kind}`)}
          onChange={(e) => setKind(e.target.value as CommitteeKind)}
        >
          {committeeKinds.map((k) => (
            <option key={k} value={k}>
              {t(`gov.kind.${k}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t("gov.committee.electedOn")}
          name="electedOn"
          type="date"
          value={electedOn}
          hint={t("gov.committee.electedOnHint")}
          onChange={(e) => setElectedOn(e.target.value)}
        />
        <TextField
          label={t("gov.committee.termStart")}
          name="termStart"
          type="date"
          value={termStart}
          onChange={(e) => setTermStart(e.target.value)}
        />
        <TextField
          label={t("gov.committee.termEnd")}
          name="termEnd"
          type="date"
          value={termEnd}
          error={fieldErrors.termEnd}
          hint={t(`gov.termRule.${kind}`)}
          onChange={(e) => setTermEnd(e.target.value)}
        />
        <SelectField
          label={t("gov.col.partyOrg")}
          name="partyOrg"
          value={partyOrg}
          hint={t("gov.party.eligibility", { count: eligibility.fullPartyMembers })}
          onChange={(e) => setPartyOrg(e.target.value as PartyOrgMode)}
        >
          {partyOrgModes.map((p) => (
            <option key={p} value={p}>
              {t(`gov.party.${p}`)}
            </option>
          ))}
        </SelectField>
      </fieldset>

      <fieldset className="flex flex-col gap-3">
        <legend className="mb-2 text-lg font-semibold text-slate-900">
          {t("gov.members.title", { count: members.length })}
        </legend>
        <ol className="flex flex-col gap-3">
          {members.map((m, i) => (
            <li
              key={m.key}
              className="grid items-end gap-3 rounded-lg border border-slate-200 p-3 sm:grid-cols-[2fr_1fr_auto]"
              data-member-row={i + 1}
            >
              <TextField
                label={t("gov.member.name", { n: i + 1 })}
                name={`member-${m.key}`}
                value={m.name}
                error={fieldErrors[`member-${m.key}`]}
                onChange={(e) => patchMember(m.key, { name: e.target.value })}
              />
              <SelectField
                label={t("gov.member.role", { n: i + 1 })}
                name={`role-${m.key}`}
                value={m.role}
                onChange={(e) => patchMember(m.key, { role: e.target.value as CommitteeMemberRole })}
              >
                {committeeMemberRoles.map((r) => (
                  <option key={r} value={r}>
                    {t(`gov.role.${r}`)}
                  </option>
                ))}
              </SelectField>
              <Button
                type="button"
                variant="ghost"
                aria-label={t("gov.member.removeLabel", { n: i + 1 })}
                onClick={() => setMembers((ms) => ms.filter((x) => x.key !== m.key))}
              >
                {t("gov.member.remove")}
              </Button>
              <div className="flex flex-wrap gap-x-6 sm:col-span-3">
                {(
                  [
                    ["isOwner", "gov.member.owner"],
                    ["isPartyMember", "gov.member.party"],
                    ["isResidentsCommitteeRep", "gov.member.rep"],
                  ] as const
                ).map(([flag, label]) => (
                  <label key={flag} className="inline-flex min-h-11 items-center gap-2">
                    <input
                      type="checkbox"
                      className="h-5 w-5"
                      checked={m[flag]}
                      onChange={(e) => patchMember(m.key, { [flag]: e.target.checked })}
                    />
                    {t(label)}
                    <span className="sr-only">（{t("gov.member.n", { n: i + 1 })}）</span>
                  </label>
                ))}
              </div>
            </li>
          ))}
        </ol>
        <div>
          <Button type="button" variant="secondary" onClick={() => setMembers((ms) => [...ms, blank()])}>
            {t("gov.member.add")}
          </Button>
        </div>
      </fieldset>
      <div className="flex gap-3">
        <Button type="submit" loading={pending}>
          {existing ? t("gov.save") : t("gov.committee.create")}
        </Button>
      </div>
    </form>
  );
}
