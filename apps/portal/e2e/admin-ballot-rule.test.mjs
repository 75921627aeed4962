// E2E of the compound's co-owner voting rule (议事规则) in the staff console: community staff open a
// compound, choose "the co-owners' designated representative votes" with the keyboard, save, and the
// API agrees; on a compound with an open vote (the demo's) the change is refused with the reason on
// screen and nothing changes. axe on the panel.
// Run: cd apps/portal && node --test --test-reporter=spec e2e/admin-ballot-rule.test.mjs
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { expectNoSeriousAxeViolations, newConsolePage, signInConsole } from "./console.mjs";
import { assertPrerequisites, launchBrowser, startServer, trpcClient } from "./harness.mjs";

const COMMUNITY_STAFF = "13800000004";

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

describe("staff console: the co-owner voting rule", { timeout: 240_000 }, () => {
  before(async () => {
    assertPrerequisites();
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("community staff set the rule by keyboard; an open vote blocks the change", async () => {
    const { context, page } = await newConsolePage(browser);
    await signInConsole(page, server.baseUrl, COMMUNITY_STAFF, "/admin/registry");
    // Signed in once the console shows the staff member's registry.
    await page.locator("[data-testid=registry-unit][data-level=community]").waitFor({ timeout: 30_000 });
    const api = trpcClient(page.request, server.baseUrl);
    const me = await api.get("auth.me");
    const communityId = me.roles.find((r) => r.role === "community_staff").scopeId;
    const compounds = (
      await api.get("registryAdmin.listCompounds", {
        scopeLevel: "community",
        scopeId: communityId,
        limit: 100,
      })
    ).items;
    // One without an open vote, and (if the demo has one) one with.
    const open = new Set();
    for (const c of compounds) {
      const votes = await api.get("decisions.list", { compoundId: c.id, limit: 50 });
      if (votes.items.some((v) => v.status === "open")) open.add(c.id);
    }
    const quiet = compounds.find((c) => !open.has(c.id));
    assert.ok(quiet, "a compound without an open vote");

    await page.goto(`${server.baseUrl}/admin/registry/compounds/${quiet.id}`);
    const panel = page.getByTestId("ballot-rule");
    await panel.waitFor();
    const select = panel.getByLabel("投票规则");
    assert.equal(await select.inputValue(), "caster_only", "the default rule");
    await select.focus();
    await select.selectOption("representative");
    await panel.getByRole("button", { name: "保存投票规则" }).press("Enter");
    await panel.getByText("投票规则已保存。").waitFor();
    assert.equal(
      (await api.get("registryAdmin.getCompound", { compoundId: quiet.id })).coOwnerBallotRule,
      "representative",
    );
    await expectNoSeriousAxeViolations(page, "ballot rule panel");

    // The demo district has an open vote in this staff member's community (the seed's 充电车棚 vote).
    const busy = compounds.find((c) => open.has(c.id));
    assert.ok(busy, "a compound with an open vote");
    await page.goto(`${server.baseUrl}/admin/registry/compounds/${busy.id}`);
    await panel.waitFor();
    await panel.getByLabel("投票规则").selectOption("any_co_owner");
    await panel.getByRole("button", { name: "保存投票规则" }).click();
    await panel.getByRole("alert").filter({ hasText: "有正在进行的表决" }).waitFor();
    assert.equal(
      (await api.get("registryAdmin.getCompound", { compoundId: busy.id })).coOwnerBallotRule,
      "caster_only",
    );
    await context.close();
  });
});
