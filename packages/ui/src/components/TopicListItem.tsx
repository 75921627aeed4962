import type { TopicCategory, TopicStatus } from "@gongzhi/core";
import { useI18n } from "../i18n/react.tsx";
import { cx } from "./cx.ts";
import { type RenderLink, renderAnchor } from "./PrimaryNav.tsx";
import { TopicStatusBadge } from "./TopicStatusBadge.tsx";

export interface TopicListItemProps {
  href: string;
  title: string;
  status: TopicStatus;
  category: TopicCategory;
  supportCount: number;
  updatedAt: Date | string;
  /** Heading level of the title inside the list (default 3, under the list's h2). */
  headingLevel?: 2 | 3 | 4;
  renderLink?: RenderLink;
  className?: string;
}

/** One topic in a list: linked title, status in words, category, supports, last change. */
export function TopicListItem({
  href,
  title,
  status,
  category,
  supportCount,
  updatedAt,
  headingLevel = 3,
  renderLink = renderAnchor,
  className,
}: TopicListItemProps) {
  const { t, formatDateTime, formatNumber } = useI18n();
  const Heading = `h${headingLevel}` as const;
  return (
    <li className={cx("flex flex-col gap-2 py-4", className)} data-testid="topic-item">
      <Heading className="text-lg font-semibold break-words">
        {renderLink({
          href,
          className:
            "inline-flex min-h-11 items-center text-brand-800 underline underline-offset-4 hover:text-brand-900",
          children: title,
        })}
      </Heading>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-700">
        <TopicStatusBadge status={status} />
        <span>{t(`topics.category.${category}`)}</span>
        <span data-testid="topic-item-supports">
          {t("topics.list.supports", { count: formatNumber(supportCount) })}
        </span>
        <span>{t("topics.list.updated", { time: formatDateTime(updatedAt) })}</span>
      </div>
    </li>
  );
}
