// The typed protocol shared by the client and the server: custom requests, notifications, commands.
// No `vscode` or LSP import, so both sides (and tests) can use it.

export const Commands = {
  /** Server-side command: silence one finding ("Mark as checked"). Argument: MarkCheckedArgs. */
  markChecked: 'corroborate.markChecked',
  /** Server-side command: apply a workspace edit (a "Cite" for clients without code-action literals). Argument: ApplyEditArgs. */
  applyEdit: 'corroborate.applyEdit',
  /** Client commands. */
  reindex: 'corroborate.reindex',
  restartServer: 'corroborate.restartServer',
  showOutput: 'corroborate.showOutput',
  findCorroboration: 'corroborate.findCorroboration',
} as const;

export interface MarkCheckedArgs {
  uri: string;
  code: string;
  text: string;
}

/** Request `corroborate/search`: the corroboration search on any text. */
export const SearchRequest = 'corroborate/search';
export interface SearchParams {
  text: string;
  /** Document the text comes from (its passages are left out). */
  uri?: string;
  top?: number;
  /**
   * True: the shared archive's passages instead of the workspace's (corroborate.archive.url), awaited within the
   * archive's timeout; none when no archive is set or it is unavailable. Clients send it beside the local search
   * and show the local results without waiting for it.
   */
  archive?: boolean;
}
export interface SearchResultItem {
  /** The file's URI; for an archive passage, its document's path as ingested (not a file of this machine). */
  uri: string;
  line: number;
  start: number;
  end: number;
  text: string;
  score: number;
  /** 1-based page (PDF), start time in seconds (captions), rating (ClaimReview), when the passage has one. */
  page?: number;
  time?: number;
  rating?: { value: string; publisher: string; date: string; url: string };
  /** A passage of the shared archive. */
  archive?: boolean;
  /** Where it is, as hovers say it: "report.pdf, page 3", "speech.vtt:12 (12:04)", "notes.md:4". */
  where?: string;
}

/** Request `corroborate/reindex`: drop the corpus and index the workspace again. */
export const ReindexRequest = 'corroborate/reindex';

/** Notification `corroborate/status`: index state and the counts of one document. */
export const StatusNotification = 'corroborate/status';
export interface StatusParams {
  state: 'indexing' | 'ready';
  documents: number;
  passages: number;
  /** Files skipped (too large, binary...). */
  skipped: number;
  /** Findings per code for `uri`, when given. */
  uri?: string;
  counts?: Record<string, number>;
  /** While the workspace is read: files read, of how many (null while they are listed). */
  read?: number;
  total?: number | null;
}

/** Notification `corroborate/analyzed`: diagnostics of `uri` at `version` were computed (tests await it). */
export const AnalyzedNotification = 'corroborate/analyzed';
export interface AnalyzedParams {
  uri: string;
  version: number;
  findings: number;
  /** How far the reading of the workspace had come (null: read, the verdicts are settled). */
  progress?: { read: number; total: number | null } | null;
}

/** `data` attached to every diagnostic, so that code actions act without re-analysis. */
export interface DiagnosticData {
  uri: string;
  version: number;
  code: string;
  start: number;
  end: number;
  text: string;
  /** `page` (PDF) and `time` (captions) where the passage has them: the Cite fix cites report.pdf#page=3. */
  passages: Array<{ uri: string; line: number; start: number; end: number; score: number; page?: number; time?: number }>;
}

/** Argument of `corroborate.applyEdit`: the edit, and the document version it was computed for. */
export interface ApplyEditArgs {
  uri: string;
  version: number;
  edit: import('vscode-languageserver').WorkspaceEdit;
}
