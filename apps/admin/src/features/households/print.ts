/**
 * The printable 户码 sheet: a plain page in a new window (unit number + code, one per line, with the
 * instructions in Chinese), printed with window.print(). The codes exist only in memory: nothing is
 * stored or sent anywhere.
 */
export interface CodeSheet {
  compound: string;
  building: string;
  expiresAt: string;
  codes: { unitNumber: string; code: string }[];
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function codeSheetHtml(sheet: CodeSheet): string {
  const rows = sheet.codes
    .map(
      (c) =>
        `<tr><th scope="row">${escapeHtml(c.unitNumber)}</th><td class="code">${escapeHtml(c.code)}</td><td class="cut">✂</td></tr>`,
    )
    .join("");
  const title = `${escapeHtml(sheet.compound)} ${escapeHtml(sheet.building)} 户码`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style>
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:24px;color:#000}
h1{font-size:22px;margin:0 0 8px}
ol{margin:8px 0 16px;padding-left:20px;line-height:1.7}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px dashed #555;padding:10px 8px;text-align:left;font-size:18px}
td.code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:22px;letter-spacing:2px}
td.cut{color:#777;width:24px}
tr{break-inside:avoid}
@media print{button{display:none}}
</style></head><body>
<h1>${title}</h1>
<p>有效期至：${escapeHtml(sheet.expiresAt)}</p>
<ol>
<li>户码每户一个，只能使用一次，请按房号沿虚线剪下，交给该户业主本人。</li>
<li>业主登录“共治”居民服务，在“我的房屋”中输入户码，即可完成业主身份核验。</li>
<li>户码不区分大小写，短横线可不输入。遗失、过期或交错时，请到居委会重新办理，旧户码作废。</li>
<li>请勿拍照外传；本页不会再次显示这些户码。</li>
</ol>
<button type="button" onclick="window.print()">打印</button>
<table><thead><tr><th scope="col">房号</th><th scope="col">户码</th><th scope="col"><span style="position:absolute;left:-9999px">裁剪线</span></th></tr></thead><tbody>${rows}</tbody></table>
</body></html>`;
}

export function printCodeSheet(sheet: CodeSheet): void {
  const w = window.open("", "_blank");
  if (!w) return;
  w.document.open();
  w.document.write(codeSheetHtml(sheet));
  w.document.close();
  w.focus();
  w.print();
}
