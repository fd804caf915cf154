// text -> segmentation -> quotes and speakers -> sentence judgments. Pure; no corpus, no LSP.
import { collectPeople } from './people';
import { attributeSentences } from './sentenceAttribution';
import { attributeQuotes } from './speakers';
import { claimScore, footnoteDefinitions, isCited } from './claims';
import { findQuotes } from './quotes';
import { clearTokenCache } from './tokens';
import { segment } from './segment';
import type { Analysis, Quote, SentenceJudgment } from './types';

/** Claim scores depend only on the sentence text: cached across analyses (an edit re-scores one sentence). */
const scoreCache = new Map<string, number>();
const SCORE_CACHE_MAX = 50_000;

function cachedScore(sentence: string, compute: () => number): number {
  let s = scoreCache.get(sentence);
  if (s === undefined) {
    s = compute();
    if (scoreCache.size >= SCORE_CACHE_MAX) scoreCache.clear();
    scoreCache.set(sentence, s);
  }
  return s;
}

/** Forgets the per-sentence caches (tokens, claim scores): a warm-up compiles the code without leaving data behind. */
export function clearAnalysisCaches(): void {
  scoreCache.clear();
  clearTokenCache();
}

export function analyze(text: string): Analysis {
  return analyzeWithFeatures(text, false).analysis;
}

/** Quotations and their speakers only (no sentence judgments): what a comparison with another document's version needs. */
export function analyzeQuotes(text: string): Quote[] {
  return quotesAndSpeakers(text).quotes;
}

/** Segmentation, the people table, every sentence's tokens, and the quotations with their speakers. */
function quotesAndSpeakers(text: string) {
  const seg = segment(text);
  const { people, tokens } = collectPeople(text, seg);
  const quotes = findQuotes(text, seg);
  attributeQuotes(text, seg, quotes, people, tokens);
  return { seg, people, tokens, quotes };
}

/**
 * The analysis, and (with `withFeatures`) the attribution model's features of every sentence the rules leave
 * unattributed (null for the others and for page debris). scripts/trainAttribution.ts fits the model on these.
 */
export function analyzeWithFeatures(text: string, withFeatures = true): { analysis: Analysis; features: Array<Record<string, number> | null> } {
  const { seg, people, tokens, quotes } = quotesAndSpeakers(text);
  const defs = footnoteDefinitions(text);
  const judged = attributeSentences(text, seg, people, tokens, quotes, withFeatures);
  const sentences: SentenceJudgment[] = seg.sentences.map((s, si) => {
    const stext = text.slice(s.start, s.end);
    if (s.boilerplate) return { start: s.start, end: s.end, text: stext, score: 0, attributed: false, cited: false, source: null };
    const score = cachedScore(stext, () => claimScore(stext, tokens[si]!));
    const j = judged.sentences[si]!;
    return { start: s.start, end: s.end, text: stext, score, attributed: j.attributed, cited: isCited(stext, defs), source: j.source };
  });
  return { analysis: { segmentation: seg, quotes, sentences }, features: judged.features };
}
