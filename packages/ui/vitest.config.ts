import { defineConfig } from "vitest/config";

// Sized for a 2-core CI machine under load (vitest's default is 5 s), as in @gongzhi/core and db.
export default defineConfig({ test: { testTimeout: 60_000 } });
