// A minimal LSP client for protocol tests: spawns the bundled server over stdio, answers the server's
// requests (configuration, registration, progress, refresh) and lets tests await notifications.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SERVER = path.join(ROOT, 'dist', 'server', 'server.js');
export const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');

export interface ClientOptions {
  /** Advertise pull diagnostics (textDocument/diagnostic) or accept only pushed diagnostics. */
  pull: boolean;
  rootUri: string | null;
  workspaceFolders?: Array<{ uri: string; name: string }>;
  settings?: Record<string, unknown>;
  /** Run the CLI's `lsp --stdio` instead of the server bundle. */
  viaCli?: boolean;
  /** Where the server may keep its index between sessions (initializationOptions.storagePath). */
  storagePath?: string;
  /** Capabilities sent instead of the usual ones (e.g. `{}`: a client that declares nothing). */
  capabilities?: Record<string, unknown>;
  /** Answers to workspace/configuration wait for this (the server reads no file before it has its settings). */
  configurationGate?: Promise<void>;
}

export class TestClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  readonly events = new EventEmitter();
  readonly diagnostics = new Map<string, { version?: number; diagnostics: any[] }>();
  readonly docs = new Map<string, TextDocument>();
  settings: Record<string, unknown>;
  refreshes = 0;
  stderr = '';
  logs: string[] = [];
  messages: string[] = [];

  constructor(readonly options: ClientOptions) {
    this.settings = options.settings ?? {};
    const args = options.viaCli ? [CLI, 'lsp', '--stdio'] : [SERVER, '--stdio'];
    // CORROBORATE_SERVER_NODE_ARGS: options for the server's node (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
    const nodeArgs = process.env.CORROBORATE_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
    this.proc = spawn(process.execPath, [...nodeArgs, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => (this.stderr += d.toString()));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onRequest('workspace/configuration', async (p: { items: Array<{ section?: string }> }) => {
      this.events.emit('configuration');
      await options.configurationGate;
      return p.items.map(() => this.settings);
    });
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('window/showMessageRequest', (p: { message: string }) => {
      this.messages.push(p.message);
      this.events.emit('message', p.message);
      return null;
    });
    this.conn.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      this.events.emit('refresh');
      return null;
    });
    this.conn.onRequest('workspace/applyEdit', () => ({ applied: false }));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: any[] }) => {
      this.diagnostics.set(p.uri, { version: p.version, diagnostics: p.diagnostics });
      this.events.emit('diagnostics', p);
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.events.emit('log', p.message);
    });
    this.conn.onNotification('window/showMessage', (p: { message: string }) => {
      this.messages.push(p.message);
      this.events.emit('message', p.message);
    });
    this.conn.onNotification('corroborate/status', (p: { state: string }) => this.events.emit('status', p));
    this.conn.onNotification('corroborate/analyzed', (p) => this.events.emit('analyzed', p));
    this.conn.onNotification('$/progress', () => undefined);
    this.conn.listen();
  }

  /** Resolves with the first event `name` whose payload satisfies `pred`. Never times out by itself (mocha does). */
  waitFor<T = any>(name: string, pred: (p: T) => boolean = () => true): Promise<T> {
    return new Promise((resolve) => {
      const h = (p: T) => {
        if (pred(p)) {
          this.events.off(name, h);
          resolve(p);
        }
      };
      this.events.on(name, h);
    });
  }

  /** Initializes the server and, unless `waitReady` is false, waits until it says the workspace is read. */
  async initialize(waitReady = true): Promise<any> {
    const ready = this.waitFor('status', (p: { state: string }) => p.state === 'ready');
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: this.options.rootUri,
      initializationOptions: this.options.storagePath ? { storagePath: this.options.storagePath } : undefined,
      workspaceFolders: this.options.workspaceFolders ?? (this.options.rootUri ? [{ uri: this.options.rootUri, name: 'root' }] : null),
      capabilities: this.options.capabilities ?? {
        workspace: {
          configuration: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceFolders: true,
          ...(this.options.pull ? { diagnostics: { refreshSupport: true } } : {}),
          workspaceEdit: { documentChanges: true },
        },
        textDocument: {
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          ...(this.options.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
        },
        window: { workDoneProgress: true },
      },
    });
    this.conn.sendNotification('initialized', {});
    if (waitReady) await ready;
    return result;
  }

  open(uri: string, languageId: string, text: string): TextDocument {
    const doc = TextDocument.create(uri, languageId, 1, text);
    this.docs.set(uri, doc);
    this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return doc;
  }

  /** Applies LSP text edits locally and sends them as incremental changes. */
  edit(uri: string, edits: Array<{ range: any; newText: string }>): TextDocument {
    const doc = this.docs.get(uri)!;
    const version = doc.version + 1;
    // Send one change per edit, in reverse document order so that earlier ranges stay valid.
    const sorted = [...edits].sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start));
    const next = TextDocument.update(doc, sorted.map((e) => ({ range: e.range, text: e.newText })), version);
    this.docs.set(uri, next);
    this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: sorted.map((e) => ({ range: e.range, text: e.newText })) });
    return next;
  }

  /** Diagnostics of `uri`: pulled, or the next push for the document's current version. */
  async diagnosticsOf(uri: string): Promise<any[]> {
    if (this.options.pull) {
      const r: any = await this.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      return r.items;
    }
    const doc = this.docs.get(uri)!;
    const have = this.diagnostics.get(uri);
    if (have && have.version === doc.version) return have.diagnostics;
    const p: any = await this.waitFor('diagnostics', (x: any) => x.uri === uri && x.version === doc.version);
    return p.diagnostics;
  }

  hover(uri: string, position: { line: number; character: number }): Promise<any> {
    return this.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  codeActions(uri: string, range: any, diagnostics: any[], only?: string[]): Promise<any[]> {
    return this.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
  }

  async shutdown(): Promise<void> {
    const exited = this.proc.exitCode !== null ? Promise.resolve() : new Promise<void>((r) => this.proc.once('exit', () => r()));
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
      await exited;
    } catch {
      if (this.proc.exitCode === null) this.proc.kill();
      await exited;
    }
    this.conn.dispose();
  }
}
