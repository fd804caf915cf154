// The language server: wires documents, settings, the corpus and the handlers together. Thin: every
// judgement is made by the engine (corroborate()), every handler is a small factory in its own file.
import * as path from 'node:path';
import {
  DiagnosticRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
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
import type { Analysis, Passage } from '../engine/types';
import { passageWhere } from '../corpus/where';
import { corroborate, type DocumentReport } from '../corpus/corroborate';
import { ArchiveSearcher, connect, redactUrl } from '../corpus/archive/db';
import { ArchiveSession } from '../corpus/archive/layered';
import {
  AnalyzedNotification,
  Commands,
  ReindexRequest,
  SearchRequest,
  StatusNotification,
  type AnalyzedParams,
  type ApplyEditArgs,
  type MarkCheckedArgs,
  type SearchParams,
  type SearchResultItem,
  type StatusParams,
} from '../protocol';
import { corpusFilter, defaultSettings, parseSettings, type Settings } from '../settings';
import { clientProfile, type ClientProfile } from './capabilities';
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
/** After the settled diagnostics are sent, how long the server waits before writing the index to disk. */
const SETTLE_GRACE_MS = 150;

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
  /** The archive's results version it was computed with (0: no archive). */
  archiveVersion: number;
  settingsVersion: number;
  /** Computed while the workspace was being read: never served once reading is over. */
  partial: boolean;
  report: DocumentReport;
  diagnostics: Diagnostic[];
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let settings: Settings = defaultSettings();
  let settingsVersion = 0;
  /** What the client declared (capabilities.ts): nothing optional is used unless it is there. */
  let client: ClientProfile = clientProfile(null);
  /** Asks a pull client that supports it to pull diagnostics again. */
  const requestRefresh = () => {
    if (client.refreshSupport) void ask('workspace/diagnostic/refresh', () => connection.sendRequest(DiagnosticRefreshRequest.type), undefined);
  };
  let folders: string[] = [];
  const reportedProblems = new Set<string>();
  const tooLargeReported = new Set<string>();
  const cache = new Map<string, Cached>();
  const pushTimers = new Map<string, NodeJS.Timeout>();
  const log = (m: string) => connection.console.log(m);
  /**
   * A message for the user, as a notification: a `window/showMessageRequest` would wait for an answer that a
   * client may refuse or never give, and an error reply must not stop the server.
   */
  const notify = (type: MessageType, message: string) => void connection.sendNotification(ShowMessageNotification.type, { type, message });
  /**
   * A request to the client whose failure or silence never stops the server: an error is logged and counts as
   * `fallback`, and so does no answer within `ms` (the server goes on with its defaults). An answer that comes
   * after that is not lost: it goes to `late`.
   */
  function ask<T>(what: string, request: () => Promise<T>, fallback: T, late?: (v: T) => void, ms = 3_000): Promise<T> {
    return new Promise<T>((resolve) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        log(`The client did not answer ${what} within ${ms} ms: going on without it.`);
        resolve(fallback);
      }, ms);
      timer.unref?.();
      let p: Promise<T>;
      try {
        p = request();
      } catch (e) {
        p = Promise.reject(e);
      }
      p.then(
        (v) => {
          clearTimeout(timer);
          if (!timedOut) resolve(v);
          else if (late) {
            log(`The client answered ${what} late: applying it now.`);
            late(v);
          }
        },
        (e) => (clearTimeout(timer), log(`The client refused ${what}: ${(e as Error)?.message ?? e}`), resolve(fallback)),
      );
    });
  }
  const checked = new CheckedStore(log);

  let progress: WorkDoneProgressServerReporter | null = null;
  /** The workspace is read, the open documents settled, the index kept and the search warmed up. */
  let ready = false;
  /** Increases with each indexing run: the end of a run that another replaced does nothing. */
  let indexRun = 0;
  const corpus = new CorpusManager({
    log,
    settings: () => settings,
    progress: (done, message) => progress?.report(message),
    onChange: () => refreshAll(),
    storagePath: () => storagePath,
    // Warm-up queries compile the search paths while the rest is read. With the kept index in, the open documents
    // are also analysed again at once (their verdicts still say that the workspace is being checked): the searches
    // are those of the settled analysis, which then finds them cached when the files turn out unchanged.
    partlyRead: (kept) => {
      if (kept) refreshAll();
      searchWarming ??= warmUpSearch();
    },
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
    // The same settings again (as fetched at start-up after a document was analysed with the defaults) keep
    // every cached report: only a real change costs a new analysis.
    if (JSON.stringify(r.settings) !== JSON.stringify(settings)) settingsVersion++;
    settings = r.settings;
    configureArchive();
    for (const p of r.problems) {
      log(p);
      if (!reportedProblems.has(p)) {
        reportedProblems.add(p);
        notify(MessageType.Warning, `Corroborate: ${p}`);
      }
    }
  }

  // ------------------------------------------------------------------ shared archive
  /** The desk's archive (setting corroborate.archive.url): fetched in the background, never on the typing path. */
  let archive: { url: string; session: ArchiveSession; searcher: ArchiveSearcher } | null = null;
  /** How long an archive search may take before the archive counts as unavailable, and the wait before retrying. */
  const ARCHIVE_TIMEOUT_MS = Number(process.env.CORROBORATE_ARCHIVE_TIMEOUT_MS) || 5_000;
  const ARCHIVE_RETRY_MS = Number(process.env.CORROBORATE_ARCHIVE_RETRY_MS) || 30_000;

  function configureArchive(): void {
    const url = settings['archive.url'];
    if ((archive?.url ?? '') === url) return;
    if (archive) {
      archive.session.close();
      void archive.searcher.pool.end().catch(() => {});
      archive = null;
    }
    if (!url) return;
    let searcher: ArchiveSearcher;
    try {
      searcher = new ArchiveSearcher(connect(url, { readOnly: true, statementTimeoutMs: ARCHIVE_TIMEOUT_MS, connectTimeoutMs: ARCHIVE_TIMEOUT_MS }));
    } catch (e) {
      notify(MessageType.Warning, `Corroborate: setting "corroborate.archive.url": ${(e as Error).message}`);
      return;
    }
    const shown = redactUrl(url);
    const session = new ArchiveSession(
      searcher,
      {
        changed: () => refreshAll(),
        unavailable: (reason) => {
          log(`The archive ${shown} is unavailable: ${reason}`);
          notify(MessageType.Warning, `Corroborate: the archive ${shown} is unavailable (${reason}); the workspace's passages only until it answers again.`);
        },
        available: () => log(`The archive ${shown} answers again: its passages are back.`),
      },
      { timeoutMs: ARCHIVE_TIMEOUT_MS, retryMs: ARCHIVE_RETRY_MS },
    );
    archive = { url, session, searcher };
    log(`Archive: ${shown}`);
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

  /**
   * Settings change (the client's, or .corroborate.json): `update` applies them; then every document is analysed
   * again, and the corpus read again when which files make it changed (files now excluded leave it).
   */
  async function settingsChanged(update: () => Promise<boolean> | boolean): Promise<void> {
    const corpusKey = (s: Settings) => JSON.stringify([corpusFilter(s), s.maxFileSize, s.maxSourceFileSize]);
    const before = corpusKey(settings);
    if (!(await update())) return;
    reloadChecked();
    cache.clear();
    if (corpusKey(settings) !== before) void reindex();
    else refreshAll();
  }

  /** The file was created, changed or deleted: settings are applied again as on a configuration change. */
  const workspaceConfigChanged = () =>
    settingsChanged(() => {
      if (!loadWorkspaceConfig()) return false;
      applySettings(clientSettings);
      return true;
    });

  async function fetchSettings(): Promise<void> {
    if (!client.configuration) return;
    try {
      const raw = await ask('workspace/configuration', () => connection.workspace.getConfiguration('corroborate'), undefined, (v) => {
        void settingsChanged(() => (applySettings(v), true));
      });
      if (raw !== undefined) applySettings(raw);
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
        notify(MessageType.Info, `Corroborate: ${m}`);
      }
      return null;
    }
    const prev = cache.get(doc.uri);
    const cv = corpus.index.versionExcept(doc.uri);
    const av = archive ? archive.session.version : 0;
    const reading = corpus.progress();
    if (prev && prev.version === doc.version && prev.settingsVersion === settingsVersion && prev.partial === !!reading && prev.archiveVersion === av) {
      // While the workspace is read, every batch moves the corpus version: a report of the same text is kept
      // until reading ends (then everything is refreshed), so that hovers and pulls do not search it again.
      if (reading || prev.corpusVersion === cv) return prev;
    }
    const analysis = prev && prev.version === doc.version ? prev.analysis : analyze(text);
    // With an archive, its results fetched so far join the local ones; the queries it has not answered yet are
    // fetched in the background, and the document is analysed again when they come (refreshAll).
    const backend = archive ? archive.session.layer(corpus.index) : corpus.index;
    const report = corroborate(text, doc.uri, backend, settings, analysis, { progress: reading });
    const where = checkedFileFor(doc.uri);
    if (where) report.findings = report.findings.filter((f) => !checked.isChecked(where.rel, f.code, f.text));
    const entry: Cached = { version: doc.version, analysis, corpusVersion: cv, archiveVersion: av, settingsVersion, partial: !!reading, report, diagnostics: toDiagnostics(doc, report.findings, settings, client) };
    cache.set(doc.uri, entry);
    const counts: Record<string, number> = {};
    for (const f of report.findings) counts[f.code] = (counts[f.code] ?? 0) + 1;
    sendStatus(doc.uri, counts);
    const analyzed: AnalyzedParams = { uri: doc.uri, version: doc.version, findings: entry.diagnostics.length, progress: reading };
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
    const pr = corpus.progress();
    const p: StatusParams = {
      state: ready ? 'ready' : 'indexing',
      documents: st.documents,
      passages: st.passages,
      skipped: corpus.skipped.size,
      uri,
      counts,
      ...(pr ? { read: pr.read, total: pr.total } : {}),
    };
    void connection.sendNotification(StatusNotification, p);
  }

  function push(doc: TextDocument): void {
    const c = safeCompute(doc);
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: c?.diagnostics ?? [] });
  }

  function schedulePush(doc: TextDocument): void {
    if (client.pullDiagnostics) return;
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
      if (client.pullDiagnostics) {
        requestRefresh();
      } else {
        for (const d of documents.all()) schedulePush(d);
      }
    });
  }

  // ------------------------------------------------------------------ lifecycle
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    client = clientProfile(params.capabilities);
    // The root: workspace folders, else rootUri, else the deprecated rootPath (older clients send only that);
    // none at all is one loose file, analysed against the open buffers.
    folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (folders.length === 0 && params.rootUri) folders = [params.rootUri];
    if (folders.length === 0 && typeof params.rootPath === 'string' && params.rootPath) folders = [URI.file(path.resolve(params.rootPath)).toString()];
    corpus.setFolders(folders);
    if (folders.length) corpus.prestart();
    const init = params.initializationOptions as { settings?: unknown; storagePath?: unknown } | undefined;
    loadWorkspaceConfig(folders[0] ?? null);
    if (init?.settings || workspaceConfig.file) applySettings(init?.settings);
    if (typeof init?.storagePath === 'string' && path.isAbsolute(init.storagePath)) storagePath = init.storagePath;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        executeCommandProvider: { commands: [Commands.markChecked, Commands.applyEdit] },
        diagnosticProvider: client.pullDiagnostics ? { identifier: 'corroborate', interFileDependencies: true, workspaceDiagnostics: false } : undefined,
        workspace: client.workspaceFolders ? { workspaceFolders: { supported: true, changeNotifications: true } } : undefined,
      },
      serverInfo: { name: 'corroborate', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    // Only to clients that accept it (eglot warns the user about a registration it does not support).
    if (client.configuration && client.configurationRegistration) void ask('client/registerCapability', () => connection.client.register(DidChangeConfigurationNotification.type, { section: 'corroborate' }), undefined);
    if (client.watchRegistration) void ask('client/registerCapability', () => connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] }), undefined);
    await fetchSettings();
    reloadChecked();
    // Only a client that declares workspace folders may be asked for their changes (the library throws otherwise).
    if (client.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        folders = folders.filter((f) => !e.removed.some((r) => r.uri === f)).concat(e.added.map((a) => a.uri));
        corpus.setFolders(folders);
        if (configPathOf(folders[0]) !== workspaceConfigFile && loadWorkspaceConfig(folders[0] ?? null)) applySettings(clientSettings);
        void reindex();
      });
    }
    // The reading threads start first; the analysis code is compiled meanwhile.
    const indexing = reindex();
    await warmUp();
    await indexing;
  });

  const tick = () => new Promise<void>((r) => setImmediate(r));

  /** The search warm-up started while the workspace is read (once per process). */
  let searchWarming: Promise<void> | null = null;
  /**
   * Searches with sentences of indexed files, run once while the workspace is still being read (between the
   * readers' batches): the first searches of a process cost several times the next ones, and the settled
   * verdicts computed when reading ends should not pay for that.
   */
  async function warmUpSearch(): Promise<void> {
    const t0 = Date.now();
    try {
      const options = { top: settings['corroboration.maxResults'], exclude: 'warmup:', minScore: settings['corroboration.threshold'], perDocument: true };
      const queries = warmupQueries(corpus.warmupTexts(), WARMUP_QUERIES);
      for (let i = 0; i < queries.length; i++) {
        corpus.index.search(queries[i]!, options);
        await tick();
      }
      log(`Warm-up of the search while reading: ${Date.now() - t0} ms.`);
    } catch (e) {
      log(`Warm-up failed: ${(e as Error).message}`);
    }
  }

  /**
   * Compiles the analysis code paths once, so that the first real document does not pay for it. In steps with
   * the event loop let through between them (requests are answered meanwhile).
   */
  async function warmUp(): Promise<void> {
    const text =
      'Mayor Elena Varga said on Monday that the council would spend 3.2 million euros on the bridge. “We will finish the repairs by June,” she told reporters. ' +
      'The river rose by two metres in 48 hours, according to the harbour authority, more than in any flood since 1987.';
    const t0 = Date.now();
    try {
      // With the corpus once it is indexed, so that the search paths are compiled too (not cached: the
      // warm-up document is not in the corpus, and the query differs each time).
      // A few dozen paragraphs, so that the optimiser sees the paths a real article takes.
      const paragraphs = Array.from({ length: 40 }, (_, i) => text.replace(/\d+/g, (d) => String(Number(d) + i)));
      const indexed = corpus.state === 'ready';
      // Compiles the analysis at start (the reading threads run meanwhile), and reaches the index paths after;
      // ten paragraphs at a time, so that no request waits for the whole of it.
      for (let i = 0; i < paragraphs.length; i += 10) {
        corroborate(paragraphs.slice(i, i + 10).join('\n\n'), 'warmup:', indexed ? corpus.index : null, settings);
        await tick();
      }
      // Then searches on the real index with sentences of indexed files: the first searches of a process
      // cost several times the next ones, and a document opened next should not pay for that.
      if (indexed) {
        const texts = corpus.warmupTexts();
        const options = { top: settings['corroboration.maxResults'], exclude: 'warmup:', minScore: settings['corroboration.threshold'], perDocument: true };
        const queries = warmupQueries(texts, WARMUP_QUERIES);
        for (let i = 0; i < queries.length; i++) {
          corpus.index.search(queries[i]!, options);
          if (i % 8 === 7) await tick();
        }
        // And the analysis on a few real articles of the workspace, whose sentences take paths the built-in
        // one does not; the per-sentence caches are emptied after, so only the compiled code remains.
        for (const t of texts.slice(0, WARMUP_TEXTS)) {
          analyze(t);
          await tick();
        }
        clearAnalysisCaches();
        log(`Warm-up on the index: ${Date.now() - t0} ms.`);
      }
    } catch (e) {
      log(`Warm-up failed: ${(e as Error).message}`);
    }
  }

  /**
   * Indexes the workspace; `fresh` reads every file again (the "Re-index" command). While it reads, every
   * verdict carries the progress (no "unsupported" claim); when reading ends, the open documents are computed
   * again and refreshed at once (pull clients get workspace/diagnostic/refresh, push-only clients fresh
   * diagnostics), and only then is the index kept on disk and the search warmed up, before the status says ready.
   */
  async function reindex(fresh = false): Promise<void> {
    const run = ++indexRun;
    ready = false;
    // Started before anything is awaited: from here on, every verdict carries the progress.
    const indexing = corpus.indexAll(fresh);
    if (client.progress && !progress) {
      try {
        const p = await ask('window/workDoneProgress/create', () => connection.window.createWorkDoneProgress(), null);
        if (!p) throw new Error('no progress');
        p.begin('Corroborate: indexing workspace', undefined, undefined, false);
        progress = p;
      } catch {
        progress = null;
      }
    }
    sendStatus();
    // A reading again (settings, folders, the Re-index command): what the clients show was settled on the old
    // corpus; they get the verdicts with the progress until this reading ends.
    if (run > 1) refreshAll();
    try {
      await indexing;
    } catch (e) {
      log(`Indexing failed: ${(e as Error).stack ?? e}`);
    }
    if (run !== indexRun) return; // a newer run took over: its end settles
    progress?.done();
    progress = null;
    try {
      // Open buffers take precedence over what was read from disk.
      for (const d of documents.all()) if (isAnalysed(d)) corpus.setBuffer(d.uri, d.getText());
      settle();
      // Let the clients ask for what was refreshed before the longer steps.
      await new Promise((r) => setTimeout(r, SETTLE_GRACE_MS));
      if (run !== indexRun) return;
      await corpus.keepPending();
      await tick();
      await searchWarming; // started while reading: done before the status says ready
      await warmUp();
    } catch (e) {
      log(`After indexing: ${(e as Error).stack ?? e}`);
    }
    if (run !== indexRun) return;
    ready = true;
    sendStatus();
  }

  /** Reading is over: every open document gets its settled verdicts now (not debounced). */
  function settle(): void {
    for (const t of pushTimers.values()) clearTimeout(t);
    pushTimers.clear();
    if (client.pullDiagnostics) {
      for (const d of documents.all()) safeCompute(d);
      requestRefresh();
    } else {
      for (const d of documents.all()) push(d);
    }
    sendStatus();
  }

  connection.onDidChangeConfiguration((change) =>
    settingsChanged(async () => {
      if (client.configuration) await fetchSettings();
      else applySettings((change.settings as { corroborate?: unknown } | undefined)?.corroborate ?? {});
      return true;
    }),
  );

  connection.onDidChangeWatchedFiles(async (e) => {
    if (e.changes.some((c) => isWorkspaceConfig(c.uri))) void workspaceConfigChanged();
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
    if (!client.pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    void corpus.closeBuffer(e.document.uri);
  });

  connection.languages.diagnostics.on(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const c = safeCompute(doc);
    return { kind: DocumentDiagnosticReportKind.Full, items: c?.diagnostics ?? [] };
  });

  const report = (doc: TextDocument) => safeCompute(doc)?.report ?? null;
  const hover = makeHoverHandler({ document: (u) => documents.get(u), report, get markdown() { return client.hoverMarkdown; } });
  connection.onHover((p) => {
    try {
      return hover(p);
    } catch (e) {
      log(`Hover failed: ${(e as Error).message}`);
      return null;
    }
  });
  const codeActions = makeCodeActionHandler({
    document: (u) => documents.get(u),
    settings: () => settings,
    get literals() { return client.codeActionLiterals; },
    get documentChanges() { return client.documentChanges; },
  });
  connection.onCodeAction((p) => {
    try {
      return codeActions(p);
    } catch (e) {
      log(`Code actions failed: ${(e as Error).message}`);
      return [];
    }
  });

  connection.onExecuteCommand(async (p) => {
    if (p.command === Commands.applyEdit) {
      // A "Cite" answered as a command (the client takes no code-action literals): the server applies its edit,
      // only to the version it was computed for (never to a document typed into since).
      const args = p.arguments?.[0] as ApplyEditArgs | undefined;
      if (!client.applyEdit || !args || typeof args !== 'object' || !args.edit || typeof args.edit !== 'object') return;
      const doc = documents.get(args.uri);
      if (!doc || doc.version !== args.version) {
        notify(MessageType.Info, 'Corroborate: the document changed since this fix was offered; ask for it again.');
        return;
      }
      const r = await ask('workspace/applyEdit', () => connection.workspace.applyEdit(args.edit), null);
      if (r && !r.applied) log(`The client did not apply the edit${r.failureReason ? `: ${r.failureReason}` : ''}.`);
      return;
    }
    if (p.command !== Commands.markChecked) return;
    const args = p.arguments?.[0] as MarkCheckedArgs | undefined;
    if (!args || typeof args.uri !== 'string' || typeof args.code !== 'string' || typeof args.text !== 'string') return;
    const where = checkedFileFor(args.uri);
    if (!where) {
      notify(MessageType.Warning, 'Corroborate: "Mark as checked" needs a document inside a workspace folder.');
      return;
    }
    await checked.add(where.store, { file: where.rel, code: args.code, text: args.text });
    checked.load(where.store);
    cache.clear();
    const doc = documents.get(args.uri);
    if (doc && !client.pullDiagnostics) push(doc);
    refreshAll();
  });

  connection.onRequest(SearchRequest, async (p: SearchParams): Promise<SearchResultItem[]> => {
    const text = typeof p?.text === 'string' ? p.text : '';
    if (!text.trim()) return [];
    const options = { top: typeof p.top === 'number' && p.top > 0 ? Math.min(100, Math.floor(p.top)) : settings['corroboration.maxResults'] * 3, exclude: p.uri, perDocument: false };
    const item = (r: Passage): SearchResultItem => {
      const out: SearchResultItem = { uri: r.path, line: r.line, start: r.start, end: r.end, text: r.text, score: r.score, where: passageWhere(r) };
      if (r.page !== undefined) out.page = r.page;
      if (r.time !== undefined) out.time = r.time;
      if (r.rating) out.rating = r.rating;
      if (r.archive) out.archive = true;
      return out;
    };
    // The archive's share is a request of its own, answered within the archive's timeout (none when it is not
    // set or unavailable): the client shows the workspace's passages without waiting for it.
    if (p.archive === true) return archive ? (await archive.session.searchNow({ query: text, options })).map(item) : [];
    return corpus.index.search(text, options).map(item);
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
