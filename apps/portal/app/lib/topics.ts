/** Shared by the topics pages (browser-safe): outcome notices and list filters. */
import { type TopicCategory, type TopicStatus, topicCategories, topicStatuses } from "@gongzhi/core";
import type { MessageKey } from "@gongzhi/ui";

export type { TopicCategory, TopicStatus };
export { topicCategories, topicStatuses };

/**
 * Outcomes of the topics pages, shown once after a redirect (`?done=name`). A whitelist like the
 * root's notices: a link cannot make the page say anything else.
 */
export const topicNotices = {
  published: "topics.notice.published",
  drafted: "topics.notice.drafted",
  saved: "topics.notice.saved",
  supported: "topics.notice.supported",
  withdrawn: "topics.notice.withdrawn",
  commented: "topics.notice.commented",
  reported: "topics.notice.reported",
} as const satisfies Record<string, MessageKey>;

export type TopicNotice = keyof typeof topicNotices;

export function topicNoticeFrom(search: string): (typeof topicNotices)[TopicNotice] | null {
  const name = new URLSearchParams(search).get("done");
  return name && Object.hasOwn(topicNotices, name) ? topicNotices[name as TopicNotice] : null;
}

/** `path` with `?done=name` (before any #hash). */
export function withTopicNotice(path: string, name: TopicNotice): string {
  const url = new URL(path, "http://portal.invalid");
  url.searchParams.set("done", name);
  return `${url.pathname}${url.search}${url.hash}`;
}

export interface TopicFilters {
  q: string;
  status: TopicStatus | "";
  category: TopicCategory | "";
  mine: boolean;
  cursor: string | null;
}

/** The list's filters from the query string; unknown values are ignored (never an error page). */
export function filtersFrom(search: URLSearchParams): TopicFilters {
  const status = search.get("status") ?? "";
  const category = search.get("category") ?? "";
  const cursor = search.get("cursor");
  return {
    q: (search.get("q") ?? "").trim().slice(0, 80),
    status: (topicStatuses as readonly string[]).includes(status) ? (status as TopicStatus) : "",
    category: (topicCategories as readonly string[]).includes(category) ? (category as TopicCategory) : "",
    mine: search.get("mine") === "1",
    cursor: cursor && cursor.length <= 200 ? cursor : null,
  };
}

/** The list URL for these filters (and a page cursor). */
export function listHref(f: TopicFilters, extra: Record<string, string> = {}, cursor: string | null = null) {
  const params = new URLSearchParams();
  if (f.q) params.set("q", f.q);
  if (f.status) params.set("status", f.status);
  if (f.category) params.set("category", f.category);
  if (f.mine) params.set("mine", "1");
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  if (cursor) params.set("cursor", cursor);
  const query = params.toString();
  return query ? `/topics?${query}` : "/topics";
}
