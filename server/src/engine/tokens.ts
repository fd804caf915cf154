// A small word tokenizer with offsets, used on bounded windows (sentences, attribution contexts).

export interface Token {
  start: number;
  end: number;
  text: string;
  lower: string;
  /** Starts with an upper-case letter (or is an initial such as "J."). */
  cap: boolean;
  /** A word (letters or digits) rather than punctuation. */
  word: boolean;
}

// Words, abbreviations with inner periods (U.S., Ph.D.), names with apostrophes and hyphens, numbers, or one
// punctuation character. Every alternative consumes at least one character and none can overlap: linear.
const TOKEN_RE = /(?:\p{L}\.){2,}|[\p{L}\p{M}\p{N}]+(?:['’\-][\p{L}\p{M}\p{N}]+)*\.?|[^\s\p{L}\p{M}\p{N}]/gu;

const KEEPS_PERIOD = /^(?:mr|mrs|ms|dr|prof|sen|sens|rep|reps|del|gov|gen|lt|col|maj|capt|sgt|adm|st|jr|sr|rev|hon|inc|ltd|co|corp|jan|feb|mar|apr|aug|sept?|oct|nov|dec|no|vs|[a-z])$/i;

export function tokenize(text: string, start = 0, end = text.length): Token[] {
  const out: Token[] = [];
  const slice = text.slice(start, end);
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(slice))) {
    let t = m[0];
    let s = start + m.index;
    // Words glued by a scraper ("stanceTrump"): split at a lower-to-upper case change after 3+ lower-case letters.
    const glue = /\p{Ll}{3}(?=\p{Lu}\p{Ll})/u.exec(t);
    if (glue && !/^(?:Mc|Mac|O')/.test(t)) {
      const cut = glue.index + 3;
      out.push(mk(t.slice(0, cut), s));
      t = t.slice(cut);
      s += cut;
    }
    // A trailing period belongs to the word only for abbreviations and initials.
    if (t.length > 1 && t.endsWith('.') && !/^(?:\p{L}\.){2,}$/u.test(t) && !KEEPS_PERIOD.test(t.slice(0, -1))) {
      const w = t.slice(0, -1);
      out.push(mk(w, s));
      out.push(mk('.', s + w.length));
      continue;
    }
    out.push(mk(t, s));
  }
  return out;
}

function mk(t: string, s: number): Token {
  const word = /[\p{L}\p{N}]/u.test(t);
  return { start: s, end: s + t.length, text: t, lower: t.toLowerCase(), cap: word && /^\p{Lu}/u.test(t), word };
}

/**
 * Tokens of one sentence, cached by the sentence's text (offsets relative to it, shifted on use): an edit
 * tokenizes again only the sentences it changed. Tokens are never mutated downstream.
 */
const sentenceTokens = new Map<string, Token[]>();
const SENTENCE_CACHE_MAX = 20_000;

export function clearTokenCache(): void {
  sentenceTokens.clear();
}

export function tokenizeCached(text: string, start: number, end: number): Token[] {
  const key = text.slice(start, end);
  let rel = sentenceTokens.get(key);
  if (!rel) {
    rel = tokenize(key);
    if (sentenceTokens.size >= SENTENCE_CACHE_MAX) sentenceTokens.clear();
    sentenceTokens.set(key, rel);
  }
  if (start === 0) return rel.slice();
  const out = new Array<Token>(rel.length);
  for (let i = 0; i < rel.length; i++) {
    const t = rel[i]!;
    out[i] = { start: t.start + start, end: t.end + start, text: t.text, lower: t.lower, cap: t.cap, word: t.word };
  }
  return out;
}
