// One archive query's view of the archive: the query's terms with the archive's statistics, and the passages
// fetched for it (candidates and their neighbours), laid out as a small index that `PassageScorer` ranks with
// the same code as the in-memory index. Term ids are local: the query's known terms are 0..k-1, every other
// term of a fetched passage is k (it only counts towards passage length and pairs, never towards a score).
import type { Passage } from '../../engine/types';
import type { SearchOptions } from '../index';
import { K1, PassageScorer, type PreparedQuery } from '../rank';
import { readVarints } from './codec';

export interface ArchiveStats {
  passages: number;
  documents: number;
  totalLen: number;
}

export interface TermRow {
  name: string;
  id: number;
  df: number;
  ddf: number;
}

/** A passage as a search fetches it (its offsets and text come later, for the passages shown only). */
export interface PassageRow {
  pid: number;
  doc: number;
  /** The passage's term sequence as global term ids (varints, codec.ts). */
  terms: Buffer;
}

export class ArchiveView extends PassageScorer {
  private readonly docs = new Map<number, number>();
  private readonly docIds: number[] = [];
  private readonly globalPid: number[] = [];
  /** Global term id -> local id (query terms only). */
  private readonly local = new Map<number, number>();
  /** Local id -> global id. */
  readonly global: number[] = [];
  private other = 0;
  /** Global passage id -> local passage id, for the passages fetched. */
  private readonly localPid = new Map<number, number>();

  constructor(private readonly stats: ArchiveStats) {
    super();
    this.livePassages = stats.passages;
    this.totalLen = stats.totalLen;
  }

  protected documentCount(): number {
    return this.stats.documents;
  }

  // Paths, texts and offsets are fetched for the passages shown only: until then text and path are the ids.
  protected docPath(d: number): string {
    return String(this.docIds[d]!);
  }

  protected passageText(pid: number): string {
    return String(this.globalPid[pid]!);
  }

  /** The archive's rows of the query's terms. */
  setTerms(rows: TermRow[]): void {
    this.growTerms(rows.length + 1);
    for (const r of rows) {
      if (this.termIds.has(r.name)) continue;
      const k = this.termNames.length;
      this.termIds.set(r.name, k);
      this.termNames.push(r.name);
      this.global.push(r.id);
      this.local.set(r.id, k);
      this.df[k] = r.df;
      this.ddf[k] = r.ddf;
    }
    this.other = this.termNames.length;
    this.termNames.push('');
  }

  prepare(query: string): PreparedQuery {
    return this.prepareQuery(query);
  }

  generators(q: PreparedQuery, options: SearchOptions): { known: number[]; generators: Set<number> } {
    return this.chooseGenerators(q, options);
  }

  /** A term's BM25 weight with document-level rarity (the postings walk's), by local id. */
  walkWeight(t: number): number {
    return this.docIdf(t) * (K1 + 1);
  }

  /**
   * Slots for these passages (global ids) in archive order, a gap (no document) wherever two of them are not
   * adjacent in the archive, so that "the passage before" and "the passage after" mean what they mean in the
   * archive. The slots are empty until `fill`: a search fills its candidates, then the neighbours the second
   * reading asks for.
   */
  layout(pids: number[]): void {
    const sorted = [...new Set(pids)].sort((a, b) => a - b);
    this.growPassages(sorted.length * 2 + 2);
    let n = 0;
    let prev = -2;
    for (const pid of sorted) {
      if (pid !== prev + 1 && n > 0) {
        this.pDoc[n] = -1;
        this.pLen[n] = 0;
        this.pSeq[n] = 0;
        this.globalPid[n] = -1;
        n++;
      }
      prev = pid;
      this.pDoc[n] = -1;
      this.pLen[n] = 0;
      this.pSeq[n] = 0;
      this.globalPid[n] = pid;
      this.localPid.set(pid, n);
      n++;
    }
    this.nPassages = n;
    this.growTerms(this.termNames.length + 1);
  }

  /** Puts a fetched passage in its slot (a passage not laid out is ignored). */
  fill(r: PassageRow): void {
    const n = this.localPid.get(r.pid);
    if (n === undefined || this.pDoc[n]! >= 0) return;
    let d = this.docs.get(r.doc);
    if (d === undefined) {
      d = this.docIds.length;
      this.docs.set(r.doc, d);
      this.docIds.push(r.doc);
    }
    const from = this.seq.n;
    readVarints(r.terms, (t) => this.seq.push(this.local.get(t) ?? this.other));
    this.pDoc[n] = d;
    this.pSeq[n] = from;
    this.pLen[n] = this.seq.n - from;
  }

  /**
   * Ranks the candidates (global passage ids, with their BM25 over the generating terms) as the memory index
   * does. The passages' `text` is their global id and `path` their document's id (offsets unset) until the
   * searcher fills them in for the passages shown.
   */
  rank(q: PreparedQuery, known: number[], generators: Set<number>, cands: number[], scoreOf: Map<number, number>, options: SearchOptions) {
    return this.stage(q, known, generators, cands, scoreOf, options).done();
  }

  /**
   * The first stage of the ranking, over the candidates filled: `need` lists the neighbours (global ids, not
   * filled yet) that the second reading will join; fill them, then `done()` gives the results.
   */
  stage(q: PreparedQuery, known: number[], generators: Set<number>, cands: number[], scoreOf: Map<number, number>, options: SearchOptions): { need: number[]; done: () => Passage[] } {
    const local: number[] = [];
    const localScore = new Map<number, number>();
    for (const pid of cands) {
      const l = this.localPid.get(pid);
      if (l === undefined || this.pDoc[l]! < 0) continue; // removed since the walk
      local.push(l);
      localScore.set(l, scoreOf.get(pid)!);
    }
    const staged = this.finishStaged(q, known, generators, local, localScore, options);
    const need: number[] = [];
    for (const l of staged.reread) {
      for (const x of [l - 1, l + 1]) if (x >= 0 && x < this.nPassages && this.pDoc[x]! < 0 && this.globalPid[x]! >= 0) need.push(this.globalPid[x]!);
    }
    return { need, done: () => staged.done().map((p) => ({ ...p, archive: true as const })) };
  }

}
