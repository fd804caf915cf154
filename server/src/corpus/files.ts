// Reading workspace files for the corpus: include/exclude globs, size limit, binary and encoding checks.
// Shared by the CLI and the language server; never throws for a bad file, returns a reason instead.
import { promises as fsp, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { extract, formatOf, limitsFor, type SourceMap } from './formats';

export interface FileFilter {
  include: string[];
  exclude: string[];
  /** Extensions (lower case, no dot) of source formats turned off. */
  off?: string[];
  maxFileSize: number;
}

/** A file read: its text (extracted, with `map`, for a PDF, web page, Word document, captions or ClaimReview). */
export type ReadResult = { ok: true; text: string; size: number; mtimeMs: number; map?: SourceMap | null } | { ok: false; reason: string; tooLarge?: boolean };

export function makeMatcher(filter: Pick<FileFilter, 'include' | 'exclude' | 'off'>): (relPath: string) => boolean {
  const inc = picomatch(filter.include, { dot: false, nocase: true });
  const exc = picomatch(filter.exclude, { dot: true, nocase: true });
  const off = new Set(filter.off ?? []);
  return (rel: string) => {
    const p = rel.split(path.sep).join('/');
    if (off.size) {
      const ext = /\.([^./]+)$/.exec(p)?.[1]?.toLowerCase();
      if (ext && off.has(ext)) return false;
    }
    return inc(p) && !exc(p);
  };
}

/** Directory names never worth descending into. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/** Every file under `root` matching the filter (relative paths), without following symlinks. */
export async function walk(root: string, filter: Pick<FileFilter, 'include' | 'exclude' | 'off'>, onFile: (abs: string, rel: string) => void | Promise<void>, isCancelled: () => boolean = () => false): Promise<void> {
  const match = makeMatcher(filter);
  const excDir = picomatch(filter.exclude, { dot: true, nocase: true });
  const stack = [root];
  while (stack.length) {
    if (isCancelled()) return;
    const dir = stack.pop()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch {
      continue; // deleted or unreadable meanwhile
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : -1));
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      const rel = path.relative(root, abs).split(path.sep).join('/');
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name) || excDir(rel + '/x') || excDir(rel)) continue;
        stack.push(abs);
      } else if (e.isFile() && match(rel)) {
        await onFile(abs, rel);
      }
    }
  }
}

/** Decodes a buffer as UTF-8 text, or says why it is not text. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text is kept as read, BOM included, so that offsets match the file (segmentation skips the BOM). */
export function decodeText(buf: Buffer): { ok: true; text: string } | { ok: false; reason: string } {
  const nul = buf.subarray(0, Math.min(buf.length, 8192)).indexOf(0);
  if (nul >= 0) {
    // UTF-16 with a BOM is text; anything else with NUL bytes is binary.
    if (buf[0] === 0xff && buf[1] === 0xfe) return { ok: true, text: buf.subarray(2).toString('utf16le') };
    return { ok: false, reason: 'binary file (contains NUL bytes)' };
  }
  try {
    const text = STRICT_UTF8.decode(buf);
    return { ok: true, text };
  } catch {
    // Invalid UTF-8: read it anyway, replacing the bad bytes, so that offsets stay consistent.
    return { ok: true, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(buf) };
  }
}


export async function readTextFile(abs: string, maxFileSize: number): Promise<ReadResult> {
  try {
    const st = await fsp.stat(abs);
    if (!st.isFile()) return { ok: false, reason: 'not a regular file' };
    if (st.size > maxFileSize) return { ok: false, tooLarge: true, reason: `file is ${st.size} bytes, over the limit of ${maxFileSize} (setting corroborate.maxFileSize)` };
    const buf = await fsp.readFile(abs);
    const d = decodeText(buf);
    return d.ok ? { ok: true, text: d.text, size: st.size, mtimeMs: st.mtimeMs } : { ok: false, reason: d.reason };
  } catch (e) {
    return { ok: false, reason: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot read (${(e as Error).message})` };
  }
}

export function readTextFileSync(abs: string, maxFileSize: number): ReadResult {
  try {
    const st = statSync(abs);
    if (!st.isFile()) return { ok: false, reason: 'not a regular file' };
    if (st.size > maxFileSize) return { ok: false, tooLarge: true, reason: `file is ${st.size} bytes, over the limit of ${maxFileSize} (setting corroborate.maxFileSize)` };
    const d = decodeText(readFileSync(abs));
    return d.ok ? { ok: true, text: d.text, size: st.size, mtimeMs: st.mtimeMs } : { ok: false, reason: d.reason };
  } catch (e) {
    return { ok: false, reason: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot read (${(e as Error).message})` };
  }
}

/** Sizes of what the corpus reads: text files (and the text extracted from any file), and source files (PDF...). */
export interface ReadLimits {
  maxFileSize: number;
  maxSourceFileSize: number;
}

/**
 * Reads a corpus file of any format: text files as `readTextFile`; PDF, HTML, DOCX, WebVTT, SRT and
 * ClaimReview JSON through the format readers (formats/index.ts), which return the extracted text and its
 * map, or the reason the file is skipped. Never throws.
 */
export async function readCorpusFile(abs: string, limits: ReadLimits): Promise<ReadResult> {
  if (formatOf(abs) === null) return readTextFile(abs, limits.maxFileSize);
  try {
    const st = await fsp.stat(abs);
    if (!st.isFile()) return { ok: false, reason: 'not a regular file' };
    if (st.size > limits.maxSourceFileSize) return { ok: false, tooLarge: true, reason: `file is ${st.size} bytes, over the limit of ${limits.maxSourceFileSize} (setting corroborate.maxSourceFileSize)` };
    const buf = await fsp.readFile(abs);
    const r = await extract(abs, buf, limitsFor(limits.maxFileSize));
    if ('skip' in r) return { ok: false, reason: r.skip };
    return { ok: true, text: r.text, map: r.map, size: st.size, mtimeMs: st.mtimeMs };
  } catch (e) {
    return { ok: false, reason: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot read (${(e as Error).message})` };
  }
}
