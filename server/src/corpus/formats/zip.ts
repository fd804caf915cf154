// A bounded look into a ZIP container (DOCX) before any library unpacks it: the central directory is read
// by hand and every entry that will be read is inflated here with a hard cap on its output
// (zlib's maxOutputLength), so a file that claims little and unpacks to gigabytes, or claims gigabytes, is
// refused before mammoth/JSZip inflate it.
import { inflateRawSync } from 'node:zlib';
import { SkipFile } from './types';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const MAX_ENTRIES = 20_000;

export function zipEntries(buf: Buffer): ZipEntry[] {
  // End of central directory: 22 bytes plus a comment of up to 65,535.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new SkipFile('damaged DOCX (not a ZIP archive)');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new SkipFile('ZIP64 archive (not a DOCX that Word writes)');
  if (count > MAX_ENTRIES) throw new SkipFile(`damaged DOCX (${count} entries)`);
  if (cdOffset + cdSize > buf.length) throw new SkipFile('damaged DOCX (truncated)');
  const out: ZipEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new SkipFile('damaged DOCX (bad central directory)');
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    out.push({ name, method, compressedSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** The uncompressed bytes of an entry, never more than `cap` (nor more than the entry declares). */
export function inflateEntry(buf: Buffer, e: ZipEntry, cap: number): Buffer {
  const h = e.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== 0x04034b50) throw new SkipFile(`damaged DOCX (entry ${e.name})`);
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  if (start + e.compressedSize > buf.length) throw new SkipFile(`damaged DOCX (entry ${e.name} truncated)`);
  const data = buf.subarray(start, start + e.compressedSize);
  const limit = Math.min(cap, e.size);
  if (e.method === 0) return data.subarray(0, limit);
  if (e.method !== 8) throw new SkipFile(`unsupported compression in DOCX entry ${e.name}`);
  try {
    const out = inflateRawSync(data, { maxOutputLength: Math.max(1, limit) });
    if (out.length !== e.size) throw new SkipFile(`damaged DOCX (entry ${e.name} is not the size it declares)`);
    return out;
  } catch (err) {
    if (err instanceof SkipFile) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new SkipFile(`DOCX entry ${e.name} unpacks to more than it declares (a ZIP bomb?)`);
    throw new SkipFile(`damaged DOCX (entry ${e.name}: ${(err as Error).message})`);
  }
}

/**
 * Checks a DOCX before it is unpacked: what all its entries declare stays under `maxInflated`, and each
 * entry that the converter reads (XML parts) really inflates to what it declares.
 */
export function checkDocx(buf: Buffer, maxInflated: number): void {
  const entries = zipEntries(buf);
  if (!entries.some((e) => e.name === 'word/document.xml')) throw new SkipFile('not a Word document (no word/document.xml)');
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (total > maxInflated) throw new SkipFile(`DOCX unpacks to more than ${maxInflated} bytes (a ZIP bomb?)`);
  }
  let left = maxInflated;
  for (const e of entries) {
    if (!/\.(?:xml|rels)$/i.test(e.name)) continue;
    left -= inflateEntry(buf, e, left).length;
  }
}
