// Scores the engine's report of the five seeds against the hand annotation of their claims
// (tests/annotations/seed-claims.json: offsets, voice, which other seeds report each). Shared by the test
// (tests/corpus/seedClaims.test.ts, which asserts) and `npm run eval` (which prints the figures).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface Span { file: string; start: number; end: number }
export interface AnnotatedClaim extends Span { voice: 'outlet' | 'attributed'; reportedBy: string[]; why?: string }
export interface AnnotatedQuote extends Span { reportedBy: string[] }
export interface SeedAnnotation { claims: AnnotatedClaim[]; quotes: AnnotatedQuote[] }
interface Passage { path: string }
interface EngineSpan { start: number; end: number; corroboration: Passage[] }
export interface EngineClaim extends EngineSpan { status: 'unsupported' | 'uncited' | 'attributed' | 'cited' }
export interface EngineFile { path: string; quotes: EngineSpan[]; claims: EngineClaim[] }

export function readSeedAnnotation(root: string): SeedAnnotation {
  return JSON.parse(readFileSync(path.join(root, 'tests', 'annotations', 'seed-claims.json'), 'utf8')) as SeedAnnotation;
}

export const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
export const where = (s: Span) => `${s.file}:${s.start}-${s.end}`;
const base = (p: string) => path.basename(p);
const names = (files: string[]) => files.map((f) => f.slice(0, 3)).join(', ');
const corroboratingFiles = (x: EngineSpan) => [...new Set(x.corroboration.map((p) => base(p.path)))];

/** The engine's item sharing the most characters with the annotated span, if any. */
export function best<T extends { start: number; end: number }>(items: T[], s: Span): T | undefined {
  let top: T | undefined;
  let most = 0;
  for (const it of items) {
    const o = overlap(it, s);
    if (o > most) (most = o), (top = it);
  }
  return top;
}

/** One check: how many annotated items it applies to, and a line for each one the engine gets wrong. */
export interface Check { checked: number; violations: string[] }

export interface SeedClaimScores {
  /** Outlet claims no other seed reports, reported as claims: unsupported. */
  outletUnsupported: Check;
  /** Outlet claims another seed reports, reported as claims: uncited, corroborated by one of those seeds. */
  outletUncited: Check;
  /** Outlet claims reported as claims: never attributed. */
  outletNotHidden: Check;
  /** Attributed claims another seed reports: corroborated by one of those seeds. */
  attributedCorroborated: Check;
  /** Quotes another seed quotes or reports: corroborated by one of those seeds. */
  quotesCorroborated: Check;
  /** Annotated check-worthy sentences found as claims or (mostly) within quotes. */
  recall: Check;
}

export function scoreSeedClaims(files: EngineFile[], ann: SeedAnnotation): SeedClaimScores {
  const byFile = new Map(files.map((f) => [base(f.path), f]));
  const fileOf = (s: Span): EngineFile => byFile.get(s.file) ?? { path: s.file, quotes: [], claims: [] };
  const check = (): Check => ({ checked: 0, violations: [] });
  const s: SeedClaimScores = {
    outletUnsupported: check(),
    outletUncited: check(),
    outletNotHidden: check(),
    attributedCorroborated: check(),
    quotesCorroborated: check(),
    recall: check(),
  };
  for (const c of ann.claims) {
    const f = fileOf(c);
    const e = best(f.claims, c);
    const why = c.why ? ` (${c.why})` : '';
    if (e && c.voice === 'outlet') {
      s.outletNotHidden.checked++;
      if (e.status === 'attributed') s.outletNotHidden.violations.push(`${where(c)}${why}: the outlet asserts this, engine says attributed`);
      const got = corroboratingFiles(e);
      if (c.reportedBy.length === 0) {
        s.outletUnsupported.checked++;
        if (e.status !== 'unsupported') s.outletUnsupported.violations.push(`${where(c)}${why}: expected unsupported, engine says ${e.status}${got.length ? ` corroborated by ${names(got)}` : ''}`);
      } else {
        s.outletUncited.checked++;
        if (e.status !== 'uncited') s.outletUncited.violations.push(`${where(c)}${why}: expected uncited (also in ${names(c.reportedBy)}), engine says ${e.status}`);
        else if (!c.reportedBy.some((x) => got.includes(x))) s.outletUncited.violations.push(`${where(c)}${why}: corroboration should list one of ${names(c.reportedBy)}, lists ${names(got) || 'nothing'}`);
      }
    }
    if (e && c.voice === 'attributed' && c.reportedBy.length > 0) {
      s.attributedCorroborated.checked++;
      const got = corroboratingFiles(e);
      if (!c.reportedBy.some((x) => got.includes(x))) s.attributedCorroborated.violations.push(`${where(c)}${why}: corroboration should list one of ${names(c.reportedBy)}, lists ${names(got) || 'nothing'} (status ${e.status})`);
    }
    s.recall.checked++;
    // Within quotes: most of the sentence lies inside the engine's quotes (a quote sentence carries its cue outside the marks).
    const quoted = f.quotes.reduce((n, q) => n + overlap(q, c), 0);
    if (!f.claims.some((x) => overlap(x, c) > 0) && quoted * 2 < c.end - c.start) s.recall.violations.push(`${where(c)} ${c.voice}${why}`);
  }
  for (const q of ann.quotes.filter((x) => x.reportedBy.length > 0)) {
    s.quotesCorroborated.checked++;
    const e = best(fileOf(q).quotes, q);
    if (!e) s.quotesCorroborated.violations.push(`${where(q)}: the engine reports no quote here`);
    else {
      const got = corroboratingFiles(e);
      if (!q.reportedBy.some((x) => got.includes(x))) s.quotesCorroborated.violations.push(`${where(q)}: corroboration should list one of ${names(q.reportedBy)}, lists ${names(got) || 'nothing'}`);
    }
  }
  return s;
}

/** Share of a check's items the engine gets right (1 when it applies to none). */
export const rate = (c: Check) => (c.checked ? (c.checked - c.violations.length) / c.checked : 1);
