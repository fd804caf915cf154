// The language server on a workspace of sources in every format (read on its reading threads): diagnostics'
// related information, hovers and the Cite quick fix name a PDF passage by its page (report.pdf#page=2), a
// transcript passage by its line and time, a fact-check by its rating; bad files are skipped with one message
// each; a PDF changed on disk is read again off the main thread. Every wait is on a server event.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { TestClient } from '../lsp/client';
import { DRAFT, makePdf, makeWorkspace } from './fixtures';

describe('language server: sources in PDF, HTML, DOCX, WebVTT, SRT and ClaimReview', function () {
  let dir: string;
  let client: TestClient;
  let uri: string;
  let diags: any[];
  const doc = () => client.docs.get(uri)!;
  const find = (start: string) => diags.find((d) => doc().getText(d.range).startsWith(start));

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), 'corroborate-formats-lsp-'));
    await makeWorkspace(dir);
    client = new TestClient({ pull: false, rootUri: URI.file(dir).toString() });
    await client.initialize();
    uri = URI.file(path.join(dir, 'draft.md')).toString();
    client.open(uri, 'markdown', DRAFT);
    diags = await client.diagnosticsOf(uri);
  });
  after(async function () {
    await client?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('skips each bad file with one message naming it', function () {
    for (const [file, why] of [
      ['locked.pdf', /encrypted PDF/],
      ['damaged.pdf', /damaged PDF/],
      ['bomb.docx', /ZIP bomb/],
      ['app.html', /no article text/],
      ['broken.vtt', /no readable WebVTT cue/],
    ] as const) {
      const logs = client.logs.filter((l) => l.startsWith('Skipped') && l.includes(file));
      assert.equal(logs.length, 1, `${file}: ${client.logs.join('\n')}`);
      assert.match(logs[0]!, why);
    }
  });

  it('related information names the PDF page, the caption time and the rating', function () {
    const dredging = find('Dredging');
    assert.equal(dredging?.code, 'uncited-claim', diags.map((d) => `${d.code}: ${doc().getText(d.range)}`).join('\n'));
    const rel = dredging.relatedInformation[0];
    assert.ok(rel.location.uri.endsWith('commission-review.pdf'));
    assert.deepEqual(rel.location.range.start, { line: 0, character: 0 });
    assert.match(rel.message, /in commission-review\.pdf, page 2 \(score/);
    assert.match(find('The ferry').relatedInformation[0].message, /ferry-briefing\.vtt:\d+ \(10:\d\d\)/);
    assert.match(find('The harbour shuttle').relatedInformation[0].message, /Rated False by Example Check, 2025-03-02/);
  });

  it('hovers link a PDF passage to its page, a caption to its line with its time, and show a rating with its link', async function () {
    // The Markdown as a reader sees it (escapes removed).
    const at = async (d: any) => ((await client.hover(uri, d.range.start)).contents.value as string).replace(/\\(.)/g, '$1');
    const pdf = await at(find('Dredging'));
    assert.match(pdf, /\[commission-review\.pdf, page 2\]\(file:\/\/\/[^)]*commission-review\.pdf#page=2\)/);
    const vtt = await at(find('The ferry'));
    assert.match(vtt, /\[ferry-briefing\.vtt:(\d+) \(10:\d\d\)\]\(file:\/\/\/[^)]*ferry-briefing\.vtt#L\1\)/);
    const review = await at(find('The harbour shuttle'));
    assert.match(review, /\*\*Rated False by Example Check, 2025-03-02\*\* \(\[review\]\(https:\/\/check\.example\/shuttle\)\)/);
  });

  it('the Cite quick fix cites a PDF by its page', async function () {
    const d = find('Dredging');
    const actions = await client.codeActions(uri, d.range, [d]);
    const cite = actions.find((a: any) => a.title.startsWith('Cite'));
    assert.equal(cite.title, 'Cite commission-review.pdf, page 2');
    const edits = cite.edit.documentChanges[0].edits.map((e: any) => e.newText).join('');
    assert.match(edits, /\[commission-review\.pdf, page 2\]\(sources\/commission-review\.pdf#page=2\)/);
  });

  it('reads a PDF changed on disk again (off the main thread) and corroborates with it', async function () {
    const file = path.join(dir, 'sources', 'late-report.pdf');
    writeFileSync(file, await makePdf([{ paragraphs: ['Cover.'] }, { paragraphs: ['Cover.'] }, { paragraphs: ['Ticket prices on the harbour shuttle will rise by 30 cents in September, the operator confirmed in its annual report.'] }]));
    const next = client.waitFor('diagnostics', (p: any) => p.uri === uri && p.diagnostics.some((x: any) => x.relatedInformation?.some((r: any) => r.location.uri.endsWith('late-report.pdf') && /page 3/.test(r.message))));
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(file).toString(), type: 1 }] });
    await next;
  });
});

describe('language server: extracted sources kept in the index on disk', function () {
  let dir: string;
  let storage: string;
  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), 'corroborate-formats-keep-'));
    storage = mkdtempSync(path.join(tmpdir(), 'corroborate-formats-storage-'));
    await makeWorkspace(dir);
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
    rmSync(storage, { recursive: true, force: true });
  });

  it('the next session extracts nothing that did not change, and its passages still know their page', async function () {
    const first = new TestClient({ pull: false, rootUri: URI.file(dir).toString(), storagePath: storage });
    const kept = first.waitFor('log', (m: string) => m.startsWith('Kept the index'));
    await first.initialize();
    await kept;
    await first.shutdown();

    const second = new TestClient({ pull: false, rootUri: URI.file(dir).toString(), storagePath: storage });
    try {
      await second.initialize();
      // Nothing read again (a skipped file is tried again in each session, and reported once there).
      assert.ok(second.logs.some((m) => /^Indexed 12 files .*: 0 read again, 0 removed; 5 skipped/.test(m)), second.logs.join('\n'));
      const uri = URI.file(path.join(dir, 'draft.md')).toString();
      const doc = second.open(uri, 'markdown', DRAFT);
      const diags = await second.diagnosticsOf(uri);
      const dredging = diags.find((d) => doc.getText(d.range).startsWith('Dredging'));
      assert.match(dredging.relatedInformation[0].message, /commission-review\.pdf, page 2/);
    } finally {
      await second.shutdown();
    }
  });
});
