// Hostile files through the language server: a workspace of them is indexed (binary and oversized files
// skipped, each reported once with its reason), each is opened and edited as a buffer, and every answer
// (diagnostics, hovers, code actions) arrives, with ranges inside the document.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { TestClient } from '../lsp/client';
import { bounded, Slowest } from './bounded';
import { hostile, HOSTILE_KINDS, prng, prose } from './hostile';
import { assertInertMarkdown, checkRanges, lspLines } from './invariants';

const SIZE = 64 * 1024;
const BOUND_MS = 60_000;

describe('robustness: hostile files through the language server', function () {
  this.timeout(180_000);
  let dir: string;
  let client: TestClient;
  const slowest = new Slowest();
  const files: Array<{ name: string; abs: string; text: boolean; bytes: Buffer }> = [];

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), 'corroborate-hostile-'));
    for (const k of HOSTILE_KINDS) {
      const h = hostile(k, k === 'long-token' ? 1 : SIZE);
      const abs = path.join(dir, `${k}.txt`);
      writeFileSync(abs, h.bytes);
      files.push({ name: k, abs, text: h.text, bytes: h.bytes });
    }
    // A 10 MB article (over the default limit of 2,000,000 bytes) and a 1 MB single line (under it).
    writeFileSync(path.join(dir, 'ten-megabytes.txt'), prose(10 * 1024 * 1024, 5));
    const line = prose(1024 * 1024, 6).replace(/\n+/g, ' ');
    writeFileSync(path.join(dir, 'one-line.txt'), line);
    files.push({ name: 'one-line', abs: path.join(dir, 'one-line.txt'), text: true, bytes: Buffer.from(line) });
    client = new TestClient({ pull: true, rootUri: URI.file(dir).toString() });
    await bounded(client.initialize(), BOUND_MS, 'initialize (indexing the hostile workspace)');
  });

  after(async function () {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
    console.log(`      hostile files (LSP): ${files.length + 1} files, ${slowest.count} answers, slowest ${Math.round(slowest.ms)} ms (${slowest.what})`);
  });

  it('indexes the workspace, skipping the binary and the oversized file with their reasons, once each', function () {
    const skipped = client.logs.filter((l) => l.startsWith('Skipped '));
    const binary = skipped.filter((l) => l.includes('binary.txt'));
    assert.equal(binary.length, 1, skipped.join('\n'));
    assert.match(binary[0]!, /binary/);
    const big = skipped.filter((l) => l.includes('ten-megabytes.txt'));
    assert.equal(big.length, 1, skipped.join('\n'));
    assert.match(big[0]!, /corroborate\.maxFileSize/);
    // Nothing else is skipped: every other hostile file is text.
    assert.equal(skipped.length, 2, skipped.join('\n'));
    assert.doesNotMatch(client.stderr, /uncaught|unhandled/i);
  });

  for (const kind of [...HOSTILE_KINDS, 'one-line']) {
    it(`${kind}: opened, edited and analysed; every answer arrives with ranges inside the document`, async function () {
      const f = files.find((x) => x.name === kind)!;
      const uri = URI.file(f.abs).toString();
      // An editor shows any bytes as text (binary included); the server must cope with whatever it is sent.
      const text = f.text ? new TextDecoder().decode(f.bytes) : f.bytes.toString('latin1');
      let doc = client.open(uri, 'plaintext', text);
      const r = prng(kind.length);
      for (let round = 0; round < 3; round++) {
        const diags: any[] = await bounded(client.diagnosticsOf(uri), BOUND_MS, `diagnostics of ${kind}`, slowest);
        checkRanges(kind, lspLines(doc.getText()), diags);
        const positions = [...diags.slice(0, 3).map((d) => d.range.start), doc.positionAt(Math.floor(r() * doc.getText().length)), doc.positionAt(doc.getText().length)];
        for (const p of positions) {
          const h = await bounded(client.hover(uri, p), BOUND_MS, `hover in ${kind}`, slowest);
          if (h) assertInertMarkdown(kind, h.contents.value);
        }
        for (const d of diags.slice(0, 3)) {
          const actions = await bounded(client.codeActions(uri, d.range, [d]), BOUND_MS, `code actions in ${kind}`, slowest);
          for (const a of actions) assert.equal(a.edit?.documentChanges?.[0]?.textDocument.version ?? doc.version, doc.version);
        }
        // An edit in the middle (quotation marks and an emoji) and one at the end.
        const mid = doc.positionAt(Math.floor(doc.getText().length / 2));
        const end = doc.positionAt(doc.getText().length);
        doc = client.edit(uri, [
          { range: { start: mid, end: mid }, newText: ' “Quoted 🎉,” said Elena Varga. ' },
          { range: { start: end, end }, newText: '\r\nThe council spent 3 million euros in 2021.' },
        ]);
        const s: any = await bounded(client.conn.sendRequest('corroborate/_documentText', { uri }), BOUND_MS, 'document text', slowest);
        assert.equal(s.text, doc.getText(), 'the server holds the same text');
      }
      client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
      client.docs.delete(uri);
      assert.doesNotMatch(client.stderr, /uncaught|unhandled/i);
    });
  }

  it('a 10 MB buffer is not analysed, and says so once, naming the setting', async function () {
    const abs = path.join(dir, 'ten-megabytes.txt');
    const uri = URI.file(abs).toString();
    const text = prose(10 * 1024 * 1024, 5);
    let doc = client.open(uri, 'plaintext', text);
    for (let i = 0; i < 3; i++) {
      const diags = await bounded(client.diagnosticsOf(uri), BOUND_MS, 'diagnostics of the 10 MB buffer', slowest);
      assert.deepEqual(diags, []);
      assert.equal(await bounded(client.hover(uri, { line: 0, character: 1 }), BOUND_MS, 'hover in the 10 MB buffer', slowest), null);
      const end = doc.positionAt(doc.getText().length);
      doc = client.edit(uri, [{ range: { start: end, end }, newText: ' more text' }]);
    }
    const about = client.messages.filter((m) => m.includes('ten-megabytes.txt'));
    assert.equal(about.length, 1, about.join('\n'));
    assert.match(about[0]!, /corroborate\.maxFileSize/);
    // The log names it once for the file on disk and once for the open buffer, never once per edit.
    const logged = client.logs.filter((l) => l.includes('ten-megabytes.txt') && l.includes('maxFileSize'));
    assert.ok(logged.length <= 2, logged.join('\n'));
  });
});

describe('robustness: untrusted text through the language server', function () {
  this.timeout(60_000);
  let dir: string;
  let client: TestClient;
  const A = '“We rebuilt the rudder in four days and tested it before every crossing,” said captain Zoë Marchetti.\n\nThe Tallyford ferry reopened after twelve days out of service once its rudder was replaced.\n';
  // Sources whose text and file names carry payloads: Markdown links to commands and javascript:, HTML.
  const SOURCES: Record<string, string> = {
    'hostile-markup.txt':
      'The Tallyford ferry reopened after 12 days out of service once its rudder was replaced, and the timetable is [here](command:workbench.action.terminal.new) for anyone.\n\n' +
      '“We rebuilt the rudder <img src=x onerror=alert(1)> in four days and tested it before every sailing,” said [Lotte Brand](javascript:alert(1)).\n',
    'x)[y](command:workbench.action.terminal.new).txt': 'The Tallyford ferry reopened after 12 days out of service once its rudder was replaced <script>alert(1)</script>.\n',
    '[z](javascript:alert(1)).md': 'The Tallyford ferry [reopened](command:x) after twelve days out of service once its **rudder** was replaced.\n',
  };

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), 'corroborate-markup-'));
    for (const [name, text] of Object.entries(SOURCES)) writeFileSync(path.join(dir, name), text);
    client = new TestClient({ pull: true, rootUri: URI.file(dir).toString() });
    await client.initialize();
  });
  after(async function () {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [file, languageId] of [['draft.txt', 'plaintext'], ['draft.md', 'markdown']]) it(`hovers, messages, related information and code-action titles show other documents as inert text (${languageId})`, async function () {
    const uri = URI.file(path.join(dir, file)).toString();
    const doc = client.open(uri, languageId, A);
    const diags: any[] = await client.diagnosticsOf(uri);
    const related = diags.flatMap((d) => d.relatedInformation ?? []);
    assert.ok(related.some((r: any) => r.location.uri.includes('hostile-markup')), JSON.stringify(diags.map((d) => [d.code, d.message])));
    assert.ok(related.some((r: any) => r.location.uri.includes('command')), 'the file whose name carries a link is a passage');
    let hovers = 0;
    for (const d of diags) {
      // Plain-text surfaces: one line, no control or bidi-override characters.
      for (const m of [d.message, ...(d.relatedInformation ?? []).map((r: any) => r.message)]) {
        assert.doesNotMatch(m, /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/, m);
        assert.ok(m.length <= 400, 'messages are bounded');
      }
      const h = await client.hover(uri, d.range.start);
      assert.ok(h, `hover on ${d.code}`);
      hovers++;
      assertInertMarkdown(`hover on ${d.code}`, h.contents.value);
      assert.ok(!('isTrusted' in h.contents), 'hover content is never marked trusted');
      const actions: any[] = await client.codeActions(uri, d.range, [d]);
      for (const a of actions) {
        assert.doesNotMatch(a.title, /[\u0000-\u001f\u202a-\u202e]/);
        if (a.command) assert.equal(a.command.command, 'corroborate.markChecked', 'the only command is our own');
        for (const change of a.edit?.documentChanges ?? []) {
          assert.equal(change.textDocument.uri, uri, 'edits only touch the document itself');
          for (const e of change.edits) {
            // The citation names the source by a path whose special characters are encoded: no link of its own.
            assert.doesNotMatch(e.newText, /(?<!\\)\]\(\s*(?:command|javascript):|<img|<script/i, e.newText);
            for (const link of e.newText.match(/(?<!\\)\]\([^)]*\)/g) ?? []) assert.match(link, /^\]\([^\s()[\]]+#L\d+\)$/, link);
            for (const marker of e.newText.match(/\[source: [^\]]*\]/g) ?? []) assert.match(marker, /^\[source: [^\s()[\]]+#L\d+\]$/, marker);
          }
        }
      }
    }
    assert.ok(hovers >= 2);
    void doc;
  });
});
