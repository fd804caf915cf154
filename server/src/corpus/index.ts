// The corpus index: every workspace document split into passages (sentences with their paragraph),
// normalised terms in an inverted index, BM25 candidate retrieval, then a bounded [0, 1] score that a
// threshold can be set on. No NLP library runs here: only the light tokenizer of normalize.ts.
import { segment, LineMap } from '../engine/segment';
import type { Passage } from '../engine/types';
import { terms } from './normalize';

/** What the engine needs from a corpus. Another backend (PostgreSQL, OpenSearch) implements the same. */
export interface CorpusBackend {
  upsert(id: string, text: string): void;
  remove(id: string): void;
  has(id: string): boolean;
  search(query: string, options: SearchOptions): Passage[];
  /** Increases on every change: caches of corroboration results key on it. */
  readonly version: number;
  stats(): { documents: number; passages: number; terms: number };
}

export interface SearchOptions {
  top: number;
  /** Document whose passages are left out (a document never corroborates itself). */
  exclude?: string;
  /** One passage per document (default true). */
  perDocument?: boolean;
  /** Minimum score in [0, 1]. */
  minScore?: number;
}

interface Doc {
  id: string;
  passages: number[];
}

interface PassageRec {
  doc: number; // index into docs, -1 when deleted
  start: number;
  end: number;
  line: number;
  character: number;
  text: string;
  len: number; // number of terms
  terms: Map<number, number>; // term id -> tf
  seq: Int32Array; // term ids in order, for phrase (bigram) matching
}

interface PreparedQuery {
  seq: number[];
  ids: Set<number>;
  clauses: Array<[number, number]>;
  numeric: Set<number>;
}

/** Punctuation between two words that starts a new clause. */
const CLAUSE_BREAK = /[;:—–]|,\s*(?:but|while|although|though|whereas|which|who|and|as|after|before|because|since|citing|viewing|adding|saying)\b|\bbut\b/i;

const K1 = 1.2;
const B = 0.6;
const DOC_SHARE = 0.3;
const MAX_PASSAGE = 1200;

export class MemoryIndex implements CorpusBackend {
  private readonly termIds = new Map<string, number>();
  private readonly postings: number[][] = []; // term id -> passage ids (with repeats removed)
  private readonly df: number[] = [];
  private readonly docs: Array<Doc | null> = [];
  private readonly docByPath = new Map<string, number>();
  private readonly passages: PassageRec[] = [];
  private livePassages = 0;
  private totalLen = 0;
  private _version = 0;

  get version(): number {
    return this._version;
  }

  has(id: string): boolean {
    return this.docByPath.has(id);
  }

  stats(): { documents: number; passages: number; terms: number } {
    return { documents: this.docByPath.size, passages: this.livePassages, terms: this.termIds.size };
  }

  private termId(t: string): number {
    let id = this.termIds.get(t);
    if (id === undefined) {
      id = this.termIds.size;
      this.termIds.set(t, id);
      this.postings.push([]);
      this.df.push(0);
    }
    return id;
  }

  upsert(id: string, text: string): void {
    this.remove(id);
    const docIndex = this.docs.length;
    const doc: Doc = { id, passages: [] };
    this.docs.push(doc);
    this.docByPath.set(id, docIndex);
    const seg = segment(text);
    const lines = new LineMap(text);
    for (const s of seg.sentences) {
      const para = seg.paragraphs[s.paragraph]!;
      if (para.kind === 'debris' || para.kind === 'byline') continue;
      let end = s.end;
      if (end - s.start > MAX_PASSAGE) end = s.start + MAX_PASSAGE;
      const ptext = text.slice(s.start, end);
      const tf = new Map<number, number>();
      const occ = terms(ptext);
      const seq = new Int32Array(occ.length);
      let len = 0;
      for (const o of occ) {
        const t = this.termId(o.term);
        tf.set(t, (tf.get(t) ?? 0) + 1);
        seq[len++] = t;
      }
      if (len === 0) continue;
      const pid = this.passages.length;
      const pos = lines.position(s.start);
      this.passages.push({ doc: docIndex, start: s.start, end, line: pos.line, character: pos.character, text: ptext, len, terms: tf, seq });
      for (const t of tf.keys()) {
        this.postings[t]!.push(pid);
        this.df[t]!++;
      }
      doc.passages.push(pid);
      this.livePassages++;
      this.totalLen += len;
    }
    this._version++;
  }

  remove(id: string): void {
    const di = this.docByPath.get(id);
    if (di === undefined) return;
    const doc = this.docs[di]!;
    for (const pid of doc.passages) {
      const p = this.passages[pid]!;
      for (const t of p.terms.keys()) this.df[t]!--;
      p.doc = -1;
      this.livePassages--;
      this.totalLen -= p.len;
      p.terms = new Map();
      p.seq = new Int32Array(0);
      p.text = '';
    }
    this.docs[di] = null;
    this.docByPath.delete(id);
    this._version++;
    // Postings keep dead ids until they are compacted lazily during search.
  }

  private idf(t: number): number {
    const n = Math.max(1, this.livePassages);
    const df = this.df[t] ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  search(query: string, options: SearchOptions): Passage[] {
    const q = this.prepareQuery(query);
    if (q.ids.size === 0 || this.livePassages === 0) return [];
    const exclude = options.exclude !== undefined ? this.docByPath.get(options.exclude) : undefined;
    const avg = this.totalLen / Math.max(1, this.livePassages);
    const acc = this.bm25(q.ids, exclude, avg, 1);
    // Documents are ranked by BM25: their best passage plus a share of their other matching passages (a
    // title and its text). Each document is shown by its passage that covers most of the query, scored in
    // [0, 1]; thresholds apply to that score.
    const perDoc = options.perDocument !== false;
    const cands = [...acc.entries()].sort((a, b) => b[1] - a[1]).slice(0, Math.max(200, options.top * 20));
    const groups = new Map<number, { rank: number; best: number; pids: number[] }>();
    for (const [pid, s] of cands) {
      const key = perDoc ? this.passages[pid]!.doc : -1 - pid;
      const g = groups.get(key);
      if (!g) groups.set(key, { rank: s, best: s, pids: [pid] });
      else {
        g.rank += DOC_SHARE * s;
        g.pids.push(pid);
      }
    }
    const ranked = [...groups.values()].sort((a, b) => b.rank - a.rank);
    const out: Passage[] = [];
    const limit = options.minScore !== undefined ? 50 : options.top;
    for (const g of ranked.slice(0, limit)) {
      let best: { pid: number; score: number; matched: string[] } | null = null;
      for (const pid of g.pids) {
        const c = this.coverage(q, this.passages[pid]!);
        if (!best || c.score > best.score) best = { pid, ...c };
      }
      if (!best || (options.minScore !== undefined && best.score < options.minScore)) continue;
      const p = this.passages[best.pid]!;
      const doc = this.docs[p.doc]!;
      out.push({ path: doc.id, start: p.start, end: p.end, line: p.line, character: p.character, text: p.text, score: round(best.score), matched: best.matched, rank: round(g.rank) });
      if (out.length >= options.top) break;
    }
    return out;
  }

  /** BM25 scores of the passages that contain any of `ids` (dead postings are compacted on the way). */
  private bm25(ids: Set<number>, exclude: number | undefined, avg: number, weight: number): Map<number, number> {
    const acc = new Map<number, number>();
    for (const t of ids) {
      if (t < 0) continue;
      const idf = this.idf(t) * weight;
      const list = this.postings[t]!;
      let w = 0;
      for (let i = 0; i < list.length; i++) {
        const pid = list[i]!;
        const p = this.passages[pid]!;
        if (p.doc < 0) continue;
        list[w++] = pid;
        if (p.doc === exclude) continue;
        const tf = p.terms.get(t)!;
        acc.set(pid, (acc.get(pid) ?? 0) + (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * p.len) / avg)));
      }
      list.length = w;
    }
    return acc;
  }

  /** Query terms as ids (unknown terms get negative ids), split into clauses for clause-level matching. */
  private prepareQuery(query: string): PreparedQuery {
    const occ = terms(query.slice(0, 5000));
    const seq: number[] = [];
    const clauses: Array<[number, number]> = [];
    let unknown = -1;
    let clauseStart = 0;
    let lastEnd = 0;
    for (const o of occ) {
      const between = query.slice(lastEnd, o.start);
      if (seq.length > clauseStart && CLAUSE_BREAK.test(between)) {
        clauses.push([clauseStart, seq.length]);
        clauseStart = seq.length;
      }
      let id = this.termIds.get(o.term);
      if (id === undefined) id = unknown--;
      seq.push(id);
      lastEnd = o.end;
    }
    if (seq.length > clauseStart) clauses.push([clauseStart, seq.length]);
    const numeric = new Set<number>();
    occ.forEach((o, i) => {
      // Figures, not hyphenated modifiers ("a three-year conflict" describes; "a fifth of the territory" claims).
      if (/^\d/.test(o.term) && !(query[o.end] === '-' && /\p{L}/u.test(query[o.end + 1] ?? ''))) numeric.add(seq[i]!);
    });
    return { seq, ids: new Set(seq), clauses, numeric };
  }

  private weight(t: number): number {
    return t < 0 ? Math.log(1 + this.livePassages + 0.5) : this.idf(t);
  }

  /** Share of the query's weight (single terms and adjacent pairs) found in the passage, best clause or whole. */
  private coverage(q: PreparedQuery, p: PassageRec): { score: number; matched: string[] } {
    const pairs = new Set<number>();
    for (let i = 1; i < p.seq.length; i++) pairs.add(p.seq[i - 1]! * 1_000_003 + p.seq[i]!);
    const matched: string[] = [];
    for (const t of q.ids) if (t >= 0 && p.terms.has(t)) matched.push(this.termName(t));
    const part = (from: number, to: number): number => {
      let all = 0;
      let hit = 0;
      let pairAll = 0;
      let pairHit = 0;
      const seen = new Set<number>();
      for (let i = from; i < to; i++) {
        const t = q.seq[i]!;
        if (!seen.has(t)) {
          seen.add(t);
          const w = this.weight(t);
          all += w;
          if (t >= 0 && p.terms.has(t)) hit += w;
        }
        if (i > from) {
          const a = q.seq[i - 1]!;
          const w = (this.weight(a) + this.weight(t)) / 2;
          pairAll += w;
          if (a >= 0 && t >= 0 && pairs.has(a * 1_000_003 + t)) pairHit += w;
        }
      }
      if (all === 0) return 0;
      const uni = hit / all;
      const bi = pairAll > 0 ? pairHit / pairAll : uni;
      return 0.55 * uni + 0.45 * bi;
    };
    let best = part(0, q.seq.length);
    if (q.clauses.length > 1) {
      for (const [a, b] of q.clauses) if (b - a >= 5) best = Math.max(best, 0.9 * part(a, b));
    }
    // A figure of the query that the passage does not give: the passage cannot corroborate the claim's core.
    if (q.numeric.size > 0 && ![...q.numeric].some((t) => t >= 0 && p.terms.has(t))) best *= 0.6;
    return { score: Math.min(1, best), matched };
  }

  private names: string[] | null = null;
  private termName(t: number): string {
    if (!this.names || this.names.length !== this.termIds.size) {
      this.names = new Array<string>(this.termIds.size);
      for (const [k, v] of this.termIds) this.names[v] = k;
    }
    return this.names[t]!;
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

