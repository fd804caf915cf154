// The engine against a hand annotation of the five seed reports (issue 13): which sentences are check-worthy,
// whose voice they are in (the outlet's or someone it reports), and which other seeds report the same thing
// (tests/annotations/seed-claims.json, offsets only). Runs the real CLI on the seeds as one workspace.
//
// Verdicts are strict (but for the disagreements listed in KNOWN, each with its reason): an outlet claim nobody else reports is unsupported, one another seed reports is
// uncited and corroborated by it, and no outlet claim hides as attributed. Corroboration of reported speech
// across outlets that paraphrase it ("lacks the authority to sign" / "would have to win re-election to be
// a valid signatory") is beyond a lexical index for part of the annotated pairs: those checks hold a floor
// at the measured share and list every miss (npm run eval prints the same figures).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { CLI, ROOT } from '../lsp/client';
import { rate, readSeedAnnotation, scoreSeedClaims, where, type Check, type EngineFile, type SeedClaimScores } from './seedClaimsScore';

const SEEDS = path.resolve(ROOT, '..', 'shared', 'corpus', 'seeds');
const annotation = readSeedAnnotation(ROOT);
const seedQuotes = (JSON.parse(readFileSync(path.join(ROOT, 'tests', 'annotations', 'seed-quotes.json'), 'utf8')) as { quotes: Array<{ file: string; start: number; end: number }> }).quotes;

/**
 * Items where the engine and the hand annotation disagree today, each with the reason; the checks below fail on
 * any other disagreement (and a fixed one is noticed: it must be taken off this list).
 */
const KNOWN: Record<string, string> = {
  // "who has recently voiced strong frustration with Moscow's stanceTrump stated," — the page glued the cue that
  // introduces the next paragraph's quotation to the end of this sentence, so "Trump stated" reads as its report.
  '001_5446da67c470539d.txt:2370-2545': 'a cue glued from the next paragraph',
  // "has promised to quickly bring an end to the conflict, though he hasn't provided any specifics": a pledge
  // ("promised", like "vowed") is a statement, so the engine attributes it; the annotation reads the sentence as
  // the outlet's because of its trailing clause of fact.
  '002_50e1bebe41a30cea.txt:753-932': 'a pledge with a trailing outlet clause',
  // "While Moscow has maintained that…, its demands … remain sticking points": the outlet's claim (the engine
  // agrees), which the annotation has two other seeds report in other words the lexical index does not match.
  '003_4c3957521222b1e8.txt:4008-4209': 'paraphrase beyond the lexical index',
  // "…with international pressure mounting for both sides to seek a diplomatic resolution": the outlet's claim
  // (found since the class bigrams of issue 13 item 4; before, it scored just under 0.5), which 003 words as "both
  // sides face mounting international pressure to make…" inside a longer sentence the lexical index does not match.
  '001_5446da67c470539d.txt:2647-2807': 'paraphrase beyond the lexical index',
};

function onlyKnown(what: string, c: Check) {
  const unknown = c.violations.filter((v) => !(v.split(' ')[0]! in KNOWN));
  assert.ok(c.checked > 0, `no annotated item to check for ${what}`);
  assert.deepEqual(unknown, [], `${what}: disagreements with the annotation that are not known`);
}

function atLeast(what: string, c: Check, floor: number) {
  const r = rate(c);
  assert.ok(c.checked > 0, `no annotated item to check for ${what}`);
  assert.ok(r >= floor, `${what}: ${(100 * r).toFixed(1)}% of ${c.checked} < ${100 * floor}%; misses:\n  ` + c.violations.join('\n  '));
}

describe('seed reports against the hand annotation of their claims', function () {
  let scores: SeedClaimScores;
  let texts: Map<string, string>;

  before(function () {
    if (!existsSync(SEEDS)) this.skip();
    assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
    this.timeout(120000);
    const r = spawnSync(process.execPath, [CLI, 'check', SEEDS, '--format', 'json', '--fail-on', 'none'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(r.status, 0, `corroborate check exited ${r.status}: ${r.stderr}`);
    scores = scoreSeedClaims((JSON.parse(r.stdout) as { files: EngineFile[] }).files, annotation);
    texts = new Map(readdirSync(SEEDS).map((f) => [f, readFileSync(path.join(SEEDS, f), 'utf8')]));
  });

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
    for (const q of annotation.quotes) if (!seedQuotes.some((s) => s.file === q.file && s.start === q.start && s.end === q.end)) bad.push(`${where(q)}: not a quote of seed-quotes.json`);
    assert.deepEqual(bad, []);
  });

  it('reports an outlet claim that no other seed reports as unsupported', function () {
    onlyKnown('outlet claims nobody else reports, not unsupported', scores.outletUnsupported);
  });

  it('reports an outlet claim that other seeds report as uncited, corroborated by one of them', function () {
    onlyKnown('outlet claims reported elsewhere, not uncited with the right corroboration', scores.outletUncited);
  });

  it('never takes an outlet claim for an attributed one', function () {
    onlyKnown('outlet claims hidden as attributed', scores.outletNotHidden);
  });

  it('lists only disagreements that still occur', function () {
    const all = [scores.outletUnsupported, scores.outletUncited, scores.outletNotHidden].flatMap((c) => c.violations.map((v) => v.split(' ')[0]!));
    assert.deepEqual(Object.keys(KNOWN).filter((k) => !all.includes(k)), [], 'fixed: take these off KNOWN');
  });

  it('corroborates attributed claims from the other seeds that report the same statement (floor at the measured share)', function () {
    // 0.28: 6 of 21. It was 7 of 22 before the class bigrams of issue 13 item 4, which score "According to Peskov,
    // Putin has expressed a willingness to engage in dialogue if necessary but…" (004) 0.40, under the threshold,
    // while they find more of the annotated check-worthy sentences (0.764 of 89 against 0.742).
    atLeast('attributed claims corroborated by a seed that reports them', scores.attributedCorroborated, 0.28);
  });

  it('corroborates quotes from the other seeds that quote or report them (floor at the measured share)', function () {
    atLeast('quotes corroborated by a seed that quotes or reports them', scores.quotesCorroborated, 0.5);
  });

  it('finds at least 70% of the check-worthy sentences as claims or within quotes (floor at the measured share)', function () {
    atLeast('check-worthy sentences found', scores.recall, 0.7);
  });
});
