// Hover on a quote or claim: speaker and cue, "Corroborated by N documents", each passage as a link to its
// line, matched words emphasised. All text from documents is escaped (see markdown.ts).
import type { Hover, HoverParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { baseName, checkingNote, describeSpeaker, type ClaimReport, type DocumentReport, type IndexProgress } from '../corpus/corroborate';
import type { ContradictingPassage, ContradictionReason, Passage } from '../engine/types';
import type { Finding } from '../engine/types';
import { escapeMarkdown, markdownToPlain, renderDiff, snippet } from './markdown';
import { passageWhere, ratingNote } from '../corpus/where';

export interface HoverDeps {
  document(uri: string): TextDocument | undefined;
  report(doc: TextDocument): DocumentReport | null;
  /** The client shows Markdown in hovers (it declared it); otherwise the hover is plain text. Default true. */
  markdown?: boolean;
}

const TITLES: Record<Finding['code'], string> = {
  quote: 'Quote',
  'unattributed-quote': 'Unattributed quote',
  'unsupported-claim': 'Unsupported claim',
  'uncited-claim': 'Uncited claim',
  'quote-mismatch': 'Quote worded differently elsewhere',
  'speaker-mismatch': 'Quote attributed differently elsewhere',
  'contradicted-claim': 'Contradicted claim',
};

/** Schemes a link in a hover may never have, whatever document they name. */
const UNSAFE_SCHEME = /^\s*(?:command|javascript|vbscript|data):/i;

/**
 * A link to a line of a document, or null for a URI that must not be a link. Characters that could end or
 * break a Markdown link destination are percent-encoded (the same URI), so that a file named
 * `x)[y](command:…).txt` cannot smuggle a link of its own into the hover.
 */
export function lineLink(uri: string, line0: number): string | null {
  if (UNSAFE_SCHEME.test(uri)) return null;
  const safe = uri.replace(/#.*$/, '').replace(/[()[\]<>\s"'\\`]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
  return `${safe}#L${line0 + 1}`;
}

/** A link to a passage's place: `report.pdf#page=3` for a PDF page, `#L12` for a line (see lineLink). */
export function placeLink(p: Passage): string | null {
  const link = lineLink(p.path, p.line);
  return link && p.page !== undefined ? link.replace(/#L\d+$/, `#page=${p.page}`) : link;
}

/** The rating of a fact-check passage, with a link to the review when it has a safe web address. */
function ratingLine(r: NonNullable<Passage['rating']>): string {
  const note = escapeMarkdown(ratingNote(r));
  const url = /^https?:\/\/[^\s()<>[\]"'`\\]+$/i.test(r.url) ? r.url : null;
  return url ? `**${note}** ([review](${url}))` : `**${note}**`;
}

function passageLines(passages: Passage[]): string[] {
  return passages.map((p, i) => {
    // An archive passage names its document as ingested (no link: it is not a file of this machine).
    const name = `${p.archive ? 'archive · ' : ''}${passageWhere(p, escapeMarkdown(baseName(p.path)))}`;
    const link = p.archive ? null : placeLink(p);
    const rating = p.rating ? ` ${ratingLine(p.rating)}:` : '';
    return `${i + 1}. ${link ? `[${name}](${link})` : name} (score ${p.score.toFixed(2)}):${rating} ${snippet(p.text, p.matched)}`;
  });
}

const REASONS: Record<ContradictionReason, string> = {
  figure: 'another figure',
  date: 'another date',
  place: 'another place',
  negation: 'a negation',
  antonym: 'the opposite',
  actor: 'another actor',
  other: 'another fact',
};

/** Each contradicting passage: its link, what differs, and both wordings with the difference marked (ours struck through). */
function contradictionLines(passages: ContradictingPassage[]): string[] {
  return passages.map((p, i) => {
    const name = `${p.archive ? 'archive · ' : ''}${passageWhere(p, escapeMarkdown(baseName(p.path)))}`;
    const link = p.archive ? null : placeLink(p);
    const what = `${REASONS[p.reason]}: ${escapeMarkdown(p.detail)}${p.rating ? ` (${escapeMarkdown(ratingNote(p.rating))})` : ''}`;
    const wording = p.diff ? renderDiff(p.diff) : snippet(p.text, p.matched);
    return `${i + 1}. ${link ? `[${name}](${link})` : name} says ${what}. Here ~~struck~~, there **bold**: ${wording}`;
  });
}

/** An attributed (or cited) claim is not a finding, but a fact-checker verifies reported speech too: who else reports it. */
function renderClaim(c: ClaimReport): string {
  const lines = [`**${c.status === 'cited' ? 'Cited claim' : 'Attributed claim'}** · check-worthiness ${c.score.toFixed(2)}`];
  const docs = new Set(c.corroboration.map((p) => p.path)).size;
  lines.push(docs ? `Also reported by ${docs} document${docs === 1 ? '' : 's'}:` : 'Reported by no other document in the workspace.');
  lines.push(...passageLines(c.corroboration));
  return lines.join('\n\n');
}

export function renderHover(findings: Finding[], claims: ClaimReport[] = [], progress: IndexProgress | null = null): string {
  const parts: string[] = [];
  for (const f of findings) {
    const lines: string[] = [];
    let head = `**${TITLES[f.code]}**`;
    if (f.speaker !== undefined && (f.code === 'quote' || f.code === 'speaker-mismatch' || f.code === 'quote-mismatch')) {
      head += f.speaker ? ` attributed to **${escapeMarkdown(describeSpeaker({ speaker: f.speaker, role: f.role ?? null }))}**` : '';
      if (f.cue) head += ` (${escapeMarkdown(f.cue)})`;
    }
    if (f.score !== undefined) head += ` · check-worthiness ${f.score.toFixed(2)}`;
    lines.push(head);
    if (f.code === 'speaker-mismatch' && f.otherSpeaker) lines.push(`Another document attributes it to **${escapeMarkdown(f.otherSpeaker)}**.`);
    if (f.code === 'quote-mismatch' && f.diff) lines.push(`Wording: ${renderDiff(f.diff)}`);
    if (f.code === 'contradicted-claim' && f.contradictions?.length) {
      const n = new Set(f.contradictions.map((p) => p.path)).size;
      lines.push(`Reported differently by ${n} document${n === 1 ? '' : 's'}:`);
      lines.push(...contradictionLines(f.contradictions));
    }
    if (f.figures) {
      const where = passageWhere(f.figures.passage);
      lines.push(`**Figures differ:** here ${f.figures.here.map((x) => '“' + escapeMarkdown(x) + '”').join(', ')}; ${escapeMarkdown(where)} gives ${f.figures.there.map((x) => '“' + escapeMarkdown(x) + '”').join(', ')}.`);
    }
    const docs = new Set(f.passages.map((p) => p.path)).size;
    if (f.code === 'contradicted-claim' && docs) lines.push(`Corroborated by ${docs} document${docs === 1 ? '' : 's'}:`);
    if (f.code === 'quote' || f.code === 'uncited-claim' || f.code === 'unattributed-quote' || f.code === 'unsupported-claim') {
      lines.push(docs ? `Corroborated by ${docs} document${docs === 1 ? '' : 's'}:` : 'No corroborating passage in the workspace.');
    }
    lines.push(...passageLines(f.passages));
    parts.push(lines.join('\n\n'));
  }
  for (const c of claims) parts.push(renderClaim(c));
  if (progress) parts.push(`_The workspace index is incomplete ${escapeMarkdown(checkingNote(progress))}: what is not read yet cannot be shown._`);
  return parts.join('\n\n---\n\n');
}

export function makeHoverHandler(deps: HoverDeps) {
  return (params: HoverParams): Hover | null => {
    const doc = deps.document(params.textDocument.uri);
    if (!doc) return null;
    const report = deps.report(doc);
    if (!report) return null;
    const offset = doc.offsetAt(params.position);
    const here = report.findings.filter((f) => f.start <= offset && offset < f.end);
    // Attributed and cited claims under the cursor that no finding already covers with its passages.
    const claims = report.claims.filter((c) => (c.status === 'attributed' || c.status === 'cited') && c.start <= offset && offset < c.end && !here.some((f) => f.start <= c.start && c.end <= f.end));
    if (here.length === 0 && claims.length === 0) return null;
    const spans = [...here, ...claims];
    const start = Math.min(...spans.map((f) => f.start));
    const end = Math.max(...spans.map((f) => f.end));
    const md = renderHover(here, claims, report.progress);
    return {
      contents: deps.markdown === false ? { kind: 'plaintext', value: markdownToPlain(md) } : { kind: 'markdown', value: md },
      range: { start: doc.positionAt(start), end: doc.positionAt(end) },
    };
  };
}
