// The corpus index kept on disk between sessions: one file per workspace (folders, corpus settings and the
// code that built it), holding the whole MemoryIndex and the size and modification time of every file it
// read. On the next start the files whose size and time are unchanged are not read again.
//
// The snapshot is the index's own fields, serialised with V8's structured serialisation (typed arrays,
// Maps and strings as they are), so a field added to MemoryIndex is kept without touching this file. A
// snapshot written by other code (any change to the server bundle) is ignored: its key differs.
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { MemoryIndex } from './index';

export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export interface Snapshot {
  /** Files read from disk, by URI. */
  files: Map<string, FileStamp>;
}

const MAGIC = 'corroborate-index';
const FORMAT = 2;

let codeHash: string | undefined;
/** A hash of the running code: a snapshot made by another build of the server is never trusted. */
function codeVersion(): string {
  if (codeHash === undefined) {
    try {
      codeHash = createHash('sha1').update(readFileSync(__filename)).digest('hex').slice(0, 12);
    } catch {
      codeHash = 'unknown';
    }
  }
  return codeHash;
}

/** The snapshot file for these folders and corpus settings, inside `dir`. */
export function snapshotPath(dir: string, key: unknown): string {
  const h = createHash('sha1').update(JSON.stringify([FORMAT, codeVersion(), key])).digest('hex').slice(0, 16);
  return path.join(dir, `index-${h}.bin`);
}

// The file: a JSON header line, the file stamps, then one chunk per field (a 4-byte length and the field's V8
// serialisation). The stamps come first so that a new session can start checking the files for changes while
// the rest is still being read (openSnapshot). Written and read a field at a time, so that the process never holds a second copy of
// the whole index (its peak memory grows by the largest field, not by the index).

interface Header {
  magic: string;
  format: number;
  fields: string[];
  /** Array fields written in slices of SLICE elements (the documents with their texts, the postings). */
  sliced: string[];
}

const SLICE = 500;

function chunk(value: unknown): Buffer[] {
  const body = v8.serialize(value);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(body.length);
  return [len, body];
}

/**
 * Writes the index and the stamps of the files it holds, atomically (a temporary file renamed over the old
 * one), and removes older snapshots in the same directory. Synchronous on purpose: no change to the index
 * can come between two of its fields.
 */
export function writeSnapshot(file: string, index: MemoryIndex, files: Map<string, FileStamp>): number {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fields = Object.entries(index as unknown as Record<string, unknown>);
  const sliced = fields.filter(([, v]) => Array.isArray(v) && v.length > SLICE).map(([k]) => k);
  const header: Header = { magic: MAGIC, format: FORMAT, fields: fields.map(([k]) => k), sliced };
  const fd = openSync(tmp, 'w');
  let bytes = 0;
  try {
    const write = (bufs: Buffer[]) => {
      for (const b of bufs) {
        for (let off = 0; off < b.length; ) off += writeSync(fd, b, off, b.length - off);
        bytes += b.length;
      }
    };
    write([Buffer.from(JSON.stringify(header) + '\n')]);
    write(chunk(files));
    for (const [k, v] of fields) {
      if (!sliced.includes(k)) write(chunk(v));
      else {
        const a = v as unknown[];
        write(chunk(a.length));
        for (let i = 0; i < a.length; i += SLICE) write(chunk(a.slice(i, i + SLICE)));
      }
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  for (const f of readdirSync(dir)) {
    if (/^index-[0-9a-f]{16}\.bin$/.test(f) && path.join(dir, f) !== file) rmSync(path.join(dir, f), { force: true });
  }
  return bytes;
}

/**
 * Reads a snapshot into `index` (replacing its content). Returns 'missing' when there is none and 'unreadable'
 * when it is not a snapshot of this format, leaving the index untouched (then the workspace is indexed from its files).
 */
export async function readSnapshot(file: string, index: MemoryIndex): Promise<Snapshot | 'missing' | 'unreadable'> {
  const opened = await openSnapshot(file);
  if (typeof opened !== 'object') return opened;
  return (await opened.restore(index)) ? { files: opened.files } : 'unreadable';
}

/** A snapshot whose file stamps are read, and whose index is read on demand. */
export interface OpenedSnapshot extends Snapshot {
  /** Reads the rest into `index` (replacing its content); false, with the index untouched, when it cannot. Once. */
  restore(index: MemoryIndex): Promise<boolean>;
}

/**
 * Opens a snapshot and reads its file stamps only (a small chunk at the start of the file): the files can be
 * checked for changes while `restore` reads the index itself. 'missing' when there is none, 'unreadable' when
 * it is not a snapshot of this format.
 */
export async function openSnapshot(file: string): Promise<OpenedSnapshot | 'missing' | 'unreadable'> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch {
    return 'missing';
  }
  let closed = false;
  const close = async () => {
    if (!closed) {
      closed = true;
      await fh.close().catch(() => {});
    }
  };
  try {
    const size = (await fh.stat()).size;
    let pos = 0;
    const read = async (n: number): Promise<Buffer | null> => {
      if (n < 0 || pos + n > size) return null;
      const b = Buffer.allocUnsafe(n);
      const { bytesRead } = await fh.read(b, 0, n, pos);
      pos += n;
      return bytesRead === n ? b : null;
    };
    // The header line (bounded: a snapshot header is a few hundred bytes).
    const head = await read(Math.min(size, 4096));
    const nl = head ? head.indexOf(10) : -1;
    if (!head || nl < 0) {
      await close();
      return 'unreadable';
    }
    const header = JSON.parse(head.subarray(0, nl).toString('utf8')) as Partial<Header>;
    if (header.magic !== MAGIC || header.format !== FORMAT || !Array.isArray(header.fields) || !Array.isArray(header.sliced)) {
      await close();
      return 'unreadable';
    }
    pos = nl + 1;
    const next = async (): Promise<unknown> => {
      const len = await read(4);
      if (!len) throw new Error('truncated');
      const body = await read(len.readUInt32LE());
      if (!body) throw new Error('truncated');
      return v8.deserialize(body);
    };
    const files = await next();
    if (!(files instanceof Map)) {
      await close();
      return 'unreadable';
    }
    const fields = header.fields;
    const sliced = header.sliced;
    const restoreFrom = async (index: MemoryIndex): Promise<boolean> => {
      if (closed) return false;
      try {
        const values: Record<string, unknown> = {};
        for (const k of fields) {
          if (!sliced.includes(k)) values[k] = await next();
          else {
            const n = await next();
            if (typeof n !== 'number') return false;
            const a: unknown[] = [];
            while (a.length < n) {
              const part = await next();
              if (!Array.isArray(part) || part.length === 0) return false;
              for (const x of part) a.push(x);
            }
            values[k] = a;
          }
        }
        return restore(index, values);
      } catch {
        return false;
      } finally {
        await close();
      }
    };
    return { files: files as Map<string, FileStamp>, restore: restoreFrom };
  } catch {
    await close();
    return 'unreadable';
  }
}

function restore(index: MemoryIndex, values: Record<string, unknown>): boolean {
  const target = index as unknown as Record<string, unknown>;
  const fresh = new MemoryIndex() as unknown as Record<string, unknown>;
  // Every field of a fresh index must be present with the same kind of value.
  for (const [k, v] of Object.entries(fresh)) {
    const got = values[k];
    if (got === undefined || got === null || typeof got !== typeof v) return false;
  }
  const before = index.version;
  for (const [k, v] of Object.entries(fresh)) {
    const got = values[k] as object;
    // Class instances come back as plain objects: give them their prototype again.
    if (v && typeof v === 'object' && Object.getPrototypeOf(got) !== Object.getPrototypeOf(v)) Object.setPrototypeOf(got, Object.getPrototypeOf(v));
    target[k] = got;
  }
  // Versions only grow: caches keyed on a version seen before the restore must not match after it.
  if (typeof target._version === 'number') target._version = target._version + before + 1;
  index.restored();
  return true;
}

