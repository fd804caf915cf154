// Trains the check-worthiness model: `npx tsx scripts/trainClaims.ts [--dir EVAL_DIR] [--dry-run] [--option=value...]`
// (~3 min; experiments: --no-cv for CT24 dev and dev-test only, --blocked-only to skip the random-fold CV).
//
// Data (../shared/eval): the training pool is ct24_en_train.jsonl (CheckThat! 2024 task 1 English, 22,500 debate
// sentences) with the claimbuster_dev.jsonl sentences it lacks (both use ClaimBuster's sentence ids, and CT24 train
// already holds ~8,400 of ClaimBuster's 9,138), less every sentence whose id or text is in ct24_en_dev or
// ct24_en_devtest (ClaimBuster shares ~640 sentences with CT24 dev), so both stay held out. Features: the engine's own
// claimFeatures() (rules, tags, words and the mean of the sentence's word vectors from data/claimVectors.json, built by
// scripts/buildClaimVectors.ts). Fit: a class-weighted logistic regression with L2 (L-BFGS, written here), the
// word vocabulary pruned to the most useful entries. Measured: CT24 dev and dev-test (the model trained on the pool),
// and ClaimBuster 5-fold CV with the rest of the pool training too (random folds by a hash of the id; blocked folds of
// contiguous ids, i.e. whole debates, whose CT24 sentences are held out as well; the vocabulary is chosen inside each
// fold). The bias is moved so that 0.5 is the threshold with the best mean F1 over CT24 dev and the blocked CV; dev-test
// chooses nothing. Writes server/src/engine/data/claimModel.json: weights and the figures (the eval prints the CV
// ones as recorded). Only weights are written, never text from the data. The news-genre rule features (RULE_CAPS in
// claims.ts) are held at or below their caps so that questions, opinion and predictions keep pushing scores down.
//
// Tried ("CB blocked" = ClaimBuster blocked CV with the pool; F1 at 0.5 after the bias move, or at the best
// threshold where marked *):
//   - ClaimBuster only (the previous model): CV 0.795 random / 0.777 blocked; CT24 dev-test 0.739 at 0.5 (best
//     threshold 0.3: 0.808). Adding CT24 train (2,500 words, L2 5e-4): CB CV 0.799* / 0.789*, dev-test 0.779 at the
//     same raw 0.5. ClaimBuster adds nothing to CT24 train beyond it: the ClaimBuster sentences CT24 train lacks are
//     CT24 dev's, held out.
//   - 8,000 words at L2 3e-4 (kept): CB blocked 0.793, CT24 dev 0.899; all 28,758 words of df >= 3: 0.793 (a 4x
//     larger file).
//   - ClaimBuster rows weighted x2 (0.791), positives x3 (0.791*; a shift, not a better ranking), no caps on the news
//     rules (0.791: they cost nothing here), bigrams at the words' L2 (0.786), bigrams x1.5 at L2 2e-4 (0.787), L2 1e-3
//     on rules and tags (0.788), word dropout (a copy of each sentence without its words at weight 0.5 / 1: 0.790 /
//     0.791, CT24 dev 0.891 / 0.886), word trigrams (0.794*, CT24 dev 0.900 vs 0.892 at raw 0.5), character 4-5-grams
//     of words (CT24 dev 0.890 vs 0.892; these two with a throwaway feature wrapper, not kept). None beats the noise
//     of a 1,032-sentence dev set.
//   - On ClaimBuster alone before this: the full 100-d vectors instead of the 16-d PCA (0.795 / 0.781; 32-d: 0.794 /
//     0.779), SIF-weighted mean vectors (0.794 / 0.781), max and min pooling (0.794 / 0.776), a heavier L2 on words
//     (0.794 / 0.778), a joint fit with a 16-unit ReLU hidden layer over the dense features (0.797 / 0.778).
//   - Blocked 5-fold CV on CT24 train itself: F1 0.68 at best: CT24's full debate transcripts are much harder than
//     ClaimBuster's 2.5xNCS sample, so it is no stand-in for dev-test either.
//   Issue 13 item 4 (figures: CT24 dev / dev-test / CB blocked, F1 at 0.5 after the bias move, --dry-run
//   --blocked-only; the model before this round: 0.899 / 0.774 / 0.793, random-fold CV 0.804):
//   - Bigrams of coarse word classes (claims.ts wordClass(): pronoun by person, negation, modal, past tense, copula,
//     present, infinitive, gerund, adjective, name, number, other; "p:1 d" = I/we + past tense) at the words' L2:
//     0.902 / 0.791 / 0.795; at L2 1e-4 (kept): 0.908 / 0.794 / 0.795; at 3e-5: 0.906 / 0.794 / 0.795; 1e-4 with
//     10,000 words: 0.907 / 0.794 / 0.793. Class trigrams too: 0.899 / 0.761 / 0.791; class skip-bigrams (i-2, i)
//     instead: 0.899 / 0.772 / 0.781; function words kept as themselves in the class bigrams: 0.892 / 0.757 / 0.788,
//     with trigrams: 0.894 / 0.792 / 0.779; finer classes (have/has/had, said/says/told, articles, wh-words apart):
//     0.909 / 0.791 / 0.794; reporting words ("said", "according") as a class of their own (full run): 0.907 / 0.785 /
//     0.794 (random folds 0.807), and it did not keep "According to X, Y has expressed a willingness..." over 0.5 in
//     the seeds either. With class bigrams, naive-Bayes-scaled L2 on words (--nbFloor=0.1): 0.904 / 0.755 / 0.790.
//   Shipped (full run): CT24 dev 0.908, dev-test 0.794, CB CV 0.809 random / 0.795 blocked (the engine, through
//   corroborate(): dev 0.906, dev-test 0.781). The targets (dev-test 0.82, blocked CV 0.80) are not met; every
//   change above moved dev and the CV by less than the noise of a 1,032-sentence dev set. On the seed reports the
//   class bigrams find more of the annotated check-worthy sentences (0.764 of 89, was 0.742) but score one
//   corroborated attributed sentence ("According to Peskov, ...") 0.40 (tests/corpus/seedClaims.test.ts).
//   - ct20t2_corpus.jsonl's 10,375 fact-checked claims as extra positives (--extraWeight; check-worthy by
//     construction, but Snopes' wording, not speech): weight 0.3: 0.886 / 0.761 / 0.778; weight 1: 0.875 / 0.762 /
//     0.766. Not kept.
//   - A 1-D CNN over the wink vectors (scripts/expClaimCnn.ts: 20k words, first 50 PCA axes + a capital flag, 64
//     filters of width 3, max-pool, dropout 0.5, Adam, 4-8 epochs; ~15 s an epoch on the pool), alone: CT24 dev
//     0.856, dev-test 0.59-0.62 (threshold by dev), CB blocked 0.753 (4 epochs). Averaged with the regression
//     (logit + 0.5 x CNN logit, with the model before this round): CT24 dev 0.892-0.897 (the regression alone
//     0.899), dev-test 0.69-0.75 (alone 0.774), CB blocked 0.797 at its best threshold (alone 0.795); widths 2+3 over
//     all 100 axes: ~110 s an epoch, dev 0.851 after one. It ranks debate sentences worse than the words do and
//     moves dev and CV by less than their noise while costing dev-test; not shipped.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CLAIM_VECTORS, claimFeatures, finishScore, isCapped, QUESTION_CAP, RULE_CAPS, VECTOR_SCALE, WORD_NORM } from '../server/src/engine/claims';
import { tokenize } from '../server/src/engine/tokens';

export interface Row {
  id: string;
  text: string;
  label: 0 | 1;
}

export interface TrainOptions {
  /** L2 on rule and tag features. */
  lambdaDense: number;
  /** L2 on word features (unigrams, bigrams, first words). */
  lambdaWords: number;
  /** Weight of a positive example relative to a negative one (moves the F1-best threshold towards 0.5). */
  posWeight: number;
  /** L2 on bigram features: a multiple of lambdaWords. */
  ngramFactor: number;
  /** Minimum number of training sentences a word feature must occur in to be a candidate. */
  minDf: number;
  /** Word features kept after pruning. */
  maxWords: number;
  iterations: number;
  /** > 0: scale each word's L2 by its naive-Bayes log-count ratio (NBSVM-style prior), floored at this. */
  nbFloor: number;
  /** Weight of a ClaimBuster sentence relative to a CheckThat! 2024 one (main(): the training pool mixes both). */
  cbWeight: number;
  /** 1: hold the news-genre rule weights at or below RULE_CAPS (the shipped setting); 0: fit them freely (experiment). */
  caps: number;
  /** > 0: also train on a copy of every sentence without its word features, at this weight (word dropout). */
  denseCopy: number;
  /** > 0: add ct20t2_corpus.jsonl's fact-checked claims to the pool as positives, each at this weight. */
  extraWeight: number;
  /** L2 on the word-class n-grams (p:, o:, q:); 0: as lambdaWords. */
  lambdaClass: number;
}

export const DEFAULT_OPTIONS: TrainOptions = {
  lambdaDense: 1e-4,
  lambdaWords: 3e-4,
  posWeight: 2,
  minDf: 3,
  maxWords: 8000,
  iterations: 300,
  nbFloor: 0,
  ngramFactor: 3,
  cbWeight: 1,
  caps: 1,
  denseCopy: 0,
  extraWeight: 0,
  lambdaClass: 1e-4,
};

export const THRESHOLDS = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7];
export const FOLDS = 5;

const isWord = (name: string) => /^[a-z]:/.test(name);

export function readRows(evalDir: string, file = 'claimbuster_dev.jsonl'): Row[] {
  return readFileSync(path.join(evalDir, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const o = JSON.parse(l) as { id: string | number; text: string; label: number };
      return { id: String(o.id), text: o.text, label: o.label === 1 ? 1 : 0 };
    });
}

/** FNV-1a of the id: a reproducible fold assignment. */
export function foldOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % FOLDS;
}

/**
 * Blocked folds: sentences sorted by numeric id (ClaimBuster ids follow the debates in order) and cut into
 * FOLDS contiguous blocks, so a test fold holds whole debates from other years and no neighbouring sentence
 * of a training sentence. Harsher and closer to "debates from other years" than hashed folds.
 */
export function blockedFolds(rows: Row[]): number[] {
  const order = rows.map((r, i) => ({ i, id: Number(r.id) })).sort((a, b) => a.id - b.id || a.i - b.i);
  const folds = new Array<number>(rows.length).fill(0);
  order.forEach((o, rank) => (folds[o.i] = Math.floor((rank * FOLDS) / rows.length)));
  return folds;
}

export type Features = Array<Record<string, number>>;

export function featurize(rows: Row[]): Features {
  return rows.map((r) => claimFeatures(r.text, tokenize(r.text)));
}

interface Sparse {
  idx: Int32Array;
  val: Float64Array;
}

export interface Model {
  weights: Record<string, number>;
  /** The bias shift main() applied after fitting (0 for a plain fit). */
  offset?: number;
}

/** Sparse rows over a fixed feature index. */
function encode(feats: Features, index: Map<string, number>): Sparse[] {
  return feats.map((f) => {
    const idx: number[] = [];
    const val: number[] = [];
    for (const k in f) {
      const j = index.get(k);
      const v = f[k]!;
      if (j !== undefined && v !== 0) (idx.push(j), val.push(v));
    }
    return { idx: Int32Array.from(idx), val: Float64Array.from(val) };
  });
}

/**
 * Minimises mean weighted log-loss + 0.5 * sum(lambda_j * w_j^2) with L-BFGS (memory 10, backtracking
 * Armijo line search). Variables with `fixed[j]` keep their starting value.
 */
function lbfgs(X: Sparse[], y: Uint8Array, cw: Float64Array, lambda: Float64Array, w: Float64Array, fixed: Uint8Array, iterations: number): void {
  const d = w.length;
  const N = X.length;
  const wsum = cw.reduce((a, b) => a + b, 0);
  const z = new Float64Array(N);
  const evaluate = (wt: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < N; i++) {
      const { idx, val } = X[i]!;
      let s = 0;
      for (let k = 0; k < idx.length; k++) s += wt[idx[k]!]! * val[k]!;
      z[i] = s;
      const m = y[i] ? s : -s; // margin
      loss += cw[i]! * (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m)));
      const p = 1 / (1 + Math.exp(-s));
      const g = (cw[i]! * (p - y[i]!)) / wsum;
      for (let k = 0; k < idx.length; k++) grad[idx[k]!]! += g * val[k]!;
    }
    loss /= wsum;
    for (let j = 0; j < d; j++) {
      loss += 0.5 * lambda[j]! * wt[j]! * wt[j]!;
      grad[j]! += lambda[j]! * wt[j]!;
      if (fixed[j]) grad[j] = 0;
    }
    return loss;
  };
  const M = 10;
  const S: Float64Array[] = [];
  const Yv: Float64Array[] = [];
  const rho: number[] = [];
  let g = new Float64Array(d);
  let f = evaluate(w, g);
  const dir = new Float64Array(d);
  const alpha = new Array<number>(M).fill(0);
  for (let it = 0; it < iterations; it++) {
    // Two-loop recursion: dir = -H g.
    for (let j = 0; j < d; j++) dir[j] = -g[j]!;
    for (let k = S.length - 1; k >= 0; k--) {
      let a = 0;
      for (let j = 0; j < d; j++) a += S[k]![j]! * dir[j]!;
      a *= rho[k]!;
      alpha[k] = a;
      for (let j = 0; j < d; j++) dir[j]! -= a * Yv[k]![j]!;
    }
    if (S.length) {
      const k = S.length - 1;
      let yy = 0;
      let sy = 0;
      for (let j = 0; j < d; j++) (yy += Yv[k]![j]! * Yv[k]![j]!, sy += S[k]![j]! * Yv[k]![j]!);
      const gamma = sy / yy;
      for (let j = 0; j < d; j++) dir[j]! *= gamma;
    }
    for (let k = 0; k < S.length; k++) {
      let b = 0;
      for (let j = 0; j < d; j++) b += Yv[k]![j]! * dir[j]!;
      b *= rho[k]!;
      for (let j = 0; j < d; j++) dir[j]! += S[k]![j]! * (alpha[k]! - b);
    }
    for (let j = 0; j < d; j++) if (fixed[j]) dir[j] = 0;
    let slope = 0;
    for (let j = 0; j < d; j++) slope += g[j]! * dir[j]!;
    if (slope >= 0) {
      // Not a descent direction: restart from steepest descent.
      S.length = 0;
      Yv.length = 0;
      rho.length = 0;
      for (let j = 0; j < d; j++) dir[j] = -g[j]!;
      slope = 0;
      for (let j = 0; j < d; j++) slope += g[j]! * dir[j]!;
    }
    let step = it === 0 && S.length === 0 ? 1 / Math.max(1, Math.sqrt(-slope)) : 1;
    const wNew = new Float64Array(d);
    const gNew = new Float64Array(d);
    let fNew = Infinity;
    for (let ls = 0; ls < 40; ls++) {
      for (let j = 0; j < d; j++) wNew[j] = w[j]! + step * dir[j]!;
      fNew = evaluate(wNew, gNew);
      if (fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew < f)) break;
    const s = new Float64Array(d);
    const yv = new Float64Array(d);
    let sy = 0;
    for (let j = 0; j < d; j++) {
      s[j] = wNew[j]! - w[j]!;
      yv[j] = gNew[j]! - g[j]!;
      sy += s[j]! * yv[j]!;
    }
    w.set(wNew);
    const improvement = f - fNew;
    f = fNew;
    g = gNew;
    if (sy > 1e-12) {
      S.push(s);
      Yv.push(yv);
      rho.push(1 / sy);
      if (S.length > M) (S.shift(), Yv.shift(), rho.shift());
    }
    let gmax = 0;
    for (let j = 0; j < d; j++) gmax = Math.max(gmax, Math.abs(g[j]!));
    if (gmax < 1e-7 || improvement < 1e-11) break;
  }
}

/** Fits weights over `names`, keeping the rule features at or below their caps (active set). */
function fit(feats: Features, labels: Uint8Array, names: string[], opt: TrainOptions, rowWeights?: ArrayLike<number>): Float64Array {
  const index = new Map(names.map((n, j) => [n, j]));
  const X = encode(feats, index);
  const d = names.length;
  const lambda = new Float64Array(d);
  names.forEach(
    (n, j) =>
      (lambda[j] = n === 'bias' ? 0 : opt.lambdaClass && /^[opq]:/.test(n) ? opt.lambdaClass : isWord(n) ? opt.lambdaWords * (/^b:/.test(n) ? opt.ngramFactor : 1) : opt.lambdaDense),
  );
  if (opt.nbFloor > 0) {
    // Naive-Bayes log-count ratios r_j; a word's penalty becomes lambda * mean(r^2) / max(r_j^2, floor).
    const pos = new Float64Array(d).fill(1);
    const neg = new Float64Array(d).fill(1);
    X.forEach((x, i) => x.idx.forEach((j) => (labels[i] ? pos[j]!++ : neg[j]!++)));
    const np = labels.reduce((a, b) => a + b, 0);
    const nn = labels.length - np;
    const r2 = names.map((n, j) => (isWord(n) ? Math.log(pos[j]! / (np + 1) / (neg[j]! / (nn + 1))) ** 2 : 0));
    const words = r2.filter((_, j) => isWord(names[j]!));
    const mean = words.reduce((a, b) => a + b, 0) / Math.max(1, words.length);
    names.forEach((n, j) => {
      if (isWord(n)) lambda[j] = (opt.lambdaWords * mean) / Math.max(r2[j]!, opt.nbFloor);
    });
  }
  const cw = new Float64Array(labels.length);
  labels.forEach((l, i) => (cw[i] = (l ? opt.posWeight : 1) * (rowWeights ? rowWeights[i]! : 1)));
  const w = new Float64Array(d);
  const fixed = new Uint8Array(d);
  for (let round = 0; round < 5; round++) {
    lbfgs(X, labels, cw, lambda, w, fixed, opt.iterations);
    let changed = false;
    for (const [name, capValue] of Object.entries(opt.caps ? RULE_CAPS : {})) {
      const j = index.get(name);
      if (j !== undefined && !fixed[j] && w[j]! > capValue) {
        w[j] = capValue;
        fixed[j] = 1;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return w;
}

/** Trains on some rows: candidates by document frequency, a first fit, pruning by weight, a second fit. */
/** `rowWeights`: a weight per training sentence (times posWeight for positives); 1 when absent. */
export function train(feats: Features, labels: Uint8Array, opt: TrainOptions = DEFAULT_OPTIONS, rowWeights?: ArrayLike<number>): Model {
  if (opt.denseCopy > 0) {
    const dense = feats.map((f) => Object.fromEntries(Object.entries(f).filter(([k]) => !isWord(k))));
    const w = Array.from(labels, (_, i) => (rowWeights ? rowWeights[i]! : 1));
    return train([...feats, ...dense], Uint8Array.from([...labels, ...labels]), { ...opt, denseCopy: 0 }, [...w, ...w.map((x) => x * opt.denseCopy)]);
  }
  const df = new Map<string, number>();
  const dense = new Set<string>();
  for (const f of feats)
    for (const k in f) {
      if (isWord(k)) df.set(k, (df.get(k) ?? 0) + 1);
      else if (k !== 'label') dense.add(k); // a cap (see claims.ts), not a weight
    }
  const denseNames = [...dense].sort();
  const candidates = [...df.entries()]
    .filter(([, c]) => c >= opt.minDf)
    .map(([k]) => k)
    .sort();
  let names = [...denseNames, ...candidates];
  let w = fit(feats, labels, names, opt, rowWeights);
  if (candidates.length > opt.maxWords) {
    // Keep the word features that move scores most over the data: |weight| x sqrt(document frequency).
    const ranked = candidates
      .map((k, i) => ({ k, s: Math.abs(w[denseNames.length + i]!) * Math.sqrt(df.get(k)!) }))
      .sort((a, b) => b.s - a.s || (a.k < b.k ? -1 : 1))
      .slice(0, opt.maxWords)
      .map((x) => x.k)
      .sort();
    names = [...denseNames, ...ranked];
    w = fit(feats, labels, names, opt, rowWeights);
  }
  const weights: Record<string, number> = {};
  names.forEach((n, j) => (weights[n] = w[j]!));
  return { weights };
}

/** The logistic sum (before the sigmoid and the question cap). */
export function margin(model: Model, f: Record<string, number>): number {
  let z = 0;
  for (const k in f) {
    const w = model.weights[k];
    if (w !== undefined) z += w * f[k]!;
  }
  return z;
}

/** The engine's score: sigmoid of the margin (shifted by `offset`), questions capped. */
export function score(model: Model, f: Record<string, number>, offset = 0): number {
  return finishScore(margin(model, f) + offset, isCapped(f));
}

/** Scores from out-of-fold margins, with the bias moved by `offset`. */
export function scoresOf(margins: Float64Array, feats: Features, offset = 0): Float64Array {
  return margins.map((z, i) => finishScore(z + offset, isCapped(feats[i]!)));
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function prf(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): { threshold: number; P: number; R: number; F1: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const pred = scores[i]! >= threshold;
    if (pred && labels[i]) tp++;
    else if (pred) fp++;
    else if (labels[i]) fn++;
  }
  const P = tp + fp ? tp / (tp + fp) : 0;
  const R = tp + fn ? tp / (tp + fn) : 0;
  return { threshold, P: r3(P), R: r3(R), F1: r3(P + R ? (2 * P * R) / (P + R) : 0) };
}

/** Out-of-fold margins from a 5-fold cross-validation (folds by hash of the id, or the given folds); see scoresOf(). */
export function crossValidate(rows: Row[], feats: Features, opt: TrainOptions = DEFAULT_OPTIONS, folds: number[] = rows.map((r) => foldOf(r.id))): Float64Array {
  const labels = Uint8Array.from(rows.map((r) => r.label));
  const out = new Float64Array(rows.length);
  for (let k = 0; k < FOLDS; k++) {
    const tr = rows.map((_, i) => i).filter((i) => folds[i] !== k);
    const model = train(
      tr.map((i) => feats[i]!),
      Uint8Array.from(tr.map((i) => labels[i]!)),
      opt,
    );
    rows.forEach((_, i) => {
      if (folds[i] === k) out[i] = margin(model, feats[i]!);
    });
  }
  return out;
}

function fmt(x: number): string {
  const s = (Math.round(x * 1000) / 1000).toString();
  return s === '-0' ? '0' : s;
}

/** Figures the trainer records with the weights (P / R / F1 at 0.5), printed by the eval as recorded. */
export type Figures = Record<string, { P: number; R: number; F1: number; n?: number }>;

/**
 * claimModel.json: how the weights were produced (`about`, one line an entry), the figures measured when they were,
 * the bias shift, and the weights (3 decimals; rules and tags one a line, words several a line, zero words left out).
 */
export function renderModel(model: Model, note: string, about: string[], figures: Figures = {}): string {
  const entries = Object.entries(model.weights)
    .map(([k, v]) => [k, fmt(v)] as const)
    .filter(([k, v]) => v !== '0' || !isWord(k));
  const dense = entries.filter(([k]) => !isWord(k));
  const words = entries.filter(([k]) => isWord(k)).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const items = dense.map(([k, v]) => `  ${JSON.stringify(k)}: ${v}`);
  let line: string[] = [];
  let width = 0;
  for (const [k, v] of words) {
    const item = `${JSON.stringify(k)}: ${v}`;
    if (line.length && width + item.length > 116) (items.push(`  ${line.join(', ')}`), (line = []), (width = 0));
    line.push(item);
    width += item.length + 2;
  }
  if (line.length) items.push(`  ${line.join(', ')}`);
  return [
    `{`,
    ` "note": ${JSON.stringify(note)},`,
    ` "about": [`,
    about.map((h) => `  ${JSON.stringify(h)}`).join(',\n'),
    ` ],`,
    ` "figures": {`,
    Object.entries(figures)
      .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(',\n'),
    ` },`,
    ` "offset": ${model.offset ?? 0},`,
    ` "weights": {`,
    items.join(',\n'),
    ` }`,
    `}`,
    ``,
  ].join('\n');
}

/** The threshold in [0.3, 0.7] (step 0.01) with the best mean F1 over the given score sets (labels: one set for all, or one per set). */
export function bestThreshold(scoreSets: Float64Array[], labels: Uint8Array | Uint8Array[]): number {
  let best = 0.5;
  let bestF = -1;
  for (let t = 0.3; t <= 0.7 + 1e-9; t += 0.01) {
    const th = Math.round(t * 100) / 100;
    const f = scoreSets.reduce((a, sc, k) => a + prf(sc, Array.isArray(labels) ? labels[k]! : labels, th).F1, 0) / scoreSets.length;
    if (f > bestF + 1e-9) (bestF = f), (best = th);
  }
  return best;
}

const logit = (p: number) => Math.log(p / (1 - p));

function printTable(title: string, table: ReturnType<typeof prf>[]): void {
  console.log(title);
  console.log('threshold     P      R     F1');
  for (const r of table) console.log(`${r.threshold.toFixed(2).padStart(9)} ${r.P.toFixed(3).padStart(6)} ${r.R.toFixed(3).padStart(6)} ${r.F1.toFixed(3).padStart(6)}`);
}

/** Lower-cased, white space collapsed: how the data sets are matched to one another. */
export const normText = (t: string): string => t.toLowerCase().split(/\s+/).filter(Boolean).join(' ');

/** The data sets main() trains and measures on, and the training pool. */
export interface ClaimData {
  cb: Row[];
  ct24Train: Row[];
  dev: Row[];
  devtest: Row[];
  /**
   * CheckThat! 2024 train with the ClaimBuster sentences it lacks (by id: both use ClaimBuster's sentence ids), less
   * every sentence whose id or text is in CT24 dev or dev-test, so that both stay held out.
   */
  pool: Row[];
  /** ct20t2_corpus.jsonl's fact-checked claims (ids prefixed "ct20t2:"), less any CT24 dev / dev-test text: check-worthy by construction. */
  extra: Row[];
}

export function readClaimData(evalDir: string): ClaimData {
  const cb = readRows(evalDir);
  const ct24Train = readRows(evalDir, 'ct24_en_train.jsonl');
  const dev = readRows(evalDir, 'ct24_en_dev.jsonl');
  const devtest = readRows(evalDir, 'ct24_en_devtest.jsonl');
  const held = new Set([...dev, ...devtest].flatMap((r) => [r.id, normText(r.text)]));
  const byId = new Map<string, Row>();
  for (const r of [...ct24Train, ...cb]) if (!byId.has(r.id)) byId.set(r.id, r);
  const pool = [...byId.values()].filter((r) => !held.has(r.id) && !held.has(normText(r.text)));
  const extraFile = path.join(evalDir, 'ct20t2_corpus.jsonl');
  const extra = existsSync(extraFile)
    ? readFileSync(extraFile, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as { id: string; text: string })
        .map((o): Row => ({ id: `ct20t2:${o.id}`, text: o.text, label: 1 }))
        .filter((r) => !held.has(normText(r.text)))
    : [];
  return { cb, ct24Train, dev, devtest, pool, extra };
}

const CB_IDS = new WeakMap<Row[], Set<string>>();
/** Per-row training weights: opt.cbWeight for the pool's ClaimBuster sentences, 1 for the others. */
function poolWeights(pool: Row[], cb: Row[], opt: TrainOptions): Float64Array | undefined {
  if (opt.cbWeight === 1 && !pool.some((r) => r.id.startsWith('ct20t2:'))) return undefined;
  let ids = CB_IDS.get(cb);
  if (!ids) CB_IDS.set(cb, (ids = new Set(cb.map((r) => r.id))));
  return Float64Array.from(pool, (r) => (r.id.startsWith('ct20t2:') ? opt.extraWeight : ids!.has(r.id) ? opt.cbWeight : 1));
}

/**
 * ClaimBuster 5-fold cross-validation with the rest of the pool as training data: out-of-fold margins of the
 * ClaimBuster sentences. A test fold's sentences never train (by id or text); with blocked folds (contiguous id
 * ranges) no pool sentence whose id lies in the test block's id range trains either, so whole debates are held out,
 * also their CheckThat! sentences.
 */
export function crossValidatePool(data: ClaimData, poolFeats: Features, cbFeats: Features, opt: TrainOptions, blocked: boolean): Float64Array {
  const { cb, pool } = data;
  const folds = blocked ? blockedFolds(cb) : cb.map((r) => foldOf(r.id));
  const out = new Float64Array(cb.length);
  const weights = poolWeights(pool, cb, opt);
  for (let k = 0; k < FOLDS; k++) {
    const test = cb.filter((_, i) => folds[i] === k);
    const ids = test.map((r) => Number(r.id));
    const lo = Math.min(...ids);
    const hi = Math.max(...ids);
    const out1 = new Set(test.flatMap((r) => [r.id, normText(r.text)]));
    const tr = pool
      .map((_, i) => i)
      .filter((i) => {
        const r = pool[i]!;
        if (out1.has(r.id) || out1.has(normText(r.text))) return false;
        return !(blocked && Number(r.id) >= lo && Number(r.id) <= hi);
      });
    const model = train(
      tr.map((i) => poolFeats[i]!),
      Uint8Array.from(tr.map((i) => pool[i]!.label)),
      opt,
      weights && tr.map((i) => weights[i]!),
    );
    cb.forEach((_, i) => {
      if (folds[i] === k) out[i] = margin(model, cbFeats[i]!);
    });
  }
  return out;
}

const at = (scores: ArrayLike<number>, rows: Row[], th = 0.5) => {
  const r = prf(scores, rows.map((x) => x.label), th);
  return { P: r.P, R: r.R, F1: r.F1, n: rows.length };
};

function main(): void {
  const args = process.argv.slice(2);
  const dirArg = args.indexOf('--dir');
  const evalDir = dirArg >= 0 ? args[dirArg + 1]! : process.env.CORROBORATE_EVAL_DIR ?? path.resolve(process.cwd(), '..', 'shared', 'eval');
  const dryRun = args.includes('--dry-run');
  const noCv = args.includes('--no-cv'); // experiments: --no-cv (dev only), --blocked-only (no random-fold CV)
  const opt: TrainOptions = { ...DEFAULT_OPTIONS };
  for (const a of args) {
    const m = /^--(\w+)=(.+)$/.exec(a);
    if (m && m[1]! in opt) (opt as unknown as Record<string, number>)[m[1]!] = Number(m[2]);
  }
  const t0 = Date.now();
  const data = readClaimData(evalDir);
  // Fact-checked claims as extra positives (never tested on: crossValidatePool tests ClaimBuster sentences only).
  if (opt.extraWeight > 0) data.pool = [...data.pool, ...data.extra];
  const { cb, dev, devtest, pool } = data;
  const poolFeats = featurize(pool);
  const poolLabels = Uint8Array.from(pool.map((r) => r.label));
  const cbFeats = featurize(cb);
  const devFeats = featurize(dev);
  const devtestFeats = featurize(devtest);
  const cbLabels = Uint8Array.from(cb.map((r) => r.label));
  const devLabels = Uint8Array.from(dev.map((r) => r.label));
  const count = (rows: Row[]) => `${rows.length} (${rows.filter((r) => r.label).length} positive)`;
  console.log(
    `pool ${count(pool)}: ct24_en_train ${count(data.ct24Train)} + claimbuster_dev ${count(cb)} by id, less CT24 dev ${count(dev)} and dev-test ${count(devtest)}; options ${JSON.stringify(opt)}`,
  );
  const model = train(poolFeats, poolLabels, opt, poolWeights(pool, cb, opt));
  const zDev = Float64Array.from(devFeats, (f) => margin(model, f));
  const zDevtest = Float64Array.from(devtestFeats, (f) => margin(model, f));
  console.log(`trained on the pool in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const zRandom = noCv || args.includes('--blocked-only') ? null : crossValidatePool(data, poolFeats, cbFeats, opt, false);
  const zBlocked = noCv ? null : crossValidatePool(data, poolFeats, cbFeats, opt, true);
  // The bias is moved so that the default threshold 0.5 sits where F1 is best on average over CT24 dev (held out
  // of the pool) and ClaimBuster's blocked CV (other debates); never on CT24 dev-test.
  const t = bestThreshold(zBlocked ? [scoresOf(zDev, devFeats), scoresOf(zBlocked, cbFeats)] : [scoresOf(zDev, devFeats)], zBlocked ? [devLabels, cbLabels] : [devLabels]);
  const offset = -logit(t);
  const table = (name: string, z: Float64Array, feats: Features, rows: Row[]) => {
    const rowsAt = THRESHOLDS.map((th) => prf(scoresOf(z, feats, offset), rows.map((r) => r.label), th));
    printTable(name, rowsAt);
    return rowsAt;
  };
  const devT = table(`CT24 dev (held out of the pool; bias moved by ${fmt(offset)}: F1-best raw threshold ${t}):`, zDev, devFeats, dev);
  const devtestT = table(`CT24 dev-test (held out; never used to choose anything):`, zDevtest, devtestFeats, devtest);
  const randomT = zRandom && table(`ClaimBuster 5-fold CV, folds by FNV-1a of the id, the rest of the pool training too:`, zRandom, cbFeats, cb);
  const blockedT = zBlocked && table(`ClaimBuster 5-fold CV, blocked folds (contiguous id ranges: whole debates held out, their CT24 sentences too):`, zBlocked, cbFeats, cb);
  const figures: Figures = {
    ct24_dev: at(scoresOf(zDev, devFeats, offset), dev),
    ct24_devtest: at(scoresOf(zDevtest, devtestFeats, offset), devtest),
    ...(zRandom ? { cb_cv_random: at(scoresOf(zRandom, cbFeats, offset), cb) } : {}),
    ...(zBlocked ? { cb_cv_blocked: at(scoresOf(zBlocked, cbFeats, offset), cb) } : {}),
  };
  console.log(`at 0.5: ${Object.entries(figures).map(([k, v]) => `${k} F1 ${v.F1} (P ${v.P}, R ${v.R})`).join(' · ')}`);
  model.weights.bias = (model.weights.bias ?? 0) + offset;
  model.offset = Number(fmt(offset));
  const nWords = Object.keys(model.weights).filter(isWord).length;
  console.log(`${Object.keys(model.weights).length - nWords} rule/tag features, ${nWords} word features; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (dryRun) return;
  if (!zRandom || !blockedT || !randomT) throw new Error('--no-cv is for experiments (--dry-run): the model file records the CV figures');
  const file = path.resolve(__dirname, '..', 'server', 'src', 'engine', 'data', 'claimModel.json');
  const f3 = (x: number) => x.toFixed(3);
  const note =
    `logistic regression on CheckThat! 2024 English train + ClaimBuster (${pool.length} sentences); F1 at 0.5: CT24 dev ${figures.ct24_dev!.F1}, ` +
    `dev-test ${figures.ct24_devtest!.F1}; ClaimBuster 5-fold CV ${figures.cb_cv_random!.F1} (random folds), ${figures.cb_cv_blocked!.F1} (blocked folds)`;
  const src = renderModel(
    model,
    note,
    [
      'Weights of the check-worthiness model (logistic regression over the features of claims.ts). GENERATED by',
      '`npx tsx scripts/trainClaims.ts`; do not edit by hand. Learned weights only; no text from the data.',
      `Data (../shared/eval): the pool is ct24_en_train.jsonl (CheckThat! 2024 task 1 English, ${count(data.ct24Train)}) with the`,
      `claimbuster_dev.jsonl sentences it lacks (ClaimBuster 2.5xNCS, ${count(cb)}; both use ClaimBuster's sentence ids),`,
      `less every sentence whose id or text is in ct24_en_dev (${count(dev)}) or ct24_en_devtest (${count(devtest)}): ${count(pool)}.`,
      `ClaimBuster sentences weigh ${opt.cbWeight} against 1 for the others.`,
      `Features: claimFeatures() in claims.ts: rules, lexicon-tag counts, the mean word vector (vec0..vec${CLAIM_VECTORS.dims - 1}: ${CLAIM_VECTORS.dims}-d PCA of`,
      `pretrained embeddings, data/claimVectors.json, x ${VECTOR_SCALE}), words (w: unigram, m: crude stem, b: bigram, s: first word;`,
      `lower-cased, numbers as <num> / <year>) and bigrams of coarse word classes (p:, from lexicon tags: pronoun by person, negation,`,
      `modal, past tense, copula...), word and class features scaled by sqrt(${WORD_NORM} / words in the sentence).`,
      `Fit: class-weighted (positive x${opt.posWeight}) logistic regression, L-BFGS, L2 ${opt.lambdaDense} on rules/tags, ${opt.lambdaWords} on words`,
      `(x${opt.ngramFactor} on bigrams) and ${opt.lambdaClass || opt.lambdaWords} on class bigrams; words occurring in fewer than ${opt.minDf} sentences dropped, then the ${opt.maxWords} with the largest`,
      `|weight| x sqrt(frequency) kept and the model refitted. News-genre rules capped at ${Object.entries(RULE_CAPS)
        .map(([k, v]) => `${k} <= ${v}`)
        .join(', ')};`,
      `questions' and labels' scores are capped at ${QUESTION_CAP} (claims.ts).`,
      `The bias is moved by ${fmt(offset)} (-logit ${t}) so that 0.5 is the threshold with the best mean F1 over CT24 dev and`,
      `ClaimBuster's blocked CV. CT24 dev-test chose nothing. P / R / F1 by threshold (after the move):`,
      ...THRESHOLDS.map(
        (th, i) =>
          `  ${th.toFixed(2)}: CT24 dev ${f3(devT[i]!.P)} ${f3(devT[i]!.R)} ${f3(devT[i]!.F1)} | dev-test ${f3(devtestT[i]!.P)} ${f3(devtestT[i]!.R)} ${f3(devtestT[i]!.F1)}` +
          ` | CB CV random ${f3(randomT[i]!.P)} ${f3(randomT[i]!.R)} ${f3(randomT[i]!.F1)} | blocked ${f3(blockedT[i]!.P)} ${f3(blockedT[i]!.R)} ${f3(blockedT[i]!.F1)}`,
      ),
      `ClaimBuster CV: 5 folds of claimbuster_dev, by FNV-1a of the id (random) or contiguous id ranges (blocked: whole debates),`,
      `the rest of the pool training too; a test fold's sentences never train, and with blocked folds no pool sentence in the`,
      `block's id range does. Vocabulary chosen inside each fold.`,
      `Size: ${Object.keys(model.weights).length - nWords} rule/tag weights and ${nWords} word weights (zero-rounded word weights omitted), 3 decimals each.`,
    ],
    figures,
  );
  writeFileSync(file, src);
  console.log(`wrote ${path.relative(process.cwd(), file)} (${(Buffer.byteLength(src) / 1024).toFixed(1)} KB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (/trainClaims\.[cm]?[tj]s$/.test(process.argv[1] ?? '')) main();
