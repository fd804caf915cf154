// Language-server features beyond the main flow: settings validation, "Mark as checked", corpus changes
// refreshing diagnostics, untitled buffers, multi-root folders. Every wait is on a server event.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { TestClient } from './client';

const DRAFT = [
  'Marrowby flood draft',
  '',
  'The council approved forty new pumps for the harbour district in March.',
  '',
  'The old levee was built in 1962 and has never been raised since.',
  '',
].join('\n');
const SOURCE = 'Council minutes.\n\nMembers voted to buy 40 new pumps for the harbour district at the March meeting.\n';

describe('language server features', function () {
  let dirA: string;
  let dirB: string;
  let client: TestClient;

  before(async function () {
    dirA = mkdtempSync(path.join(tmpdir(), 'corroborate-a-'));
    dirB = mkdtempSync(path.join(tmpdir(), 'corroborate-b-'));
    writeFileSync(path.join(dirA, 'draft.md'), DRAFT);
    writeFileSync(path.join(dirB, 'minutes.txt'), SOURCE);
    client = new TestClient({
      pull: false,
      rootUri: URI.file(dirA).toString(),
      workspaceFolders: [
        { uri: URI.file(dirA).toString(), name: 'a' },
        { uri: URI.file(dirB).toString(), name: 'b' },
      ],
      settings: { claims: { threshold: 'high' }, severity: { uncitedClaim: 'warning' } },
    });
    await client.initialize();
  });

  after(async function () {
    await client.shutdown();
    rmSync(dirA, { recursive: true, force: true });
    rmSync(dirB, { recursive: true, force: true });
  });

  it('reports an invalid setting once, naming it, and keeps the others', async function () {
    const m = client.messages.find((x) => x.includes('corroborate.claims.threshold'));
    assert.ok(m, `messages: ${client.messages.join(' | ')}`);
    assert.equal(client.messages.filter((x) => x.includes('corroborate.claims.threshold')).length, 1);
  });

  it('corroborates across the folders of a multi-root workspace, with the severity setting applied', async function () {
    const uri = URI.file(path.join(dirA, 'draft.md')).toString();
    const doc = client.open(uri, 'markdown', DRAFT);
    const diags = await client.diagnosticsOf(uri);
    const pumps = diags.find((d) => doc.getText(d.range).startsWith('The council approved forty new pumps'));
    assert.ok(pumps, diags.map((d) => `${d.code}: ${doc.getText(d.range)}`).join('\n'));
    assert.equal(pumps.code, 'uncited-claim');
    assert.equal(pumps.severity, 2, 'severity.uncitedClaim = warning');
    assert.ok(pumps.relatedInformation[0].location.uri.endsWith('minutes.txt'));
    const levee = diags.find((d) => doc.getText(d.range).startsWith('The old levee'));
    assert.equal(levee?.code, 'unsupported-claim');
  });

  it('refreshes diagnostics when the corpus changes on disk', async function () {
    const uri = URI.file(path.join(dirA, 'draft.md')).toString();
    const doc = client.docs.get(uri)!;
    const file = path.join(dirB, 'levee.txt');
    writeFileSync(file, 'Inspectors said the levee, built in 1962, had never been raised since.\n');
    const next = client.waitFor('diagnostics', (p: any) => p.uri === uri && p.diagnostics.some((d: any) => d.code === 'uncited-claim' && doc.getText(d.range).startsWith('The old levee')));
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(file).toString(), type: 1 }] });
    await next;
  });

  it('indexes again when the corpus settings change: a file now excluded no longer corroborates', async function () {
    const uri = URI.file(path.join(dirA, 'draft.md')).toString();
    const doc = client.docs.get(uri)!;
    const levee = (p: any) => p.diagnostics.find((d: any) => doc.getText(d.range).startsWith('The old levee'));
    const before = client.settings;
    const excluded = client.waitFor('diagnostics', (p: any) => p.uri === uri && levee(p)?.code === 'unsupported-claim');
    client.settings = { ...before, corpus: { exclude: ['**/levee.txt'] } };
    client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await excluded;
    const back = client.waitFor('diagnostics', (p: any) => p.uri === uri && levee(p)?.code === 'uncited-claim');
    client.settings = before;
    client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await back;
  });

  it('"Mark as checked" silences one finding and stores it in the workspace file', async function () {
    const uri = URI.file(path.join(dirA, 'draft.md')).toString();
    const doc = client.docs.get(uri)!;
    const diags = await client.diagnosticsOf(uri);
    const target = diags.find((d) => doc.getText(d.range).startsWith('The council approved'))!;
    const actions = await client.codeActions(uri, target.range, [target]);
    const mark = actions.find((a) => a.title === 'Mark as checked');
    assert.ok(mark);
    const gone = client.waitFor('diagnostics', (p: any) => p.uri === uri && !p.diagnostics.some((d: any) => doc.getText(d.range).startsWith('The council approved')));
    await client.conn.sendRequest('workspace/executeCommand', { command: mark.command.command, arguments: mark.command.arguments });
    await gone;
    const store = path.join(dirA, '.corroborate', 'checked.json');
    assert.ok(existsSync(store));
    const saved = JSON.parse(readFileSync(store, 'utf8'));
    assert.equal(saved.entries.length, 1);
    assert.equal(saved.entries[0].file, 'draft.md');
  });

  it('analyses untitled buffers', async function () {
    const uri = 'untitled:Untitled-1';
    client.open(uri, 'plaintext', '“We will rebuild the bridge by June,” Mayor Elena Varga said on Monday.');
    const diags = await client.diagnosticsOf(uri);
    const q = diags.find((d) => d.code === 'quote');
    assert.ok(q);
    assert.match(q.message, /Elena Varga/);
  });

  it('analyses the text id of Neovim, Helix and Emacs, and decides an empty or unknown id by the extension', async function () {
    const quote = '“We will rebuild the bridge by June,” Mayor Elena Varga said on Monday.';
    for (const [name, id, analysed] of [
      ['notes-text.txt', 'text', true],
      ['notes-empty.md', '', true],
      ['notes-gfm.md', 'gfm', true],
      ['notes-empty.text', '', true],
      ['notes-empty.ts', '', false],
      ['notes-fundamental.log', 'fundamental', false],
    ] as const) {
      const uri = URI.file(path.join(dirA, 'languages', name)).toString();
      client.open(uri, id, quote);
      const diags = await client.diagnosticsOf(uri);
      assert.equal(diags.some((d) => d.code === 'quote'), analysed, `${name} (${JSON.stringify(id)}): ${diags.map((d) => d.code).join(', ')}`);
    }
  });

  it('answers the corroboration search request for any text', async function () {
    const r: any[] = await client.conn.sendRequest('corroborate/search', { text: 'new pumps for the harbour' });
    assert.ok(r.some((x) => x.uri.endsWith('minutes.txt')));
  });

  it('skips a binary file and a file over the size limit with a message naming the setting', async function () {
    mkdirSync(path.join(dirB, 'junk'), { recursive: true });
    const bin = path.join(dirB, 'junk', 'photo.txt');
    writeFileSync(bin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
    const logged = client.waitFor('log', (m: string) => m.includes('photo.txt') && m.includes('binary'));
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(bin).toString(), type: 1 }] });
    await logged;
  });
});
