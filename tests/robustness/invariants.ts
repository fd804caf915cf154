// Checks shared by the robustness suites: offsets inside the text, UTF-16 boundaries never inside a
// surrogate pair, ranges inside the document, and no live markup in anything shown to the user.
import assert from 'node:assert/strict';
import type { DocumentReport } from '../../server/src/corpus/corroborate';

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Whether offset `o` falls between the two halves of a surrogate pair. */
export function splitsSurrogate(text: string, o: number): boolean {
  return o > 0 && o < text.length && isHigh(text.charCodeAt(o - 1)) && isLow(text.charCodeAt(o));
}

function span(text: string, what: string, start: number, end: number): void {
  assert.ok(Number.isInteger(start) && Number.isInteger(end), `${what}: integer offsets (${start}, ${end})`);
  assert.ok(0 <= start && start <= end && end <= text.length, `${what}: ${start}..${end} inside 0..${text.length}`);
  assert.ok(!splitsSurrogate(text, start) && !splitsSurrogate(text, end), `${what}: ${start}..${end} splits a surrogate pair`);
}

/** Every offset of an engine report points into `text`, spans are consistent, findings are ordered. */
export function checkReport(name: string, text: string, docId: string, r: DocumentReport): void {
  for (const s of r.analysis.sentences) {
    span(text, `${name} sentence`, s.start, s.end);
    assert.equal(s.text, text.slice(s.start, s.end), `${name}: sentence text is its span`);
    assert.ok(s.score >= 0 && s.score <= 1 && !Number.isNaN(s.score), `${name}: score ${s.score} in [0, 1]`);
  }
  for (const q of r.analysis.quotes) {
    span(text, `${name} quote`, q.start, q.end);
    span(text, `${name} quote content`, q.contentStart, q.contentEnd);
    assert.equal(q.text, text.slice(q.contentStart, q.contentEnd), `${name}: quote text is its content span`);
    if (q.speakerMention) {
      span(text, `${name} speaker mention`, q.speakerMention.start, q.speakerMention.end);
      assert.equal(text.slice(q.speakerMention.start, q.speakerMention.end), q.speakerMention.text);
    }
  }
  let last = -1;
  for (const f of r.findings) {
    span(text, `${name} finding ${f.code}`, f.start, f.end);
    assert.ok(f.start >= last, `${name}: findings in document order`);
    last = f.start;
    assert.equal(typeof f.message, 'string');
    for (const p of f.passages) {
      assert.notEqual(p.path, docId, `${name}: a document never corroborates itself`);
      assert.ok(p.score >= 0 && p.score <= 1, `${name}: passage score in [0, 1]`);
    }
  }
}

export interface Pos {
  line: number;
  character: number;
}

/** Every diagnostic range lies inside the document (as `lines` are) and is well ordered. */
export function checkRanges(what: string, lines: string[], diagnostics: Array<{ range: { start: Pos; end: Pos } }>): void {
  const inside = (p: Pos) => Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line]!.length;
  for (const d of diagnostics) {
    const { start, end } = d.range;
    assert.ok(inside(start) && inside(end), `${what}: range ${JSON.stringify(d.range)} outside the document (${lines.length} lines)`);
    assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `${what}: range ${JSON.stringify(d.range)} ends before it starts`);
  }
}

/** Lines as LSP counts them (\n, \r\n and \r end a line). */
export function lspLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Markdown shown to the user carries no live link, image, HTML or command from the text. */
export function assertInertMarkdown(what: string, md: string): void {
  assert.doesNotMatch(md, /\]\(\s*command:/i, `${what}: command: link`);
  assert.doesNotMatch(md, /\]\(\s*javascript:/i, `${what}: javascript: link`);
  assert.doesNotMatch(md, /<\s*(?:img|script|a|iframe|svg|style|object|embed)\b/i, `${what}: live HTML`);
  // The only links are ours: file or untitled URIs with a line anchor.
  for (const link of md.match(/(?<!\\)\]\((?!\s*\))[^)]*\)/g) ?? []) assert.match(link, /^\]\((?:file|untitled):[^\s()]*#L\d+\)$/, `${what}: unexpected link ${link}`);
}
