/**
 * A minimal ZIP writer for tests, so archives are generated where they are used instead of
 * committed as binaries. Entries are stored (method 0) or deflated (method 8, zlib deflateRaw);
 * `lie` lets a test declare a false uncompressed size or CRC (zip bombs, corrupt archives).
 * Layout (APPNOTE 4.3): local header + data per entry, then the central directory, then the end
 * of central directory record. No ZIP64, no data descriptors, no extra fields.
 */
import { deflateRawSync } from "node:zlib";

export interface ZipEntrySpec {
  name: string;
  data: Buffer | string;
  /** 8 = deflate (default), 0 = stored. */
  method?: 0 | 8;
  /** Values written instead of the true ones. */
  lie?: { uncompressedSize?: number; crc32?: number };
}

/** Bitwise CRC-32 (IEEE), written independently of the table-driven one in src/ingest/zip.ts. */
export function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function zipArchive(entries: ZipEntrySpec[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, "utf8");
    const method = e.method ?? 8;
    const body = method === 8 ? deflateRawSync(raw) : raw;
    const name = Buffer.from(e.name, "utf8");
    const crc = e.lie?.crc32 ?? crc32(raw);
    const size = e.lie?.uncompressedSize ?? raw.length;
    // Fields shared by the local and central headers, from "version needed" to "name length".
    const common = Buffer.alloc(26);
    common.writeUInt16LE(20, 0); // version needed to extract (2.0)
    common.writeUInt16LE(0x0800, 2); // flags: UTF-8 names
    common.writeUInt16LE(method, 4);
    common.writeUInt16LE(0, 6); // time
    common.writeUInt16LE(0x21, 8); // date: 1980-01-01
    common.writeUInt32LE(crc, 10);
    common.writeUInt32LE(body.length, 14);
    common.writeUInt32LE(size, 18);
    common.writeUInt16LE(name.length, 22);
    common.writeUInt16LE(0, 24); // extra field length
    const local = Buffer.concat([u32(0x04034b50), common, name]);
    parts.push(local, body);
    // Comment length, disk number, internal attributes, external attributes (all 0), then the
    // local header's offset.
    const tail = Buffer.alloc(14);
    tail.writeUInt32LE(offset, 10);
    central.push(Buffer.concat([u32(0x02014b50), u16(20), common, tail, name]));
    offset += local.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n, 0);
  return b;
}
