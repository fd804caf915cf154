// Findings -> LSP diagnostics: code, severity from settings, codeDescription to the README section,
// relatedInformation to corroborating passages, and `data` for code actions.
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Passage, SeverityName } from '../engine/types';
import { SEVERITY_KEY, type Settings } from '../settings';
import type { DiagnosticData } from '../protocol';
import { plain } from './markdown';
import { passageWhere, ratingNote } from '../corpus/where';

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
  // A PDF or Word passage has no line in its file: the location is the file (its page is in the message).
  if (p.format === 'pdf' || p.format === 'docx') return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
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
      message: `Reported differently in ${passageWhere(p)}${p.rating ? ` (${ratingNote(p.rating)})` : ''} (${p.reason}: ${plain(p.detail, 80)}): ${plain(p.text, 160)}`,
    }));
    relatedInformation.push(...f.passages.map((p) => ({
      location: { uri: p.path, range: passageRange(p) },
      message: `${f.code === 'quote-mismatch' ? 'Other wording' : f.code === 'speaker-mismatch' ? 'Other attribution' : 'Corroborated'} in ${passageWhere(p)}${p.rating ? ` (${ratingNote(p.rating)})` : ''} (score ${p.score.toFixed(2)}): ${plain(p.text, 160)}`,
    })));
    const data: DiagnosticData = {
      uri: doc.uri,
      version: doc.version,
      code: f.code,
      start: f.start,
      end: f.end,
      text: f.text.slice(0, 2000),
      passages: f.passages.map((p) => ({ uri: p.path, line: p.line, start: p.start, end: p.end, score: p.score, ...(p.page !== undefined ? { page: p.page } : {}), ...(p.time !== undefined ? { time: p.time } : {}) })),
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
