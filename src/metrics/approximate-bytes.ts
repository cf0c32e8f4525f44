/**
 * A cheap estimate of the memory a cached result holds, for caches bounded by bytes (issue 14):
 * typed arrays and buffers by their byte length, strings at two bytes a character, objects,
 * arrays, maps and sets by their parts. Long collections are sampled (the first
 * {@link SAMPLE} items, scaled to the length) and nesting beyond {@link DEPTH} levels counts a
 * fixed amount, so the estimate costs little even for an analysis of every organisation.
 *
 * Example: `approximateBytes("x".repeat(1000))` → 2,016; `approximateBytes(new Float64Array(100))`
 * → 864.
 */
const SAMPLE = 16;
const DEPTH = 5;
/** What a JavaScript value costs beyond its contents (header, pointer), roughly. */
const OVERHEAD = 16;

export function approximateBytes(value: unknown, depth = DEPTH): number {
  switch (typeof value) {
    case "string":
      return OVERHEAD + value.length * 2;
    case "object":
      break;
    default:
      return 8;
  }
  if (value === null) return 8;
  if (ArrayBuffer.isView(value)) return 64 + value.byteLength;
  if (value instanceof ArrayBuffer) return 64 + value.byteLength;
  if (depth <= 0) return 64;
  if (Array.isArray(value)) return OVERHEAD + sampled(value, value.length, depth - 1);
  if (value instanceof Map)
    return OVERHEAD + sampled(value.entries(), value.size, depth - 1, (e) => 2 * OVERHEAD + e);
  if (value instanceof Set) return OVERHEAD + sampled(value.values(), value.size, depth - 1);
  if (value instanceof Promise) return 64;
  let bytes = OVERHEAD;
  for (const [k, v] of Object.entries(value))
    bytes += OVERHEAD + k.length * 2 + approximateBytes(v, depth - 1);
  return bytes;
}

/** The first SAMPLE items measured, scaled to `size` items. */
function sampled(
  items: Iterable<unknown>,
  size: number,
  depth: number,
  each: (bytes: number) => number = (b) => b,
): number {
  let bytes = 0;
  let seen = 0;
  for (const item of items) {
    if (seen === SAMPLE) break;
    bytes += each(8 + approximateBytes(item, depth));
    seen++;
  }
  return seen === 0 ? 0 : Math.ceil((bytes / seen) * size);
}
