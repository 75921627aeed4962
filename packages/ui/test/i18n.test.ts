import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatNumber, resolveLocale, t } from "../src/i18n/i18n.ts";
import { en } from "../src/i18n/messages/en.ts";
import { zhCN } from "../src/i18n/messages/zh-CN.ts";

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalogs", () => {
  it("have the same keys", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it("use the same placeholders in every language", () => {
    for (const key of Object.keys(zhCN) as Array<keyof typeof zhCN>) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
    }
  });

  // The catalogs are spreads of feature catalogs: a key defined in two of them is silently won by the
  // later spread, so one screen shows the other's words (the console said 重新派单中 where it means
  // 已退单). Every key is defined exactly once per locale.
  it.each(["zh-CN", "en"])("define every %s key in one place only", async (locale) => {
    const dir = new URL("../src/i18n/messages/", import.meta.url);
    const owners = new Map<string, string[]>();
    const own = (key: string, file: string) => owners.set(key, [...(owners.get(key) ?? []), file]);
    for (const file of readdirSync(new URL("features/", dir))) {
      if (!file.endsWith(`.${locale}.ts`)) continue;
      const module: Record<string, Record<string, string>> = await import(
        new URL(`features/${file}`, dir).href
      );
      for (const catalog of Object.values(module)) for (const key of Object.keys(catalog)) own(key, file);
    }
    const top = readFileSync(new URL(`${locale}.ts`, dir), "utf8");
    for (const m of top.matchAll(/^ {2}"([^"]+)":/gm)) own(m[1] as string, `${locale}.ts`);
    const twice = [...owners]
      .filter(([, files]) => files.length > 1)
      .map(([k, f]) => `${k}: ${f.join(", ")}`);
    expect(twice).toEqual([]);
    expect(owners.size).toBe(Object.keys(locale === "en" ? en : zhCN).length);
  });

  it("have no empty messages", () => {
    for (const [key, message] of [...Object.entries(zhCN), ...Object.entries(en)]) {
      expect(message.trim(), key).not.toBe("");
    }
  });
});

describe("t", () => {
  it("translates and fills placeholders", () => {
    expect(t("zh-CN", "nav.home")).toBe("首页");
    expect(t("en", "nav.home")).toBe("Home");
    expect(t("zh-CN", "error.status", { status: 404 })).toBe("错误代码 404");
    expect(t("en", "district.summary.caption", { district: "Yanqing" })).toBe("Governance units in Yanqing");
  });
});

describe("resolveLocale", () => {
  it("defaults to zh-CN and accepts loose tags", () => {
    expect(resolveLocale()).toBe("zh-CN");
    expect(resolveLocale(null, undefined, "")).toBe("zh-CN");
    expect(resolveLocale("fr")).toBe("zh-CN");
    expect(resolveLocale("en-US")).toBe("en");
    expect(resolveLocale("zh")).toBe("zh-CN");
    expect(resolveLocale(null, "en")).toBe("en");
  });
});

describe("formatNumber", () => {
  it("groups digits", () => {
    expect(formatNumber("zh-CN", 61234)).toBe("61,234");
    expect(formatNumber("en", 1234567)).toBe("1,234,567");
  });
});
