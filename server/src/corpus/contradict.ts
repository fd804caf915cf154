// Corroborate or contradict (SPEC): does a passage that matches a claim report the same thing, or the same thing
// differently? The claim and the passage are aligned word by word (figures as values, "didn't" as "did not"); where
// the alignment holds most of the claim, each place where the two wordings part is read:
//   figure    a figure of another value ("14" / "12"; "five percent" = "5%", "a fifth" = "20%", "two dozen" = "24",
//             "$1.2 billion" = "1.2bn dollars"; see figuresAgree for rounding)
//   date      another weekday, month or year
//   negation  "not", "never", "no" on one side only ("has made" / "has not made"; "didn't" = "did not")
//   antonym   opposite words (rose / fell, confirmed / denied, approved / rejected, more / fewer; data/antonyms.json,
//             built by scripts/buildAntonyms.ts from WordNet and a news list; "likely" / "unlikely" by prefix)
//   actor     another name in the same place ("Pence" / "McLaughlin"); `place` when both are places
// A passage that only adds words (detail, a title, a first name) or says it in other words contradicts nothing, and
// one whose wording differs too much to be the same report is left to retrieval's own score. Pure; cached by the
// pair of texts (the same claim meets the same passages on every edit).
import antonymData from './data/antonyms.json';
import { hasTag, isDemonym, isHonorific, isPlace } from '../engine/lexicon';
import type { ContradictionReason, DiffPart } from '../engine/types';
import { normalizeWord, stripDiacritics } from './normalize';

export interface Contradiction {
  reason: ContradictionReason;
  /** What differs, the passage's version first: "14 vs 12", "fell vs rose", "has not vs has". */
  detail: string;
  /** The passage's words and ours where they part ("14", "12"), for messages. */
  there: string;
  here: string;
  /** Both wordings, word by word: ours `del`, the passage's `add`. */
  diff: DiffPart[];
}

export interface Comparison {
  /** Share of the claim's content words that the passage has, in order (0 to 1). */
  coverage: number;
  /** The passage is nearly a copy of the claim: at least NEAR_COPY of its content words in order, compactly. */
  nearCopy: boolean;
  contradiction: Contradiction | null;
}

/** Share of the claim's content words a passage must hold, in order, for a difference to be a contradiction. */
export const SAME_REPORT = 0.7;
/** ... and for a sentence below the check-worthiness threshold to be reported because another document repeats it. */
export const NEAR_COPY = 0.8;
/** Words (not figures or dates) a claim must have, and share with the passage, to be compared at all. */
export const MIN_WORDS = 5;
/** Without a shared name, how many words a claim must share with the passage to be one story's, not a formula's. */
export const SPECIFIC_WORDS = 8;

// ------------------------------------------------------------------------------------------ tokens

interface Tok {
  raw: string;
  low: string;
  /** Alignment key: the normalised word, "#<unit>:<value>" for a figure. */
  key: string;
  start: number;
  end: number;
  /** A content word: not a stop word, a figure or a name. */
  content: boolean;
  /** Written with a capital, not at the start of the sentence (or a known name there). */
  name: boolean;
  /** Written with a capital (a name, or any word at the start of a sentence). */
  cap: boolean;
  neg: boolean;
  /** weekday, month or year, with its value. */
  date?: { kind: 'weekday' | 'month' | 'year'; value: string };
  figure?: Figure;
  /** Ends a sentence (followed by . ! or ?). */
  last: boolean;
}

interface Figure {
  value: number;
  unit: 'pct' | 'money' | 'count';
  /** Hedged ("about", "nearly", "more than") or written round: a rounding may differ by a little. */
  hedged: boolean;
  raw: string;
}

/** Parties and blocs: a capital that names many stories, not one. */
const PARTY = new Set(['republican', 'republicans', 'democrat', 'democrats', 'democratic', 'gop', 'labour', 'conservative', 'conservatives', 'liberal', 'liberals', 'tory', 'tories', 'congress', 'senate', 'house']);
const NEG = new Set(['not', 'never', 'no', 'none', 'nobody', 'nothing', 'neither', 'nor', 'cannot']);
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_ABBR: Record<string, string> = { jan: 'january', feb: 'february', mar: 'march', apr: 'april', jun: 'june', jul: 'july', aug: 'august', sep: 'september', sept: 'september', oct: 'october', nov: 'november', dec: 'december' };
const SMALL: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30,
  forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const SCALE: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, millions: 1e6, billion: 1e9, billions: 1e9, trillion: 1e12, m: 1e6, mn: 1e6, mln: 1e6, bn: 1e9, b: 1e9, k: 1e3, tn: 1e12 };
/** Fractions as the percentage they are. */
const FRACTION: Record<string, number> = { half: 50, halves: 50, third: 100 / 3, thirds: 100 / 3, quarter: 25, quarters: 25, fifth: 20, fifths: 20, tenth: 10, tenths: 10 };
const MONEY_WORDS = new Set(['dollar', 'dollars', 'euro', 'euros', 'pound', 'pounds', 'yuan', 'yen', 'rupees', 'rubles', 'roubles', 'francs', 'usd', 'eur', 'gbp']);
const HEDGES = new Set(['about', 'around', 'nearly', 'almost', 'roughly', 'approximately', 'some', 'estimated', 'over', 'more', 'less', 'fewer', 'under', 'least', 'most', 'up', 'close', 'than', 'just', 'only', 'upward', 'upwards', 'topping']);
const STOPS = new Set(
  `a an the and or but if of in on at to for from by with as into onto about than then that this these those there here it its
  is are was were be been being am has have had do does did will would shall should can could may might must he she they we you
  i his her their our your my me him them us who whom whose which what when where why how also just said says say told not so
  such very too some any all each both either other another own same up down out over under again`.split(/\s+/),
);
// "non-members", "semi-private", "re-elected" are one word (as "nonmembers" is): a prefix is no opposite.
const TOKEN_RE = /[$€£]|\d+(?:[.,]\d+)*%?|(?:(?:non|semi|anti|pro|un|re|co|pre|post|multi|over|under|self|ex)-)?[\p{L}\p{M}]+(?:['’][\p{L}]+)*\.?/giu;

/** A word's forms: "didn't" -> did + not, "cannot" -> can + not, "won't" -> will + not. */
function splitContraction(w: string): [string, string | null] {
  const l = w.toLowerCase().replace(/’/g, "'");
  if (l === 'cannot') return [w.slice(0, 3), 'not'];
  if (l === "can't") return [w.slice(0, 2) + 'n', 'not'];
  if (l === "won't") return ['will', 'not'];
  if (l === "shan't") return ['shall', 'not'];
  if (l.endsWith("n't")) return [w.slice(0, -3), 'not'];
  return [w, null];
}

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let sentenceStart = true;
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text))) {
    let raw = m[0];
    const start = m.index;
    let end = start + raw.length;
    // A full stop glued to a word ends the sentence unless the word is an abbreviation ("Mr.", "U.S.", "Jan.").
    let last = false;
    if (raw.endsWith('.') && raw.length > 1) {
      const bare = raw.slice(0, -1);
      if (!(isHonorific(bare) || MONTH_ABBR[bare.toLowerCase()] || bare.length <= 2 || /^[A-Z]$/.test(bare))) last = true;
      raw = bare;
      end--;
    } else {
      const next = text.charCodeAt(end);
      if (next === 46 || next === 33 || next === 63) last = true;
    }
    const [word, extra] = /^\p{L}/u.test(raw) ? splitContraction(raw) : [raw, null];
    out.push(makeTok(word, start, extra ? end - (raw.length - word.length) : end, sentenceStart, last && !extra));
    if (extra) out.push(makeTok(extra, end - (raw.length - word.length), end, false, last));
    sentenceStart = last;
  }
  // A capitalised word after an honorific ("Mr. King") or next to a name ("Bill Clinton") is a name too.
  for (let k = 0; k < out.length; k++) {
    const t = out[k]!;
    if (t.name || !t.cap) continue;
    const prev = out[k - 1];
    const next = out[k + 1];
    if ((prev && isHonorific(prev.raw) && /^\p{Lu}/u.test(prev.raw)) || (next && next.name && next.start - t.end <= 1) || (prev && prev.name && !prev.last && t.start - prev.end <= 1)) t.name = true;
  }
  return markFigures(out);
}

function makeTok(raw: string, start: number, end: number, initial: boolean, last: boolean): Tok {
  const low = stripDiacritics(raw.toLowerCase()).replace(/’/g, "'").replace(/'s$/, '').replace(/^([a-z]+)-/, '$1');
  const cap = /^\p{Lu}/u.test(raw);
  const stop = STOPS.has(low);
  const name = cap && !stop && !isHonorific(raw) && (!initial || hasTag(low, 'Person') || hasTag(low, 'FirstName') || hasTag(low, 'LastName') || isPlace(low) || !hasTag(low, 'Noun') && !hasTag(low, 'Verb') && !hasTag(low, 'Adjective'));
  const tok: Tok = { raw, low, key: normalizeWord(raw) ?? low, start, end, content: !stop && /\p{L}|\d/u.test(raw), name, cap: cap && !stop && !isHonorific(raw), neg: NEG.has(low), last };
  if (tok.neg) tok.key = 'not';
  const wd = WEEKDAYS.indexOf(low);
  if (wd >= 0 && cap) tok.date = { kind: 'weekday', value: WEEKDAYS[wd]! };
  const month = MONTHS.includes(low) ? low : MONTH_ABBR[low];
  if (month && cap && (low !== 'may' || !initial) && (low !== 'march' || !initial)) tok.date = { kind: 'month', value: month };
  if (tok.date) (tok.name = false), (tok.cap = false), (tok.content = true);
  return tok;
}

/** Collapses the tokens of each figure ("$", "1.2", "billion"; "two", "dozen"; "a", "fifth") into one. */
function markFigures(toks: Tok[]): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < toks.length; i++) {
    const f = readFigure(toks, i);
    if (!f) {
      out.push(toks[i]!);
      continue;
    }
    const { figure, next, year } = f;
    const first = toks[i]!;
    const lastTok = toks[next - 1]!;
    const tok: Tok = { ...first, end: lastTok.end, last: lastTok.last, content: true, name: false, cap: false, neg: false, raw: figure.raw };
    if (year) {
      tok.key = '#year:' + figure.value;
      tok.date = { kind: 'year', value: String(figure.value) };
    } else {
      tok.key = `#${figure.unit}:${figure.value}`;
      tok.figure = figure;
    }
    out.push(tok);
    i = next - 1;
  }
  return out;
}

function numberOf(low: string): number | null {
  if (/^\d/.test(low)) {
    const v = Number(low.replace(/%$/, '').replace(/,(?=\d{3}(?:\D|$))/g, ''));
    return Number.isFinite(v) ? v : null;
  }
  return low in SMALL ? SMALL[low]! : null;
}

function readFigure(toks: Tok[], i: number): { figure: Figure; next: number; year: boolean } | null {
  let j = i;
  let money = false;
  if (toks[j]?.raw === '$' || toks[j]?.raw === '€' || toks[j]?.raw === '£') (money = true), j++;
  const t = toks[j];
  if (!t) return null;
  let value: number | null = null;
  let unit: Figure['unit'] = 'count';
  // "a fifth", "one third", "half"
  const frac = (k: number) => (toks[k] ? FRACTION[toks[k]!.low] : undefined);
  if ((t.low === 'a' || t.low === 'an' || t.low === 'one') && frac(j + 1) !== undefined) {
    value = frac(j + 1)!;
    unit = 'pct';
    j += 2;
  } else if (t.low === 'half' && toks[j + 1]?.low === 'of') {
    value = 50;
    unit = 'pct';
    j += 1;
  } else if ((t.low === 'a' || t.low === 'an') && (toks[j + 1]?.low === 'dozen' || toks[j + 1]?.low === 'hundred' || toks[j + 1]?.low === 'thousand' || toks[j + 1]?.low === 'million' || toks[j + 1]?.low === 'billion')) {
    value = 1;
    j += 1;
  } else {
    value = numberOf(t.low);
    if (value === null) return null;
    const digits = /^\d/.test(t.low);
    j++;
    // "twenty one", "twenty-one"
    if (!digits && value >= 20 && value < 100 && toks[j] && SMALL[toks[j]!.low] !== undefined && SMALL[toks[j]!.low]! < 10 && toks[j]!.start - toks[j - 1]!.end <= 1) value += SMALL[toks[j++]!.low]!;
    if (digits && t.raw.endsWith('%')) unit = 'pct';
    // A year: four digits, nothing after it that makes it an amount.
    if (digits && !money && unit === 'count' && /^\d{4}$/.test(t.raw) && value >= 1800 && value <= 2100) {
      const after = toks[j]?.low;
      if (!after || !(after in SCALE || after === 'percent' || after === '%' || MONEY_WORDS.has(after) || after === 'people' || after === 'votes')) {
        return { figure: { value, unit: 'count', hedged: false, raw: t.raw }, next: j, year: true };
      }
    }
  }
  if (value === null) return null;
  // Scales: "1.2 billion", "two dozen", "1.2bn" (digits and letters are two tokens).
  while (toks[j] && (toks[j]!.low in SCALE || toks[j]!.low === 'dozen')) {
    const s = toks[j]!.low;
    if ((s === 'm' || s === 'b' || s === 'k' || s === 'bn' || s === 'mn' || s === 'tn') && toks[j]!.start !== toks[j - 1]!.end) break;
    value *= s === 'dozen' ? 12 : SCALE[s]!;
    j++;
  }
  if (toks[j]?.raw === '%' || toks[j]?.low === 'percent' || toks[j]?.low === 'pct') (unit = 'pct'), j++;
  else if (toks[j]?.low === 'per' && toks[j + 1]?.low === 'cent') (unit = 'pct'), (j += 2);
  else if (toks[j] && MONEY_WORDS.has(toks[j]!.low)) (money = true), j++;
  if (money && unit === 'count') unit = 'money';
  const prev = toks[i - 1]?.low;
  const prev2 = toks[i - 2]?.low;
  const hedged = !!prev && HEDGES.has(prev) || (prev === 'than' && !!prev2) || prev === 'estimated';
  const raw = toks.slice(i, j).map((x) => x.raw).join(' ').replace(/\$ /, '$');
  return { figure: { value: Math.round(value * 1e6) / 1e6, unit, hedged, raw }, next: j, year: false };
}

/** Two figures agree when equal, or when one is a rounding of the other: see README, "contradicted-claim". */
export function figuresAgree(a: Figure, b: Figure): boolean {
  if (a.unit !== b.unit && a.unit !== 'count' && b.unit !== 'count') return false;
  if (a.value === b.value) return true;
  const big = Math.max(Math.abs(a.value), Math.abs(b.value));
  if (big === 0) return false;
  const rel = Math.abs(a.value - b.value) / big;
  if ((a.hedged || b.hedged) && rel <= 0.1) return true;
  // The rounder figure (fewer significant digits) may round the other: within half a unit of its last digit, and 5%.
  const unitOf = (v: number) => {
    let u = 1;
    let x = Math.abs(v);
    if (!Number.isInteger(x)) return 0;
    while (x > 0 && x % 10 === 0) (x /= 10), (u *= 10);
    return u;
  };
  const round = unitOf(a.value) >= unitOf(b.value) ? a : b;
  const u = unitOf(round.value);
  return u >= 10 && Math.abs(a.value - b.value) <= u / 2 && rel <= 0.05;
}

// ------------------------------------------------------------------------------------------ opposites

const ANTONYMS = antonymData as { pairs: string[]; forms: Record<string, string> };
const OPPOSITE = new Set(ANTONYMS.pairs);
/** The word and the lemmas it inflects ("lost": lost, lose). */
function lemmas(w: string): string[] {
  const f = ANTONYMS.forms[w];
  return f ? [w, ...f.split(' ')] : [w];
}
const PREFIXES = ['un', 'in', 'im', 'il', 'ir', 'dis', 'non'];

export function opposite(a: string, b: string): boolean {
  const xs = lemmas(a);
  const ys = lemmas(b);
  if (xs.some((x) => ys.includes(x))) return false;
  for (const x of xs) for (const y of ys) if (OPPOSITE.has(x < y ? `${x} ${y}` : `${y} ${x}`)) return true;
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  return s.length >= 4 && PREFIXES.some((p) => l === p + s || l === p + '-' + s);
}

// ------------------------------------------------------------------------------------------ alignment

function same(a: Tok, b: Tok): boolean {
  if (a.figure && b.figure) return figuresAgree(a.figure, b.figure);
  return a.key === b.key;
}

/** Longest common subsequence of the two token lists (content words weigh more than stop words): matched pairs. */
function align(A: Tok[], B: Tok[]): Array<[number, number]> {
  const n = A.length;
  const m = B.length;
  const dp = new Uint16Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[at(i, j)] = same(A[i]!, B[j]!) ? dp[at(i + 1, j + 1)]! + (A[i]!.content ? 3 : 1) : Math.max(dp[at(i + 1, j)]!, dp[at(i, j + 1)]!);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (same(A[i]!, B[j]!) && dp[at(i, j)] === dp[at(i + 1, j + 1)]! + (A[i]!.content ? 3 : 1)) pairs.push([i++, j++]);
    else if (dp[at(i + 1, j)]! >= dp[at(i, j + 1)]!) i++;
    else j++;
  }
  return pairs;
}

interface Region {
  a: Tok[];
  b: Tok[];
  /** The claim is written in title case (a headline): a capital says nothing of a name there. */
  titleCase?: boolean;
  /** The keys of the claim's and the passage's words outside this region. */
  otherA: Set<string>;
  otherB: Set<string>;
}

/** Two spellings of one name: at most two letters apart (and not short words). */
function close(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2 || Math.min(a.length, b.length) < 5) return false;
  const prev = new Array<number>(b.length + 1).fill(0).map((_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]! <= 2;
}

/** Reads one place where the wordings part; null when it changes nothing a fact-checker would call a contradiction. */
function readRegion(r: Region, left: Tok | undefined, interior: boolean): Omit<Contradiction, 'diff'> | null {
  const text = (ts: Tok[]) => ts.map((t) => t.raw).join(' ');
  const content = (ts: Tok[]) => ts.filter((t) => t.content && !t.neg);
  const ca = content(r.a);
  const cb = content(r.b);
  // Too much differs here to read it as one change: another wording, not another fact.
  if (ca.length > 4 || cb.length > 4) return null;
  // Negation: a "not" on one side only.
  const na = r.a.filter((t) => t.neg).length;
  const nb = r.b.filter((t) => t.neg).length;
  // Only between two matched words: a "not" before or after what the claim says frames the passage's own words
  // ('the goal was not to "make America great again"'), it does not negate the claim.
  if (interior && na % 2 !== nb % 2 && ca.length + cb.length <= 1) {
    const anchor = left ? left.raw + ' ' : '';
    const there = (anchor + text(r.b)).trim();
    const here = (anchor + text(r.a)).trim();
    return { reason: 'negation', detail: `${there} vs ${here}`, there, here };
  }
  if (ca.length === 0 || cb.length === 0) return null;
  // A figure given differently. One that only one side has adds or drops detail.
  const fa = ca.filter((t) => t.figure);
  const fb = cb.filter((t) => t.figure);
  if (fa.length && fb.length) {
    const x = fa[0]!;
    const y = fb.find((t) => figuresCompatible(x.figure!, t.figure!));
    if (y && !fb.some((t) => figuresAgree(x.figure!, t.figure!))) return { reason: 'figure', detail: `${y.raw} vs ${x.raw}`, there: y.raw, here: x.raw };
  }
  // Another date of the same kind.
  for (const x of ca) {
    if (!x.date) continue;
    const y = cb.find((t) => t.date && t.date.kind === x.date!.kind);
    if (y && y.date!.value !== x.date.value && !cb.some((t) => t.date && t.date.value === x.date!.value)) return { reason: 'date', detail: `${y.raw} vs ${x.raw}`, there: y.raw, here: x.raw };
  }
  // Opposite words.
  for (const x of ca) {
    for (const y of cb) {
      if (!x.figure && !y.figure && opposite(x.low, y.low)) return { reason: 'antonym', detail: `${y.raw} vs ${x.raw}`, there: y.raw, here: x.raw };
    }
  }
  // Another name in the same place: every content word on both sides a name, none shared.
  if (ca.every((t) => t.name || t.cap) && cb.every((t) => t.name || t.cap) && [...ca, ...cb].some((t) => t.name)) {
    const keys = new Set(ca.map((t) => t.key));
    // A spelling variant ("Asawitri" / "Asawitiri") is the same name.
    const variant = ca.some((x) => cb.some((y) => close(x.low, y.low)));
    // Names only reordered ("Trump or Cruz" / "Ted Cruz or Donald Trump") are no other actor.
    const moved = ca.some((x) => r.otherB.has(x.key)) || cb.some((y) => r.otherA.has(y.key));
    if (!cb.some((t) => keys.has(t.key)) && !variant && !moved && !r.titleCase) {
      const placeOnly = [...ca, ...cb].every((t) => isPlace(t.low));
      return { reason: placeOnly ? 'place' : 'actor', detail: `${text(cb)} vs ${text(ca)}`, there: text(cb), here: text(ca) };
    }
  }
  return null;
}

function figuresCompatible(a: Figure, b: Figure): boolean {
  return a.unit === b.unit || a.unit === 'count' || b.unit === 'count';
}

const cache = new Map<string, Comparison>();

/** Compares a claim (or quotation) with a passage of another document. */
export function compareClaim(claim: string, passage: string): Comparison {
  const key = claim + '\u0000' + passage;
  let c = cache.get(key);
  if (!c) {
    if (cache.size > 5000) cache.clear();
    c = compareUncached(claim, passage);
    cache.set(key, c);
  }
  return c;
}

const EMPTY = new Set<string>();
const NONE: Comparison = { coverage: 0, nearCopy: false, contradiction: null };

function compareUncached(claim: string, passage: string): Comparison {
  const A = tokenize(claim).slice(0, 150);
  const B = tokenize(passage).slice(0, 400);
  const contentA = A.filter((t) => t.content).length;
  // A short line ("4:40 p.m.", "Sanders will pick up at least 14.") says too little on its own to be the same
  // report as a passage elsewhere: its context (which state, which day) is in the sentences around it.
  const wordsA = A.filter((t) => t.content && !t.figure && !t.date).length;
  if (wordsA < MIN_WORDS || B.length === 0) return NONE;
  const pairs = align(A, B);
  if (pairs.length === 0) return NONE;
  const matchedContent = pairs.filter(([i]) => A[i]!.content).length;
  if (pairs.filter(([i]) => A[i]!.content && !A[i]!.figure && !A[i]!.date).length < MIN_WORDS) return NONE;
  const coverage = matchedContent / contentA;
  // The passage's words that hold the claim must lie close together: a claim's words strewn over a long passage
  // are another report.
  const spanB = pairs[pairs.length - 1]![1] - pairs[0]![1] + 1;
  const compact = spanB <= 1.5 * A.length + 4;
  const nearCopy = compact && coverage >= NEAR_COPY;
  if (!compact || coverage < SAME_REPORT) return { coverage, nearCopy, contradiction: null };
  // The places where the wordings part, between matched words; at the ends, the passage's words up to its sentence's end.
  const regions: Array<{ region: Region; left: Tok | undefined; interior: boolean }> = [];
  const [i0, j0] = pairs[0]!;
  if (i0 > 0) {
    let s = j0;
    while (s > 0 && j0 - s < i0 + 2 && !B[s - 1]!.last) s--;
    regions.push({ region: { a: A.slice(0, i0), b: B.slice(s, j0), otherA: EMPTY, otherB: EMPTY }, left: undefined, interior: false });
  }
  for (let k = 1; k < pairs.length; k++) {
    const [pi, pj] = pairs[k - 1]!;
    const [i, j] = pairs[k]!;
    if (i > pi + 1 || j > pj + 1) regions.push({ region: { a: A.slice(pi + 1, i), b: B.slice(pj + 1, j), otherA: EMPTY, otherB: EMPTY }, left: A[pi], interior: true });
  }
  const [il, jl] = pairs[pairs.length - 1]!;
  if (il < A.length - 1) {
    let e = jl + 1;
    while (e < B.length && e - jl <= A.length - 1 - il + 2 && !B[e - 1]!.last) e++;
    regions.push({ region: { a: A.slice(il + 1), b: B.slice(jl + 1, e), otherA: EMPTY, otherB: EMPTY }, left: A[il], interior: false });
  }
  // A formula recurs across unrelated stories with other figures or names in it ("The margin of error is plus or
  // minus six percentage points", "The Clinton campaign did not respond to a request for comment"): the words a
  // claim shares with the passage must pin it to one story, a name besides the difference or eight words or more.
  const shared = pairs.filter(([i]) => A[i]!.content && !A[i]!.figure && !A[i]!.date);
  if (!shared.some(([i]) => A[i]!.name && !isDemonym(A[i]!.low) && !PARTY.has(A[i]!.low)) && shared.length < SPECIFIC_WORDS) return { coverage, nearCopy, contradiction: null };
  const caps = A.filter((t) => t.content && !t.figure && /^\p{Lu}/u.test(t.raw)).length;
  const titleCase = caps >= 0.8 * wordsA;
  const keysA = new Map<string, number>();
  const keysB = new Map<string, number>();
  for (const t of A) keysA.set(t.key, (keysA.get(t.key) ?? 0) + 1);
  for (const t of B) keysB.set(t.key, (keysB.get(t.key) ?? 0) + 1);
  const outside = (all: Map<string, number>, inside: Tok[]) => {
    const n = new Map(all);
    for (const t of inside) n.set(t.key, n.get(t.key)! - 1);
    return new Set([...n.entries()].filter(([, c]) => c > 0).map(([k]) => k));
  };
  for (const { region, left, interior } of regions) {
    region.titleCase = titleCase;
    region.otherA = outside(keysA, region.a);
    region.otherB = outside(keysB, region.b);
    const found = readRegion(region, left, interior);
    if (found) return { coverage, nearCopy, contradiction: { ...found, diff: diffOf(A, B, pairs, claim, passage) } };
  }
  return { coverage, nearCopy, contradiction: null };
}

/** The two wordings, word by word, over the passage's words that hold the claim. */
function diffOf(A: Tok[], B: Tok[], pairs: Array<[number, number]>, claim: string, passage: string): DiffPart[] {
  const out: DiffPart[] = [];
  const push = (op: DiffPart['op'], t: string) => {
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += ' ' + t;
    else out.push({ op, text: t });
  };
  const word = (text: string, t: Tok) => text.slice(t.start, t.end);
  let i = 0;
  let j = pairs[0]![1];
  while (j > 0 && pairs[0]![1] - j < pairs[0]![0] + 2 && !B[j - 1]!.last) j--;
  for (const [pi, pj] of pairs) {
    while (i < pi) push('del', word(claim, A[i++]!));
    while (j < pj) push('add', word(passage, B[j++]!));
    push('same', word(claim, A[i]!));
    i = pi + 1;
    j = pj + 1;
  }
  while (i < A.length) push('del', word(claim, A[i++]!));
  const lastJ = pairs[pairs.length - 1]![1];
  while (j < B.length && j - lastJ <= A.length - pairs[pairs.length - 1]![0] + 1 && !B[j - 1]!.last) push('add', word(passage, B[j++]!));
  return out;
}

