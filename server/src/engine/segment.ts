// Paragraph and sentence segmentation with offsets. Linear in the text length: one pass over lines,
// one pass over each paragraph's characters; every regular expression here is anchored or bounded.
import type { Paragraph, ParagraphKind, Segmentation, Sentence } from './types';

/** Page furniture that scraped articles carry: never claims, never quotes. */
const DEBRIS_RE =
  /^(?:[-–—•*\s]*(?:advertisement|advertisements|sponsored(?: content)?|leave a reply|leave a comment|please enter your (?:comment|name|email)(?: here)?!?|you have entered an incorrect email address!?|share(?: this)?(?: post| article| story)?:?|subscribe\b.*|sign up\b.*|log ?in|register|related(?: posts| articles| stories)?:?|popular|more like this|most read|read more\b.*|read next\b.*|click here\b.*|follow us\b.*|comments?:?|\d+ comments?|all rights reserved.*|copyright\b.*|©.*|don'?t miss\b.*|recommended(?: for you)?|trending(?: now)?|tags?:.*|source:.*|image:.*|photo:.*|credit:.*|spot_img\w*|date:|share post:?|print|email|facebook|twitter|whatsapp|linkedin|reddit|telegram)[-–—•*\s]*)$/i;
const BYLINE_RE = /^(?:(?:edited|written|reported|reporting|compiled|posted|published|updated)\s+by\b|\(?(?:with )?additional reporting\b|this (?:report|story|article) (?:also )?(?:includes|contains|was)\b)/i;
/** "By Jane Doe", "BY JANE DOE | Staff", "By Jane Doe, Reuters": capitalised names (case-sensitive, so that
 * "By law, every school…" stays a sentence), and no sentence ending in a lower-case word after them. */
const BY_NAME_RE = /^(?:By|BY)\s+\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|and|&|de|la|del|da|di|du|le|van|von|der|den|al|bin|ibn))*\s*(?:[,|].*)?$/u;
const HASHTAGS_RE = /^(?:#[\p{L}\p{N}_]+[\s,]*){2,}$/u;
const CAPTION_RE = /^(?:FILE|PHOTO|IMAGE|VIDEO|WATCH|LISTEN)\s*[-–—:|]/;
const BULLET_RE = /^[ \t]{0,12}(?:[-*+•·▪◦‣–—]|\d{1,3}[.)])(?=\s|$)[ \t]*/;
const MD_HEADING_RE = /^[ \t]{0,3}#{1,6}(?=\s|$)/;
const FENCE_RE = /^[ \t]{0,3}(?:```|~~~)/;

/** Abbreviations after which a period does not end a sentence. */
const ABBREVIATIONS = new Set(
  'mr mrs ms dr prof sen sens rep reps del gov gen lt col maj capt sgt adm st mt jr sr inc ltd co corp bros vs etc al fig no nos jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e a.m p.m approx est dept univ ave blvd rev hon pres cmdr supt messrs'.split(
    ' ',
  ),
);

function isTitleLike(line: string): boolean {
  if (line.length > 200) return false;
  let spaces = 0;
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) === 32 && ++spaces > 24) return false;
  const words = line.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length === 0 || words.length > 16) return false;
  if (/[.!?;]["”’')\]]?$/.test(line) && !/\.\.\.$|…$/.test(line)) return false;
  let caps = 0;
  const minor = /^(?:a|an|the|and|or|but|of|in|on|at|to|for|with|by|from|as|is|vs\.?|over|into|after|amid|about)$/i;
  for (const w of words) {
    const first = w.replace(/^[^\p{L}\p{N}]+/u, '');
    if (/^[\p{Lu}\p{N}]/u.test(first)) caps++;
    else if (!minor.test(first)) return false;
  }
  return caps >= 1;
}

export function classifyLine(content: string): ParagraphKind {
  const line = content.trim();
  if (line === '') return 'blank';
  if (DEBRIS_RE.test(line) || HASHTAGS_RE.test(line) || CAPTION_RE.test(line)) return 'debris';
  if (/^[\W_]+$/u.test(line)) return 'debris';
  if (line.length < 200 && /(?:\.\.\.|…)$/.test(line)) return 'debris'; // teaser of a related story
  if (line.length < 120 && (BYLINE_RE.test(line) || (BY_NAME_RE.test(line) && !/\p{Ll}{2}[.!?]["”’]?$/u.test(line)))) return 'byline';
  if (line.length < 90 && line === line.toUpperCase() && /\p{Lu}{3}/u.test(line)) return 'heading';
  if (isTitleLike(line)) return 'heading';
  return 'text';
}

interface Line {
  start: number; // offset of the first content character (after bullet / heading markers)
  end: number; // offset of the end of the line content (before \r\n)
  kind: ParagraphKind;
  marker: 'bullet' | 'heading' | 'none';
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let pos = 0;
  let inFence = false;
  const n = text.length;
  while (pos <= n) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = n;
    let end = nl;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    let start = pos;
    if (start === 0 && text.charCodeAt(0) === 0xfeff) start = 1;
    // Very long lines are sliced only for classification; their content stays whole.
    const head = text.slice(start, Math.min(end, start + 400));
    let marker: Line['marker'] = 'none';
    if (FENCE_RE.test(head)) {
      inFence = !inFence;
      lines.push({ start, end, kind: 'debris', marker });
    } else if (inFence) {
      lines.push({ start, end, kind: 'debris', marker });
    } else {
      let m = MD_HEADING_RE.exec(head);
      if (m) {
        marker = 'heading';
        start += m[0].length;
      } else if ((m = BULLET_RE.exec(head))) {
        marker = 'bullet';
        start += m[0].length;
      }
      while (start < end && (text[start] === ' ' || text[start] === '\t')) start++;
      let e = end;
      while (e > start && (text[e - 1] === ' ' || text[e - 1] === '\t')) e--;
      const sample = e - start > 400 ? text.slice(start, start + 400) + ' x.' : text.slice(start, e);
      let kind = classifyLine(sample);
      if (marker === 'heading' && kind !== 'blank') kind = 'heading';
      // A footnote definition or link reference definition is not prose.
      if (/^\[\^?[^\]\n]{1,100}\]:/.test(sample)) kind = 'debris';
      lines.push({ start, end: e, kind, marker });
    }
    pos = nl + 1;
    if (nl === n) break;
  }
  return lines;
}

/** Whether a line break between two text lines is a soft wrap inside one paragraph. */
function joins(text: string, prev: Line, next: Line): boolean {
  if (prev.kind !== 'text' || next.kind !== 'text' || next.marker !== 'none') return false;
  const last = text[prev.end - 1] ?? '';
  const first = text[next.start] ?? '';
  if (last === ',' || last === ':' || last === ';' || last === '—' || last === '–') return true;
  if (/[.!?"”’)\]]/.test(last)) return false;
  return /[\p{Ll}\p{N}]/u.test(first);
}

const CITE_AFTER_RE = /^(?:\[\^[^\]\s]{1,50}\]|[ \t]?\[(?:cite|source):[^\]\n]{1,300}\])/;
const CLOSERS = new Set(['"', '”', '’', "'", ')', ']', '»']);

/** White space, as /\s/ sees it, without a regular expression per character. */
export function isWs(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Splits a paragraph's range into sentence ranges. */
export function splitSentences(text: string, start: number, end: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = start;
  while (s < end && isWs(text.charCodeAt(s))) s++;
  for (let i = s; i < end; i++) {
    const c = text[i]!;
    if (c !== '.' && c !== '!' && c !== '?' && c !== '…') continue;
    let j = i + 1;
    while (j < end && (text[j] === '.' || text[j] === '!' || text[j] === '?')) j++;
    while (j < end && CLOSERS.has(text[j]!)) j++;
    {
      // A footnote reference or citation marker right after the period belongs to the sentence.
      const m = CITE_AFTER_RE.exec(text.slice(j, Math.min(end, j + 330)));
      if (m) j += m[0].length;
    }
    if (j < end && !isWs(text.charCodeAt(j))) {
      i = j - 1;
      continue;
    }
    let k = j;
    while (k < end && isWs(text.charCodeAt(k))) k++;
    if (k >= end) break;
    const nextCh = text[k]!;
    if (!/[\p{Lu}\p{N}"“‘'(\[«¿¡]/u.test(nextCh)) {
      i = j - 1;
      continue;
    }
    if (c === '.') {
      // The word before the period: abbreviation or initial?
      let w = i;
      while (w > s && /[\p{L}.]/u.test(text[w - 1]!)) w--;
      const word = text.slice(w, i).toLowerCase();
      if (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word)) {
        i = j - 1;
        continue;
      }
    }
    out.push([s, j]);
    s = k;
    i = k - 1;
  }
  let e = end;
  while (e > s && isWs(text.charCodeAt(e - 1))) e--;
  if (e > s) out.push([s, e]);
  return out;
}

export function segment(text: string): Segmentation {
  const lines = splitLines(text);
  const paragraphs: Paragraph[] = [];
  const sentences: Sentence[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = lines[i]!;
    if (first.kind === 'blank') {
      i++;
      continue;
    }
    let last = first;
    let j = i + 1;
    while (j < lines.length && joins(text, last, lines[j]!)) {
      last = lines[j]!;
      j++;
    }
    const kind: ParagraphKind = first.kind === 'text' && first.marker === 'bullet' ? 'text' : first.kind;
    const p: Paragraph = { start: first.start, end: last.end, kind, firstSentence: sentences.length, sentenceCount: 0 };
    const boilerplate = kind !== 'text';
    const ranges = boilerplate ? [[p.start, p.end] as [number, number]] : splitSentences(text, p.start, p.end);
    for (const [s, e] of ranges) sentences.push({ start: s, end: e, paragraph: paragraphs.length, boilerplate });
    p.sentenceCount = sentences.length - p.firstSentence;
    paragraphs.push(p);
    i = j;
  }
  return { paragraphs, sentences };
}

/** 0-based line number of each offset, computed once per text. */
export class LineMap {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; character: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }
  get lineCount(): number {
    return this.starts.length;
  }
}
