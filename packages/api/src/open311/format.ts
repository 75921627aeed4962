/**
 * Open311 GeoReport v2 responses (https://wiki.open311.org/GeoReport_v2): JSON and XML of the same
 * data, and errors in the spec's shape — `[{"code": 404, "description": "…"}]` in JSON,
 * `<errors><error><code>404</code><description>…</description></error></errors>` in XML.
 */
export type Format = "json" | "xml";
export type Scalar = string | number | boolean | null;
export type Item = Record<string, Scalar | Scalar[] | Item[]>;

const xmlEscape = (s: string) =>
  s
    .replace(
      /[&<>"']/g,
      (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!,
    )
    // XML 1.0 cannot carry most control characters, even escaped.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the ones to drop
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "");

function xmlOf(name: string, value: Scalar | Scalar[] | Item[] | Item, itemName?: string): string {
  if (value === null) return `<${name}/>`;
  if (Array.isArray(value)) {
    const child = itemName ?? "item";
    return `<${name}>${value
      .map((v) => (v !== null && typeof v === "object" ? xmlOf(child, v as Item) : xmlOf(child, v as Scalar)))
      .join("")}</${name}>`;
  }
  if (typeof value === "object")
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => xmlOf(k, v, k === "attributes" ? "attribute" : k === "values" ? "value" : undefined))
      .join("")}</${name}>`;
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

const headersOf = (format: Format, extra: Record<string, string> = {}) => ({
  "Content-Type": format === "json" ? "application/json; charset=utf-8" : "text/xml; charset=utf-8",
  "Cache-Control": "no-store",
  ...extra,
});

/** A list response: JSON array, or XML `<root><item>…</item>…</root>`. */
export function listResponse(
  format: Format,
  root: string,
  item: string,
  items: Item[],
  status = 200,
  extra: Record<string, string> = {},
): Response {
  const body =
    format === "json"
      ? JSON.stringify(items)
      : `<?xml version="1.0" encoding="utf-8"?>${xmlOf(root, items, item)}`;
  return new Response(body, { status, headers: headersOf(format, extra) });
}

/** A single object response (the service definition). */
export function objectResponse(format: Format, root: string, value: Item): Response {
  const body =
    format === "json" ? JSON.stringify(value) : `<?xml version="1.0" encoding="utf-8"?>${xmlOf(root, value)}`;
  return new Response(body, { status: 200, headers: headersOf(format) });
}

/** An error in the spec's format, with the HTTP status as its code. */
export function errorResponse(
  format: Format,
  status: number,
  description: string,
  extra: Record<string, string> = {},
): Response {
  return listResponse(format, "errors", "error", [{ code: status, description }], status, extra);
}

/** An instant in W3C format at Beijing time (2026-12-03T10:00:00+08:00), as the spec's examples give. */
export function w3c(d: Date | null): string | null {
  if (!d) return null;
  const b = new Date(d.getTime() + 8 * 3_600_000);
  return `${b.toISOString().slice(0, 19)}+08:00`;
}
