import { type EntryInfo, ZIP_LIMITS } from "./zip-limits";

/** One central-directory record: what planDataset judges plus where and how the data is stored. */
export interface ZipEntry extends EntryInfo {
  compressedSize: number;
  /** 0 stored, 8 deflated. */
  method: number;
  crc32: number;
  /** General-purpose flags; bit 0 means encrypted. */
  flags: number;
  /** Offset of the entry's local header. */
  localOffset: number;
}

/**
 * Read a ZIP's central directory (names and sizes) without decompressing anything, so a ZIP bomb or a
 * ZIP of 100,000 entries is refused before it costs memory. Throws `Error` for a corrupt ZIP.
 */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const EOCD = 0x06054b50;
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a ZIP file (no end-of-directory record)");
  let count = view.getUint16(eocd + 10, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    // ZIP64: find the ZIP64 end record through its locator.
    const loc = eocd - 20;
    if (loc < 0 || view.getUint32(loc, true) !== 0x07064b50) throw new Error("corrupt ZIP64 directory");
    const z64 = Number(view.getBigUint64(loc + 8, true));
    if (z64 + 56 > bytes.length || view.getUint32(z64, true) !== 0x06064b50)
      throw new Error("corrupt ZIP64 directory");
    count = Number(view.getBigUint64(z64 + 32, true));
    cdOffset = Number(view.getBigUint64(z64 + 48, true));
  }
  if (count > ZIP_LIMITS.maxEntries * 100) throw new Error(`the ZIP claims ${count} entries`);
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50)
      throw new Error("corrupt ZIP directory");
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc32 = view.getUint32(p + 16, true);
    let compressedSize = view.getUint32(p + 20, true);
    let size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    if (p + 46 + nameLen > bytes.length) throw new Error("corrupt ZIP directory");
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    let localOffset = view.getUint32(p + 42, true);
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      // ZIP64 sizes live in the extra field (id 0x0001).
      let e = p + 46 + nameLen;
      const end = e + extraLen;
      while (e + 4 <= end) {
        const id = view.getUint16(e, true);
        const len = view.getUint16(e + 2, true);
        if (id === 0x0001) {
          let q = e + 4;
          if (size === 0xffffffff) {
            size = Number(view.getBigUint64(q, true));
            q += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(view.getBigUint64(q, true));
            q += 8;
          }
          if (localOffset === 0xffffffff) localOffset = Number(view.getBigUint64(q, true));
        }
        e += 4 + len;
      }
    }
    entries.push({ name, size, compressedSize, method, crc32, flags, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}
