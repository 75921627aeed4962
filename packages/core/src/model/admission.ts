/**
 * 社区工作准入 — community work admission (DOMAIN.md §12). Communities may only be given work on the
 * approved list (准入清单), kept by district staff; anything else sent down to a community needs the
 * district's approval or is refused with its reason. The check is `rules/admission.ts`.
 */
import { z } from "zod";
import { code, id, isoDate, name, storableString, text, timestamps } from "./common.ts";
import { admissionDecisionStatuses, communityTaskKinds } from "./enums.ts";
import { categoryCode } from "./hotline.ts";

/**
 * 准入清单事项 — one item of the admission list: what work a community may be given, on what legal
 * basis (依据), sent by which unit; the category codes and keywords it covers; valid from/to.
 */
export const admissionItem = z
  .object({
    id,
    /** 清单编号, e.g. ZR-2026-017. */
    code,
    title: name(200),
    /** 法律法规依据: the law, regulation or document that puts this work on communities. */
    legalBasis: storableString().trim().min(1).max(1000),
    /** 责任部门 / 发文单位: the unit that may send this work. */
    issuingUnitId: id,
    /** Categories it covers (dotted codes; an item covering 01.02 covers 01.02.03). */
    categoryCodes: z.array(categoryCode).max(50),
    /** Words that identify its work in a task's title (matched with the issuing unit). */
    keywords: z.array(storableString().trim().min(1).max(50)).max(50),
    validFrom: isoDate,
    validTo: isoDate.nullable(),
    ...timestamps,
  })
  .refine((i) => i.categoryCodes.length + i.keywords.length > 0, {
    message: "an item covers at least one category or keyword",
    path: ["categoryCodes"],
  })
  .refine((i) => !i.validTo || i.validFrom <= i.validTo, {
    message: "an item ends after it starts",
    path: ["validTo"],
  });
export type AdmissionItem = z.infer<typeof admissionItem>;

/** A piece of work being sent down to a community, as the admission check reads it. */
export const communityTask = z.object({
  kind: z.enum(communityTaskKinds),
  /** The 台账 item, 工单 or plan task. */
  id,
  communityId: id,
  title: name(200),
  categoryCode: categoryCode.nullable(),
  issuingUnitId: id,
  /** The Beijing day it is assigned. */
  assignedOn: isoDate,
});
export type CommunityTask = z.infer<typeof communityTask>;

/** 清单外事项审批 — the district's decision on work that matches no list item. */
export const admissionDecision = z
  .object({
    id,
    task: communityTask,
    status: z.enum(admissionDecisionStatuses),
    /** Why the sender needs the community for it. */
    requestReason: storableString().trim().min(1).max(1000),
    requestedById: id,
    requestedAt: z.date(),
    decidedById: id.nullable(),
    decidedAt: z.date().nullable(),
    /** The reason shown to the sender (required for a refusal). */
    decisionReason: text(1000).nullable(),
    ...timestamps,
  })
  .refine((d) => (d.status === "pending_approval" || d.status === "withdrawn") === (d.decidedAt === null), {
    message: "a decided request has its decision time, an undecided one has none",
    path: ["decidedAt"],
  })
  .refine((d) => d.status !== "refused" || (d.decisionReason ?? "").length > 0, {
    message: "a refusal shows its reason",
    path: ["decisionReason"],
  });
export type AdmissionDecision = z.infer<typeof admissionDecision>;
