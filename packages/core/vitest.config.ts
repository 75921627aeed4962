import { defineConfig } from "vitest/config";

// Property tests run hundreds of cases; on a 2-core CI machine under load one can take well over
// vitest's default 5 s, so the timeout is sized for that machine, as in @gongzhi/db.
export default defineConfig({ test: { include: ["test/**/*.test.ts"], testTimeout: 60_000 } });
