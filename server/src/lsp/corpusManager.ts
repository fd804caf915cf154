// Keeps the corpus index current: workspace files (include/exclude globs), open buffers taking precedence
// over disk, watched-file events, skipped files reported once. Indexing yields to the event loop so the
// server keeps answering requests meanwhile.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { readTextFile, readTextFileSync, walk, makeMatcher } from '../corpus/files';
import { MemoryIndex, type CorpusBackend } from '../corpus/index';
import { CachedCorpus } from '../corpus/cache';
import { readSnapshot, snapshotPath, writeSnapshot, type FileStamp } from '../corpus/persist';
import type { Settings } from '../settings';

/** How many indexed files are sampled for the warm-up. */
const SAMPLE_SIZE = 32;

export type ChangeKind = 'created' | 'changed' | 'deleted';

export interface CorpusManagerDeps {
  log(message: string): void;
  settings(): Settings;
  /** Called after the corpus changed (already coalesced per indexing run). */
  onChange(changedUris: string[]): void;
  progress?(done: number, message: string): void;
  /** A private directory where the index is kept between sessions (none: it is not kept). */
  storagePath?(): string | undefined;
}

export class CorpusManager {
  /** The corpus, behind a per-query result cache. */
  private readonly memory = new MemoryIndex();
  readonly index: CorpusBackend = new CachedCorpus(this.memory);
  state: 'idle' | 'indexing' | 'ready' = 'idle';
  private folders: string[] = [];
  private readonly open = new Set<string>();
  readonly skipped = new Map<string, string>();
  private readonly reported = new Set<string>();
  private generation = 0;
  private matcher: { settings: Settings; match: (rel: string) => boolean } | null = null;
  private readyWaiters: Array<() => void> = [];
  /** A few indexed files (reservoir sample), whose sentences warm up the search paths after indexing. */
  private sample: string[] = [];
  private sampled = 0;
  /** Files indexed from disk, with the size and modification time they had when read. */
  private stamps = new Map<string, FileStamp>();
  /** Whether the index kept on disk was tried (once per process). */
  private restoreTried = false;
  private seed = 42;

  constructor(private readonly deps: CorpusManagerDeps) {}

  setFolders(uris: string[]): void {
    this.folders = uris.filter((u) => u.startsWith('file:')).map((u) => URI.parse(u).fsPath);
  }

  /** Resolves when the current indexing run is over. */
  whenReady(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    return new Promise((r) => this.readyWaiters.push(r));
  }

  private folderOf(fsPath: string): string | undefined {
    return this.folders.filter((f) => fsPath === f || fsPath.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0];
  }

  /** Whether a file on disk belongs to the corpus under the current settings. */
  matches(uri: string): boolean {
    if (!uri.startsWith('file:')) return false;
    const fsPath = URI.parse(uri).fsPath;
    const folder = this.folderOf(fsPath);
    if (!folder) return false;
    const s = this.deps.settings();
    // One compiled matcher per settings object (settings are replaced, never mutated, when they change).
    if (this.matcher?.settings !== s) this.matcher = { settings: s, match: makeMatcher({ include: s['corpus.include'], exclude: s['corpus.exclude'] }) };
    return this.matcher.match(path.relative(folder, fsPath));
  }

  /** Records a skipped file and says why, once per file and kind of reason (a buffer over the size limit
   * that keeps growing is reported once, not once per size). */
  private skip(uri: string, reason: string, kind: string = reason): void {
    this.skipped.set(uri, reason);
    if (!this.reported.has(uri + '\u0000' + kind)) {
      this.reported.add(uri + '\u0000' + kind);
      this.deps.log(`Skipped ${URI.parse(uri).fsPath}: ${reason}`);
    }
  }

  /** Indexes the workspace folders. `fresh`: read every file again, ignoring the index kept on disk. */
  async indexAll(fresh = false): Promise<void> {
    const gen = ++this.generation;
    this.state = 'indexing';
    const s = this.deps.settings();
    const filter = { include: s['corpus.include'], exclude: s['corpus.exclude'] };
    const storage = this.deps.storagePath?.();
    const snapFile = storage && this.folders.length ? snapshotPath(storage, { folders: this.folders, filter, maxFileSize: s.maxFileSize }) : null;
    if (fresh) this.stamps.clear();
    let restored = false;
    if (snapFile && !fresh && !this.restoreTried) {
      this.restoreTried = true;
      const t0 = Date.now();
      const snap = await readSnapshot(snapFile, this.memory);
      if (typeof snap === 'object') {
        this.stamps = snap.files;
        restored = true;
        // Buffers of the last session (unsaved or untitled documents) are not files: they leave the index.
        for (const id of this.memory.ids()) if (!this.stamps.has(id)) this.memory.remove(id);
        this.deps.log(`Read the index kept from the last session (${snap.files.size} files) in ${Date.now() - t0} ms; checking the files for changes.`);
      } else if (snap === 'unreadable') this.deps.log(`Ignored the index kept in ${snapFile}: not readable by this version.`);
      if (gen !== this.generation) return;
    }
    let done = 0;
    let lastReport = 0;
    const started = Date.now();
    const changed: string[] = [];
    const seen = new Set<string>();
    let read = 0;
    // Files are read synchronously in slices of ~30 ms, then the event loop is let through so that requests
    // (hovers, diagnostics) are answered while a large workspace is indexed.
    let sliceStart = Date.now();
    for (const folder of this.folders) {
      await walk(
        folder,
        filter,
        async (abs) => {
          if (gen !== this.generation) return;
          const uri = URI.file(abs).toString();
          seen.add(uri);
          if (this.open.has(uri)) return; // the editor buffer wins
          this.keepSample(abs);
          const known = this.stamps.get(uri);
          if (known && this.index.has(uri)) {
            // Unchanged since it was read (same size and modification time): not read again.
            try {
              const st = statSync(abs);
              if (st.size === known.size && st.mtimeMs === known.mtimeMs) {
                done++;
                return;
              }
            } catch {
              // read below, which says why it cannot be
            }
          }
          const r = readTextFileSync(abs, s.maxFileSize);
          if (r.ok) {
            this.index.upsert(uri, r.text);
            this.stamps.set(uri, { size: r.size, mtimeMs: r.mtimeMs });
            this.skipped.delete(uri);
            changed.push(uri);
            read++;
          } else if (r.reason !== 'file not found') this.skip(uri, r.reason, r.tooLarge ? 'too large' : r.reason);
          done++;
          if (Date.now() - sliceStart > 30) {
            if (done - lastReport >= 500) {
              lastReport = done;
              this.deps.progress?.(done, `${done} files`);
            }
            await new Promise((r2) => setImmediate(r2));
            sliceStart = Date.now();
          }
        },
        () => gen !== this.generation,
      );
    }
    if (gen !== this.generation) return;
    // Files indexed by an earlier run that this one did not meet (deleted, or now excluded by the settings).
    let removed = 0;
    for (const uri of [...this.stamps.keys()]) {
      if (!seen.has(uri) && !this.open.has(uri)) {
        this.index.remove(uri);
        this.stamps.delete(uri);
        changed.push(uri);
        removed++;
      }
    }
    this.deps.log(`Indexed ${done} files (${this.index.stats().passages} passages) in ${Date.now() - started} ms${restored ? `: ${read} read again, ${removed} removed` : ''}; ${this.skipped.size} skipped.`);
    if (snapFile && (changed.length > 0 || !restored)) this.keep(snapFile);
    this.state = 'ready';
    for (const w of this.readyWaiters.splice(0)) w();
    this.deps.onChange(changed);
  }

  /** Writes the index to disk for the next session (a failure costs only the next start-up time). */
  private keep(file: string): void {
    const t0 = Date.now();
    try {
      // Open buffers are in the index too: the snapshot holds them without a stamp, and the next session drops
      // them (and reads their files again).
      const bytes = writeSnapshot(file, this.memory, this.stamps);
      this.deps.log(`Kept the index for the next session: ${(bytes / 1e6).toFixed(1)} MB in ${Date.now() - t0} ms.`);
    } catch (e) {
      this.deps.log(`Could not keep the index on disk: ${(e as Error).message}`);
    }
  }

  private keepSample(abs: string): void {
    const k = this.sampled++;
    // Deterministic reservoir sampling (a fixed-seed generator: the same workspace warms up the same way).
    this.seed = (Math.imul(this.seed, 1103515245) + 12345) >>> 0;
    const slot = k < SAMPLE_SIZE ? k : this.seed % (k + 1);
    if (slot < SAMPLE_SIZE) this.sample[slot] = abs;
  }

  /** Beginnings of a deterministic sample of indexed files (at most `n`, `chars` characters each), for warm-up. */
  warmupTexts(n = SAMPLE_SIZE, chars = 4000): string[] {
    const texts: string[] = [];
    for (const abs of this.sample) {
      if (texts.length >= n) break;
      const r = readTextFileSync(abs, this.deps.settings().maxFileSize);
      if (r.ok) texts.push(r.text.slice(0, chars));
    }
    return texts;
  }

  private readonly pending = new Map<string, NodeJS.Timeout>();

  /**
   * An editor buffer opened or changed: it replaces the file's disk content in the corpus. While typing,
   * the update waits until the buffer has been still for `delayMs` (other documents' corroboration is not
   * on the typing path; the document's own analysis never uses its own passages).
   */
  setBuffer(uri: string, text: string, delayMs = 0): void {
    this.open.add(uri);
    this.stamps.delete(uri); // the index holds the buffer, not the file: read the file again when it closes
    clearTimeout(this.pending.get(uri));
    this.pending.delete(uri);
    if (delayMs > 0) {
      this.pending.set(
        uri,
        setTimeout(() => {
          this.pending.delete(uri);
          this.setBuffer(uri, text);
          this.deps.onChange([uri]);
        }, delayMs),
      );
      return;
    }
    const limit = this.deps.settings().maxFileSize;
    if (text.length > limit) {
      this.skip(uri, `document is ${text.length} characters, over the limit of ${limit} (setting corroborate.maxFileSize)`, 'too large');
      this.index.remove(uri);
      return;
    }
    this.index.upsert(uri, text);
  }

  /** An editor buffer closed: the corpus goes back to the file on disk (or forgets an untitled buffer). */
  async closeBuffer(uri: string): Promise<void> {
    this.open.delete(uri);
    clearTimeout(this.pending.get(uri));
    this.pending.delete(uri);
    if (this.matches(uri)) await this.fileChanged(uri, 'changed');
    else this.index.remove(uri);
  }

  async fileChanged(uri: string, kind: ChangeKind): Promise<void> {
    if (this.open.has(uri)) return;
    if (kind === 'deleted') {
      this.stamps.delete(uri);
      if (this.index.has(uri)) {
        this.index.remove(uri);
        this.deps.onChange([uri]);
      }
      this.skipped.delete(uri);
      return;
    }
    if (!this.matches(uri)) return;
    const r = await readTextFile(URI.parse(uri).fsPath, this.deps.settings().maxFileSize);
    if (r.ok) {
      this.index.upsert(uri, r.text);
      this.stamps.set(uri, { size: r.size, mtimeMs: r.mtimeMs });
      this.skipped.delete(uri);
    } else {
      this.index.remove(uri);
      this.stamps.delete(uri);
      if (r.reason !== 'file not found') this.skip(uri, r.reason, r.tooLarge ? 'too large' : r.reason);
    }
    this.deps.onChange([uri]);
  }
}
