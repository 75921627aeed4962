/**
 * The columns of a 12345 export as the import reads them (ADR 0018) — one list for the API that reads
 * the file and the console that builds the template. The header row names the columns, in any order;
 * a header may be the Chinese name, one of its aliases (names seen in platform exports) or the field.
 */
export const hotlineImportColumns = [
  { field: "externalNumber", header: "工单编号", aliases: ["工单号", "编号"], required: true, width: 20 },
  {
    field: "receivedAt",
    header: "受理时间",
    aliases: ["来电时间", "受理日期", "登记时间"],
    required: true,
    width: 20,
  },
  { field: "type", header: "诉求类型", aliases: ["类型", "诉求性质"], required: true, width: 10 },
  { field: "category", header: "诉求分类", aliases: ["问题分类", "分类"], required: true, width: 24 },
  { field: "community", header: "所属社区", aliases: ["社区", "社区（村）"], required: false, width: 18 },
  { field: "compound", header: "小区", aliases: ["小区名称", "小区编码"], required: false, width: 20 },
  { field: "address", header: "详细地址", aliases: ["地址", "诉求地址"], required: false, width: 30 },
  {
    field: "text",
    header: "诉求内容",
    aliases: ["反映内容", "来电内容", "内容"],
    required: true,
    width: 50,
  },
  { field: "requesterName", header: "诉求人", aliases: ["来电人", "姓名"], required: false, width: 12 },
  { field: "requesterPhone", header: "联系电话", aliases: ["电话", "来电号码"], required: false, width: 16 },
] as const;
export type HotlineImportField = (typeof hotlineImportColumns)[number]["field"];

/** The column a header names (header, alias or field; spaces and a required-mark `*` ignored). */
export function hotlineImportColumnOf(header: string) {
  const name = header.replace(/[*＊\s]/g, "");
  return hotlineImportColumns.find(
    (c) => c.header === name || c.field === name || (c.aliases as readonly string[]).includes(name),
  );
}
