/**
 * Reading grid boundaries from files: a GeoJSON FeatureCollection, or KML (what the mapping
 * tools' staff export: Placemark → Polygon / MultiGeometry). Every feature is checked with
 * `validateGridBoundary`; problems come back per feature with its index and name, and the caller
 * decides — an import is all-or-nothing when `ok` is false. Pure: the XML parser (fast-xml-parser)
 * is plain JavaScript and runs in the browser too.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { Position } from "geojson";
import { type GridGeometry, gridGeometry } from "./schema.ts";
import { type GeometryProblem, type GeometryProblemCode, validateGridBoundary } from "./validate.ts";

export type GridFileFormat = "geojson" | "kml";

export type ImportProblemCode =
  /** Not JSON / not well-formed XML. */
  | "unreadable_file"
  /** Not a FeatureCollection (GeoJSON) or no kml root (KML). */
  | "not_a_feature_collection"
  /** The file holds no features / Placemarks. */
  | "no_features"
  /** The geometry's shape is not GeoJSON (Multi)Polygon / KML Polygon, or it has none. */
  | "invalid_geometry"
  /** Neither the code nor the name property is there. */
  | "missing_identifier"
  /** Two features carry the same code. */
  | "duplicate_code";

/** A problem with one feature (`feature` = its 0-based index in the file), or with the file (`feature` null). */
export interface FeatureProblem extends Omit<GeometryProblem, "code"> {
  code: GeometryProblemCode | ImportProblemCode;
  feature: number | null;
  /** The feature's code or name, to find it in the mapping tool. */
  featureName: string | null;
}

/** One grid read from a file. */
export interface ParsedGridFeature {
  index: number;
  code: string | null;
  name: string | null;
  properties: Record<string, unknown>;
  geometry: GridGeometry;
}

export interface ParseGridFeaturesOptions {
  /** The property (GeoJSON) or ExtendedData field (KML) holding the grid's code. Default "code". */
  codeProperty?: string;
  /** The property holding the grid's name. Default "name"; in KML also the Placemark's `<name>`. */
  nameProperty?: string;
}

/**
 * `ok` is true only when there is no problem at all; `features` holds the features that are
 * fine (the rest are named in `problems`), so a caller may show both but should import only
 * when `ok`.
 */
export interface ParseGridFeaturesResult {
  ok: boolean;
  features: ParsedGridFeature[];
  problems: FeatureProblem[];
}

interface RawFeature {
  properties: Record<string, unknown>;
  code: string | null;
  name: string | null;
  geometry: unknown;
  /** Why the geometry could not be read, if it could not. */
  geometryError?: string;
}

function label(v: unknown): string | null {
  if (typeof v === "string" && v.trim() !== "") return v.trim();
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return null;
}

function fileProblem(code: ImportProblemCode, message: string): ParseGridFeaturesResult {
  return { ok: false, features: [], problems: [{ code, message, feature: null, featureName: null }] };
}

/** Read grid boundaries from a GeoJSON or KML text. Never throws on bad input. */
export function parseGridFeatures(
  text: string,
  format: GridFileFormat,
  options: ParseGridFeaturesOptions = {},
): ParseGridFeaturesResult {
  const codeProperty = options.codeProperty ?? "code";
  const nameProperty = options.nameProperty ?? "name";
  const raw =
    format === "kml"
      ? readKml(text, codeProperty, nameProperty)
      : readGeoJson(text, codeProperty, nameProperty);
  if ("problem" in raw) return fileProblem(raw.problem, raw.message);
  if (raw.features.length === 0) return fileProblem("no_features", "the file holds no features");

  const problems: FeatureProblem[] = [];
  const features: ParsedGridFeature[] = [];
  const codes = new Map<string, number>();
  raw.features.forEach((f, index) => {
    const featureName = f.code ?? f.name;
    const mine: FeatureProblem[] = [];
    const add = (p: Omit<FeatureProblem, "feature" | "featureName">) =>
      mine.push({ ...p, feature: index, featureName });
    const who = `feature ${index}${featureName ? ` (${featureName})` : ""}`;
    if (!featureName) {
      add({
        code: "missing_identifier",
        message: `${who} has neither "${codeProperty}" nor "${nameProperty}"`,
      });
    }
    if (f.code !== null) {
      const earlier = codes.get(f.code);
      if (earlier !== undefined) {
        add({ code: "duplicate_code", message: `${who}: code ${f.code} is also feature ${earlier}'s` });
      } else codes.set(f.code, index);
    }
    const shape = f.geometryError ? null : gridGeometry.safeParse(f.geometry);
    const loose = f.geometry as { type?: unknown; coordinates?: unknown } | null;
    const named =
      !shape?.success &&
      !f.geometryError &&
      (loose?.type === "Polygon" || loose?.type === "MultiPolygon") &&
      Array.isArray(loose.coordinates)
        ? validateGridBoundary(loose as GridGeometry)
        : [];
    if (named.length > 0) {
      // the shape is (Multi)Polygon-like but e.g. a coordinate is NaN: name the ring and position
      for (const p of named) add({ ...p, message: `${who}: ${p.message}` });
    } else if (!shape?.success) {
      const why =
        f.geometryError ??
        shape?.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join(".") || "geometry"}: ${i.message}`)
          .join("; ");
      add({ code: "invalid_geometry", message: `${who}: not a Polygon or MultiPolygon (${why})` });
    } else {
      for (const p of validateGridBoundary(shape.data as GridGeometry))
        add({ ...p, message: `${who}: ${p.message}` });
      if (mine.length === 0) {
        features.push({
          index,
          code: f.code,
          name: f.name,
          properties: f.properties,
          geometry: shape.data as GridGeometry,
        });
      }
    }
    problems.push(...mine);
  });
  return { ok: problems.length === 0, features, problems };
}

type Raw = { features: RawFeature[] } | { problem: ImportProblemCode; message: string };

function readGeoJson(text: string, codeProperty: string, nameProperty: string): Raw {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { problem: "unreadable_file", message: `not JSON: ${(e as Error).message}` };
  }
  const d = doc as { type?: unknown; features?: unknown };
  const list = d?.type === "FeatureCollection" ? d.features : d?.type === "Feature" ? [d] : undefined;
  if (!Array.isArray(list)) {
    return { problem: "not_a_feature_collection", message: "expected a GeoJSON FeatureCollection" };
  }
  return {
    features: list.map((f: { properties?: unknown; geometry?: unknown } | null) => {
      const properties =
        f && typeof f.properties === "object" && f.properties !== null
          ? (f.properties as Record<string, unknown>)
          : {};
      return {
        properties,
        code: label(properties[codeProperty]),
        name: label(properties[nameProperty]),
        geometry: f?.geometry ?? null,
        ...(f?.geometry ? {} : { geometryError: "no geometry" }),
      };
    }),
  };
}

// --- KML -------------------------------------------------------------------------------------

type XmlNode = Record<string, unknown>;

const kmlArrays = new Set([
  "Placemark",
  "Folder",
  "Document",
  "Polygon",
  "MultiGeometry",
  "innerBoundaryIs",
  "Data",
  "SimpleData",
  "SchemaData",
]);

function textOf(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  if (v && typeof v === "object" && "#text" in v) return textOf((v as XmlNode)["#text"]);
  return null;
}

function asArray(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

/** Every Placemark below `node`, depth first (Document, Folder and any other container). */
function placemarks(node: unknown, out: XmlNode[]): XmlNode[] {
  if (!node || typeof node !== "object") return out;
  for (const [key, value] of Object.entries(node as XmlNode)) {
    if (key.startsWith("@_") || key === "#text") continue;
    for (const child of asArray(value)) {
      if (key === "Placemark" && child && typeof child === "object") out.push(child as XmlNode);
      else placemarks(child, out);
    }
  }
  return out;
}

/** `lon,lat[,alt]` tuples separated by whitespace; a bad number stays NaN for validation to name. */
function kmlCoordinates(v: unknown): Position[] | null {
  const t = textOf(v);
  if (t === null) return null;
  return t
    .trim()
    .split(/\s+/)
    .filter((s) => s !== "")
    .map((tuple) => {
      const parts = tuple.split(",");
      const lon = parts[0]?.trim() ? Number(parts[0]) : Number.NaN;
      const lat = parts[1]?.trim() ? Number(parts[1]) : Number.NaN;
      return [lon, lat];
    });
}

function kmlRing(boundary: unknown): Position[] | null {
  const ring = (boundary as XmlNode | undefined)?.LinearRing as XmlNode | undefined;
  return ring ? kmlCoordinates(ring.coordinates) : null;
}

/** The polygons of a Placemark's geometry (Polygon, or MultiGeometry of them, nested too). */
function kmlPolygons(node: XmlNode, out: Position[][][], errors: string[]): void {
  for (const p of asArray(node.Polygon) as XmlNode[]) {
    const outer = kmlRing(p?.outerBoundaryIs);
    if (!outer) {
      errors.push("a Polygon without outerBoundaryIs/LinearRing/coordinates");
      continue;
    }
    const rings = [outer];
    for (const inner of asArray(p.innerBoundaryIs)) {
      const ring = kmlRing(inner);
      if (ring) rings.push(ring);
      else errors.push("an innerBoundaryIs without LinearRing/coordinates");
    }
    out.push(rings);
  }
  for (const m of asArray(node.MultiGeometry) as XmlNode[]) if (m) kmlPolygons(m, out, errors);
  for (const other of ["Point", "LineString", "LinearRing", "Model", "Track", "MultiTrack"]) {
    if (node[other] !== undefined) errors.push(`a ${other}, which is not an area`);
  }
}

function kmlFields(pm: XmlNode): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const ext = pm.ExtendedData as XmlNode | undefined;
  if (!ext) return fields;
  for (const d of asArray(ext.Data) as XmlNode[]) {
    const key = d?.["@_name"];
    if (typeof key === "string") fields[key] = textOf(d.value) ?? "";
  }
  for (const sd of asArray(ext.SchemaData) as XmlNode[]) {
    for (const s of asArray(sd?.SimpleData) as XmlNode[]) {
      const key = (s as XmlNode)?.["@_name"];
      if (typeof key === "string") fields[key] = textOf(s) ?? "";
    }
  }
  return fields;
}

function readKml(text: string, codeProperty: string, nameProperty: string): Raw {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    return {
      problem: "unreadable_file",
      message: `not well-formed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`,
    };
  }
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => kmlArrays.has(name),
  }).parse(text) as XmlNode;
  if (!doc.kml) return { problem: "not_a_feature_collection", message: "expected a <kml> document" };
  return {
    features: placemarks(doc.kml, []).map((pm) => {
      const properties = kmlFields(pm);
      const placemarkName = textOf(pm.name);
      if (placemarkName !== null && properties[nameProperty] === undefined)
        properties[nameProperty] = placemarkName;
      const polygons: Position[][][] = [];
      const errors: string[] = [];
      kmlPolygons(pm, polygons, errors);
      if (polygons.length === 0 && errors.length === 0) errors.push("no Polygon");
      const geometry =
        polygons.length === 1
          ? { type: "Polygon", coordinates: polygons[0] }
          : { type: "MultiPolygon", coordinates: polygons };
      return {
        properties,
        code: label(properties[codeProperty]),
        name: label(properties[nameProperty]),
        geometry,
        ...(errors.length > 0 ? { geometryError: errors.join("; ") } : {}),
      };
    }),
  };
}
