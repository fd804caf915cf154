// Finds double-quoted spans: curly, straight, low-9 and guillemet marks, mismatched pairs, quotes left
// unclosed at the end of a paragraph, and quotes continued across paragraphs ("… ¶ “…”). One linear pass.
import type { Quote, Segmentation } from './types';

const OPENERS = new Set(['“', '„', '«', '‟', '〝']);
const CLOSERS = new Set(['”', '»', '〞', '〟']);

type Role = 'open' | 'close' | 'either';

function isSpace(c: string | undefined): boolean {
  return c === undefined || /\s/.test(c);
}

/** Role of a quotation mark from its neighbours; null when it is not a quotation mark here (inches). */
function markRole(text: string, i: number): Role | null {
  const c = text[i]!;
  const prev = text[i - 1];
  const next = text[i + 1];
  const prevBoundary = isSpace(prev) || /[([{—–\-/:;,]/.test(prev!);
  const nextBoundary = isSpace(next) || /[.,;:!?)\]}—–\-]/.test(next!);
  if (OPENERS.has(c)) {
    if (!prevBoundary && nextBoundary && prev !== undefined && /[\p{L}\p{N}.,!?…]/u.test(prev)) return 'close';
    // An opening mark typed as the closer (`“It's unusual,“ he said`): after sentence punctuation, before a space.
    if (prev !== undefined && /[.,!?…]/.test(prev) && (next === undefined || /\s/.test(next))) return 'close';
    return 'open';
  }
  if (CLOSERS.has(c)) {
    if (prevBoundary && !nextBoundary && !isSpace(prev)) return 'open';
    if (isSpace(prev) && !isSpace(next) && /[\p{L}\p{N}]/u.test(next ?? '')) return 'open';
    return 'close';
  }
  // Straight mark.
  if (prev === '=') return null; // markup attribute value (tweet-id="…"), not a quotation
  if (prev !== undefined && /\d/.test(prev) && !/[\p{L}]/u.test(next ?? 'x')) return null; // 12" (inches)
  if (prevBoundary && !nextBoundary) return 'open';
  if (!prevBoundary && nextBoundary) return 'close';
  if (/[.,!?…]/.test(prev ?? '')) return 'close';
  return 'either';
}

function wordCount(s: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const w = /[\p{L}\p{N}]/u.test(s[i]!);
    if (w && !inWord) n++;
    inWord = w;
  }
  return n;
}

function makeQuote(text: string, start: number, end: number, contentStart: number, contentEnd: number, unclosed: boolean, continues: number): Quote {
  const content = text.slice(contentStart, contentEnd);
  const words = wordCount(content);
  // A sentence or more: enough words and either sentence punctuation or a clause-sized length.
  const full = words >= 4 && (/[.!?…,;:]\s*$/.test(content) || /[.!?]\s+\S/.test(content) || words >= 8);
  return {
    start,
    end,
    text: content,
    contentStart,
    contentEnd,
    unclosed,
    continues,
    speaker: null,
    role: null,
    speakerMention: null,
    cue: null,
    words,
    full,
  };
}

const MAX_QUOTE = 4000;

/** Quotation spans, in document order. Speakers are filled in by `attributeQuotes`. */
export function findQuotes(text: string, seg: Segmentation): Quote[] {
  const quotes: Quote[] = [];
  let carry = -1; // index of an unclosed quote at the end of the previous paragraph
  for (const p of seg.paragraphs) {
    if (p.kind !== 'text' && p.kind !== 'heading') {
      carry = -1;
      continue;
    }
    let open = -1;
    let openIsContinuation = -1;
    const firstChar = p.start;
    for (let i = p.start; i < p.end; i++) {
      const c = text[i]!;
      if (c !== '"' && !OPENERS.has(c) && !CLOSERS.has(c)) continue;
      const role = markRole(text, i);
      if (role === null) continue;
      if (open < 0) {
        if (role === 'open' || role === 'either') {
          open = i;
          openIsContinuation = i === firstChar && carry >= 0 ? carry : -1;
        } else if (i - p.start < 2 && carry >= 0) {
          // A mismatched closing mark opening a continuation paragraph.
          open = i;
          openIsContinuation = carry;
        }
        continue;
      }
      if (i - open > MAX_QUOTE) {
        // Runaway: treat the old mark as stray and restart from here.
        open = role === 'close' ? -1 : i;
        continue;
      }
      if (role === 'close' || role === 'either') {
        if (i > open + 1) quotes.push(makeQuote(text, open, i + 1, open + 1, i, false, openIsContinuation));
        open = -1;
        openIsContinuation = -1;
      } else {
        // An opening mark while a quote is open: the earlier quote was never closed.
        let e = i;
        while (e > open + 1 && /\s/.test(text[e - 1]!)) e--;
        if (e > open + 1) quotes.push(makeQuote(text, open, e, open + 1, e, true, openIsContinuation));
        open = i;
        openIsContinuation = -1;
      }
    }
    carry = -1;
    if (open >= 0) {
      let e = p.end;
      while (e > open + 1 && /\s/.test(text[e - 1]!)) e--;
      if (e > open + 1) {
        quotes.push(makeQuote(text, open, e, open + 1, e, true, openIsContinuation));
        carry = quotes.length - 1;
      }
    }
  }
  return quotes;
}
