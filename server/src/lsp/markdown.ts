// Rendering untrusted text (from other documents) into Markdown that can never act: every character
// Markdown or HTML could interpret is escaped, and links are only ever built by us.
import { terms } from '../corpus/normalize';
import type { DiffPart } from '../engine/types';

/** Escapes text so that Markdown renders it literally (no links, emphasis, HTML, code, command: URIs). */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\`*_{}\[\]()#+\-.!|~<>&"':]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : '\\' + c))
    .replace(/\r?\n/g, ' ');
}

/** A snippet with the matched words in bold; everything else escaped. */
export function snippet(text: string, matched: readonly string[] | undefined, max = 240): string {
  let t = text.replace(/\s+/g, ' ').trim();
  if (t.length > max) t = t.slice(0, max - 1) + '…';
  if (!matched || matched.length === 0) return escapeMarkdown(t);
  const want = new Set(matched);
  let out = '';
  let pos = 0;
  for (const occ of terms(t)) {
    if (!want.has(occ.term)) continue;
    out += escapeMarkdown(t.slice(pos, occ.start)) + '**' + escapeMarkdown(t.slice(occ.start, occ.end)) + '**';
    pos = occ.end;
  }
  return out + escapeMarkdown(t.slice(pos));
}

export function renderDiff(parts: DiffPart[]): string {
  return parts
    .map((p) => (p.op === 'same' ? escapeMarkdown(p.text) : p.op === 'del' ? `~~${escapeMarkdown(p.text)}~~` : `**${escapeMarkdown(p.text)}**`))
    .join(' ');
}

/** Plain-text version for diagnostic messages and code-action titles (no Markdown there, but no control characters either). */
export function plain(s: string, max = 120): string {
  // eslint-disable-next-line no-control-regex
  let t = s.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim();
  if (t.length > max) t = t.slice(0, max - 1) + '…';
  return t;
}

/**
 * The plain-text reading of Markdown this server wrote (hovers for clients that declare only plain text): links
 * become "label (target)", emphasis and strike-through marks go, escapes are undone. Only our own subset is met
 * here: text from documents was escaped on the way in, so nothing of theirs turns into markup on the way out.
 */
export function markdownToPlain(md: string): string {
  return md
    .replace(/\[((?:\\.|[^\]\\])*)\]\(([^()\s]*)\)/g, (_m, label: string, target: string) => `${label} (${target})`)
    .replace(/~~((?:\\.|[^~\\])*)~~/g, '[-$1-]')
    .replace(/\*\*/g, '')
    .replace(/(^|\n)_(.*)_(?=\n|$)/g, '$1$2')
    .replace(/\\([\\`*_{}\[\]()#+\-.!|~"':<>&])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
