// Documents' texts kept in files rather than in the server's memory (`TextStore` in index.ts): the section of the
// kept index's file that holds them (persist.ts), and the files the reading threads write the texts they read to
// (session text files), so that 47 MB of text at 10,000 articles never crosses to the main thread nor sits in its
// heap. A text is read back, a document at a time, when one of its passages is shown.
import { closeSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TextStore } from './index';

/**
 * Code units of a file (UTF-16LE from `base`), read on demand. Opened when first read when given a path only (a
 * session text file the reading thread is writing); `own`: the file is the session's and goes when it is closed.
 */
export class FileTextStore implements TextStore {
  private fd: number | null;
  private failed = false;

  constructor(
    fd: number | null,
    private readonly base: number,
    private readonly file: string | null = null,
    private readonly own = false,
  ) {
    this.fd = fd;
  }

  read(start: number, end: number): string {
    if (end <= start) return '';
    if (this.fd === null && this.file && !this.failed) {
      try {
        this.fd = openSync(this.file, 'r');
      } catch {
        this.failed = true;
      }
    }
    if (this.fd === null) return '';
    const n = (end - start) * 2;
    const b = Buffer.allocUnsafe(n);
    let got = 0;
    try {
      while (got < n) {
        const r = readSync(this.fd, b, got, n - got, this.base + start * 2 + got);
        if (r <= 0) break;
        got += r;
      }
    } catch {
      return '';
    }
    return got === n ? b.toString('utf16le') : '';
  }

  close(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already gone
      }
      this.fd = null;
    }
    this.failed = true;
    if (this.own && this.file) {
      rmSync(this.file, { force: true });
      made.delete(this.file);
    }
  }
}

/** Appends texts to a session text file (on a reading thread); null from `write` once it cannot (disk full…). */
export class TextSink {
  private fd: number | null;
  private units = 0;

  constructor(file: string) {
    try {
      this.fd = openSync(file, 'w');
    } catch {
      this.fd = null;
    }
  }

  get ok(): boolean {
    return this.fd !== null;
  }

  /** Writes `text`; returns where it begins (in code units), or null when the file cannot be written. */
  write(text: string): number | null {
    if (this.fd === null) return null;
    const b = Buffer.from(text, 'utf16le');
    try {
      for (let off = 0; off < b.length; ) off += writeSync(this.fd, b, off, b.length - off);
    } catch {
      this.close();
      return null;
    }
    const at = this.units;
    this.units += text.length;
    return at;
  }

  close(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = null;
  }
}

const SESSION_FILE = /^corroborate-texts-(\d+)-\d+\.bin$/;
let sessionFiles = 0;
const made = new Set<string>();

/**
 * A new session text file's path in `dir` (the server's storage, else the system's temporary directory). The
 * files of sessions that ended without removing theirs (their process is gone) are removed the first time.
 */
export function sessionTextFile(dir: string | undefined): string {
  let where = tmpdir();
  if (dir) {
    try {
      mkdirSync(dir, { recursive: true });
      where = dir;
    } catch {
      // not writable: the temporary directory
    }
  }
  if (sessionFiles === 0) {
    removeStale(where);
    process.once('exit', () => {
      for (const f of made) rmSync(f, { force: true });
    });
  }
  const f = path.join(where, `corroborate-texts-${process.pid}-${++sessionFiles}.bin`);
  made.add(f);
  return f;
}

function removeStale(dir: string): void {
  try {
    for (const f of readdirSync(dir)) {
      const m = SESSION_FILE.exec(f);
      if (!m || Number(m[1]) === process.pid) continue;
      let alive = true;
      try {
        process.kill(Number(m[1]), 0);
      } catch (e) {
        alive = (e as NodeJS.ErrnoException).code === 'EPERM';
      }
      // (A process of that number that is not ours may hold it: files older than a week go anyway.)
      const old = Date.now() - statSync(path.join(dir, f)).mtimeMs > 7 * 86_400_000;
      if (!alive || old) rmSync(path.join(dir, f), { force: true });
    }
  } catch {
    // a directory we cannot list: nothing to clean
  }
}
