import { readCapped } from "./read-capped";
import type { ZipEntry } from "./zip-directory";

/**
 * Unpacking ZIP entries without trusting the archive: the directory's size is a budget enforced while
 * inflating (an entry that produces one byte more is abandoned there), each entry's bytes must lie inside
 * the file and apart from every other entry's (a bomb that points many names at one stream), and the
 * CRC must match. Isomorphic (DecompressionStream): the browser's ZIP worker and the Node server run this
 * same code, so a lying ZIP costs at most what it claims, on both sides.
 */

export class ZipReadError extends Error {
  override name = "ZipReadError";
  /** A lie about sizes or layout (crafted), rather than damage. */
  constructor(
    message: string,
    readonly crafted = false,
  ) {
    super(message);
  }
}

const LOCAL_HEADER = 0x04034b50;

interface Span {
  entry: ZipEntry;
  start: number;
  end: number;
}

function dataSpan(bytes: Uint8Array, entry: ZipEntry): Span {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_HEADER) {
    throw new ZipReadError(`${entry.name} has no local header where the ZIP directory says`);
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) {
    throw new ZipReadError(`${entry.name} claims more compressed bytes than the file holds`, true);
  }
  return { entry, start: at, end };
}

/** Check every entry's place in the file; throws ZipReadError for a crafted or broken layout. */
function layout(bytes: Uint8Array, entries: readonly ZipEntry[]): Map<string, Span> {
  const spans = entries.filter((e) => !e.name.endsWith("/")).map((e) => dataSpan(bytes, e));
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (prev && cur && cur.start < prev.end) {
      throw new ZipReadError(
        `${prev.entry.name} and ${cur.entry.name} share the same bytes (a ZIP built to unpack far more than it holds)`,
        true,
      );
    }
  }
  return new Map(spans.map((s) => [s.entry.name, s]));
}

let table: Uint32Array | undefined;

export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = (table[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Inflate raw DEFLATE data, abandoning it as soon as it produces more than `limit` bytes. */
async function inflateWithin(data: Uint8Array, limit: number, name: string): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream("deflate-raw"));
  try {
    return await readCapped(
      stream,
      limit,
      () =>
        new ZipReadError(
          `${name} unpacks to more than the ${limit} bytes the ZIP directory says (a ZIP that lies about its sizes)`,
          true,
        ),
    );
  } catch (err) {
    if (err instanceof ZipReadError) throw err;
    throw new ZipReadError(`${name} cannot be unpacked (its compressed data is damaged)`);
  }
}

export type ZipEntryReader = (entry: ZipEntry) => Promise<Uint8Array>;

/**
 * A reader for the entries of one ZIP. Throws ZipReadError at once for a layout that is crafted (entries
 * outside the file or sharing bytes); each read throws ZipReadError for a lie, damage or an unsupported
 * entry, with a message naming the entry.
 */
export function zipEntryReader(bytes: Uint8Array, entries: readonly ZipEntry[]): ZipEntryReader {
  const spans = layout(bytes, entries);
  return async (entry) => {
    const span = spans.get(entry.name);
    if (!span) throw new ZipReadError(`${entry.name} is not in this ZIP`);
    if (entry.flags & 1) throw new ZipReadError(`${entry.name} is encrypted; use a ZIP without a password`);
    const data = bytes.subarray(span.end - entry.compressedSize, span.end);
    let out: Uint8Array;
    if (entry.method === 0) {
      if (data.length !== entry.size) {
        throw new ZipReadError(`${entry.name} is stored with a size that does not match the directory`, true);
      }
      out = data;
    } else if (entry.method === 8) {
      out = await inflateWithin(data, entry.size, entry.name);
      if (out.length !== entry.size) {
        throw new ZipReadError(
          `${entry.name} unpacks to ${out.length} bytes, not the ${entry.size} the ZIP directory says (a ZIP that lies about its sizes)`,
          true,
        );
      }
    } else {
      throw new ZipReadError(
        `${entry.name} uses compression method ${entry.method}; only stored and deflated entries can be read`,
      );
    }
    if (crc32(out) !== entry.crc32)
      throw new ZipReadError(`${entry.name} is damaged (its checksum does not match)`);
    return out;
  };
}
