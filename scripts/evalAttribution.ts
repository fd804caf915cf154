// Sentence attribution on PolNeAR dev: the `attributed` flag of `check --all-sentences` (the engine's
// sentence judgments), each gold sentence matched to the engine sentence that overlaps it most.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { corroborate } from '../server/src/corpus/corroborate';
import { defaultSettings } from '../server/src/settings';

interface GoldSentence {
  id: string;
  doc: string;
  start: number;
  end: number;
  text: string;
  attributed: boolean;
  has_cue: boolean;
  has_source: boolean;
  in_content: boolean;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;
function f1(tp: number, fp: number, fn: number) {
  const P = tp + fp ? tp / (tp + fp) : 0;
  const R = tp + fn ? tp / (tp + fn) : 0;
  return { P: r3(P), R: r3(R), F1: r3(P + R ? (2 * P * R) / (P + R) : 0) };
}

export function evalAttribution(evalDir: string, errorsOut?: string[]): Record<string, unknown> {
  const docs = new Map<string, string>();
  for (const l of readFileSync(path.join(evalDir, 'polnear_dev_quoted.jsonl'), 'utf8').split('\n')) {
    if (!l.trim()) continue;
    const d = JSON.parse(l) as { id: string; text: string };
    docs.set(d.id, d.text);
  }
  const gold = readFileSync(path.join(evalDir, 'polnear_dev_sentences.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as GoldSentence);
  const settings = defaultSettings();
  const byDoc = new Map<string, Array<{ start: number; end: number; attributed: boolean }>>();
  let tp = 0, fp = 0, fn = 0, tn = 0, unmatched = 0;
  const kinds: Record<string, { n: number; right: number }> = {};
  for (const g of gold) {
    let sents = byDoc.get(g.doc);
    if (!sents) {
      const text = docs.get(g.doc);
      if (text === undefined) continue;
      sents = corroborate(text, g.doc, null, settings).analysis.sentences.map((s) => ({ start: s.start, end: s.end, attributed: s.attributed }));
      byDoc.set(g.doc, sents);
    }
    let best: { attributed: boolean } | null = null;
    let bo = 0;
    for (const s of sents) {
      const o = Math.min(s.end, g.end) - Math.max(s.start, g.start);
      if (o > bo) ((bo = o), (best = s));
    }
    if (!best) unmatched++;
    const pred = best?.attributed ?? false;
    if (g.attributed && pred) tp++;
    else if (!g.attributed && pred) fp++;
    else if (g.attributed && !pred) fn++;
    else tn++;
    const kind = !g.attributed ? 'gold unattributed' : g.has_cue && g.has_source ? 'gold: cue and source in sentence' : g.has_cue || g.has_source ? 'gold: cue or source only' : 'gold: content only (continuation)';
    const k = (kinds[kind] ??= { n: 0, right: 0 });
    k.n++;
    if (pred === g.attributed) k.right++;
    if (errorsOut && pred !== g.attributed) errorsOut.push(`${pred ? 'FP' : 'FN'} [${kind}] ${g.text.slice(0, 160)}`);
  }
  return {
    sentences: gold.length,
    attributed_class: f1(tp, fp, fn),
    unattributed_class: f1(tn, fn, fp),
    accuracy: r3((tp + tn) / Math.max(1, gold.length)),
    unmatched,
    breakdown: Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, { n: v.n, accuracy: r3(v.right / v.n) }])),
  };
}

// ------------------------------------------------------------------------------------------ hand-labelled news set
// Our own reading of sentences of polnear_train_quoted.jsonl articles (tests/annotations/attribution-news-*.json:
// article ids, offsets and labels only, no text). A sentence is attributed when it reports the statement, claim,
// belief or accusation of an identified source (SPEC.md "Attribution and citation"); the outlet's own assertions
// are not, even when they mention someone's remarks, plans or actions. Each labelled span is matched to the
// engine's sentences that overlap it, weighted by overlap: the engine says "attributed" when the attributed
// sentences cover more of the span than the others.

interface LabelledSentence {
  doc: string;
  start: number;
  end: number;
  label: 'attributed' | 'unattributed';
  why?: string;
}

function readLabels(file: string): LabelledSentence[] {
  const j = JSON.parse(readFileSync(file, 'utf8')) as { sentences: LabelledSentence[] };
  return j.sentences.filter((s) => s.label === 'attributed' || s.label === 'unattributed');
}

function kappa(pairs: Array<[boolean, boolean]>): number {
  const n = pairs.length;
  if (!n) return 0;
  const agree = pairs.filter(([a, b]) => a === b).length / n;
  const pa = pairs.filter(([a]) => a).length / n;
  const pb = pairs.filter(([, b]) => b).length / n;
  const pe = pa * pb + (1 - pa) * (1 - pb);
  return r3(pe < 1 ? (agree - pe) / (1 - pe) : 1);
}

/**
 * Scores the engine on the hand-labelled news set: for each annotator's file, and on the sentences both annotators
 * labelled alike. `errorsOut` gets one line per error (annotator, FP/FN, article id, offsets, the annotator's
 * category, the engine's rule) — ids and offsets only.
 */
export function evalAttributionNews(evalDir: string, annotationsDir: string, errorsOut?: string[]): Record<string, unknown> {
  const files = ['a', 'b'].map((k) => ({ k, file: path.join(annotationsDir, `attribution-news-${k}.json`) })).filter((f) => existsSync(f.file));
  if (!files.length) return { missing: `no ${path.join(annotationsDir, 'attribution-news-{a,b}.json')}` };
  const sets = files.map((f) => ({ k: f.k, labels: readLabels(f.file) }));
  const wanted = new Set(sets.flatMap((s) => s.labels.map((l) => l.doc)));
  const docs = new Map<string, string>();
  for (const l of readFileSync(path.join(evalDir, 'polnear_train_quoted.jsonl'), 'utf8').split('\n')) {
    if (!l.trim()) continue;
    const d = JSON.parse(l) as { id: string; text: string };
    if (wanted.has(d.id)) docs.set(d.id, d.text);
  }
  const settings = defaultSettings();
  const engine = new Map<string, Array<{ start: number; end: number; attributed: boolean }>>();
  const predict = (l: LabelledSentence): boolean | null => {
    let sents = engine.get(l.doc);
    if (!sents) {
      const text = docs.get(l.doc);
      if (text === undefined) return null;
      sents = corroborate(text, l.doc, null, settings).analysis.sentences.map((s) => ({ start: s.start, end: s.end, attributed: s.attributed }));
      engine.set(l.doc, sents);
    }
    let yes = 0, no = 0;
    for (const s of sents) {
      const o = Math.min(s.end, l.end) - Math.max(s.start, l.start);
      if (o > 0) s.attributed ? (yes += o) : (no += o);
    }
    return yes > no;
  };
  const score = (labels: LabelledSentence[], who: string) => {
    let tp = 0, fp = 0, fn = 0, tn = 0, unmatched = 0;
    const byWhy: Record<string, { n: number; wrong: number }> = {};
    for (const l of labels) {
      const pred = predict(l);
      if (pred === null) {
        unmatched++;
        continue;
      }
      const gold = l.label === 'attributed';
      if (gold && pred) tp++;
      else if (!gold && pred) fp++;
      else if (gold) fn++;
      else tn++;
      const why = `${l.label}: ${(l.why ?? '(no category)').toLowerCase().slice(0, 60)}`;
      const w = (byWhy[why] ??= { n: 0, wrong: 0 });
      w.n++;
      if (pred !== gold) {
        w.wrong++;
        errorsOut?.push(`${who} ${pred ? 'FP' : 'FN'} ${l.doc} ${l.start}-${l.end} [${l.why ?? ''}]`);
      }
    }
    return {
      sentences: labels.length,
      articles: new Set(labels.map((l) => l.doc)).size,
      gold_attributed: tp + fn,
      gold_unattributed: tn + fp,
      counts: { tp, fp, fn, tn },
      attributed_class: f1(tp, fp, fn),
      unattributed_class: f1(tn, fn, fp),
      unmatched,
      errors_by_category: Object.fromEntries(Object.entries(byWhy).filter(([, v]) => v.wrong).sort((a, b) => b[1].wrong - a[1].wrong).map(([k, v]) => [k, `${v.wrong} of ${v.n}`])),
    };
  };
  // The annotators split the articles between them; spans labelled by both (if any) count once when they agree,
  // and are left out of the whole set when they do not (their agreement is reported).
  const key = (l: LabelledSentence) => `${l.doc}:${l.start}:${l.end}`;
  const first = new Map<string, LabelledSentence>();
  const conflicts = new Set<string>();
  const pairs: Array<[boolean, boolean]> = [];
  for (const st of sets)
    for (const l of st.labels) {
      const seen = first.get(key(l));
      if (!seen) first.set(key(l), l);
      else {
        pairs.push([seen.label === 'attributed', l.label === 'attributed']);
        if (seen.label !== l.label) conflicts.add(key(l));
      }
    }
  const all = [...first.values()].filter((l) => !conflicts.has(key(l)));
  const out: Record<string, unknown> = { all: score(all, 'all') };
  for (const st of sets) out[`annotator_${st.k}`] = score(st.labels, st.k);
  if (pairs.length) out.double_labelled = { spans: pairs.length, same_label: pairs.length - conflicts.size, kappa: kappa(pairs) };
  return out;
}
