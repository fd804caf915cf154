// The archive's postings walk: the candidates of MemoryIndex's walk (the CANDIDATES best passages by BM25
// over the generating terms, rank.ts selectCandidates), bit for bit and in the same order, with less work.
//
// Cache: the walk adds each term's contribution, rarest term first, into a score per passage. A table of
// scores indexed by passage id is 14 MB at 3.7 million passages, and read at random it cost a cache miss a
// posting (most of a search's time at 100,000 articles). The walk takes the passage ids a slice of 65,536
// at a time instead: every term's postings in that slice (each term's list is sorted, a cursor each), in
// the same term order, into a 256 KB table that stays in the processor's cache.
//
// Pruning (MaxScore, rank-safe): a term's contribution to a passage is w * tf / (tf + k1a + k1b * len), at
// most w times the largest tf / (tf + k1a + k1b * len) of its postings (computed exactly when the postings
// are decoded: they are fetched whole, see db.ts). θ is the CANDIDATES-th best score of the slices done (a
// heap of the best), a lower bound of the final cut. In a slice, once the bounds of the terms still to come
// add up to less than θ, a passage not met yet cannot become a candidate: those terms only add to the
// passages met whose score plus the rest's bound still reaches θ (read in order, or looked up one by one
// when few remain), and a passage whose score stays below θ is not kept. Every passage that reaches the
// final cut is scored in full, so the cut, the candidates, their scores and their order are those of the
// full walk.
import { CANDIDATES } from '../rank';

/** A term's postings, decoded: passage ids ascending, term frequencies, passage lengths. */
export interface Postings {
  pids: Int32Array;
  tfs: Uint16Array;
  lens: Uint16Array;
  n: number;
}

/** Decodes a term's postings rows (first passage id and packed triples each, ids ascending across rows). */
export function decodePostings(rows: Array<{ first: number; data: Uint8Array }>): Postings {
  let cap = 0;
  for (const r of rows) cap += Math.ceil(r.data.length / 3);
  let pids = new Int32Array(cap);
  let tfs = new Uint16Array(cap);
  let lens = new Uint16Array(cap);
  let n = 0;
  for (const r of rows) {
    const b = r.data;
    const end = b.length;
    let i = 0;
    let pid = r.first;
    while (i < end) {
      // Three varints; most are one byte (bit operations are safe: passage ids stay below 2^31).
      let x = b[i++]!;
      let d = x & 0x7f;
      for (let shift = 7; x & 0x80; shift += 7) {
        x = b[i++]!;
        d |= (x & 0x7f) << shift;
      }
      pid += d;
      x = b[i++]!;
      let tf = x & 0x7f;
      for (let shift = 7; x & 0x80; shift += 7) {
        x = b[i++]!;
        tf |= (x & 0x7f) << shift;
      }
      x = b[i++]!;
      let len = x & 0x7f;
      for (let shift = 7; x & 0x80; shift += 7) {
        x = b[i++]!;
        len |= (x & 0x7f) << shift;
      }
      if (n === pids.length) {
        const grown = n * 2 + 16;
        const p2 = new Int32Array(grown);
        p2.set(pids);
        pids = p2;
        const t2 = new Uint16Array(grown);
        t2.set(tfs);
        tfs = t2;
        const l2 = new Uint16Array(grown);
        l2.set(lens);
        lens = l2;
      }
      pids[n] = pid;
      // (A passage has at most a few hundred terms: both fit in 16 bits.)
      tfs[n] = Math.min(tf, 0xffff);
      lens[n] = Math.min(len, 0xffff);
      n++;
    }
  }
  return { pids, tfs, lens, n };
}

/** The largest tf / (tf + k1a + k1b * len) of the postings. */
export function postingsBound(p: Postings, k1a: number, k1b: number): number {
  // The largest is among the shortest passages of each tf: a pass over the postings.
  let best = 0;
  const { tfs, lens, n } = p;
  for (let i = 0; i < n; i++) {
    const tf = tfs[i]!;
    const x = tf / (tf + k1a + k1b * lens[i]!);
    if (x > best) best = x;
  }
  return best;
}

export interface WalkTerm {
  /** The term's BM25 weight (document-level rarity times K1 + 1). */
  w: number;
  postings: Postings;
  /** postingsBound of its postings. */
  bound: number;
}

export interface WalkResult {
  /** The passages that reach the cut, in the order the full walk would have met them, and their scores. */
  tq: Int32Array;
  scores: Float64Array;
  tn: number;
  /** Passages met (the full walk's count: how many the cut is taken among, when more than CANDIDATES). */
  met: number;
  /** Postings read in full walks; lookups in the others. */
  walked: number;
  lookups: number;
  /** Terms walked in full before the rest were only looked up for the passages still in reach. */
  full: number;
}

/** Relative slack on the comparisons with θ: single-precision sums round, the bound must stay above. */
const SLACK = 1e-4;
/** Passage ids per slice of the walk (its scores, 256 KB, stay in the processor's cache). */
const SLICE = 1 << 16;

/**
 * The postings walk. Passages left out: those from `exLo` to `exHi` (the excluded document's) and those
 * `dead` marks (removed). Passage ids are taken a slice at a time; in each, the terms rarest first (each
 * passage's score summed in the full walk's order), into a table of the slice's scores. θ is the
 * CANDIDATES-th best score of the slices before (a heap of the best); within a slice, once the terms still to
 * come cannot lift a passage not met to θ, they are only looked up for the passages that can still reach it.
 */
export function walk(terms: WalkTerm[], k1a: number, k1b: number, exLo: number, exHi: number, dead: Uint8Array | null, prune = true): WalkResult {
  const nt = terms.length;
  // Bounds of the terms still to come, from each term on.
  const rest = new Float64Array(nt + 1);
  for (let j = nt - 1; j >= 0; j--) rest[j] = rest[j + 1]! + terms[j]!.w * terms[j]!.bound;
  const cur = new Int32Array(nt);
  let start = Infinity;
  let end = 0;
  for (const t of terms) {
    if (t.postings.n === 0) continue;
    start = Math.min(start, t.postings.pids[0]!);
    end = Math.max(end, t.postings.pids[t.postings.n - 1]! + 1);
  }
  const acc = new Float32Array(SLICE);
  const first = new Uint16Array(SLICE);
  const touched = new Int32Array(SLICE);
  const heap = new Float64Array(CANDIDATES);
  let hn = 0;
  let outP: Int32Array = new Int32Array(1024);
  let outS = new Float32Array(1024);
  let outF = new Uint16Array(1024);
  let on = 0;
  let met = 0;
  let walked = 0;
  let lookups = 0;
  let full = 0;
  let slices = 0;
  for (let lo = start === Infinity ? 0 : start; lo < end; lo += SLICE) {
    const hi = lo + SLICE;
    slices++;
    const theta = hn === CANDIDATES ? heap[0]! : 0;
    let n = 0;
    let live: Int32Array | null = null as Int32Array | null;
    let pruning = false;
    for (let j = 0; j < nt; j++) {
      const { w: idf, postings } = terms[j]!;
      const { pids, tfs, lens } = postings;
      const pn = postings.n;
      let i = cur[j]!;
      if (!pruning && prune && hn === CANDIDATES && rest[j]! * (1 + SLACK) < theta * (1 - SLACK)) pruning = true;
      // Postings of the term in this slice, about (ids are spread evenly enough for the choice below).
      const inSlice = ((pn - i) * SLICE) / Math.max(SLICE, end - lo);
      if (pruning && live === null && n * 16 < inSlice) live = liveOf(acc, touched, n, rest[j]!, theta);
      if (!pruning) {
        for (; i < pn; i++) {
          const pid = pids[i]!;
          if (pid >= hi) break;
          walked++;
          if ((pid >= exLo && pid < exHi) || (dead !== null && dead[pid] === 1)) continue;
          const x = pid - lo;
          const tf = tfs[i]!;
          const a = acc[x]!;
          if (a === 0) {
            touched[n++] = x;
            first[x] = j;
          }
          acc[x] = a + (idf * tf) / (tf + k1a + k1b * lens[i]!);
        }
      } else if (live === null || live.length * 16 > inSlice) {
        // No passage not met yet can reach θ. With many passages met, the term's postings in the slice are
        // read in order and add to those that can still reach it; the others stay out.
        const need = theta - rest[j]! * (1 + SLACK) - theta * SLACK;
        for (; i < pn; i++) {
          const pid = pids[i]!;
          if (pid >= hi) break;
          walked++;
          const x = pid - lo;
          const a = acc[x]!;
          if (a === 0 || a < need) continue;
          const tf = tfs[i]!;
          acc[x] = a + (idf * tf) / (tf + k1a + k1b * lens[i]!);
        }
      } else {
        // With a few, each of those that can still reach θ is looked up in the term's postings.
        for (let k = 0; k < live.length; k++) {
          const pid = lo + live[k]!;
          i = gallop(pids, i, pn, pid);
          lookups++;
          if (i < pn && pids[i] === pid) {
            const tf = tfs[i]!;
            const x = live[k]!;
            acc[x] = acc[x]! + (idf * tf) / (tf + k1a + k1b * lens[i]!);
          }
        }
        // On to the next slice.
        i = gallop(pids, i, pn, hi);
        if (j + 1 < nt) live = liveOf(acc, live, live.length, rest[j + 1]!, theta);
      }
      cur[j] = i;
      if (!pruning) full++;
    }
    // The slice's passages: those that reach θ are kept, and the best feed the heap.
    met += n;
    for (let k = 0; k < n; k++) {
      const x = touched[k]!;
      const s = acc[x]!;
      acc[x] = 0;
      if (s < theta) continue;
      if (on === outP.length) {
        outP = grow32(outP);
        const s2 = new Float32Array(on * 2);
        s2.set(outS);
        outS = s2;
        const f2 = new Uint16Array(on * 2);
        f2.set(outF);
        outF = f2;
      }
      outP[on] = lo + x;
      outS[on] = s;
      outF[on++] = first[x]!;
      if (hn < CANDIDATES) heapPush(heap, hn++, s);
      else if (s > heap[0]!) heapReplace(heap, s);
    }
  }
  // The cut of selectCandidates (rank.ts): the CANDIDATES-th best score of all the passages met, here the
  // heap's least (0 when fewer were met: none was left out then). Those that reach it, in the full walk's
  // order (by the term that met them, then id): selectCandidates takes the same cut among them.
  const cut = hn === CANDIDATES ? heap[0]! : 0;
  const keep: number[] = [];
  for (let i = 0; i < on; i++) if (outS[i]! >= cut) keep.push(i);
  keep.sort((x, y) => outF[x]! - outF[y]! || outP[x]! - outP[y]!);
  const tq = Int32Array.from(keep, (i) => outP[i]!);
  const scores = Float64Array.from(keep, (i) => outS[i]!);
  return { tq, scores, tn: keep.length, met, walked, lookups, full: full / Math.max(1, slices) };
}

function grow32(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** The slice places (of `at`'s first n) whose score plus `rest` can still reach `theta`, ascending. */
function liveOf(acc: Float32Array, at: Int32Array, n: number, rest: number, theta: number): Int32Array {
  const need = theta - rest * (1 + SLACK) - theta * SLACK;
  const out = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) if (acc[at[i]!]! >= need) out[k++] = at[i]!;
  return out.subarray(0, k).sort();
}

/** A min-heap of scores in `h` (its first `n`): adds `s`. */
function heapPush(h: Float64Array, n: number, s: number): void {
  let i = n;
  h[i] = s;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p]! <= h[i]!) break;
    const t = h[p]!;
    h[p] = h[i]!;
    h[i] = t;
    i = p;
  }
}

/** Replaces the least score of the full heap with `s`. */
function heapReplace(h: Float64Array, s: number): void {
  const n = h.length;
  let i = 0;
  h[0] = s;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && h[r]! < h[l]! ? r : l;
    if (h[i]! <= h[c]!) break;
    const t = h[c]!;
    h[c] = h[i]!;
    h[i] = t;
    i = c;
  }
}

/** The first index at or after `i` (and before `n`) whose passage id is at least `target`: a galloping search. */
function gallop(pids: Int32Array, i: number, n: number, target: number): number {
  let step = 1;
  let h = i;
  while (h < n && pids[h]! < target) {
    i = h + 1;
    h += step;
    step *= 2;
  }
  if (h > n) h = n;
  while (i < h) {
    const mid = (i + h) >> 1;
    if (pids[mid]! < target) i = mid + 1;
    else h = mid;
  }
  return i;
}
