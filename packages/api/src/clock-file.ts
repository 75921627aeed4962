/**
 * A clock that runs ahead of the machine's by an offset kept in a file — for browser tests that must let
 * weeks pass on a running server (a notice's 15 days, a meeting next March). Set GONGZHI_CLOCK_FILE to
 * the file; it holds the offset in milliseconds (a missing or empty file means 0), read at every tick.
 * Never set it on a real deployment: the server says so loudly at start.
 */
import { readFileSync } from "node:fs";
import { type Clock, offsetClock, systemClock } from "@gongzhi/core";

export function fileOffsetClock(file: string): Clock {
  return offsetClock(systemClock, () => {
    let text: string;
    try {
      text = readFileSync(file, "utf8").trim();
    } catch {
      return 0;
    }
    const value = text === "" ? 0 : Number(text);
    if (!Number.isFinite(value)) throw new Error(`${file}: not a number of milliseconds: ${text}`);
    return value;
  });
}
