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
    const merged = new Map<string, CheckedEntry>();
    for (const x of this.readEntries(storeFile)) merged.set(key(x), x);
    merged.set(key(e), e);
    const body: CheckedFile = { version: 1, entries: [...merged.values()].sort((a, b) => key(a).localeCompare(key(b))) };
    const tmp = `${storeFile}.${process.pid}.${Date.now()}.tmp`;
    await fsp.writeFile(tmp, JSON.stringify(body, null, 2) + '\n', 'utf8');
    await fsp.rename(tmp, storeFile);
    if (this.loadedFrom === storeFile) this.keys = new Set(body.entries.map(key));
  }
}
