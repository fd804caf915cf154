// Term normalisation shared by the index and the queries: case, diacritics, light stemming,
// transliteration variants (Zelensky / Zelenskyy / Zelenskiy, Kiev / Kyiv), numbers as digits.

const STOP = new Set(
  `a about above after again against all am an and any are aren't as at be because been before being below between both but by
  can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't
  have haven't having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is
  isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only or other ought our ours ourselves
  out over own same shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves
  then there there's these they they'd they'll they're they've this those through to too under until up very was wasn't we we'd
  we'll we're we've were weren't what what's when when's where where's which while who who's whom why why's with won't would
  wouldn't you you'd you'll you're you've your yours yourself yourselves also just said says say told will would could may might
  s t us via per amp`.split(/\s+/),
);

const NUMBER_WORDS: Record<string, string> = {
  zero: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
  eleven: '11', twelve: '12', thirteen: '13', fourteen: '14', fifteen: '15', sixteen: '16', seventeen: '17', eighteen: '18',
  nineteen: '19', twenty: '20', thirty: '30', forty: '40', fifty: '50', sixty: '60', seventy: '70', eighty: '80', ninety: '90',
  hundred: '100', thousand: '1000', million: 'million', millions: 'million', billion: 'billion', billions: 'billion',
  percent: 'pct', percentage: 'pct', '%': 'pct', pct: 'pct',
  // Fractions as the percentage they are, so that "a fifth" and "20%" agree.
  half: '50', halves: '50', third: '33', thirds: '33', quarter: '25', quarters: '25', fifth: '20', fifths: '20', tenth: '10', tenths: '10',
  dozen: '12', twice: '2', double: '2',
};

/** Synonyms folded to one term: conservative, news-register only. */
const SYNONYMS: Record<string, string> = {
  nato: 'nato', 'north atlantic': 'nato', usa: 'us', america: 'us', american: 'us', americans: 'us', u: 'us',
  objection: 'oppose', objections: 'oppose', opposition: 'oppose', opposed: 'oppose', opposes: 'oppose', opposing: 'oppose', object: 'oppose',
  meet: 'negotiate', meeting: 'negotiate', meetings: 'negotiate', discussions: 'negotiate', dialogue: 'negotiate',
  talks: 'negotiate', negotiations: 'negotiate', negotiation: 'negotiate', negotiating: 'negotiate', negotiated: 'negotiate', negotiate: 'negotiate',
  kill: 'kill', killed: 'kill', dead: 'kill', deaths: 'kill', died: 'kill',
};

function stem(w: string): string {
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith("'s") || w.endsWith('’s')) w = w.slice(0, -2);
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'i';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is') && w.length > 3) w = w.slice(0, -1);
  if (w.endsWith('ingly') && w.length > 7) w = w.slice(0, -5);
  else if (w.endsWith('edly') && w.length > 6) w = w.slice(0, -4);
  else if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  else if (w.endsWith('ly') && w.length > 5) w = w.slice(0, -2);
  if (w.endsWith('ation') && w.length > 7) w = w.slice(0, -5);
  else if (w.endsWith('ment') && w.length > 7) w = w.slice(0, -4);
  else if (w.endsWith('ness') && w.length > 6) w = w.slice(0, -4);
  else if (w.endsWith('ian') && w.length > 5) w = w.slice(0, -1);
  else if (w.endsWith('ial') && w.length > 5) w = w.slice(0, -2);
  else if (w.endsWith('al') && w.length > 6) w = w.slice(0, -2);
  else if (w.endsWith('ity') && w.length > 6) w = w.slice(0, -3);
  else if (w.endsWith('er') && w.length > 5) w = w.slice(0, -2);
  return w;
}

/** Spelling variants that transliteration produces: y/i, doubled letters, ph/f, kh/h, final vowels. */
function fold(w: string): string {
  if (/\d/.test(w)) return w;
  let s = w.replace(/ph/g, 'f').replace(/kh/g, 'h').replace(/ck/g, 'k').replace(/ou/g, 'u').replace(/y/g, 'i').replace(/ie/g, 'i').replace(/w/g, 'v').replace(/j/g, 'i');
  s = s.replace(/(.)\1+/g, '$1');
  if (s.length > 4) s = s.replace(/[aeiou]+$/, '');
  return s;
}

export function stripDiacritics(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '');
}

const memo = new Map<string, string | null>();

/** Normalises one raw word; returns null for stop words and noise. Memoised: vocabularies are small. */
export function normalizeWord(raw: string): string | null {
  let r = memo.get(raw);
  if (r === undefined) {
    if (memo.size > 500_000) memo.clear();
    r = normalizeUncached(raw);
    memo.set(raw, r);
  }
  return r;
}

function normalizeUncached(raw: string): string | null {
  let w = stripDiacritics(raw.toLowerCase()).replace(/’/g, "'");
  if (STOP.has(w)) return null;
  const num = NUMBER_WORDS[w];
  if (num) return num;
  if (/^\d/.test(w)) {
    w = w.replace(/,(?=\d{3}\b)/g, '');
    if (w.endsWith('%')) return w.slice(0, -1);
    return w;
  }
  if (w === '$' || w === '€' || w === '£') return null;
  const syn = SYNONYMS[w];
  if (syn) return syn;
  if (w.length < 2) return null;
  const s = stem(w);
  return SYNONYMS[s] ?? fold(s);
}

export interface TermOccurrence {
  term: string;
  start: number;
  end: number;
}

// Web addresses carry no words worth matching ("https", "t.co", random ids). Tweets glue them to the word
// before ("#Minecrafthttps://t.co/…", "#WW3pic.twitter.com/…"): the scheme and pic.twitter.com need no boundary.
const URL_RE = /(?:https?:\/\/|\bwww\.|pic\.twitter\.com\/)[^\s<>"]*/gi;

// Character classes for the scanner: 1 letter or mark, 2 ASCII digit, 3 other; 0 not computed yet.
const CLASS = new Uint8Array(65536);
const LETTER_RE = /[\p{L}\p{M}]/u;
function charClass(c: number): number {
  let k = CLASS[c]!;
  if (k === 0) {
    k = c >= 48 && c <= 57 ? 2 : c >= 0xd800 && c <= 0xdfff ? 3 : LETTER_RE.test(String.fromCharCode(c)) ? 1 : 3;
    CLASS[c] = k;
  }
  return k;
}

/**
 * Calls `fn` for every raw word of text[from, to): letter runs (with an inner apostrophe), numbers (with
 * inner separators and a trailing %), the symbols % $ € £. URLs are skipped; words glued in handles and
 * hashtags ("JoeBiden", "realDonaldTrump") are split at case changes. One pass, no backtracking.
 */
export function scanWords(text: string, from: number, to: number, fn: (raw: string, start: number, end: number) => void): void {
  scanSpans(text, from, to, (s, e) => fn(text.slice(s, e), s, e));
}

/** scanWords without the strings: the offsets of each raw word (for callers that look words up by their characters). */
export function scanSpans(text: string, from: number, to: number, fn: (start: number, end: number) => void): void {
  let urls: Array<[number, number]> | null = null;
  const probe = text.slice(from, to);
  if (probe.includes('http') || probe.includes('www.') || probe.includes('pic.twitter')) {
    urls = [];
    URL_RE.lastIndex = 0;
    let u: RegExpExecArray | null;
    while ((u = URL_RE.exec(probe))) urls.push([from + u.index, from + u.index + u[0].length]);
  }
  let ui = 0;
  let i = from;
  while (i < to) {
    // A word stops where an address glued to it begins ("#Minecrafthttps://…").
    let lim = to;
    if (urls) {
      while (ui < urls.length && urls[ui]![1] <= i) ui++;
      if (ui < urls.length && urls[ui]![0] <= i) {
        i = urls[ui]![1];
        continue;
      }
      if (ui < urls.length && urls[ui]![0] < lim) lim = urls[ui]![0];
    }
    const c = text.charCodeAt(i);
    const k = charClass(c);
    if (k === 2) {
      let j = i + 1;
      while (j < lim && charClass(text.charCodeAt(j)) === 2) j++;
      while (j + 1 < lim && (text.charCodeAt(j) === 46 || text.charCodeAt(j) === 44) && charClass(text.charCodeAt(j + 1)) === 2) {
        j += 2;
        while (j < lim && charClass(text.charCodeAt(j)) === 2) j++;
      }
      if (j < lim && text.charCodeAt(j) === 37) {
        fn(i, j + 1);
        fn(j, j + 1);
        i = j + 1;
      } else {
        fn(i, j);
        i = j;
      }
      continue;
    }
    if (k === 1) {
      let j = i + 1;
      let camel = false;
      while (j < lim) {
        const d = text.charCodeAt(j);
        if (charClass(d) !== 1) break;
        if (d >= 65 && d <= 90 && j - i >= 1) {
          const prev = text.charCodeAt(j - 1);
          if (prev >= 97 && prev <= 122) camel = true;
        }
        j++;
      }
      if (j + 1 < lim && (text.charCodeAt(j) === 39 || text.charCodeAt(j) === 0x2019) && charClass(text.charCodeAt(j + 1)) === 1) {
        j += 2;
        while (j < lim && charClass(text.charCodeAt(j)) === 1) j++;
      }
      if (camel && j - i > 4) {
        let s = i;
        for (let x = i + 1; x < j; x++) {
          const d = text.charCodeAt(x);
          const prev = text.charCodeAt(x - 1);
          if (d >= 65 && d <= 90 && prev >= 97 && prev <= 122) {
            fn(s, x);
            s = x;
          }
        }
        fn(s, j);
      } else if (j - i <= 40) fn(i, j);
      i = j;
      continue;
    }
    if (c === 37 || c === 36 || c === 0x20ac || c === 0xa3) fn(i, i + 1);
    i++;
  }
}

export interface Figure {
  /** As written ("five", "20%", "a fifth" gives "fifth"). */
  raw: string;
  /** Normalised value ("5", "20"). */
  value: string;
}

/** The figures of a text (numbers in digits or words, fractions as percentages), in order. */
export function figures(text: string): Figure[] {
  const out: Figure[] = [];
  scanWords(text, 0, text.length, (raw) => {
    const v = normalizeWord(raw);
    if (v !== null && /^\d/.test(v)) out.push({ raw, value: v });
  });
  return out;
}

/** Normalised terms of a text with their offsets. */
export function terms(text: string, base = 0): TermOccurrence[] {
  const out: TermOccurrence[] = [];
  scanWords(text, 0, text.length, (raw, start, end) => {
    const n = normalizeWord(raw);
    if (n) out.push({ term: n, start: base + start, end: base + end });
  });
  return out;
}

export function termList(text: string): string[] {
  return terms(text).map((t) => t.term);
}
