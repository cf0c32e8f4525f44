/** A one-line progress indicator for long operations, shown only on a terminal. */
import type { CliIo } from "./context.js";

export interface Progress {
  update(done: number, total?: number): void;
  finish(): void;
}

export function progress(io: CliIo, label: string): Progress {
  if (!io.isTTY) return { update: () => undefined, finish: () => undefined };
  let last = 0;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      if (total && total > 0) {
        const width = 30;
        const filled = Math.min(width, Math.round((done / total) * width));
        io.out(
          `\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.round((done / total) * 100)}%`,
        );
      } else {
        io.out(`\r${label} ${done.toLocaleString("en-GB")}`);
      }
    },
    finish() {
      io.out("\r\x1b[2K");
    },
  };
}
