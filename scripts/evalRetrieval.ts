// Retrieval quality on CLEF CheckThat! 2020 task 2 (ct20t2): every fact-checked claim written as a
// document (title on the first line), every tweet run through `corroborate search --queries --top 5`,
// exactly as a user would; MAP@5 over the dev queries.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MemoryIndex } from '../server/src/corpus/index';

export interface Claim {
  id: string;
  text: string;
  title: string;
}
export interface Query {
  id: string;
  query: string;
  positives: string[];
}

export function jsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** A claim as the document the CLI reads: its file name and its text (the title on the first line). */
export const claimFile = (c: Claim): { name: string; text: string } => ({ name: `${c.id}.txt`, text: `${c.title}\n${c.text}\n` });

/**
 * The claims indexed in memory in the order the CLI reads their files (name order), or the opposite order:
 * near-duplicate claims tie exactly and the tie goes to the one indexed first, so the order matters.
 */
export function indexClaims(claims: Claim[], reverse = false): MemoryIndex {
  const index = new MemoryIndex();
  const files = claims.map(claimFile).sort((a, b) => a.name.localeCompare(b.name) * (reverse ? -1 : 1));
  for (const f of files) index.upsert(f.name, f.text);
  return index;
}

/** Average precision of the first five of `got` (claim ids) against the relevant ids, over min(relevant, 5). */
export function averagePrecisionAt5(got: string[], positives: Array<string | number>): number {
  const rel = new Set(positives.map(String));
  let hits = 0;
  let ap = 0;
  got.slice(0, 5).forEach((d, i) => {
    if (rel.has(d)) ap += ++hits / (i + 1);
  });
  return ap / Math.min(rel.size, 5);
}

/**
 * MAP@5, P@1 and recall@5 of `corroborate search --top 5` over the claims. With `archiveUrl` (an empty
 * database), the claims are ingested into the archive and searched with `--archive` instead of `--corpus`.
 */
export function evalRetrieval(evalDir: string, cli: string, split = 'dev', archiveUrl?: string): Record<string, unknown> {
  const claims = jsonl<Claim>(path.join(evalDir, 'ct20t2_corpus.jsonl'));
  const queries = jsonl<Query>(path.join(evalDir, `ct20t2_${split}.jsonl`));
  const tmp = mkdtempSync(path.join(tmpdir(), 'corroborate-ct20-'));
  try {
    const dir = path.join(tmp, 'corpus');
    mkdirSync(dir);
    for (const f of claims.map(claimFile)) writeFileSync(path.join(dir, f.name), f.text);
    const qfile = path.join(tmp, 'queries.jsonl');
    writeFileSync(qfile, queries.map((q) => JSON.stringify({ id: q.id, text: q.query })).join('\n') + '\n');
    let ingestMs: number | undefined;
    if (archiveUrl) {
      const t = Date.now();
      const ing = spawnSync(process.execPath, [cli, 'archive', 'ingest', '--db', archiveUrl, dir], { encoding: 'utf8' });
      if (ing.status !== 0) throw new Error(`archive ingest failed: ${ing.stderr}`);
      ingestMs = Date.now() - t;
    }
    const t0 = Date.now();
    const source = archiveUrl ? ['--archive', archiveUrl] : ['--corpus', dir];
    const r = spawnSync(process.execPath, [cli, 'search', ...source, '--queries', qfile, '--top', '5'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const ms = Date.now() - t0;
    if (r.status !== 0) throw new Error(`search failed: ${r.stderr}`);
    const results = new Map<string, string[]>();
    for (const line of r.stdout.split('\n')) {
      if (!line.trim()) continue;
      const o = JSON.parse(line) as { id: string; results: Array<{ path: string }> };
      results.set(String(o.id), o.results.map((p) => path.basename(p.path, '.txt')));
    }
    let sumAp = 0;
    let hit1 = 0;
    let hit5 = 0;
    for (const q of queries) {
      const got = results.get(String(q.id)) ?? [];
      const rel = new Set(q.positives.map(String));
      sumAp += averagePrecisionAt5(got, q.positives);
      if (got[0] && rel.has(got[0])) hit1++;
      if (got.slice(0, 5).some((d) => rel.has(d))) hit5++;
    }
    const n = queries.length;
    return { split, queries: n, documents: claims.length, 'MAP@5': r3(sumAp / n), 'P@1': r3(hit1 / n), 'recall@5': r3(hit5 / n), cli_wall_ms: ms, ...(ingestMs !== undefined ? { archive: true, ingest_ms: ingestMs } : {}) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
