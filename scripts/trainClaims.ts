// Trains the check-worthiness model: `npx tsx scripts/trainClaims.ts [--dir EVAL_DIR] [--dry-run]`.
//
// Reads claimbuster_dev.jsonl (sentences with `label` 1 = check-worthy factual claim) from ../shared/eval,
// extracts features with the engine's own claimFeatures() (rules, tags, words and the mean of the sentence's
// word vectors from data/claimVectors.json, built by scripts/buildClaimVectors.ts), fits a class-weighted logistic regression with
// L2 (L-BFGS, written here), prunes the word vocabulary to the most useful entries, reports 5-fold
// cross-validated precision / recall / F1 (folds by a hash of the id; the vocabulary is chosen inside each
// fold) and finally trains on everything and rewrites server/src/engine/data/claimModel.json. Only weights are
// written, never text from the data. The news-genre rule features (RULE_CAPS in claims.ts) are held at or
// below their caps so that questions, opinion and predictions keep pushing scores down.
//
// Tried on this data without a gain worth keeping (CV F1 at 0.5, random / blocked; the vector features give
// 0.795 / 0.777, without them 0.775 / 0.766): the full 100-d vectors instead of the 16-d PCA (0.795 / 0.781;
// 32-d: 0.794 / 0.779), SIF-weighted mean vectors as extra features (0.794 / 0.781), max and min pooling of
// the vectors (0.794 / 0.776), a heavier L2 on words (0.794 / 0.778), and a joint fit with a 16-unit ReLU
// hidden layer over the dense features (0.797 / 0.778, in-sample 0.885: more fit, not more generalisation).
import { readFileSync, writeFileSync } from 'node:fs';
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
}

export const DEFAULT_OPTIONS: TrainOptions = {
  lambdaDense: 1e-4,
  lambdaWords: 5e-4,
  posWeight: 2,
  minDf: 3,
  maxWords: 2500,
  iterations: 300,
  nbFloor: 0,
  ngramFactor: 3,
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
function fit(feats: Features, labels: Uint8Array, names: string[], opt: TrainOptions): Float64Array {
  const index = new Map(names.map((n, j) => [n, j]));
  const X = encode(feats, index);
  const d = names.length;
  const lambda = new Float64Array(d);
  names.forEach((n, j) => (lambda[j] = n === 'bias' ? 0 : isWord(n) ? opt.lambdaWords * (/^b:/.test(n) ? opt.ngramFactor : 1) : opt.lambdaDense));
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
  labels.forEach((l, i) => (cw[i] = l ? opt.posWeight : 1));
  const w = new Float64Array(d);
  const fixed = new Uint8Array(d);
  for (let round = 0; round < 5; round++) {
    lbfgs(X, labels, cw, lambda, w, fixed, opt.iterations);
    let changed = false;
    for (const [name, capValue] of Object.entries(RULE_CAPS)) {
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
export function train(feats: Features, labels: Uint8Array, opt: TrainOptions = DEFAULT_OPTIONS): Model {
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
  let w = fit(feats, labels, names, opt);
  if (candidates.length > opt.maxWords) {
    // Keep the word features that move scores most over the data: |weight| x sqrt(document frequency).
    const ranked = candidates
      .map((k, i) => ({ k, s: Math.abs(w[denseNames.length + i]!) * Math.sqrt(df.get(k)!) }))
      .sort((a, b) => b.s - a.s || (a.k < b.k ? -1 : 1))
      .slice(0, opt.maxWords)
      .map((x) => x.k)
      .sort();
    names = [...denseNames, ...ranked];
    w = fit(feats, labels, names, opt);
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

/** The threshold in [0.3, 0.7] (step 0.01) with the best mean F1 over the given out-of-fold score sets. */
export function bestThreshold(scoreSets: Float64Array[], labels: Uint8Array): number {
  let best = 0.5;
  let bestF = -1;
  for (let t = 0.3; t <= 0.7 + 1e-9; t += 0.01) {
    const th = Math.round(t * 100) / 100;
    const f = scoreSets.reduce((a, sc) => a + prf(sc, labels, th).F1, 0) / scoreSets.length;
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

function main(): void {
  const args = process.argv.slice(2);
  const dirArg = args.indexOf('--dir');
  const evalDir = dirArg >= 0 ? args[dirArg + 1]! : process.env.CORROBORATE_EVAL_DIR ?? path.resolve(process.cwd(), '..', 'shared', 'eval');
  const dryRun = args.includes('--dry-run');
  const opt: TrainOptions = { ...DEFAULT_OPTIONS };
  for (const a of args) {
    const m = /^--(\w+)=(.+)$/.exec(a);
    if (m && m[1]! in opt) (opt as unknown as Record<string, number>)[m[1]!] = Number(m[2]);
  }
  const t0 = Date.now();
  const rows = readRows(evalDir);
  const feats = featurize(rows);
  const labels = Uint8Array.from(rows.map((r) => r.label));
  const positives = labels.reduce((a, b) => a + b, 0);
  console.log(`claimbuster_dev: ${rows.length} sentences, ${positives} positive; options ${JSON.stringify(opt)}`);
  const zRandom = crossValidate(rows, feats, opt);
  const zBlocked = crossValidate(rows, feats, opt, blockedFolds(rows));
  // The bias is moved so that the default threshold 0.5 sits where the cross-validated F1 is best.
  const t = bestThreshold([scoresOf(zRandom, feats), scoresOf(zBlocked, feats)], labels);
  const offset = -logit(t);
  const random = THRESHOLDS.map((th) => prf(scoresOf(zRandom, feats, offset), labels, th));
  const blocked = THRESHOLDS.map((th) => prf(scoresOf(zBlocked, feats, offset), labels, th));
  printTable(`5-fold CV, folds by FNV-1a of the id (bias moved by ${fmt(offset)}: F1-best raw threshold ${t}):`, random);
  printTable(`5-fold CV, blocked folds (contiguous id ranges: other debates, other years):`, blocked);
  const cvR = random.find((r) => r.threshold === 0.5)!;
  const cvB = blocked.find((r) => r.threshold === 0.5)!;
  console.log(`CV F1 at 0.5: random ${cvR.F1}, blocked ${cvB.F1}`);
  const model = train(feats, labels, opt);
  model.weights.bias = (model.weights.bias ?? 0) + offset;
  model.offset = Number(fmt(offset));
  const all = feats.map((f) => score(model, f));
  const fit = prf(all, labels, 0.5);
  const nWords = Object.keys(model.weights).filter(isWord).length;
  console.log(`all data: F1 ${fit.F1} (P ${fit.P}, R ${fit.R}) at 0.5; ${Object.keys(model.weights).length - nWords} rule/tag features, ${nWords} word features`);
  if (dryRun) return;
  const file = path.resolve(__dirname, '..', 'server', 'src', 'engine', 'data', 'claimModel.json');
  const note = `logistic regression on claimbuster_dev (${rows.length} sentences); 5-fold CV F1 at 0.5: ${cvR.F1} (random folds), ${cvB.F1} (blocked folds)`;
  const src = renderModel(model, note, [
    'Weights of the check-worthiness model (logistic regression over the features of claims.ts). GENERATED by',
    '`npx tsx scripts/trainClaims.ts`; do not edit by hand. Learned weights only; no text from the data.',
    `Data: ClaimBuster 2.5xNCS sentences from US presidential debates (../shared/eval/claimbuster_dev.jsonl,`,
    `${rows.length} sentences, ${positives} check-worthy). Features: claimFeatures() in claims.ts: rules, lexicon-tag`,
    `counts, the mean word vector (vec0..vec${CLAIM_VECTORS.dims - 1}: ${CLAIM_VECTORS.dims}-d PCA of pretrained embeddings, data/claimVectors.json, x ${VECTOR_SCALE}), and words`,
    `(w: unigram, m: crude stem, b: bigram, s: first word; lower-cased, numbers as <num> / <year>),`,
    `word features scaled by sqrt(${WORD_NORM} / words in the sentence).`,
    `Fit: class-weighted (positive x${opt.posWeight}) logistic regression, L-BFGS, L2 ${opt.lambdaDense} on rules/tags and`,
    `${opt.lambdaWords} on words (x${opt.ngramFactor} on bigrams); words occurring in fewer than ${opt.minDf} sentences dropped, then the ${opt.maxWords}`,
    `with the largest |weight| x sqrt(frequency) kept and the model refitted. News-genre rules (questions, first-person`,
    `opinion, predictions, exclamations, imperatives, pleasantries, title case, no final punctuation) capped at`,
    `${Object.entries(RULE_CAPS)
      .map(([k, v]) => `${k} <= ${v}`)
      .join(', ')}; questions' scores are capped at ${QUESTION_CAP} (claims.ts).`,
    `The bias is moved by ${fmt(offset)} (-logit ${t}) so that 0.5 is the threshold with the best mean cross-validated F1.`,
    `5-fold cross-validation, vocabulary chosen inside each fold; random folds (FNV-1a hash of the id) and blocked`,
    `folds (contiguous id ranges, i.e. whole debates of other years):`,
    ...THRESHOLDS.map(
      (th, i) =>
        `  threshold ${th.toFixed(2)}: random P ${random[i]!.P.toFixed(3)} R ${random[i]!.R.toFixed(3)} F1 ${random[i]!.F1.toFixed(3)}` +
        ` | blocked P ${blocked[i]!.P.toFixed(3)} R ${blocked[i]!.R.toFixed(3)} F1 ${blocked[i]!.F1.toFixed(3)}`,
    ),
    `Fit on all data at 0.5 (in-sample, optimistic): P ${fit.P}, R ${fit.R}, F1 ${fit.F1}.`,
    `Size: ${Object.keys(model.weights).length - nWords} rule/tag weights and ${nWords} word weights (zero-rounded word weights omitted), 3 decimals each.`,
  ], { cv_random: cvR, cv_blocked: cvB });
  writeFileSync(file, src);
  console.log(`wrote ${path.relative(process.cwd(), file)} (${(Buffer.byteLength(src) / 1024).toFixed(1)} KB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (/trainClaims\.[cm]?[tj]s$/.test(process.argv[1] ?? '')) main();
