// The command line: `check`, `search` and `lsp --stdio`. A thin adapter over the engine: the JSON of
// `check` is the engine's DocumentReport serialised (see SPEC.md "Command line" for the contract).
import { closeSync, existsSync, openSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { MemoryIndex } from '../corpus/index';
import { corroborate, type DocumentReport } from '../corpus/corroborate';
import { readCorpusFile, walk } from '../corpus/files';
import type { SourceMap } from '../corpus/formats';
import { passageWhere, ratingNote } from '../corpus/where';
import { ArchiveSearcher, archiveStats, archiveUrlProblem, connect, redactUrl } from '../corpus/archive/db';
import { ingest, type IngestFile } from '../corpus/archive/ingest';
import { corroborationQueries, LayeredBackend, mergeResults, queryKey, type ArchiveQuery } from '../corpus/archive/layered';
import { analyze } from '../engine/analyze';
import { LineMap } from '../engine/segment';
import { DIAGNOSTIC_CODES, type ContradictingPassage, type Finding, type Passage, type SeverityName } from '../engine/types';
import { corpusFilter, defaultSettings, parseSettings, SEVERITY_KEY, type Settings } from '../settings';
import { findWorkspaceConfig, mergeWorkspaceConfig, readWorkspaceConfig } from '../workspaceConfig';

class UsageError extends Error {}

const USAGE = `Usage:
  corroborate check PATH... [--corpus DIR]... [--archive URL] [--format text|json|sarif] [--all-sentences] [--fail-on error|warning|information|hint|none] [--settings FILE.json]
  corroborate search (--corpus DIR | --archive URL)... [--top N] [--format text|json] (TEXT | --queries FILE.jsonl)
  corroborate archive ingest --db URL PATH... [--settings FILE.json]
  corroborate archive stats --db URL [--format text|json]
  corroborate lsp --stdio

An archive URL is postgres://[user@]host[:port]/database; the password comes from the URL, PGPASSWORD or ~/.pgpass.`;

interface Parsed {
  positional: string[];
  flags: Map<string, string[]>;
}

function parseArgs(args: string[], spec: Record<string, 'bool' | 'value' | 'multi'>): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      const kind = spec[name];
      if (!kind) throw new UsageError(`unknown option --${name}`);
      let value = 'true';
      if (kind !== 'bool') {
        if (eq > 0) value = a.slice(eq + 1);
        else {
          const next = args[i + 1];
          if (next === undefined || next.startsWith('--')) throw new UsageError(`option --${name} needs a value`);
          value = next;
          i++;
        }
      }
      const list = flags.get(name) ?? [];
      if (kind !== 'multi' && list.length) throw new UsageError(`option --${name} given twice`);
      list.push(value);
      flags.set(name, list);
    } else positional.push(a);
  }
  return { positional, flags };
}

function one(p: Parsed, name: string): string | undefined {
  return p.flags.get(name)?.[0];
}

function choice<T extends string>(p: Parsed, name: string, allowed: readonly T[], def: T): T {
  const v = one(p, name);
  if (v === undefined) return def;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${v}")`);
  return v as T;
}

/** Settings by `.corroborate.json` file read (null: none), so that each file is read and reported once a run. */
const configSettings = new Map<string | null, Settings>();

/**
 * `--settings FILE` when given; otherwise the nearest `.corroborate.json` above `near` (a checked path, or a
 * corpus directory of a search), over the defaults. Its problems go to stderr, one line each, once a run.
 */
function loadSettings(p: Parsed, near: string | undefined): Settings {
  const file = one(p, 'settings');
  if (file) {
    // One --settings file for the whole run: read, and its problems said, once.
    let settings = configSettings.get('--settings');
    if (!settings) configSettings.set('--settings', (settings = readSettingsFile(file)));
    return settings;
  }
  const found = near === undefined ? null : findWorkspaceConfig(near);
  let settings = configSettings.get(found);
  if (!settings) {
    if (found === null) settings = defaultSettings();
    else {
      const config = readWorkspaceConfig(found);
      for (const m of config.problems) process.stderr.write(`corroborate: ${m}\n`);
      settings = mergeWorkspaceConfig(defaultSettings(), config).settings;
    }
    configSettings.set(found, settings);
  }
  return settings;
}

/** `--settings FILE`: corroborate.* settings, nested or dotted, with or without a `{"corroborate": …}` wrapper. */
function readSettingsFile(file: string): Settings {
  let raw: unknown;
  try {
    if (!statSync(file).isFile()) throw new Error('not a regular file');
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read settings file ${file}: ${(e as Error).message}`);
  }
  const obj = raw as Record<string, unknown>;
  const r = parseSettings(obj && typeof obj === 'object' && 'corroborate' in obj ? obj.corroborate : raw);
  for (const m of r.problems) process.stderr.write(`corroborate: ${m}\n`);
  return r.settings;
}

interface CorpusFile {
  display: string;
  abs: string;
  text: string;
  /** A PDF, web page, Word document, captions or ClaimReview: its extracted text's map (corpus only, never checked). */
  map?: SourceMap | null;
}

/** Files under the given paths: directories walked with include/exclude, files taken as given. */
async function collect(paths: string[], settings: Settings, warn: (m: string) => void): Promise<CorpusFile[]> {
  const out: CorpusFile[] = [];
  const seen = new Set<string>();
  const add = async (abs: string, display: string) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    const r = await readCorpusFile(abs, settings);
    if (r.ok) out.push({ display, abs, text: r.text, map: r.map ?? null });
    else if (r.tooLarge) warn(`skipped ${display}: ${r.reason.replace(/\(setting corroborate\.(maxFileSize|maxSourceFileSize)\)/, '(raise $1 in .corroborate.json, or corroborate.$1 with --settings)')}`);
    else warn(`skipped ${display}: ${r.reason}`);
  };
  for (const p of paths) {
    if (!existsSync(p)) throw new UsageError(`no such file or directory: ${p}`);
    const abs = path.resolve(p);
    let st: import('node:fs').Stats;
    try {
      st = statSync(abs);
    } catch (e) {
      throw new UsageError(`cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (st.isDirectory()) {
      const files: Array<[string, string]> = [];
      await walk(abs, corpusFilter(settings), (a, rel) => {
        files.push([a, path.join(p, rel)]);
      });
      files.sort((a, b) => a[1].localeCompare(b[1]));
      for (const [a, d] of files) await add(a, d);
    } else {
      // Only regular files: opening a FIFO or a device would block or never end.
      if (!st.isFile()) throw new UsageError(`not a regular file: ${p}`);
      try {
        closeSync(openSync(abs, 'r'));
      } catch (e) {
        throw new UsageError(`cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      await add(abs, p);
    }
  }
  return out;
}

const SEVERITY_RANK: Record<SeverityName, number> = { error: 4, warning: 3, information: 2, hint: 1, off: 0 };

function severityOf(f: Finding, settings: Settings): SeverityName {
  return settings[SEVERITY_KEY[f.code]] as SeverityName;
}

function passageJson(p: Passage) {
  return {
    path: p.path,
    start: p.start,
    end: p.end,
    line: p.line,
    text: p.text,
    score: p.score,
    ...(p.page !== undefined ? { page: p.page } : {}),
    ...(p.time !== undefined ? { time: p.time } : {}),
    ...(p.rating ? { rating: p.rating } : {}),
    ...(p.archive ? { archive: true } : {}),
  };
}

function contradictionJson(p: ContradictingPassage) {
  return { ...passageJson(p), reason: p.reason, detail: p.detail };
}

/**
 * `--archive URL`: the archive's results of every query, fetched before anything is corroborated. An archive
 * that cannot be reached is said once on stderr; the run goes on with the local corpus.
 */
class CliArchive {
  private readonly searcher: ArchiveSearcher;
  private failed: string | null = null;
  readonly results = new Map<string, Passage[]>();

  constructor(readonly url: string) {
    const problem = archiveUrlProblem(url);
    if (problem) throw new UsageError(`--archive: ${problem}`);
    this.searcher = new ArchiveSearcher(connect(url, { readOnly: true, max: 4 }));
  }

  async fetch(queries: ArchiveQuery[]): Promise<void> {
    const todo = queries.filter((q) => !this.results.has(queryKey(q.query, q.options)));
    // In batches: five round trips for a batch, whatever its size.
    for (let at = 0; at < todo.length && this.failed === null; at += 64) {
      const batch = todo.slice(at, at + 64);
      try {
        const r = await this.searcher.searchMany(batch);
        batch.forEach((q, i) => this.results.set(queryKey(q.query, q.options), r[i]!));
      } catch (e) {
        this.failed = (e as Error).message ?? String(e);
        process.stderr.write(`corroborate: the archive ${redactUrl(this.url)} is unavailable (${this.failed}); local results only\n`);
      }
    }
  }

  async close(): Promise<void> {
    await this.searcher.pool.end().catch(() => {});
  }
}

function fileJson(file: CorpusFile, r: DocumentReport, settings: Settings, allSentences: boolean) {
  const lines = new LineMap(file.text);
  const pos = (o: number) => lines.position(o);
  return {
    path: file.display,
    quotes: r.quotes.map(({ quote: q, corroboration, contradictions }) => ({
      start: q.start,
      end: q.end,
      text: file.text.slice(q.start, q.end),
      speaker: q.speaker,
      speakerMention: q.speakerMention ? { start: q.speakerMention.start, end: q.speakerMention.end, text: q.speakerMention.text } : null,
      cue: q.cue,
      role: q.role,
      corroboration: corroboration.map(passageJson),
      contradictions: contradictions.map(contradictionJson),
    })),
    claims: r.claims.map((c) => ({ start: c.start, end: c.end, text: c.text, score: c.score, attributed: c.attributed, cited: c.cited, status: c.status, corroboration: c.corroboration.map(passageJson), contradictions: c.contradictions.map(contradictionJson), ...(c.repeated ? { repeated: true } : {}) })),
    ...(allSentences
      ? { sentences: r.analysis.sentences.map((s) => ({ start: s.start, end: s.end, score: Math.round(s.score * 1000) / 1000, attributed: s.attributed, cited: s.cited })) }
      : {}),
    diagnostics: r.findings
      .filter((f) => severityOf(f, settings) !== 'off')
      .map((f) => ({ code: f.code, severity: severityOf(f, settings), range: { start: pos(f.start), end: pos(f.end) }, message: f.message })),
  };
}

function sarif(results: Array<{ file: CorpusFile; report: DocumentReport; settings: Settings }>) {
  const DOCS = 'https://github.com/corroborate-dev/corroborate/blob/main/README.md';
  const codes = DIAGNOSTIC_CODES;
  const level = (s: SeverityName) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'corroborate', informationUri: DOCS, version: '0.1.0', rules: codes.map((id) => ({ id, helpUri: `${DOCS}#${id}`, shortDescription: { text: id } })) } },
        results: results.flatMap(({ file, report, settings }) => {
          const lines = new LineMap(file.text);
          return report.findings
            .filter((f) => severityOf(f, settings) !== 'off')
            .map((f) => {
              const s = lines.position(f.start);
              const e = lines.position(f.end);
              return {
                ruleId: f.code,
                level: level(severityOf(f, settings)),
                message: { text: f.message },
                locations: [{ physicalLocation: { artifactLocation: { uri: file.display.split(path.sep).join('/') }, region: { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 } } }],
                relatedLocations: [
                  ...(f.contradictions ?? []).map((p) => ({ note: `contradicts it (${p.reason}: ${p.detail})`, p })),
                  ...f.passages.map((p) => ({ note: `score ${p.score}`, p })),
                ].map(({ note, p }, i) => ({
                  id: i,
                  message: { text: `${passageWhere(p, p.path.split(path.sep).join('/'))}${p.rating ? `, ${ratingNote(p.rating)}` : ''}, ${note}` },
                  // A PDF or Word passage has no line in its file: the region is left out, its page is a property.
                  physicalLocation: { artifactLocation: { uri: p.path.split(path.sep).join('/') }, ...(p.format === 'pdf' || p.format === 'docx' ? {} : { region: { startLine: p.line + 1 } }) },
                  ...(p.page !== undefined || p.time !== undefined || p.rating ? { properties: { ...(p.page !== undefined ? { page: p.page } : {}), ...(p.time !== undefined ? { time: p.time } : {}), ...(p.rating ? { rating: p.rating } : {}) } } : {}),
                })),
              };
            });
        }),
      },
    ],
  };
}

async function check(args: string[]): Promise<number> {
  const p = parseArgs(args, { corpus: 'multi', format: 'value', 'all-sentences': 'bool', 'fail-on': 'value', settings: 'value', archive: 'value' });
  if (p.positional.length === 0) throw new UsageError('check needs at least one PATH');
  const archiveUrl = one(p, 'archive');
  const format = choice(p, 'format', ['text', 'json', 'sarif'] as const, 'text');
  const failOn = choice(p, 'fail-on', ['error', 'warning', 'information', 'hint', 'none'] as const, 'warning');
  const warn = (m: string) => process.stderr.write(`corroborate: ${m}\n`);
  // Each checked path (and each corpus directory) with the settings of the nearest .corroborate.json above it,
  // as each editor of that folder would have them; --settings FILE, when given, for all.
  const settingsOf = new Map<string, Settings>();
  const targets: CorpusFile[] = [];
  const sources: CorpusFile[] = [];
  for (const target of p.positional) {
    const settings = loadSettings(p, target);
    for (const f of await collect([target], settings, warn)) {
      if (settingsOf.has(f.abs)) continue;
      // PDFs, web pages, Word documents, captions and ClaimReview records are sources: in the corpus, never checked.
      if (f.map !== undefined && f.map !== null) {
        sources.push(f);
        continue;
      }
      settingsOf.set(f.abs, settings);
      targets.push(f);
    }
  }
  const corpusDirs = p.flags.get('corpus') ?? [];
  const extra: CorpusFile[] = [];
  for (const dir of corpusDirs) extra.push(...(await collect([dir], loadSettings(p, dir), warn)));
  const index = new MemoryIndex();
  const ids = new Map<string, string>();
  for (const f of [...targets, ...sources, ...extra]) {
    if (ids.has(f.abs)) continue;
    ids.set(f.abs, f.display);
    index.upsert(f.display, f.text, f.map ?? null);
  }
  const archive = archiveUrl ? new CliArchive(archiveUrl) : null;
  const results: Array<{ file: CorpusFile; settings: Settings; report: DocumentReport }> = [];
  try {
    for (const file of targets) {
      const settings = settingsOf.get(file.abs)!;
      try {
        const analysis = analyze(file.text);
        let corpus: import('../corpus/index').CorpusBackend = index;
        if (archive) {
          // The archive's passages for this document's queries, awaited before corroborating.
          await archive.fetch(corroborationQueries(file.text, ids.get(file.abs)!, settings, analysis));
          corpus = new LayeredBackend(index, archive.results);
        }
        results.push({ file, settings, report: corroborate(file.text, ids.get(file.abs)!, corpus, settings, analysis) });
      } catch (e) {
        throw new Error(`analysis of ${file.display} failed: ${(e as Error).message ?? e}`);
      }
    }
  } finally {
    await archive?.close();
  }
  let worst = 0;
  for (const r of results) for (const f of r.report.findings) worst = Math.max(worst, SEVERITY_RANK[severityOf(f, r.settings)]);
  if (format === 'json') {
    const out = { version: 1, files: results.map((r) => fileJson(r.file, r.report, r.settings, p.flags.has('all-sentences'))) };
    process.stdout.write(JSON.stringify(out) + '\n');
  } else if (format === 'sarif') {
    process.stdout.write(JSON.stringify(sarif(results), null, 2) + '\n');
  } else {
    for (const { file, report, settings } of results) {
      const lines = new LineMap(file.text);
      for (const f of report.findings) {
        const sev = severityOf(f, settings);
        if (sev === 'off') continue;
        const pos = lines.position(f.start);
        process.stdout.write(`${file.display}:${pos.line + 1}:${pos.character + 1}: ${sev} ${f.code} ${f.message.replace(/\s+/g, ' ')}\n`);
      }
    }
  }
  const threshold = failOn === 'none' ? Infinity : SEVERITY_RANK[failOn];
  return worst >= threshold ? 1 : 0;
}

async function search(args: string[]): Promise<number> {
  const p = parseArgs(args, { corpus: 'multi', top: 'value', format: 'value', queries: 'value', settings: 'value', archive: 'value' });
  const dirs = p.flags.get('corpus') ?? [];
  const archiveUrl = one(p, 'archive');
  if (dirs.length === 0 && !archiveUrl) throw new UsageError('search needs --corpus DIR or --archive URL');
  const topRaw = one(p, 'top') ?? '5';
  const top = Number(topRaw);
  if (!Number.isInteger(top) || top < 1 || top > 1000) throw new UsageError(`--top must be a whole number from 1 to 1000 (got "${topRaw}")`);
  const format = choice(p, 'format', ['text', 'json'] as const, 'text');
  const queriesFile = one(p, 'queries');
  if (!queriesFile && p.positional.length === 0) throw new UsageError('search needs a TEXT or --queries FILE.jsonl');
  if (queriesFile && p.positional.length) throw new UsageError('give either a TEXT or --queries, not both');
  const settings = loadSettings(p, dirs[0]);
  const files = await collect(dirs, settings, (m) => process.stderr.write(`corroborate: ${m}\n`));
  const index = new MemoryIndex();
  for (const f of files) index.upsert(f.display, f.text, f.map ?? null);
  const options = { top, perDocument: true };
  const archive = archiveUrl ? new CliArchive(archiveUrl) : null;
  const run = (text: string) => {
    const local = dirs.length ? index.search(text, options) : [];
    const theirs = archive?.results.get(queryKey(text, options));
    return (theirs ? mergeResults(local, theirs, top) : local).map(passageJson);
  };
  try {
    return await searchRun(p, queriesFile, format, run, archive ? (texts) => archive.fetch(texts.map((query) => ({ query, options }))) : null);
  } finally {
    await archive?.close();
  }
}

async function searchRun(
  p: Parsed,
  queriesFile: string | undefined,
  format: 'text' | 'json',
  run: (text: string) => ReturnType<typeof passageJson>[],
  prefetch: ((texts: string[]) => Promise<void>) | null,
): Promise<number> {
  if (queriesFile) {
    let body: string;
    try {
      if (!statSync(queriesFile).isFile()) throw new Error('not a regular file');
      body = readFileSync(queriesFile, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${queriesFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const queries: Array<{ id: unknown; text: string }> = [];
    body.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      let q: { id?: unknown; text?: unknown };
      try {
        q = JSON.parse(line);
      } catch {
        throw new UsageError(`${queriesFile}:${i + 1}: not a JSON object`);
      }
      if (typeof q.text !== 'string') throw new UsageError(`${queriesFile}:${i + 1}: "text" must be a string`);
      queries.push({ id: q.id ?? null, text: q.text });
    });
    if (prefetch) await prefetch(queries.map((q) => q.text));
    const out = queries.map((q) => JSON.stringify({ id: q.id, results: run(q.text) }));
    process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
    return 0;
  }
  const text = p.positional.join(' ');
  if (prefetch) await prefetch([text]);
  const results = run(text);
  if (format === 'json') process.stdout.write(JSON.stringify({ results }) + '\n');
  else for (const r of results) process.stdout.write(`${r.path}:${r.line + 1}: ${r.score.toFixed(3)} ${r.text.replace(/\s+/g, ' ')}\n`);
  return 0;
}

async function archiveCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'ingest' && sub !== 'stats') throw new UsageError(sub ? `unknown archive command "${sub}" (ingest or stats)` : 'archive needs a command: ingest or stats');
  const p = parseArgs(rest, sub === 'ingest' ? { db: 'value', settings: 'value' } : { db: 'value', format: 'value' });
  const url = one(p, 'db');
  if (!url) throw new UsageError(`archive ${sub} needs --db URL`);
  const problem = archiveUrlProblem(url);
  if (problem) throw new UsageError(`--db: ${problem}`);
  if (sub === 'stats') {
    if (p.positional.length) throw new UsageError('archive stats takes no PATH');
    const format = choice(p, 'format', ['text', 'json'] as const, 'text');
    const pool = connect(url, { readOnly: true, max: 1 });
    try {
      const s = await archiveStats(pool);
      if (format === 'json') process.stdout.write(JSON.stringify(s) + '\n');
      else
        process.stdout.write(
          `${redactUrl(url)}: schema version ${s.schema}, ${s.documents.toLocaleString('en-US')} documents (${(s.bytes / 1e6).toFixed(1)} MB of text), ${s.passages.toLocaleString('en-US')} passages, ${s.terms.toLocaleString('en-US')} terms; database ${(s.databaseBytes / 1e6).toFixed(1)} MB\n`,
        );
      return 0;
    } finally {
      await pool.end().catch(() => {});
    }
  }
  if (p.positional.length === 0) throw new UsageError('archive ingest needs at least one PATH');
  const settings = loadSettings(p, p.positional[0]);
  const files: IngestFile[] = [];
  const seen = new Set<string>();
  for (const target of p.positional) {
    if (!existsSync(target)) throw new UsageError(`no such file or directory: ${target}`);
    const abs = path.resolve(target);
    if (statSync(abs).isDirectory()) {
      const found: IngestFile[] = [];
      await walk(abs, { include: settings['corpus.include'], exclude: settings['corpus.exclude'] }, (a, rel) => {
        found.push({ abs: a, path: path.join(target, rel).split(path.sep).join('/') });
      });
      found.sort((a, b) => a.path.localeCompare(b.path));
      for (const f of found) if (!seen.has(f.abs)) seen.add(f.abs), files.push(f);
    } else if (!seen.has(abs)) {
      seen.add(abs);
      files.push({ abs, path: target.split(path.sep).join('/') });
    }
  }
  const tty = process.stderr.isTTY;
  const started = Date.now();
  const pool = connect(url, { statementTimeoutMs: 600_000, max: 2 });
  try {
    const r = await ingest(pool, files, {
      maxFileSize: settings.maxFileSize,
      onProgress: tty
        ? (x) => process.stderr.write(`\rcorroborate: ingested ${x.done.toLocaleString('en-US')} of ${x.total.toLocaleString('en-US')} files (${x.added} added, ${x.updated} updated, ${x.unchanged} unchanged, ${x.skipped} skipped)   `)
        : undefined,
      // For tests that stop an ingest between two batches: one line per batch committed.
      afterBatch: process.env.CORROBORATE_INGEST_TRACE ? (n) => void process.stderr.write(`corroborate: batch ${n} committed\n`) : undefined,
    });
    if (tty) process.stderr.write('\n');
    for (const s of r.skippedFiles) process.stderr.write(`corroborate: skipped ${s.path}: ${s.reason}\n`);
    if (r.migrated.from !== r.migrated.to) process.stderr.write(`corroborate: archive schema ${r.migrated.from === 0 ? 'created' : `migrated from version ${r.migrated.from}`} (version ${r.migrated.to})\n`);
    process.stdout.write(`${r.total} files: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged, ${r.skipped} skipped in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  } finally {
    await pool.end().catch(() => {});
  }
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'check':
        return await check(rest);
      case 'search':
        return await search(rest);
      case 'archive':
        return await archiveCommand(rest);
      case 'lsp': {
        parseArgs(rest, { stdio: 'bool', 'node-ipc': 'bool', socket: 'value', clientProcessId: 'value' }); // rejects unknown options
        if (!rest.includes('--stdio') && !rest.includes('--node-ipc') && !rest.some((a) => a.startsWith('--socket'))) process.argv.push('--stdio');
        // As the server bundle does (lsp/main.ts): an error in one handler is logged, the server keeps serving.
        process.on('uncaughtException', (e) => process.stderr.write(`corroborate: uncaught exception: ${e?.stack ?? e}\n`));
        process.on('unhandledRejection', (e) => process.stderr.write(`corroborate: unhandled rejection: ${(e as Error)?.stack ?? e}\n`));
        const { createConnection, ProposedFeatures } = await import('vscode-languageserver/node');
        const { startServer } = await import('../lsp/server');
        startServer(createConnection(ProposedFeatures.all));
        return -1; // keep running
      }
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(USAGE + '\n');
        return 0;
      case '--version':
        process.stdout.write('0.1.0\n');
        return 0;
      default:
        throw new UsageError(cmd ? `unknown command "${cmd}"` : 'missing command');
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`corroborate: ${e.message}\n${cmd === undefined || !['check', 'search', 'archive', 'lsp'].includes(cmd) ? USAGE + '\n' : ''}`);
      return 2;
    }
    process.stderr.write(`corroborate: ${(e as Error).message ?? e}\n`);
    return 2;
  }
}

if (require.main === module) {
  // `corroborate check ... | head`: a closed pipe ends the output quietly, not with a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  void main(process.argv.slice(2)).then((code) => {
    if (code >= 0) process.exitCode = code;
    if (process.env.CORROBORATE_REPORT_RSS) process.stderr.write(`corroborate: peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`);
  });
}
