// Conformance matrix: the real server (`corroborate lsp --stdio`) under client profiles that declare little
// (SPEC, "Language server for every editor"). Each profile answers only what it declared: a server request it
// did not declare is answered with an error and recorded, so "a capability the client lacks is never used" is
// checked, and profiles that answer every request with an error, or never answer, check that nothing stops
// the server. Workspace: our own fixture articles (tests/fixtures/corroboration) in a temporary folder.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { CLI, ROOT } from './client';

const FIX = path.join(ROOT, 'tests', 'fixtures', 'corroboration');

type Answer = 'declared' | 'error' | 'never' | 'late';

interface Profile {
  name: string;
  capabilities: Record<string, unknown>;
  root: 'rootUri' | 'rootPath' | 'folders' | 'none';
  /** How the client answers the server's requests. */
  answers: Answer;
  languageId: string;
}

/** Server-to-client requests and the capability that allows each one. */
function allowed(method: string, caps: any): boolean {
  switch (method) {
    case 'workspace/configuration':
      return !!caps.workspace?.configuration;
    case 'client/registerCapability':
    case 'client/unregisterCapability':
      return !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration || !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    case 'window/workDoneProgress/create':
      return !!caps.window?.workDoneProgress;
    case 'workspace/diagnostic/refresh':
      return !!caps.workspace?.diagnostics?.refreshSupport;
    case 'workspace/applyEdit':
      return !!caps.workspace?.applyEdit;
    case 'workspace/workspaceFolders':
      return !!caps.workspace?.workspaceFolders;
    case 'window/showMessageRequest':
      return !!caps.window?.showMessage;
    default:
      return false;
  }
}

class ProfileClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  readonly events = new EventEmitter();
  readonly undeclared: string[] = [];
  readonly pushed = new Map<string, { version?: number; diagnostics: any[] }>();
  readonly applied: any[] = [];
  stderr = '';

  constructor(readonly profile: Profile) {
    this.proc = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => (this.stderr += d.toString()));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onRequest((method: string, params: any) => {
      const caps = profile.capabilities;
      if (!allowed(method, caps)) {
        this.undeclared.push(method);
        return new ResponseError(-32601, `${method} is not supported by this client`);
      }
      if (profile.answers === 'never') return new Promise(() => undefined);
      // A slow client: its settings arrive after the server stopped waiting for them (3 s).
      if (profile.answers === 'late' && method === 'workspace/configuration') {
        return new Promise((resolve) => setTimeout(() => resolve(params.items.map(() => ({ severity: { uncitedClaim: 'hint' } }))), 3500));
      }
      if (profile.answers === 'error') return new ResponseError(-32603, `the client failed to handle ${method}`);
      if (method === 'workspace/configuration') return params.items.map(() => ({}));
      if (method === 'workspace/applyEdit') {
        this.applied.push(params.edit);
        this.events.emit('applyEdit', params.edit);
        return { applied: true };
      }
      return null;
    });
    this.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: any[] }) => {
      this.pushed.set(p.uri, p);
      this.events.emit('diagnostics', p);
    });
    this.conn.onNotification('window/showMessage', (p: { message: string }) => this.events.emit('message', p.message));
    this.conn.onNotification(() => undefined);
    this.conn.listen();
  }

  exited(): Promise<never> {
    return new Promise((_, reject) => this.proc.once('exit', (code) => reject(new Error(`server exited (${code}):\n${this.stderr}`))));
  }

  async initialize(dir: string | null): Promise<any> {
    const { root } = this.profile;
    const rootUri = dir && root === 'rootUri' ? URI.file(dir).toString() : null;
    const params: Record<string, unknown> = { processId: null, rootUri, capabilities: this.profile.capabilities };
    if (dir && root === 'rootPath') params.rootPath = dir;
    if (dir && root === 'folders') params.workspaceFolders = [{ uri: URI.file(dir).toString(), name: 'ws' }];
    const result = await this.conn.sendRequest('initialize', params);
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  open(file: string): TextDocument {
    const uri = URI.file(file).toString();
    const text = readFileSync(file, 'utf8');
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: this.profile.languageId, version: 1, text } });
    return TextDocument.create(uri, this.profile.languageId, 1, text);
  }

  /** The pushed diagnostics of `uri` once one satisfies `pred` (a client without pull diagnostics only gets pushes). */
  diagnostics(uri: string, pred: (d: any[]) => boolean): Promise<any[]> {
    const have = this.pushed.get(uri);
    if (have && pred(have.diagnostics)) return Promise.resolve(have.diagnostics);
    return new Promise((resolve) => {
      const h = (p: { uri: string; diagnostics: any[] }) => {
        if (p.uri === uri && pred(p.diagnostics)) {
          this.events.off('diagnostics', h);
          resolve(p.diagnostics);
        }
      };
      this.events.on('diagnostics', h);
    });
  }

  async close(): Promise<void> {
    this.conn.dispose();
    if (this.proc.exitCode === null) this.proc.kill();
  }
}

const corroborated = (name: string) => (ds: any[]) => ds.some((d) => d.code === 'uncited-claim' && String(d.message).includes(name));

const PROFILES: Profile[] = [
  { name: 'capabilities {} with a rootUri', capabilities: {}, root: 'rootUri', answers: 'declared', languageId: 'text' },
  { name: 'capabilities {} with rootPath only', capabilities: {}, root: 'rootPath', answers: 'declared', languageId: 'text' },
  {
    name: 'workspace folders without workspace/configuration, plain-text hovers only, no code-action literals',
    capabilities: { workspace: { workspaceFolders: true, applyEdit: true }, textDocument: { hover: { contentFormat: ['plaintext'] } } },
    root: 'folders',
    answers: 'declared',
    languageId: '',
  },
  {
    name: 'everything declared, every server request answered with an error',
    capabilities: {
      window: { workDoneProgress: true, showMessage: {} },
      workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, didChangeConfiguration: { dynamicRegistration: true }, applyEdit: true },
      textDocument: { hover: { contentFormat: ['markdown'] }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } },
    },
    root: 'folders',
    answers: 'error',
    languageId: 'plaintext',
  },
  {
    name: 'everything declared, server requests never answered',
    capabilities: {
      window: { workDoneProgress: true, showMessage: {} },
      workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
      textDocument: { hover: { contentFormat: ['markdown'] } },
    },
    root: 'folders',
    answers: 'never',
    languageId: 'text',
  },
];

describe('language server conformance: client profiles that declare little', function () {
  let dir: string;
  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), 'corroborate-conformance-'));
    for (const f of ['a.txt', 'b.txt', 'c.txt']) copyFileSync(path.join(FIX, f), path.join(dir, f));
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  for (const profile of PROFILES) {
    it(profile.name, async function () {
      const client = new ProfileClient(profile);
      const exited = client.exited();
      try {
        const init = await Promise.race([client.initialize(dir), exited]);
        assert.equal(init.capabilities.diagnosticProvider, undefined, 'no pull diagnostics for a client that did not declare them');
        const doc = client.open(path.join(dir, 'a.txt'));
        // The workspace is read (from the root the profile gives) and corroborates the draft's claim.
        const diags = await Promise.race([client.diagnostics(doc.uri, corroborated('b.txt')), exited]);
        const uncited = diags.find((d) => d.code === 'uncited-claim')!;
        const caps = profile.capabilities as any;
        assert.equal(uncited.relatedInformation !== undefined, !!caps.textDocument?.publishDiagnostics?.relatedInformation, 'relatedInformation only when declared');
        assert.equal(uncited.codeDescription !== undefined, !!caps.textDocument?.publishDiagnostics?.codeDescriptionSupport, 'codeDescription only when declared');

        const hover: any = await Promise.race([client.conn.sendRequest('textDocument/hover', { textDocument: { uri: doc.uri }, position: uncited.range.start }), exited]);
        const markdown = (caps.textDocument?.hover?.contentFormat ?? []).includes('markdown');
        assert.equal(hover.contents.kind, markdown ? 'markdown' : 'plaintext');
        assert.match(hover.contents.value, /b\\?\.txt/);
        if (!markdown) assert.doesNotMatch(hover.contents.value, /\*\*|\\\./, 'plain text carries no Markdown');

        const actions = (await Promise.race([
          client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: uncited.range, context: { diagnostics: [uncited] } }),
          exited,
        ])) as any[];
        const cite = actions.find((a) => String(a.title).startsWith('Cite b.txt'));
        assert.ok(cite, JSON.stringify(actions.map((a) => a.title)));
        if (caps.textDocument?.codeAction?.codeActionLiteralSupport) assert.ok(cite.edit, 'a CodeAction literal with its edit');
        else {
          assert.equal(typeof cite.command, 'string', 'a Command for a client without code-action literals');
          if (caps.workspace?.applyEdit) {
            const applied = new Promise<any>((r) => client.events.once('applyEdit', r));
            await client.conn.sendRequest('workspace/executeCommand', { command: cite.command, arguments: cite.arguments });
            const edit = await Promise.race([applied, exited]);
            const edits = edit.documentChanges?.[0]?.edits ?? edit.changes?.[doc.uri];
            const next = TextDocument.applyEdits(doc, edits);
            assert.match(next, /\[source: b\.txt#L\d+\]/);
            // The same command once the document was typed into: refused, never applied to another version.
            const refused = new Promise<string>((r) => client.events.once('message', r));
            await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version: 2 }, contentChanges: [{ text: 'Typed over. ' + doc.getText() }] });
            await client.conn.sendRequest('workspace/executeCommand', { command: cite.command, arguments: cite.arguments });
            assert.match(await Promise.race([refused, exited]), /changed since this fix was offered/);
            assert.equal(client.applied.length, 1, 'no edit applied to the changed document');
          }
        }
        assert.deepEqual([...new Set(client.undeclared)], [], 'requests the client did not declare');
        assert.equal(client.proc.exitCode, null, client.stderr);
      } finally {
        await client.close();
      }
    });
  }

  it('settings that arrive after the server stopped waiting for them are applied', async function () {
    const client = new ProfileClient({ name: 'late', capabilities: { workspace: { configuration: true, workspaceFolders: true } }, root: 'folders', answers: 'late', languageId: 'text' });
    const exited = client.exited();
    try {
      await Promise.race([client.initialize(dir), exited]);
      const doc = client.open(path.join(dir, 'a.txt'));
      // Severity 4 is Hint: the client's setting, applied when it came.
      const diags = (await Promise.race([client.diagnostics(doc.uri, (ds) => ds.some((d) => d.code === 'uncited-claim' && d.severity === 4)), exited])) as any[];
      assert.ok(diags.some((d) => d.code === 'uncited-claim' && String(d.message).includes('b.txt')));
    } finally {
      await client.close();
    }
  });

  it('one loose file with no root at all', async function () {
    const client = new ProfileClient({ name: 'loose', capabilities: {}, root: 'none', answers: 'declared', languageId: 'text' });
    const exited = client.exited();
    try {
      await Promise.race([client.initialize(null), exited]);
      const doc = client.open(path.join(dir, 'a.txt'));
      // Nothing to read: the verdicts settle at once, and nothing else corroborates the draft.
      const diags = (await Promise.race([client.diagnostics(doc.uri, (ds) => ds.some((d) => d.code === 'unsupported-claim')), exited])) as any[];
      assert.ok(!diags.some((d) => /checking the workspace/.test(d.message)));
      assert.deepEqual([...new Set(client.undeclared)], []);
    } finally {
      await client.close();
    }
  });
});
