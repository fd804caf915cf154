// What the client declared, read once from `initialize`: every optional LSP feature the server uses is used
// only when the client declares it, and the absence of any of them never stops the server (SPEC, "Language
// server for every editor"). Pure, so each client profile is unit-tested.
import { MarkupKind, type ClientCapabilities } from 'vscode-languageserver';

export interface ClientProfile {
  /** `textDocument/diagnostic` (pull); otherwise diagnostics are pushed. */
  pullDiagnostics: boolean;
  /** `workspace/diagnostic/refresh`. */
  refreshSupport: boolean;
  /** `workspace/configuration`. */
  configuration: boolean;
  /** Dynamic registration of `workspace/didChangeConfiguration`. */
  configurationRegistration: boolean;
  /** `workspace/workspaceFolders` and its change notifications. */
  workspaceFolders: boolean;
  /** Dynamic registration of file watchers (`workspace/didChangeWatchedFiles`). */
  watchRegistration: boolean;
  /** `window/workDoneProgress`. */
  progress: boolean;
  /** Hover contents as Markdown; otherwise plain text. */
  hoverMarkdown: boolean;
  /** Code actions as `CodeAction` literals; otherwise as `Command`s the server carries out. */
  codeActionLiterals: boolean;
  /** Versioned `documentChanges` in workspace edits; otherwise `changes`. */
  documentChanges: boolean;
  /** `workspace/applyEdit` (how a command-style "Cite" edits the document). */
  applyEdit: boolean;
  /** `relatedInformation` on diagnostics. */
  relatedInformation: boolean;
  /** `codeDescription` (the link to the code's documentation) on diagnostics. */
  codeDescription: boolean;
}

export function clientProfile(caps: ClientCapabilities | undefined | null): ClientProfile {
  const c = caps ?? {};
  const td = c.textDocument ?? {};
  const ws = c.workspace ?? {};
  const hoverFormats = td.hover?.contentFormat;
  const publish = td.publishDiagnostics;
  const pull = !!td.diagnostic;
  return {
    pullDiagnostics: pull,
    refreshSupport: !!ws.diagnostics?.refreshSupport,
    configuration: !!ws.configuration,
    configurationRegistration: !!ws.didChangeConfiguration?.dynamicRegistration,
    workspaceFolders: !!ws.workspaceFolders,
    watchRegistration: !!ws.didChangeWatchedFiles?.dynamicRegistration,
    progress: !!c.window?.workDoneProgress,
    // A client that names its formats gets Markdown only when it lists it; one that names none is answered in
    // plain text, which every client can show.
    hoverMarkdown: Array.isArray(hoverFormats) && hoverFormats.includes(MarkupKind.Markdown),
    codeActionLiterals: !!td.codeAction?.codeActionLiteralSupport,
    documentChanges: !!ws.workspaceEdit?.documentChanges,
    applyEdit: !!ws.applyEdit,
    // Pull clients (VS Code and the like) take related information on pulled diagnostics as on pushed ones.
    relatedInformation: !!publish?.relatedInformation || pull,
    codeDescription: !!publish?.codeDescriptionSupport || pull,
  };
}

/** What the server may use with a client that declares everything (tests of the handlers, the CLI). */
export const FULL_PROFILE: ClientProfile = {
  pullDiagnostics: true,
  refreshSupport: true,
  configuration: true,
  configurationRegistration: true,
  workspaceFolders: true,
  watchRegistration: true,
  progress: true,
  hoverMarkdown: true,
  codeActionLiterals: true,
  documentChanges: true,
  applyEdit: true,
  relatedInformation: true,
  codeDescription: true,
};
