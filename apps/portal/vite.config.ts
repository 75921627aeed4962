import { reactRouter } from "@react-router/dev/vite";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";

/**
 * The API and the data layer stay out of the SSR bundle: @gongzhi/db finds its SQL migrations next
 * to its own source, and PGlite ships WASM. Route modules only import their *types*; server.mjs
 * loads the runtime itself (through tsx) and hands it to loaders as `context.runtime`.
 */
const serverOnly = ["@gongzhi/api", "@gongzhi/db", "drizzle-orm", "@electric-sql/pglite", "postgres"];

export default defineConfig({
  plugins: [tailwindcss(), reactRouter()],
  ssr: {
    external: serverOnly,
    // Our own TS-source packages are compiled into the server bundle.
    noExternal: ["@gongzhi/ui", "@gongzhi/core"],
  },
  optimizeDeps: { exclude: serverOnly },
});
