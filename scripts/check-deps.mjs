#!/usr/bin/env node
// Fails when a package imports against the dependency direction of DESIGN.md:
//   apps → api → db → core,  apps → ui → core.
// Apps never import drizzle or @gongzhi/db; core imports nothing of ours (and no I/O or framework).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** For each workspace folder: the specifiers it may not import (exact or as a prefix "x/"). */
export const rules = {
  "packages/core": {
    forbidden: [
      "@gongzhi/",
      "drizzle-orm",
      "@electric-sql/pglite",
      "postgres",
      "react",
      "react-dom",
      "@trpc/",
      "node:",
      "fs",
      "path",
    ],
    why: "core is pure: it imports nothing of ours, no I/O and no framework",
  },
  "packages/db": {
    forbidden: ["@gongzhi/api", "@gongzhi/ui", "@trpc/", "react"],
    why: "db depends on core only",
  },
  "packages/api": {
    forbidden: ["@gongzhi/ui", "react", "react-dom"],
    why: "api depends on db and core only",
  },
  "packages/ui": {
    forbidden: ["@gongzhi/db", "@gongzhi/api", "drizzle-orm", "@electric-sql/pglite", "postgres"],
    why: "ui depends on core only",
  },
  "apps/portal": {
    forbidden: ["@gongzhi/db", "drizzle-orm", "@electric-sql/pglite", "postgres"],
    why: "apps never import drizzle or @gongzhi/db; they go through @gongzhi/api",
  },
  "apps/admin": {
    forbidden: ["@gongzhi/db", "drizzle-orm", "@electric-sql/pglite", "postgres"],
    why: "apps never import drizzle or @gongzhi/db; they go through @gongzhi/api",
  },
};

const sourceExtensions = new Set([".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"]);
const skipDirs = new Set([
  "node_modules",
  "dist",
  "build",
  ".react-router",
  "storybook-static",
  ".turbo",
  "coverage",
  ".data",
]);
const importPattern =
  /(?:^|[^\w$.])(?:import|export)\s*(?:type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?["']([^"']+)["']|(?:import|require)\s*\(\s*["']([^"']+)["']\s*\)/g;

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!skipDirs.has(entry.name) && !entry.name.startsWith(".git"))
        yield* walk(path.join(dir, entry.name));
    } else if (sourceExtensions.has(path.extname(entry.name))) {
      yield path.join(dir, entry.name);
    }
  }
}

/** The import specifiers of a source text. */
export function importsOf(source) {
  const found = [];
  for (const m of source.matchAll(importPattern)) found.push(m[1] ?? m[2]);
  return found;
}

function matches(specifier, forbidden) {
  if (forbidden.endsWith("/") || forbidden.endsWith(":")) return specifier.startsWith(forbidden);
  return specifier === forbidden || specifier.startsWith(`${forbidden}/`);
}

/** Check a repository tree; returns the violations found (empty when the direction holds). */
export function checkTree(root) {
  const violations = [];
  for (const [folder, rule] of Object.entries(rules)) {
    const dir = path.join(root, folder);
    try {
      if (!statSync(dir).isDirectory()) continue;
    } catch {
      continue;
    }
    for (const file of walk(dir)) {
      const source = readFileSync(file, "utf8");
      for (const specifier of importsOf(source)) {
        const bad = rule.forbidden.find((f) => matches(specifier, f));
        if (bad) violations.push({ file: path.relative(root, file), specifier, why: rule.why });
      }
    }
    const manifest = path.join(dir, "package.json");
    try {
      const pkg = JSON.parse(readFileSync(manifest, "utf8"));
      for (const dep of Object.keys({
        ...pkg.dependencies,
        ...pkg.devDependencies,
        ...pkg.peerDependencies,
      })) {
        if (dep === "@gongzhi/tsconfig") continue; // shared compiler settings, not code
        if (rule.forbidden.some((f) => matches(dep, f) && !f.endsWith(":"))) {
          violations.push({ file: path.relative(root, manifest), specifier: dep, why: rule.why });
        }
      }
    } catch {}
  }
  return violations;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), ".."));
  const violations = checkTree(root);
  if (violations.length > 0) {
    console.error("Dependency direction violated (DESIGN.md: apps → api → db → core, apps → ui → core):");
    for (const v of violations) console.error(`  ${v.file}: imports "${v.specifier}" — ${v.why}`);
    process.exit(1);
  }
  console.log("Dependency direction OK (apps → api → db → core, apps → ui → core).");
}
