import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Built to static files and served by the portal server at /admin (apps/portal/server.mjs).
// In `pnpm dev`, API calls go to the portal server (PORT 3000 by default).
export default defineConfig({
  base: "/admin/",
  plugins: [react(), tailwindcss()],
  server: {
    port: 5174,
    proxy: { "/api": `http://localhost:${process.env.PORTAL_PORT ?? "3000"}` },
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
});
