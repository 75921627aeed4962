/**
 * core runs unchanged in the browser: bundle src/index.ts — with every dependency, turf,
 * flatbush and fast-xml-parser included — for the browser platform. esbuild fails the build
 * on any Node built-in (`fs`, `node:path`, `buffer` …) it meets, in our code or theirs.
 * (scripts/check-deps.mjs checks our own imports; this checks what the dependencies pull in.)
 */
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

describe("core is pure", () => {
  it("bundles for the browser with no Node built-in anywhere in its module graph", async () => {
    const builtins: string[] = [];
    const result = await build({
      entryPoints: [new URL("../src/index.ts", import.meta.url).pathname],
      bundle: true,
      write: false,
      platform: "browser",
      format: "esm",
      metafile: true,
      logLevel: "silent",
      plugins: [
        {
          name: "no-node-builtins",
          setup(b) {
            b.onResolve(
              {
                filter:
                  /^node:|^(fs|path|os|crypto|stream|buffer|util|events|url|zlib|child_process|worker_threads|module|process)(\/|$)/,
              },
              (args) => {
                builtins.push(`${args.path} (from ${args.importer})`);
                return { path: args.path, external: true };
              },
            );
          },
        },
      ],
    });
    expect(builtins).toEqual([]);
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.includes("flatbush"))).toBe(true);
    expect(inputs.some((i) => i.includes("fast-xml-parser"))).toBe(true);
  }, 30_000);
});
