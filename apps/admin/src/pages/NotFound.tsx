import { buttonClasses, ErrorState, useT } from "@gongzhi/ui";
import { Link } from "react-router";

export function NotFoundPage() {
  const t = useT();
  return (
    <ErrorState
      headingLevel={1}
      title={t("error.notFound.title")}
      description={t("error.notFound.body")}
      detail={t("error.status", { status: 404 })}
      action={
        <Link to="/" className={buttonClasses("secondary")}>
          {t("common.backHome")}
        </Link>
      }
    />
  );
}
