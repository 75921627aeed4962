/**
 * 12345 export import (ADR 0018): a district or street/town dispatcher uploads the platform's export
 * (.xlsx or .csv, UTF-8 or GBK); the server reads it (import-file.ts), checks every row and answers a
 * row-by-row report. A row whose 工单编号 is already on file is "already imported" — importing one file
 * twice files nothing twice (unique per channel: `work_orders_channel_external_number_uq`). With
 * `dryRun: false` and no bad row, every new row is filed in ONE transaction and dispatched by the
 * catalogue exactly like `workOrders.create`; one bad row and nothing is written.
 *
 * Columns (first sheet / CSV; the header row names them, in any order; other columns are ignored and
 * listed in the report): 工单编号*, 受理时间*, 诉求类型* (咨询/求助/投诉/举报/建议), 诉求分类* (code or
 * path 城市管理/供水), 所属社区 (code or name), 小区 (code or name), 详细地址, 诉求内容*, 诉求人, 联系电话.
 * Status, answer and callback columns of the export are not replayed: they are the platform's record
 * of other people's acts; the order starts here as received and follows our lifecycle.
 */
import {
  beijingDate,
  dueAt,
  type HotlineImportField,
  hotlineImportColumnOf,
  hotlineImportColumns,
  mainlandMobile,
  RuleInputError,
  type WorkOrderType,
  workOrderTypes,
} from "@gongzhi/core";
import {
  type ancestryOf,
  type CategoryNode,
  hotlineRepository,
  type StoredWorkingCalendar,
  tables,
  workingCalendarFrom,
} from "@gongzhi/db";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { ApiError } from "../../errors.ts";
import { audited } from "../../trpc.ts";
import { type Cell, MAX_IMPORT_FILE_BYTES, readImportFile } from "./import-file.ts";
import { fileOrder } from "./intake.ts";
import { dispatcher } from "./shared.ts";

/** 诉求类型 in Chinese (and the API's own values). */
const typeLabels: Record<string, WorkOrderType> = {
  咨询: "consultation",
  求助: "help",
  投诉: "complaint",
  举报: "report",
  建议: "suggestion",
  ...Object.fromEntries(workOrderTypes.map((t) => [t, t])),
};

const rowProblem = z.object({
  /** The column's field (see hotlineImportColumns). */
  column: z.string(),
  messageKey: z.string(),
  message: z.string(),
});

export const hotlineImportRowReport = z.object({
  /** The row's line in the file (the header is line 1 when it is the first row). */
  line: z.number().int(),
  externalNumber: z.string().nullable(),
  status: z.enum(["new", "already_imported", "error"]),
  problems: z.array(rowProblem),
  /** Our number of the order (the existing one when already imported; the new one after a commit). */
  number: z.string().nullable(),
  /** The order's id (the existing one when already imported; the new one after a commit). */
  orderId: z.uuid().nullable(),
  /** Where the catalogue dispatched the new order (after a commit), null when no rule applied. */
  dispatchedTo: z.uuid().nullable(),
});

export const hotlineImportOutput = z.object({
  ok: z.boolean(),
  dryRun: z.boolean(),
  format: z.enum(["xlsx", "csv"]),
  encoding: z.enum(["utf-8", "gb18030"]).nullable(),
  /** Header cells that are none of the columns above (ignored). */
  ignoredColumns: z.array(z.string()),
  counts: z.object({
    rows: z.number().int(),
    new: z.number().int(),
    alreadyImported: z.number().int(),
    errors: z.number().int(),
    created: z.number().int(),
  }),
  rows: z.array(hotlineImportRowReport),
});
export type HotlineImportOutput = z.infer<typeof hotlineImportOutput>;

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const hotlineImportInput = z.object({
  /** The district or street/town the rows are filed into (every row's place must lie within). */
  scopeLevel: z.enum(["district", "subdistrict"]),
  scopeId: z.uuid(),
  fileName: z.string().trim().min(1).max(200),
  /** The file's bytes, base64 (≤ 5 MB decoded). */
  contentBase64: z
    .string()
    .max(Math.ceil(MAX_IMPORT_FILE_BYTES / 3) * 4)
    .regex(base64, "expected base64"),
  dryRun: z.boolean().default(true),
});

const text = (c: Cell | undefined): string | null => {
  if (c === null || c === undefined) return null;
  if (c instanceof Date) return null;
  const s = String(c).trim();
  return s === "" ? null : s;
};

/**
 * 受理时间 → an instant. An Excel date cell holds the wall-clock time without a zone (exceljs gives it as
 * UTC fields); a text cell is "YYYY-MM-DD HH:mm[:ss]" or with "/" or 年月日. Both are Beijing time.
 */
export function readReceivedAt(c: Cell | undefined): Date | null {
  if (c instanceof Date) {
    if (Number.isNaN(c.getTime())) return null;
    const p = (n: number) => String(n).padStart(2, "0");
    return new Date(
      `${c.getUTCFullYear()}-${p(c.getUTCMonth() + 1)}-${p(c.getUTCDate())}T${p(c.getUTCHours())}:${p(c.getUTCMinutes())}:${p(c.getUTCSeconds())}+08:00`,
    );
  }
  const s = text(c);
  if (!s) return null;
  const m =
    /^(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?(?:[ T]+(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})秒?)?)?$/.exec(
      s,
    );
  if (!m) return null;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4] ?? "0", m[5] ?? "0", m[6] ?? "0"].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return null;
  const p = (n: number) => String(n).padStart(2, "0");
  const at = new Date(`${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(se)}+08:00`);
  // 2026-02-30 rolls over in Date: refuse it rather than file the order on 3 March.
  if (Number.isNaN(at.getTime()) || beijingDate(at) !== `${y}-${p(mo)}-${p(d)}`) return null;
  return at;
}

/** Categories by code, by full Chinese path ("城市管理/供水") and by a leaf name used only once. */
function categoryIndex(tree: CategoryNode[]) {
  const byCode = new Map<string, CategoryNode>();
  const byPath = new Map<string, CategoryNode>();
  const byName = new Map<string, CategoryNode | "ambiguous">();
  const walk = (nodes: CategoryNode[], prefix: string) => {
    for (const n of nodes) {
      const path = prefix ? `${prefix}/${n.nameZh}` : n.nameZh;
      byCode.set(n.code.toLowerCase(), n);
      byPath.set(path, n);
      byName.set(n.nameZh, byName.has(n.nameZh) ? "ambiguous" : n);
      walk(n.children, path);
    }
  };
  walk(tree, "");
  return (s: string): CategoryNode | "ambiguous" | null => {
    const code = byCode.get(s.toLowerCase());
    if (code) return code;
    const path = s.split(/\s*[/／>＞\\]\s*/).join("/");
    return byPath.get(path) ?? byName.get(path) ?? null;
  };
}

interface ParsedRow {
  line: number;
  externalNumber: string | null;
  problems: z.infer<typeof rowProblem>[];
  type?: WorkOrderType;
  receivedAt?: Date;
  categoryId?: string;
  limit?: { kind: "working_days" | "natural_hours"; amount: number };
  place?: {
    districtId: string;
    subdistrictId: string | null;
    communityId: string | null;
    compoundId: string | null;
  };
  address?: string;
  text?: string;
  requesterName?: string | null;
  requesterPhone?: string | null;
}

export const importProcedures = {
  /**
   * 12345 export import: the report (always), and with `dryRun: false` and no bad row, every new row
   * filed and dispatched in one transaction. A file that cannot be read is a 400 and changes nothing.
   */
  import: dispatcher
    .input(hotlineImportInput)
    .output(hotlineImportOutput)
    .mutation(async ({ ctx, input }) => {
      await ctx.requireScope({ level: input.scopeLevel, id: input.scopeId });
      const bytes = new Uint8Array(Buffer.from(input.contentBase64, "base64"));
      const sheet = await readImportFile(bytes, input.fileName);

      // Header → field (exact header, alias or the API's own field name; first occurrence wins).
      const fieldAt = new Map<HotlineImportField, number>();
      const ignoredColumns: string[] = [];
      sheet.header.forEach((h, i) => {
        const col = hotlineImportColumnOf(h);
        if (col && !fieldAt.has(col.field)) fieldAt.set(col.field, i);
        else if (h !== "") ignoredColumns.push(h);
      });
      const missing = hotlineImportColumns.filter((c) => c.required && !fieldAt.has(c.field));
      if (missing.length > 0)
        throw new ApiError(
          "BAD_REQUEST",
          "error.hotline_import.missing_columns",
          `missing columns: ${missing.map((c) => c.header).join("、")}`,
          { columns: missing.map((c) => c.header).join("、") },
        );
      const get = (cells: Cell[], f: HotlineImportField) => {
        const i = fieldAt.get(f);
        return i === undefined ? null : (cells[i] ?? null);
      };

      const repo = hotlineRepository(ctx.db);
      const findCategory = categoryIndex(await repo.categoryTree());
      const now = ctx.now();
      const parsed: ParsedRow[] = sheet.rows.map(({ line, cells }) => {
        const r: ParsedRow = { line, externalNumber: null, problems: [] };
        const problem = (column: HotlineImportField, key: string, message: string) =>
          r.problems.push({ column, messageKey: `error.hotline_import.${key}`, message });

        const number = text(get(cells, "externalNumber"));
        if (!number) problem("externalNumber", "required", "工单编号 is required");
        else if (!/^[0-9A-Za-z_-]{1,64}$/.test(number))
          problem("externalNumber", "invalid_number", "工单编号 must be letters, digits, - or _ (≤ 64)");
        else r.externalNumber = number;

        const receivedCell = get(cells, "receivedAt");
        const at = readReceivedAt(receivedCell);
        if (receivedCell === null) problem("receivedAt", "required", "受理时间 is required");
        else if (!at)
          problem("receivedAt", "invalid_time", "受理时间 must be a date and time like 2026-12-01 09:30");
        else if (at.getTime() > now.getTime() + 5 * 60_000)
          problem("receivedAt", "time_in_future", "受理时间 is in the future");
        else if (at.getFullYear() < 2000) problem("receivedAt", "invalid_time", "受理时间 is before 2000");
        else r.receivedAt = at;

        const typeText = text(get(cells, "type"));
        const type = typeText ? typeLabels[typeText] : undefined;
        if (!typeText) problem("type", "required", "诉求类型 is required");
        else if (!type) problem("type", "invalid_type", "诉求类型 must be 咨询, 求助, 投诉, 举报 or 建议");
        else r.type = type;

        const categoryText = text(get(cells, "category"));
        const category = categoryText ? findCategory(categoryText) : null;
        if (!categoryText) problem("category", "required", "诉求分类 is required");
        else if (category === "ambiguous")
          problem(
            "category",
            "ambiguous_category",
            "several categories have this name: give the code or path",
          );
        else if (!category?.active)
          problem("category", "unknown_category", "no active category has this code or path");
        else {
          r.categoryId = category.id;
          r.limit = { kind: category.limitKind, amount: category.limitAmount };
        }

        const body = text(get(cells, "text"));
        if (!body) problem("text", "required", "诉求内容 is required");
        else if (body.length > 5000) problem("text", "too_long", "诉求内容 is longer than 5000 characters");
        else r.text = body;

        const address = text(get(cells, "address")) ?? "";
        if (address.length > 300) problem("address", "too_long", "详细地址 is longer than 300 characters");
        else r.address = address;

        const name = text(get(cells, "requesterName"));
        if (name && name.length > 50)
          problem("requesterName", "too_long", "诉求人 is longer than 50 characters");
        else r.requesterName = name;

        const phoneCell = get(cells, "requesterPhone");
        const phone = typeof phoneCell === "number" ? String(phoneCell) : text(phoneCell);
        if (phone && !mainlandMobile.safeParse(phone.replace(/[\s-]/g, "")).success)
          problem("requesterPhone", "invalid_phone", "联系电话 must be an 11-digit mainland mobile number");
        else r.requesterPhone = phone ? phone.replace(/[\s-]/g, "") : null;
        return r;
      });

      // Places: community and compound by code or name, within the target scope.
      const places = await placeResolver(ctx.db, input.scopeLevel, input.scopeId);
      for (const [i, r] of parsed.entries()) {
        const cells = sheet.rows[i]!.cells;
        const community = text(get(cells, "community"));
        const compound = text(get(cells, "compound"));
        const found = places(community, compound);
        if ("problem" in found)
          r.problems.push({
            column: found.column,
            messageKey: `error.hotline_import.${found.problem}`,
            message: found.message,
          });
        else r.place = found;
      }

      // Due times need the working calendar of each row's year (a year not loaded is a row error).
      const years = [
        ...new Set(
          parsed.flatMap((r) => (r.receivedAt ? [Number(beijingDate(r.receivedAt).slice(0, 4))] : [])),
        ),
      ];
      const calendar: StoredWorkingCalendar = await workingCalendarFrom(ctx.db, [
        ...years,
        ...years.map((y) => y + 1),
      ]);
      for (const r of parsed) {
        if (!r.receivedAt || !r.limit) continue;
        try {
          dueAt(r.receivedAt, r.limit, r.limit.kind === "natural_hours" ? null : calendar);
        } catch (error) {
          if (!(error instanceof RuleInputError)) throw error;
          r.problems.push({
            column: "receivedAt",
            messageKey: `error.rule.${error.code}`,
            message: error.message,
          });
        }
      }

      // Idempotency: numbers already on file (this channel), and the same number twice in the file.
      const numbers = [...new Set(parsed.flatMap((r) => (r.externalNumber ? [r.externalNumber] : [])))];
      const existing = new Map<string, { id: string; number: string }>();
      for (let i = 0; i < numbers.length; i += 500) {
        const rows = await ctx.db
          .select({
            id: tables.workOrders.id,
            externalNumber: tables.workOrders.externalNumber,
            number: tables.workOrders.number,
          })
          .from(tables.workOrders)
          .where(
            and(
              eq(tables.workOrders.channel, "hotline_12345"),
              inArray(tables.workOrders.externalNumber, numbers.slice(i, i + 500)),
            ),
          );
        for (const row of rows) existing.set(row.externalNumber!, { id: row.id, number: row.number });
      }
      const seen = new Map<string, number>();
      const report = parsed.map((r): z.infer<typeof hotlineImportRowReport> => {
        if (r.externalNumber && !existing.has(r.externalNumber)) {
          const first = seen.get(r.externalNumber);
          if (first !== undefined)
            r.problems.push({
              column: "externalNumber",
              messageKey: "error.hotline_import.duplicate_row",
              message: `the same 工单编号 is on line ${first}`,
            });
          else seen.set(r.externalNumber, r.line);
        }
        const already = r.externalNumber ? existing.get(r.externalNumber) : undefined;
        return {
          line: r.line,
          externalNumber: r.externalNumber,
          // An order already on file is reported as such whatever else the row says: nothing is filed.
          status: already ? "already_imported" : r.problems.length > 0 ? "error" : "new",
          problems: already ? [] : r.problems,
          number: already?.number ?? null,
          orderId: already?.id ?? null,
          dispatchedTo: null,
        };
      });
      const count = (s: string) => report.filter((r) => r.status === s).length;
      const counts = {
        rows: report.length,
        new: count("new"),
        alreadyImported: count("already_imported"),
        errors: count("error"),
        created: 0,
      };
      const out = (ok: boolean): HotlineImportOutput => ({
        ok,
        dryRun: input.dryRun,
        format: sheet.format,
        encoding: sheet.encoding,
        ignoredColumns,
        counts,
        rows: report,
      });
      if (counts.errors > 0 || input.dryRun || counts.new === 0) return out(counts.errors === 0);

      return audited(ctx, async (tx) => {
        const audit = [];
        const created: string[] = [];
        for (const [i, r] of parsed.entries()) {
          if (report[i]!.status !== "new") continue;
          const filed = await fileOrder(
            tx,
            ctx,
            r.place!,
            {
              type: r.type!,
              channel: "hotline_12345",
              externalNumber: r.externalNumber,
              requesterName: r.requesterName ?? null,
              requesterPhone: r.requesterPhone ?? null,
              requesterUserId: null,
              compoundId: r.place!.compoundId,
              buildingId: null,
              categoryId: r.categoryId!,
              address: r.address ?? "",
              text: r.text!,
              receivedAt: r.receivedAt!,
            },
            r.limit!.kind === "natural_hours" ? null : calendar,
          );
          report[i]!.number = filed.order.number;
          report[i]!.orderId = filed.order.id;
          report[i]!.dispatchedTo = filed.dispatchedTo;
          created.push(filed.order.id);
          audit.push(...filed.audit.filter((a) => a.action !== "workOrders.create"));
        }
        counts.created = created.length;
        audit.unshift({
          action: "workOrders.import",
          entityType: input.scopeLevel,
          entityId: input.scopeId,
          after: {
            fileName: input.fileName,
            format: sheet.format,
            encoding: sheet.encoding,
            created: created.length,
            alreadyImported: counts.alreadyImported,
            orderIds: created,
          },
        });
        return { result: out(true), audit };
      });
    }),
};

type Resolved =
  | {
      districtId: string;
      subdistrictId: string | null;
      communityId: string | null;
      compoundId: string | null;
    }
  | { problem: string; column: "community" | "compound"; message: string };

/**
 * Resolves (community, compound) cells to a place. Codes are looked up anywhere (then checked against
 * the target); names only within the target, and must name exactly one. Neither → the target itself.
 */
async function placeResolver(
  db: Parameters<typeof ancestryOf>[0],
  level: "district" | "subdistrict",
  scopeId: string,
): Promise<(community: string | null, compound: string | null) => Resolved> {
  const c = tables.communities;
  const s = tables.subdistricts;
  const p = tables.compounds;
  const scope = level === "district" ? eq(s.districtId, scopeId) : eq(s.id, scopeId);
  const communities = await db
    .select({
      id: c.id,
      code: c.code,
      name: c.name,
      subdistrictId: c.subdistrictId,
      districtId: s.districtId,
    })
    .from(c)
    .innerJoin(s, eq(s.id, c.subdistrictId))
    .where(scope);
  const compounds = await db
    .select({
      id: p.id,
      code: p.code,
      name: p.name,
      communityId: p.communityId,
      subdistrictId: c.subdistrictId,
      districtId: s.districtId,
    })
    .from(p)
    .innerJoin(c, eq(c.id, p.communityId))
    .innerJoin(s, eq(s.id, c.subdistrictId))
    .where(scope);
  const target =
    level === "district"
      ? { districtId: scopeId, subdistrictId: null, communityId: null, compoundId: null }
      : {
          districtId: (await db.select({ d: s.districtId }).from(s).where(eq(s.id, scopeId)))[0]!.d,
          subdistrictId: scopeId,
          communityId: null,
          compoundId: null,
        };
  const unique = <T extends { code: string; name: string }>(rows: T[], v: string) => {
    const byCode = rows.filter((r) => r.code === v);
    if (byCode.length === 1) return byCode[0]!;
    const byName = rows.filter((r) => r.name === v);
    return byName.length === 1 ? byName[0]! : byName.length > 1 ? ("ambiguous" as const) : null;
  };
  return (communityText, compoundText) => {
    let community: (typeof communities)[number] | null = null;
    if (communityText) {
      const found = unique(communities, communityText);
      if (found === "ambiguous")
        return {
          problem: "ambiguous_place",
          column: "community",
          message: "several communities have this name",
        };
      if (!found)
        return {
          problem: "unknown_community",
          column: "community",
          message: "no community of the import's district or street has this code or name",
        };
      community = found;
    }
    if (compoundText) {
      const found = unique(
        community ? compounds.filter((x) => x.communityId === community.id) : compounds,
        compoundText,
      );
      if (found === "ambiguous")
        return {
          problem: "ambiguous_place",
          column: "compound",
          message: "several compounds have this name: give the community or the code",
        };
      if (!found)
        return {
          problem: "unknown_compound",
          column: "compound",
          message: community
            ? "no compound of that community has this code or name"
            : "no compound of the import's district or street has this code or name",
        };
      return {
        districtId: found.districtId,
        subdistrictId: found.subdistrictId,
        communityId: found.communityId,
        compoundId: found.id,
      };
    }
    if (community)
      return {
        districtId: community.districtId,
        subdistrictId: community.subdistrictId,
        communityId: community.id,
        compoundId: null,
      };
    return target;
  };
}
