// Findings -> LSP diagnostics: code, severity from settings, codeDescription to the README section,
// relatedInformation to corroborating passages, and `data` for code actions.
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Passage, SeverityName } from '../engine/types';
import { SEVERITY_KEY, type Settings } from '../settings';
import type { DiagnosticData } from '../protocol';
import { baseName } from '../corpus/corroborate';
import { plain } from './markdown';

export const DOCS_URL = 'https://github.com/corroborate-dev/corroborate/blob/main/README.md';

const SEVERITY: Record<Exclude<SeverityName, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function severityOf(code: Finding['code'], settings: Settings): DiagnosticSeverity | null {
  const s = settings[SEVERITY_KEY[code]] as SeverityName;
  return s === 'off' ? null : SEVERITY[s];
}

export function passageRange(p: Passage) {
  const character = p.character ?? 0;
  return { start: { line: p.line, character }, end: { line: p.line, character: character + Math.min(p.end - p.start, 10_000) } };
}

/** What the client takes on a diagnostic besides the basics (see capabilities.ts); both default to true. */
export interface DiagnosticOptions {
  relatedInformation?: boolean;
  codeDescription?: boolean;
}

export function toDiagnostics(doc: TextDocument, findings: Finding[], settings: Settings, options: DiagnosticOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const severity = severityOf(f.code, settings);
    if (severity === null) continue;
    const relatedInformation: DiagnosticRelatedInformation[] = (f.contradictions ?? []).map((p) => ({
      location: { uri: p.path, range: passageRange(p) },
      message: `Reported differently in ${baseName(p.path)}:${p.line + 1} (${p.reason}: ${plain(p.detail, 80)}): ${plain(p.text, 160)}`,
    }));
    relatedInformation.push(...f.passages.map((p) => ({
      location: { uri: p.path, range: passageRange(p) },
      message: `${f.code === 'quote-mismatch' ? 'Other wording' : f.code === 'speaker-mismatch' ? 'Other attribution' : 'Corroborated'} in ${baseName(p.path)}:${p.line + 1} (score ${p.score.toFixed(2)}): ${plain(p.text, 160)}`,
    })));
    const data: DiagnosticData = {
      uri: doc.uri,
      version: doc.version,
      code: f.code,
      start: f.start,
      end: f.end,
      text: f.text.slice(0, 2000),
      passages: f.passages.map((p) => ({ uri: p.path, line: p.line, start: p.start, end: p.end, score: p.score })),
    };
    out.push({
      range: { start: doc.positionAt(f.start), end: doc.positionAt(f.end) },
      severity,
      source: 'corroborate',
      code: f.code,
      codeDescription: options.codeDescription === false ? undefined : { href: `${DOCS_URL}#${f.code}` },
      message: plain(f.message, 300),
      relatedInformation: relatedInformation.length && options.relatedInformation !== false ? relatedInformation : undefined,
      data,
    });
  }
  return out;
}
