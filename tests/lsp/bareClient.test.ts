// A client that declares no capability at all (no workspaceFolders, no configuration, no progress, no
// watchers), with `rootUri` only, through `corroborate lsp --stdio`: the server must still start, index the
// root and push diagnostics for a plain-text draft (language id `text`, as Neovim, Helix and Emacs send).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import { CLI, ROOT } from './client';

const SEEDS = path.resolve(ROOT, '..', 'shared', 'corpus', 'seeds');
const seedFile = (prefix: string) => readdirSync(SEEDS).find((f) => f.startsWith(prefix))!;

describe('language server: a client that declares no capabilities', function () {
  let dir: string;
  let proc: ChildProcess;
  let conn: MessageConnection;
  let stderr = '';

  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), 'corroborate-bare-'));
    for (const f of readdirSync(SEEDS)) {
      copyFileSync(path.join(SEEDS, f), path.join(dir, f));
      chmodSync(path.join(dir, f), 0o644);
    }
    proc = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    proc.stderr!.on('data', (d) => (stderr += d.toString()));
    conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    conn.listen();
  });

  after(function () {
    conn?.dispose();
    if (proc && proc.exitCode === null) proc.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts, indexes the root and pushes corroborated diagnostics', async function () {
    const uri = URI.file(path.join(dir, seedFile('004'))).toString();
    const text = readFileSync(path.join(dir, seedFile('004')), 'utf8');
    const corroborated = new Promise<any[]>((resolve) => {
      conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: any[] }) => {
        if (p.uri === uri && p.diagnostics.some((d) => d.code === 'uncited-claim' && d.message.includes(seedFile('001')))) resolve(p.diagnostics);
      });
    });
    const exited = new Promise<never>((_, reject) => proc.once('exit', (code) => reject(new Error(`server exited (${code}):\n${stderr}`))));
    await Promise.race([conn.sendRequest('initialize', { processId: null, rootUri: URI.file(dir).toString(), capabilities: {} }), exited]);
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'text', version: 1, text } });
    const diags = await Promise.race([corroborated, exited]);
    assert.ok(diags.length > 0);
    assert.equal(proc.exitCode, null, stderr);
    assert.ok(!/workspace folder/i.test(stderr), stderr);
  });
});
