// Check-worthiness evaluation on ClaimBuster debate sentences (../shared/eval/claimbuster_dev.jsonl).
// Runs the engine the way the CLI does: every sentence is its own document, corroborate() scores it, and
// the sentence counts as a claim when the report's `claims` array is not empty (score >= claims.threshold).
// The table at other thresholds uses the highest sentence score of the same reports. `cv_F1` retrains the
// model with 5-fold cross-validation (scripts/trainClaims.ts, fewer iterations): the figure to trust,
// since the committed weights were fitted on this very file. `cv_blocked_F1` does the same with folds of
// contiguous ids (whole debates held out, closer to "other years" than hashed folds).
import { performance } from 'node:perf_hooks';
import { corroborate } from '../server/src/corpus/corroborate';
import { CLAIM_MODEL, claimScore } from '../server/src/engine/claims';
import { tokenize } from '../server/src/engine/tokens';
import { defaultSettings } from '../server/src/settings';
import { blockedFolds, crossValidate, DEFAULT_OPTIONS, featurize, prf, readRows, scoresOf, THRESHOLDS } from './trainClaims';

export function evalClaims(evalDir: string): Record<string, unknown> {
  const rows = readRows(evalDir);
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
  const msPerDocument = (performance.now() - t0) / rows.length;
  const P = tp + fp ? tp / (tp + fp) : 0;
  const R = tp + fn ? tp / (tp + fn) : 0;
  const r3 = (x: number) => Math.round(x * 1000) / 1000;

  // Cost of claimScore alone (features + weights), on pre-tokenised sentences: best of three passes.
  const tokens = rows.map((r) => tokenize(r.text));
  let best = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const t1 = performance.now();
    let sink = 0;
    for (let i = 0; i < rows.length; i++) sink += claimScore(rows[i]!.text, tokens[i]!);
    best = Math.min(best, (performance.now() - t1) / rows.length);
    if (sink < 0) throw new Error('unreachable');
  }

  // Breakdowns at the default threshold.
  const slice = (name: string, keep: (text: string) => boolean) => {
    const idx = rows.map((_, i) => i).filter((i) => keep(rows[i]!.text));
    const s = prf(
      idx.map((i) => scores[i]!),
      idx.map((i) => labels[i]!),
      threshold,
    );
    return { slice: name, n: idx.length, positives: idx.filter((i) => labels[i]).length, P: s.P, R: s.R, F1: s.F1 };
  };

  // Cross-validation with the committed model's bias offset (the trainer moves the bias so that 0.5 is the
  // F1-best threshold; CLAIM_MODEL.offset records by how much).
  const feats = featurize(rows);
  const opt = { ...DEFAULT_OPTIONS, iterations: 150 };
  const offset = CLAIM_MODEL.offset;
  const oof = scoresOf(crossValidate(rows, feats, opt), feats, offset);
  const oofBlocked = scoresOf(crossValidate(rows, feats, opt, blockedFolds(rows)), feats, offset);
  const cvTable = THRESHOLDS.map((t) => prf(oof, labels, t));
  const cvBlocked = THRESHOLDS.map((t) => prf(oofBlocked, labels, t));

  return {
    n: rows.length,
    positives: labels.filter((l) => l).length,
    threshold,
    P: r3(P),
    R: r3(R),
    F1: r3(P + R ? (2 * P * R) / (P + R) : 0),
    table: THRESHOLDS.map((t) => prf(scores, labels, t)),
    cv_F1: cvTable.find((r) => r.threshold === threshold)?.F1 ?? prf(oof, labels, threshold).F1,
    cv_table: cvTable,
    cv_blocked_F1: prf(oofBlocked, labels, threshold).F1,
    cv_blocked_table: cvBlocked,
    slices: [
      slice('with digits', (t) => /\d/.test(t)),
      slice('without digits', (t) => !/\d/.test(t)),
      slice('questions', (t) => /\?\s*\S{0,3}$/.test(t)),
      slice('first person', (t) => /\b(?:I|we)\b/i.test(t)),
    ],
    ms_per_document: r3(msPerDocument),
    ms_per_sentence_claimScore: Math.round(best * 10000) / 10000,
    ...(mismatched ? { warning: `${mismatched} documents where claims[] disagrees with the highest sentence score` } : {}),
  };
}
