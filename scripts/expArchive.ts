// Ranking parity of the shared archive (issue 17): CheckThat! 2020 task 2 through `corroborate search`, once
// with the claims as a `--corpus` directory (the in-memory index) and once ingested into a private PostgreSQL
// cluster and searched with `--archive`. Reads ../shared/eval at run time; prints figures only.
//   npm run build && npx tsx scripts/expArchive.ts [dev|train]
import * as path from 'node:path';
import { startCluster } from '../tests/archive/cluster';
import { evalRetrieval } from './evalRetrieval';

async function main(): Promise<void> {
  const dir = process.env.CORROBORATE_EVAL_DIR ?? path.resolve(process.cwd(), '..', 'shared', 'eval');
  const cli = path.resolve('dist/cli/main.js');
  const split = process.argv[2] ?? 'dev';
  const cluster = await startCluster();
  if (!cluster) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  try {
    const memory = evalRetrieval(dir, cli, split);
    const url = await cluster.createDatabase('ct20');
    const archive = evalRetrieval(dir, cli, split, url);
    console.log(JSON.stringify({ memory, archive }, null, 1));
  } finally {
    cluster.stop();
  }
}
void main();
