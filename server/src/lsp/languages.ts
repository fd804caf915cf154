// Which open documents the server analyses. Editors name prose differently: VS Code says `plaintext`,
// Neovim, Helix and Emacs say `text`, some send an empty id or the name of a mode the server has never
// heard of (Emacs's `gfm`, `fundamental`, `markdown-ts`). Pure: language id and URI in, decision out.
import { URI } from 'vscode-uri';
import { formatOf } from '../corpus/formats';

function uriPath(uri: string): string {
  try {
    return URI.parse(uri).path;
  } catch {
    return uri;
  }
}

/** The language ids the server knows the meaning of; any other id (or none) is decided by the extension. */
export const KNOWN_LANGUAGE_IDS: readonly string[] = ['markdown', 'plaintext', 'text', 'article'];

/** File extensions (lower case, with the dot) and the language id they stand for. */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.article': 'article',
};

/** The language id a URI's extension stands for (`file:///a/b.MD` → `markdown`), or null. */
export function languageFromUri(uri: string): string | null {
  let p: string;
  try {
    p = URI.parse(uri).path;
  } catch {
    p = uri;
  }
  const base = p.slice(p.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return null;
  return BY_EXTENSION[base.slice(dot).toLowerCase()] ?? null;
}

/**
 * The language the server treats a document as: its own id when the server knows it (even when the
 * settings leave it out, so that a user's choice of languages is respected), otherwise the one its
 * extension stands for, otherwise its id as given.
 */
export function effectiveLanguage(languageId: string | undefined, uri: string): string {
  const id = (languageId ?? '').trim();
  if (id && KNOWN_LANGUAGE_IDS.includes(id)) return id;
  return languageFromUri(uri) ?? id;
}

/**
 * Whether a document is analysed: its language id is one of `languages` (the `corroborate.languages`
 * setting), or its id is empty or unknown and its extension stands for one of them (`.md`/`.markdown` →
 * `markdown`, `.txt`/`.text` → `text`). An untitled buffer is decided by its id like any other.
 */
export function isAnalysedLanguage(languageId: string | undefined, uri: string, languages: readonly string[]): boolean {
  // Sources in other formats (PDF, web pages, Word, captions, ClaimReview) are corpus only, never drafts, even
  // when an editor opens a caption file as plain text: the corpus keeps their extracted text.
  if (formatOf(uriPath(uri)) !== null) return false;
  if (languageId !== undefined && languages.includes(languageId)) return true;
  return languages.includes(effectiveLanguage(languageId, uri));
}
