import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beijingDate } from "@gongzhi/core";
import { afterAll, describe, expect, it } from "vitest";
import { fileOffsetClock } from "../src/clock-file.ts";

const dir = await mkdtemp(path.join(os.tmpdir(), "gongzhi-clock-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the test clock file (GONGZHI_CLOCK_FILE)", () => {
  it("runs at the machine's time without the file, ahead by the file's offset once written, and refuses garbage", async () => {
    const file = path.join(dir, "offset-ms");
    const clock = fileOffsetClock(file);
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1000);
    await writeFile(file, String(16 * 86_400_000));
    expect(beijingDate(clock.now())).toBe(beijingDate(new Date(Date.now() + 16 * 86_400_000)));
    await writeFile(file, "0");
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1000);
    await writeFile(file, "soon");
    expect(() => clock.now()).toThrow(/not a number/);
  });
});
