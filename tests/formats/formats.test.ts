// The format readers on real files, written here from our own text (tests/formats/fixtures.ts): a PDF with a
// text layer, running headers, footers, page numbers and hyphenated line ends; a saved news page with the
// clutter of a real site; a Word document with headings and footnotes; WebVTT and SRT captions; ClaimReview
// JSON-LD. And the bad ones: damaged, encrypted, oversized, ZIP bombs, a page of scripts, malformed captions.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as F from './fixtures';
import { extract, formatOf, limitsFor, placeAt, type Extracted } from '../../server/src/corpus/formats';
import { readCorpusFile, makeMatcher } from '../../server/src/corpus/files';
import { MemoryIndex, TermMap, Tokenizer } from '../../server/src/corpus/index';
import { readSnapshot, writeSnapshot } from '../../server/src/corpus/persist';
import { corpusFilter, defaultSettings } from '../../server/src/settings';
import { formatTime, passageAnchor, passageWhere, ratingNote } from '../../server/src/corpus/where';
import { citationEdits } from '../../server/src/engine/citation';

const L = limitsFor(2_000_000);

const REPORT = [
  'The harbour commission found that freight volumes at Tallyford rose 18 percent in 2024, the largest annual increase since the port reopened in 1998.',
  'Commissioners attributed the growth to the new container terminal and to longer opening hours at the customs office, which now processes declarations overnight.',
  'Dredging of the northern channel will cost an estimated 42 million euros over four years, according to the commission’s engineering department.',
  'The commission recommends that the town council publish quarterly figures on ship arrivals, cargo tonnage and the environmental monitoring of the estuary.',
];

function ok(r: Extracted): { text: string; map: NonNullable<Extract<Extracted, { text: string }>['map']> } {
  assert.ok(!('skip' in r), 'skip' in r ? r.skip : '');
  return r as never;
}

function skipped(r: Extracted, re: RegExp): void {
  assert.ok('skip' in r, 'expected the file to be skipped');
  assert.match(r.skip, re);
}

describe('formats: which reader reads a file', function () {
  it('by extension, text formats left to the text reader', function () {
    assert.equal(formatOf('a/Report.PDF'), 'pdf');
    assert.equal(formatOf('page.htm'), 'html');
    assert.equal(formatOf('memo.docx'), 'docx');
    assert.equal(formatOf('speech.vtt'), 'vtt');
    assert.equal(formatOf('speech.srt'), 'srt');
    assert.equal(formatOf('review.jsonld'), 'claimreview');
    assert.equal(formatOf('notes.md'), null);
    assert.equal(formatOf('notes.txt'), null);
  });
  it('the default corpus includes every format, and a setting turns each off', function () {
    const s = defaultSettings();
    const all = makeMatcher(corpusFilter(s));
    for (const f of ['a.pdf', 'b.html', 'c.docx', 'd.vtt', 'e.srt', 'f.jsonld', 'g.json', 'h.md', 'i.txt']) assert.ok(all(f), f);
    const off = makeMatcher(corpusFilter({ ...s, 'corpus.formats.pdf': false, 'corpus.formats.captions': false }));
    assert.ok(!off('a.pdf') && !off('d.vtt') && !off('e.srt'));
    assert.ok(off('b.html') && off('c.docx') && off('h.md'));
  });
});

describe('formats: PDF', function () {
  it('reads the text layer in reading order, without running headers, footers, page numbers or line-end hyphens; each passage knows its page', async function () {
    const pdf = await F.makePdf([{ paragraphs: REPORT.slice(0, 2) }, { paragraphs: REPORT.slice(2, 3) }, { paragraphs: REPORT.slice(3) }], {
      header: 'Tallyford Harbour Commission - Annual Review 2024',
      footer: 'Published by the Tallyford Harbour Commission',
      pageNumbers: true,
    });
    const { text, map } = ok(await extract('review.pdf', pdf, L));
    assert.doesNotMatch(text, /Annual Review 2024|Published by the|Page \d of 3/);
    for (const p of REPORT) assert.ok(text.includes(p), `kept whole, hyphens undone: ${p}`);
    // Reading order, one paragraph each.
    assert.deepEqual(text.split('\n\n'), REPORT);
    assert.equal(placeAt(map, text.indexOf('Dredging')).page, 2);
    assert.equal(placeAt(map, text.indexOf('The commission recommends')).page, 3);
    assert.equal(placeAt(map, 0).page, 1);
  });

  it('a PDF whose lines were hyphenated: the words are whole again', async function () {
    const long = 'Extraordinarily comprehensive environmental assessments accompanied the commissioners’ recommendations concerning infrastructure modernisation, decommissioning responsibilities and intergovernmental coordination arrangements.';
    const pdf = await F.makePdf([{ paragraphs: [long] }]);
    const { text } = ok(await extract('h.pdf', pdf, L));
    assert.equal(text, long);
  });

  it('skips an encrypted PDF, a damaged one, one that is not a PDF, and one without a text layer, saying why', async function () {
    skipped(await extract('enc.pdf', F.makeEncryptedPdf(), L), /^encrypted PDF/);
    const good = await F.makePdf([{ paragraphs: REPORT }]);
    skipped(await extract('cut.pdf', good.subarray(0, 300), L), /^damaged PDF/);
    skipped(await extract('fake.pdf', Buffer.from('<html>not a pdf</html>'), L), /^damaged PDF \(no %PDF header\)/);
    skipped(await extract('garbage.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5000, 0x41)]), L), /^damaged PDF|without a text layer/);
    const blank = await F.makePdf([{ paragraphs: [] }, { paragraphs: [] }]);
    skipped(await extract('scan.pdf', blank, L), /without a text layer/);
  });

  it('holds the extracted text and the number of pages to their limits', async function () {
    const pdf = await F.makePdf([{ paragraphs: REPORT }, { paragraphs: REPORT }]);
    skipped(await extract('big.pdf', pdf, { ...L, maxText: 300 }), /over the limit of 300 characters/);
    skipped(await extract('long.pdf', pdf, { ...L, maxPages: 1 }), /PDF of 2 pages, over the limit of 1/);
  });
});

const ARTICLE = [
  'Tallyford’s harbour commission said on Monday that freight volumes rose 18 percent in 2024, the largest annual increase since the port reopened in 1998.',
  'The commission credited the new container terminal, which opened in March, and longer hours at the customs office.',
  '“We expected growth, but not this much,” said Mira Hollis, who chairs the commission.',
];

describe('formats: saved web pages', function () {
  it('keeps the headline, the date and the article, and none of the clutter; each paragraph maps to its line in the file', async function () {
    const html = F.makeHtmlPage({ headline: 'Tallyford port freight hits record', date: '2025-01-20', paragraphs: ARTICLE });
    const { text, map } = ok(await extractHtml(html));
    const paras = text.split('\n\n');
    assert.equal(paras[0], 'Tallyford port freight hits record.');
    assert.equal(paras[1], 'Published 2025-01-20.');
    assert.deepEqual(paras.slice(2), ARTICLE);
    for (const clutter of ['cookies', 'Advertisement', 'Share on', 'Related stories', 'markets fall', 'newsletter', 'Leave a reply', 'Comments are moderated', 'All rights reserved', 'World', 'Injected by script', 'tracking pixel', 'Accept all', 'By Staff Reporter']) {
      assert.ok(!text.includes(clutter), `no "${clutter}"`);
    }
    const lines = html.split('\n');
    for (const p of ARTICLE) {
      const at = text.indexOf(p);
      const line = placeAt(map, at).line!;
      assert.ok(lines[line]!.includes(p.slice(0, 20).replace('’', '’')), `line ${line} holds "${p.slice(0, 20)}"`);
    }
  });

  it('skips a page of scripts', async function () {
    skipped(await extractHtml(F.makeScriptPage()), /no article text/);
    skipped(await extractHtml('<html><body><nav><a href="/">Home</a></nav></body></html>'), /no article text/);
  });

  it('turns the ClaimReview JSON-LD of a fact-check page into rated claims', async function () {
    const review = F.claimReviewLd({ claim: 'Tallyford port traffic fell by half in 2024', rating: 'False', publisher: 'Example Check', date: '2025-02-03', url: 'https://check.example/tallyford' });
    const html = F.makeHtmlPage({ headline: 'Did Tallyford port traffic fall by half?', date: '2025-02-03', paragraphs: ARTICLE, jsonLd: [review] });
    const { text, map } = ok(await extractHtml(html));
    const at = text.indexOf('Tallyford port traffic fell by half in 2024.');
    assert.ok(at > 0);
    assert.deepEqual(placeAt(map, at).rating, { value: 'False', publisher: 'Example Check', date: '2025-02-03', url: 'https://check.example/tallyford' });
    assert.equal(placeAt(map, text.indexOf(ARTICLE[0]!)).rating, undefined);
  });
});

function extractHtml(html: string): Promise<Extracted> {
  return extract('page.html', Buffer.from(html), L);
}

describe('formats: Word documents', function () {
  it('reads paragraphs, headings and footnotes (without the markers)', async function () {
    const docx = F.makeDocx([{ heading: 1, text: 'Harbour memo' }, { text: REPORT[0]!, footnote: 'Commission freight statistics, table 4.' }, { heading: 2, text: 'Dredging' }, { text: REPORT[2]! }]);
    const { text } = ok(await extract('memo.docx', docx, L));
    assert.deepEqual(text.split('\n\n'), ['Harbour memo', REPORT[0], 'Dredging', REPORT[2], 'Commission freight statistics, table 4.']);
  });

  it('refuses a ZIP bomb before inflating it: an entry that unpacks to more than it declares, entries that declare gigabytes, more than the limit', async function () {
    const zeros = new Uint8Array(20_000_000); // deflates to ~20 KB
    const lying = F.patchZipSize(F.makeDocx([{ text: REPORT[0]! }], { 'word/bomb.xml': zeros }), 'word/bomb.xml', 1000);
    skipped(await extract('lying.docx', lying, L), /unpacks to more than it declares/);
    const claims = F.patchZipSize(F.makeDocx([{ text: REPORT[0]! }]), 'word/document.xml', 0xfff00000);
    skipped(await extract('claims.docx', claims, L), /unpacks to more than \d+ bytes/);
    const big = F.makeDocx([{ text: REPORT[0]! }], { 'word/media/padding.xml': zeros });
    skipped(await extract('big.docx', big, { ...L, maxInflated: 5_000_000 }), /unpacks to more than 5000000 bytes/);
  });

  it('skips a damaged DOCX and a ZIP that is not a Word document', async function () {
    const docx = F.makeDocx([{ text: REPORT[0]! }]);
    skipped(await extract('cut.docx', docx.subarray(0, docx.length - 30), L), /damaged DOCX/);
    skipped(await extract('text.docx', Buffer.from('just text'), L), /damaged DOCX/);
    const { zipSync, strToU8 } = await import('fflate');
    skipped(await extract('other.docx', zipSync({ 'a.txt': strToU8('hello') }), L), /not a Word document/);
  });
});

const SPEECH =
  'Thank you all for coming. Freight through Tallyford rose 18 percent last year, the largest increase since the port reopened. We will dredge the northern channel over the next four years. The work will cost about 42 million euros.';

describe('formats: captions', function () {
  it('WebVTT: captions joined into sentences across cues; each passage knows its start time and its line', async function () {
    const vtt = F.makeVtt(F.captionsOf(SPEECH, 6, 724));
    const { text, map } = ok(await extract('speech.vtt', Buffer.from(vtt), L));
    assert.equal(text, SPEECH);
    const at = text.indexOf('We will dredge');
    const place = placeAt(map, at);
    // The cue holding "We will dredge" starts at 12:04 + 3 s per earlier cue.
    const cueIndex = Math.floor(SPEECH.slice(0, at).split(' ').length / 6);
    assert.equal(place.time, 724 + 3 * cueIndex);
    const lines = vtt.split('\n');
    assert.ok(lines[place.line!]!.includes(SPEECH.split(' ').slice(cueIndex * 6, cueIndex * 6 + 6).join(' ')));
  });

  it('WebVTT voices start a speaker turn; tags and entities are removed', async function () {
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Mira Hollis>Freight rose <b>18 percent</b> &amp; more\n\n00:00:03.000 --> 00:00:05.000\n<v Mira Hollis>than we expected.\n\n00:00:05.000 --> 00:00:07.000\n<v Reporter>Will the channel be dredged?\n';
    const { text } = ok(await extract('q.vtt', Buffer.from(vtt), L));
    assert.equal(text, 'Mira Hollis: Freight rose 18 percent & more than we expected.\n\nReporter: Will the channel be dredged?');
  });

  it('SRT with CRLF: times and lines', async function () {
    const srt = F.makeSrt(F.captionsOf(SPEECH, 5, 0));
    const { text, map } = ok(await extract('speech.srt', Buffer.from(srt), L));
    assert.equal(text, SPEECH);
    const place = placeAt(map, text.indexOf('The work will'));
    assert.ok(place.time! > 0);
    assert.ok(srt.split('\r\n')[place.line!]!.length > 0);
  });

  it('skips malformed captions and a .vtt without its header', async function () {
    skipped(await extract('bad.vtt', Buffer.from('WEBVTT\n\nnot a timing\nwords\n\n99:xx --> yy\nmore words\n'), L), /no readable WebVTT cue/);
    skipped(await extract('nohead.vtt', Buffer.from('00:00:01.000 --> 00:00:02.000\nHello there.\n'), L), /no WEBVTT header/);
    skipped(await extract('bin.srt', Buffer.from([0, 1, 2, 3, 0, 0, 0]), L), /binary content/);
  });
});

describe('formats: ClaimReview records', function () {
  it('each reviewed claim is a passage with its rating (value, publisher, date, address)', async function () {
    const doc = { '@context': 'https://schema.org', '@graph': [F.claimReviewLd({ claim: 'Tallyford port traffic fell by half in 2024', rating: 'False', publisher: 'Example Check', date: '2025-02-03', url: 'https://check.example/a' }), F.claimReviewLd({ claim: 'The channel was last dredged in 1998.', rating: 'Mostly true', publisher: 'Other Check', date: '2024-11-30T10:00:00Z', url: 'https://other.example/b' })] };
    const { text, map } = ok(await extract('reviews.jsonld', Buffer.from(JSON.stringify(doc, null, 2)), L));
    assert.equal(text, 'Tallyford port traffic fell by half in 2024.\n\nThe channel was last dredged in 1998.');
    assert.deepEqual(placeAt(map, 0).rating, { value: 'False', publisher: 'Example Check', date: '2025-02-03', url: 'https://check.example/a' });
    assert.deepEqual(placeAt(map, text.indexOf('The channel')).rating, { value: 'Mostly true', publisher: 'Other Check', date: '2024-11-30', url: 'https://other.example/b' });
  });
  it('a JSON file without a ClaimReview adds nothing; invalid JSON is skipped', async function () {
    assert.equal(ok(await extract('tsconfig.json', Buffer.from('{"compilerOptions": {}}'), L)).text, '');
    assert.equal(ok(await extract('tsconfig.json', Buffer.from('{\n  // comments: JSONC, not JSON\n  "compilerOptions": {}\n}'), L)).text, '', 'not reported');
    skipped(await extract('broken.json', Buffer.from('{"@type": "ClaimReview", '), L), /not valid JSON/);
  });
});

describe('formats: in the index, on disk and through the file reader', function () {
  let dir: string;
  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), 'corroborate-formats-'));
    writeFileSync(path.join(dir, 'review.pdf'), await F.makePdf([{ paragraphs: REPORT.slice(0, 2) }, { paragraphs: REPORT.slice(2) }], { header: 'Harbour Commission', pageNumbers: true }));
    writeFileSync(path.join(dir, 'speech.vtt'), F.makeVtt(F.captionsOf(SPEECH, 6, 724)));
    writeFileSync(path.join(dir, 'check.jsonld'), JSON.stringify(F.claimReviewLd({ claim: 'Tallyford port traffic fell by half in 2024', rating: 'False', publisher: 'Example Check', date: '2025-02-03', url: 'https://check.example/a' })));
    writeFileSync(path.join(dir, 'locked.pdf'), F.makeEncryptedPdf());
  });

  it('readCorpusFile extracts, skips with a reason, and holds files to maxSourceFileSize', async function () {
    const r = await readCorpusFile(path.join(dir, 'review.pdf'), { maxFileSize: 2_000_000, maxSourceFileSize: 50_000_000 });
    assert.ok(r.ok && r.map?.format === 'pdf');
    const bad = await readCorpusFile(path.join(dir, 'locked.pdf'), { maxFileSize: 2_000_000, maxSourceFileSize: 50_000_000 });
    assert.deepEqual(bad, { ok: false, reason: 'encrypted PDF (it needs a password)' });
    const big = await readCorpusFile(path.join(dir, 'review.pdf'), { maxFileSize: 2_000_000, maxSourceFileSize: 100 });
    assert.ok(!big.ok && big.tooLarge && /over the limit of 100 \(setting corroborate\.maxSourceFileSize\)/.test(big.reason));
  });

  it('passages carry page, time and rating, by upsert and by the reading threads\' batches alike, and after a round trip to disk', async function () {
    const files = ['review.pdf', 'speech.vtt', 'check.jsonld'];
    const read: Array<Awaited<ReturnType<typeof readCorpusFile>> & { ok: true }> = [];
    for (const f of files) {
      const r = await readCorpusFile(path.join(dir, f), { maxFileSize: 2_000_000, maxSourceFileSize: 50_000_000 });
      assert.ok(r.ok);
      if (r.ok) read.push(r);
    }
    const a = new MemoryIndex();
    files.forEach((f, i) => a.upsert(f, read[i]!.text, read[i]!.map));
    const b = new MemoryIndex();
    const tok = new Tokenizer();
    files.forEach((f, i) => tok.add(f, read[i]!.text, read[i]!.map ?? null));
    b.addBatch(tok.take(), new TermMap());
    const opts = { top: 3, perDocument: true };
    for (const index of [a, b]) {
      const pdf = index.search('Dredging of the northern channel will cost an estimated 42 million euros over four years, according to the engineering department', opts)[0]!;
      assert.equal(pdf.path, 'review.pdf');
      assert.equal(pdf.page, 2);
      assert.equal(pdf.format, 'pdf');
      const vtt = index.search('we will dredge the northern channel over the next four years', { ...opts, exclude: 'review.pdf' })[0]!;
      assert.equal(vtt.path, 'speech.vtt');
      assert.equal(typeof vtt.time, 'number');
      assert.ok(vtt.time! >= 724);
      const cr = index.search('port traffic fell by half in 2024', opts).find((p) => p.path === 'check.jsonld')!;
      assert.deepEqual(cr.rating, { value: 'False', publisher: 'Example Check', date: '2025-02-03', url: 'https://check.example/a' });
    }
    const snap = path.join(dir, 'snap', 'index-0123456789abcdef.bin');
    await writeSnapshot(snap, a, new Map());
    const c = new MemoryIndex();
    assert.equal(typeof (await readSnapshot(snap, c)), 'object');
    assert.deepEqual(c.search('dredging the northern channel will cost 42 million euros', opts), a.search('dredging the northern channel will cost 42 million euros', opts));
  });
});

describe('formats: how a passage names its place', function () {
  it('a page, a time, a line; a rating', function () {
    assert.equal(formatTime(724), '12:04');
    assert.equal(formatTime(3723.9), '1:02:03');
    assert.equal(passageWhere({ path: 'file:///ws/report.pdf', line: 7, page: 3 }), 'report.pdf, page 3');
    assert.equal(passageWhere({ path: 'file:///ws/speech.vtt', line: 11, time: 724 }), 'speech.vtt:12 (12:04)');
    assert.equal(passageWhere({ path: 'notes/a%20b.md', line: 0 }), 'a b.md:1');
    assert.equal(passageAnchor({ line: 7, page: 3 }), '#page=3');
    assert.equal(passageAnchor({ line: 7 }), '#L8');
    assert.equal(ratingNote({ value: 'False', publisher: 'Example Check', date: '2024-03-02', url: 'https://x.example' }), 'Rated False by Example Check, 2024-03-02');
    assert.equal(ratingNote({ value: 'Mostly true', publisher: '', date: '', url: '' }), 'Rated Mostly true');
  });

  it('the Cite fix cites a PDF by its page, a transcript by its line with its time', function () {
    const text = 'Dredging will cost 42 million euros.\n';
    const pdf = citationEdits(text, 36, { target: 'sources/report.pdf', line: 8, label: 'report.pdf', page: 3 }, 'footnote');
    assert.equal(pdf[1]!.newText, '\n[^1]: [report.pdf, page 3](sources/report.pdf#page=3)\n');
    assert.deepEqual(citationEdits(text, 36, { target: 'report.pdf', line: 8, label: 'report.pdf', page: 3 }, 'inline'), [{ start: 36, end: 36, newText: ' [source: report.pdf#page=3]' }]);
    const vtt = citationEdits(text, 36, { target: 'speech.vtt', line: 12, label: 'speech.vtt', time: 724 }, 'footnote');
    assert.equal(vtt[1]!.newText, '\n[^1]: [speech.vtt:12 (12:04)](speech.vtt#L12)\n');
  });
});

describe('formats: damaged and mis-encoded files', function () {
  it('a PDF cut short is skipped even when its first pages could be read; a PDF with most pages damaged too', async function () {
    const pdf = Buffer.from(await F.makePdf([{ paragraphs: REPORT }, { paragraphs: REPORT }, { paragraphs: REPORT }]));
    skipped(await extract('cut.pdf', pdf.subarray(0, Math.floor(pdf.length * 0.7)), L), /damaged PDF \(truncated/);
    // Every page's content stream overwritten with junk (the structure intact).
    const s = pdf.toString('latin1').replace(/stream\r?\n([\s\S]*?)endstream/g, (_m, body: string) => `stream\n${'\u00ff'.repeat(body.length - 1)}\nendstream`);
    const r = await extract('junk.pdf', Buffer.from(s, 'latin1'), L);
    assert.ok('skip' in r && /damaged PDF|without a text layer/.test(r.skip), JSON.stringify(r).slice(0, 200));
  });
  it('a web page in Windows-1252 (declared or not) reads its accents', async function () {
    const html = `<html><head><meta charset="windows-1252"><title>Caf\u00e9</title></head><body><article><h1>Caf\u00e9 owners protest</h1><p>Owners of the caf\u00e9s on the quay said the new fees, which rise by 40 percent next year, would force half of them to close before the summer season.</p></article></body></html>`;
    const { text } = ok(await extract('latin.html', Buffer.from(html, 'latin1'), L));
    assert.match(text, /caf\u00e9s on the quay/);
  });
});
