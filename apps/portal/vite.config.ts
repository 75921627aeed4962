import { readFileSync } from "node:fs";
import { reactRouter } from "@react-router/dev/vite";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig, type Plugin } from "vite";

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

export default defineConfig({
  plugins: [withoutConsoleMessages(), tailwindcss(), reactRouter()],
  ssr: {
    external: serverOnly,
    // Our own TS-source packages are compiled into the server bundle.
    noExternal: ["@gongzhi/ui", "@gongzhi/core"],
  },
  optimizeDeps: { exclude: serverOnly },
});
