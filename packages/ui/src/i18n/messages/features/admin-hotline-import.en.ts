import type { adminHotlineImportZhCN } from "./admin-hotline-import.zh-CN.ts";

/** English messages of the console's 12345 import section. */
export const adminHotlineImportEn = {
  "admin.nav.hotlineImport": "12345 import",
  "adminHotlineImport.title": "Import 12345 orders",
  "adminHotlineImport.intro":
    "Bring work orders exported from the 12345 platform (.xlsx or .csv, UTF-8 or GBK) into 接诉即办; they are dispatched by the dispatch catalogue. An order number imported before is never imported twice.",
  "adminHotlineImport.notForRole":
    "Only dispatch staff of a subdistrict or the district can import 12345 orders.",
  "adminHotlineImport.target": "Import into: {name}",
  "adminHotlineImport.step1": "Step 1: download the template",
  "adminHotlineImport.step1Body":
    "The template's headers are those of the 12345 platform's export: 工单编号 (order number), 受理时间 (received), 诉求类型 (type), 诉求分类 (category), 所属社区 (community), 小区 (compound), 详细地址 (address), 诉求内容 (text), 诉求人 (requester), 联系电话 (phone). An export can be uploaded as it is; other columns (status, answer) are ignored.",
  "adminHotlineImport.template": "Download the import template (.xlsx)",
  "adminHotlineImport.step2": "Step 2: choose the file",
  "adminHotlineImport.file": "12345 export file",
  "adminHotlineImport.fileHint":
    ".xlsx or .csv (UTF-8, UTF-8 with BOM, or GBK); at most 2,000 rows and 5 MB.",
  "adminHotlineImport.checking": "Checking every row…",
  "adminHotlineImport.failed": "“{file}” cannot be imported",
  "adminHotlineImport.step3": "Step 3: check the report",
  "adminHotlineImport.summary": "{rows} rows: {new} new, {already} already imported, {errors} with errors.",
  "adminHotlineImport.read": "File format: {format}{encoding}",
  "adminHotlineImport.encoding": ", encoding {encoding}",
  "adminHotlineImport.ignored": "These columns are not imported and were ignored: {columns}",
  "adminHotlineImport.valid": "All rows pass: ready to import.",
  "adminHotlineImport.validBody":
    "The new orders are written in one transaction and dispatched by the catalogue.",
  "adminHotlineImport.invalid": "{errors} row(s) have errors: nothing in this file will be imported.",
  "adminHotlineImport.invalidBody": "Fix the file as the table below says and upload it again.",
  "adminHotlineImport.nothingNew":
    "Every order in this file was imported before: there is nothing new to import.",
  "adminHotlineImport.commit": "Import {count} new order(s)",
  "adminHotlineImport.done": "Import complete",
  "adminHotlineImport.created": "{count} order(s) imported.",
  "adminHotlineImport.reportCaption": "Row-by-row report of “{file}”",
  "adminHotlineImport.col.line": "Line",
  "adminHotlineImport.col.externalNumber": "12345 number",
  "adminHotlineImport.col.status": "Result",
  "adminHotlineImport.col.number": "Our order number",
  "adminHotlineImport.col.problems": "Problems",
  "adminHotlineImport.status.new": "New",
  "adminHotlineImport.status.already_imported": "Already imported",
  "adminHotlineImport.status.error": "Error",
  "adminHotlineImport.problem": "{column}: {problem}",
  "adminHotlineImport.another": "Import another file",
} as const satisfies Record<keyof typeof adminHotlineImportZhCN, string>;
