// Keeps the corpus index current: workspace files (include/exclude globs), open buffers taking precedence
// over disk, watched-file events, skipped files reported once. Files are read and tokenized on worker
// threads (reader.ts) and their batches appended a few milliseconds at a time, so the server keeps
// answering requests meanwhile; progress() says how far the reading has come.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { URI } from 'vscode-uri';
import { readTextFile, readTextFileSync, walk, makeMatcher, type ReadResult } from '../corpus/files';
import { batchText, MemoryIndex, TermMap, type CorpusBackend, type TextStore } from '../corpus/index';
import { FileTextStore, sessionTextFile } from '../corpus/textStore';
import type { IndexProgress } from '../corpus/corroborate';
import { readFiles, type ReadJob, type ReadMessage } from '../corpus/reader';
import { CachedCorpus } from '../corpus/cache';
import { openSnapshot, snapshotPath, writeSnapshot, type FileStamp } from '../corpus/persist';
import { corpusFilter, type Settings } from '../settings';
import { formatOf } from '../corpus/formats';
import type { SourceMap } from '../corpus/formats/types';

/** How many indexed files are sampled for the warm-up. */
const SAMPLE_SIZE = 32;
/**
 * Reading threads (CORROBORATE_READERS; 0 reads on the main thread): one per processor beyond the one the main
 * thread needs, at most two. On two processors one thread read 10,000 articles sooner than two (whose second
 * half waits to be appended in order, then comes in one burst) and left the main thread more time.
 */
const READERS = Math.max(0, Math.min(4, Number(process.env.CORROBORATE_READERS ?? Math.min(2, Math.max(1, availableParallelism() - 1)))));
/** A reading thread that runs out of this much heap (a hostile file) stops alone, not the server. */
const READER_LIMITS = { maxOldGenerationSizeMb: 2048 };
/** The main thread appends read batches for at most this long before it lets requests through. */
const APPLY_MS = 5;

/** The reading worker's bundle: beside the server bundle (dist/server), or reached from the CLI's (dist/cli). */
function readerBundle(): string | null {
  if (READERS === 0) return null;
  for (const f of [path.join(__dirname, 'reader.js'), path.join(__dirname, '..', 'server', 'reader.js')]) if (existsSync(f)) return f;
  return null;
}

export type ChangeKind = 'created' | 'changed' | 'deleted';

export interface CorpusManagerDeps {
  log(message: string): void;
  settings(): Settings;
  /** Called after the corpus changed (already coalesced per indexing run). */
  onChange(changedUris: string[]): void;
  progress?(done: number, message: string): void;
  /** A private directory where the index is kept between sessions (none: it is not kept). */
  storagePath?(): string | undefined;
  /** Called once a reading has a good part of the index in memory (`kept`: the kept index restored, else a third
   * of the files read): the server compiles its search paths then, while the readers work, rather than after. */
  partlyRead?(kept: boolean): void;
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
  /** Files of the current reading handled so far, and how many were found (null while they are listed). */
  private filesRead = 0;
  private filesTotal: number | null = null;
  /** Stops the reading threads of the current run. */
  private readers: Array<() => void> = [];
  /** Main-thread time spent appending read batches in the current run. */
  private applyMs = 0;
  /** Watched-file events met during the current reading: they are newer than what the readers saw. */
  private runEvents: Map<string, ChangeKind> | null = null;
  /** The snapshot to write once the open documents are settled (see keepPending). */
  private pendingKeep: string | null = null;
  /** Whether the index kept on disk was tried (once per process). */
  private restoreTried = false;
  /** While the kept index is being read: what was put in the index meanwhile (null: removed), to put in again after. */
  private held: Map<string, { text: string; map: SourceMap | null } | null> | null = null;
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
    if (this.matcher?.settings !== s) this.matcher = { settings: s, match: makeMatcher(corpusFilter(s)) };
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

  /**
   * How far the reading of the workspace has come, or null when it is over (or there is nothing to read: no
   * folder on disk). Not null before the first reading starts either: a verdict of absence then would be as
   * false as one given halfway.
   */
  progress(): IndexProgress | null {
    if (this.state === 'ready' || this.folders.length === 0) return null;
    return { read: this.filesRead, total: this.filesTotal };
  }

  /**
   * Indexes the workspace folders. `fresh`: read every file again, ignoring the index kept on disk. Returns the
   * documents that changed, or null when a newer run took over. The files are listed first (the total of the
   * progress), then read and tokenized by worker threads (reader.ts) whose batches are appended here in
   * file order, a few milliseconds at a time, so that requests are answered meanwhile.
   */
  async indexAll(fresh = false): Promise<string[] | null> {
    const gen = ++this.generation;
    this.stopReaders();
    this.state = 'indexing';
    this.filesRead = 0;
    this.filesTotal = null;
    this.pendingKeep = null;
    this.runEvents = new Map();
    try {
      return await this.indexRun(gen, fresh);
    } finally {
      if (gen === this.generation) {
        // Threads started ahead and not needed (nothing to read, or fewer parts than threads) are not kept waiting.
        for (const w of this.spare.splice(0)) void w.terminate();
        this.runEvents = null;
        this.state = 'ready';
        for (const w of this.readyWaiters.splice(0)) w();
      }
    }
  }

  private async indexRun(gen: number, fresh: boolean): Promise<string[] | null> {
    const s = this.deps.settings();
    const filter = corpusFilter(s);
    const storage = this.deps.storagePath?.();
    const snapFile = storage && this.folders.length ? snapshotPath(storage, { folders: this.folders, filter, maxFileSize: s.maxFileSize, maxSourceFileSize: s.maxSourceFileSize }) : null;
    if (fresh) this.stamps.clear();
    // The files are listed (their number is the total of the progress, in the walk's order) while the kept index is read.
    const listing = (async () => {
      const files: string[] = [];
      for (const folder of this.folders) await walk(folder, filter, (abs) => void files.push(abs), () => gen !== this.generation);
      this.filesTotal = files.length;
      return files;
    })();
    // The kept index: its file stamps are read first, so that the reading threads check the files for changes
    // while the main thread reads the rest of it; their batches are appended once it is in (restoring).
    let restoring: Promise<boolean> | null = null;
    if (snapFile && !fresh && !this.restoreTried) {
      this.restoreTried = true;
      const t0 = Date.now();
      const snap = await openSnapshot(snapFile);
      if (gen !== this.generation) {
        if (typeof snap === 'object') void snap.restore(new MemoryIndex());
        return null;
      }
      if (typeof snap === 'object') {
        this.stamps = snap.files;
        this.held = new Map();
        restoring = snap.restore(this.memory).then((ok) => {
          const held = this.held ?? new Map();
          this.held = null;
          if (ok) {
            // Buffers of the last session (unsaved or untitled documents) are not files: they leave the index.
            for (const id of this.memory.ids()) if (!this.stamps.has(id) && !this.open.has(id)) this.memory.remove(id);
            this.deps.log(`Read the index kept from the last session (${snap.files.size} files) in ${Date.now() - t0} ms; the files were checked for changes meanwhile.`);
          } else {
            this.deps.log(`Ignored the index kept in ${snapFile}: cut short or not readable; reading every file.`);
            this.stamps = new Map();
          }
          // What changed while it was read (buffers, watched files) was put in the index it replaced: again. (Buffers
          // opened before it began are put in again by the server when the reading ends, as after any reading.)
          for (const [uri, v] of held) {
            if (v) this.memory.upsert(uri, v.text, v.map);
            else this.memory.remove(uri);
          }
          return ok;
        });
      } else if (snap === 'unreadable') this.deps.log(`Ignored the index kept in ${snapFile}: not readable by this version.`);
    }
    const started = Date.now();
    const files = await listing;
    if (gen !== this.generation) return null;
    const seen = new Set<string>();
    const toRead: string[] = [];
    for (const abs of files) {
      const uri = URI.file(abs).toString();
      seen.add(uri);
      if (this.open.has(uri)) {
        this.filesRead++; // the editor buffer wins
        continue;
      }
      if (formatOf(abs) === null) this.keepSample(abs); // warm-up reads text files only
      toRead.push(abs);
    }
    const known: ReadJob['known'] = [];
    // While the kept index is being read, its stamps stand for what it holds.
    for (const [uri, st] of this.stamps) if (restoring || this.index.has(uri)) known.push([uri, st.size, st.mtimeMs]);
    const unchanged: string[] = [];
    const changed: string[] = [];
    let read = 0;
    let lastReport = 0;
    // An open buffer, or a file a watched-file event has handled since the reading began: what was read of it is older.
    const newer = (uri: string) => this.open.has(uri) || !!this.runEvents?.has(uri);
    const apply = (m: ReadMessage, terms: TermMap, store: TextStore | null) => {
      for (const uri of m.unchanged) unchanged.push(uri);
      for (const uri of [...m.missing, ...m.skipped.map((x) => x.uri)]) {
        if (newer(uri)) continue;
        if (this.index.has(uri)) {
          this.index.remove(uri);
          changed.push(uri);
        }
        this.stamps.delete(uri);
      }
      for (const x of m.skipped) if (!newer(x.uri)) this.skip(x.uri, x.reason, x.kind);
      const b = m.batch;
      // The batch's new terms are mapped even when none of its documents is added: the reader's later term ids follow them.
      terms.sync(this.memory, b.newTerms);
      if (b.ids.some(newer)) {
        // A buffer opened meanwhile wins over what was read of its file: the others one at a time.
        for (let d = 0; d < b.ids.length; d++) if (!newer(b.ids[d]!)) this.memory.addPrepared(b, d, d + 1, terms, store);
      } else this.memory.addBatch(b, terms, store);
      for (let d = 0; d < b.ids.length; d++) {
        const uri = b.ids[d]!;
        if (newer(uri)) continue;
        this.stamps.set(uri, { size: m.sizes[d]!, mtimeMs: m.mtimes[d]! });
        this.skipped.delete(uri);
        changed.push(uri);
        read++;
      }
      this.filesRead += m.handled;
      sampled.files += m.handled;
      sampled.passages += b.docPassages[b.ids.length] ?? 0;
      sampled.terms += b.seq.length;
      if (!reserved && sampled.files >= Math.min(200, toRead.length)) {
        // Room for the rest of the reading at once, from what the first files took (and a tenth more).
        reserved = true;
        const left = (toRead.length - sampled.files) / sampled.files;
        this.memory.reserve(Math.ceil(sampled.passages * left * 1.1), Math.ceil(sampled.terms * left * 1.1));
      }
      if (!partly && this.filesRead * 3 >= (this.filesTotal ?? Infinity)) {
        partly = true;
        this.deps.partlyRead?.(false);
      }
      if (this.filesRead - lastReport >= 500) {
        lastReport = this.filesRead;
        this.deps.progress?.(this.filesRead, `${this.filesRead} of ${this.filesTotal} files`);
      }
    };
    this.applyMs = 0;
    let partly = false;
    let reserved = false;
    const sampled = { files: 0, passages: 0, terms: 0 };
    const restoredOk = restoring?.then((ok) => {
      if (ok && files.length > 0 && gen === this.generation && !partly) {
        partly = true;
        this.deps.partlyRead?.(true);
      }
      return ok;
    });
    let how = await this.runReaders(gen, { files: toRead, known, maxFileSize: s.maxFileSize, maxSourceFileSize: s.maxSourceFileSize }, apply, restoredOk);
    if (gen !== this.generation) return null;
    const restored = restoredOk ? await restoredOk : false;
    if (gen !== this.generation) return null;
    if (restoredOk && !restored && unchanged.length) {
      // The kept index could not be read after all: the files it stood for are read now.
      const again = new Set(unchanged);
      how += '; ' + (await this.runReaders(gen, { files: toRead.filter((abs) => again.has(URI.file(abs).toString())), known: [], maxFileSize: s.maxFileSize, maxSourceFileSize: s.maxSourceFileSize }, apply));
      if (gen !== this.generation) return null;
    }
    // Files indexed by an earlier run that this one did not meet (deleted, or now excluded by the settings).
    let removed = 0;
    for (const uri of [...this.stamps.keys()]) {
      if (!seen.has(uri) && !this.open.has(uri) && this.runEvents?.get(uri) === undefined) {
        this.index.remove(uri);
        this.stamps.delete(uri);
        changed.push(uri);
        removed++;
      }
    }
    this.deps.log(
      `Indexed ${files.length} files (${this.index.stats().passages} passages) in ${Date.now() - started} ms (${how}; ${Math.round(this.applyMs)} ms of it appending on the main thread)${restored ? `: ${read} read again, ${removed} removed` : ''}; ${this.skipped.size} skipped.`,
    );
    if (snapFile && (changed.length > 0 || !restored)) this.pendingKeep = snapFile;
    return changed;
  }

  /** Writes the index read by the last run to disk, when it changed (the server calls it once the open documents are settled). */
  async keepPending(): Promise<void> {
    const file = this.pendingKeep;
    this.pendingKeep = null;
    if (file && this.state === 'ready') await this.keep(file);
  }

  /** Workers started ahead of the first reading (a thread takes a few hundred milliseconds to start). */
  private spare: Worker[] = [];

  /** Starts the reading threads now, so that they are up when the reading begins (the server calls it at initialize). */
  prestart(): void {
    const file = readerBundle();
    if (!file || this.spare.length) return;
    for (let k = 0; k < READERS; k++) {
      try {
        const w = new Worker(file, { resourceLimits: READER_LIMITS });
        w.on('error', () => undefined);
        w.unref();
        this.spare.push(w);
      } catch {
        return;
      }
    }
  }

  private stopReaders(): void {
    for (const stop of this.readers.splice(0)) stop();
  }

  /**
   * Reads the job's files on up to READERS worker threads (contiguous parts of the list), and applies their
   * batches in file order, yielding between slices of APPLY_MS. Without a worker (no bundle beside the
   * server, or CORROBORATE_READERS=0) the same reader runs on this thread between yields.
   */
  /** `gate`: batches are appended only once it settles (the kept index is being read into the same index). */
  private runReaders(gen: number, job: ReadJob, apply: (m: ReadMessage, terms: TermMap, store: TextStore | null) => void, gate?: Promise<unknown>): Promise<string> {
    if (job.files.length === 0) return gate ? gate.then(() => 'nothing to read') : Promise.resolve('nothing to read');
    const workerFile = readerBundle();
    const n = !workerFile ? 1 : Math.max(1, Math.min(READERS, Math.ceil(job.files.length / 500)));
    const parts: ReadJob[] = [];
    for (let k = 0; k < n; k++) parts.push({ ...job, files: job.files.slice(Math.floor((k * job.files.length) / n), Math.floor(((k + 1) * job.files.length) / n)) });
    // A reading thread writes the texts it reads to a session text file, which the index reads them back from
    // (textStore.ts): they never cross to this thread. Removed once the index is kept (the texts are then in the
    // kept index's file), else when the server exits.
    const stores: Array<TextStore | null> = parts.map((p) => {
      if (!workerFile) return null;
      p.textFile = sessionTextFile(this.deps.storagePath?.());
      return new FileTextStore(null, 0, p.textFile, true);
    });
    const queues: ReadMessage[][] = parts.map(() => []);
    const terms = parts.map(() => new TermMap());
    let current = 0;
    let draining = false;
    return new Promise<string>((resolve) => {
      const finish = () => {
        this.stopReaders();
        resolve(workerFile ? `${n} reading thread${n === 1 ? '' : 's'}` : 'read on the main thread');
      };
      let open = !gate;
      void gate?.then(() => {
        open = true;
        drain();
      });
      const drain = () => {
        if (draining || !open) return;
        draining = true;
        const step = () => {
          if (gen !== this.generation) return finish();
          const t0 = Date.now();
          while (current < parts.length && queues[current]!.length && Date.now() - t0 < APPLY_MS) {
            const m = queues[current]!.shift()!;
            const a0 = performance.now();
            try {
              apply(m, terms[current]!, stores[current]!);
              this.applyMs += performance.now() - a0;
            } catch (e) {
              this.deps.log(`Could not index a batch of files: ${(e as Error).stack ?? e}`);
            }
            if (m.last) current++;
          }
          if (current === parts.length) return finish();
          if (queues[current]!.length) setImmediate(step);
          else draining = false;
        };
        step();
      };
      const receive = (k: number, source: object) => (m: ReadMessage) => {
        if (gen !== this.generation || sources[k] !== source) return;
        queues[k]!.push(m);
        drain();
      };
      // Which reader feeds each part: a part read again after its thread failed drops what that thread still had
      // queued, and starts a new term map (the new reader numbers its terms from zero).
      const sources: object[] = parts.map(() => ({}));
      const inThread = (k: number, afterFailure = false) => {
        const source = {};
        if (k >= current) {
          sources[k] = source;
          queues[k] = [];
          terms[k] = new TermMap();
          stores[k] = null;
        }
        let stopped = false;
        this.readers.push(() => (stopped = true));
        if (k < current) return; // its part is already appended
        // After a reading thread failed (a source file may have exhausted it), PDFs and other extracted formats are
        // not read on this thread: extraction never runs where requests are answered.
        const job = { ...parts[k]!, textFile: undefined, ...(afterFailure ? { skipSources: 'not read: the reading thread stopped while reading this part of the workspace (Re-index to try again)' } : {}) };
        void readFiles(job, receive(k, source), () => new Promise((r) => setImmediate(r)), () => stopped || gen !== this.generation);
      };
      for (let k = 0; k < n; k++) {
        if (!workerFile) {
          inThread(k);
          continue;
        }
        let w: Worker;
        try {
          const spare = this.spare.shift();
          if (spare && spare.threadId >= 0) {
            w = spare;
            w.removeAllListeners('error');
            w.ref();
            w.postMessage(parts[k]);
          } else w = new Worker(workerFile, { workerData: parts[k], resourceLimits: READER_LIMITS });
        } catch (e) {
          this.deps.log(`Could not start a reading thread (${(e as Error).message}): reading on the main thread.`);
          inThread(k);
          continue;
        }
        let ended = false;
        const fromWorker = receive(k, sources[k]!);
        this.readers.push(() => {
          ended = true;
          void w.terminate();
        });
        const fail = (why: string) => {
          if (ended) return;
          ended = true;
          void w.terminate();
          this.deps.log(`The reading thread failed (${why}): reading its text files on the main thread.`);
          inThread(k, true);
        };
        w.on('message', (m: ReadMessage | { kind: 'error'; message: string }) => {
          if (m.kind === 'error') return fail(m.message);
          if (m.last) ended = true;
          fromWorker(m);
        });
        w.on('error', (e) => fail(e.message));
        w.on('exit', (code) => fail(`exit code ${code} before its last batch`));
      }
    });
  }

  /**
   * Reads one PDF, web page, Word document, caption or ClaimReview file on a reading thread (extraction never
   * runs on the thread that answers requests), or between yields here when no thread can be started.
   */
  private readSourceOffThread(abs: string): Promise<ReadResult> {
    const s = this.deps.settings();
    const job: ReadJob = { files: [abs], known: [], maxFileSize: s.maxFileSize, maxSourceFileSize: s.maxSourceFileSize };
    // The file's document, or why it was skipped, comes in one message, not necessarily the last.
    let got: ReadMessage | null = null;
    const fromMessage = (last: ReadMessage): ReadResult => {
      const m = got ?? last;
      const b = m.batch;
      if (b.ids.length) return { ok: true, text: batchText(b, 0), map: b.sources[0] ?? null, size: m.sizes[0]!, mtimeMs: m.mtimes[0]! };
      if (m.skipped.length) return { ok: false, reason: m.skipped[0]!.reason, tooLarge: m.skipped[0]!.kind === 'too large' };
      return { ok: false, reason: 'file not found' };
    };
    return new Promise<ReadResult>((resolve) => {
      const take = (m: ReadMessage) => {
        if (m.batch.ids.length || m.skipped.length || m.missing.length) got = m;
      };
      const inThread = () =>
        void readFiles(job, (m) => (take(m), m.last && resolve(fromMessage(m))), () => new Promise((r) => setImmediate(r)));
      const file = readerBundle();
      if (!file) return inThread();
      let w: Worker;
      try {
        w = new Worker(file, { workerData: job, resourceLimits: READER_LIMITS });
      } catch {
        return inThread();
      }
      let done = false;
      const end = (r: ReadResult) => {
        if (done) return;
        done = true;
        void w.terminate();
        resolve(r);
      };
      w.on('message', (m: ReadMessage | { kind: 'error'; message: string }) => {
        if (m.kind === 'error') end({ ok: false, reason: `cannot be read (${m.message.split('\n')[0]})` });
        else {
          take(m);
          if (m.last) end(fromMessage(m));
        }
      });
      w.on('error', (e) => end({ ok: false, reason: `cannot be read (${e.message})` }));
      w.on('exit', () => end({ ok: false, reason: 'cannot be read (the reading thread stopped)' }));
    });
  }

  /**
   * Writes the index to disk for the next session (a failure costs only the next start-up time), a few
   * milliseconds at a time, answering requests in between. Meanwhile the index does not change: changes of
   * buffers and watched files wait (`frozen`) and go in when it is written; a new reading stops the write.
   */
  private async keep(file: string): Promise<void> {
    const t0 = Date.now();
    const gen = this.generation;
    this.frozen = [];
    let busy = 0;
    try {
      // Open buffers are in the index too: the snapshot holds them without a stamp, and the next session drops
      // them (and reads their files again).
      const bytes = await writeSnapshot(file, this.memory, this.stamps, async () => {
        const t = Date.now();
        await new Promise((r) => setImmediate(r));
        busy += Date.now() - t;
        return gen === this.generation;
      });
      if (bytes === null) this.deps.log('Did not keep the index: the workspace is being read again.');
      else this.deps.log(`Kept the index for the next session: ${(bytes / 1e6).toFixed(1)} MB in ${Date.now() - t0} ms (${busy} ms of it answering requests).`);
    } catch (e) {
      this.deps.log(`Could not keep the index on disk: ${(e as Error).message}`);
    } finally {
      const waiting = this.frozen ?? [];
      this.frozen = null;
      for (const change of waiting) change();
    }
  }

  /** Changes held back while the index is being written (see keep). */
  private frozen: Array<() => void> | null = null;

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
      this.drop(uri);
      return;
    }
    // Already there as it is (the server puts every open buffer in again when a reading ends): the index, and so
    // the searches cached on it, stay as they are.
    if (!this.held && !this.frozen && this.memory.holds(uri, text)) return;
    this.put(uri, text, null);
  }

  /** A live change (buffer, watched file) into the index; while the kept index is read, kept to be put in again after. */
  private put(uri: string, text: string, map: SourceMap | null): void {
    if (this.frozen) return void this.frozen.push(() => this.put(uri, text, map));
    this.index.upsert(uri, text, map);
    this.held?.set(uri, { text, map });
  }

  private drop(uri: string): void {
    if (this.frozen) return void this.frozen.push(() => this.drop(uri));
    this.index.remove(uri);
    this.held?.set(uri, null);
  }

  /** An editor buffer closed: the corpus goes back to the file on disk (or forgets an untitled buffer). */
  async closeBuffer(uri: string): Promise<void> {
    this.open.delete(uri);
    clearTimeout(this.pending.get(uri));
    this.pending.delete(uri);
    if (this.matches(uri)) await this.fileChanged(uri, 'changed');
    else this.drop(uri);
  }

  async fileChanged(uri: string, kind: ChangeKind): Promise<void> {
    if (this.open.has(uri)) return;
    this.runEvents?.set(uri, kind);
    if (kind === 'deleted') {
      this.stamps.delete(uri);
      if (this.index.has(uri)) {
        this.drop(uri);
        this.deps.onChange([uri]);
      }
      this.skipped.delete(uri);
      return;
    }
    if (!this.matches(uri)) return;
    const abs = URI.parse(uri).fsPath;
    const r = formatOf(abs) === null ? await readTextFile(abs, this.deps.settings().maxFileSize) : await this.readSourceOffThread(abs);
    if (this.open.has(uri)) return; // opened while it was read: the buffer wins
    if (r.ok) {
      this.put(uri, r.text, r.map ?? null);
      this.stamps.set(uri, { size: r.size, mtimeMs: r.mtimeMs });
      this.skipped.delete(uri);
    } else {
      this.drop(uri);
      this.stamps.delete(uri);
      if (r.reason !== 'file not found') this.skip(uri, r.reason, r.tooLarge ? 'too large' : r.reason);
    }
    this.deps.onChange([uri]);
  }
}
