// text -> segmentation -> quotes and speakers -> sentence judgments. Pure; no corpus, no LSP.
import { attributeQuotes, attributionFeatures, attributionScore, collectPeople, firstPersonCount, findAttributions, inApostropheQuote, labelSpeaker, reportingClause, TURN_RE, type RuleSignals } from './attribution';
import { ATTRIBUTION_MODEL } from './attributionModel';
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
  const sentences: SentenceJudgment[] = [];
  let qi = 0;
  const rules: RuleSignals[] = [];
  for (let si = 0; si < seg.sentences.length; si++) {
    const s = seg.sentences[si]!;
    const stext = text.slice(s.start, s.end);
    if (s.boilerplate) {
      sentences.push({ start: s.start, end: s.end, text: stext, score: 0, attributed: false, cited: false, source: null });
      rules.push({ quoted: 0, quoteSpeaker: false, attributed: false });
      continue;
    }
    const toks = tokens[si]!;
    const score = cachedScore(stext, () => claimScore(stext, toks));
    // Quotes that overlap this sentence.
    while (qi < quotes.length && quotes[qi]!.end <= s.start) qi++;
    let source: string | null = null;
    let quoted = 0;
    let quotedNoSpeaker = false;
    let reported = false;
    let quoteSpeaker = false;
    for (let k = qi; k < quotes.length && quotes[k]!.start < s.end; k++) {
      const q: Quote = quotes[k]!;
      const overlap = Math.min(q.end, s.end) - Math.max(q.start, s.start);
      if (overlap > 0) quoted += overlap;
      if (overlap > 0 && (q.speaker || !source)) {
        source = q.speaker ?? source;
        quoteSpeaker = quoteSpeaker || q.speaker !== null;
        quotedNoSpeaker = quotedNoSpeaker || (!q.speaker && q.full);
      }
    }
    if (!source) {
      const att = findAttributions(text, toks, 0, toks.length, people, s.paragraph, true);
      if (att.length) source = att[0]!.speaker;
    }
    if (!source) source = labelSpeaker(text, toks, people);
    if (!source) {
      // A transcript turn ("PENCE: Gennifer Flowers will not…"): every sentence of it is the speaker's.
      const p = seg.paragraphs[s.paragraph]!;
      const m = TURN_RE.exec(text.slice(p.start, Math.min(p.end, p.start + 40)));
      if (m) source = m[1]!;
    }
    if (!source) {
      const r = reportingClause(text, toks, people, s.paragraph);
      if (r) source = r.speaker;
      reported = r !== null || inApostropheQuote(text, seg, si);
    }
    const attributed = source !== null || quotedNoSpeaker || reported;
    rules.push({ quoted: quoted / Math.max(1, s.end - s.start), quoteSpeaker, attributed });
    sentences.push({ start: s.start, end: s.end, text: stext, score, attributed, cited: isCited(stext, defs), source });
  }
  // Sentences the rules leave unattributed: the attribution model (context, subject and verb classes) decides.
  const features: Array<Record<string, number> | null> = sentences.map(() => null);
  let live = 0, att = 0, first = 0, withQuotes = 0;
  for (let si = 0; si < rules.length; si++) {
    if (seg.sentences[si]!.boilerplate) continue;
    live++;
    if (rules[si]!.attributed) att++;
    if (rules[si]!.quoted > 0) withQuotes++;
    else if (firstPersonCount(tokens[si]!) > 0) first++;
  }
  const doc = { rate: live ? att / live : 0, firstPerson: live ? first / live : 0, quoted: live ? withQuotes / live : 0, size: Math.log10(1 + live) / 3 };
  const m = ATTRIBUTION_MODEL;
  for (let si = 0; si < sentences.length; si++) {
    if (rules[si]!.attributed || seg.sentences[si]!.boilerplate) continue;
    if (!withFeatures && m.threshold >= 1) continue;
    const f = attributionFeatures({ text, toks: tokens[si]!, rules, si, seg, people, doc });
    if (withFeatures) features[si] = f;
    if (attributionScore(f, m.weights) >= m.threshold) sentences[si]!.attributed = true;
  }
  return { analysis: { segmentation: seg, quotes, sentences }, features };
}
