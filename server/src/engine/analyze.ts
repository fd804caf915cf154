// text -> segmentation -> quotes and speakers -> sentence judgments. Pure; no corpus, no LSP.
import { attributeQuotes, collectPeople, findAttributions, labelSpeaker, reportingClause, TURN_RE } from './attribution';
import { claimScore, footnoteDefinitions, isCited } from './claims';
import { findQuotes } from './quotes';
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

export function analyze(text: string): Analysis {
  const seg = segment(text);
  const { people, tokens } = collectPeople(text, seg);
  const quotes = findQuotes(text, seg);
  attributeQuotes(text, seg, quotes, people, tokens);
  const defs = footnoteDefinitions(text);
  const sentences: SentenceJudgment[] = [];
  let qi = 0;
  for (let si = 0; si < seg.sentences.length; si++) {
    const s = seg.sentences[si]!;
    const stext = text.slice(s.start, s.end);
    if (s.boilerplate) {
      sentences.push({ start: s.start, end: s.end, text: stext, score: 0, attributed: false, cited: false, source: null });
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
    for (let k = qi; k < quotes.length && quotes[k]!.start < s.end; k++) {
      const q: Quote = quotes[k]!;
      const overlap = Math.min(q.end, s.end) - Math.max(q.start, s.start);
      if (overlap > 0 && (q.speaker || !source)) {
        source = q.speaker ?? source;
        quotedNoSpeaker = quotedNoSpeaker || (!q.speaker && q.full);
        quoted += overlap;
      }
    }
    if (!source) {
      const att = findAttributions(text, toks, 0, toks.length, people, s.paragraph);
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
      reported = r !== null;
    }
    void quoted;
    sentences.push({ start: s.start, end: s.end, text: stext, score, attributed: source !== null || quotedNoSpeaker || reported, cited: isCited(stext, defs), source });
  }
  return { segmentation: seg, quotes, sentences };
}
