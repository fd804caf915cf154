// Corroboration results cached per query and invalidated by corpus version: an edit re-searches only the
// sentences it changed. Changes to the querying document itself do not invalidate its own results (it
// never corroborates itself), so typing in a draft keeps every other sentence's passages.
import type { Passage } from '../engine/types';
import type { CorpusBackend, SearchOptions } from './index';
import type { SourceMap } from './formats/types';

interface Entry {
  version: number;
  result: Passage[];
}

export class CachedCorpus implements CorpusBackend {
  private readonly cache = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  constructor(
    readonly inner: CorpusBackend,
    private readonly max = 20_000,
  ) {}

  get version(): number {
    return this.inner.version;
  }
  versionExcept(id: string): number {
    return this.inner.versionExcept(id);
  }
  upsert(id: string, text: string, source?: SourceMap | null): void {
    this.inner.upsert(id, text, source);
  }
  remove(id: string): void {
    this.inner.remove(id);
  }
  has(id: string): boolean {
    return this.inner.has(id);
  }
  stats() {
    return this.inner.stats();
  }

  search(query: string, options: SearchOptions): Passage[] {
    const version = options.exclude !== undefined ? this.inner.versionExcept(options.exclude) : this.inner.version;
    const key = `${options.exclude ?? ''}\u0000${options.top}\u0000${options.minScore ?? ''}\u0000${options.perDocument ?? ''}\u0000${query}`;
    const hit = this.cache.get(key);
    if (hit && hit.version === version) {
      this.hits++;
      // Refresh its place in the LRU order.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit.result;
    }
    this.misses++;
    const result = this.inner.search(query, options);
    this.cache.set(key, { version, result });
    if (this.cache.size > this.max) this.cache.delete(this.cache.keys().next().value as string);
    return result;
  }
}
