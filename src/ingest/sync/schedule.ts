/**
 * When a publication is due for another check: its schedule's interval has passed since the last
 * check. "monthly" is 24 hours too: NHS England publishes on a fixed Thursday whose date varies,
 * so a monthly publication is looked at daily and the conditional request makes most checks a
 * cheap 304. The others are plain intervals.
 */
const HOUR = 3_600_000;

export function scheduleIntervalMs(schedule: string): number {
  switch (schedule) {
    case "hourly":
      return HOUR;
    case "daily":
    case "monthly":
      return 24 * HOUR;
    case "weekly":
      return 7 * 24 * HOUR;
  }
  const m = /^every (\d+) ?([mhd])$/.exec(schedule);
  if (!m) throw new RangeError(`unknown schedule: ${schedule}`);
  return Number(m[1]) * (m[2] === "m" ? 60_000 : m[2] === "h" ? HOUR : 24 * HOUR);
}

export function isDue(schedule: string, lastChecked: Date | null, now: Date): boolean {
  return (
    lastChecked === null || now.getTime() - lastChecked.getTime() >= scheduleIntervalMs(schedule)
  );
}
