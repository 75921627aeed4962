import { describe, expect, it } from "vitest";
import { parseGridFeatures } from "../../src/index.ts";

const ring = (x: number, y: number, s: number) => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];
const fcOf = (...features: unknown[]) => JSON.stringify({ type: "FeatureCollection", features });
const feature = (properties: unknown, coordinates: unknown, type = "Polygon") => ({
  type: "Feature",
  properties,
  geometry: { type, coordinates },
});

describe("parseGridFeatures — GeoJSON", () => {
  it("reads grids with their code and name", () => {
    const r = parseGridFeatures(
      fcOf(
        feature({ code: "110119001001-01", name: "第一网格" }, [ring(115.97, 40.45, 0.002)]),
        feature({ code: 2, name: "第二网格" }, [[ring(115.98, 40.45, 0.002)]], "MultiPolygon"),
      ),
      "geojson",
    );
    expect(r.ok).toBe(true);
    expect(r.problems).toEqual([]);
    expect(r.features.map((f) => [f.index, f.code, f.name, f.geometry.type])).toEqual([
      [0, "110119001001-01", "第一网格", "Polygon"],
      [1, "2", "第二网格", "MultiPolygon"],
    ]);
  });

  it("takes the code and name from configurable properties", () => {
    const r = parseGridFeatures(fcOf(feature({ WGBM: "A1", WGMC: "北网格" }, [ring(0, 0, 1)])), "geojson", {
      codeProperty: "WGBM",
      nameProperty: "WGMC",
    });
    expect(r.features[0]).toMatchObject({ code: "A1", name: "北网格" });
  });

  it("names every broken feature by index and name and is not ok (nothing half-imported silently)", () => {
    const open = ring(0, 0, 1).slice(0, 4);
    const bowtie = [
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 0],
    ];
    const r = parseGridFeatures(
      fcOf(
        feature({ code: "ok" }, [ring(0, 0, 1)]),
        feature({ code: "open" }, [open]),
        feature({ code: "bowtie" }, [bowtie]),
        { type: "Feature", properties: { code: "point" }, geometry: { type: "Point", coordinates: [0, 0] } },
        feature({ code: "ok" }, [ring(2, 2, 1)]),
        feature({}, [ring(4, 4, 1)]),
        { type: "Feature", properties: { code: "none" }, geometry: null },
      ),
      "geojson",
    );
    expect(r.ok).toBe(false);
    expect(r.features.map((f) => f.code)).toEqual(["ok"]);
    expect(r.problems.map((p) => [p.feature, p.featureName, p.code])).toEqual([
      [1, "open", "ring_not_closed"],
      [2, "bowtie", "self_intersection"],
      [3, "point", "invalid_geometry"],
      [4, "ok", "duplicate_code"],
      [5, null, "missing_identifier"],
      [6, "none", "invalid_geometry"],
    ]);
    expect(r.problems[0]!.message).toMatch(/^feature 1 \(open\): outer ring is not closed/);
  });

  it("reports an unreadable or empty file as one problem", () => {
    expect(parseGridFeatures("{", "geojson").problems).toEqual([
      expect.objectContaining({ code: "unreadable_file", feature: null }),
    ]);
    expect(parseGridFeatures('{"type":"Polygon"}', "geojson").problems[0]!.code).toBe(
      "not_a_feature_collection",
    );
    expect(parseGridFeatures(fcOf(), "geojson").problems[0]!.code).toBe("no_features");
  });
});

const kml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>延庆</name>${body}</Document></kml>`;
const coords = (r: number[][]) => r.map(([x, y]) => `${x},${y},0`).join(" ");

describe("parseGridFeatures — KML", () => {
  it("reads Placemarks with Polygon (holes too) and MultiGeometry, in folders, with ExtendedData", () => {
    const text = kml(`
      <Folder><name>社区一</name>
        <Placemark><name>第一网格</name>
          <ExtendedData><Data name="code"><value>G-01</value></Data></ExtendedData>
          <Polygon><outerBoundaryIs><LinearRing><coordinates>
            ${coords(ring(0, 0, 10))}
          </coordinates></LinearRing></outerBoundaryIs>
          <innerBoundaryIs><LinearRing><coordinates>${coords(ring(2, 2, 2))}</coordinates></LinearRing></innerBoundaryIs>
          <innerBoundaryIs><LinearRing><coordinates>${coords(ring(6, 6, 2))}</coordinates></LinearRing></innerBoundaryIs>
          </Polygon>
        </Placemark>
      </Folder>
      <Placemark><name>第二网格 &amp; 三</name>
        <ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="code">G-02</SimpleData></SchemaData></ExtendedData>
        <MultiGeometry>
          <Polygon><outerBoundaryIs><LinearRing><coordinates>${coords(ring(20, 20, 1))}</coordinates></LinearRing></outerBoundaryIs></Polygon>
          <Polygon><outerBoundaryIs><LinearRing><coordinates>${coords(ring(30, 30, 1))}</coordinates></LinearRing></outerBoundaryIs></Polygon>
        </MultiGeometry>
      </Placemark>`);
    const r = parseGridFeatures(text, "kml");
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    const [a, b] = r.features;
    expect(a).toMatchObject({ code: "G-01", name: "第一网格" });
    expect(a!.geometry).toEqual({
      type: "Polygon",
      coordinates: [ring(0, 0, 10), ring(2, 2, 2), ring(6, 6, 2)],
    });
    expect(b).toMatchObject({ code: "G-02", name: "第二网格 & 三" });
    expect(b!.geometry.type).toBe("MultiPolygon");
    expect(b!.geometry.coordinates).toHaveLength(2);
  });

  it("names broken Placemarks: a bad coordinate, a hole outside, a point, no geometry", () => {
    const text = kml(`
      <Placemark><name>坏坐标</name><Polygon><outerBoundaryIs><LinearRing>
        <coordinates>0,0 1,0 1,x 0,1 0,0</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
      <Placemark><name>洞在外</name><Polygon>
        <outerBoundaryIs><LinearRing><coordinates>${coords(ring(0, 0, 1))}</coordinates></LinearRing></outerBoundaryIs>
        <innerBoundaryIs><LinearRing><coordinates>${coords(ring(5, 5, 1))}</coordinates></LinearRing></innerBoundaryIs>
      </Polygon></Placemark>
      <Placemark><name>一个点</name><Point><coordinates>116,40</coordinates></Point></Placemark>
      <Placemark><name>空</name></Placemark>`);
    const r = parseGridFeatures(text, "kml");
    expect(r.ok).toBe(false);
    expect(r.features).toEqual([]);
    expect(r.problems.map((p) => [p.feature, p.featureName, p.code, p.ring, p.position])).toEqual([
      [0, "坏坐标", "position_not_finite", 0, 2],
      [1, "洞在外", "hole_outside_outer", 1, 0],
      [2, "一个点", "invalid_geometry", undefined, undefined],
      [3, "空", "invalid_geometry", undefined, undefined],
    ]);
  });

  it("reports malformed XML with its line, and a document that is not KML", () => {
    const bad = parseGridFeatures("<kml>\n<Placemark>\n</kml>", "kml");
    expect(bad.problems[0]).toMatchObject({ code: "unreadable_file", feature: null });
    expect(bad.problems[0]!.message).toMatch(/line \d+/);
    expect(parseGridFeatures("<gpx></gpx>", "kml").problems[0]!.code).toBe("not_a_feature_collection");
    expect(parseGridFeatures(kml(""), "kml").problems[0]!.code).toBe("no_features");
  });
});
