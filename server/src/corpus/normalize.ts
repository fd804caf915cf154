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
  percent: 'pct', percentage: 'pct', '%': 'pct', pct: 'pct', half: '1/2', third: '1/3', quarter: '1/4', fifth: '1/5',
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

// Linear: each alternative consumes at least one character.
const WORD_RE = /\d+(?:[.,]\d+)*%?|[\p{L}\p{M}]+(?:['’][\p{L}]+)?|%|\$|€|£/gu;

export function stripDiacritics(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '');
}

/** Normalises one raw word; returns null for stop words and noise. */
export function normalizeWord(raw: string): string | null {
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

// Web addresses carry no words worth matching ("https", "t.co", random ids).
const URL_RE = /\b(?:https?:\/\/|www\.|pic\.twitter\.com\/)[^\s<>"]*/gi;
// Words glued in handles and hashtags: "JoeBiden", "AustralianFires", "realDonaldTrump".
const CAMEL_RE = /\p{Ll}(?=\p{Lu})/gu;

/** Normalised terms of a text with their offsets. */
export function terms(text: string, base = 0): TermOccurrence[] {
  const out: TermOccurrence[] = [];
  const urls: Array<[number, number]> = [];
  if (text.includes('http') || text.includes('www.') || text.includes('pic.twitter')) {
    URL_RE.lastIndex = 0;
    let u: RegExpExecArray | null;
    while ((u = URL_RE.exec(text))) urls.push([u.index, u.index + u[0].length]);
  }
  let ui = 0;
  const push = (raw: string, start: number) => {
    const n = normalizeWord(raw);
    if (n) out.push({ term: n, start: base + start, end: base + start + raw.length });
  };
  WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD_RE.exec(text))) {
    const raw = m[0];
    if (raw.length > 40) continue;
    while (ui < urls.length && urls[ui]![1] <= m.index) ui++;
    if (ui < urls.length && urls[ui]![0] <= m.index) continue;
    if (raw.endsWith('%') && raw.length > 1) {
      push(raw, m.index);
      out.push({ term: 'pct', start: base + m.index, end: base + m.index + raw.length });
      continue;
    }
    CAMEL_RE.lastIndex = 0;
    if (raw.length > 4 && CAMEL_RE.test(raw)) {
      let from = 0;
      CAMEL_RE.lastIndex = 0;
      let c: RegExpExecArray | null;
      while ((c = CAMEL_RE.exec(raw))) {
        push(raw.slice(from, c.index + 1), m.index + from);
        from = c.index + 1;
      }
      push(raw.slice(from), m.index + from);
      continue;
    }
    push(raw, m.index);
  }
  return out;
}

export function termList(text: string): string[] {
  return terms(text).map((t) => t.term);
}
