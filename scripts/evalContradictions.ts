// Contradictions (../shared/eval/contradictions_dev/contradictions_dev.jsonl, described in its README): each case
// is a draft (the article's sentence between its neighbours), a source whose copy of the sentence was changed in one
// way (figure, date, negation, antonym, actor) or not (control), and a distractor from another article. The engine
// runs as the CLI does: draft.txt analysed against corpus/source.txt and corpus/other.txt, with the defaults.
// The item of a case is every claim or quote of the draft that overlaps the draft sentence (where several do, the
// ones that cover the changed words); a case with no item is a miss, never a false alarm.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { corroborate, type DocumentReport } from '../server/src/corpus/corroborate';
import { MemoryIndex } from '../server/src/corpus/index';
import { defaultSettings } from '../server/src/settings';
import type { Passage } from '../server/src/engine/types';

interface Case {
  id: string;
  kind: string;
  draft_text: string;
  source_text: string;
  distractor_text: string;
  draft_sentence: string;
  source_sentence: string;
  detail: string;
}

interface Item {
  start: number;
  end: number;
  corroboration: Passage[];
  contradictions: Array<Passage & { reason: string; detail: string }>;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const SOURCE = 'corpus/source.txt';

/** The words of the draft sentence that the change touched (the left side of `detail`), or null. */
function changedWords(c: Case): string[] {
  const left = c.detail.replace(/^reworded:\s*/, '').split(';')[0]!.split('->')[0]!.trim();
  return left ? left.split(/\s+/) : [];
}

export function runCase(c: Case, settings = defaultSettings()): { report: DocumentReport; items: Item[] } {
  const index = new MemoryIndex();
  index.upsert(SOURCE, c.source_text);
  index.upsert('corpus/other.txt', c.distractor_text);
  const report = corroborate(c.draft_text, 'draft.txt', index, settings);
  const s0 = c.draft_text.indexOf(c.draft_sentence);
  const s1 = s0 + c.draft_sentence.length;
  const all: Item[] = [
    ...report.claims.map((x) => ({ start: x.start, end: x.end, corroboration: x.corroboration, contradictions: x.contradictions })),
    ...report.quotes.map((x) => ({ start: x.quote.start, end: x.quote.end, corroboration: x.corroboration, contradictions: x.contradictions })),
  ].filter((x) => s0 >= 0 && x.start < s1 && s0 < x.end);
  if (all.length <= 1) return { report, items: all };
  // Several items: the ones that cover the changed words.
  const words = changedWords(c);
  const covering = all.filter((x) => {
    const t = c.draft_text.slice(x.start, x.end);
    return words.length > 0 && words.every((w) => t.includes(w));
  });
  return { report, items: covering.length ? covering : all };
}

export function evalContradictions(evalDir: string, errors: string[] = []): Record<string, unknown> {
  const file = path.join(evalDir, 'contradictions_dev', 'contradictions_dev.jsonl');
  const cases = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Case);
  const settings = defaultSettings();
  type Tally = { cases: number; covered: number; contradicted: number; corroborated: number; reasonAgrees: number };
  const tally = new Map<string, Tally>();
  const t0 = process.hrtime.bigint();
  for (const c of cases) {
    const t = tally.get(c.kind) ?? { cases: 0, covered: 0, contradicted: 0, corroborated: 0, reasonAgrees: 0 };
    tally.set(c.kind, t);
    t.cases++;
    const { report, items } = runCase(c, settings);
    if (items.length === 0) {
      errors.push(`${c.id} ${c.kind}: not a claim or quote: ${c.draft_sentence.slice(0, 100)}`);
      continue;
    }
    t.covered++;
    const s0 = c.draft_text.indexOf(c.draft_sentence);
    const s1 = s0 + c.draft_sentence.length;
    const contra = items.flatMap((x) => x.contradictions.filter((p) => p.path === SOURCE));
    const byDiagnostic = report.findings.some((f) => f.code === 'contradicted-claim' && f.start < s1 && s0 < f.end && f.passages.some((p) => p.path === SOURCE));
    const contradicted = contra.length > 0 || byDiagnostic;
    const corroborated = items.some((x) => x.corroboration.some((p) => p.path === SOURCE));
    if (contradicted) t.contradicted++;
    if (corroborated) t.corroborated++;
    if (contra.some((p) => p.reason === c.kind)) t.reasonAgrees++;
    if (c.kind === 'control' && contradicted) errors.push(`${c.id} control flagged (${contra.map((p) => `${p.reason}: ${p.detail}`).join('; ')}) ${c.detail}`);
    if (c.kind === 'control' && !corroborated) errors.push(`${c.id} control not corroborated ${c.detail}`);
    if (c.kind !== 'control' && !contradicted) errors.push(`${c.id} ${c.kind} missed (${c.detail})${corroborated ? ' and listed as corroboration' : ''}`);
    if (c.kind !== 'control' && contradicted && !contra.some((p) => p.reason === c.kind)) errors.push(`${c.id} ${c.kind} found as ${contra.map((p) => `${p.reason}: ${p.detail}`).join('; ')} (${c.detail})`);
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const kinds = [...tally.keys()].filter((k) => k !== 'control').sort();
  const changed = kinds.map((k) => tally.get(k)!);
  const sum = (f: (t: Tally) => number) => changed.reduce((n, t) => n + f(t), 0);
  const control = tally.get('control') ?? { cases: 0, covered: 0, contradicted: 0, corroborated: 0, reasonAgrees: 0 };
  const found = sum((t) => t.contradicted);
  return {
    cases: cases.length,
    contradiction_recall: r3(found / Math.max(1, sum((t) => t.cases))),
    recall_by_kind: Object.fromEntries(kinds.map((k) => [k, r3(tally.get(k)!.contradicted / tally.get(k)!.cases)])),
    false_corroboration: r3(sum((t) => t.corroborated) / Math.max(1, sum((t) => t.cases))),
    controls_flagged: r3(control.contradicted / Math.max(1, control.cases)),
    controls_corroborated: r3(control.corroborated / Math.max(1, control.cases)),
    coverage: r3((sum((t) => t.covered) + control.covered) / Math.max(1, cases.length)),
    coverage_by_kind: Object.fromEntries([...tally.entries()].map(([k, t]) => [k, r3(t.covered / t.cases)])),
    reason_agreement: r3(sum((t) => t.reasonAgrees) / Math.max(1, found)),
    ms_per_case: r3(ms / Math.max(1, cases.length)),
  };
}
