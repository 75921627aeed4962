import { z } from "zod";
import { id, isoDate, name, timestamps } from "./common.ts";
import { ledgerStatuses, supervisionLevels } from "./enums.ts";

/**
 * 台账 item — a problem or decided action with a responsible unit and a deadline (DOMAIN.md §6).
 * Escalates one supervision level (三级督办: community → subdistrict → district) per missed deadline.
 */
export const ledgerItem = z.object({
  id,
  communityId: id,
  topicId: id.nullable(),
  meetingDecisionId: id.nullable(),
  title: z.string().trim().min(2).max(200),
  description: z.string().trim().max(5000),
  responsibleUnit: name(100),
  deadline: isoDate,
  supervisionLevel: z.enum(supervisionLevels),
  status: z.enum(ledgerStatuses),
  closedOn: isoDate.nullable(),
  ...timestamps,
});
export type LedgerItem = z.infer<typeof ledgerItem>;

export const progressNote = z.object({
  id,
  itemId: id,
  note: z.string().trim().min(1).max(2000),
  authorId: id.nullable(),
  at: z.date(),
});
export type ProgressNote = z.infer<typeof progressNote>;

/** Evidence of completion (a description and optionally a link to a photo or document). */
export const evidence = z.object({
  id,
  itemId: id,
  description: z.string().trim().min(1).max(2000),
  url: z.url().max(1000).nullable(),
  at: z.date(),
});
export type Evidence = z.infer<typeof evidence>;

/** 民评 — a resident's 1–5 rating of a completed item. One per user and item. */
export const rating = z.object({
  itemId: id,
  userId: id,
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(1000).nullable(),
  createdAt: z.date(),
});
export type Rating = z.infer<typeof rating>;
