// Helpers for the integration suite: every wait is on a VS Code event (diagnostics changed, a message
// shown), bounded by a timeout that fails the test with what was last seen. No sleeps.
import * as path from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'corroborate.corroborate';
export const WAIT_MS = Number(process.env.CORROBORATE_IT_WAIT_MS) || 90_000;

export interface CorroborateApi {
  messages: () => readonly string[];
  onDidShowMessage: vscode.Event<string>;
}

export async function activateExtension(): Promise<CorroborateApi> {
  const ext = vscode.extensions.getExtension<CorroborateApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed`);
  return ext.activate();
}

export function folder(name: string): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.find((w) => w.name === name);
  if (!f) throw new Error(`workspace folder "${name}" missing: ${(vscode.workspace.workspaceFolders ?? []).map((w) => w.name).join(', ')}`);
  return f;
}

/** The seed file whose name starts with `prefix` in the workspace folder "seeds". */
export function seed(prefix: string): { uri: vscode.Uri; name: string; text: string } {
  const dir = folder('seeds').uri.fsPath;
  const name = readdirSync(dir).find((f) => f.startsWith(prefix));
  if (!name) throw new Error(`no seed ${prefix}* in ${dir}`);
  return { uri: vscode.Uri.file(path.join(dir, name)), name, text: readFileSync(path.join(dir, name), 'utf8') };
}

/** 0-based line of the first line containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not found`);
  return i;
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'corroborate');
}

export function describeDiagnostics(doc: vscode.TextDocument, diags: readonly vscode.Diagnostic[]): string {
  return diags.map((d) => `  ${codeOf(d)} ${d.range.start.line}:${d.range.start.character} "${doc.getText(d.range).slice(0, 60)}"`).join('\n') || '  (none)';
}

/**
 * Resolves with the document's Corroborate diagnostics as soon as `pred` holds for them: checked now,
 * then on every `onDidChangeDiagnostics` event for that document.
 */
export function diagnosticsWhen(doc: vscode.TextDocument, pred: (diags: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = WAIT_MS): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    let sub: vscode.Disposable | undefined;
    const timer = setTimeout(() => {
      sub?.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for diagnostics: ${what}\nlast seen on ${path.basename(doc.uri.fsPath)}:\n${describeDiagnostics(doc, ours(doc.uri))}`));
    }, timeoutMs);
    const check = (): boolean => {
      const diags = ours(doc.uri);
      if (!pred(diags)) return false;
      clearTimeout(timer);
      sub?.dispose();
      resolve(diags);
      return true;
    };
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === doc.uri.toString())) check();
    });
    check();
  });
}

/** Resolves with the first message (already shown or shown later) that satisfies `pred`. */
export function messageWhen(api: CorroborateApi, pred: (m: string) => boolean, what: string, timeoutMs = WAIT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    const seen = api.messages().find(pred);
    if (seen) return resolve(seen);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for a message: ${what}; messages: ${api.messages().join(' | ') || '(none)'}`));
    }, timeoutMs);
    const sub = api.onDidShowMessage((m) => {
      if (!pred(m)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(m);
    });
  });
}

/** Diagnostic of `code` whose range text starts with `start`. */
export function findAt(doc: vscode.TextDocument, diags: readonly vscode.Diagnostic[], code: string, start: string): vscode.Diagnostic | undefined {
  return diags.find((d) => codeOf(d) === code && doc.getText(d.range).startsWith(start));
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

/** Every `[label](target)` link of a Markdown text. */
export function markdownLinks(md: string): Array<{ label: string; target: string }> {
  const out: Array<{ label: string; target: string }> = [];
  const re = /\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)/g;
  for (let m = re.exec(md); m; m = re.exec(md)) out.push({ label: m[1], target: m[2] });
  return out;
}
