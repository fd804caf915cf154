// The language server: wires documents, settings, the corpus and the handlers together. Thin: every
// judgement is made by the engine (corroborate()), every handler is a small factory in its own file.
import * as path from 'node:path';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { analyze, clearAnalysisCaches } from '../engine/analyze';
import { segment } from '../engine/segment';
import type { Analysis } from '../engine/types';
import { corroborate, type DocumentReport } from '../corpus/corroborate';
import {
  AnalyzedNotification,
  Commands,
  ReindexRequest,
  SearchRequest,
  StatusNotification,
  type AnalyzedParams,
  type MarkCheckedArgs,
  type SearchParams,
  type SearchResultItem,
  type StatusParams,
} from '../protocol';
import { defaultSettings, parseSettings, type Settings } from '../settings';
import { CheckedStore } from './checked';
import { makeCodeActionHandler } from './codeActions';
import { CorpusManager } from './corpusManager';
import { toDiagnostics } from './diagnostics';
import { makeHoverHandler } from './hover';
import { isAnalysedLanguage } from './languages';
import { mergeWorkspaceConfig, noWorkspaceConfig, readWorkspaceConfig, workspaceConfigPath, type WorkspaceConfig } from '../workspaceConfig';

/** Internal request (tests only): `{uri}` -> `{uri, version, text}` of the server's copy of an open document, or null. */
export const DocumentTextRequest = 'corroborate/_documentText';

/** How long a buffer must be still before its new text replaces it in the corpus. */
const BUFFER_INDEX_DELAY_MS = 1000;
/** Searches run on the real index after indexing, so that the first document does not pay for cold paths. */
const WARMUP_QUERIES = 96;
/** Articles of the workspace analysed after indexing, for the same reason. */
const WARMUP_TEXTS = 8;

/**
 * Up to `n` queries from the texts: sentences (the first of each text, then the second, and so on), each
 * followed by two quotation-sized pieces of it. Short queries of common words take branches of the search
 * that sentences do not; a branch first taken by a real document throws away the compiled search and runs
 * it unoptimised for a while (in-process at 10,000 articles, the first 3,000-word article's 89 searches took
 * 360–500 ms of CPU with sentences alone in the warm-up, 100–160 ms with these pieces too).
 */
export function warmupQueries(texts: string[], n: number): string[] {
  const sentences = texts.map((t) => segment(t).sentences.filter((x) => !x.boilerplate && x.end - x.start > 40).map((x) => t.slice(x.start, x.end)));
  const out: string[] = [];
  for (let round = 0; round < 4; round++)
    for (const list of sentences) {
      const s = list[round];
      if (!s) continue;
      const words = s.split(/\s+/);
      for (const q of [s, words.slice(0, 5).join(' '), words.slice(2, 9).join(' ')]) if (out.length < n) out.push(q);
    }
  return out;
}

interface Cached {
  version: number;
  analysis: Analysis;
  corpusVersion: number;
  settingsVersion: number;
  report: DocumentReport;
  diagnostics: Diagnostic[];
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let settings: Settings = defaultSettings();
  let settingsVersion = 0;
  let pullDiagnostics = false;
  let refreshSupport = false;
  let configurationSupport = false;
  let configurationRegistration = false;
  let workspaceFoldersSupport = false;
  let watchRegistration = false;
  let progressSupport = false;
  let folders: string[] = [];
  const reportedProblems = new Set<string>();
  const tooLargeReported = new Set<string>();
  const cache = new Map<string, Cached>();
  const pushTimers = new Map<string, NodeJS.Timeout>();
  const log = (m: string) => connection.console.log(m);
  const checked = new CheckedStore(log);

  let progress: WorkDoneProgressServerReporter | null = null;
  const corpus = new CorpusManager({
    log,
    settings: () => settings,
    progress: (done, message) => progress?.report(message),
    onChange: () => refreshAll(),
    storagePath: () => storagePath,
  });
  /** Where the client lets the server keep its index between sessions (initializationOptions.storagePath). */
  let storagePath: string | undefined;

  // ------------------------------------------------------------------ settings
  function applySettings(raw: unknown): void {
    clientSettings = raw;
    const r = parseSettings(raw);
    // The workspace's .corroborate.json wins over the client's settings where it sets a key.
    r.settings = mergeWorkspaceConfig(r.settings, workspaceConfig).settings;
    r.problems.push(...workspaceConfig.problems);
    if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
      r.problems.push(`Settings "corroborate" must be an object of settings (got ${JSON.stringify(raw)?.slice(0, 80)}): using the defaults.`);
    }
    // The store is written inside the workspace folder: a path that leaves it (absolute, or climbing with
    // "..") could overwrite any file, so that setting alone falls back to its default.
    const cf = r.settings.checkedFile;
    if (path.isAbsolute(cf) || path.win32.isAbsolute(cf) || cf.split(/[\\/]/).includes('..')) {
      const def = defaultSettings().checkedFile;
      r.problems.push(`Setting "corroborate.checkedFile" must be a path inside the workspace folder (got ${JSON.stringify(cf).slice(0, 80)}): using the default ${JSON.stringify(def)}.`);
      r.settings.checkedFile = def;
    }
    settings = r.settings;
    settingsVersion++;
    for (const p of r.problems) {
      log(p);
      if (!reportedProblems.has(p)) {
        reportedProblems.add(p);
        void connection.window.showWarningMessage(`Corroborate: ${p}`);
      }
    }
  }

  // ------------------------------------------------------------------ .corroborate.json
  /** The client's settings as last received, to merge the workspace file over again when it changes. */
  let clientSettings: unknown;
  /** The first workspace folder's (or the root's) .corroborate.json; null without a root on disk. */
  let workspaceConfigFile: string | null = null;
  let workspaceConfig: WorkspaceConfig = noWorkspaceConfig();

  const configPathOf = (root: string | null | undefined) => (root?.startsWith('file:') ? workspaceConfigPath(URI.parse(root).fsPath) : null);

  /** Reads the .corroborate.json of the root `root` (a URI; by default the same root as before); false if nothing changed. */
  function loadWorkspaceConfig(root?: string | null): boolean {
    if (root !== undefined) workspaceConfigFile = configPathOf(root);
    const next = workspaceConfigFile ? readWorkspaceConfig(workspaceConfigFile) : noWorkspaceConfig();
    if (JSON.stringify(next) === JSON.stringify(workspaceConfig)) return false;
    // Its problems are shown again once per change of the file.
    for (const p of workspaceConfig.problems) reportedProblems.delete(p);
    workspaceConfig = next;
    if (next.file) log(`${next.file} sets ${Object.keys(next.values).join(', ') || 'nothing'} (over the editor's settings).`);
    return true;
  }

  const isWorkspaceConfig = (uri: string) => workspaceConfigFile !== null && uri.startsWith('file:') && URI.parse(uri).fsPath === workspaceConfigFile;

  /** The file was created, changed or deleted: settings are applied again as on a configuration change. */
  function workspaceConfigChanged(): void {
    const corpusKey = (s: Settings) => JSON.stringify([s['corpus.include'], s['corpus.exclude'], s.maxFileSize]);
    const before = corpusKey(settings);
    if (!loadWorkspaceConfig()) return;
    applySettings(clientSettings);
    reloadChecked();
    cache.clear();
    if (corpusKey(settings) !== before) void reindex();
    else refreshAll();
  }

  async function fetchSettings(): Promise<void> {
    if (!configurationSupport) return;
    try {
      const raw = await connection.workspace.getConfiguration('corroborate');
      applySettings(raw);
    } catch (e) {
      log(`Could not read settings: ${(e as Error).message}`);
    }
  }

  function checkedFileFor(uri: string): { store: string; rel: string } | null {
    if (!uri.startsWith('file:')) return null;
    const fsPath = URI.parse(uri).fsPath;
    const folder = folders.map((f) => URI.parse(f).fsPath).filter((f) => fsPath.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0];
    if (!folder) return null;
    return { store: path.join(folder, settings.checkedFile), rel: path.relative(folder, fsPath).split(path.sep).join('/') };
  }

  function reloadChecked(): void {
    const first = folders[0];
    if (first) checked.load(path.join(URI.parse(first).fsPath, settings.checkedFile));
  }

  // ------------------------------------------------------------------ analysis
  function isAnalysed(doc: TextDocument): boolean {
    return isAnalysedLanguage(doc.languageId, doc.uri, settings.languages);
  }

  function compute(doc: TextDocument): Cached | null {
    if (!isAnalysed(doc)) return null;
    const text = doc.getText();
    if (text.length > settings.maxFileSize) {
      if (!tooLargeReported.has(doc.uri)) {
        tooLargeReported.add(doc.uri);
        const m = `${doc.uri} is not analysed: ${text.length} characters, over the limit of ${settings.maxFileSize} (setting corroborate.maxFileSize).`;
        // Shown once per document (the client also writes it to the output channel).
        void connection.window.showInformationMessage(`Corroborate: ${m}`);
      }
      return null;
    }
    const prev = cache.get(doc.uri);
    const cv = corpus.index.versionExcept(doc.uri);
    if (prev && prev.version === doc.version && prev.corpusVersion === cv && prev.settingsVersion === settingsVersion) return prev;
    const analysis = prev && prev.version === doc.version ? prev.analysis : analyze(text);
    const report = corroborate(text, doc.uri, corpus.index, settings, analysis);
    const where = checkedFileFor(doc.uri);
    if (where) report.findings = report.findings.filter((f) => !checked.isChecked(where.rel, f.code, f.text));
    const entry: Cached = { version: doc.version, analysis, corpusVersion: cv, settingsVersion, report, diagnostics: toDiagnostics(doc, report.findings, settings) };
    cache.set(doc.uri, entry);
    const counts: Record<string, number> = {};
    for (const f of report.findings) counts[f.code] = (counts[f.code] ?? 0) + 1;
    sendStatus(doc.uri, counts);
    const analyzed: AnalyzedParams = { uri: doc.uri, version: doc.version, findings: entry.diagnostics.length };
    void connection.sendNotification(AnalyzedNotification, analyzed);
    return entry;
  }

  function safeCompute(doc: TextDocument): Cached | null {
    try {
      return compute(doc);
    } catch (e) {
      log(`Analysis of ${doc.uri} failed: ${(e as Error).stack ?? e}`);
      return null;
    }
  }

  function sendStatus(uri?: string, counts?: Record<string, number>): void {
    const st = corpus.index.stats();
    const p: StatusParams = { state: corpus.state === 'ready' ? 'ready' : 'indexing', documents: st.documents, passages: st.passages, skipped: corpus.skipped.size, uri, counts };
    void connection.sendNotification(StatusNotification, p);
  }

  function push(doc: TextDocument): void {
    const c = safeCompute(doc);
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: c?.diagnostics ?? [] });
  }

  function schedulePush(doc: TextDocument): void {
    if (pullDiagnostics) return;
    clearTimeout(pushTimers.get(doc.uri));
    pushTimers.set(
      doc.uri,
      setTimeout(() => {
        pushTimers.delete(doc.uri);
        const current = documents.get(doc.uri);
        if (current) push(current); // the latest version: stale versions are dropped
      }, settings.debounceMs),
    );
  }

  let refreshQueued = false;
  function refreshAll(): void {
    if (refreshQueued) return;
    refreshQueued = true;
    setImmediate(() => {
      refreshQueued = false;
      sendStatus();
      if (pullDiagnostics) {
        if (refreshSupport) void connection.languages.diagnostics.refresh();
      } else {
        for (const d of documents.all()) schedulePush(d);
      }
    });
  }

  // ------------------------------------------------------------------ lifecycle
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    refreshSupport = !!caps.workspace?.diagnostics?.refreshSupport;
    configurationSupport = !!caps.workspace?.configuration;
    configurationRegistration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    workspaceFoldersSupport = !!caps.workspace?.workspaceFolders;
    watchRegistration = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    progressSupport = !!caps.window?.workDoneProgress;
    folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (folders.length === 0 && params.rootUri) folders = [params.rootUri];
    corpus.setFolders(folders);
    const init = params.initializationOptions as { settings?: unknown; storagePath?: unknown } | undefined;
    loadWorkspaceConfig(folders[0] ?? (params.rootPath ? URI.file(params.rootPath).toString() : null));
    if (init?.settings || workspaceConfig.file) applySettings(init?.settings);
    if (typeof init?.storagePath === 'string' && path.isAbsolute(init.storagePath)) storagePath = init.storagePath;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        executeCommandProvider: { commands: [Commands.markChecked] },
        diagnosticProvider: pullDiagnostics ? { identifier: 'corroborate', interFileDependencies: true, workspaceDiagnostics: false } : undefined,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'corroborate', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    // Only to clients that accept it (eglot warns the user about a registration it does not support).
    if (configurationSupport && configurationRegistration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'corroborate' });
    if (watchRegistration) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
    if (watchRegistration) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/.corroborate.json' }] });
    await fetchSettings();
    reloadChecked();
    warmUp();
    // vscode-languageserver throws here for a client without the workspaceFolders capability.
    if (workspaceFoldersSupport)
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        folders = folders.filter((f) => !e.removed.some((r) => r.uri === f)).concat(e.added.map((a) => a.uri));
        corpus.setFolders(folders);
        if (configPathOf(folders[0]) !== workspaceConfigFile && loadWorkspaceConfig(folders[0] ?? null)) applySettings(clientSettings);
        void reindex();
      });
    await reindex();
  });

  /** Compiles the analysis code paths once, so that the first real document does not pay for it. */
  function warmUp(): void {
    const text =
      'Mayor Elena Varga said on Monday that the council would spend 3.2 million euros on the bridge. “We will finish the repairs by June,” she told reporters. ' +
      'The river rose by two metres in 48 hours, according to the harbour authority, more than in any flood since 1987.';
    const t0 = Date.now();
    try {
      // With the corpus once it is indexed, so that the search paths are compiled too (not cached: the
      // warm-up document is not in the corpus, and the query differs each time).
      // A few dozen paragraphs, so that the optimiser sees the paths a real article takes.
      const long = Array.from({ length: 40 }, (_, i) => text.replace(/\d+/g, (d) => String(Number(d) + i))).join('\n\n');
      const rounds = corpus.state === 'ready' ? 1 : 3; // once compiled at start, one round reaches the index paths
      for (let i = 0; i < rounds; i++) corroborate(long + ' '.repeat(i), 'warmup:', corpus.state === 'ready' ? corpus.index : null, settings);
      // Then searches on the real index with sentences of indexed files: the first searches of a process
      // cost several times the next ones, and a document opened next should not pay for that.
      if (corpus.state === 'ready') {
        const texts = corpus.warmupTexts();
        const options = { top: settings['corroboration.maxResults'], exclude: 'warmup:', minScore: settings['corroboration.threshold'], perDocument: true };
        for (const q of warmupQueries(texts, WARMUP_QUERIES)) corpus.index.search(q, options);
        // And the analysis on a few real articles of the workspace, whose sentences take paths the built-in
        // one does not; the per-sentence caches are emptied after, so only the compiled code remains.
        for (const t of texts.slice(0, WARMUP_TEXTS)) analyze(t);
        clearAnalysisCaches();
        log(`Warm-up on the index: ${Date.now() - t0} ms.`);
      }
    } catch (e) {
      log(`Warm-up failed: ${(e as Error).message}`);
    }
  }

  /** Indexes the workspace; `fresh` reads every file again (the "Re-index" command). */
  async function reindex(fresh = false): Promise<void> {
    if (progressSupport) {
      try {
        progress = await connection.window.createWorkDoneProgress();
        progress.begin('Corroborate: indexing workspace', undefined, undefined, false);
      } catch {
        progress = null;
      }
    }
    sendStatus();
    try {
      await corpus.indexAll(fresh);
      warmUp();
    } catch (e) {
      log(`Indexing failed: ${(e as Error).stack ?? e}`);
    } finally {
      progress?.done();
      progress = null;
      // Open buffers take precedence over what was read from disk.
      for (const d of documents.all()) if (isAnalysed(d)) corpus.setBuffer(d.uri, d.getText());
      sendStatus();
      refreshAll();
    }
  }

  connection.onDidChangeConfiguration(async (change) => {
    const corpusKey = (s: Settings) => JSON.stringify([s['corpus.include'], s['corpus.exclude'], s.maxFileSize]);
    const before = corpusKey(settings);
    if (configurationSupport) await fetchSettings();
    else applySettings((change.settings as { corroborate?: unknown } | undefined)?.corroborate ?? {});
    reloadChecked();
    cache.clear();
    // Which files make the corpus changed: index again (files now excluded leave it).
    if (corpusKey(settings) !== before) void reindex();
    else refreshAll();
  });

  connection.onDidChangeWatchedFiles(async (e) => {
    if (e.changes.some((c) => isWorkspaceConfig(c.uri))) workspaceConfigChanged();
    for (const c of e.changes) {
      if (folders.some((f) => c.uri === f) || isWorkspaceConfig(c.uri)) continue;
      const store = folders[0] ? URI.file(path.join(URI.parse(folders[0]).fsPath, settings.checkedFile)).toString() : null;
      if (c.uri === store) {
        reloadChecked();
        cache.clear();
        refreshAll();
        continue;
      }
      await corpus.fileChanged(c.uri, c.type === FileChangeType.Deleted ? 'deleted' : c.type === FileChangeType.Created ? 'created' : 'changed');
    }
  });

  // ------------------------------------------------------------------ documents
  documents.onDidOpen((e) => {
    if (isAnalysed(e.document)) corpus.setBuffer(e.document.uri, e.document.getText());
    schedulePush(e.document);
  });
  documents.onDidChangeContent((e) => {
    if (isAnalysed(e.document)) corpus.setBuffer(e.document.uri, e.document.getText(), BUFFER_INDEX_DELAY_MS);
    schedulePush(e.document);
  });
  documents.onDidClose((e) => {
    cache.delete(e.document.uri);
    clearTimeout(pushTimers.get(e.document.uri));
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    void corpus.closeBuffer(e.document.uri);
  });

  connection.languages.diagnostics.on(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const c = safeCompute(doc);
    return { kind: DocumentDiagnosticReportKind.Full, items: c?.diagnostics ?? [] };
  });

  const report = (doc: TextDocument) => safeCompute(doc)?.report ?? null;
  const hover = makeHoverHandler({ document: (u) => documents.get(u), report });
  connection.onHover((p) => {
    try {
      return hover(p);
    } catch (e) {
      log(`Hover failed: ${(e as Error).message}`);
      return null;
    }
  });
  const codeActions = makeCodeActionHandler({ document: (u) => documents.get(u), settings: () => settings });
  connection.onCodeAction((p) => {
    try {
      return codeActions(p);
    } catch (e) {
      log(`Code actions failed: ${(e as Error).message}`);
      return [];
    }
  });

  connection.onExecuteCommand(async (p) => {
    if (p.command !== Commands.markChecked) return;
    const args = p.arguments?.[0] as MarkCheckedArgs | undefined;
    if (!args || typeof args.uri !== 'string' || typeof args.code !== 'string' || typeof args.text !== 'string') return;
    const where = checkedFileFor(args.uri);
    if (!where) {
      void connection.window.showWarningMessage('Corroborate: "Mark as checked" needs a document inside a workspace folder.');
      return;
    }
    await checked.add(where.store, { file: where.rel, code: args.code, text: args.text });
    checked.load(where.store);
    cache.clear();
    const doc = documents.get(args.uri);
    if (doc && !pullDiagnostics) push(doc);
    refreshAll();
  });

  connection.onRequest(SearchRequest, (p: SearchParams): SearchResultItem[] => {
    const text = typeof p?.text === 'string' ? p.text : '';
    if (!text.trim()) return [];
    return corpus.index
      .search(text, { top: p.top ?? settings['corroboration.maxResults'] * 3, exclude: p.uri, perDocument: false })
      .map((r) => ({ uri: r.path, line: r.line, start: r.start, end: r.end, text: r.text, score: r.score }));
  });

  // Internal, for tests only (not part of the protocol clients rely on): the server's copy of an open
  // document, so that a fuzz test can check that incremental edits never corrupt it.
  connection.onRequest(DocumentTextRequest, (p: { uri?: unknown }) => {
    const doc = typeof p?.uri === 'string' ? documents.get(p.uri) : undefined;
    return doc ? { uri: doc.uri, version: doc.version, text: doc.getText() } : null;
  });

  connection.onRequest(ReindexRequest, async () => {
    await reindex(true);
    return corpus.index.stats();
  });

  documents.listen(connection);
  connection.listen();
}
