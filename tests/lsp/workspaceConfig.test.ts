// The language server reads the workspace's `.corroborate.json`, merges it over the client's settings (the
// file wins), and watches it. Every wait is on a server message (refresh, showMessage), never a sleep.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import { SERVER, TestClient } from './client';

const DRAFT = 'Marrowby flood draft\n\nThe council approved forty new pumps for the harbour district in March.\n';
const SOURCE = 'Council minutes.\n\nMembers voted to buy 40 new pumps for the harbour district at the March meeting.\n';
const HINT = 4;
const WARNING = 2;
const ERROR = 1;

describe('language server and .corroborate.json', function () {
  let dir: string;
  let file: string;
  let client: TestClient;
  let draft: string;

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), 'corroborate-wsconfig-lsp-'));
    file = path.join(dir, '.corroborate.json');
    writeFileSync(path.join(dir, 'draft.md'), DRAFT);
    writeFileSync(path.join(dir, 'minutes.txt'), SOURCE);
    writeFileSync(file, JSON.stringify({ severity: { uncitedClaim: 'hint' } }));
    client = new TestClient({ pull: true, rootUri: URI.file(dir).toString(), settings: { severity: { uncitedClaim: 'warning' } } });
    await client.initialize();
    draft = URI.file(path.join(dir, 'draft.md')).toString();
    client.open(draft, 'markdown', DRAFT);
  });

  after(async function () {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  async function pumpsSeverity(): Promise<number | undefined> {
    const diags = await client.diagnosticsOf(draft);
    const d = diags.find((x) => x.code === 'uncited-claim');
    assert.ok(d, JSON.stringify(diags));
    return d.severity;
  }

  /** Tells the server the file changed and waits for the diagnostics refresh it asks for. */
  async function changed(type: 1 | 2 | 3): Promise<void> {
    const refreshed = client.waitFor('refresh');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(file).toString(), type }] });
    await refreshed;
  }

  it('the file wins over the client setting', async function () {
    assert.equal(await pumpsSeverity(), HINT);
    assert.deepEqual(
      client.messages.filter((m) => m.includes('.corroborate.json')),
      [],
    );
  });

  it('a change on disk, announced by workspace/didChangeWatchedFiles, updates the diagnostics', async function () {
    writeFileSync(file, JSON.stringify({ 'severity.uncitedClaim': 'error' }));
    await changed(2);
    assert.equal(await pumpsSeverity(), ERROR);
  });

  it('a bad entry: one message naming the file and the key; that entry falls back to the client setting', async function () {
    const message = client.waitFor<string>('message', (m) => m.includes('.corroborate.json'));
    writeFileSync(file, JSON.stringify({ severity: { uncitedClaim: 'loud' }, claims: { threshold: 0.5 } }));
    await changed(2);
    const m = await message;
    assert.match(m, /"severity\.uncitedClaim"/);
    assert.ok(m.includes(file), m);
    assert.equal(await pumpsSeverity(), WARNING);
    // The same content announced again: nothing new to say.
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(file).toString(), type: 2 }] });
    assert.equal(await pumpsSeverity(), WARNING);
    assert.equal(client.messages.filter((x) => x.includes('.corroborate.json')).length, 1, client.messages.join(' | '));
  });

  it('deleted, then created again', async function () {
    unlinkSync(file);
    await changed(3);
    assert.equal(await pumpsSeverity(), WARNING);
    writeFileSync(file, JSON.stringify({ severity: { uncitedClaim: 'hint' } }));
    await changed(1);
    assert.equal(await pumpsSeverity(), HINT);
    assert.equal(client.messages.filter((x) => x.includes('.corroborate.json')).length, 1, client.messages.join(' | '));
  });
});

describe('language server and .corroborate.json: a client that declares nothing, with rootPath only', function () {
  let dir: string;
  let proc: ReturnType<typeof spawn>;
  let conn: ReturnType<typeof createMessageConnection>;
  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), 'corroborate-wsconfig-bare-'));
    writeFileSync(path.join(dir, 'draft.txt'), DRAFT);
    writeFileSync(path.join(dir, '.corroborate.json'), JSON.stringify({ severity: { unsupportedClaim: 'hint' } }));
    proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    conn.listen();
  });
  after(function () {
    conn.dispose();
    proc.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the file of the root at start (no workspace/configuration, no watcher)', async function () {
    const uri = URI.file(path.join(dir, 'draft.txt')).toString();
    const claim = new Promise<any>((resolve) => {
      conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: any[] }) => {
        const d = p.uri === uri && p.diagnostics.find((x) => x.code === 'unsupported-claim');
        if (d) resolve(d);
      });
    });
    await conn.sendRequest('initialize', { processId: null, rootUri: null, rootPath: dir, capabilities: {} });
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'text', version: 1, text: DRAFT } });
    assert.equal((await claim).severity, HINT);
  });
});
