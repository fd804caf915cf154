// Saved web pages: the article's main text only. linkedom builds the DOM (a parser: no script runs, no
// resource loads), the obvious clutter is removed (scripts, navigation, asides, forms, cookie and
// newsletter banners, "related stories", comments, share bars), and Mozilla's Readability (the Firefox
// reader view) picks the article. The headline and the date are kept; ClaimReview records in JSON-LD are
// kept as rated claims. Each paragraph maps to its line in the HTML file.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { addClaims, findClaimReviews, type ReviewedClaim } from './claimReview';
import { SkipFile, TextBuilder, type Extracted } from './types';

/** Elements never part of an article. */
const DROP_TAGS = 'script,style,noscript,template,iframe,object,embed,svg,canvas,nav,aside,form,button,select,input,textarea,dialog,menu,footer';
/** Roles, classes and ids of page furniture (matched on a whole word of the attribute). */
const CLUTTER = /(?:^|[\s_-])(?:cookie|cookies|consent|gdpr|newsletter|subscribe|subscription|paywall|related|recommended|read-?more|more-?stories|trending|popular|comments?|disqus|share|sharing|social|promo|sponsored|advert|advertisement|ads?|ad-slot|banner|breadcrumbs?|sidebar|footer|masthead|menu|navbar|nav|signup|outbrain|taboola)(?:$|[\s_-])/i;
const CLUTTER_ROLES = new Set(['navigation', 'banner', 'complementary', 'contentinfo', 'search', 'dialog', 'alert', 'menu', 'menubar']);
const BLOCKS = 'h1,h2,h3,h4,h5,h6,p,li,blockquote,pre,figcaption,dd,dt,td,th';
const MIN_WORDS = 12;

type El = {
  tagName: string;
  textContent: string | null;
  getAttribute(n: string): string | null;
  hasAttribute(n: string): boolean;
  remove(): void;
  querySelector(s: string): El | null;
  querySelectorAll(s: string): Iterable<El>;
  parentElement: El | null;
};
type Doc = { querySelectorAll(s: string): Iterable<El>; querySelector(s: string): El | null; body: El | null; title: string };

function clean(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

function isClutter(el: El): boolean {
  const role = el.getAttribute('role');
  if (role && CLUTTER_ROLES.has(role.toLowerCase())) return true;
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  const label = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''} ${el.getAttribute('aria-label') ?? ''}`;
  return CLUTTER.test(label) && !/(?:^|\s)(?:article|story|post|entry|content|body)(?:$|[\s_-])/i.test(el.getAttribute('class') ?? '');
}

/** The publication date as YYYY-MM-DD when it is ISO-like, or as given. */
function dateOf(doc: Doc, fromReadability: string | null | undefined): string {
  const metas = ['meta[property="article:published_time"]', 'meta[name="article:published_time"]', 'meta[itemprop="datePublished"]', 'meta[name="date"]', 'meta[name="pubdate"]', 'meta[name="publish-date"]', 'meta[property="og:article:published_time"]'];
  let d = clean(fromReadability);
  for (const sel of metas) {
    if (d) break;
    d = clean(doc.querySelector(sel)?.getAttribute('content'));
  }
  if (!d) {
    const t = doc.querySelector('time[datetime]');
    d = clean(t?.getAttribute('datetime')) || clean(t?.textContent);
  }
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(d);
  return iso ? iso[1]! : d.slice(0, 60);
}

/** Paragraph texts of an element: its innermost blocks, in order. */
function blocks(root: El): string[] {
  const out: string[] = [];
  for (const el of root.querySelectorAll(BLOCKS)) {
    if (el.querySelector(BLOCKS)) continue; // a container of blocks: its blocks speak for it
    const t = clean(el.textContent);
    if (t) out.push(t);
  }
  if (out.length === 0) {
    const t = clean(root.textContent);
    if (t) out.push(t);
  }
  return out;
}

/** Finds each paragraph's line in the raw HTML, moving forward (first words searched from the last place found). */
class LineFinder {
  private cursor = 0;
  private cursorLine = 0;
  constructor(private readonly raw: string) {}

  lineOf(text: string): number {
    // The paragraph's opening as written (up to a character that HTML may have escaped), its first words, its first long word.
    const opening = /^[^&<>"']{0,40}/.exec(text)?.[0] ?? '';
    const words = /^[\p{L}\p{N}]+(?: [\p{L}\p{N}]+){0,4}/u.exec(text)?.[0] ?? '';
    const first = /[\p{L}\p{N}]{4,}/u.exec(text)?.[0] ?? '';
    for (const needle of [opening.length >= 12 ? opening : '', words, first]) {
      if (needle.length < 3) continue;
      const at = this.raw.indexOf(needle, this.cursor);
      if (at >= 0) return this.advance(at);
    }
    return this.cursorLine;
  }

  private advance(at: number): number {
    for (let i = this.raw.indexOf('\n', this.cursor); i >= 0 && i < at; i = this.raw.indexOf('\n', i + 1)) this.cursorLine++;
    this.cursor = at;
    return this.cursorLine;
  }
}

/** ClaimReview records of the page's JSON-LD scripts (read before the scripts are removed; parsed, never run). */
function jsonLdClaims(doc: Doc): ReviewedClaim[] {
  const out: ReviewedClaim[] = [];
  for (const s of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      out.push(...findClaimReviews(JSON.parse(s.textContent ?? '')));
    } catch {
      // malformed JSON-LD is ignored, as browsers do
    }
  }
  return out;
}

export function extractHtml(raw: string, maxText: number): Extracted {
  const { document } = parseHTML(raw) as unknown as { document: Doc };
  const claims = jsonLdClaims(document);
  const metaTitle = clean(document.querySelector('meta[property="og:title"]')?.getAttribute('content'));
  const h1 = clean(document.querySelector('article h1, main h1, h1')?.textContent);
  for (const el of [...document.querySelectorAll(DROP_TAGS)]) el.remove();
  for (const el of [...document.querySelectorAll('[class],[id],[role],[hidden],[aria-hidden],[aria-label]')]) {
    if (el.tagName === 'BODY' || el.tagName === 'HTML' || el.tagName === 'ARTICLE' || el.tagName === 'MAIN') continue;
    if (isClutter(el)) el.remove();
  }
  // Header bars outside the article (the article's own header holds its headline).
  for (const el of [...document.querySelectorAll('header')]) {
    let inArticle = false;
    for (let p = el.parentElement; p; p = p.parentElement) if (p.tagName === 'ARTICLE' || p.tagName === 'MAIN') inArticle = true;
    if (!inArticle && !el.querySelector('h1')) el.remove();
  }
  const docTitle = clean(document.title);
  let article: ReturnType<Readability<El>['parse']> = null;
  try {
    article = new Readability<El>(document as never, { charThreshold: 200, serializer: (n) => n as unknown as El, disableJSONLD: false }).parse();
  } catch {
    article = null;
  }
  let paras = article?.content ? blocks(article.content) : [];
  if (paras.join(' ').split(' ').length < MIN_WORDS && document.body) paras = blocks(document.body);
  const headline = h1 || clean(article?.title) || metaTitle || docTitle;
  const date = dateOf(document, article?.publishedTime);
  const words = paras.join(' ').split(' ').filter(Boolean).length;
  if (words < MIN_WORDS && claims.length === 0) throw new SkipFile('no article text in the page (scripts, navigation or an empty page)');
  const b = new TextBuilder('html', ['line', 'rating']);
  const lines = new LineFinder(raw);
  if (headline) b.paragraph(/[.!?…:"”]$/.test(headline) ? headline : headline + '.', { line: lines.lineOf(headline) });
  if (date) b.paragraph(`Published ${date}.`, { line: lines.lineOf(date) });
  for (const p of paras) {
    if (p === headline) continue;
    b.paragraph(p, { line: lines.lineOf(p) });
    if (b.size > maxText) throw new SkipFile(`its text is over the limit of ${maxText} characters`);
  }
  addClaims(b, claims, (c) => new LineFinder(raw).lineOf(c));
  return { text: b.text(), map: b.map };
}
