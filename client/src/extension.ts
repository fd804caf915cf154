// The VS Code client: starts the language server (IPC), shows the status bar item, and registers the
// commands. Everything that judges text lives in the server.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  MessageType,
  ShowMessageNotification,
  ShowMessageRequest,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { RestartPolicy } from './restartPolicy';
import { Commands, ReindexRequest, SearchRequest, StatusNotification, type SearchResultItem, type StatusParams } from '../../server/src/protocol';

let client: LanguageClient | undefined;
const restartPolicy = new RestartPolicy();
let output: vscode.OutputChannel;
let status: vscode.StatusBarItem;
let lastStatus: StatusParams | undefined;
const countsByUri = new Map<string, Record<string, number>>();
/** Messages the server showed the user (window/showMessage), kept for the extension's API (tests read them). */
const serverMessages: string[] = [];
const serverMessageEmitter = new vscode.EventEmitter<string>();

function languages(): string[] {
  return vscode.workspace.getConfiguration('corroborate').get<string[]>('languages') ?? ['markdown', 'plaintext'];
}

function renderStatus(): void {
  const s = lastStatus;
  const editor = vscode.window.activeTextEditor;
  const counts = editor ? countsByUri.get(editor.document.uri.toString()) : undefined;
  const n = (k: string) => counts?.[k] ?? 0;
  const claims = n('unsupported-claim') + n('uncited-claim') + n('contradicted-claim');
  const quotes = n('quote') + n('unattributed-quote');
  const idx = !s ? '$(sync~spin) starting' : s.state === 'indexing' ? `$(sync~spin) indexing ${s.documents}` : `${s.documents} docs`;
  const contradicted = n('contradicted-claim') ? ` · $(warning) ${n('contradicted-claim')} contradicted` : '';
  status.text = counts ? `$(checklist) ${quotes} quotes · ${claims} claims${contradicted} · ${idx}` : `$(checklist) Corroborate · ${idx}`;
  status.tooltip = new vscode.MarkdownString(
    [
      counts ? `**This document**: ${n('quote')} attributed quotes, ${n('unattributed-quote')} unattributed, ${n('unsupported-claim')} unsupported claims, ${n('uncited-claim')} uncited claims, ${n('contradicted-claim')} contradicted, ${n('quote-mismatch') + n('speaker-mismatch')} mismatches` : '',
      s ? `**Corpus**: ${s.documents} documents, ${s.passages} passages${s.skipped ? `, ${s.skipped} files skipped (see output)` : ''}; ${s.state}` : '',
      'Click to show the output.',
    ]
      .filter(Boolean)
      .join('\n\n'),
  );
  status.show();
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const selector = languages().flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]);
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    outputChannel: output,
    synchronize: { configurationSection: 'corroborate' },
    // The index is kept between sessions in this workspace's private storage (none without a folder).
    initializationOptions: { settings: vscode.workspace.getConfiguration('corroborate'), storagePath: context.storageUri?.fsPath },
    // Hovers carry text from other documents: never trusted (no command: links), no HTML.
    markdown: { isTrusted: false, supportHtml: false },
    errorHandler: {
      error: (error, message, count) => {
        const d = restartPolicy.error(`${error.message} ${message?.jsonrpc ?? ''}`, count);
        output.appendLine(d.message);
        return { action: d.shutdown ? ErrorAction.Shutdown : ErrorAction.Continue };
      },
      closed: () => {
        const d = restartPolicy.closed();
        output.appendLine(d.message);
        if (!d.restart) {
          void vscode.window.showErrorMessage('Corroborate: the server keeps stopping. See the output channel.', 'Show Output').then((a) => a && output.show());
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        return { action: CloseAction.Restart, handled: true };
      },
    },
  };
  const c = new LanguageClient('corroborate', 'Corroborate', serverOptions, clientOptions);
  // Shown as the library would show them, and also recorded (and written to the output channel). The
  // server's showWarningMessage arrives as a window/showMessageRequest; a plain notification is handled too.
  const showServerMessage = <T extends vscode.MessageItem>(type: number, message: string, actions: T[]): Thenable<T | undefined> => {
    output.appendLine(`[server message] ${message}`);
    serverMessages.push(message);
    serverMessageEmitter.fire(message);
    const show = type === MessageType.Error ? vscode.window.showErrorMessage : type === MessageType.Warning ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    return show(message, ...actions);
  };
  c.onNotification(ShowMessageNotification.type, (m) => void showServerMessage(m.type, m.message, []));
  c.onRequest(ShowMessageRequest.type, async (m) => (await showServerMessage(m.type, m.message, m.actions ?? [])) ?? null);
  c.onDidChangeState((e) => {
    output.appendLine(`[client] server state: ${State[e.oldState]} -> ${State[e.newState]}`);
    if (e.newState === State.Running) {
      // Best effort: the library keeps the forked process to itself; when it is there, its exit code or
      // signal says why the server stopped.
      const proc = (c as unknown as { _serverProcess?: { once(ev: 'exit', f: (code: number | null, signal: string | null) => void): void } })._serverProcess;
      proc?.once('exit', (code, signal) => restartPolicy.exited({ code, signal }));
      c.onNotification(StatusNotification, (p: StatusParams) => {
        lastStatus = p;
        if (p.uri && p.counts) countsByUri.set(p.uri, p.counts);
        renderStatus();
      });
    }
  });
  return c;
}

type PassageItem = vscode.QuickPickItem & { r?: SearchResultItem };

function passageItem(r: SearchResultItem): PassageItem {
  return {
    label: r.archive ? `$(database) ${r.where ?? r.uri}` : (r.where ?? `${path.basename(vscode.Uri.parse(r.uri).path)}:${r.line + 1}`),
    description: `score ${r.score.toFixed(2)}${r.rating ? ` · rated ${r.rating.value}` : ''}`,
    detail: r.text.replace(/\s+/g, ' ').slice(0, 200),
    r,
  };
}

/**
 * The workspace's passages at once; the archive's (corroborate.archive.url) join the list when they come, under a
 * separator, the list busy meanwhile (the server answers within the archive's timeout, with none when it is not
 * set or unavailable).
 */
async function findCorroboration(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !client) return;
  const c = client;
  const text = editor.document.getText(editor.selection).trim() || editor.document.lineAt(editor.selection.active.line).text.trim();
  if (!text) {
    void vscode.window.showInformationMessage('Corroborate: select some text first.');
    return;
  }
  const params = { text, uri: editor.document.uri.toString(), top: 10 };
  const archived = c.sendRequest<SearchResultItem[]>(SearchRequest, { ...params, archive: true }).then(
    (r) => r,
    () => [] as SearchResultItem[],
  );
  const local = await c.sendRequest<SearchResultItem[]>(SearchRequest, params);
  const qp = vscode.window.createQuickPick<PassageItem>();
  qp.title = 'Corroborating passages';
  qp.matchOnDetail = true;
  qp.items = local.map(passageItem);
  qp.busy = true;
  if (!local.length) qp.placeholder = 'Searching the archive…';
  let open = true;
  const picked = new Promise<SearchResultItem | undefined>((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]?.r);
      qp.hide();
    });
    qp.onDidHide(() => {
      open = false;
      resolve(undefined);
      qp.dispose();
    });
  });
  qp.show();
  void archived.then((found) => {
    if (!open) return;
    qp.busy = false;
    // An archive passage with a local one's text (the archive holds a copy of a workspace file) is left out.
    const texts = new Set(local.map((r) => r.text.trim()));
    const extra = found.filter((r) => !texts.has(r.text.trim()));
    if (extra.length) qp.items = [...qp.items, { label: 'archive', kind: vscode.QuickPickItemKind.Separator }, ...extra.map(passageItem)];
    else if (!local.length) {
      qp.hide();
      void vscode.window.showInformationMessage('Corroborate: no passage in the workspace or the archive resembles the selection.');
    }
  });
  const r = await picked;
  if (!r) return;
  if (r.archive) {
    // Not a file of this machine: the passage and where it is in the archive.
    void vscode.window.showInformationMessage(`Archive · ${r.where ?? r.uri}`, { modal: true, detail: `${r.text}\n\n${r.uri}` });
    return;
  }
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(r.uri));
  const pos = doc.positionAt(r.start);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, doc.positionAt(r.end)) });
}

/** What `activate` returns (`vscode.extensions.getExtension('corroborate.corroborate').exports`). */
export interface CorroborateApi {
  client: () => LanguageClient | undefined;
  /** Every message the server has shown the user so far. */
  messages: () => readonly string[];
  onDidShowMessage: vscode.Event<string>;
}

export async function activate(context: vscode.ExtensionContext): Promise<CorroborateApi> {
  output = vscode.window.createOutputChannel('Corroborate');
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.command = Commands.showOutput;
  context.subscriptions.push(output, status, serverMessageEmitter);
  renderStatus();

  client = createClient(context);
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      output.appendLine('[client] restarting the server on request');
      restartPolicy.reset();
      if (client) await client.restart();
    }),
    vscode.commands.registerCommand(Commands.reindex, async () => {
      if (!client) return;
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Corroborate: re-indexing' }, () => client!.sendRequest(ReindexRequest));
    }),
    vscode.commands.registerCommand(Commands.findCorroboration, findCorroboration),
    vscode.window.onDidChangeActiveTextEditor(() => renderStatus()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('corroborate.languages')) {
        void vscode.window.showInformationMessage('Corroborate: restart the server to apply the new languages.', 'Restart').then((a) => a && client?.restart());
      }
    }),
  );
  await client.start();
  return { client: () => client, messages: () => serverMessages, onDidShowMessage: serverMessageEmitter.event };
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}
