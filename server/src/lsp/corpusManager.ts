// Keeps the corpus index current: workspace files (include/exclude globs), open buffers taking precedence
// over disk, watched-file events, skipped files reported once. Indexing yields to the event loop so the
// server keeps answering requests meanwhile.
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { readTextFile, walk, makeMatcher } from '../corpus/files';
import { MemoryIndex, type CorpusBackend } from '../corpus/index';
import type { Settings } from '../settings';

export type ChangeKind = 'created' | 'changed' | 'deleted';

export interface CorpusManagerDeps {
  log(message: string): void;
  settings(): Settings;
  /** Called after the corpus changed (already coalesced per indexing run). */
  onChange(changedUris: string[]): void;
  progress?(done: number, message: string): void;
}

export class CorpusManager {
  readonly index: CorpusBackend = new MemoryIndex();
  state: 'idle' | 'indexing' | 'ready' = 'idle';
  private folders: string[] = [];
  private readonly open = new Set<string>();
  readonly skipped = new Map<string, string>();
  private readonly reported = new Set<string>();
  private generation = 0;
  private readyWaiters: Array<() => void> = [];

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
    return makeMatcher({ include: s['corpus.include'], exclude: s['corpus.exclude'] })(path.relative(folder, fsPath));
  }

  private skip(uri: string, reason: string): void {
    this.skipped.set(uri, reason);
    if (!this.reported.has(uri + reason)) {
      this.reported.add(uri + reason);
      this.deps.log(`Skipped ${URI.parse(uri).fsPath}: ${reason}`);
    }
  }

  async indexAll(): Promise<void> {
    const gen = ++this.generation;
    this.state = 'indexing';
    const s = this.deps.settings();
    const filter = { include: s['corpus.include'], exclude: s['corpus.exclude'] };
    let done = 0;
    const started = Date.now();
    const changed: string[] = [];
    const seen = new Set<string>();
    for (const folder of this.folders) {
      await walk(
        folder,
        filter,
        async (abs) => {
          const uri = URI.file(abs).toString();
          seen.add(uri);
          if (this.open.has(uri)) return; // the editor buffer wins
          const r = await readTextFile(abs, s.maxFileSize);
          if (gen !== this.generation) return;
          if (r.ok) {
            this.index.upsert(uri, r.text);
            this.skipped.delete(uri);
            changed.push(uri);
          } else this.skip(uri, r.reason);
          done++;
          if (done % 200 === 0) {
            this.deps.progress?.(done, `${done} files`);
            await new Promise((r2) => setImmediate(r2)); // let requests through
          }
        },
        () => gen !== this.generation,
      );
    }
    if (gen !== this.generation) return;
    this.state = 'ready';
    this.deps.log(`Indexed ${done} files (${this.index.stats().passages} passages) in ${Date.now() - started} ms; ${this.skipped.size} skipped.`);
    for (const w of this.readyWaiters.splice(0)) w();
    this.deps.onChange(changed);
  }

  /** An editor buffer opened or changed: it replaces the file's disk content in the corpus. */
  setBuffer(uri: string, text: string): void {
    this.open.add(uri);
    const limit = this.deps.settings().maxFileSize;
    if (text.length > limit) {
      this.skip(uri, `document is ${text.length} characters, over the limit of ${limit} (setting corroborate.maxFileSize)`);
      this.index.remove(uri);
      return;
    }
    this.index.upsert(uri, text);
  }

  /** An editor buffer closed: the corpus goes back to the file on disk (or forgets an untitled buffer). */
  async closeBuffer(uri: string): Promise<void> {
    this.open.delete(uri);
    if (this.matches(uri)) await this.fileChanged(uri, 'changed');
    else this.index.remove(uri);
  }

  async fileChanged(uri: string, kind: ChangeKind): Promise<void> {
    if (this.open.has(uri)) return;
    if (kind === 'deleted') {
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
      this.skipped.delete(uri);
    } else {
      this.index.remove(uri);
      if (r.reason !== 'file not found') this.skip(uri, r.reason);
    }
    this.deps.onChange([uri]);
  }
}
