/**
 * `improve serve --workers N`: the web app in N processes under Node's `cluster`, one per core by
 * default (docs/decisions/0013-cluster-workers.md). The app keeps nothing between requests that
 * PostgreSQL does not hold, so workers need no coordination: each has its own pool, analytics
 * state and page cache, and the primary hands incoming connections to them in turn.
 *
 * The primary attaches to the database once (and is the last to leave it, so the embedded server
 * stops after every worker has gone); it forks the workers, restarts one that dies, and at
 * shutdown tells each to stop (a message over the IPC channel, so a signal sent to the whole
 * process group, Ctrl-C or systemd's, is not answered twice) and waits for them all.
 */
import cluster, { type Worker } from "node:cluster";
import type pino from "pino";

/** What a worker tells the primary. */
export type WorkerMessage = { type: "listening"; port: number };
/** What the primary tells a worker. */
export type PrimaryMessage = { type: "shutdown" };

const isMessage = <T extends { type: string }>(m: unknown, type: T["type"]): m is T =>
  typeof m === "object" && m !== null && (m as { type?: unknown }).type === type;

/** How long a worker has to stop before it is killed, and to wait before a restart. */
const STOP_MS = 30_000;
const RESTART_MS = 1_000;

export interface Supervisor {
  /** Resolves with the port once every worker first started is listening. */
  listening: Promise<number>;
  /** Stops every worker (each closes its server and pool) and waits until all have exited. */
  stop(): Promise<void>;
}

export function superviseWorkers(count: number, log: pino.Logger): Supervisor {
  let stopping = false;
  const live = new Set<Worker>();
  let resolveListening: (port: number) => void = () => undefined;
  const listening = new Promise<number>((resolve) => (resolveListening = resolve));
  let started = 0;

  const fork = () => {
    const worker = cluster.fork();
    live.add(worker);
    worker.on("message", (message: unknown) => {
      if (isMessage<WorkerMessage>(message, "listening") && ++started === count)
        resolveListening(message.port);
    });
    worker.on("exit", (code, signal) => {
      live.delete(worker);
      if (stopping) return;
      log.error(
        `worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`,
      );
      setTimeout(() => {
        if (!stopping) fork();
      }, RESTART_MS).unref();
    });
  };
  for (let i = 0; i < count; i++) fork();

  return {
    listening,
    async stop() {
      stopping = true;
      await Promise.all(
        [...live].map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (worker.isDead()) return resolve();
              const kill = setTimeout(() => worker.kill("SIGKILL"), STOP_MS);
              worker.once("exit", () => {
                clearTimeout(kill);
                resolve();
              });
              const message: PrimaryMessage = { type: "shutdown" };
              try {
                worker.send(message);
              } catch {
                worker.kill("SIGTERM");
              }
            }),
        ),
      );
    },
  };
}

/** In a worker: resolves when the primary asks it to stop (or the channel to it closes). */
export function primaryAsksToStop(): Promise<string> {
  return new Promise((resolve) => {
    process.on("message", (message: unknown) => {
      if (isMessage<PrimaryMessage>(message, "shutdown")) resolve("shutdown");
    });
    // The primary died: nobody hands this worker connections any more.
    process.once("disconnect", () => resolve("disconnect"));
  });
}

/** In a worker: tells the primary it listens on `port`. */
export function tellPrimaryListening(port: number): void {
  const message: WorkerMessage = { type: "listening", port };
  process.send?.(message);
}

export const isWorker = (): boolean => cluster.isWorker;
