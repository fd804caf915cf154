// The archive next to the local corpus. corroborate() stays synchronous: the archive's passages for a
// document's queries are fetched beforehand (the CLI awaits them; the language server serves local results
// at once and fetches in the background), and `LayeredBackend` merges them with the local index's results,
// on the same scale (score: coverage in [0, 1]; rank: BM25). No LSP import: the server passes callbacks.
import type { Passage } from '../../engine/types';
import type { Settings } from '../../settings';
import { corroborate } from '../corroborate';
import type { CorpusBackend, SearchOptions } from '../index';
import type { Analysis } from '../../engine/types';

export interface ArchiveQuery {
  query: string;
  options: SearchOptions;
}

export function queryKey(q: string, o: SearchOptions): string {
  return JSON.stringify([q, o.top, o.minScore ?? null, o.perDocument !== false, o.exclude ?? null]);
}

/**
 * The searches corroborate() makes for a document (each quote's and claim's, with their options): found by
 * running it once over a corpus that records them and finds nothing (the queries never depend on results).
 */
export function corroborationQueries(text: string, docId: string, settings: Pick<Settings, 'claims.threshold' | 'corroboration.threshold' | 'corroboration.maxResults'>, analysis?: Analysis): ArchiveQuery[] {
  const seen = new Map<string, ArchiveQuery>();
  const recorder: CorpusBackend = {
    upsert() {},
    remove() {},
    has: () => false,
    search(query, options) {
      seen.set(queryKey(query, options), { query, options: { ...options } });
      return [];
    },
    version: 0,
    versionExcept: () => 0,
    stats: () => ({ documents: 0, passages: 0, terms: 0 }),
  };
  corroborate(text, docId, recorder, settings, analysis);
  return [...seen.values()];
}

/** Archive results by query (`queryKey`). */
export type ArchiveResults = { get(key: string): Passage[] | undefined };

/**
 * Local results and the archive's fetched results for the same query, merged by rank. An archive passage
 * with the same text as a local one (the desk's archive holds a copy of a workspace file) is left out.
 * Queries whose archive results are not there yet go to `missed`.
 */
export class LayeredBackend implements CorpusBackend {
  constructor(
    private readonly local: CorpusBackend,
    private readonly archive: ArchiveResults,
    private readonly missed?: (q: ArchiveQuery) => void,
  ) {}

  upsert(id: string, text: string): void {
    this.local.upsert(id, text);
  }
  remove(id: string): void {
    this.local.remove(id);
  }
  has(id: string): boolean {
    return this.local.has(id);
  }
  get version(): number {
    return this.local.version;
  }
  versionExcept(id: string): number {
    return this.local.versionExcept(id);
  }
  stats() {
    return this.local.stats();
  }

  search(query: string, options: SearchOptions): Passage[] {
    const mine = this.local.search(query, options);
    const theirs = this.archive.get(queryKey(query, options));
    if (theirs === undefined) {
      this.missed?.({ query, options: { ...options } });
      return mine;
    }
    return mergeResults(mine, theirs, options.top);
  }
}

/** Two result lists, best rank first, at most `top`; archive passages that repeat a local passage's text are left out. */
export function mergeResults(local: Passage[], archive: Passage[], top: number): Passage[] {
  if (archive.length === 0) return local;
  const texts = new Set(local.map((p) => p.text.trim()));
  const extra = archive.filter((p) => !texts.has(p.text.trim()));
  return [...local, ...extra].sort((a, b) => (b.rank ?? 0) - (a.rank ?? 0)).slice(0, top);
}

/** What an archive searcher offers the session (db.ts's ArchiveSearcher, or a stand-in in tests). */
export interface Searcher {
  searchMany(queries: ArchiveQuery[]): Promise<Passage[][]>;
}

export interface SessionEvents {
  /** New archive results arrived: documents should be analysed again. */
  changed(): void;
  /** The archive could not be reached (said once until it is back). */
  unavailable(reason: string): void;
  /** The archive answers again after being unavailable. */
  available(): void;
}

const MAX_CACHED = 5000;
/** Queries per round of archive fetches. */
const BATCH = 64;

/**
 * The language server's side of the archive: results fetched in the background for the queries the local
 * analysis missed, kept by query; an unreachable or slow archive is said once and retried after `retryMs`.
 */
export class ArchiveSession implements ArchiveResults {
  private readonly results = new Map<string, Passage[]>();
  private readonly pending = new Map<string, ArchiveQuery>();
  private running = false;
  /** Failed last and not retried since: no search is sent (local results only) until the retry. */
  private down = false;
  /** The unavailable message was given and no search has succeeded since (it is given once). */
  private said = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Increases whenever results arrive (caches of reports key on it). */
  version = 0;

  constructor(
    private readonly searcher: Searcher,
    private readonly events: SessionEvents,
    private readonly o: { timeoutMs: number; retryMs: number },
  ) {}

  get available(): boolean {
    return !this.down;
  }

  get(key: string): Passage[] | undefined {
    return this.results.get(key);
  }

  /** A corpus for corroborate(): the local one plus the archive's results fetched so far. */
  layer(local: CorpusBackend): CorpusBackend {
    return new LayeredBackend(local, this, (q) => this.request(q));
  }

  /**
   * One search answered now (the "Find corroboration" request): its results, or none when the archive is
   * unavailable or does not answer within the timeout (said once, as for the background fetches; an archive
   * known to be down is not asked again before the retry).
   */
  async searchNow(q: ArchiveQuery): Promise<Passage[]> {
    if (this.down || this.closed) return [];
    try {
      const r = await withTimeout(this.searcher.searchMany([q]), this.o.timeoutMs);
      this.up();
      return r[0] ?? [];
    } catch (e) {
      this.failed(e);
      return [];
    }
  }

  request(q: ArchiveQuery): void {
    const key = queryKey(q.query, q.options);
    if (this.results.has(key) || this.pending.has(key)) return;
    this.pending.set(key, q);
    if (!this.down) queueMicrotask(() => void this.run());
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private async run(): Promise<void> {
    if (this.running || this.closed || this.pending.size === 0) return;
    this.running = true;
    let got = 0;
    try {
      while (this.pending.size && !this.closed) {
        // A document's queries go in batches (five round trips each, whatever the batch's size).
        const jobs = [...this.pending.entries()].slice(0, BATCH);
        const r = await withTimeout(this.searcher.searchMany(jobs.map(([, q]) => q)), this.o.timeoutMs);
        jobs.forEach(([key], i) => {
          this.results.set(key, r[i]!);
          this.pending.delete(key);
        });
        got += jobs.length;
      }
      this.up();
    } catch (e) {
      this.failed(e);
    } finally {
      this.running = false;
      while (this.results.size > MAX_CACHED) this.results.delete(this.results.keys().next().value!);
      if (got > 0) {
        this.version++;
        this.events.changed();
      }
    }
  }

  private up(): void {
    this.down = false;
    if (this.said) {
      this.said = false;
      this.events.available();
    }
  }

  private failed(e: unknown): void {
    this.down = true;
    if (!this.said) {
      this.said = true;
      this.events.unavailable((e as Error)?.message ?? String(e));
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      // Asked again: by the queries waiting, if any, else by the next one (the message is not repeated).
      this.down = false;
      void this.run();
    }, this.o.retryMs);
    this.retryTimer.unref?.();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    t.unref?.();
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
