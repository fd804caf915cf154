// What every format reader produces: plain text (paragraphs separated by blank lines, so that the engine's
// `segment` finds them) and a map from offsets of that text back to the place they came from in the file.
// Pure data: the map is structured-cloneable (it crosses from a reading thread) and V8-serialisable (it is
// kept in the index on disk).

/** The verdict of a published fact-check (schema.org ClaimReview). */
export interface Rating {
  /** The textual rating ("False", "Mostly true"), or the numeric one as text. */
  value: string;
  /** Who published the review ("Example Check"). */
  publisher: string;
  /** When it was published, as given (ISO date when the record has one). */
  date: string;
  /** The review's address. */
  url: string;
}

export type SourceFormat = 'pdf' | 'html' | 'docx' | 'vtt' | 'srt' | 'claimreview';

/**
 * Offsets of the extracted text back to the source. Segment k covers text offsets [at[k], at[k + 1]); each
 * array beside `at` that is present gives its value for every segment (-1 or null: none).
 */
export interface SourceMap {
  format: SourceFormat;
  at: number[];
  /** 1-based page (PDF). */
  page?: number[];
  /** Start time in seconds (WebVTT, SRT). */
  time?: number[];
  /** 0-based line in the original file (HTML, WebVTT, SRT, JSON-LD). */
  line?: number[];
  /** Index into `ratings` (ClaimReview), -1 for none. */
  rating?: number[];
  ratings?: Rating[];
}

/** Where a passage starting at an offset of the extracted text came from. */
export interface SourcePlace {
  page?: number;
  time?: number;
  line?: number;
  rating?: Rating;
}

export type Extracted = { text: string; map: SourceMap } | { skip: string };

export interface ExtractLimits {
  /** Bytes of text extracted, at most (more: the file is skipped). */
  maxText: number;
  /** Bytes that unpacking a container (DOCX) may produce, in all. */
  maxInflated: number;
  /** Pages of a PDF read, at most. */
  maxPages: number;
  /** Milliseconds one file may take to extract (checked between pages and steps). */
  maxMs: number;
}

/** Builds extracted text paragraph by paragraph, recording where each one came from. */
export class TextBuilder {
  private parts: string[] = [];
  private length = 0;
  readonly map: SourceMap;
  private last = '';

  constructor(format: SourceFormat, fields: Array<'page' | 'time' | 'line' | 'rating'>) {
    this.map = { format, at: [] };
    for (const f of fields) this.map[f] = [];
    if (fields.includes('rating')) this.map.ratings = [];
  }

  get size(): number {
    return this.length;
  }

  /** Starts a new paragraph (a blank line before it, unless it is the first). */
  paragraph(text: string, place: { page?: number; time?: number; line?: number; rating?: number } = {}): void {
    const t = text.replace(/\s+/g, ' ').trim();
    if (!t) return;
    if (this.length > 0) this.push('\n\n');
    this.mark(place);
    this.push(t);
  }

  /** Continues the current paragraph (a space before it), with a place of its own from here on. */
  continue(text: string, place: { page?: number; time?: number; line?: number; rating?: number } = {}): void {
    const t = text.replace(/\s+/g, ' ').trim();
    if (!t) return;
    if (this.length === 0) return this.paragraph(t, place);
    this.push(' ');
    this.mark(place);
    this.push(t);
  }

  private mark(place: { page?: number; time?: number; line?: number; rating?: number }): void {
    const key = `${place.page}|${place.time}|${place.line}|${place.rating}`;
    if (key === this.last && this.map.at.length) return;
    this.last = key;
    this.map.at.push(this.length);
    if (this.map.page) this.map.page.push(place.page ?? -1);
    if (this.map.time) this.map.time.push(place.time ?? -1);
    if (this.map.line) this.map.line.push(place.line ?? -1);
    if (this.map.rating) this.map.rating.push(place.rating ?? -1);
  }

  private push(s: string): void {
    this.parts.push(s);
    this.length += s.length;
    this.tail = s;
  }

  private tail = '';

  /** The last character written ('' at the start). */
  get lastChar(): string {
    return this.tail.slice(-1);
  }

  text(): string {
    return this.parts.join('');
  }
}

/** Where the text at `offset` came from (binary search of the map). */
export function placeAt(map: SourceMap, offset: number): SourcePlace {
  const at = map.at;
  let lo = 0;
  let hi = at.length - 1;
  if (hi < 0) return {};
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (at[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  const out: SourcePlace = {};
  const page = map.page?.[lo];
  if (page !== undefined && page >= 0) out.page = page;
  const time = map.time?.[lo];
  if (time !== undefined && time >= 0) out.time = time;
  const line = map.line?.[lo];
  if (line !== undefined && line >= 0) out.line = line;
  const r = map.rating?.[lo];
  if (r !== undefined && r >= 0 && map.ratings?.[r]) out.rating = map.ratings[r];
  return out;
}

/** Thrown by a reader to skip a file with a reason (caught by `extract`). */
export class SkipFile extends Error {}
