// `npm run bench`: speed and memory figures, reported (never asserted).
//
// Builds workspaces of 100, 1,000 and 10,000 real-sized articles (the texts of
// ../shared/eval/polnear_train_quoted.jsonl when present, each copy with a distinct ending; generated
// text otherwise) under .cache/bench/, then measures through the real language server over stdio:
// index time (and again from the index kept on disk), throughput and peak RSS; first diagnostics of a ~3,000-word article; diagnostics after a
// one-word edit; hover p50/p95; search latency; and the CLI `check` of one article against the whole
// workspace (wall time, start-up included). In the same run: the floor (one regex tokenizer pass over
// the same files) and the peer (MiniSearch indexing the same files), with ratios. Each session opens another
// article the moment the server is initialized and hovers over it while the workspace is read: the time until
// its settled verdicts (first diagnostics computed once reading ended), with and without the index kept on
// disk, and the hover latency meanwhile.
//
//   npm run bench                    all sizes
//   npm run bench -- 100 1000        some sizes
//   npm run bench -- --seeds         the five seed articles only
//   npm run bench -- --formats [N]   sources in other formats: N PDFs and N saved web pages (default 1,000 each)
//                                    made from the same article texts; extraction per file, then the server
//                                    and the CLI on that workspace (throughput, peak memory, reopen)
//   npm run bench -- --archive       the shared archive in PostgreSQL, 10,000 and 100,000 articles (benchArchive.ts)
//   npm run bench -- --sessions [N]  only the two editor sessions on N articles (default 10,000): a fresh one and one
//                                    with the index kept on disk (settled verdicts, hovers while reading, reopen)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URI } from 'vscode-uri';
import { TestClient, CLI, ROOT } from '../tests/lsp/client';
import { corroborate } from '../server/src/corpus/corroborate';
import { CachedCorpus } from '../server/src/corpus/cache';
import { MemoryIndex } from '../server/src/corpus/index';
import { analyze } from '../server/src/engine/analyze';
import { defaultSettings } from '../server/src/settings';
import { makeHtmlPage, makePdf } from '../tests/formats/fixtures';
import { readCorpusFile } from '../server/src/corpus/files';
import { archiveBench } from './benchArchive';

const SHARED = path.resolve(ROOT, '..', 'shared');
const CACHE = path.join(ROOT, '.cache', 'bench');
/** Pause between two hovers while the workspace is read. */
const HOVER_GAP_MS = 25;
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
}

function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? r1(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

// ------------------------------------------------------------------------------------------ data
function sourceTexts(): { texts: string[]; origin: string } {
  const f = path.join(SHARED, 'eval', 'polnear_train_quoted.jsonl');
  if (existsSync(f)) {
    const texts = readFileSync(f, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { text: string }).text);
    return { texts, origin: 'polnear_train_quoted.jsonl' };
  }
  // Generated text: sentences from a small vocabulary, with names, numbers and quotes.
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const words = 'council budget bridge river flood mayor engineers repair million percent report minister election voters campaign spokesman police hospital school tax jobs market prices energy court ruling'.split(' ');
  const names = ['Elena Varga', 'Tomas Reddy', 'Ruth Ashdown', 'Hal Brennock', 'Anna Petrakis'];
  const texts: string[] = [];
  for (let a = 0; a < 500; a++) {
    const paras: string[] = [];
    for (let p = 0; p < 12; p++) {
      const sents: string[] = [];
      for (let s = 0; s < 3; s++) {
        const n = 8 + Math.floor(rnd() * 14);
        const w = Array.from({ length: n }, () => words[Math.floor(rnd() * words.length)]!);
        w[0] = w[0]![0]!.toUpperCase() + w[0]!.slice(1);
        if (rnd() < 0.3) w.push(String(Math.floor(rnd() * 1000)));
        sents.push(rnd() < 0.2 ? `“${w.join(' ')},” ${names[Math.floor(rnd() * names.length)]} said.` : w.join(' ') + '.');
      }
      paras.push(sents.join(' '));
    }
    texts.push(paras.join('\n\n'));
  }
  return { texts, origin: 'generated' };
}

function buildWorkspace(n: number, texts: string[]): { dir: string; bytes: number; files: string[] } {
  const dir = path.join(CACHE, `ws-${n}`);
  const marker = path.join(dir, '.complete');
  if (!existsSync(marker)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < n; i++) {
      const sub = path.join(dir, `d${Math.floor(i / 500)}`);
      if (i % 500 === 0) mkdirSync(sub, { recursive: true });
      writeFileSync(path.join(sub, `a${i}.txt`), `${texts[i % texts.length]}\n\nArchive copy ${i}, desk ${i % 97}, reel ${Math.floor(i / 97)}.\n`);
    }
    writeFileSync(marker, '');
  }
  const files: string[] = [];
  let bytes = 0;
  for (const d of readdirSync(dir)) {
    const sub = path.join(dir, d);
    if (!statSync(sub).isDirectory()) continue;
    for (const f of readdirSync(sub)) {
      files.push(path.join(sub, f));
      bytes += statSync(path.join(sub, f)).size;
    }
  }
  return { dir, bytes, files };
}

/** A ~3,000-word article made of several source articles (not in the workspace). */
function bigArticle(texts: string[]): string {
  let out = '';
  for (let i = texts.length - 1; i >= 0 && out.split(/\s+/).length < 3000; i--) out += texts[i] + '\n\n';
  return out;
}

// ------------------------------------------------------------------------------------------ floor and peer
function inChild(code: string, args: string[]): Record<string, number> {
  const r = spawnSync(process.execPath, ['-e', code, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

const FLOOR = `
const fs = require('fs');
const files = fs.readFileSync(process.argv[1], 'utf8').split('\\n');
const t0 = performance.now();
let tokens = 0;
for (const f of files) { const t = fs.readFileSync(f, 'utf8'); const re = /[\\p{L}\\p{N}]+/gu; while (re.exec(t)) tokens++; }
console.log(JSON.stringify({ ms: performance.now() - t0, tokens, rssMb: process.resourceUsage().maxRSS / 1024 }));`;

const PEER = `
const fs = require('fs');
const MiniSearch = require('minisearch');
const files = fs.readFileSync(process.argv[1], 'utf8').split('\\n');
const t0 = performance.now();
const ms = new MiniSearch({ fields: ['text'], storeFields: [] });
let id = 0;
for (const f of files) ms.add({ id: id++, text: fs.readFileSync(f, 'utf8') });
const ms1 = performance.now() - t0;
const q = process.argv[2];
const t1 = performance.now();
for (let i = 0; i < 5; i++) ms.search(q);
console.log(JSON.stringify({ ms: ms1, queryMs: (performance.now() - t1) / 5, rssMb: process.resourceUsage().maxRSS / 1024 }));`;

// ------------------------------------------------------------------------------------------ our server
/**
 * A session as an editor starts it: the server spawned, an article (untitled, not in the workspace) opened the
 * moment it is initialized and its diagnostics pulled at once, then hovers over its findings one after the
 * other for as long as the workspace is being read. Returns when the server says it is ready: the time until
 * the article's settled verdicts (its first diagnostics computed once reading ended: the server's
 * corroborate/analyzed with progress null), the hovers answered meanwhile, and the time until ready.
 */
async function startSession(ws: { dir: string }, storage: string, article: string) {
  const t0 = performance.now();
  const client = new TestClient({ pull: true, rootUri: URI.file(ws.dir).toString(), storagePath: storage });
  const uri = 'untitled:Bench-0';
  let reading = true;
  let settledMs = NaN;
  const settled = client.waitFor('analyzed', (p: { uri: string; progress?: unknown }) => p.uri === uri && p.progress === null).then(() => {
    settledMs = performance.now() - t0;
    reading = false;
  });
  const ready = client.waitFor('status', (p: { state: string }) => p.state === 'ready');
  // As an editor does: the refreshed diagnostics are pulled again.
  client.events.on('refresh', () => void client.diagnosticsOf(uri));
  await client.initialize(false);
  client.open(uri, 'plaintext', article);
  const early = await client.diagnosticsOf(uri);
  const partial = early.filter((d: { message: string }) => /checking the workspace/.test(d.message)).length;
  // One hover every HOVER_GAP_MS, as a user moving the pointer: back to back, each would be sent just as the
  // server's main thread came free, and would miss the waits a hover at any moment meets.
  const hovers: number[] = [];
  for (let k = 0; reading && early.length; k++) {
    const t = performance.now();
    await client.hover(uri, early[k % early.length].range.start);
    if (reading) hovers.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, HOVER_GAP_MS));
  }
  await settled;
  await ready;
  return { client, settledMs, readyMs: performance.now() - t0, hovers, partial, early: early.length };
}

async function serverBench(ws: { dir: string; bytes: number }, article: string, openedAtStart: string, query: string) {
  // The server keeps its index in this directory (as in the extension's workspace storage): the first
  // session builds it from the files, a second one (measured below) reads it back.
  const storage = path.join(CACHE, `storage-${path.basename(ws.dir)}`);
  rmSync(storage, { recursive: true, force: true });
  const s1 = await startSession(ws, storage, openedAtStart);
  const client = s1.client;
  const indexMs = s1.readyMs;
  const rssAfterIndex = peakRssMb(client.proc.pid!);
  // First diagnostics of a ~3,000-word article (untitled: it is not part of the corpus).
  const uri = 'untitled:Bench-1';
  let t = performance.now();
  client.open(uri, 'plaintext', article);
  const diags = await client.diagnosticsOf(uri);
  const firstMs = performance.now() - t;
  // One-word edits, each awaited.
  const edits: number[] = [];
  for (let k = 0; k < 10; k++) {
    const doc = client.docs.get(uri)!;
    const at = doc.positionAt(Math.floor((doc.getText().length * (k + 1)) / 12));
    client.edit(uri, [{ range: { start: at, end: at }, newText: k % 2 ? ' really' : ' also' }]);
    t = performance.now();
    await client.diagnosticsOf(uri);
    edits.push(performance.now() - t);
  }
  const hovers: number[] = [];
  const current = await client.diagnosticsOf(uri);
  for (const d of current.slice(0, 100)) {
    t = performance.now();
    await client.hover(uri, d.range.start);
    hovers.push(performance.now() - t);
  }
  const searches: number[] = [];
  for (let k = 0; k < 20; k++) {
    t = performance.now();
    await client.conn.sendRequest('corroborate/search', { text: query + (k ? ` ${k}` : '') });
    searches.push(performance.now() - t);
  }
  const rss = peakRssMb(client.proc.pid!);
  await client.shutdown();
  // A second session on the same workspace: the index kept on disk, each file's size and time checked.
  const s2 = await startSession(ws, storage, openedAtStart);
  const again = s2.client;
  const reopenMs = s2.readyMs;
  const reopenRss = peakRssMb(again.proc.pid!);
  t = performance.now();
  again.open(uri, 'plaintext', article);
  await again.diagnosticsOf(uri);
  const reopenFirstMs = performance.now() - t;
  await again.shutdown();
  return {
    settled_ms: Math.round(s1.settledMs),
    reading_hover_ms: { n: s1.hovers.length, p50: r2(pct(s1.hovers, 50)), p95: r2(pct(s1.hovers, 95)), max: r1(Math.max(...s1.hovers)) },
    reading_findings: { total: s1.early, checking_the_workspace: s1.partial },
    reopen_settled_ms: Math.round(s2.settledMs),
    reopen_reading_hover_ms: { n: s2.hovers.length, p50: r2(pct(s2.hovers, 50)), p95: r2(pct(s2.hovers, 95)) },
    index_ms: Math.round(indexMs),
    reopen_index_ms: Math.round(reopenMs),
    reopen_peak_rss_mb: reopenRss,
    reopen_first_diagnostics_ms: r1(reopenFirstMs),
    index_MBps: r2(ws.bytes / 1e6 / (indexMs / 1000)),
    peak_rss_mb_after_index: rssAfterIndex,
    peak_rss_mb: rss,
    first_diagnostics_ms: r1(firstMs),
    findings: diags.length,
    edit_diagnostics_ms: { p50: r1(pct(edits, 50)), max: r1(Math.max(...edits)) },
    hover_ms: { n: hovers.length, p50: r2(pct(hovers, 50)), p95: r2(pct(hovers, 95)) },
    search_ms: { p50: r1(pct(searches, 50)), p95: r1(pct(searches, 95)) },
  };
}

function cliBench(ws: { dir: string }, article: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'corroborate-bench-'));
  const file = path.join(dir, 'article.txt');
  writeFileSync(file, article);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'check', file, '--corpus', ws.dir, '--format', 'json', '--fail-on', 'none'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, CORROBORATE_REPORT_RSS: '1' },
  });
  const ms = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });
  const m = /peak RSS (\d+(?:\.\d+)?) MB/.exec(r.stderr);
  return { wall_ms: Math.round(ms), peak_rss_mb: m ? Number(m[1]) : NaN, exit: r.status };
}

/**
 * What corroborate-or-contradict adds (issue 15): the big article corroborated in-process against the workspace with
 * and without the comparisons (claims against their best passages; sentences below the threshold searched and
 * compared): the first run (searches and comparisons not cached yet, as on opening) and the median of five more
 * (as after an edit: searches cached by query and comparisons by text, as in the language server). Comparisons never run over the corpus, only on a claim's
 * best passages, so the cost follows the article, not the workspace.
 */
function contradictionBench(ws: { files: string[] }, article: string) {
  const index = new MemoryIndex();
  for (const f of ws.files) index.upsert(f, readFileSync(f, 'utf8'));
  const settings = defaultSettings();
  const analysis = analyze(article);
  const run = (compare: boolean) => {
    // As in the language server: searches cached by query (an edit searches only the sentences it changed).
    const corpus = new CachedCorpus(index);
    const times: number[] = [];
    const t = performance.now();
    let report = corroborate(article, 'article.txt', corpus, settings, analysis, { compare });
    const first = performance.now() - t;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      report = corroborate(article, 'article.txt', corpus, settings, analysis, { compare });
      times.push(performance.now() - t0);
    }
    return { first, ms: pct(times, 50), report };
  };
  corroborate(article, 'article.txt', index, settings, analysis, { compare: false }); // compiles the search first
  const without = run(false);
  const withIt = run(true);
  return {
    first_ms_without: r1(without.first),
    first_ms_with: r1(withIt.first),
    first_added_ms: r1(withIt.first - without.first),
    ms_without: r1(without.ms),
    ms_with: r1(withIt.ms),
    added_ms: r1(withIt.ms - without.ms),
    claims_without: without.report.claims.length,
    claims_with: withIt.report.claims.length,
    contradictions: withIt.report.claims.reduce((n, c) => n + c.contradictions.length, 0),
  };
}

async function seedsBench(): Promise<Record<string, unknown>> {
  const seeds = path.join(SHARED, 'corpus', 'seeds');
  const dir = mkdtempSync(path.join(tmpdir(), 'corroborate-seeds-'));
  for (const f of readdirSync(seeds)) copyFileSync(path.join(seeds, f), path.join(dir, f));
  const client = new TestClient({ pull: true, rootUri: URI.file(dir).toString() });
  await client.initialize();
  const first: number[] = [];
  const hover: number[] = [];
  for (const f of readdirSync(dir).sort()) {
    const uri = URI.file(path.join(dir, f)).toString();
    let t = performance.now();
    client.open(uri, 'plaintext', readFileSync(path.join(dir, f), 'utf8'));
    const diags = await client.diagnosticsOf(uri);
    first.push(performance.now() - t);
    for (const d of diags) {
      t = performance.now();
      await client.hover(uri, d.range.start);
      hover.push(performance.now() - t);
    }
  }
  await client.shutdown();
  rmSync(dir, { recursive: true, force: true });
  return {
    first_diagnostics_ms: { mean: r1(first.reduce((a, b) => a + b, 0) / first.length), max: r1(Math.max(...first)) },
    hover_ms: { n: hover.length, p50: r2(pct(hover, 50)), p95: r2(pct(hover, 95)) },
  };
}

// ------------------------------------------------------------------------------------------ other formats
/** N PDFs (an article over pages of four paragraphs, with a running header and page numbers) and N saved pages (with a news site's clutter). */
async function buildFormatsWorkspace(n: number, texts: string[]): Promise<{ dir: string; bytes: number; files: string[] }> {
  const dir = path.join(CACHE, `formats-${n}`);
  const marker = path.join(dir, '.complete');
  if (!existsSync(marker)) {
    rmSync(dir, { recursive: true, force: true });
    for (const d of ['pdf', 'html']) mkdirSync(path.join(dir, d), { recursive: true });
    for (let i = 0; i < n; i++) {
      const paras = texts[i % texts.length]!.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
      paras.push(`Archive copy ${i}, desk ${i % 97}, reel ${Math.floor(i / 97)}.`);
      const pages = [];
      for (let k = 0; k < paras.length; k += 4) pages.push({ paragraphs: paras.slice(k, k + 4) });
      writeFileSync(path.join(dir, 'pdf', `r${i}.pdf`), await makePdf(pages, { header: `Desk ${i % 97} - archive report ${i}`, pageNumbers: true }));
      writeFileSync(path.join(dir, 'html', `p${i}.html`), makeHtmlPage({ headline: paras[0]!.slice(0, 90), date: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}`, paragraphs: paras.slice(1) }));
    }
    writeFileSync(marker, '');
  }
  const files: string[] = [];
  let bytes = 0;
  for (const d of ['pdf', 'html']) {
    for (const f of readdirSync(path.join(dir, d))) {
      files.push(path.join(dir, d, f));
      bytes += statSync(path.join(dir, d, f)).size;
    }
  }
  return { dir, bytes, files };
}

async function formatsBench(n: number, texts: string[], article: string, openedAtStart: string, query: string): Promise<Record<string, unknown>> {
  process.stderr.write(`bench: ${n} PDFs and ${n} saved pages...\n`);
  const t0 = performance.now();
  const ws = await buildFormatsWorkspace(n, texts);
  const buildMs = performance.now() - t0;
  // Extraction alone, in this process, one file after another (what a reading thread does per file).
  const extraction: Record<string, unknown> = {};
  for (const kind of ['pdf', 'html']) {
    const files = ws.files.filter((f) => f.endsWith('.' + kind)).slice(0, 200);
    let bytes = 0;
    let chars = 0;
    const t = performance.now();
    for (const f of files) {
      const r = await readCorpusFile(f, { maxFileSize: 2_000_000, maxSourceFileSize: 50_000_000 });
      if (!r.ok) throw new Error(`${f}: ${r.reason}`);
      bytes += r.size;
      chars += r.text.length;
    }
    const ms = performance.now() - t;
    extraction[kind] = { files: files.length, ms_per_file: r2(ms / files.length), files_per_s: r1(files.length / (ms / 1000)), file_MBps: r2(bytes / 1e6 / (ms / 1000)), text_MBps: r2(chars / 1e6 / (ms / 1000)) };
  }
  const server = await serverBench(ws, article, openedAtStart, query);
  const cli = cliBench(ws, article);
  return {
    pdfs: n,
    pages: n,
    MB: r1(ws.bytes / 1e6),
    built_s: r1(buildMs / 1000),
    extraction,
    index_s: r2(server.index_ms / 1000),
    files_per_s: r1((2 * n) / (server.index_ms / 1000)),
    index_MBps: server.index_MBps,
    settled_s: r2(server.settled_ms / 1000),
    reading_hover_ms: server.reading_hover_ms,
    reopen_index_s: r2(server.reopen_index_ms / 1000),
    reopen_settled_s: r2(server.reopen_settled_ms / 1000),
    peak_rss_mb: server.peak_rss_mb,
    peak_rss_mb_after_index: server.peak_rss_mb_after_index,
    reopen_peak_rss_mb: server.reopen_peak_rss_mb,
    first_diagnostics_ms: server.first_diagnostics_ms,
    edit_diagnostics_ms: server.edit_diagnostics_ms,
    hover_ms: server.hover_ms,
    cli_check: cli,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--formats')) {
    const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 1000);
    const { texts, origin } = sourceTexts();
    const article = bigArticle(texts);
    const openedAtStart = bigArticle(texts.slice(0, Math.max(1, texts.length - 40)));
    const query = article.split(/(?<=[.!?])\s+/).find((s) => s.length > 120) ?? article.slice(0, 200);
    const r = { machine: { node: process.version, cpus: (await import('node:os')).cpus().length }, source: origin, formats: await formatsBench(n, texts, article, openedAtStart, query) };
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(path.join(CACHE, `results-formats-${n}.json`), JSON.stringify(r, null, 1));
    process.stdout.write(JSON.stringify(r, null, 1) + '\n');
    return;
  }
  const results: Record<string, unknown> = { machine: { node: process.version, cpus: (await import('node:os')).cpus().length } };
  if (!args.includes('--archive') && existsSync(path.join(SHARED, 'corpus', 'seeds'))) results.seeds = await seedsBench();
  if (args.includes('--seeds')) {
    process.stdout.write(JSON.stringify(results, null, 1) + '\n');
    return;
  }
  const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
  const { texts, origin } = sourceTexts();
  results.source = origin;
  const article = bigArticle(texts);
  if (args.includes('--archive')) {
    Object.assign(results, await archiveBench(sizes.length ? sizes : [10_000, 100_000], texts, buildWorkspace, article));
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(path.join(CACHE, 'results-archive.json'), JSON.stringify(results, null, 1));
    process.stdout.write(JSON.stringify(results, null, 1) + '\n');
    return;
  }
  // Another article, opened the moment the server starts (its sentences are not the first one's).
  const openedAtStart = bigArticle(texts.slice(0, Math.max(1, texts.length - 40)));
  const query = article.split(/(?<=[.!?])\s+/).find((s) => s.length > 120) ?? article.slice(0, 200);
  if (args.includes('--sessions')) {
    const n = sizes[0] ?? 10_000;
    const ws = buildWorkspace(n, texts);
    const storage = path.join(CACHE, `storage-sessions-${n}`);
    rmSync(storage, { recursive: true, force: true });
    const out: Record<string, unknown> = { articles: n };
    for (const [name, kept] of [['fresh', false], ['kept index', true]] as const) {
      const s = await startSession(ws, storage, openedAtStart);
      const rss = peakRssMb(s.client.proc.pid!);
      await s.client.shutdown();
      out[name] = { settled_s: r2(s.settledMs / 1000), ready_s: r2(s.readyMs / 1000), hover_while_reading_ms: { n: s.hovers.length, p50: r2(pct(s.hovers, 50)), p95: r2(pct(s.hovers, 95)), max: r1(Math.max(...s.hovers)) }, checking_the_workspace: `${s.partial} of ${s.early}`, peak_rss_mb: rss, kept };
    }
    out.load = (await import('node:os')).loadavg().map(r2);
    process.stdout.write(JSON.stringify(out, null, 1) + '\n');
    return;
  }
  const rows: Array<Record<string, unknown>> = [];
  for (const n of sizes.length ? sizes : [100, 1000, 10000]) {
    process.stderr.write(`bench: ${n} articles...\n`);
    const ws = buildWorkspace(n, texts);
    const list = path.join(CACHE, `files-${n}.txt`);
    writeFileSync(list, ws.files.join('\n'));
    const floor = inChild(FLOOR, [list]);
    const peer = inChild(PEER, [list, query]);
    const ours = await serverBench(ws, article, openedAtStart, query);
    const cli = cliBench(ws, article);
    const contradiction = contradictionBench(ws, article);
    rows.push({
      articles: n,
      MB: r1(ws.bytes / 1e6),
      ...ours,
      cli_check: cli,
      contradiction,
      floor_regex: { ms: Math.round(floor.ms!), MBps: r2(ws.bytes / 1e6 / (floor.ms! / 1000)) },
      peer_minisearch: { ms: Math.round(peer.ms!), peak_rss_mb: r1(peer.rssMb!), query_ms: r1(peer.queryMs!) },
      ratios: { index_vs_floor: r2(ours.index_ms / floor.ms!), index_vs_minisearch: r2(ours.index_ms / peer.ms!), rss_vs_minisearch: r2(ours.peak_rss_mb / peer.rssMb!) },
    });
  }
  results.workspaces = rows;
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(path.join(CACHE, 'results.json'), JSON.stringify(results, null, 1));
  process.stdout.write(JSON.stringify(results, null, 1) + '\n\n');
  // The table.
  const head = ['articles', 'MB', 'index s', 'reopen s', 'settled s', 'reopen settled s', 'hover p95 while reading ms', 'MB/s', 'peak RSS MB', 'first diag ms', 'reopen first diag ms', 'edit ms p50', 'hover p95 ms', 'search p50 ms', 'CLI check s', 'compare added ms (first / again)', 'floor s', 'MiniSearch s', 'MiniSearch RSS MB', 'index/floor', 'index/MiniSearch'];
  const lines = [head.join(' | '), head.map(() => '---').join(' | ')];
  for (const r of rows as any[]) {
    lines.push(
      [r.articles, r.MB, r2(r.index_ms / 1000), r2(r.reopen_index_ms / 1000), r2(r.settled_ms / 1000), r2(r.reopen_settled_ms / 1000), r.reading_hover_ms.p95, r.index_MBps, r.peak_rss_mb, r.first_diagnostics_ms, r.reopen_first_diagnostics_ms, r.edit_diagnostics_ms.p50, r.hover_ms.p95, r.search_ms.p50, r2(r.cli_check.wall_ms / 1000), `${r.contradiction.first_added_ms} / ${r.contradiction.added_ms}`, r2(r.floor_regex.ms / 1000), r2(r.peer_minisearch.ms / 1000), r.peer_minisearch.peak_rss_mb, r.ratios.index_vs_floor, r.ratios.index_vs_minisearch].join(' | '),
    );
  }
  process.stdout.write('| ' + lines.join(' |\n| ') + ' |\n');
}

void main();
