// "Mark as checked": silenced findings, stored in a workspace file the team can commit
// (default .corroborate/checked.json). Writes are atomic (temp file + rename) and merge with what is
// on disk, so two windows writing at once lose no entry.
import { promises as fsp, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';

export interface CheckedEntry {
  file: string;
  code: string;
  /** Hash of the finding's text, so the entry survives edits elsewhere in the file. */
  hash: string;
  excerpt: string;
  checkedAt: string;
}

interface CheckedFile {
  version: 1;
  entries: CheckedEntry[];
}

export function fingerprint(text: string): string {
  return createHash('sha1').update(text.replace(/\s+/g, ' ').trim().toLowerCase()).digest('hex').slice(0, 16);
}

const key = (e: { file: string; code: string; hash: string }) => `${e.file}\u0000${e.code}\u0000${e.hash}`;

export class CheckedStore {
  private keys = new Set<string>();
  private loadedFrom: string | null = null;

  constructor(private readonly log: (m: string) => void) {}

  /** Loads (or reloads) the store file; a missing or corrupt file means no entries (and says so once). */
  load(file: string): void {
    this.loadedFrom = file;
    this.keys = new Set(this.readEntries(file).map(key));
  }

  private readEntries(file: string): CheckedEntry[] {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as CheckedFile;
      if (!data || !Array.isArray(data.entries)) throw new Error('no "entries" array');
      return data.entries.filter((e) => e && typeof e.file === 'string' && typeof e.code === 'string' && typeof e.hash === 'string');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`Ignoring ${file}: ${(e as Error).message}`);
      return [];
    }
  }

  isChecked(file: string, code: string, text: string): boolean {
    return this.keys.has(key({ file, code, hash: fingerprint(text) }));
  }

  async add(storeFile: string, entry: Omit<CheckedEntry, 'hash' | 'checkedAt' | 'excerpt'> & { text: string }): Promise<void> {
    const e: CheckedEntry = { file: entry.file, code: entry.code, hash: fingerprint(entry.text), excerpt: entry.text.slice(0, 80), checkedAt: new Date().toISOString() };
    await fsp.mkdir(path.dirname(storeFile), { recursive: true });
    // Read, merge and replace under a lock file, so that two windows (or two calls) writing at once each
    // see the other's entries: without it, the later rename would drop the entry the earlier one added.
    const release = await lock(storeFile + '.lock', this.log);
    let body: CheckedFile;
    try {
      const merged = new Map<string, CheckedEntry>();
      for (const x of this.readEntries(storeFile)) merged.set(key(x), x);
      merged.set(key(e), e);
      body = { version: 1, entries: [...merged.values()].sort((a, b) => key(a).localeCompare(key(b))) };
      const tmp = `${storeFile}.${process.pid}.${++tmpCounter}.${Date.now()}.tmp`;
      try {
        await fsp.writeFile(tmp, JSON.stringify(body, null, 2) + '\n', 'utf8');
        await fsp.rename(tmp, storeFile);
      } catch (err) {
        await fsp.rm(tmp, { force: true });
        throw err;
      }
    } finally {
      await release();
    }
    if (this.loadedFrom === storeFile) this.keys = new Set(body.entries.map(key));
  }
}

let tmpCounter = 0;

/** A lock older than this is left over by a writer that died: it is broken. */
const STALE_LOCK_MS = 10_000;

/**
 * An exclusive lock file (created with O_EXCL, so only one writer at a time, across processes). Waits with a
 * short random back-off while another writer holds it; breaks a lock left by a writer that died.
 */
async function lock(file: string, log: (m: string) => void): Promise<() => Promise<void>> {
  const token = `${process.pid} ${Date.now()} ${Math.random()}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await fsp.writeFile(file, token, { flag: 'wx' });
      return async () => {
        try {
          if ((await fsp.readFile(file, 'utf8')) === token) await fsp.rm(file, { force: true });
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    try {
      const st = await fsp.stat(file);
      if (Date.now() - st.mtimeMs > STALE_LOCK_MS) {
        log(`Breaking a stale lock ${file} (left by a writer that stopped).`);
        await fsp.rm(file, { force: true });
        continue;
      }
    } catch {
      continue; // released meanwhile
    }
    await new Promise((r) => setTimeout(r, Math.min(50, 2 + attempt) * (0.5 + Math.random())));
  }
}
