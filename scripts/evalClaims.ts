// Check-worthiness evaluation (../shared/eval). Runs the engine the way the CLI does: every sentence is its own
// document, corroborate() scores it, and the sentence counts as a claim when the report's `claims` array is not
// empty (score >= claims.threshold). The table at other thresholds uses the highest sentence score of the same
// reports. Sets:
//   - ct24_dev, ct24_devtest: CheckThat! 2024 English dev and dev-test, both held out of the training pool
//     (scripts/trainClaims.ts); dev chose the operating point together with ClaimBuster's blocked CV, dev-test
//     chose nothing: the honest figure;
//   - claimbuster: ClaimBuster dev, in the training pool: an in-sample figure. Its cross-validated figures
//     (random and blocked folds) take minutes to compute, so they are the ones the trainer measured and recorded
//     in data/claimModel.json (`cv_recorded_by_trainer`); `npx tsx scripts/trainClaims.ts --dry-run` recomputes them.
import { performance } from 'node:perf_hooks';
import { corroborate } from '../server/src/corpus/corroborate';
import { CLAIM_MODEL, claimScore } from '../server/src/engine/claims';
import { tokenize } from '../server/src/engine/tokens';
import { defaultSettings } from '../server/src/settings';
import { prf, readRows, Row, THRESHOLDS } from './trainClaims';

const r3 = (x: number) => Math.round(x * 1000) / 1000;

function evalSet(rows: Row[], withTable: boolean): Record<string, unknown> & { scores: Float64Array; mismatched: number; ms: number } {
  const settings = defaultSettings();
  const threshold = settings['claims.threshold'];
  const labels = rows.map((r) => r.label);
  const scores = new Float64Array(rows.length);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let mismatched = 0;
  const t0 = performance.now();
  rows.forEach((r, i) => {
    const report = corroborate(r.text, r.id, null, settings);
    const claim = report.claims.length > 0;
    scores[i] = report.analysis.sentences.reduce((m, s) => Math.max(m, s.score), 0);
    if (claim !== scores[i]! >= threshold) mismatched++;
    if (claim && r.label) tp++;
    else if (claim) fp++;
    else if (r.label) fn++;
  });
  const ms = (performance.now() - t0) / rows.length;
  const P = tp + fp ? tp / (tp + fp) : 0;
  const R = tp + fn ? tp / (tp + fn) : 0;
  return {
    n: rows.length,
    positives: labels.filter((l) => l).length,
    P: r3(P),
    R: r3(R),
    F1: r3(P + R ? (2 * P * R) / (P + R) : 0),
    ...(withTable ? { table: THRESHOLDS.map((t) => prf(scores, labels, t)) } : {}),
    scores,
    mismatched,
    ms,
  };
}

export function evalClaims(evalDir: string): Record<string, unknown> {
  const threshold = defaultSettings()['claims.threshold'];
  const cbRows = readRows(evalDir);
  const { scores: cbScores, mismatched: m1, ms, ...claimbuster } = evalSet(cbRows, true);
  const { scores: _d, mismatched: m2, ms: _m2, ...dev } = evalSet(readRows(evalDir, 'ct24_en_dev.jsonl'), true);
  const { scores: _t, mismatched: m3, ms: _m3, ...devtest } = evalSet(readRows(evalDir, 'ct24_en_devtest.jsonl'), true);
  const mismatched = m1 + m2 + m3;

  // Cost of claimScore alone (features + weights), on pre-tokenised sentences: best of three passes.
  const tokens = cbRows.map((r) => tokenize(r.text));
  let best = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const t1 = performance.now();
    let sink = 0;
    for (let i = 0; i < cbRows.length; i++) sink += claimScore(cbRows[i]!.text, tokens[i]!);
    best = Math.min(best, (performance.now() - t1) / cbRows.length);
    if (sink < 0) throw new Error('unreachable');
  }

  // ClaimBuster breakdowns at the default threshold (in-sample).
  const slice = (name: string, keep: (text: string) => boolean) => {
    const idx = cbRows.map((_, i) => i).filter((i) => keep(cbRows[i]!.text));
    const s = prf(
      idx.map((i) => cbScores[i]!),
      idx.map((i) => cbRows[i]!.label),
      threshold,
    );
    return { slice: name, n: idx.length, positives: idx.filter((i) => cbRows[i]!.label).length, P: s.P, R: s.R, F1: s.F1 };
  };
  const fig = CLAIM_MODEL.figures;
  return {
    threshold,
    ct24_dev: dev,
    ct24_devtest: devtest,
    claimbuster_in_sample: {
      ...claimbuster,
      slices: [
        slice('with digits', (t) => /\d/.test(t)),
        slice('without digits', (t) => !/\d/.test(t)),
        slice('questions', (t) => /\?\s*\S{0,3}$/.test(t)),
        slice('first person', (t) => /\b(?:I|we)\b/i.test(t)),
      ],
    },
    cv_recorded_by_trainer: { claimbuster_random: fig.cb_cv_random ?? null, claimbuster_blocked: fig.cb_cv_blocked ?? null },
    model: CLAIM_MODEL.note,
    ms_per_document: r3(ms),
    ms_per_sentence_claimScore: Math.round(best * 10000) / 10000,
    ...(mismatched ? { warning: `${mismatched} documents where claims[] disagrees with the highest sentence score` } : {}),
  };
}
