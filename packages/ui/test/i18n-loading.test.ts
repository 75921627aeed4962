import { describe, expect, it } from "vitest";
import * as lazy from "../src/i18n/catalogs.lazy.ts";
import * as bundled from "../src/i18n/catalogs.ts";
import { hasMessages, isMessageKey, type Locale, loadMessages, locales, t } from "../src/i18n/i18n.ts";
import { en } from "../src/i18n/messages/en.ts";
import { zhCN } from "../src/i18n/messages/zh-CN.ts";

describe("catalog variants (#catalogs)", () => {
  it("the default variant bundles both locales: t works without loading anything", () => {
    for (const locale of locales) expect(hasMessages(locale)).toBe(true);
    expect(bundled.initialCatalogs).toEqual({ "zh-CN": zhCN, en });
    expect(t("en", "nav.home")).toBe("Home");
  });

  it("the lazy variant (portal browser build) starts empty and imports each locale on its own", async () => {
    expect(lazy.initialCatalogs).toEqual({});
    expect(await lazy.importCatalog("zh-CN")).toBe(zhCN);
    expect(await lazy.importCatalog("en")).toBe(en);
  });

  it("both variants answer the same catalogs", async () => {
    for (const locale of locales) {
      expect(await bundled.importCatalog(locale)).toBe(await lazy.importCatalog(locale));
    }
  });
});

describe("loadMessages", () => {
  it("resolves at once when the catalog is there", async () => {
    await expect(loadMessages("en")).resolves.toBeUndefined();
    await expect(loadMessages("zh-CN")).resolves.toBeUndefined();
  });
});

describe("isMessageKey and unknown keys", () => {
  it("recognises catalog keys only", () => {
    expect(isMessageKey("nav.home")).toBe(true);
    expect(isMessageKey("no.such.key")).toBe(false);
  });

  it("t answers an unknown key with the key rather than failing", () => {
    const untyped = t as (locale: Locale, key: string) => string;
    expect(untyped("en", "no.such.key")).toBe("no.such.key");
  });
});
