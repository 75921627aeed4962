import { useI18n } from "@gongzhi/ui";
import { Link } from "react-router";
import type { UnitLevel } from "../../lib/session.ts";
import { recordPaths } from "../../shell/sections.ts";
import { useUnit } from "../../shell/unit-names.ts";

const rank: Record<string, number> = { global: 3, district: 3, subdistrict: 2, community: 1 };

/** district › subdistrict › community, up to the user's own scope (they cannot read above it). */
export function Breadcrumbs({ level, id, homeKind }: { level: UnitLevel; id: string; homeKind: string }) {
  const { t } = useI18n();
  const home = rank[homeKind] ?? 0;
  const self = useUnit(level, id);
  const p1 = self.parent;
  const parent1 = useUnit(p1?.level, p1?.id, !!p1 && rank[p1.level]! <= home);
  const p2 = parent1.parent;
  const parent2 = useUnit(p2?.level, p2?.id, !!p2 && rank[p2.level]! <= home);

  const trail: { level: UnitLevel; id: string; name: string }[] = [];
  if (p2 && parent2.name && rank[p2.level]! <= home) trail.push({ ...p2, name: parent2.name });
  if (p1 && parent1.name && rank[p1.level]! <= home) trail.push({ ...p1, name: parent1.name });
  if (trail.length === 0) return null;
  return (
    <nav aria-label={t("admin.rates.breadcrumb")}>
      <ol className="flex flex-wrap items-center gap-1 text-sm">
        {trail.map((item) => (
          <li key={item.id} className="flex items-center gap-1">
            <Link
              to={recordPaths.ratesOf(item.level, item.id)}
              className="inline-flex min-h-11 items-center rounded px-1 text-brand-800 underline"
            >
              {item.name}
            </Link>
            <span aria-hidden="true">›</span>
          </li>
        ))}
        <li aria-current="page" className="px-1 text-slate-800">
          {self.name ?? "…"}
        </li>
      </ol>
    </nav>
  );
}
