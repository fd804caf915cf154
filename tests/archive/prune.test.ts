// The archive's pruned postings walk (prune.ts) against the full walk it replaces (MemoryIndex's: a score
// table indexed by passage id, every generating term's postings in turn): the same candidates, scores bit for
// bit and order, on lists with many equal scores (an archive holds copies), an excluded document and removed
// passages. Needs no PostgreSQL.
import * as assert from 'node:assert/strict';
import { decodePostings, postingsBound, walk, type Postings } from '../../server/src/corpus/archive/prune';
import { VarintWriter } from '../../server/src/corpus/archive/codec';
import { selectCandidates } from '../../server/src/corpus/rank';

/** A deterministic generator (tests must not depend on the run). */
function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
}

/** The walk MemoryIndex does: generating terms in order, a table indexed by passage id, candidates as met. */
function fullWalk(terms: Array<{ w: number; postings: Postings }>, k1a: number, k1b: number, size: number, skip: (pid: number) => boolean) {
  const acc = new Float32Array(size);
  const tq: number[] = [];
  for (const { w, postings: p } of terms) {
    for (let i = 0; i < p.n; i++) {
      const pid = p.pids[i]!;
      if (skip(pid)) continue;
      const a = acc[pid]!;
      if (a === 0) tq.push(pid);
      acc[pid] = a + (w * p.tfs[i]!) / (p.tfs[i]! + k1a + k1b * p.lens[i]!);
    }
  }
  return selectCandidates(Int32Array.from(tq), Float64Array.from(tq, (pid) => acc[pid]!), tq.length);
}

/** Postings of a corpus of `docs` copies of a few passages (their scores tie), through the stored encoding. */
function corpus(seed: number, size: number, nTerms: number) {
  const r = rng(seed);
  const period = 50 + Math.floor(r() * 400); // a passage and its copies every `period` ids
  const lens = Array.from({ length: period }, () => 3 + Math.floor(r() * 40));
  return Array.from({ length: nTerms }, (_, j) => {
    // Rarer terms first, as the walk takes them; each term in some of the period's passages (and so in all
    // their copies), plus a few single passages.
    const share = 0.002 * 2 ** j;
    const inPeriod = new Set<number>();
    for (let x = 0; x < period; x++) if (r() < share) inPeriod.add(x);
    const pids: number[] = [];
    for (let pid = 0; pid < size; pid++) if (inPeriod.has(pid % period) || r() < share / 20) pids.push(pid);
    const w = new VarintWriter();
    let prev = 0;
    for (const pid of pids) {
      w.push(pid - prev);
      w.push(1 + (pid % period === 0 ? 2 : 0));
      w.push(lens[pid % period]!);
      prev = pid;
    }
    // Two stored rows, as ingest batches leave them (ids ascending across rows).
    const data = w.take();
    const postings = decodePostings([{ first: 0, data }]);
    return { w: 2.2 * Math.log(1 + 1 / share), postings };
  });
}

describe('archive: pruned postings walk', () => {
  it('gives the full walk\'s candidates, scores and order, whatever is pruned', () => {
    const k1a = 1.2 * 0.4;
    let pruned = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const size = 200_000 + seed * 7919;
      const terms = corpus(seed, size, 4 + (seed % 7));
      const avgLen = 20;
      const k1b = (1.2 * 0.6) / avgLen;
      const withBounds = terms.map((t) => ({ ...t, bound: postingsBound(t.postings, k1a, k1b) }));
      const dead = new Uint8Array(size);
      if (seed % 3 === 0) dead.fill(1, 1000, 5000);
      const exLo = seed % 2 ? 70_000 : -1;
      const exHi = seed % 2 ? 70_400 : -1;
      const skip = (pid: number) => (pid >= exLo && pid < exHi) || dead[pid] === 1;
      const want = fullWalk(terms, k1a, k1b, size, skip);
      const got = walk(withBounds, k1a, k1b, exLo, exHi, seed % 3 === 0 ? dead : null);
      if (got.full < terms.length) pruned++;
      const sel = selectCandidates(got.tq, got.scores, got.tn);
      assert.deepEqual(sel.cands, want.cands, `seed ${seed}: candidates and their order`);
      assert.deepEqual([...sel.scoreOf], [...want.scoreOf], `seed ${seed}: scores`);
      const unpruned = walk(withBounds, k1a, k1b, exLo, exHi, seed % 3 === 0 ? dead : null, false);
      assert.deepEqual(selectCandidates(unpruned.tq, unpruned.scores, unpruned.tn).cands, want.cands);
    }
    assert.ok(pruned >= 6, `the walk pruned in ${pruned} of 12 corpora`);
  });

  it('reads the stored rows of a term in order (ids ascending across rows)', () => {
    const w = new VarintWriter();
    const rows = [
      [5, 9, 300],
      [70_000, 70_001],
    ].map((pids) => {
      let prev = pids[0]!;
      for (const pid of pids) {
        w.push(pid - prev);
        w.push(2);
        w.push(10);
        prev = pid;
      }
      return { first: pids[0]!, data: w.take() };
    });
    const p = decodePostings(rows);
    assert.deepEqual([...p.pids.subarray(0, p.n)], [5, 9, 300, 70_000, 70_001]);
    assert.ok(Math.abs(postingsBound(p, 0.48, 0.036) - 2 / (2 + 0.48 + 0.36)) < 1e-12);
  });
});
