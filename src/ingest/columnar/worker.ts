/**
 * Worker thread of the parallel CSV reader (./parallel.ts): loads the row kernel module it is
 * given, then parses the byte ranges it is sent, one at a time, posting each outcome with its
 * typed arrays transferred (not copied).
 */
import fs from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import type { CsvLayout } from "./layout.js";
import { parseRangeSync, type RowKernel } from "./range.js";
import { ByteCsvScanner } from "./scanner.js";

export interface WorkerInit {
  kernelUrl: string;
  config: unknown;
  filePath: string;
  layout: CsvLayout;
  chunkBytes: number;
  wasm: boolean;
}

export type WorkerTask =
  { id: number; start: number; end: number; buffers: ArrayBuffer[] } | { close: true };

const port = parentPort!;
const init = workerData as WorkerInit;

const ready = (async () => {
  const mod = (await import(init.kernelUrl)) as {
    createKernel(config: unknown): RowKernel<unknown>;
  };
  const kernel = mod.createKernel(init.config);
  const scanner = new ByteCsvScanner(kernel.plan, init.layout, { wasm: init.wasm });
  const fd = fs.openSync(init.filePath, "r");
  return { kernel, scanner, fd };
})();

port.on("message", (task: WorkerTask) => {
  ready.then(
    ({ kernel, scanner, fd }) => {
      if ("close" in task) {
        fs.closeSync(fd);
        port.close();
        return;
      }
      try {
        if (task.buffers.length > 0) kernel.give(task.buffers);
        const outcome = parseRangeSync(
          fd,
          init.layout,
          scanner,
          kernel,
          task.start,
          task.end,
          init.chunkBytes,
        );
        port.postMessage({ id: task.id, outcome }, outcome.buffers);
      } catch (e) {
        port.postMessage({
          id: task.id,
          error: e instanceof Error ? (e.stack ?? e.message) : String(e),
        });
      }
    },
    (e: unknown) => {
      if ("close" in task) port.close();
      else port.postMessage({ id: task.id, error: `worker start failed: ${String(e)}` });
    },
  );
});
