// Analysis + corpus -> findings. The one function from text to findings that the CLI and the language
// server both call; the CLI's JSON is this report serialised.
import { analyze, analyzeQuotes } from '../engine/analyze';
import type { Analysis, ClaimStatus, ContradictingPassage, DiffPart, Finding, Passage, Quote } from '../engine/types';
import type { Settings } from '../settings';
import type { CorpusBackend } from './index';
import { compareClaim } from './contradict';
import { figures, normalizeWord } from './normalize';
import { passageWhere } from './where';

export interface ClaimReport {
  start: number;
  end: number;
  text: string;
  score: number;
  attributed: boolean;
  cited: boolean;
  status: ClaimStatus;
  corroboration: Passage[];
  /** Passages of other documents that report the same thing differently (never in `corroboration`). */
  contradictions: ContradictingPassage[];
  /** Scored below the threshold, but another document repeats or contests it nearly word for word. */
  repeated?: boolean;
}

export interface QuoteReport {
  quote: Quote;
  corroboration: Passage[];
  contradictions: ContradictingPassage[];
}

export interface DocumentReport {
  analysis: Analysis;
  quotes: QuoteReport[];
  claims: ClaimReport[];
  findings: Finding[];
  /** Set while the workspace is still being read: no finding says that the workspace lacks support. */
  progress: IndexProgress | null;
}

/** How far the reading of the workspace has come (files read of files found; total null while still counting). */
export interface IndexProgress {
  read: number;
  total: number | null;
}

export interface CorroborateOptions {
  /** The corpus is incomplete: verdicts of absence are withheld (SPEC, "No verdict before the workspace is read"). */
  progress?: IndexProgress | null;
  /**
   * Compare claims with their passages (contradicted-claim) and report sentences below the threshold that another
   * document repeats or contests. Default true; false only to measure what it costs (npm run bench).
   */
  compare?: boolean;
}

/** "(checking the workspace: 3,400 of 10,000 files read)" */
export function checkingNote(p: IndexProgress): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return p.total === null ? `(checking the workspace: ${n(p.read)} files read)` : `(checking the workspace: ${n(p.read)} of ${n(p.total)} files read)`;
}

/** "also in 2 documents" / "in no other document" (or, while reading, where the reading stands). */
function elsewhere(passages: Passage[], progress: IndexProgress | null): string {
  const n = new Set(passages.map((p) => p.path)).size;
  if (n) return `also in ${n} document${n === 1 ? '' : 's'}`;
  return progress ? `in no other document yet ${checkingNote(progress)}` : 'in no other document';
}

type EngineSettings = Pick<Settings, 'claims.threshold' | 'corroboration.threshold' | 'corroboration.maxResults'>;

export function describeSpeaker(q: { speaker: string | null; role: string | null }): string {
  if (!q.speaker) return 'an unidentified speaker';
  return q.role && !q.speaker.toLowerCase().includes(q.role.toLowerCase()) ? `${q.speaker}, ${q.role}` : q.speaker;
}

function words(s: string): string[] {
  return (s.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []).map((w) => w.toLowerCase().replace(/’/g, "'"));
}

/** Word-level difference (LCS) between two short texts, as runs. */
export function wordDiff(a: string, b: string): DiffPart[] {
  const x = a.split(/\s+/).filter(Boolean).slice(0, 300);
  const y = b.split(/\s+/).filter(Boolean).slice(0, 300);
  const key = (w: string) => w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  const n = x.length;
  const m = y.length;
  const dp: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i]![j] = key(x[i]!) === key(y[j]!) ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const out: DiffPart[] = [];
  const push = (op: DiffPart['op'], w: string) => {
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += ' ' + w;
    else out.push({ op, text: w });
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (key(x[i]!) === key(y[j]!)) (push('same', x[i]!), i++, j++);
    else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) push('del', x[i++]!);
    else push('add', y[j++]!);
  }
  while (i < n) push('del', x[i++]!);
  while (j < m) push('add', y[j++]!);
  return out;
}

/** Distinct normalised words of `a` and `b`, and how many they share. */
function overlap(a: string[], b: string[]): { a: number; b: number; both: number } {
  const A = new Set(a.map((w) => normalizeWord(w) ?? w));
  const B = new Set(b.map((w) => normalizeWord(w) ?? w));
  let both = 0;
  for (const w of A) if (B.has(w)) both++;
  return { a: A.size, b: B.size, both };
}

/** Share of the distinct words of `a` that `b` has. */
function shared(a: string[], b: string[]): number {
  const o = overlap(a, b);
  return o.a ? o.both / o.a : 0;
}

function jaccard(a: string[], b: string[]): number {
  const o = overlap(a, b);
  return o.both / Math.max(1, o.a + o.b - o.both);
}

/** Quotations of other documents' passages, by passage text: the same passages come back on every edit of a draft. */
const passageQuotes = new Map<string, Quote[]>();
function quotesOfPassage(text: string): Quote[] {
  let qs = passageQuotes.get(text);
  if (!qs) {
    if (passageQuotes.size > 2000) passageQuotes.clear();
    qs = analyzeQuotes(text);
    passageQuotes.set(text, qs);
  }
  return qs;
}

const QUOTE_MARK = /["“”„«»‟〝〞〟]/;

type Comparison = { similar: boolean; mismatch: DiffPart[] | null; otherSpeaker: string | null };

/** Comparisons by quotation and passage text: an edit elsewhere in the draft compares nothing again. */
const comparisons = new Map<string, Comparison>();
function compareQuote(q: Quote, passage: Passage): Comparison {
  const key = q.text + '\u0000' + passage.text;
  let c = comparisons.get(key);
  if (!c) {
    if (comparisons.size > 5000) comparisons.clear();
    c = compareQuoteUncached(q, passage);
    comparisons.set(key, c);
  }
  return c;
}

/** The other document's version of a quotation, when a passage quotes the same words differently or via someone else. */
function compareQuoteUncached(q: Quote, passage: Passage): Comparison {
  const mine = words(q.text);
  // A version similar enough (Jaccard >= 0.5) shares at least half of this quotation's words with the passage:
  // passages that do not are not analysed at all.
  if (!QUOTE_MARK.test(passage.text) || shared(mine, words(passage.text)) < 0.5) return { similar: false, mismatch: null, otherSpeaker: null };
  let best: { quote: Quote; sim: number } | null = null;
  for (const other of quotesOfPassage(passage.text)) {
    const sim = jaccard(mine, words(other.text));
    if (!best || sim > best.sim) best = { quote: other, sim };
  }
  if (!best || best.sim < 0.5) return { similar: false, mismatch: null, otherSpeaker: null };
  const theirs = words(best.quote.text);
  const same = mine.join(' ') === theirs.join(' ') || (theirs.join(' ').includes(mine.join(' ')) && mine.length >= 4) || mine.join(' ').includes(theirs.join(' '));
  // Who the other document says said it, when the passage names them (a pronoun there cannot be resolved).
  const other = best.quote;
  const otherSpeaker = other.speaker && other.speakerMention && !/^(?:he|she|they)$/i.test(other.speakerMention.text) ? other.speaker : null;
  return { similar: true, mismatch: same ? null : wordDiff(q.text.trim(), other.text.trim()), otherSpeaker };
}

function sameSpeaker(a: string, b: string): boolean {
  const last = (s: string) => (s.toLowerCase().match(/[\p{L}]+/gu) ?? []).filter((w) => w.length > 2);
  const A = new Set(last(a));
  return last(b).some((w) => A.has(w));
}

/**
 * Every quote and every claim is searched for, attributed or not (SPEC, "Corroboration"): an attributed claim is
 * not a finding of its own, but its report and hover list who else reports it. Identical queries (a quotation that
 * is its whole sentence) are searched once.
 */
export function corroborate(
  text: string,
  docId: string,
  corpus: CorpusBackend | null,
  settings: EngineSettings,
  analysis: Analysis = analyze(text),
  options: CorroborateOptions = {},
): DocumentReport {
  const progress = options.progress ?? null;
  const compare = options.compare !== false;
  const top = settings['corroboration.maxResults'];
  const threshold = settings['corroboration.threshold'];
  const searched = new Map<string, Passage[]>();
  const search = (query: string): Passage[] => {
    if (!corpus) return [];
    let r = searched.get(query);
    if (!r) {
      r = corpus.search(query, { top, exclude: docId, minScore: threshold, perDocument: true }).sort((a, b) => b.score - a.score);
      searched.set(query, r);
    }
    return r;
  };
  const sentences = analysis.sentences;
  /** The best passage of each document among `lists`, best first, at most `top`. */
  const bestPerDocument = (lists: Passage[][]): Passage[] => {
    const best = new Map<string, Passage>();
    for (const list of lists) {
      for (const p of list) {
        const had = best.get(p.path);
        if (!had || p.score > had.score) best.set(p.path, p);
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score).slice(0, top);
  };
  /**
   * Corroborate or contradict (SPEC): the passages that report the same thing differently are set apart and never
   * count as corroboration. `texts` are the wordings compared with each passage (a quotation: its sentences and its
   * own words); the first that finds a difference decides.
   */
  const judge = (texts: string[], passages: Passage[]): { corroboration: Passage[]; contradictions: ContradictingPassage[] } => {
    const corroboration: Passage[] = [];
    const contradictions: ContradictingPassage[] = [];
    for (const p of passages) {
      let found = null;
      if (compare) for (const t of texts) if ((found = compareClaim(t, p.text).contradiction)) break;
      if (found) contradictions.push({ ...p, reason: found.reason, detail: found.detail, diff: found.diff, there: found.there, here: found.here });
      else corroboration.push(p);
    }
    return { corroboration, contradictions };
  };
  /**
   * Where else a quotation appears or is reported: the passages found by its own words (when there are enough to
   * be found by them) and by each sentence it lies in, with its attribution (who else reports that this person
   * said this). Those sentences are the claims' queries too, so each is searched once for both.
   */
  const quoteCorroboration = (q: Quote): Passage[] => {
    const lists = sentences.filter((s) => s.start < q.end && q.start < s.end).map((s) => search(text.slice(s.start, s.end)));
    if (q.words >= 6 || lists.length === 0) lists.push(search(q.text));
    return bestPerDocument(lists);
  };
  const findings: Finding[] = [];
  const quotes: QuoteReport[] = [];
  for (const q of analysis.quotes) {
    const isQuotation = q.speaker !== null || q.full;
    if (!isQuotation) continue;
    const containing = sentences.filter((s) => s.start < q.end && q.start < s.end).map((s) => text.slice(s.start, s.end));
    // A quotation of a word or two ("confidential") says nothing a passage could contradict on its own.
    const { corroboration, contradictions } = judge(q.words >= 4 ? [...containing, q.text] : [], quoteCorroboration(q));
    quotes.push({ quote: q, corroboration, contradictions });
    if (contradictions.length) findings.push(contradicted(q, q.text, contradictions, corroboration));
    if (q.speaker) {
      findings.push({
        code: 'quote',
        start: q.start,
        end: q.end,
        text: q.text,
        speaker: q.speaker,
        role: q.role,
        cue: q.cue,
        passages: corroboration,
        message: `Quote attributed to ${describeSpeaker(q)}${q.cue ? ` (${q.cue})` : ''}; ${elsewhere(corroboration, progress)}`,
      });
    } else {
      findings.push({
        code: 'unattributed-quote',
        start: q.start,
        end: q.end,
        text: q.text,
        passages: corroboration,
        message: `Quotation with no identifiable speaker; ${elsewhere(corroboration, progress)}`,
      });
    }
    if (q.words >= 6) {
      // The first corroborating passage that quotes the same words decides: worded differently, or said by someone else.
      for (const passage of corroboration) {
        // A passage that is one of this document's own sentences word for word (wire copy reprinted, a draft
        // made from a source) quotes the same words with the same attribution: nothing to compare.
        if (passage.text.includes(q.text) && text.includes(passage.text)) break;
        const cmp = compareQuote(q, passage);
        if (!cmp.similar) continue;
        if (cmp.mismatch) {
          findings.push({
            code: 'quote-mismatch',
            start: q.start,
            end: q.end,
            text: q.text,
            speaker: q.speaker,
            passages: [passage],
            diff: cmp.mismatch,
            message: `The same quotation is worded differently in ${passageWhere(passage)}`,
          });
        }
        if (q.speaker && cmp.otherSpeaker && !sameSpeaker(q.speaker, cmp.otherSpeaker)) {
          findings.push({
            code: 'speaker-mismatch',
            start: q.start,
            end: q.end,
            text: q.text,
            speaker: q.speaker,
            otherSpeaker: cmp.otherSpeaker,
            passages: [passage],
            message: `Attributed here to ${q.speaker}, but to ${cmp.otherSpeaker} in ${passageWhere(passage)}`,
          });
        }
        break;
      }
    }
  }
  const claims: ClaimReport[] = [];
  const claimThreshold = settings['claims.threshold'];
  for (const s of analysis.sentences) {
    let score = s.score;
    let found: Passage[];
    if (s.score >= claimThreshold) found = search(s.text);
    else {
      // Below the threshold, a sentence that another document repeats nearly word for word, or reports
      // differently, is part of the story's record all the same: it is reported as a claim.
      if (!compare || !repeatable(s.text)) continue;
      found = search(s.text);
      if (!found.some((p) => { const c = compareClaim(s.text, p.text); return c.nearCopy || c.contradiction; })) continue;
      score = claimThreshold;
    }
    const { corroboration, contradictions } = judge([s.text], found);
    let status: ClaimStatus;
    if (s.cited) status = 'cited';
    else if (s.attributed) status = 'attributed';
    // While the workspace is being read, absence of support is no verdict: the claim is uncited for now.
    else status = corroboration.length || progress ? 'uncited' : 'unsupported';
    claims.push({ start: s.start, end: s.end, text: s.text, score: round(score), attributed: s.attributed, cited: s.cited, status, corroboration, contradictions, ...(score !== s.score ? { repeated: true } : {}) });
    if (contradictions.length) {
      findings.push(contradicted(s, s.text, contradictions, corroboration, score));
      continue;
    }
    if (status === 'uncited' || status === 'unsupported') {
      const n = new Set(corroboration.map((p) => p.path)).size;
      findings.push({
        figures: corroboration[0] ? figureDisagreement(s.text, corroboration[0]) : undefined,
        code: status === 'uncited' ? 'uncited-claim' : 'unsupported-claim',
        start: s.start,
        end: s.end,
        text: s.text,
        score,
        passages: corroboration,
        message:
          status === 'unsupported'
            ? 'Check-worthy claim with no attribution, no citation and no corroborating passage in the workspace'
            : corroboration[0]
              ? `Claim without citation; corroborated by ${n} document${n === 1 ? '' : 's'} (best: ${passageWhere(corroboration[0])})${progress ? ' ' + checkingNote(progress) : ''}`
              : `Claim without citation; no corroborating passage found yet ${checkingNote(progress!)}`,
      });
    }
  }
  // A quotation inside a contradicted sentence is not reported twice for the same passage.
  const bySentence = findings.filter((f) => f.code === 'contradicted-claim' && !analysis.quotes.some((q) => q.start === f.start && q.end === f.end));
  for (let i = findings.length - 1; i >= 0; i--) {
    const f = findings[i]!;
    if (f.code !== 'contradicted-claim' || bySentence.includes(f)) continue;
    if (bySentence.some((g) => g.start <= f.start && f.end <= g.end && g.contradictions![0]!.path === f.contradictions![0]!.path)) findings.splice(i, 1);
  }
  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  return { analysis, quotes, claims, findings, progress };
}

/** A sentence worth comparing with its copies even below the check-worthiness threshold: a statement of six words or more. */
function repeatable(sentence: string): boolean {
  // trimEnd, not a regular expression with two runs of \s* (quadratic on a run of spaces).
  const end = sentence.trimEnd();
  const last = end.endsWith('"') || end.endsWith('”') || end.endsWith('’') || end.endsWith("'") ? end.slice(0, -1).trimEnd() : end;
  return !last.endsWith('?') && (sentence.match(/[\p{L}\p{N}]+/gu)?.length ?? 0) >= 6;
}

/** The `contradicted-claim` finding: "Contradicted by wire.txt:12: 14 there, 12 here". */
function contradicted(span: { start: number; end: number }, text: string, contradictions: ContradictingPassage[], corroboration: Passage[], score?: number): Finding {
  const c = contradictions[0]!;
  const n = new Set(corroboration.map((p) => p.path)).size;
  const others = new Set(contradictions.map((p) => p.path)).size - 1;
  return {
    code: 'contradicted-claim',
    start: span.start,
    end: span.end,
    text,
    ...(score !== undefined ? { score } : {}),
    passages: corroboration,
    contradictions,
    diff: c.diff,
    message:
      `Contradicted by ${passageWhere(c)}: ${c.there ?? c.detail} there, ${c.here ?? ''} here` +
      (others > 0 ? `; and by ${others} other document${others === 1 ? '' : 's'}` : '') +
      (n ? `; corroborated by ${n} document${n === 1 ? '' : 's'}` : ''),
  };
}

/** Figures of `text` that the passage gives differently ("5%" vs "7 percent"); undefined when they agree or one has none. */
export function figureDisagreement(text: string, passage: Passage): { here: string[]; there: string[]; passage: Passage } | undefined {
  const here = figures(text);
  const there = figures(passage.text);
  if (here.length === 0 || there.length === 0) return undefined;
  const theirs = new Set(there.map((f) => f.value));
  const missing = here.filter((f) => !theirs.has(f.value));
  if (missing.length === 0) return undefined;
  const mine = new Set(here.map((f) => f.value));
  const other = there.filter((f) => !mine.has(f.value));
  if (other.length === 0) return undefined;
  const uniq = (xs: string[]) => [...new Set(xs)];
  return { here: uniq(missing.map((f) => f.raw)), there: uniq(other.map((f) => f.raw)), passage };
}

export function baseName(path: string): string {
  const clean = path.replace(/[?#].*$/, '');
  const i = Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\'));
  const name = i >= 0 ? clean.slice(i + 1) : clean;
  try {
    return decodeURIComponent(name);
  } catch {
    return name; // a file name with a literal "%", not a URI escape
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
