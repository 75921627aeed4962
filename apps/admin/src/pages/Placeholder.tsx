import { buttonClasses, EmptyState, PageHeader, useI18n } from "@gongzhi/ui";
import { Link, useParams } from "react-router";
import { useDocumentTitle } from "../lib/useDocumentTitle.ts";
import type { Section } from "../shell/sections.ts";

/** A section that is not built yet: a friendly page (and the record id a link asked for). */
export default function PlaceholderPage({ section }: { section: Section }) {
  const { t } = useI18n();
  const rest = useParams()["*"];
  const name = t(section.label);
  useDocumentTitle(name);
  const id = rest?.split("/").filter(Boolean).at(-1);
  return (
    <div>
      <PageHeader title={t("admin.placeholder.title", { section: name })} />
      <EmptyState
        title={t("admin.placeholder.body", { section: name })}
        description={id ? t("admin.placeholder.record", { id }) : undefined}
        action={
          <Link to="/rates" className={buttonClasses("secondary")}>
            {t("admin.placeholder.backToRates")}
          </Link>
        }
      />
    </div>
  );
}
