// Issue 14, item 5: the stylesheet (about 300 KB) was sent uncompressed. It is compressed once
// (at build, beside dist/public/app.css) and sent in the encoding the browser accepts; pages
// are compressed too. Decoded, each is byte for byte what is sent unencoded.
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { appWith } from "./fakes.js";

async function stylesheetPath(app: Awaited<ReturnType<typeof appWith>>): Promise<string> {
  const home = await app.inject("/metrics");
  const href = /href="(\/static\/app\.[0-9a-f]+\.css)"/.exec(home.body)?.[1];
  expect(href).toBeDefined();
  return href!;
}

describe("compression", () => {
  it("sends the stylesheet brotli- or gzip-compressed when accepted, identical when decoded", async () => {
    const app = await appWith();
    const href = await stylesheetPath(app);
    const plain = await app.inject(href);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    const css = plain.rawPayload;
    expect(css.length).toBeGreaterThan(100_000);

    const br = await app.inject({ url: href, headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.rawPayload.length).toBeLessThan(css.length / 5);
    expect(brotliDecompressSync(br.rawPayload).equals(css)).toBe(true);

    const gz = await app.inject({ url: href, headers: { "accept-encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gz.rawPayload.length).toBeLessThan(css.length / 4);
    expect(gunzipSync(gz.rawPayload).equals(css)).toBe(true);

    const refused = await app.inject({ url: href, headers: { "accept-encoding": "identity" } });
    expect(refused.headers["content-encoding"]).toBeUndefined();
    expect(refused.rawPayload.equals(css)).toBe(true);
  });

  it("compresses a page rendered per request, identical when decoded", async () => {
    const app = await appWith();
    const plain = await app.inject("/metrics");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const gz = await app.inject({ url: "/metrics", headers: { "accept-encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gz.headers.vary).toMatch(/Accept-Encoding/i);
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
  });
});
