// schema.org ClaimReview records (JSON-LD, in .json/.jsonld files or in an HTML page's
// <script type="application/ld+json">): each reviewed claim becomes a paragraph carrying its rating
// (value, publisher, date, address). Only data is read: JSON.parse, never evaluated.
import { SkipFile, TextBuilder, type Extracted, type Rating } from './types';

export interface ReviewedClaim {
  claim: string;
  rating: Rating;
}

const MAX_DEPTH = 12;
const MAX_NODES = 100_000;

function str(x: unknown): string {
  if (typeof x === 'string') return x.trim();
  if (typeof x === 'number') return String(x);
  if (Array.isArray(x)) return str(x[0]);
  if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    return str(o.name ?? o['@value'] ?? o.url ?? o['@id'] ?? '');
  }
  return '';
}

function isClaimReview(o: Record<string, unknown>): boolean {
  const t = o['@type'];
  const types = Array.isArray(t) ? t : [t];
  return types.some((x) => typeof x === 'string' && /(^|[/#:])ClaimReview$/.test(x));
}

function ratingOf(o: Record<string, unknown>): Rating {
  const r = (Array.isArray(o.reviewRating) ? o.reviewRating[0] : o.reviewRating) as Record<string, unknown> | undefined;
  let value = '';
  if (r && typeof r === 'object') {
    value = str(r.alternateName) || str(r.name);
    if (!value && r.ratingValue !== undefined) {
      value = str(r.ratingValue);
      const best = str(r.bestRating);
      if (value && best) value += `/${best}`;
    }
  }
  const publisher = str(o.author) || str(o.publisher) || str((o.author as Record<string, unknown> | undefined)?.url);
  const date = str(o.datePublished) || str(o.dateCreated) || str(o.dateModified);
  return { value: value || 'unrated', publisher, date: date.replace(/^(\d{4}-\d{2}-\d{2})T.*$/, '$1'), url: str(o.url) || str(o['@id']) };
}

/** Every ClaimReview in a parsed JSON-LD value (in @graph, arrays, nested properties), in document order. */
export function findClaimReviews(value: unknown): ReviewedClaim[] {
  const out: ReviewedClaim[] = [];
  let nodes = 0;
  const visit = (x: unknown, depth: number) => {
    if (depth > MAX_DEPTH || ++nodes > MAX_NODES || x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) {
      for (const y of x) visit(y, depth + 1);
      return;
    }
    const o = x as Record<string, unknown>;
    if (isClaimReview(o)) {
      const claim = str(o.claimReviewed) || str((o.itemReviewed as Record<string, unknown> | undefined)?.text) || str((o.itemReviewed as Record<string, unknown> | undefined)?.name);
      if (claim) out.push({ claim, rating: ratingOf(o) });
      return;
    }
    for (const k of Object.keys(o)) visit(o[k], depth + 1);
  };
  visit(value, 0);
  return out;
}

/** The claims as paragraphs (each ends as a sentence, so that it is one passage), rated. */
export function addClaims(b: TextBuilder, claims: ReviewedClaim[], lineOf: (claim: string) => number): void {
  const ratings = b.map.ratings!;
  for (const c of claims) {
    const text = /[.!?…"”]$/.test(c.claim) ? c.claim : c.claim + '.';
    ratings.push(c.rating);
    b.paragraph(text, { line: lineOf(c.claim), rating: ratings.length - 1 });
  }
}

/** A .json/.jsonld file: its ClaimReviews, or an empty document when it has none (a JSON file is not always a source). */
export function extractClaimReviewJson(source: string, maxText: number): Extracted {
  const empty = (): Extracted => ({ text: '', map: { format: 'claimreview', at: [], line: [], rating: [], ratings: [] } });
  // Most JSON files of a workspace are configuration or data (package.json, tsconfig.json with comments):
  // without the word there is no ClaimReview to find, and nothing to report.
  if (!source.includes('ClaimReview')) return empty();
  let value: unknown;
  try {
    value = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new SkipFile(`not valid JSON (${(e as Error).message.slice(0, 80)})`);
  }
  const claims = findClaimReviews(value);
  const b = new TextBuilder('claimreview', ['line', 'rating']);
  addClaims(b, claims, (claim) => lineOfText(source, JSON.stringify(claim).slice(1, 41)));
  if (b.size > maxText) throw new SkipFile(`its text is over the limit of ${maxText} characters`);
  return { text: b.text(), map: b.map };
}

/** 0-based line of the first occurrence of `needle` in `source` (0 when absent). */
export function lineOfText(source: string, needle: string, from = 0): number {
  const at = needle ? source.indexOf(needle, from) : -1;
  if (at < 0) return 0;
  let line = 0;
  for (let i = source.indexOf('\n'); i >= 0 && i < at; i = source.indexOf('\n', i + 1)) line++;
  return line;
}
