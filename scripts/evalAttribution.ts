// Sentence attribution on PolNeAR dev: the `attributed` flag of `check --all-sentences` (the engine's
// sentence judgments), each gold sentence matched to the engine sentence that overlaps it most.
import { readFileSync } from 'node:fs';
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
