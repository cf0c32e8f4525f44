/**
 * Parsing a CSV file in parallel byte ranges with a row kernel, results handed on in file order.
 *
 * The data records are split into ranges at line breaks; worker threads (one per core) parse
 * the ranges, each as if it started at a record boundary. That guess is checked, in file order:
 * range k is accepted only when the record reading of range k-1 (itself accepted) ended exactly
 * where range k starts. Otherwise a quoted cell holding a line break straddled the cut, and the
 * range is parsed again here from where the records really continue. Record boundaries are thus
 * always those of one sequential reading of the file, whatever the quotes look like (see
 * docs/decisions/0007-parallel-byte-parser.md). Line numbers and problems of each range are
 * shifted by the lines of the ranges before it.
 *
 * Small files (under 8 MB of data) and contexts where worker threads cannot start are parsed
 * in-process, range by range, with the same code.
 */
import fs from "node:fs";
import fsp from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { InputError } from "../../errors.js";
import type { Problems } from "../problems.js";
import type { CsvLayout } from "./layout.js";
import { parseRangeSync, type RangeOutcome, type RowKernel } from "./range.js";
import { ByteCsvScanner, CHUNK_BYTES } from "./scanner.js";
import type { JobSpec, WorkerMessage, WorkerReply } from "./worker.js";
import { unclosedQuote } from "../problem-messages.js";

export interface ColumnarOptions {
  /** Worker threads (default: the available cores); 0 parses in-process. */
  workers?: number;
  /** Files with less data than this are parsed in-process (default 8 MB). */
  inProcessBelow?: number;
  /** Bytes per range (default: data ÷ (16 × workers), between 1 and 16 MiB; 16 MiB in-process). */
  rangeBytes?: number;
  /** Bytes read at a time (default 4 MiB). */
  chunkBytes?: number;
  /** Read plain lines with WebAssembly where available (default true; false: JavaScript only). */
  wasm?: boolean;
  /**
   * Reuse the typed arrays of a result for later results once the consumer asks for the next
   * one (much less allocation). Only for consumers that do not keep batches after asking for
   * the next: importers and aggregations.
   */
  reuse?: boolean;
  /** Called with the number of data records read so far (blank lines included). */
  onRecords?: (records: number) => void;
  /**
   * Without worker threads, still parse each range on its own as a worker would (guessing that
   * it starts at a record boundary), so that tests exercise the checking of those guesses.
   */
  speculate?: boolean;
  /** Filled in as the parse goes: what was done, for tests and benchmarks. */
  stats?: ColumnarStats;
}

export interface ColumnarStats {
  /** Worker threads started (0: in-process). */
  workers: number;
  ranges: number;
  /** Ranges parsed in-process because their start was not a record boundary or a worker failed. */
  reparsed: number;
  /** Ranges whose worker result was used. */
  byWorkers?: number;
  /** Data records read by WebAssembly (the rest by the JavaScript reader). */
  wasmRecords?: number;
  /**
   * Why WebAssembly did not read plain lines (turned off, unavailable, refused the module, or a
   * file it does not read); absent when it did.
   */
  wasmFallback?: string;
  /** The first worker failure, if any (the range was then parsed in-process). */
  workerErrors?: string;
}

/** A row kernel that worker threads load by URL (a module exporting `createKernel(config)`). */
export interface KernelSpec<C, R> {
  url: URL;
  config: C;
  create(config: C): RowKernel<R>;
}

export interface AcceptedRange<R> {
  result: R;
  /** Line number of the range's first record (relative line 0). */
  lineBase: number;
}

/** Spare buffers handed to a worker with each range (about four chunks' worth). */
const BUFFERS_PER_TASK = 64;

const WORKER_URL = new URL(
  `./worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`,
  import.meta.url,
);

export function defaultWorkers(): number {
  return typeof os.availableParallelism === "function"
    ? os.availableParallelism()
    : os.cpus().length;
}

function spawn(): Worker {
  if (WORKER_URL.pathname.endsWith(".ts")) {
    // Running from TypeScript sources (tests): the worker registers tsx before loading itself.
    const tsxDir = path.dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
    const tsx = pathToFileURL(path.join(tsxDir, "dist", "esm", "api", "index.mjs")).href;
    const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
    return new Worker(code, { eval: true });
  }
  return new Worker(WORKER_URL);
}

interface Pending {
  resolve: (o: RangeOutcome<unknown>) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Requests in flight, by "job/id". */
  pending: Map<string, Pending>;
  alive: boolean;
}

/**
 * The worker threads, shared by every parse in the process and kept between parses (their
 * compiled code is warm). Idle, they do not keep the process alive.
 */
class WorkerPool {
  private readonly slots: Slot[] = [];
  private jobs = 0;
  private active = 0;

  /** Makes sure `count` live workers exist (as far as they can start); returns how many do. */
  ensure(count: number): number {
    for (let i = this.slots.length - 1; i >= 0; i--)
      if (!this.slots[i]!.alive) this.slots.splice(i, 1);
    while (this.slots.length < count) {
      let worker: Worker;
      try {
        worker = spawn();
      } catch {
        break; // no workers here (e.g. tsx missing): what is left runs in-process
      }
      const slot: Slot = { worker, pending: new Map(), alive: true };
      const fail = (e: Error) => {
        slot.alive = false;
        for (const p of slot.pending.values()) p.reject(e);
        slot.pending.clear();
      };
      worker.on("message", (m: WorkerReply) => {
        const key = `${m.job}/${m.id}`;
        const p = slot.pending.get(key);
        if (!p) return;
        slot.pending.delete(key);
        if (m.outcome) p.resolve(m.outcome);
        else p.reject(new Error(m.error ?? "worker failed"));
      });
      worker.on("error", fail);
      worker.on("exit", () => fail(new Error("worker exited")));
      if (this.active === 0) worker.unref();
      this.slots.push(slot);
    }
    return Math.min(count, this.slots.length);
  }

  /** Starts a job on the first `count` workers. */
  start(spec: JobSpec, count: number): { job: number; slots: Slot[] } {
    const job = ++this.jobs;
    const slots = this.slots.slice(0, count).filter((s) => s.alive);
    if (this.active++ === 0) for (const s of this.slots) s.worker.ref();
    for (const s of slots) s.worker.postMessage({ type: "job", job, spec } satisfies WorkerMessage);
    return { job, slots };
  }

  run<R>(
    job: { job: number; slots: Slot[] },
    id: number,
    start: number,
    end: number,
    buffers: ArrayBuffer[],
  ): Promise<RangeOutcome<R>> {
    let best: Slot | undefined;
    for (const s of job.slots)
      if (s.alive && (!best || s.pending.size < best.pending.size)) best = s;
    if (!best) return Promise.reject(new Error("no worker available"));
    const slot = best;
    return new Promise<RangeOutcome<R>>((resolve, reject) => {
      slot.pending.set(`${job.job}/${id}`, {
        resolve: resolve as (o: RangeOutcome<unknown>) => void,
        reject,
      });
      const message: WorkerMessage = { type: "range", job: job.job, id, start, end, buffers };
      slot.worker.postMessage(message, buffers);
    });
  }

  finish(job: { job: number; slots: Slot[] }): void {
    for (const s of job.slots)
      if (s.alive) s.worker.postMessage({ type: "end", job: job.job } satisfies WorkerMessage);
    if (--this.active === 0) for (const s of this.slots) s.worker.unref();
  }
}

let sharedPool: WorkerPool | undefined;

/** Cuts [dataStart, size) into ranges that start just after a line break. */
async function splitRanges(
  filePath: string,
  layout: CsvLayout,
  rangeBytes: number,
): Promise<[number, number][]> {
  const cuts = [layout.dataStart];
  const handle = await fsp.open(filePath, "r");
  try {
    const window = Buffer.allocUnsafe(64 << 10);
    let x = layout.dataStart + Math.max(1, rangeBytes) - 1;
    outer: while (x < layout.size) {
      let pos = x;
      for (;;) {
        const { bytesRead } = await handle.read(window, 0, window.length, pos);
        if (bytesRead === 0) break outer;
        const i = window.subarray(0, bytesRead).indexOf(layout.newline);
        if (i !== -1) {
          const cut = pos + i + 1;
          if (cut >= layout.size) break outer;
          cuts.push(cut);
          x = cut + Math.max(1, rangeBytes) - 1;
          break;
        }
        pos += bytesRead;
      }
    }
  } finally {
    await handle.close();
  }
  return cuts.map((c, i) => [c, cuts[i + 1] ?? layout.size]);
}

/**
 * Parses the data records of a file with the kernel of `spec`, yielding each range's result in
 * file order with the line number of its first record. Problems go to `problems` (line numbers
 * made absolute); a quoted cell never closed throws the string reader's InputError.
 */
export async function* parseColumnar<C, R>(
  filePath: string,
  fileName: string,
  layout: CsvLayout,
  spec: KernelSpec<C, R>,
  problems: Problems,
  options: ColumnarOptions = {},
): AsyncGenerator<AcceptedRange<R>> {
  const dataBytes = layout.size - layout.dataStart;
  const stats = options.stats ?? { workers: 0, ranges: 0, reparsed: 0 };
  stats.workers = 0;
  stats.ranges = 0;
  stats.reparsed = 0;
  stats.byWorkers = 0;
  stats.wasmRecords = 0;
  delete stats.wasmFallback;
  delete stats.workerErrors;
  if (dataBytes <= 0) return;
  const requested = Math.max(0, Math.floor(options.workers ?? defaultWorkers()));
  const workers = dataBytes < (options.inProcessBelow ?? 8e6) ? 0 : requested;
  const rangeBytes =
    options.rangeBytes ??
    (workers === 0
      ? 16 << 20
      : Math.min(16 << 20, Math.max(1 << 20, Math.ceil(dataBytes / (16 * workers)))));
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const ranges = await splitRanges(filePath, layout, rangeBytes);
  stats.ranges = ranges.length;

  // Buffers of results nobody will read again, to fill again (see `reuse`).
  const spare: ArrayBuffer[] = [];
  let local: { fd: number; scanner: ByteCsvScanner; kernel: RowKernel<R> } | undefined;
  const parseHere = (start: number, end: number): RangeOutcome<R> => {
    if (!local) {
      const kernel = spec.create(spec.config);
      local = {
        fd: fs.openSync(filePath, "r"),
        scanner: new ByteCsvScanner(kernel.plan, layout, { wasm: options.wasm !== false }),
        kernel,
      };
    }
    if (spare.length > 0) local.kernel.give(spare.splice(0));
    return parseRangeSync(local.fd, layout, local.scanner, local.kernel, start, end, chunkBytes);
  };

  let pool: WorkerPool | undefined;
  let job: ReturnType<WorkerPool["start"]> | undefined;
  if (workers > 0 && ranges.length > 1) {
    pool = sharedPool ??= new WorkerPool();
    const count = pool.ensure(workers);
    if (count > 0) {
      job = pool.start(
        {
          kernelUrl: spec.url.href,
          config: spec.config,
          filePath,
          layout,
          chunkBytes,
          wasm: options.wasm !== false,
        },
        count,
      );
    }
  }
  stats.workers = job?.slots.length ?? 0;
  const window = 2 * stats.workers + 2;
  const results: (Promise<RangeOutcome<R> | undefined> | undefined)[] = [];
  let dispatched = 0;
  try {
    let pos = layout.dataStart;
    let lineBase = layout.headerLines + 1;
    let records = 0;
    for (let k = 0; k < ranges.length; k++) {
      if (pool && job)
        for (; dispatched < ranges.length && dispatched < k + window; dispatched++) {
          const [s, e] = ranges[dispatched]!;
          const buffers = spare.splice(0, BUFFERS_PER_TASK);
          results[dispatched] = pool.run<R>(job, dispatched, s, e, buffers).catch((err: Error) => {
            stats.workerErrors ??= err.message;
            return undefined;
          });
        }
      const [start, end] = ranges[k]!;
      let outcome = job ? await results[k] : options.speculate ? parseHere(start, end) : undefined;
      results[k] = undefined;
      if (!outcome || outcome.start !== pos) {
        if (outcome || job) stats.reparsed++;
        if (outcome) spare.push(...outcome.buffers); // a wrong guess, never handed on
        outcome = parseHere(pos, end);
      } else if (job) stats.byWorkers++;
      if (outcome.unclosedLine >= 0) {
        const line = lineBase + outcome.unclosedLine;
        const reason = unclosedQuote(line);
        throw new InputError(`${fileName}: ${reason}`, [{ file: fileName, line, reason }]);
      }
      for (const p of outcome.problems) problems.add({ ...p, line: lineBase + p.line });
      problems.total += outcome.problemTotal - outcome.problems.length;
      records += outcome.records;
      stats.wasmRecords += outcome.wasmRecords;
      if (outcome.wasmFallback !== undefined) stats.wasmFallback ??= outcome.wasmFallback;
      options.onRecords?.(records);
      yield { result: outcome.result, lineBase };
      // The consumer asked for more: with `reuse`, it is done with this range's arrays.
      if (options.reuse) spare.push(...outcome.buffers);
      lineBase += outcome.lines;
      pos = outcome.end;
    }
  } finally {
    if (local) fs.closeSync(local.fd);
    if (job) {
      // Results still on their way are dropped; the workers stay for the next parse.
      for (let i = 0; i < dispatched; i++) void results[i]?.catch(() => undefined);
      pool!.finish(job);
    }
  }
}
