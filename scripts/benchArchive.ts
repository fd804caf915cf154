// `npm run bench -- --archive [SIZES...]`: the shared archive (issue 17), in a private PostgreSQL cluster.
// For 10,000 and 100,000 articles (the bench's workspaces of real article text): `archive ingest` wall time,
// database size, search latency p50/p95 through the archive (the editor's queries: claim sentences with the
// corroboration threshold; and the CLI's: `search --top 5` without one), and what the archive adds to an
// editor's first diagnostics (a ~3,000-word article opened in an empty workspace, archive off and on: the
// first diagnostics, and the time until the archive's passages are in them). Reported, never asserted.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URI } from 'vscode-uri';
import { ArchiveSearcher, archiveStats, connect } from '../server/src/corpus/archive/db';
import { startCluster } from '../tests/archive/cluster';
import { CLI, TestClient } from '../tests/lsp/client';

const r1 = (x: number) => Math.round(x * 10) / 10;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
}

/** Claim-like sentences of the source texts (the queries an editor sends for a draft's claims). */
function sentences(texts: string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < n && i < texts.length * 40; i++) {
    const t = texts[(i * 7919) % texts.length]!;
    const parts = t.split(/(?<=[.!?])\s+/).filter((s) => s.length > 60 && s.length < 300);
    if (parts.length) out.push(parts[(i * 31) % parts.length]!);
  }
  return out;
}

async function editorSession(dir: string, article: string, url: string | null) {
  const client = new TestClient({ pull: false, rootUri: URI.file(dir).toString(), settings: url ? { archive: { url } } : {} });
  try {
    await client.initialize();
    const uri = 'untitled:Archive-bench';
    const analyzed = (n: number) => {
      let k = 0;
      return client.waitFor('analyzed', (p: { uri: string }) => p.uri === uri && ++k === n);
    };
    const first = analyzed(1);
    const second = url ? analyzed(2) : null;
    const t0 = performance.now();
    client.open(uri, 'plaintext', article);
    await client.diagnosticsOf(uri);
    await first;
    const firstMs = performance.now() - t0;
    let archiveMs = NaN;
    if (second) {
      await second;
      archiveMs = performance.now() - t0;
    }
    return { firstMs, archiveMs };
  } finally {
    await client.shutdown();
  }
}

export async function archiveBench(
  sizes: number[],
  texts: string[],
  build: (n: number, texts: string[]) => { dir: string; bytes: number; files: string[] },
  article: string,
): Promise<Record<string, unknown>> {
  // A desk's server would have memory for its archive: 2 GB of shared buffers (of this machine's 24 GB); the
  // rest as Debian's defaults. fsync is off in this throw-away cluster (as in the tests).
  const cluster = await startCluster({ shared_buffers: '2GB' });
  if (!cluster) return { skipped: 'PostgreSQL is not installed (apt-get install postgresql)' };
  const rows: Array<Record<string, unknown>> = [];
  try {
    for (const n of sizes) {
      process.stderr.write(`bench --archive: ${n} articles (load average ${loadavg().map((x) => x.toFixed(2)).join(' ')})...\n`);
      const ws = build(n, texts);
      const url = await cluster.createDatabase(`bench${n}`);
      const t0 = performance.now();
      const ing = spawnSync(process.execPath, [CLI, 'archive', 'ingest', '--db', url, ws.dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const ingestMs = performance.now() - t0;
      if (ing.status !== 0) throw new Error(`ingest failed: ${ing.stderr}`);
      const pool = connect(url, { readOnly: true, max: 2 });
      const stats = await archiveStats(pool);
      // Distinct sentences for the warm-up and for each measurement, and a new searcher each time: no query
      // meets the searcher's caches warm from the same query (a document's own repeated terms still do).
      const qs = sentences(texts, 420);
      const time = async (set: string[], options: { top: number; minScore?: number; perDocument: boolean }) => {
        const searcher = new ArchiveSearcher(pool);
        for (const q of qs.slice(400, 420)) await searcher.search(q, options); // warm-up (connections, plans)
        for (const k of Object.keys(searcher.cost) as Array<keyof typeof searcher.cost>) searcher.cost[k] = 0;
        const ms: number[] = [];
        for (const q of set) {
          const t = performance.now();
          await searcher.search(q, options);
          ms.push(performance.now() - t);
        }
        // Where a search's time went, on average (ms), and what it read.
        const c = searcher.cost;
        const per = (x: number) => r1(x / Math.max(1, c.searches));
        const mean = {
          head: per(c.head),
          postings: per(c.postings),
          walk: per(c.walk),
          passages: per(c.passages),
          rank: per(c.rank),
          shown: per(c.shown),
          posting_KB: r1(c.postingBytes / 1024 / Math.max(1, c.searches)),
          postings_read: Math.round(c.walked / Math.max(1, c.searches)),
          terms_walked_in_full: `${per(c.fullTerms)} of ${per(c.terms)}`,
          passages_fetched: Math.round(c.passagesFetched / Math.max(1, c.searches)),
        };
        return { n: ms.length, p50: r1(pct(ms, 50)), p95: r1(pct(ms, 95)), max: r1(Math.max(...ms)), mean };
      };
      const editor = await time(qs.slice(0, 200), { top: 5, minScore: 0.3, perDocument: true });
      const cliSearch = await time(qs.slice(200, 400), { top: 5, perDocument: true });
      await pool.end();
      // The CLI as a user runs it, one process a query (Node's start, the connection, one search, JSON out).
      const proc: number[] = [];
      for (const q of qs.slice(200, 220)) {
        const t = performance.now();
        const r = spawnSync(process.execPath, [CLI, 'search', '--archive', url, '--format', 'json', '--top', '5', q], { encoding: 'utf8' });
        proc.push(performance.now() - t);
        if (r.status !== 0) throw new Error(`search failed: ${r.stderr}`);
      }
      // The editor: an empty workspace (the archive is the only corpus), the article opened at once.
      const empty = mkdtempSync(path.join(tmpdir(), 'corroborate-archive-bench-'));
      mkdirSync(path.join(empty, 'ws'));
      const off = await editorSession(path.join(empty, 'ws'), article, null);
      const on = await editorSession(path.join(empty, 'ws'), article, url);
      rmSync(empty, { recursive: true, force: true });
      rows.push({
        articles: n,
        MB: r1(ws.bytes / 1e6),
        ingest_s: r1(ingestMs / 1000),
        ingest_output: ing.stdout.trim(),
        database_MB: r1(stats.databaseBytes / 1e6),
        passages: stats.passages,
        terms: stats.terms,
        search_editor_ms: editor,
        search_cli_ms: cliSearch,
        cli_process_ms: { n: proc.length, p50: r1(pct(proc, 50)), p95: r1(pct(proc, 95)) },
        load_average: loadavg().map((x) => Math.round(x * 100) / 100),
        first_diagnostics_ms: { archive_off: r1(off.firstMs), archive_on: r1(on.firstMs), added: r1(on.firstMs - off.firstMs) },
        archive_passages_in_diagnostics_ms: r1(on.archiveMs),
      });
      process.stderr.write(JSON.stringify(rows[rows.length - 1]) + '\n');
    }
  } finally {
    cluster.stop();
  }
  return { archive: rows };
}
