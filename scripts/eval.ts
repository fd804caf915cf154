// `npm run eval`: scores the engine on ../shared/eval (internal development data, never committed).
// Runs the engine the way the CLI does (corroborate() -> the JSON's quotes / claims / sentences) and
// prints the figures the issues ask for, with breakdowns. Not part of `npm test`.
//
//   npm run eval                 all sections
//   npm run eval -- quotes       one section (quotes | claims | attribution | retrieval)
//   CORROBORATE_EVAL_DIR=...     another data folder
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { corroborate } from '../server/src/corpus/corroborate';
import { defaultSettings } from '../server/src/settings';
import { evalRetrieval } from './evalRetrieval';
import { evalAttribution, evalAttributionNews } from './evalAttribution';
import { evalClaims } from './evalClaims';
import { evalContradictions } from './evalContradictions';
import { rate, readSeedAnnotation, scoreSeedClaims, type EngineFile } from '../tests/corpus/seedClaimsScore';

const EVAL_DIR = process.env.CORROBORATE_EVAL_DIR ?? path.resolve(process.cwd(), '..', 'shared', 'eval');
const settings = defaultSettings();

function readJsonl<T>(file: string): T[] {
  return readFileSync(path.join(EVAL_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;
function prf(hit: number, pred: number, gold: number) {
  const P = pred ? hit / pred : 0;
  const R = gold ? hit / gold : 0;
  return { P: r3(P), R: r3(R), F1: r3(P + R ? (2 * P * R) / (P + R) : 0) };
}

// ------------------------------------------------------------------------------------------ quotes
// A port of score_quotes.py (same trimming, matching and speaker rule), checked against it below.
const TRIM = new Set([...' \t\r\n,.;:!?\u2014\u2013-\u201c\u201d"\u2018\u2019\'']);
const STOP = new Set(['the', 'a', 'an', 'of', 'and', 'in', 'at', 'for', 'on', 'to', 'mr', 'mr.', 'mrs', 'mrs.', 'ms', 'ms.', 'dr', 'dr.', 'sen', 'sen.', 'rep', 'rep.', 'gov', 'gov.', 'president', 'former', 'spokesman', 'spokeswoman', 'who', 'said']);

function core(text: string, s: number, e: number): [number, number] {
  s = Math.max(0, Math.min(s, text.length));
  e = Math.max(0, Math.min(e, text.length));
  while (s < e && TRIM.has(text[s]!)) s++;
  while (e > s && TRIM.has(text[e - 1]!)) e--;
  return [s, e];
}
function jacc(a: [number, number], b: [number, number]): number {
  const inter = Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
  const union = Math.max(a[1], b[1]) - Math.min(a[0], b[0]);
  return union ? inter / union : 0;
}
function words(s: string | null | undefined): Set<string> {
  return new Set(((s ?? '').toLowerCase().match(/[\p{L}\p{N}_'\u2019.-]+/gu) ?? []).filter((w) => !STOP.has(w) && w.length > 1));
}

interface GoldQuote {
  start: number;
  end: number;
  text: string;
  speaker: string;
  speaker_start: number;
  speaker_end: number;
  speaker_is_pronoun: boolean;
  cue: string;
  attribution_type: string;
}
interface QuoteDoc {
  id: string;
  text: string;
  quotes: GoldQuote[];
}

function evalQuotes(): Record<string, unknown> {
  const docs = readJsonl<QuoteDoc>('polnear_dev_quoted.jsonl');
  const preds: Array<{ id: string; quotes: Array<{ start: number; end: number; speaker: string | null; resolved: string | null }> }> = [];
  const t0 = Date.now();
  for (const d of docs) {
    const report = corroborate(d.text, d.id, null, settings);
    preds.push({
      id: d.id,
      quotes: report.quotes.map(({ quote: q }) => ({ start: q.start, end: q.end, speaker: q.speakerMention?.text ?? null, resolved: q.speaker })),
    });
  }
  const ms = Date.now() - t0;
  const tot = { g: 0, p: 0, exact: 0, overlap: 0, spk: 0, spkN: 0, named: 0, namedN: 0, pron: 0, pronN: 0 };
  const breakdown: Record<string, { n: number; found: number; speakerRight: number }> = {};
  const bump = (k: string, found: boolean, right: boolean) => {
    const b = (breakdown[k] ??= { n: 0, found: 0, speakerRight: 0 });
    b.n++;
    if (found) b.found++;
    if (right) b.speakerRight++;
  };
  const errors: string[] = [];
  let spurious = 0;
  let unattributedPred = 0;
  for (let di = 0; di < docs.length; di++) {
    const d = docs[di]!;
    const g = d.quotes.map((q) => ({ ...q, core: core(d.text, q.start, q.end) }));
    const p = preds[di]!.quotes.map((q) => ({ ...q, core: core(d.text, q.start, q.end) }));
    tot.g += g.length;
    tot.p += p.length;
    const used = new Set<number>();
    for (const gq of g) {
      let best = -1;
      let bj = 0;
      p.forEach((pq, i) => {
        if (used.has(i)) return;
        const j = jacc(gq.core, pq.core);
        if (j > bj) ((best = i), (bj = j));
      });
      const position = gq.speaker_start < gq.start ? 'speaker before quote' : gq.speaker_start >= gq.end ? 'speaker after quote' : 'speaker inside quote';
      const cue = (gq.cue ?? '').toLowerCase().replace(/[^a-z ]/g, '').trim() || '(none)';
      const cueKey = ['said', 'says', 'told', 'according to', 'wrote', 'added', 'asked'].includes(cue) ? cue : 'other cues';
      if (best < 0 || bj < 0.5) {
        for (const k of [position, gq.speaker_is_pronoun ? 'pronoun speaker' : 'named speaker', `cue: ${cueKey}`, `type: ${gq.attribution_type}`]) bump(k, false, false);
        if (errors.length < 400) errors.push(`MISS   ${d.id} ${JSON.stringify(d.text.slice(gq.start, gq.end).slice(0, 70))} (${gq.speaker})`);
        continue;
      }
      used.add(best);
      const pq = p[best]!;
      tot.overlap++;
      if (pq.core[0] === gq.core[0] && pq.core[1] === gq.core[1]) tot.exact++;
      const pw = words(pq.speaker);
      const gw = words(gq.speaker);
      const ok = [...pw].some((w) => gw.has(w));
      tot.spkN++;
      if (ok) tot.spk++;
      if (gq.speaker_is_pronoun) {
        tot.pronN++;
        if (ok) tot.pron++;
      } else {
        tot.namedN++;
        if (ok) tot.named++;
      }
      for (const k of [position, gq.speaker_is_pronoun ? 'pronoun speaker' : 'named speaker', `cue: ${cueKey}`, `type: ${gq.attribution_type}`]) bump(k, true, ok);
      if (!ok && errors.length < 400) errors.push(`SPEAKER ${d.id} ${JSON.stringify(d.text.slice(gq.start, gq.end).slice(0, 50))} gold=${gq.speaker} pred=${pq.speaker} (${pq.resolved})`);
    }
    p.forEach((pq, i) => {
      if (!used.has(i)) {
        spurious++;
        if (!pq.speaker) unattributedPred++;
        if (errors.length < 400) errors.push(`EXTRA  ${d.id} ${JSON.stringify(d.text.slice(pq.start, pq.end).slice(0, 70))} (${pq.speaker})`);
      }
    });
  }
  const out: Record<string, unknown> = {
    articles: docs.length,
    gold_quotes: tot.g,
    pred_quotes: tot.p,
    quote_span_exact: prf(tot.exact, tot.p, tot.g),
    quote_span_overlap: prf(tot.overlap, tot.p, tot.g),
    speaker_accuracy_all: { acc: r3(tot.spk / Math.max(1, tot.spkN)), n: tot.spkN },
    speaker_accuracy_named: { acc: r3(tot.named / Math.max(1, tot.namedN)), n: tot.namedN },
    speaker_accuracy_pronoun: { acc: r3(tot.pron / Math.max(1, tot.pronN)), n: tot.pronN },
    end_to_end: prf(tot.spk, tot.p, tot.g),
    spurious_quotes: { total: spurious, without_speaker: unattributedPred },
    ms_per_article: r3(ms / docs.length),
    breakdown: Object.fromEntries(
      Object.entries(breakdown)
        .sort()
        .map(([k, b]) => [k, { gold: b.n, span_recall: r3(b.found / b.n), speaker_right_when_found: r3(b.speakerRight / Math.max(1, b.found)) }]),
    ),
  };
  // Cross-check with the reference scorer when python3 is here.
  const tmp = mkdtempSync(path.join(tmpdir(), 'corroborate-eval-'));
  try {
    const pred = path.join(tmp, 'pred.jsonl');
    writeFileSync(pred, preds.map((x) => JSON.stringify({ id: x.id, quotes: x.quotes.map((q) => ({ start: q.start, end: q.end, speaker: q.speaker ?? '' })) })).join('\n') + '\n');
    const r = spawnSync('python3', [path.join(EVAL_DIR, 'score_quotes.py'), path.join(EVAL_DIR, 'polnear_dev_quoted.jsonl'), pred], { encoding: 'utf8' });
    if (r.status === 0) {
      const ref = JSON.parse(r.stdout);
      out.reference_scorer = {
        quote_overlap_F1: ref.quote_overlap.F1,
        speaker_acc_named: ref.speaker_acc_named.acc,
        end_to_end_F1: ref['end_to_end_overlap+speaker'].F1,
      };
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (process.env.CORROBORATE_EVAL_ERRORS) writeFileSync(process.env.CORROBORATE_EVAL_ERRORS, errors.join('\n') + '\n');
  return out;
}

// ------------------------------------------------------------------------------------------ seeds
// Our own hand annotation of the seed quotes (offsets and speakers only: tests/annotations/seed-quotes.json).
function evalSeeds(): Record<string, unknown> {
  const seeds = path.resolve(EVAL_DIR, '..', 'corpus', 'seeds');
  const ann: { quotes: Array<{ file: string; start: number; end: number; speaker: string }> } = JSON.parse(
    readFileSync(path.resolve(process.cwd(), 'tests', 'annotations', 'seed-quotes.json'), 'utf8'),
  );
  const byFile = new Map<string, ReturnType<typeof corroborate>>();
  let found = 0;
  let right = 0;
  const errors: string[] = [];
  for (const g of ann.quotes) {
    let r = byFile.get(g.file);
    if (!r) byFile.set(g.file, (r = corroborate(readFileSync(path.join(seeds, g.file), 'utf8'), g.file, null, settings)));
    const q = r.quotes.find(({ quote: x }) => x.start < g.end && g.start < x.end)?.quote;
    if (!q) {
      errors.push(`missed ${g.file.slice(0, 3)}@${g.start} (${g.speaker})`);
      continue;
    }
    found++;
    const last = (s: string) => s.split(/\s+/).pop()!.replace(/y+$/, 'y');
    if (q.speaker && last(q.speaker) === last(g.speaker)) right++;
    else errors.push(`wrong speaker ${g.file.slice(0, 3)}@${g.start}: ${q.speaker} instead of ${g.speaker}`);
  }
  const predicted = [...byFile.values()].reduce((n, r) => n + r.quotes.length, 0);
  return { annotated: ann.quotes.length, predicted, found, speakers_right: right, errors };
}

// ------------------------------------------------------------------------------------------ seed claims
// The CLI on the five seeds as one workspace against our hand annotation of their claims (voice, which other
// seeds report each): the verdicts a fact-checker reads (tests/corpus/seedClaimsScore.ts).
function evalSeedClaims(): Record<string, unknown> {
  const seeds = path.resolve(EVAL_DIR, '..', 'corpus', 'seeds');
  const r = spawnSync(process.execPath, [CLI, 'check', seeds, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const s = scoreSeedClaims((JSON.parse(r.stdout) as { files: EngineFile[] }).files, readSeedAnnotation(process.cwd()));
  return Object.fromEntries(Object.entries(s).map(([k, c]) => [k, { checked: c.checked, right: r3(rate(c)), misses: c.violations }]));
}

// ------------------------------------------------------------------------------------------ main
const CLI = path.resolve(process.cwd(), 'dist', 'cli', 'main.js');
const SECTIONS: Record<string, () => Record<string, unknown>> = {
  seeds: evalSeeds,
  'seed-claims': evalSeedClaims,
  quotes: evalQuotes,
  claims: () => evalClaims(EVAL_DIR),
  attribution: () => {
    const errors: string[] = [];
    const r = evalAttribution(EVAL_DIR, errors);
    if (process.env.CORROBORATE_EVAL_ERRORS) writeFileSync(process.env.CORROBORATE_EVAL_ERRORS + '.attribution', errors.join('\n') + '\n');
    return r;
  },
  'attribution-news': () => {
    const errors: string[] = [];
    const r = evalAttributionNews(EVAL_DIR, path.resolve(process.cwd(), 'tests', 'annotations'), errors);
    if (process.env.CORROBORATE_EVAL_ERRORS) writeFileSync(process.env.CORROBORATE_EVAL_ERRORS + '.attribution-news', errors.join('\n') + '\n');
    return r;
  },
  contradictions: () => {
    const errors: string[] = [];
    const r = evalContradictions(EVAL_DIR, errors);
    if (process.env.CORROBORATE_EVAL_ERRORS) writeFileSync(process.env.CORROBORATE_EVAL_ERRORS + '.contradictions', errors.join('\n') + '\n');
    return r;
  },
  retrieval: () => evalRetrieval(EVAL_DIR, CLI, 'dev'),
  'retrieval-train': () => evalRetrieval(EVAL_DIR, CLI, 'train'),
};
const DEFAULT_SECTIONS = ['seeds', 'seed-claims', 'quotes', 'claims', 'attribution', 'attribution-news', 'contradictions', 'retrieval'];

function main(): void {
  if (!existsSync(EVAL_DIR)) {
    process.stdout.write(`No evaluation data at ${EVAL_DIR} (set CORROBORATE_EVAL_DIR); nothing to score.\n`);
    return;
  }
  const only = process.argv[2];
  const results: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(SECTIONS)) {
    if (only ? only !== name : !DEFAULT_SECTIONS.includes(name)) continue;
    const t0 = Date.now();
    results[name] = fn();
    process.stderr.write(`${name}: ${Date.now() - t0} ms\n`);
  }
  process.stdout.write(JSON.stringify(results, null, 1) + '\n');
  const cl = results.claims as any;
  if (cl) {
    const prf = (x: any) => (x ? `F1 ${x.F1} (P ${x.P}, R ${x.R})` : 'n/a');
    process.stdout.write(
      `Check-worthiness at threshold ${cl.threshold}: CT24 dev ${prf(cl.ct24_dev)} · CT24 dev-test ${prf(cl.ct24_devtest)} (target 0.82) · ` +
        `ClaimBuster 5-fold CV as recorded by the trainer: random folds ${prf(cl.cv_recorded_by_trainer?.claimbuster_random)}, blocked folds ${prf(cl.cv_recorded_by_trainer?.claimbuster_blocked)} (target 0.80) · ` +
        `ClaimBuster in-sample (in the training pool) ${prf(cl.claimbuster_in_sample)}\n`,
    );
  }
  const at = results.attribution as any;
  if (at) process.stdout.write(`Attribution (polnear dev sentences): F1 attributed ${at.attributed_class.F1} (guard 0.88) · F1 unattributed ${at.unattributed_class.F1} (guard 0.75)\n`);
  const an = results['attribution-news'] as any;
  if (an) {
    const line = (name: string, x: any) =>
      x ? `  ${name}: ${x.sentences} sentences of ${x.articles} articles (${x.gold_attributed} attributed, ${x.gold_unattributed} not) · attributed P ${x.attributed_class.P} R ${x.attributed_class.R} F1 ${x.attributed_class.F1} · unattributed P ${x.unattributed_class.P} R ${x.unattributed_class.R} F1 ${x.unattributed_class.F1}\n` : '';
    process.stdout.write(
      an.missing
        ? `Attribution, hand-labelled news set: ${an.missing}\n`
        : `Attribution, hand-labelled news set (targets: attributed precision 0.95, unattributed recall 0.90):\n${line('all', an.all)}${line('annotator a', an.annotator_a)}${line('annotator b', an.annotator_b)}${an.double_labelled ? `  double-labelled spans: ${an.double_labelled.same_label} of ${an.double_labelled.spans} alike, kappa ${an.double_labelled.kappa}\n` : ''}`,
    );
  }
  const ct = results.contradictions as any;
  if (ct) {
    process.stdout.write(
      `Contradictions (contradictions_dev, ${ct.cases} cases): recall ${ct.contradiction_recall} (target 0.85; per kind ${Object.entries(ct.recall_by_kind).map(([k, v]) => `${k} ${v}`).join(', ')}; target 0.70 each) · ` +
        `changed passages listed as corroboration ${ct.false_corroboration} (target <= 0.05) · controls flagged ${ct.controls_flagged} (target <= 0.03) · controls corroborated ${ct.controls_corroborated} (target 0.90) · coverage ${ct.coverage} · reason agreement ${ct.reason_agreement}\n`,
    );
  }
  const rt = results.retrieval as any;
  if (rt) process.stdout.write(`Retrieval (ct20t2 dev): MAP@5 ${rt['MAP@5']} (target 0.85)\n`);
  const sc = results['seed-claims'] as any;
  if (sc) {
    const f = (k: string) => `${sc[k].right} of ${sc[k].checked}`;
    process.stdout.write(
      `Seed claims vs hand annotation: outlet claims nobody else reports unsupported ${f('outletUnsupported')} · reported elsewhere uncited and corroborated ${f('outletUncited')} · outlet claims not hidden as attributed ${f('outletNotHidden')} · attributed claims corroborated by a seed that reports them ${f('attributedCorroborated')} · quotes ${f('quotesCorroborated')} · check-worthy sentences found ${f('recall')}\n`,
    );
  }
  const q = results.quotes as any;
  if (q) {
    process.stdout.write(
      `\nQuotes (polnear dev): span F1 ${q.quote_span_overlap.F1} (target 0.92) · named-speaker accuracy ${q.speaker_accuracy_named.acc} (target 0.90) · end-to-end F1 ${q.end_to_end.F1} (target 0.80)\n`,
    );
  }
}

main();
