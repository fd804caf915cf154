// Hostile files through the engine (decoding, analysis, corpus, corroboration): each is analysed or
// skipped with a reason, never a crash, and every offset it reports points into the text as read.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MemoryIndex } from '../../server/src/corpus/index';
import { CachedCorpus } from '../../server/src/corpus/cache';
import { corroborate } from '../../server/src/corpus/corroborate';
import { decodeText } from '../../server/src/corpus/files';
import { analyze } from '../../server/src/engine/analyze';
import { LineMap } from '../../server/src/engine/segment';
import { defaultSettings } from '../../server/src/settings';
import { renderHover } from '../../server/src/lsp/hover';
import { plain } from '../../server/src/lsp/markdown';
import { hostile, HOSTILE_KINDS, prose } from './hostile';
import { assertInertMarkdown, checkReport } from './invariants';

const SIZE = 96 * 1024;
const FIX = path.resolve(__dirname, '..', 'fixtures');

describe('robustness: hostile files through the engine', function () {
  this.timeout(120_000);
  const settings = defaultSettings();
  const index = new CachedCorpus(new MemoryIndex());
  for (const f of ['corroboration/a.txt', 'corroboration/b.txt', 'corroboration/c.txt', 'hostile-markup.txt']) index.upsert(`file:///fixtures/${f}`, readFileSync(path.join(FIX, f), 'utf8'));
  index.upsert('file:///corpus/prose.txt', prose(64 * 1024, 3));
  const inputs = HOSTILE_KINDS.map((k) => hostile(k, k === 'long-token' ? 8 * 200_000 : SIZE));
  // Every hostile input is in the corpus too: searches run against them as well.
  before(function () {
    for (const h of inputs) {
      const d = decodeText(h.bytes);
      if (d.ok) index.upsert(`file:///corpus/${h.name}.txt`, d.text);
    }
  });

  for (const kind of HOSTILE_KINDS) {
    it(`${kind}: analysed with consistent offsets, or skipped with a reason`, function () {
      const h = inputs.find((x) => x.name === kind)!;
      const d = decodeText(h.bytes);
      if (!h.text) {
        assert.equal(d.ok, false, `${h.what} must be skipped`);
        assert.match((d as { reason: string }).reason, /binary/);
        // Even if such bytes reach the engine (an editor buffer of any content), it must cope.
        const junk = h.bytes.toString('latin1');
        checkReport(kind, junk, 'file:///me', corroborate(junk, 'file:///me', index, settings));
        return;
      }
      assert.ok(d.ok, `${h.what}: decoded (${!d.ok && d.reason})`);
      const text = d.text;
      if (kind === 'invalid-utf8') assert.ok(text.includes('\uFFFD'), 'bad bytes become U+FFFD, one for one, so offsets stay consistent');
      if (kind === 'crlf-bom') assert.equal(text.charCodeAt(0), 0xfeff, 'the BOM is kept so that offsets match the file');
      const analysis = analyze(text);
      const report = corroborate(text, `file:///corpus/${kind}.txt`, index, settings, analysis);
      checkReport(kind, text, `file:///corpus/${kind}.txt`, report);
      if (kind === 'empty') assert.equal(report.findings.length, 0);
      if (kind === 'prose' || kind === 'crlf-bom' || kind === 'single-line' || kind === 'emoji') {
        assert.ok(report.findings.some((f) => f.code === 'quote'), `${kind}: quotes are still found`);
        assert.ok(report.claims.length > 0, `${kind}: claims are still found`);
      }
      if (kind === 'crlf-bom') {
        // No sentence or finding starts on the BOM or ends with a \r.
        for (const s of analysis.sentences) assert.ok(s.start > 0 && !s.text.endsWith('\r'), JSON.stringify(s.text.slice(-5)));
      }
      // Positions through the line map are inside the text.
      const lines = new LineMap(text);
      for (const f of report.findings.slice(0, 500)) {
        const p = lines.position(f.end);
        assert.ok(p.line < lines.lineCount && p.character >= 0);
      }
      // What a user would see: inert hovers and plain one-line messages.
      assertInertMarkdown(kind, renderHover(report.findings.slice(0, 200)));
      for (const f of report.findings.slice(0, 200)) assert.doesNotMatch(plain(f.message, 300), /[\u0000-\u001f\u202a-\u202e]/);
    });
  }

  it('a 200,000-character token, alone on its line, is neither a word nor a crash', function () {
    for (const token of ['x'.repeat(200_000), 'Ab'.repeat(100_000), '1'.repeat(200_000), 'https://a.example/' + 'q'.repeat(200_000), 'a-'.repeat(100_000)]) {
      const r = corroborate(token, 'file:///me', index, settings);
      checkReport('long token', token, 'file:///me', r);
    }
  });

  it('nested and unbalanced quotation marks give well-formed quotes', function () {
    const text = '“A ‘b “c ‘d “e” d’ c” b’ a,” said Elena Varga. "Unclosed, said Tom Reyes.\n\n“Still open\n\n”Closed first“ and ««« »»» „„„ """ ”””.';
    const r = corroborate(text, 'file:///me', index, settings);
    checkReport('nested', text, 'file:///me', r);
    for (const q of r.analysis.quotes) assert.ok(q.end - q.start <= 4002, 'quotes are bounded');
  });
});

describe('robustness: links built from untrusted document names', function () {
  it('a passage whose URI carries Markdown or a command scheme never becomes a live link', function () {
    const passage = (p: string) => ({ path: p, start: 0, end: 10, line: 0, text: 'The ferry [reopened](command:x) <img src=x>.', score: 0.9, matched: ['ferri'] });
    const md = renderHover([
      {
        code: 'uncited-claim',
        start: 0,
        end: 10,
        text: 'x',
        message: 'm',
        score: 0.9,
        passages: [passage('file:///tmp/x)[y](command:workbench.action.terminal.new).txt'), passage('command:workbench.action.terminal.new'), passage('javascript:alert(1)'), passage('file:///tmp/a b<c>.txt')],
      },
    ]);
    assertInertMarkdown('hover', md);
  });
});
