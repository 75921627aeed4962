import { useT } from "@gongzhi/ui";
import { useEffect } from "react";

/** Sets `<title>` to "page · 共治 · 工作台" (screen readers announce it on route changes). */
export function useDocumentTitle(title: string | undefined): void {
  const t = useT();
  useEffect(() => {
    document.title = title ? `${title} · ${t("admin.title")}` : t("admin.title");
  }, [title, t]);
}
