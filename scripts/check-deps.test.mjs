// Proves the dependency-direction check fails on a forbidden import (run: node --test scripts/).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { checkTree, importsOf } from "./check-deps.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function tree(files) {
  const root = mkdtempSync(path.join(tmpdir(), "gongzhi-deps-"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

test("the repository itself respects the dependency direction", () => {
  assert.deepEqual(checkTree(repoRoot), []);
});

test("finds import, export-from, type-only, dynamic and require specifiers", () => {
  const source = `import a from "x1";\nimport type { B } from "x2";\nexport * from "x3";\nconst c = await import("x4");\nconst d = require('x5');\nimport "x6";`;
  assert.deepEqual(importsOf(source), ["x1", "x2", "x3", "x4", "x5", "x6"]);
});

test("an app importing @gongzhi/db or drizzle fails the check", () => {
  const root = tree({
    "apps/portal/app/routes/home.tsx": `import { createDatabase } from "@gongzhi/db";\nimport { eq } from "drizzle-orm";\n`,
    "apps/admin/src/main.tsx": `import { tables } from "@gongzhi/db/schema";\n`,
  });
  try {
    const found = checkTree(root).map((v) => `${v.file} ${v.specifier}`);
    assert.deepEqual(found.sort(), [
      "apps/admin/src/main.tsx @gongzhi/db/schema",
      "apps/portal/app/routes/home.tsx @gongzhi/db",
      "apps/portal/app/routes/home.tsx drizzle-orm",
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("core importing anything of ours, I/O or a framework fails the check", () => {
  const root = tree({
    "packages/core/src/rules/x.ts": `import { db } from "@gongzhi/db";\nimport { readFileSync } from "node:fs";\nimport React from "react";\nimport { z } from "zod";\n`,
    "packages/core/package.json": JSON.stringify({
      dependencies: { zod: "1", "@gongzhi/ui": "workspace:*" },
    }),
  });
  try {
    const found = checkTree(root).map((v) => v.specifier);
    assert.deepEqual(found.sort(), ["@gongzhi/db", "@gongzhi/ui", "node:fs", "react"]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("ui importing the api and db importing the api fail; allowed directions pass", () => {
  const root = tree({
    "packages/ui/src/a.tsx": `import type { AppRouter } from "@gongzhi/api";\nimport { x } from "@gongzhi/core";\n`,
    "packages/db/src/b.ts": `import { appRouter } from "@gongzhi/api";\nimport { y } from "@gongzhi/core";\n`,
    "packages/api/src/c.ts": `import { d } from "@gongzhi/db";\nimport { e } from "@gongzhi/core";\n`,
    "apps/portal/app/d.tsx": `import { createApiRuntime } from "@gongzhi/api";\nimport { Button } from "@gongzhi/ui";\n`,
  });
  try {
    const found = checkTree(root).map((v) => `${v.file} ${v.specifier}`);
    assert.deepEqual(found.sort(), [
      "packages/db/src/b.ts @gongzhi/api",
      "packages/ui/src/a.tsx @gongzhi/api",
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
