/**
 * The network, behind a fetch-like function so tests serve fixtures from a local HTTP server and
 * production passes the global `fetch`. Adds what downloading publications needs: retries with
 * exponential backoff on network errors, 429 and 5xx; conditional requests; a size limit enforced
 * while streaming (a server that lies about Content-Length is cut off too); a checksum.
 */
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import { InputError } from "../../errors.js";

export type FetchLike = (
  url: string,
  init: { headers: Record<string, string>; signal?: AbortSignal },
) => Promise<Response>;

export interface RetryOptions {
  retries: number;
  backoffMs: number;
  /** Injected for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** GET with retries; returns the last response (which may still be an error status). */
export async function getWithRetry(
  fetch: FetchLike,
  url: string,
  headers: Record<string, string>,
  options: RetryOptions,
): Promise<Response> {
  const sleep = options.sleep ?? sleepMs;
  let lastError: unknown;
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    if (attempt > 0) await sleep(options.backoffMs * 2 ** (attempt - 1));
    try {
      const response = await fetch(url, { headers });
      if (response.status !== 429 && response.status < 500) return response;
      lastError = new Error(`HTTP ${response.status}`);
      if (attempt === options.retries) return response;
      await response.body?.cancel();
    } catch (e) {
      lastError = e;
    }
  }
  throw new InputError(
    `${url}: could not be fetched after ${options.retries + 1} attempts (${lastError instanceof Error ? lastError.message : String(lastError)})`,
  );
}

/** Streams a response body to `file`, refusing more than `maxBytes`; returns size and SHA-256. */
export async function saveBody(
  response: Response,
  file: string,
  maxBytes: number,
  url: string,
): Promise<{ bytes: number; checksum: string }> {
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new InputError(`${url}: refused, ${declared} bytes is over the ${maxBytes}-byte limit`);
  }
  if (!response.body) throw new InputError(`${url}: the response has no body`);
  const hash = createHash("sha256");
  const out = createWriteStream(file);
  let bytes = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      if (bytes > maxBytes)
        throw new InputError(`${url}: refused, the download passed the ${maxBytes}-byte limit`);
      hash.update(chunk);
      if (!out.write(chunk))
        await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
    await new Promise<void>((resolve, reject) =>
      out.end((e?: Error | null) => (e ? reject(e) : resolve())),
    );
  } catch (e) {
    // Wait for the stream to close: it opens the file asynchronously, and removing the file
    // before that open completes would leave it behind.
    const closed = new Promise<void>((resolve) =>
      out.closed ? resolve() : out.once("close", () => resolve()),
    );
    out.destroy();
    await closed;
    await fs.rm(file, { force: true });
    throw e;
  }
  return { bytes, checksum: hash.digest("hex") };
}
