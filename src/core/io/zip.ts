/**
 * A small ZIP reader for .npz archives: stored and deflated members, zip64 records (modern numpy writes a
 * zip64 extra field in every local header), CRC-32 checked, every offset bounds-checked so that a corrupt or
 * truncated archive fails with a message instead of reading past the end. fflate's unzipSync copes with
 * numpy's zip64 headers but checks neither bounds nor CRCs, hence this reader; fflate still inflates.
 */
import { inflateSync } from 'fflate';

export class ZipError extends Error {
  override name = 'ZipError';
}

export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Bounds-checked little-endian reads that fail with a message rather than returning undefined. */
function reader(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (at: number, n: number, what: string) => {
    if (at < 0 || at + n > bytes.length) {
      throw new ZipError(`${what} at byte ${at} runs past the end of the ${bytes.length}-byte file`);
    }
  };
  return {
    u16: (at: number, what: string) => (need(at, 2, what), view.getUint16(at, true)),
    u32: (at: number, what: string) => (need(at, 4, what), view.getUint32(at, true)),
    u64: (at: number, what: string) => {
      need(at, 8, what);
      return view.getUint32(at, true) + 2 ** 32 * view.getUint32(at + 4, true);
    },
    bytes: (at: number, n: number, what: string) => (need(at, n, what), bytes.subarray(at, at + n)),
  };
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** deflate cannot expand more than ~1032:1, so a larger claimed size is corruption, not a buffer to allocate. */
const MAX_DEFLATE_RATIO = 1032;

function findEndOfCentralDirectory(bytes: Uint8Array): number {
  const r = reader(bytes);
  const last = bytes.length - 22; // the record is 22 bytes plus a comment of up to 65535
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (r.u32(at, 'end of central directory') === EOCD) return at;
  }
  throw new ZipError(`not a zip archive: no end-of-central-directory record in its ${bytes.length} bytes (truncated?)`);
}

/** The archive's members as its central directory lists them (zip64 sizes and offsets resolved). */
export function readCentralDirectory(bytes: Uint8Array): ZipEntry[] {
  const r = reader(bytes);
  const eocd = findEndOfCentralDirectory(bytes);
  let count = r.u16(eocd + 10, 'entry count');
  let offset = r.u32(eocd + 16, 'central directory offset');
  if (eocd >= 20 && r.u32(eocd - 20, 'zip64 locator') === ZIP64_LOCATOR) {
    const zip64 = r.u64(eocd - 12, 'zip64 end record offset');
    if (r.u32(zip64, 'zip64 end record') !== ZIP64_EOCD) throw new ZipError('bad zip64 end record');
    count = r.u64(zip64 + 32, 'zip64 entry count');
    offset = r.u64(zip64 + 48, 'zip64 central directory offset');
  }
  const entries: ZipEntry[] = [];
  for (let i = 0, at = offset; i < count; i++) {
    if (r.u32(at, `central directory entry ${i}`) !== CENTRAL_HEADER) {
      throw new ZipError(`central directory entry ${i} at byte ${at} has a bad signature`);
    }
    const nameLength = r.u16(at + 28, 'name length');
    const extraLength = r.u16(at + 30, 'extra length');
    const nameBytes = r.bytes(at + 46, nameLength, `entry ${i} name`);
    const entry: ZipEntry = {
      name: new TextDecoder().decode(nameBytes),
      flags: r.u16(at + 8, 'flags'),
      method: r.u16(at + 10, 'method'),
      crc: r.u32(at + 16, 'crc'),
      compressedSize: r.u32(at + 20, 'compressed size'),
      size: r.u32(at + 24, 'size'),
      localOffset: r.u32(at + 42, 'local header offset'),
    };
    applyZip64Extra(entry, r.bytes(at + 46 + nameLength, extraLength, `entry ${i} extra field`));
    entries.push(entry);
    at += 46 + nameLength + extraLength + r.u16(at + 32, 'comment length');
  }
  return entries;
}

/** Zip64 extra (id 1) holds, in this order, whichever of size, compressed size, offset were 0xFFFFFFFF. */
function applyZip64Extra(entry: ZipEntry, extra: Uint8Array): void {
  const r = reader(extra);
  for (let at = 0; at + 4 <= extra.length; at += 4 + r.u16(at + 2, 'extra length')) {
    if (r.u16(at, 'extra id') !== 1) continue;
    let field = at + 4;
    for (const key of ['size', 'compressedSize', 'localOffset'] as const) {
      if (entry[key] !== 0xffffffff) continue;
      entry[key] = r.u64(field, `member '${entry.name}' zip64 ${key}`);
      field += 8;
    }
  }
}

/** A member's bytes, inflated if deflated, after checking its local header, size and CRC-32. */
export function extractMember(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const r = reader(bytes);
  const fail = (what: string) => new ZipError(`member '${entry.name}': ${what}`);
  if (r.u32(entry.localOffset, `member '${entry.name}' local header`) !== LOCAL_HEADER) {
    throw fail(`no local header at byte ${entry.localOffset}`);
  }
  if (entry.flags & 1) throw fail('is encrypted');
  const local = entry.localOffset;
  const start = local + 30 + r.u16(local + 26, 'local name length') + r.u16(local + 28, 'local extra length');
  if (start + entry.compressedSize > bytes.length) {
    throw fail(`its ${entry.compressedSize} bytes run past the end of the ${bytes.length}-byte file (truncated?)`);
  }
  const stored = bytes.subarray(start, start + entry.compressedSize);
  let data: Uint8Array;
  if (entry.size > MAX_DEFLATE_RATIO * entry.compressedSize + 1024) {
    throw fail(`claims ${entry.size} bytes from ${entry.compressedSize} compressed, more than deflate can produce`);
  }
  if (entry.method === 0) data = stored;
  else if (entry.method === 8) {
    try {
      data = inflateSync(stored, { out: new Uint8Array(entry.size) });
    } catch (e) {
      throw fail(`deflate data is corrupt (${(e as Error).message})`);
    }
  } else throw fail(`unsupported compression method ${entry.method} (only stored and deflate)`);
  if (data.length !== entry.size) throw fail(`holds ${data.length} bytes, the directory says ${entry.size}`);
  if (crc32(data) !== entry.crc) throw fail('CRC-32 mismatch: the data is corrupt');
  return data;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (ISO-HDLC, zip's and PNG's): zip entries, and the integrity check of share links (core/share/link.ts). */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

