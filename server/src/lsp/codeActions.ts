// Quick fixes: "Cite <document>:<line>" for each corroborating passage (a versioned edit: a client
// refuses it if the document changed since), and "Mark as checked". Honours `context.only`.
import * as path from 'node:path';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Command, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { citationEdits } from '../engine/citation';
import { baseName } from '../corpus/corroborate';
import { Commands, type ApplyEditArgs, type DiagnosticData, type MarkCheckedArgs } from '../protocol';
import type { Settings } from '../settings';
import { plain } from './markdown';
import { passageWhere } from '../corpus/where';

export interface CodeActionDeps {
  document(uri: string): TextDocument | undefined;
  settings(): Settings;
  /** The client takes `CodeAction` literals; otherwise each action is answered as a `Command`. Default true. */
  literals?: boolean;
  /** The client takes versioned `documentChanges`; otherwise edits go as `changes`. Default true. */
  documentChanges?: boolean;
}

/**
 * The citation target of `sourceUri` as seen from `docUri`: a relative path when both are files. Characters
 * that would end a Markdown link destination or a `[source: …]` marker (parentheses, brackets, spaces...) are
 * percent-encoded, so that a source named `x)[y](command:….txt` cannot write a link of its own.
 */
export function citationTarget(docUri: string, sourceUri: string): string {
  let target = sourceUri;
  if (docUri.startsWith('file:') && sourceUri.startsWith('file:')) {
    const rel = path.relative(path.dirname(URI.parse(docUri).fsPath), URI.parse(sourceUri).fsPath);
    target = rel.split(path.sep).join('/');
  }
  return target.replace(/[()[\]<>\s%"'\\`^{}|]/g, (c) => (c.charCodeAt(0) < 128 ? '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0') : encodeURIComponent(c)));
}

export function citationStyle(doc: TextDocument, settings: Settings): 'footnote' | 'inline' {
  const s = settings['citation.style'];
  if (s !== 'auto') return s;
  return doc.languageId === 'markdown' || /\.(?:md|markdown)$/i.test(doc.uri) ? 'footnote' : 'inline';
}

function isDiagnosticData(x: unknown): x is DiagnosticData {
  const d = x as DiagnosticData;
  return (
    !!d &&
    typeof d === 'object' &&
    typeof d.uri === 'string' &&
    Number.isInteger(d.version) &&
    typeof d.code === 'string' &&
    Number.isInteger(d.start) &&
    Number.isInteger(d.end) &&
    d.start >= 0 &&
    d.end >= d.start &&
    typeof d.text === 'string' &&
    Array.isArray(d.passages) &&
    d.passages.every((p) => !!p && typeof p.uri === 'string' && Number.isInteger(p.line) && p.line >= 0)
  );
}

/** A code action as a client without code-action literals takes it: the command (a "Cite" carries its edit). */
/**
 * A code action as a client without code-action literals takes it: the command. A "Cite" carries its edit and
 * the document version it was computed for, which the server checks before it applies it (the command may be
 * run after further typing, and `changes` edits carry no version of their own).
 */
function asCommand(a: CodeAction, doc: TextDocument): Command {
  if (a.command) return a.command;
  const args: ApplyEditArgs = { uri: doc.uri, version: doc.version, edit: a.edit! };
  return { title: a.title, command: Commands.applyEdit, arguments: [args] };
}

export function makeCodeActionHandler(deps: CodeActionDeps) {
  const literal = makeCodeActions(deps);
  return (params: CodeActionParams): Array<CodeAction | Command> => {
    const actions = literal(params);
    const doc = deps.document(params.textDocument.uri);
    return deps.literals === false && doc ? actions.map((a) => asCommand(a, doc)) : actions;
  };
}

function makeCodeActions(deps: CodeActionDeps) {
  const edit = (doc: TextDocument, edits: Array<{ start: number; end: number; newText: string }>): WorkspaceEdit => {
    const changes = edits.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.newText }));
    // Versioned when the client can check the version; otherwise the version was checked here, just now.
    return deps.documentChanges === false ? { changes: { [doc.uri]: changes } } : { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: changes }] };
  };
  return (params: CodeActionParams): CodeAction[] => {
    const only = params.context.only;
    if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k + '.') || k === CodeActionKind.Empty)) return [];
    const doc = deps.document(params.textDocument.uri);
    if (!doc) return [];
    const actions: CodeAction[] = [];
    for (const d of params.context.diagnostics) {
      if (d.source !== 'corroborate' || !d.data) continue;
      const data = d.data as DiagnosticData;
      // Whatever the client sends back is checked: a malformed `data` gets no action rather than an error.
      if (!isDiagnosticData(data)) continue;
      // Computed for another version: never offer an edit that could land in the wrong place.
      if (data.version !== doc.version || data.uri !== doc.uri) continue;
      if (data.end > doc.getText().length) continue;
      if (data.code === 'uncited-claim' || data.code === 'unsupported-claim' || data.code === 'quote' || data.code === 'unattributed-quote') {
        const text = doc.getText();
        data.passages.forEach((p, i) => {
          const label = baseName(p.uri);
          const page = Number.isInteger(p.page) && p.page! > 0 ? p.page : undefined;
          const time = typeof p.time === 'number' && p.time >= 0 ? p.time : undefined;
          const src = { target: citationTarget(doc.uri, p.uri), line: p.line + 1, label, page, time };
          const edits = citationEdits(text, data.end, src, citationStyle(doc, deps.settings()));
          actions.push({
            title: `Cite ${plain(passageWhere({ path: p.uri, line: p.line, page, time }, label), 100)}`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            isPreferred: i === 0 && data.code === 'uncited-claim',
            edit: edit(doc, edits),
          });
        });
      }
      const args: MarkCheckedArgs = { uri: doc.uri, code: data.code, text: data.text };
      actions.push({
        title: 'Mark as checked',
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        command: { title: 'Mark as checked', command: Commands.markChecked, arguments: [args] },
      });
    }
    return actions;
  };
}
