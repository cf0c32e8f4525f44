/**
 * The data folder's lock (src/storage/folder-lock.ts): one holder at a time across processes;
 * a lock left by a dead process is taken over; a lock created an instant ago whose pid is not
 * written yet is not (taking it let two processes both start a server).
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  isAlive,
  isSameProcess,
  processStart,
  tryLock,
  withFolderLock,
  withFolderLockSync,
} from "../../src/storage/folder-lock.js";

describe("folder lock", () => {
  let dir: string;
  let lock: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-lock-"));
    lock = path.join(dir, "improve.lock");
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("names a process by pid and start time, so a reused pid is not taken for the old process", () => {
    const start = processStart(process.pid);
    if (process.platform === "linux") expect(start).toMatch(/^\d+$/);
    expect(isSameProcess(process.pid, start)).toBe(true);
    // The same pid with another start time: the pid now belongs to a different process.
    if (start !== null) expect(isSameProcess(process.pid, String(Number(start) + 1))).toBe(false);
    expect(isSameProcess(999_999, null)).toBe(false);
  });

  it("is held by one at a time; a live holder's lock is not taken", async () => {
    const release = tryLock(lock);
    expect(release).toBeDefined();
    expect(await fs.readFile(lock, "utf8")).toBe(String(process.pid));
    expect(tryLock(lock)).toBeUndefined();
    release!();
    await fs.writeFile(lock, String(process.ppid));
    expect(tryLock(lock)).toBeUndefined();
    expect(withFolderLockSync(lock, () => undefined, 200)).toBe(false);
    await fs.rm(lock);
  });

  it("takes over a lock whose holder died", async () => {
    await fs.writeFile(lock, "999999");
    const release = tryLock(lock);
    expect(release).toBeDefined();
    expect(await fs.readFile(lock, "utf8")).toBe(String(process.pid));
    release!();
  });

  it("leaves a lock whose pid is still being written, unless it stays empty for 5 s", async () => {
    await fs.writeFile(lock, "");
    expect(tryLock(lock)).toBeUndefined();
    const old = new Date(Date.now() - 10_000);
    await fs.utimes(lock, old, old);
    const release = tryLock(lock);
    expect(release).toBeDefined();
    release!();
  });

  it("does not break a stale lock while another process is breaking it", async () => {
    await fs.writeFile(lock, "999999");
    await fs.writeFile(`${lock}.breaking`, String(process.ppid));
    expect(tryLock(lock)).toBeUndefined();
    await fs.rm(`${lock}.breaking`);
    tryLock(lock)!();
  });

  it("serialises holders across processes", async () => {
    const journal = path.join(dir, "journal");
    const script = `
      import fs from "node:fs";
      import { withFolderLock } from ${JSON.stringify(path.resolve("src/storage/folder-lock.ts"))};
      for (let i = 0; i < 5; i++)
        await withFolderLock(${JSON.stringify(lock)}, async () => {
          fs.appendFileSync(${JSON.stringify(journal)}, "in " + process.pid + "\\n");
          await new Promise((r) => setTimeout(r, 20));
          fs.appendFileSync(${JSON.stringify(journal)}, "out " + process.pid + "\\n");
        });`;
    const child = () =>
      new Promise<number | null>((resolve) =>
        spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
          stdio: "inherit",
        }).on("close", resolve),
      );
    const inProcess = withFolderLock(lock, async () => {
      await fs.appendFile(journal, `in ${process.pid}\n`);
      await new Promise((r) => setTimeout(r, 20));
      await fs.appendFile(journal, `out ${process.pid}\n`);
    });
    expect(await Promise.all([child(), child(), child()])).toEqual([0, 0, 0]);
    await inProcess;
    const lines = (await fs.readFile(journal, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(32);
    for (let i = 0; i < lines.length; i += 2) {
      expect(lines[i]).toMatch(/^in /);
      expect(lines[i + 1]).toBe(lines[i]!.replace("in", "out"));
    }
  });
  it("takes a zombie (exited, never reaped) for a process that has exited", async () => {
    if (process.platform !== "linux") return;
    // `sleep 0` exits at once; its parent, `exec sleep 5`, never reaps it.
    const parent = spawn("sh", ["-c", "sleep 0 & echo $!; exec sleep 5"], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    try {
      const zombie = Number(
        await new Promise<string>((resolve) =>
          parent.stdout.once("data", (d) => resolve(String(d))),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(() => process.kill(zombie, 0)).not.toThrow(); // the kernel still has it
      expect(isAlive(zombie)).toBe(false);
      expect(isAlive(parent.pid!)).toBe(true);
    } finally {
      parent.kill("SIGKILL");
    }
  });
});
