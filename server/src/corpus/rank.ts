// Ranking shared by the in-memory index (index.ts) and the shared archive (archive/): BM25 over documents
// with document-level rarity, a second reading of the leading documents with adjacent passages joined, and a
// bounded [0, 1] coverage score for the passage shown. `PassageScorer` holds the terms' statistics and the
// passages (struct-of-arrays) that these read; `MemoryIndex` keeps the whole corpus in them, an archive query
// only the passages it fetched for that query (with the statistics of the whole archive): both rank alike.
import type { Passage } from '../engine/types';
import type { SearchOptions } from './index';
import { terms } from './normalize';

export interface PreparedQuery {
  seq: number[];
  ids: number[]; // distinct
  clauses: Array<[number, number]>;
  numeric: number[];
}

/**
 * The signature of a tweet pasted as embedded ("— Name (@handle) Month D, YYYY" at its end); group 1 is the
 * day of the month. Its name and month and year are kept (a claim is often about the author, or dated "in
 * March 2019"); the day is left out: claims rarely give it, and as a bare number it matches any "13".
 */
const TWEET_SIGNATURE = /\s[—–-]{1,2}\s*[^—–\n]{0,80}\(@\w{1,30}\)\s*[A-Z][a-z]+\.? (\d{1,2}), \d{4}\s*$/du;

/** Punctuation between two words that starts a new clause. */
const CLAUSE_BREAK = /[;:—–]|,\s*(?:but|while|although|though|whereas|which|who|and|as|after|before|because|since|citing|viewing|adding|saying)\b|\bbut\b/i;

export const K1 = 1.2;
export const B = 0.6;
const DOC_SHARE = 0.3;
/** Terms in more than this share of passages are too common to select candidates (they still score). */
const COMMON = 0.05;
/** Share of passages above which a term brings in candidates only when no rarer term does. */
const UNCOMMON = 0.01;
/** Distinct known terms from which a query counts as long. */
const LONG_QUERY = 8;
export const CANDIDATES = 200;
/** How many of the leading documents are re-read with adjacent passages joined. */
const REREAD = 40;
/** How many of the rarest query terms bring in candidates when a minimum score is asked for. */
const GENERATORS = 4;
/** Below this many passages, candidate generation is not pruned. */
const SMALL_CORPUS = 50_000;

export class I32 {
  a: Int32Array;
  n = 0;
  constructor(cap = 16) {
    this.a = new Int32Array(cap);
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
}

export function grow<T extends Int32Array | Float32Array | Uint16Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let cap = Math.max(16, a.length);
  while (cap < need) cap *= 2;
  const b = new (a.constructor as { new (n: number): T })(cap);
  b.set(a);
  return b;
}

/**
 * The best candidates of a postings walk (`tq`: passages in the order the walk met them, `scores`: their
 * BM25 over the generating terms): those of the CANDIDATES best scores (up to twice as many on ties), in the
 * walk's order.
 */
export function selectCandidates(tq: Int32Array, scores: Float64Array, tn: number): { cands: number[]; scoreOf: Map<number, number> } {
  const cut = tn > CANDIDATES ? kthLargest(scores.slice(), CANDIDATES) : 0;
  const cands: number[] = [];
  const scoreOf = new Map<number, number>();
  for (let i = 0; i < tn && cands.length < CANDIDATES * 2; i++) {
    if (scores[i]! < cut) continue;
    cands.push(tq[i]!);
    scoreOf.set(tq[i]!, scores[i]!);
  }
  return { cands, scoreOf };
}

export abstract class PassageScorer {
  protected readonly termIds = new Map<string, number>();
  protected readonly termNames: string[] = [];
  protected df = new Int32Array(1024);
  /** Documents holding each term (rarity across documents: a term repeated in one document stays rare). */
  protected ddf = new Int32Array(1024);
  // Query term slots for the second reading (scratch, valid where slotMark holds the search's stamp).
  protected slot = new Int32Array(1024);
  protected slotMark = new Int32Array(1024);
  // Passages, struct-of-arrays.
  protected pDoc = new Int32Array(1024);
  protected pStart = new Int32Array(1024);
  protected pEnd = new Int32Array(1024);
  protected pLine = new Int32Array(1024);
  protected pChar = new Int32Array(1024);
  protected pSeq = new Int32Array(1024); // offset into seq
  protected pLen = new Int32Array(1024);
  protected seq = new I32(1 << 16);
  protected nPassages = 0;
  protected livePassages = 0;
  protected totalLen = 0;
  // Scratch space for searches.
  protected qMark = new Int32Array(1024);
  protected pMark = new Int32Array(1024);
  protected stamp = 0;

  /** How many documents the statistics count. */
  protected abstract documentCount(): number;
  /** The identifier (path) of document `d`. */
  protected abstract docPath(d: number): string;
  /** The text of passage `pid`. */
  protected abstract passageText(pid: number): string;

  /** Grows the per-term arrays of the shared code to hold term ids below `n`. */
  protected growTerms(n: number): void {
    this.df = grow(this.df, n);
    this.ddf = grow(this.ddf, n);
    this.slot = grow(this.slot, n);
    this.slotMark = grow(this.slotMark, n);
    this.qMark = grow(this.qMark, n);
    this.pMark = grow(this.pMark, n);
  }

  /** Grows the per-passage arrays of the shared code to hold passage ids below `n`. */
  protected growPassages(n: number): void {
    this.pDoc = grow(this.pDoc, n);
    this.pStart = grow(this.pStart, n);
    this.pEnd = grow(this.pEnd, n);
    this.pLine = grow(this.pLine, n);
    this.pChar = grow(this.pChar, n);
    this.pSeq = grow(this.pSeq, n);
    this.pLen = grow(this.pLen, n);
  }

  /** Rarity of a term across passages: the coverage score's weights. */
  protected idf(t: number): number {
    const n = Math.max(1, this.livePassages);
    const df = this.df[t] ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Rarity of a term across documents: the ranking's weights. A name repeated through one article (or in a
   * title and its text) is as rare as a name that article mentions once.
   */
  protected docIdf(t: number): number {
    const n = Math.max(1, this.documentCount());
    const df = this.ddf[t] ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  protected weight(t: number): number {
    return t < 0 ? Math.log(1 + this.livePassages + 0.5) : this.idf(t);
  }

  /**
   * The query's known terms, rarest first, and those that walk their postings to bring in candidates (the
   * rarest; with a minimum score in a large corpus, only the rarest of the query and of each clause, which
   * carry the weight a passage needs to reach it).
   */
  protected chooseGenerators(q: PreparedQuery, options: SearchOptions): { known: number[]; generators: Set<number> } {
    const known = q.ids.filter((t) => t >= 0).sort((a, b) => this.df[a]! - this.df[b]!);
    const commonDf = Math.max(50, COMMON * this.livePassages);
    let generators: Set<number>;
    if (options.minScore !== undefined && this.livePassages > SMALL_CORPUS) {
      // Very common words never walk their lists, unless the query has nothing rarer. (In a small corpus
      // rarity says little and every list is short: all the non-common words bring candidates there.)
      const rare = (t: number) => this.df[t]! <= commonDf;
      // In a long query, past the rarest, a term in more than 1% of passages brings in candidates only where
      // nothing rarer does: its long list would cost more than it finds (a passage that reaches the minimum
      // score shares the query's rarer words too). Short queries need all their terms to find candidates.
      const uncommonDf = known.length >= LONG_QUERY ? Math.max(2000, UNCOMMON * this.livePassages) : Infinity;
      const take = (list: number[], n: number) => {
        let added = 0;
        for (const t of list) {
          if (added >= n) break;
          if (added > 0 && this.df[t]! > uncommonDf) break;
          generators.add(t);
          added++;
        }
      };
      generators = new Set<number>();
      take(known.filter(rare), GENERATORS);
      for (const [x, y] of q.clauses) {
        const clause = [...new Set(q.seq.slice(x, y).filter((t) => t >= 0 && rare(t)))].sort((a, b) => this.df[a]! - this.df[b]!);
        take(clause, GENERATORS / 2);
      }
      if (generators.size === 0 && known.length) generators.add(known[0]!);
    } else generators = new Set(known.filter((t, k) => k === 0 || this.df[t]! <= commonDf));
    if (options.minScore !== undefined && this.livePassages > SMALL_CORPUS) {
      // A passage with none of the rarest terms up to some rank cannot reach the minimum score whatever else it
      // has: the common terms past that rank need not walk their long lists to bring in candidates (they still
      // add to the score of the candidates below).
      const longList = Math.max(2000, UNCOMMON * this.livePassages);
      const missing = new Set<number>();
      for (const t of known) {
        missing.add(t);
        if (this.coverageBound(q, missing) < options.minScore) {
          for (const g of generators) if (!missing.has(g) && this.df[g]! > longList) generators.delete(g);
          break;
        }
      }
    }
    return { known, generators };
  }

  /**
   * From the candidates of the postings walk (`scoreOf`: their BM25 over the generating terms) to the results:
   * the other terms' share, documents ranked by their best passage plus a share of the others, the second
   * reading of the leading documents, and each document shown by its passage that covers most of the query.
   */
  protected finishStaged(
    q: PreparedQuery,
    known: number[],
    generators: Set<number>,
    cands: number[],
    scoreOf: Map<number, number>,
    options: SearchOptions,
  ): { reread: number[]; done: () => Passage[] } {
    const avg = this.totalLen / Math.max(1, this.livePassages);
    const pDoc = this.pDoc;
    const pLen = this.pLen;
    const lenNorm = B / avg;
    // Query terms by slot, for reading passages directly from their term sequence (here and below).
    const st = ++this.stamp;
    const docW = new Float64Array(known.length); // BM25 weights with document-level rarity
    const restW = new Float64Array(known.length); // the same for the terms that did not generate, else 0
    const passW = new Float64Array(known.length); // passage-level rarity (the coverage score's)
    known.forEach((t, k) => {
      this.slot[t] = k;
      this.slotMark[t] = st;
      docW[k] = this.docIdf(t) * (K1 + 1);
      if (!generators.has(t)) restW[k] = docW[k]!;
      passW[k] = this.idf(t);
    });
    const tf = new Float64Array(known.length);
    /** Adds the query terms of passage `pid` to `tf` (by slot). */
    const count = (pid: number) => {
      const a = this.seq.a;
      for (let i = this.pSeq[pid]!, end = i + pLen[pid]!; i < end; i++) if (this.slotMark[a[i]!] === st) tf[this.slot[a[i]!]!]++;
    };
    /** BM25 of the counts in `tf` with these weights, for a passage of length `len`. */
    const bm25 = (w: Float64Array, len: number): number => {
      const norm = K1 * (1 - B + lenNorm * len);
      let s = 0;
      for (let k = 0; k < tf.length; k++) if (tf[k]! > 0 && w[k]! > 0) s += (w[k]! * tf[k]!) / (tf[k]! + norm);
      return s;
    };
    // The other terms add their share to the candidates: each candidate's own term sequence is read (a few
    // dozen terms in one place) rather than each term's postings list searched for it.
    if (restW.some((w) => w > 0)) {
      for (const pid of cands) {
        tf.fill(0);
        count(pid);
        scoreOf.set(pid, scoreOf.get(pid)! + bm25(restW, pLen[pid]!));
      }
    }
    // Documents are ranked by their best passage plus a share of their other matching passages. Each
    // document is shown by its passage that covers most of the query.
    const perDoc = options.perDocument !== false;
    const groups = new Map<number, { rank: number; total: number; pids: number[] }>();
    for (const [pid, s] of [...scoreOf.entries()].sort((a, b) => b[1] - a[1])) {
      const key = perDoc ? this.pDoc[pid]! : -1 - pid;
      const g = groups.get(key);
      if (!g) groups.set(key, { rank: s, total: s, pids: [pid] });
      else {
        g.rank += DOC_SHARE * s;
        g.total += s;
        g.pids.push(pid);
      }
    }
    let ranked = [...groups.values()].sort((a, b) => b.rank - a.rank);
    // With a minimum score, the documents judged below: a little further down the ranking than `top`.
    const judgedDocs = options.minScore !== undefined ? Math.max(15, options.top * 3) : options.top;
    // The leading documents are read a second time (below); their best passages' neighbours are read then,
    // and a backend that fetches passages (the archive) fetches those between the two stages.
    // (With a minimum score only the documents judged below matter.)
    const lead = perDoc ? Math.min(ranked.length, options.minScore !== undefined ? judgedDocs : Math.max(REREAD, options.top * 3)) : 0;
    const reread: number[] = [];
    for (let r = 0; r < lead; r++) reread.push(...ranked[r]!.pids.slice(0, 3));
    const done = (): Passage[] => {
      if (perDoc) {
        // Then the leading documents are read a second time with each of their best passages joined to the
        // passage before or after it (a title and its text, a claim and its continuation) and scored as one
        // passage of their mean length: a document whose words are spread over two sentences ranks with one
        // that has them in one.
        const pair = (x: number, y: number): number => {
          tf.fill(0);
          count(x);
          count(y);
          return bm25(docW, (pLen[x]! + pLen[y]!) / 2);
        };
        for (let r = 0; r < lead; r++) {
          const g = ranked[r]!;
          for (let j = 0; j < g.pids.length && j < 3; j++) {
            const pid = g.pids[j]!;
            const d = pDoc[pid]!;
            for (let x = pid - 1; x <= pid; x++) {
              const y = x + 1;
              if (x < 0 || y >= this.nPassages || pDoc[x] !== d || pDoc[y] !== d) continue;
              const rank = pair(x, y) + DOC_SHARE * (g.total - (scoreOf.get(x) ?? 0) - (scoreOf.get(y) ?? 0));
              if (rank > g.rank) g.rank = rank;
            }
          }
        }
        ranked = [...ranked.slice(0, lead).sort((a, b) => b.rank - a.rank), ...ranked.slice(lead)];
      }
      // A document's passages are judged in the order of their BM25 with passage-level rarity (the rarity
      // the coverage score weighs with).
      const passageScore = (pid: number): number => {
        tf.fill(0);
        count(pid);
        return bm25(passW, pLen[pid]!);
      };
      const qst = ++this.stamp;
      for (const t of q.ids) if (t >= 0) this.qMark[t] = qst;
      const out: Passage[] = [];
      // With a minimum score, look a little further down the ranking for documents whose passage passes it;
      // each document is judged by its few best passages.
      for (const g of ranked.slice(0, judgedDocs)) {
        let best: { pid: number; score: number } | null = null;
        let judged = g.pids;
        if (judged.length > 3) {
          const ps = new Map(judged.map((pid) => [pid, passageScore(pid)]));
          judged = [...judged].sort((a, b) => ps.get(b)! - ps.get(a)!).slice(0, 3);
        }
        for (const pid of judged) {
          const score = this.coverage(q, pid);
          if (!best || score > best.score) best = { pid, score };
        }
        if (!best || (options.minScore !== undefined && best.score < options.minScore)) continue;
        out.push(this.passageOut(best.pid, best.score, g.rank, qst));
        if (out.length >= options.top) break;
      }
      return out;
    };
    return { reread, done };
  }

  protected finish(q: PreparedQuery, known: number[], generators: Set<number>, cands: number[], scoreOf: Map<number, number>, options: SearchOptions): Passage[] {
    return this.finishStaged(q, known, generators, cands, scoreOf, options).done();
  }

  protected passageOut(pid: number, score: number, rank: number, qStamp: number): Passage {
    const matched: string[] = [];
    const seen = new Set<number>();
    const off = this.pSeq[pid]!;
    for (let i = off; i < off + this.pLen[pid]!; i++) {
      const t = this.seq.a[i]!;
      if (this.qMark[t] === qStamp && !seen.has(t)) {
        seen.add(t);
        matched.push(this.termNames[t]!);
      }
    }
    return {
      path: this.docPath(this.pDoc[pid]!),
      start: this.pStart[pid]!,
      end: this.pEnd[pid]!,
      line: this.pLine[pid]!,
      character: this.pChar[pid]!,
      text: this.passageText(pid),
      score: round(score),
      matched,
      rank: round(rank),
    };
  }

  /** Query terms as ids (unknown terms get negative ids), split into clauses for clause-level matching. */
  protected prepareQuery(query: string): PreparedQuery {
    const text = query.slice(0, 5000);
    // (A signature ends the text and is short: only its tail is searched.)
    const tail = Math.max(0, text.length - 200);
    const signature = TWEET_SIGNATURE.exec(text.slice(tail));
    const dayAt = signature?.indices?.[1] ? tail + signature.indices[1][0] : -1;
    const occ = terms(text).filter((o) => o.start !== dayAt);
    const seq: number[] = [];
    const clauses: Array<[number, number]> = [];
    const unknown = new Map<string, number>();
    let clauseStart = 0;
    let lastEnd = 0;
    const numeric: number[] = [];
    for (const o of occ) {
      const between = query.slice(lastEnd, o.start);
      if (seq.length > clauseStart && CLAUSE_BREAK.test(between)) {
        clauses.push([clauseStart, seq.length]);
        clauseStart = seq.length;
      }
      let id = this.termIds.get(o.term);
      if (id === undefined) {
        id = unknown.get(o.term);
        if (id === undefined) unknown.set(o.term, (id = -1 - unknown.size));
      }
      seq.push(id);
      lastEnd = o.end;
      // Figures, not hyphenated modifiers ("a three-year conflict" describes; "a fifth of the territory" claims).
      if (/^\d/.test(o.term) && !(query[o.end] === '-' && /\p{L}/u.test(query[o.end + 1] ?? ''))) numeric.push(id);
    }
    if (seq.length > clauseStart) clauses.push([clauseStart, seq.length]);
    return { seq, ids: [...new Set(seq)], clauses, numeric };
  }

  /** The most `coverage` can give a passage that has none of the `missing` terms (and every other known term). */
  protected coverageBound(q: PreparedQuery, missing: Set<number>): number {
    return this.coverageWith(q, (t) => t >= 0 && !missing.has(t), (p, t) => p >= 0 && t >= 0 && !missing.has(p) && !missing.has(t));
  }

  /** Share of the query's weight (single terms and adjacent pairs) found in the passage: best clause or whole. */
  protected coverage(q: PreparedQuery, pid: number): number {
    const st = ++this.stamp;
    const off = this.pSeq[pid]!;
    const len = this.pLen[pid]!;
    const a = this.seq.a;
    const pairs = new Set<number>();
    for (let i = off; i < off + len; i++) {
      this.pMark[a[i]!] = st;
      if (i > off) pairs.add(a[i - 1]! * 1_000_003 + a[i]!);
    }
    const has = (t: number) => t >= 0 && this.pMark[t] === st;
    return this.coverageWith(q, has, (p, t) => p >= 0 && t >= 0 && pairs.has(p * 1_000_003 + t));
  }

  /** `coverage` given which terms and which adjacent pairs of terms a passage has. */
  protected coverageWith(q: PreparedQuery, has: (t: number) => boolean, hasPair: (p: number, t: number) => boolean): number {
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
          if (has(t)) hit += w;
        }
        if (i > from) {
          const p = q.seq[i - 1]!;
          const w = (this.weight(p) + this.weight(t)) / 2;
          pairAll += w;
          if (hasPair(p, t)) pairHit += w;
        }
      }
      if (all === 0) return 0;
      const uni = hit / all;
      const bi = pairAll > 0 ? pairHit / pairAll : uni;
      return 0.55 * uni + 0.45 * bi;
    };
    let best = part(0, q.seq.length);
    if (q.clauses.length > 1) for (const [x, y] of q.clauses) if (y - x >= 5) best = Math.max(best, 0.9 * part(x, y));
    // A figure of the query that the passage does not give: the passage cannot corroborate the claim's core.
    if (q.numeric.length > 0 && !q.numeric.some(has)) best *= 0.6;
    return Math.min(1, best);
  }
}

/** The k-th largest value (1-based) of `a`, by quickselect; reorders `a`. */
function kthLargest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target]!;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
