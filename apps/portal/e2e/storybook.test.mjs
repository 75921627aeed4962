// Every Storybook story of @gongzhi/ui (the static build) passes axe with no serious or critical
// violation, in zh-CN and in English. Run with the portal suite: pnpm --filter @gongzhi/portal test:e2e
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromiumPath, formatViolations, launchBrowser, runAxe, serveStatic } from "./harness.mjs";

const storybookDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../packages/ui/storybook-static",
);

describe("@gongzhi/ui stories are accessible", { timeout: 300_000 }, () => {
  let server;
  let browser;
  let stories = [];

  before(async () => {
    if (!existsSync(chromiumPath))
      throw new Error(`Chromium not found at ${chromiumPath} (set CHROMIUM_PATH).`);
    if (!existsSync(path.join(storybookDir, "index.json"))) {
      throw new Error("packages/ui/storybook-static is missing: run `pnpm build` first.");
    }
    const index = JSON.parse(await readFile(path.join(storybookDir, "index.json"), "utf8"));
    stories = Object.values(index.entries).filter((entry) => entry.type === "story");
    server = await serveStatic(storybookDir);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const locale of ["zh-CN", "en"]) {
    test(`every story, ${locale}: no serious or critical axe violations`, async () => {
      assert.ok(stories.length >= 20, `only ${stories.length} stories found`);
      const context = await browser.newContext();
      const page = await context.newPage();
      const failures = [];
      // Load the preview once, then switch stories through Storybook's channel (a reload per story
      // would parse the whole preview bundle each time).
      await page.goto(
        `${server.baseUrl}/iframe.html?id=${stories[0].id}&viewMode=story&globals=locale:${locale}`,
      );
      await page.waitForFunction(() => Boolean(window.__STORYBOOK_ADDONS_CHANNEL__), null, {
        timeout: 30_000,
      });
      for (const story of stories) {
        await page.evaluate(
          (storyId) =>
            new Promise((resolve, reject) => {
              const channel = window.__STORYBOOK_ADDONS_CHANNEL__;
              const timer = setTimeout(() => reject(new Error(`story ${storyId} did not render`)), 15_000);
              const done = (event) => {
                if (event !== undefined && event !== storyId) return;
                clearTimeout(timer);
                channel.off("storyRendered", done);
                resolve();
              };
              channel.on("storyRendered", done);
              channel.emit("setCurrentStory", { storyId, viewMode: "story" });
            }),
          story.id,
        );
        const { blocking } = await runAxe(page, "#storybook-root");
        if (blocking.length > 0) failures.push(`${story.id}:\n${formatViolations(blocking)}`);
      }
      await context.close();
      assert.deepEqual(failures, [], failures.join("\n"));
    });
  }
});
