// Development harness for retrieval (not part of the product or of `npm run eval`): indexes ct20t2 in
// memory, scores the train and dev tweets with MemoryIndex.search as `corroborate search --top 5` does
// (same figures as `npm run eval -- retrieval` / `retrieval-train`, in seconds rather than a CLI run), and
// with `misses` prints every query whose first result is wrong, with the gold and the top claim.
// With `reverse` the claims are indexed in the opposite order, so that exact ties (near-duplicate claims)
// fall the other way: the spread between the two runs is what ties are worth.
// Reads ../shared/eval at run time; prints data only to the terminal.
//   npx tsx scripts/expRetrieval.ts [misses] [reverse]
import * as path from 'node:path';
import { averagePrecisionAt5, indexClaims, jsonl, type Claim, type Query } from './evalRetrieval';

const dir = process.env.CORROBORATE_EVAL_DIR ?? path.resolve(process.cwd(), '..', 'shared', 'eval');
const claims = jsonl<Claim>(path.join(dir, 'ct20t2_corpus.jsonl'));
const byId = new Map(claims.map((c) => [c.id, c]));
const t0 = performance.now();
// Indexed as the CLI reads the files (name order; see indexClaims), or the other way round with `reverse`.
const index = indexClaims(claims, process.argv.includes('reverse'));
const tIndex = performance.now() - t0;
const mode = process.argv.includes('misses') ? 'misses' : '';
for (const split of ['train', 'dev']) {
  const qs = jsonl<Query>(path.join(dir, `ct20t2_${split}.jsonl`));
  let ap = 0, h1 = 0, h5 = 0;
  const t1 = performance.now();
  for (const q of qs) {
    const got = index.search(q.query, { top: 5, perDocument: true }).map((p) => path.basename(p.path, '.txt'));
    const rel = new Set(q.positives.map(String));
    ap += averagePrecisionAt5(got, q.positives);
    if (got[0] && rel.has(got[0])) h1++;
    if (got.some((d) => rel.has(d))) h5++;
    if (mode === 'misses' && !(got[0] && rel.has(got[0]))) {
      const pos = q.positives[0]!;
      const rank = got.indexOf(pos);
      console.log(`\n[${split} ${q.id}] rank=${rank < 0 ? '-' : rank + 1} Q: ${q.query}`);
      console.log(`  GOLD ${pos}: ${byId.get(pos)?.title} | ${byId.get(pos)?.text}`);
      if (got[0]) console.log(`  TOP  ${got[0]}: ${byId.get(got[0])?.title} | ${byId.get(got[0])?.text}`);
    }
  }
  const ms = performance.now() - t1;
  const n = qs.length;
  console.log(`${split}: MAP@5 ${(ap / n).toFixed(3)} P@1 ${(h1 / n).toFixed(3)} R@5 ${(h5 / n).toFixed(3)}  (${(ms / n).toFixed(2)} ms/query)`);
}
console.log(`index ${tIndex.toFixed(0)} ms`);
