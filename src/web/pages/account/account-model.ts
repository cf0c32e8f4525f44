/** What the sessions page shows of each session: when, where from, which browser. */
import type { OwnSession } from "../../../accounts/sign-in.js";
import { longDateTime } from "../../present.js";

export interface SessionRow {
  current: boolean;
  browser: string;
  ip: string;
  started: string;
  lastSeen: string;
}

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, "Edge"],
  [/OPR\//, "Opera"],
  [/Firefox\//, "Firefox"],
  [/Chrom(e|ium)\//, "Chrome"],
  [/Safari\//, "Safari"],
];
const SYSTEMS: [RegExp, string][] = [
  [/Windows/, "Windows"],
  [/iPhone|iPad/, "iOS"],
  [/Android/, "Android"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

/**
 * A browser in a few words, from its User-Agent header.
 * @example describeBrowser("Mozilla/5.0 (Windows NT 10.0; Win64; x64) … Chrome/120.0 Safari/537.36") // "Chrome on Windows"
 */
export function describeBrowser(userAgent: string | null): string {
  if (!userAgent) return "Unknown browser";
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1] ?? "Unknown browser";
  const system = SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  return system ? `${browser} on ${system}` : browser;
}

export function sessionRows(sessions: readonly OwnSession[]): SessionRow[] {
  return sessions.map((s) => ({
    current: s.current,
    browser: describeBrowser(s.userAgent),
    ip: s.ip ?? "Unknown",
    started: longDateTime(s.createdAt),
    lastSeen: longDateTime(s.lastSeenAt),
  }));
}

/**
 * A session lifetime in words, in whole hours where it is one, else in minutes.
 * @example describeDuration(30 * 60_000) // "30 minutes"
 * @example describeDuration(12 * 3_600_000) // "12 hours"
 */
export function describeDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const [n, unit] = minutes % 60 === 0 ? [minutes / 60, "hour"] : [minutes, "minute"];
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}
