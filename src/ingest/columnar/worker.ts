/**
 * Worker thread of the parallel CSV reader (./parallel.ts). Long-lived: it serves parse jobs one
 * message at a time (a job: a file, a layout and a row kernel module with its configuration),
 * parsing the byte ranges it is sent and posting each outcome with its typed arrays transferred
 * (not copied). Kernel modules and scanners (with their WebAssembly memory) are kept between
 * jobs, and so is the compiled code, which is most of what a fresh thread would spend on a small
 * file.
 */
import fs from "node:fs";
import { parentPort } from "node:worker_threads";
import type { CsvLayout } from "./layout.js";
import { parseRangeSync, type RangeOutcome, type RowKernel } from "./range.js";
import { ByteCsvScanner } from "./scanner.js";

export interface JobSpec {
  kernelUrl: string;
  config: unknown;
  filePath: string;
  layout: CsvLayout;
  chunkBytes: number;
  wasm: boolean;
}

export type WorkerMessage =
  | { type: "job"; job: number; spec: JobSpec }
  | { type: "range"; job: number; id: number; start: number; end: number; buffers: ArrayBuffer[] }
  | { type: "end"; job: number };

export interface WorkerReply {
  job: number;
  id: number;
  outcome?: RangeOutcome<unknown>;
  error?: string;
}

interface KernelModule {
  createKernel(config: unknown): RowKernel<unknown>;
}

interface Job {
  spec: JobSpec;
  kernel: RowKernel<unknown>;
  scanner: ByteCsvScanner;
  scannerKey: string;
  fd: number;
}

const port = parentPort!;
const modules = new Map<string, Promise<KernelModule>>();
/** Idle scanners by plan and dialect. */
const scanners = new Map<string, ByteCsvScanner[]>();
const jobs = new Map<number, Promise<Job>>();

async function setUp(spec: JobSpec): Promise<Job> {
  let mod = modules.get(spec.kernelUrl);
  if (!mod) modules.set(spec.kernelUrl, (mod = import(spec.kernelUrl) as Promise<KernelModule>));
  const kernel = (await mod).createKernel(spec.config);
  const { delimiter, newline } = spec.layout;
  const scannerKey = `${[...kernel.plan].join(".")}|${delimiter}|${newline}|${spec.wasm}`;
  const scanner =
    scanners.get(scannerKey)?.pop() ??
    new ByteCsvScanner(kernel.plan, spec.layout, { wasm: spec.wasm });
  return { spec, kernel, scanner, scannerKey, fd: fs.openSync(spec.filePath, "r") };
}

const failure = (e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : String(e));

port.on("message", (m: WorkerMessage) => {
  if (m.type === "job") {
    const job = setUp(m.spec);
    job.catch(() => undefined); // reported with each range
    jobs.set(m.job, job);
    return;
  }
  const job = jobs.get(m.job);
  if (m.type === "end") {
    jobs.delete(m.job);
    void job?.then(
      (j) => {
        fs.closeSync(j.fd);
        let idle = scanners.get(j.scannerKey);
        if (!idle) scanners.set(j.scannerKey, (idle = []));
        idle.push(j.scanner);
      },
      () => undefined,
    );
    return;
  }
  if (!job) {
    port.postMessage({ job: m.job, id: m.id, error: "unknown job" } satisfies WorkerReply);
    return;
  }
  job.then(
    ({ spec, kernel, scanner, fd }) => {
      try {
        if (m.buffers.length > 0) kernel.give(m.buffers);
        const outcome = parseRangeSync(
          fd,
          spec.layout,
          scanner,
          kernel,
          m.start,
          m.end,
          spec.chunkBytes,
        );
        port.postMessage({ job: m.job, id: m.id, outcome } satisfies WorkerReply, outcome.buffers);
      } catch (e) {
        port.postMessage({ job: m.job, id: m.id, error: failure(e) } satisfies WorkerReply);
      }
    },
    (e: unknown) => {
      port.postMessage({
        job: m.job,
        id: m.id,
        error: `job set-up failed: ${failure(e)}`,
      } satisfies WorkerReply);
    },
  );
});
