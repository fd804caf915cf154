// Per-sentence cost of the check-worthiness score: `npx tsx scripts/benchClaimScore.ts [--dir EVAL_DIR]`.
// Tokenises the CheckThat! 2024 dev and dev-test sentences (../shared/eval) once, then times claimScore() over all of
// them (features + weights; the first pass warms the word cache and decodes the vectors, as the first document
// of a session would), best of 7 passes; also the cold first pass, and analyze() on one ~2,000-word text made
// of the same sentences (every engine stage, for scale; run after the passes above, so words are in the cache).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze } from '../server/src/engine/analyze';
import { claimScore } from '../server/src/engine/claims';
import { tokenize } from '../server/src/engine/tokens';

const args = process.argv.slice(2);
const dirArg = args.indexOf('--dir');
const evalDir = dirArg >= 0 ? args[dirArg + 1]! : path.resolve(process.cwd(), '..', 'shared', 'eval');
const texts = ['ct24_en_dev.jsonl', 'ct24_en_devtest.jsonl'].flatMap((f) =>
  readFileSync(path.join(evalDir, f), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text),
);
const tokens = texts.map((t) => tokenize(t));
const time = (): number => {
  const t0 = performance.now();
  let sink = 0;
  for (let i = 0; i < texts.length; i++) sink += claimScore(texts[i]!, tokens[i]!);
  if (sink < 0) throw new Error('unreachable');
  return ((performance.now() - t0) * 1000) / texts.length;
};
const cold = time();
let best = Infinity;
for (let pass = 0; pass < 7; pass++) best = Math.min(best, time());
let article = '';
for (let i = 0; article.split(/\s+/).length < 2000; i++) article += texts[i % texts.length] + (i % 5 === 4 ? '\n\n' : ' ');
// The first pass is cold; later ones find the sentences' tokens and scores in analyze()'s cache (an edit).
const analyzeTimes: number[] = [];
for (let pass = 0; pass < 5; pass++) {
  const t0 = performance.now();
  analyze(article + ' '.repeat(pass));
  analyzeTimes.push(performance.now() - t0);
}
console.log(
  `claimScore: ${best.toFixed(1)} µs a sentence (best of 7 passes over ${texts.length} sentences; first, cold pass ${cold.toFixed(1)} µs); ` +
    `analyze() of a ${article.split(/\s+/).length}-word text: ${analyzeTimes[0]!.toFixed(1)} ms cold, ${Math.min(...analyzeTimes.slice(1)).toFixed(1)} ms again (cached sentences)`,
);
