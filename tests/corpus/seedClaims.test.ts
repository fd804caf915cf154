// The engine against a hand annotation of the five seed reports (issue 13): which sentences are check-worthy,
// whose voice they are in (the outlet's or someone it reports), and which other seeds report the same thing
// (tests/annotations/seed-claims.json, offsets only). Runs the real CLI on the seeds as one workspace.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { CLI, ROOT } from '../lsp/client';

const SEEDS = path.resolve(ROOT, '..', 'shared', 'corpus', 'seeds');
const ANNOTATIONS = path.join(ROOT, 'tests', 'annotations');

interface Span { file: string; start: number; end: number }
interface AnnotatedClaim extends Span { voice: 'outlet' | 'attributed'; reportedBy: string[]; why?: string }
interface AnnotatedQuote extends Span { reportedBy: string[] }
interface Passage { path: string; start: number; end: number; line: number; score: number }
interface EngineSpan { start: number; end: number; corroboration: Passage[] }
interface EngineClaim extends EngineSpan { status: 'unsupported' | 'uncited' | 'attributed' | 'cited'; attributed: boolean; score: number }
interface EngineFile { path: string; quotes: EngineSpan[]; claims: EngineClaim[] }

const annotation = JSON.parse(readFileSync(path.join(ANNOTATIONS, 'seed-claims.json'), 'utf8')) as { claims: AnnotatedClaim[]; quotes: AnnotatedQuote[] };
const seedQuotes = (JSON.parse(readFileSync(path.join(ANNOTATIONS, 'seed-quotes.json'), 'utf8')) as { quotes: Span[] }).quotes;

const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
const where = (s: Span) => `${s.file}:${s.start}-${s.end}`;
/** The engine's item sharing the most characters with the annotated span, if any. */
function best<T extends { start: number; end: number }>(items: T[], s: Span): T | undefined {
  let top: T | undefined;
  let most = 0;
  for (const it of items) {
    const o = overlap(it, s);
    if (o > most) (most = o), (top = it);
  }
  return top;
}
const base = (p: string) => path.basename(p);
const corroboratingFiles = (x: EngineSpan) => [...new Set(x.corroboration.map((p) => base(p.path)))];
const names = (files: string[]) => files.map((f) => f.slice(0, 3)).join(', ');
/** One failing assertion lists every violation, not just the first. */
function report(what: string, violations: string[]) {
  assert.ok(violations.length === 0, `${violations.length} ${what}:\n  ` + violations.join('\n  '));
}

describe('seed reports against the hand annotation of their claims', function () {
  let byFile: Map<string, EngineFile>;
  let texts: Map<string, string>;

  before(function () {
    if (!existsSync(SEEDS)) this.skip();
    assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
    this.timeout(120000);
    const r = spawnSync(process.execPath, [CLI, 'check', SEEDS, '--format', 'json', '--fail-on', 'none'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(r.status, 0, `corroborate check exited ${r.status}: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as { files: EngineFile[] };
    byFile = new Map(out.files.map((f) => [base(f.path), f]));
    texts = new Map(readdirSync(SEEDS).map((f) => [f, readFileSync(path.join(SEEDS, f), 'utf8')]));
  });

  const fileOf = (s: Span) => {
    const f = byFile.get(s.file);
    assert.ok(f, `the engine's output has no file ${s.file}`);
    return f;
  };
  const claimOf = (s: Span) => best(fileOf(s).claims, s);

  it('the annotation is consistent with the seeds and with seed-quotes.json', function () {
    const bad: string[] = [];
    for (const c of [...annotation.claims, ...annotation.quotes]) {
      const t = texts.get(c.file);
      if (t === undefined) { bad.push(`${where(c)}: no such seed`); continue; }
      if (!(c.start >= 0 && c.end <= t.length && c.start < c.end)) bad.push(`${where(c)}: offsets outside the file`);
      else if (t.slice(c.start, c.end) !== t.slice(c.start, c.end).trim()) bad.push(`${where(c)}: span starts or ends with white space`);
      for (const o of c.reportedBy) if (o === c.file || !texts.has(o)) bad.push(`${where(c)}: reportedBy names ${o}`);
    }
    for (const c of annotation.claims) if (c.voice !== 'outlet' && c.voice !== 'attributed') bad.push(`${where(c)}: voice ${c.voice}`);
    for (const q of annotation.quotes) {
      if (!seedQuotes.some((s) => s.file === q.file && s.start === q.start && s.end === q.end)) bad.push(`${where(q)}: not a quote of seed-quotes.json`);
    }
    report('annotation problems', bad);
  });

  it('reports an outlet claim that no other seed reports as unsupported', function () {
    const bad: string[] = [];
    for (const c of annotation.claims.filter((c) => c.voice === 'outlet' && c.reportedBy.length === 0)) {
      const e = claimOf(c);
      if (e && e.status !== 'unsupported') {
        bad.push(`${where(c)} (${c.why ?? ''}): expected unsupported, engine says ${e.status}` + (e.corroboration.length ? ` corroborated by ${names(corroboratingFiles(e))}` : ''));
      }
    }
    report('outlet claims that no other seed reports are not unsupported', bad);
  });

  it('reports an outlet claim that other seeds report as uncited, corroborated by one of them', function () {
    const bad: string[] = [];
    for (const c of annotation.claims.filter((c) => c.voice === 'outlet' && c.reportedBy.length > 0)) {
      const e = claimOf(c);
      if (!e) continue;
      const got = corroboratingFiles(e);
      if (e.status !== 'uncited') bad.push(`${where(c)} (${c.why ?? ''}): expected uncited (also in ${names(c.reportedBy)}), engine says ${e.status}`);
      else if (!c.reportedBy.some((f) => got.includes(f))) bad.push(`${where(c)} (${c.why ?? ''}): corroboration should list one of ${names(c.reportedBy)}, lists ${names(got) || 'nothing'}`);
    }
    report('outlet claims reported elsewhere are not uncited with the right corroboration', bad);
  });

  it('never takes an outlet claim for an attributed one', function () {
    const bad: string[] = [];
    for (const c of annotation.claims.filter((c) => c.voice === 'outlet')) {
      const e = claimOf(c);
      if (e && e.status === 'attributed') bad.push(`${where(c)} (${c.why ?? ''}): the outlet asserts this, engine says attributed (engine claim ${e.start}-${e.end})`);
    }
    report('outlet claims hidden as attributed', bad);
  });

  it('corroborates an attributed claim from the other seeds that report the same statement', function () {
    const bad: string[] = [];
    for (const c of annotation.claims.filter((c) => c.voice === 'attributed' && c.reportedBy.length > 0)) {
      const e = claimOf(c);
      if (!e) continue;
      const got = corroboratingFiles(e);
      if (!c.reportedBy.some((f) => got.includes(f))) bad.push(`${where(c)} (${c.why ?? ''}): corroboration should list one of ${names(c.reportedBy)}, lists ${names(got) || 'nothing'} (status ${e.status})`);
    }
    report('attributed claims without their corroboration', bad);
  });

  it('corroborates a quote from the other seeds that quote or report it', function () {
    const bad: string[] = [];
    for (const q of annotation.quotes.filter((q) => q.reportedBy.length > 0)) {
      const e = best(fileOf(q).quotes, q);
      if (!e) { bad.push(`${where(q)}: the engine reports no quote here (expected one corroborated by ${names(q.reportedBy)})`); continue; }
      const got = corroboratingFiles(e);
      if (!q.reportedBy.some((f) => got.includes(f))) bad.push(`${where(q)}: corroboration should list one of ${names(q.reportedBy)}, lists ${names(got) || 'nothing'}`);
    }
    report('quotes without their corroboration', bad);
  });

  it('finds at least 75% of the check-worthy sentences as claims or within quotes', function () {
    const missed: string[] = [];
    for (const c of annotation.claims) {
      const f = fileOf(c);
      if (f.claims.some((e) => overlap(e, c) > 0)) continue;
      // Within quotes: most of the sentence lies inside the engine's quotes (a quote sentence carries its cue outside the marks).
      const quoted = f.quotes.reduce((n, q) => n + overlap(q, c), 0);
      if (quoted * 2 >= c.end - c.start) continue;
      missed.push(`${where(c)} ${c.voice} (${c.why ?? ''})`);
    }
    const found = annotation.claims.length - missed.length;
    assert.ok(found >= 0.75 * annotation.claims.length,
      `recall ${found}/${annotation.claims.length} = ${((100 * found) / annotation.claims.length).toFixed(1)}% < 75%; missed:\n  ` + missed.join('\n  '));
  });
});
