// The corpus index kept on disk between sessions: one file per workspace (folders, corpus settings and the
// code that built it), holding the whole MemoryIndex and the size and modification time of every file it
// read. On the next start the files whose size and time are unchanged are not read again.
//
// The snapshot is the index's own fields, serialised with V8's structured serialisation (typed arrays,
// Maps and strings as they are), so a field added to MemoryIndex is kept without touching this file. A
// snapshot written by other code (any change to the server bundle) is ignored: its key differs.
//
// The documents' texts are not among those fields: they follow them as one section of UTF-16 code units, which
// the index reads a document at a time when a passage of it is shown (`TextStore`). A restore reads none of them
// (the texts are half of the file), and a session that has just kept its index lets go of the texts it holds
// and reads them from the file it wrote.
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { MemoryIndex } from './index';
import { FileTextStore } from './textStore';

export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export interface Snapshot {
  /** Files read from disk, by URI. */
  files: Map<string, FileStamp>;
}

const MAGIC = 'corroborate-index';
const FORMAT = 3;

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
// serialisation), the texts (UTF-16LE), and 8 bytes giving where the texts begin. The stamps come first so that a new session can start checking the files for changes while
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
/** Work between two pauses of an interruptible write (`writeSnapshot`'s `pause`). */
const PAUSE_EVERY_MS = 12;
/** Bytes read between two turns of the event loop when a snapshot is read. */
const YIELD_BYTES = 4 << 20;
/** Fields of the index that are not kept: where its texts are is the file itself. */
const NOT_KEPT = new Set(['stores', 'textsRead']);

interface Posting {
  ids: Int32Array;
  tfs: Uint16Array;
  n: number;
}

/** A term's slot in the flat postings: its list and room after it (an eighth more, and four). */
const room = (n: number) => n + (n >> 3) + 4;

/**
 * The postings (one pair of small arrays per term, tens of thousands of them) as three arrays: what V8's
 * serialiser writes and reads at the speed of a copy, where each small array would cost it an object. Each
 * term's list has room after it, so that when they are read back as views of those arrays, a document added
 * after the restore (the first buffer opened, say) appends in place instead of copying every common word's
 * list out of the shared array (~30 ms at 10,000 articles).
 */
async function flattenPostings(postings: Posting[], step: Step): Promise<{ ns: Int32Array; ids: Int32Array; tfs: Uint16Array }> {
  const ns = new Int32Array(postings.length);
  let total = 0;
  postings.forEach((p, t) => (total += room((ns[t] = p.n))));
  const ids = new Int32Array(total);
  const tfs = new Uint16Array(total);
  let o = 0;
  for (let t = 0; t < postings.length; t++) {
    const p = postings[t]!;
    ids.set(p.ids.subarray(0, p.n), o);
    tfs.set(p.tfs.subarray(0, p.n), o);
    o += room(p.n);
    if ((t & 1023) === 1023) await step();
  }
  return { ns, ids, tfs };
}

/** Back to one posting per term, each a view of its slot in the flat arrays (a term that outgrows it gets arrays of its own). */
function unflattenPostings(v: unknown): Posting[] | null {
  const f = v as { ns?: unknown; ids?: unknown; tfs?: unknown } | null;
  if (!f || !(f.ns instanceof Int32Array) || !(f.ids instanceof Int32Array) || !(f.tfs instanceof Uint16Array) || f.ids.length !== f.tfs.length) return null;
  const out: Posting[] = new Array(f.ns.length);
  let o = 0;
  for (let t = 0; t < f.ns.length; t++) {
    const n = f.ns[t]!;
    if (n < 0 || o + room(n) > f.ids.length) return null;
    out[t] = { ids: f.ids.subarray(o, o + room(n)), tfs: f.tfs.subarray(o, o + room(n)), n };
    o += room(n);
  }
  return o === f.ids.length ? out : null;
}

/**
 * Typed arrays are written as their bytes (chunk kinds 1-4), read straight into an array of their own: V8's
 * serialiser would copy them twice more, and the garbage collector would see every copy.
 */
const RAW_KINDS = [null, Int32Array, Uint16Array, Float32Array, Float64Array] as const;
type RawArray = Int32Array | Uint16Array | Float32Array | Float64Array;

/** An object holding typed arrays (`I32`, `RawTable`): its other properties, then each array as its bytes. */
interface StructHead {
  struct: 'typed arrays follow';
  plain: Record<string, unknown>;
  raw: string[];
  /** The properties in their order (an object rebuilt in another order would have another hidden class). */
  order: string[];
}

async function structChunks(value: unknown, step: Step): Promise<Buffer[]> {
  if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof Map || ArrayBuffer.isView(value)) return chunk(value, step);
  const plain: Record<string, unknown> = {};
  const raw: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (RAW_KINDS.some((c) => c !== null && v instanceof c)) raw.push(k);
    else plain[k] = v;
  }
  if (!raw.length) return chunk(value, step);
  const head: StructHead = { struct: 'typed arrays follow', plain, raw, order: Object.keys(value) };
  const out = await chunk(head, step);
  for (const k of raw) out.push(...(await chunk((value as Record<string, unknown>)[k], step)));
  return out;
}

/** Chunk kinds of arrays written narrower than they are (every value fits): Int32Array as 16 bits, Uint16Array as 8. */
const NARROW_I32 = 5;
const NARROW_U16 = 6;

/** `a` as another kind of typed array (a native conversion, value by value). */
/** Work between two calls of `step` when writing: a piece of a large array (a few milliseconds). */
type Step = () => Promise<void>;
const PIECE = 1 << 20;

const yieldNow: Step = () => new Promise((r) => setImmediate(r));

/** `a` as another kind of typed array (a native conversion, value by value), a piece at a time with `step` between. */
async function retypeInSteps<T extends Int32Array | Uint16Array | Uint8Array>(a: Int32Array | Uint16Array | Uint8Array, Kind: { new (n: number): T }, step: Step): Promise<T> {
  const out = new Kind(a.length);
  for (let i = 0; i < a.length; i += PIECE) {
    out.set(a.subarray(i, i + PIECE), i);
    await step();
  }
  return out;
}

/** True when every value of `a` is in [0, max] (a pass over it: a copy costs as much). */
async function fits(a: Int32Array | Uint16Array, max: number, step: Step): Promise<boolean> {
  for (let i = 0; i < a.length; i += PIECE) {
    for (let k = i, e = Math.min(a.length, i + PIECE); k < e; k++) if (a[k]! > max || a[k]! < 0) return false;
    await step();
  }
  return true;
}

async function chunk(value: unknown, step: Step = async () => undefined): Promise<Buffer[]> {
  let kind = RAW_KINDS.findIndex((c) => c !== null && value instanceof c);
  let raw = value as RawArray;
  // The term sequence and the postings' frequencies, most of the kept index, usually fit in half the width: the
  // file is read in less time than the narrowing costs.
  if (value instanceof Int32Array && value.length >= 1 << 16 && (await fits(value, 0xffff, step))) ((kind = NARROW_I32), (raw = await retypeInSteps(value, Uint16Array, step)));
  else if (value instanceof Uint16Array && value.length >= 1 << 16 && (await fits(value, 0xff, step))) ((kind = NARROW_U16), (raw = (await retypeInSteps(value, Uint8Array, step)) as unknown as RawArray));
  const body = kind > 0 ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength) : v8.serialize(value);
  const head = Buffer.alloc(5);
  head.writeUInt32LE(body.length);
  head[4] = Math.max(0, kind);
  return [head, body];
}

/** Thrown inside writeSnapshot when its `pause` says to stop (the file is not written). */
class Stopped extends Error {}

/**
 * Writes the index and the stamps of the files it holds, atomically (a temporary file renamed over the old
 * one), and removes older snapshots in the same directory. Returns the bytes written, or null when `pause`
 * stopped it. `pause` is awaited every few milliseconds of work (so that requests are answered meanwhile) and
 * returns false to stop; the caller makes sure that nothing changes the index while it runs (corpusManager holds
 * the changes back); without it the whole write is one synchronous piece of work.
 */
export async function writeSnapshot(file: string, index: MemoryIndex, files: Map<string, FileStamp>, pause?: () => Promise<boolean>, pauseEveryMs = PAUSE_EVERY_MS): Promise<number | null> {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fields = Object.entries(index as unknown as Record<string, unknown>).filter(([k]) => !NOT_KEPT.has(k));
  // Where each document's text will be in the texts section (code units), -1 for removed documents.
  const docs = (index as unknown as { docs: Array<object | null> }).docs;
  const at = new Float64Array(docs.length).fill(-1);
  let units = 0;
  for (let d = 0; d < docs.length; d++) {
    const len = index.textLength(d);
    if (len >= 0) ((at[d] = units), (units += len));
  }
  const sliced = fields.filter(([k, v]) => k !== 'postings' && (k === 'docs' || (Array.isArray(v) && v.length > SLICE))).map(([k]) => k);
  const header: Header = { magic: MAGIC, format: FORMAT, fields: fields.map(([k]) => k), sliced };
  const fd = openSync(tmp, 'w');
  let bytes = 0;
  try {
    let worked = Date.now();
    const step: Step = async () => {
      if (pause && Date.now() - worked >= pauseEveryMs) {
        if (!(await pause())) throw new Stopped();
        worked = Date.now();
      }
    };
    const write = async (bufs: Buffer[] | Promise<Buffer[]>) => {
      for (const b of await bufs) {
        // (Large arrays a few MB at a time: writing 30 MB at once kept requests waiting 140 ms on a busy machine.)
        for (let off = 0; off < b.length; ) {
          off += writeSync(fd, b, off, Math.min(b.length - off, YIELD_BYTES));
          if (off < b.length) await step();
        }
        bytes += b.length;
      }
      await step();
    };
    await write([Buffer.from(JSON.stringify(header) + '\n'), ...(await chunk(files))]);
    for (const [k, v] of fields) {
      if (k === 'postings') {
        const f = await flattenPostings(v as Posting[], step);
        await write(chunk(f.ns, step));
        await write(chunk(f.ids, step));
        await write(chunk(f.tfs, step));
      } else if (!sliced.includes(k)) await write(structChunks(v, step));
      else {
        const a = v as unknown[];
        await write(chunk(a.length, step));
        for (let i = 0; i < a.length; i += SLICE) {
          let part = a.slice(i, i + SLICE);
          // The documents without their texts, which follow.
          if (k === 'docs') part = part.map((x, j) => (x ? { ...(x as object), text: null, store: null, at: at[i + j] } : null));
          await write(chunk(part, step));
        }
      }
    }
    const base = bytes;
    for (let d = 0; d < docs.length; d++) if (at[d]! >= 0) await write([Buffer.from(index.textOf(d, false), 'utf16le')]);
    const tail = Buffer.alloc(8);
    tail.writeDoubleLE(base);
    await write([tail]);
    closeSync(fd);
    try {
      renameSync(tmp, file);
    } catch {
      // (Windows refuses to replace a file that is open: the index's own text store may be that file.)
      index.dispose();
      renameSync(tmp, file);
    }
    // From now on the texts are read from the file just written.
    index.useTextStore(new FileTextStore(openSync(file, 'r'), base), at);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      // closed already
    }
    rmSync(tmp, { force: true });
    if (e instanceof Stopped) return null;
    throw e;
  }
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
    // Read synchronously (the file is usually in the page cache: a copy), a few megabytes at a time between
    // turns of the event loop, so that requests are answered meanwhile; a read through the thread pool waited
    // several times longer than it took on a busy machine.
    let sinceYield = 0;
    const readInto = async (b: Uint8Array, n: number): Promise<boolean> => {
      if (n < 0 || pos + n > size) return false;
      let got = 0;
      while (got < n) {
        const r = readSync(fh.fd, b, got, Math.min(n - got, YIELD_BYTES), pos + got);
        if (r <= 0) break;
        got += r;
        if ((sinceYield += r) >= YIELD_BYTES) {
          sinceYield = 0;
          await new Promise<void>((res) => setImmediate(res));
        }
      }
      pos += n;
      return got === n;
    };
    const read = async (n: number): Promise<Buffer | null> => {
      if (n < 0 || pos + n > size) return null;
      const b = Buffer.allocUnsafe(n);
      return (await readInto(b, n)) ? b : null;
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
      const head = await read(5);
      if (!head) throw new Error('truncated');
      const n = head.readUInt32LE();
      if (head[4] === NARROW_I32 || head[4] === NARROW_U16) {
        const narrow = head[4] === NARROW_I32 ? new Uint16Array(n / 2) : new Uint8Array(n);
        if (n % narrow.BYTES_PER_ELEMENT !== 0 || pos + n > size || !(await readInto(new Uint8Array(narrow.buffer), n))) throw new Error('truncated');
        // Widened a piece at a time, between turns of the event loop (tens of milliseconds for the term sequence).
        return head[4] === NARROW_I32 ? await retypeInSteps(narrow, Int32Array, yieldNow) : await retypeInSteps(narrow, Uint16Array, yieldNow);
      }
      const Raw = RAW_KINDS[head[4]!];
      if (Raw === undefined) throw new Error('not a chunk');
      if (Raw === null) {
        const body = await read(n);
        if (!body) throw new Error('truncated');
        return v8.deserialize(body);
      }
      if (n % Raw.BYTES_PER_ELEMENT !== 0 || pos + n > size) throw new Error('truncated');
      const a = new Raw(n / Raw.BYTES_PER_ELEMENT);
      if (!(await readInto(new Uint8Array(a.buffer), n))) throw new Error('truncated');
      return a;
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
        // Where the texts begin: the last 8 bytes (a file cut short has something else there).
        const tail = Buffer.alloc(8);
        const textBase = size - 8 >= pos && (await fh.read(tail, 0, 8, size - 8)).bytesRead === 8 ? tail.readDoubleLE(0) : NaN;
        if (!(textBase >= pos && textBase <= size - 8 && Number.isInteger(textBase))) return false;
        const values: Record<string, unknown> = {};
        for (const k of fields) {
          if (k === 'postings') values[k] = unflattenPostings({ ns: await next(), ids: await next(), tfs: await next() });
          else if (!sliced.includes(k)) {
            const v = await next();
            const h = v as Partial<StructHead> | null;
            if (h && typeof h === 'object' && h.struct === 'typed arrays follow' && Array.isArray(h.raw) && h.plain && typeof h.plain === 'object') {
              const arrays: Record<string, unknown> = {};
              for (const name of h.raw) arrays[name] = await next();
              const o: Record<string, unknown> = {};
              for (const name of Array.isArray(h.order) ? h.order : [...Object.keys(h.plain), ...h.raw]) o[name] = name in arrays ? arrays[name] : h.plain[name];
              values[k] = o;
            } else values[k] = v;
          }
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
        // The texts section holds every document's text, and nothing more.
        let units = 0;
        const docs = values.docs;
        if (!Array.isArray(docs)) return false;
        for (const x of docs as Array<{ at: number; len: number } | null>) if (x) units = Math.max(units, x.at + x.len);
        if (textBase + units * 2 !== size - 8) return false;
        const fd = openSync(file, 'r');
        if (!restore(index, values)) {
          closeSync(fd);
          return false;
        }
        index.useTextStore(new FileTextStore(fd, textBase));
        return true;
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
  // Every field of a fresh index must be present with the same kind of value (but those not kept).
  const kept = Object.entries(fresh).filter(([k]) => !NOT_KEPT.has(k));
  for (const [k, v] of kept) {
    const got = values[k];
    if (got === undefined || got === null || typeof got !== typeof v) return false;
  }
  const before = index.version;
  // The index's texts were held in memory or in another file: they are in this one now.
  index.dispose();
  (index as unknown as { textsRead: number[] }).textsRead = [];
  for (const [k, v] of kept) {
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

