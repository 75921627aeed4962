import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { reactRouter } from "@react-router/dev/vite";
import tailwindcss from "@tailwindcss/vite";
import { defaultClientConditions, defineConfig, type Plugin } from "vite";

/**
 * The API and the data layer stay out of the SSR bundle: @gongzhi/db finds its SQL migrations next
 * to its own source, and PGlite ships WASM. Route modules only import their *types*; server.mjs
 * loads the runtime itself (through tsx) and hands it to loaders as `context.runtime`.
 */
const serverOnly = ["@gongzhi/api", "@gongzhi/db", "drizzle-orm", "@electric-sql/pglite", "postgres"];

/**
 * The staff console's message catalogs (packages/ui/src/i18n/messages/features/admin*.ts) are merged
 * into the shared catalog for the console; the portal never shows them, so its bundle gets each of
 * them as an empty object with the same export name (≈ half of all message text, shipped to every
 * page otherwise — docs/benchmarks.md). Types are unaffected: this happens only in the bundler.
 */
function withoutConsoleMessages(): Plugin {
  const consoleCatalog = /[\\/]i18n[\\/]messages[\\/]features[\\/]admin(-[a-z]+)?\.(zh-CN|en)\.ts$/;
  return {
    name: "gongzhi:without-console-messages",
    enforce: "pre",
    load(id) {
      const file = id.split("?")[0] ?? id;
      if (!consoleCatalog.test(file)) return null;
      const names = [...readFileSync(file, "utf8").matchAll(/export const (\w+)/g)].map((m) => m[1]);
      return names.map((name) => `export const ${name} = {};`).join("\n");
    },
  };
}

/**
 * The browser gets one locale's messages, not both: in the client build @gongzhi/ui's `#catalogs`
 * resolves with the `lazy-messages` condition (packages/ui/src/i18n/catalogs.lazy.ts), which makes
 * each locale's catalog its own chunk; app/entry.client.tsx loads the active one before hydrating.
 * The server render keeps both (default condition).
 *
 * So that the browser does not discover that chunk only after the entry has run, the server render
 * preloads it (app/root.tsx): `virtual:gongzhi/message-chunks` gives the SSR build each locale's
 * chunk files, read from the client build's Vite manifest (React Router builds the client first and
 * reads the same manifest for its own). Empty in the browser and in development.
 */
function messageChunks(): Plugin {
  const id = "virtual:gongzhi/message-chunks";
  const catalogFiles = {
    "zh-CN": "packages/ui/src/i18n/messages/zh-CN.ts",
    en: "packages/ui/src/i18n/messages/en.ts",
  };
  type Chunk = { file: string; imports?: string[]; isDynamicEntry?: boolean };
  let build = false;
  let clientManifest = "";
  let base = "/";
  return {
    name: "gongzhi:message-chunks",
    configResolved(config) {
      build = config.command === "build";
      clientManifest = path.resolve(config.root, "build/client/.vite/manifest.json");
      base = config.base;
    },
    resolveId(source) {
      return source === id ? `\0${id}` : null;
    },
    load(resolved, options) {
      if (resolved !== `\0${id}`) return null;
      const chunks: Record<string, string[]> = {};
      if (build && options?.ssr) {
        if (!existsSync(clientManifest))
          throw new Error(`${clientManifest} is missing: the client is built first`);
        const manifest = JSON.parse(readFileSync(clientManifest, "utf8")) as Record<string, Chunk>;
        for (const [locale, source] of Object.entries(catalogFiles)) {
          const key = Object.keys(manifest).find((k) => k.endsWith(source) && manifest[k]?.isDynamicEntry);
          if (!key) throw new Error(`no chunk of its own for ${source} in ${clientManifest}`);
          const files = new Set<string>();
          const walk = (k: string) => {
            const chunk = manifest[k];
            if (!chunk || files.has(`${base}${chunk.file}`)) return;
            files.add(`${base}${chunk.file}`);
            for (const imported of chunk.imports ?? []) walk(imported);
          };
          walk(key);
          chunks[locale] = [...files];
        }
      }
      return `export const messageChunks = ${JSON.stringify(chunks)};`;
    },
  };
}

export default defineConfig({
  plugins: [withoutConsoleMessages(), messageChunks(), tailwindcss(), reactRouter()],
  // Client build only (the SSR environment has its own conditions): see messageChunks() above.
  resolve: { conditions: ["lazy-messages", ...defaultClientConditions] },
  ssr: {
    external: serverOnly,
    // Our own TS-source packages are compiled into the server bundle.
    noExternal: ["@gongzhi/ui", "@gongzhi/core"],
  },
  optimizeDeps: { exclude: serverOnly },
});
