// Writers of real files in the source formats, from our own text: PDFs with a text layer, running headers,
// footers, page numbers and hyphenated line ends (pdf-lib), Word documents with headings and footnotes
// (a ZIP written with fflate), saved web pages with the clutter of real news sites, WebVTT and SRT
// captions, ClaimReview JSON-LD. Used by the tests, the bench (scripts/bench.ts) and the example workspace
// (scripts/makeExamples.ts). Development only: never bundled into the extension.
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { strToU8, zipSync } from 'fflate';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface PdfPage {
  paragraphs: string[];
}

export interface PdfOptions {
  header?: string;
  footer?: string;
  /** Page numbers at the bottom ("Page N of M"). */
  pageNumbers?: boolean;
  title?: string;
}

const WIN_ANSI_EXTRA = new Set('‘’“”–—…€•™šœžŸŠŒŽƒˆ˜‚„†‡‰‹›');

/** Text the standard PDF fonts can encode (WinAnsi): accents folded where Latin-1 lacks the letter, others as "?". */
export function winAnsi(text: string): string {
  let out = '';
  const ok = (c: string) => {
    const n = c.charCodeAt(0);
    return (n >= 0x20 && n <= 0x7e) || (n >= 0xa0 && n <= 0xff) || WIN_ANSI_EXTRA.has(c);
  };
  for (const ch of text) {
    if (ok(ch)) out += ch;
    else if (/\s|[\u0000-\u001f\u007f-\u009f]/.test(ch)) out += ' ';
    else {
      const folded = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += folded && [...folded].every(ok) ? folded : '?';
    }
  }
  return out;
}

/** A letter-size PDF with a real text layer (Helvetica), one or more pages. Words that do not fit are hyphenated. */
export async function makePdf(pages: PdfPage[], opts: PdfOptions = {}): Promise<Uint8Array> {
  pages = pages.map((p) => ({ paragraphs: p.paragraphs.map(winAnsi) }));
  opts = { ...opts, header: opts.header && winAnsi(opts.header), footer: opts.footer && winAnsi(opts.footer) };
  const pdf = await PDFDocument.create();
  if (opts.title) pdf.setTitle(opts.title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const size = 11;
  const width = 612 - 144;
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  pages.forEach((pg, k) => {
    const page = pdf.addPage([612, 792]);
    if (opts.header) page.drawText(opts.header, { x: 72, y: 750, size: 9, font });
    let y = 710;
    for (const para of pg.paragraphs) {
      const words = para.split(/\s+/).filter(Boolean);
      let line = '';
      const flush = () => {
        page.drawText(line, { x: 72, y, size, font });
        y -= 14;
        line = '';
      };
      for (const w of words) {
        const next = line ? line + ' ' + w : w;
        if (fits(next)) {
          line = next;
          continue;
        }
        // Hyphenate a long word at the line end when part of it fits.
        let cut = 0;
        if (w.length >= 9 && /^[a-z]+$/i.test(w)) for (let i = w.length - 4; i >= 4; i--) if (fits((line ? line + ' ' : '') + w.slice(0, i) + '-')) (cut = i), (i = 0);
        if (cut) {
          line = (line ? line + ' ' : '') + w.slice(0, cut) + '-';
          flush();
          line = w.slice(cut);
        } else {
          if (line) flush();
          line = w;
        }
      }
      if (line) flush();
      y -= 10; // paragraph gap
    }
    if (opts.footer) page.drawText(opts.footer, { x: 72, y: 40, size: 9, font });
    if (opts.pageNumbers) page.drawText(`Page ${k + 1} of ${pages.length}`, { x: 500, y: 40, size: 9, font });
  });
  return pdf.save({ useObjectStreams: false });
}

/** A PDF encrypted with a user password (the standard security handler): no reader opens it without the password. */
export function makeEncryptedPdf(): Uint8Array {
  const hex = (n: number, seed: number) => Array.from({ length: n }, (_, i) => ((seed * 31 + i * 17) & 255).toString(16).padStart(2, '0')).join('');
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${hex(32, 7)}> /U <${hex(32, 11)}> /P -44 >>`,
    '<< /Length 20 >>\nstream\n\x8a\x13\x99\x01\x77\x42\x10\xfe\x33\x21\x55\x66\x02\x01\x88\x99\x10\x20\x30\x40\nendstream',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => String(o).padStart(10, '0') + ' 00000 n \n').join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${hex(16, 3)}> <${hex(16, 3)}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface DocxBlock {
  heading?: 1 | 2;
  text: string;
  /** Text of a footnote attached at the end of the paragraph. */
  footnote?: string;
}

/** A Word document (OOXML in a ZIP): paragraphs, headings (Heading 1/2 styles) and footnotes. */
export function makeDocx(blocks: DocxBlock[], extra: Record<string, Uint8Array> = {}): Uint8Array {
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const notes: string[] = [];
  const body = blocks
    .map((b) => {
      const style = b.heading ? `<w:pPr><w:pStyle w:val="Heading${b.heading}"/></w:pPr>` : '';
      let runs = `<w:r><w:t xml:space="preserve">${esc(b.text)}</w:t></w:r>`;
      if (b.footnote) {
        notes.push(b.footnote);
        runs += `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="${notes.length}"/></w:r>`;
      }
      return `<w:p>${style}${runs}</w:p>`;
    })
    .join('');
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/_rels/document.xml.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>',
    ),
    'word/styles.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${W}><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style><w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/></w:style></w:styles>`,
    ),
    'word/footnotes.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes ${W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>${notes
        .map((n, i) => `<w:footnote w:id="${i + 1}"><w:p><w:r><w:t xml:space="preserve">${esc(n)}</w:t></w:r></w:p></w:footnote>`)
        .join('')}</w:footnotes>`,
    ),
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}</w:body></w:document>`),
    ...extra,
  };
  return zipSync(files, { level: 6 });
}

/**
 * Rewrites the sizes an entry declares (in the local header and the central directory) of a ZIP: a bomb
 * that claims `size` bytes whatever it really unpacks to.
 */
export function patchZipSize(zip: Uint8Array, entry: string, size: number): Uint8Array {
  const buf = Buffer.from(zip);
  const name = Buffer.from(entry);
  for (let i = 0; i + 46 < buf.length; i++) {
    const sig = buf.readUInt32LE(i);
    if (sig === 0x04034b50 && buf.readUInt16LE(i + 26) === name.length && buf.subarray(i + 30, i + 30 + name.length).equals(name)) buf.writeUInt32LE(size >>> 0, i + 22);
    if (sig === 0x02014b50 && buf.readUInt16LE(i + 28) === name.length && buf.subarray(i + 46, i + 46 + name.length).equals(name)) buf.writeUInt32LE(size >>> 0, i + 24);
  }
  return buf;
}

export interface PageOptions {
  headline: string;
  date: string;
  paragraphs: string[];
  site?: string;
  /** ClaimReview JSON-LD objects embedded in the page. */
  jsonLd?: unknown[];
}

/** A saved news page with the clutter of a real site: scripts, navigation, a cookie banner, ads, share bar, newsletter form, related stories, comments, footer. */
export function makeHtmlPage(o: PageOptions): string {
  const site = o.site ?? 'The Daily Example';
  const lds = (o.jsonLd ?? []).map((x) => `<script type="application/ld+json">${JSON.stringify(x)}</script>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(o.headline)} | ${esc(site)}</title>
<meta property="og:title" content="${esc(o.headline)}">
<meta property="article:published_time" content="${o.date}T08:30:00Z">
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());document.write('<p>Injected by script: never text</p>');</script>
<script src="https://ads.example.invalid/loader.js" async></script>
<style>.cookie-banner{position:fixed} body{font-family:serif}</style>
${lds}
</head>
<body>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies to improve your experience. By continuing to browse you accept our cookie policy and the use of tracking technologies.</p><button>Accept all</button></div>
<header class="site-header"><a href="/">${esc(site)}</a>
<nav class="main-nav"><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="ad ad-slot" id="top-ad"><p>Advertisement: Save 50 percent on your first year of premium membership today.</p></div>
<main>
<article class="story">
<header class="article-header">
<h1>${esc(o.headline)}</h1>
<p class="byline">By Staff Reporter</p>
<time datetime="${o.date}T08:30:00Z">${o.date}</time>
</header>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email this story</a></div>
<div class="article-body">
${o.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</div>
<aside class="related-stories"><h2>Related stories</h2><ul><li><a href="/a">Officials scramble as markets fall for a third straight day across the region</a></li><li><a href="/b">Ten things you missed this week in regional politics and business news</a></li></ul></aside>
<div class="newsletter-signup"><h3>Get the morning briefing</h3><form><input type="email" placeholder="Your email"><button>Subscribe</button></form><p>Sign up for our newsletter and never miss the biggest stories of the day delivered to your inbox.</p></div>
</article>
</main>
<section class="comments" id="comments"><h2>Leave a reply</h2><form><textarea></textarea><button>Post comment</button></form><p>Comments are moderated and may take a while to appear on the site after you post them.</p></section>
<footer class="site-footer"><p>Copyright ${esc(site)}. All rights reserved. Terms of use and privacy policy apply to everything on this website.</p></footer>
<script>for(var i=0;i<10;i++){console.log('tracking pixel '+i)}</script>
</body>
</html>
`;
}

/** A page that is nothing but scripts (and a noscript notice). */
export function makeScriptPage(): string {
  const scripts = Array.from({ length: 40 }, (_, i) => `<script>var chunk${i}="${'x'.repeat(200)}";eval(chunk${i});document.body.innerHTML+='<p>generated paragraph ${i} with enough words to look like an article body text</p>';</script>`).join('\n');
  return `<!DOCTYPE html><html><head><title>Loading…</title>${scripts}</head><body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div>${scripts}</body></html>`;
}

export interface Cue {
  start: number;
  end: number;
  text: string;
  voice?: string;
}

function ts(sec: number, sep: '.' | ','): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = Math.floor(sec % 60);
  const ms = Math.round((sec % 1) * 1000);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${sep}${String(ms).padStart(3, '0')}`;
}

export function makeVtt(cues: Cue[]): string {
  return `WEBVTT\n\nNOTE made from our own text\n\n${cues.map((c, i) => `${i + 1}\n${ts(c.start, '.')} --> ${ts(c.end, '.')}\n${c.voice ? `<v ${c.voice}>` : ''}${c.text}`).join('\n\n')}\n`;
}

export function makeSrt(cues: Cue[]): string {
  return cues.map((c, i) => `${i + 1}\n${ts(c.start, ',')} --> ${ts(c.end, ',')}\n${c.text}`).join('\n\n').replace(/\n/g, '\r\n') + '\r\n';
}

/** Captions of a text: its words cut into cues of about `perCue` words, cues crossing sentence boundaries. */
export function captionsOf(text: string, perCue = 7, start = 0): Cue[] {
  const words = text.split(/\s+/).filter(Boolean);
  const cues: Cue[] = [];
  for (let i = 0, t = start; i < words.length; i += perCue, t += 3) cues.push({ start: t, end: t + 2.8, text: words.slice(i, i + perCue).join(' ') });
  return cues;
}

export interface Review {
  claim: string;
  rating: string;
  publisher: string;
  date: string;
  url: string;
  claimant?: string;
}

export function claimReviewLd(r: Review): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: r.url,
    claimReviewed: r.claim,
    datePublished: r.date,
    author: { '@type': 'Organization', name: r.publisher },
    itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: r.claimant ?? 'A politician' } },
    reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: r.rating },
  };
}

/** A draft whose claims each have one source in another format. */
export const DRAFT = [
  '# Tallyford harbour',
  '',
  'Dredging the northern channel will cost 42 million euros over four years.',
  '',
  'Mira Hollis was elected chair of the harbour commission in 2021 with 14 of the 19 votes cast.',
  '',
  'The ferry to Osterholm will carry 400 passengers a day from June 1, twice the current number.',
  '',
  'Ticket prices on the harbour shuttle will rise by 30 cents in September.',
  '',
  'The fish market on the east quay will close for 11 weeks, and the renovation will cost 2.3 million euros.',
  '',
  'The harbour shuttle carried 2 million passengers in 2024.',
  '',
].join('\n');

/** A workspace with a draft, a source in every format and a bad file of every kind. */
export async function makeWorkspace(dir: string): Promise<void> {
  mkdirSync(path.join(dir, 'sources'), { recursive: true });
  writeFileSync(path.join(dir, 'draft.md'), DRAFT);
  const s = (f: string) => path.join(dir, 'sources', f);
  writeFileSync(
    s('commission-review.pdf'),
    await makePdf(
      [
        { paragraphs: ['The commission met eleven times during the year and published all of its minutes.'] },
        { paragraphs: ['Dredging of the northern channel will cost an estimated 42 million euros over four years, according to the engineering department.'] },
      ],
      { header: 'Tallyford Harbour Commission - Annual Review', pageNumbers: true },
    ),
  );
  writeFileSync(
    s('gazette-hollis.html'),
    makeHtmlPage({ headline: 'Hollis to lead harbour commission', date: '2021-05-04', paragraphs: ['Mira Hollis was elected chair of the harbour commission on Tuesday, winning 14 of the 19 votes cast by its members.', 'She succeeds a chair who served for nine years.'] }),
  );
  writeFileSync(s('ferry-briefing.vtt'), makeVtt(captionsOf('Good morning. From June 1 the ferry to Osterholm will carry 400 passengers a day, twice the current number, in the morning and in the evening. Questions later.', 6, 600)));
  writeFileSync(s('shuttle-meeting.srt'), makeSrt(captionsOf('Next item. Ticket prices on the harbour shuttle will rise by 30 cents in September, the operator told the board.', 6, 60)));
  writeFileSync(s('market-memo.docx'), makeDocx([{ heading: 1, text: 'East quay market' }, { text: 'The fish market on the east quay will close for 11 weeks from March, and the renovation will cost 2.3 million euros.', footnote: 'Market board minutes, item 4.' }]));
  writeFileSync(s('shuttle-check.jsonld'), JSON.stringify(claimReviewLd({ claim: 'The harbour shuttle carried 2 million passengers in 2024', rating: 'False', publisher: 'Example Check', date: '2025-03-02', url: 'https://check.example/shuttle' }), null, 2));
  // The bad ones.
  writeFileSync(s('locked.pdf'), makeEncryptedPdf());
  writeFileSync(s('damaged.pdf'), Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog'));
  writeFileSync(s('bomb.docx'), patchZipSize(makeDocx([{ text: 'Nothing.' }], { 'word/bomb.xml': new Uint8Array(20_000_000) }), 'word/bomb.xml', 100));
  writeFileSync(s('app.html'), makeScriptPage());
  writeFileSync(s('broken.vtt'), 'WEBVTT\n\nthis is not a cue\n');
}

