// Settings are declared once, here. The zod schema validates what the client sends; the
// package.json `contributes.configuration` block is generated from SETTINGS (scripts/genPackage.ts)
// and a test checks the two never drift apart.
import { z } from 'zod';
import type { DiagnosticCode, SeverityName } from './engine/types';

const severity = z.enum(['error', 'warning', 'information', 'hint', 'off']);

interface SettingDecl<T> {
  schema: z.ZodType<T>;
  default: T;
  description: string;
  /** JSON schema fragment for package.json (type, enum, minimum...). */
  json: Record<string, unknown>;
}

function decl<T>(schema: z.ZodType<T>, def: T, description: string, json: Record<string, unknown>): SettingDecl<T> {
  return { schema, default: def, description, json };
}

const sev = (def: SeverityName, what: string) =>
  decl(severity, def, `Severity of \`${what}\` findings ("off" hides them).`, {
    type: 'string',
    enum: ['error', 'warning', 'information', 'hint', 'off'],
  });

/** Every `corroborate.*` setting, keyed by its name without the prefix. */
export const SETTINGS = {
  languages: decl(
    z.array(z.string()),
    ['markdown', 'plaintext', 'text', 'article'],
    'Language identifiers of the documents Corroborate analyses (`plaintext` is VS Code\'s plain text, `text` that of Neovim, Helix and Emacs). A document whose language id is empty or unknown is decided by its extension: `.md` and `.markdown` are `markdown`, `.txt` and `.text` are `text`.',
    { type: 'array', items: { type: 'string' } },
  ),
  'claims.threshold': decl(
    z.number().min(0).max(1),
    0.5,
    'Check-worthiness score (0 to 1) from which a sentence counts as a claim.',
    { type: 'number', minimum: 0, maximum: 1 },
  ),
  'corroboration.threshold': decl(
    z.number().min(0).max(1),
    0.3,
    'Score (0 to 1) from which a passage of another document counts as corroborating a quote or claim.',
    { type: 'number', minimum: 0, maximum: 1 },
  ),
  'corroboration.maxResults': decl(z.number().int().min(1).max(20), 5, 'How many corroborating passages (one per document) hovers and quick fixes offer.', {
    type: 'integer',
    minimum: 1,
    maximum: 20,
  }),
  'corpus.include': decl(
    z.array(z.string()),
    ['**/*.md', '**/*.markdown', '**/*.txt', '**/*.pdf', '**/*.html', '**/*.htm', '**/*.docx', '**/*.vtt', '**/*.srt', '**/*.jsonld', '**/*.json'],
    'Glob patterns of the workspace files that make up the corpus: Markdown and text, and sources in other formats (PDF, saved web pages, Word documents, WebVTT and SRT captions, ClaimReview JSON-LD; a `.json` file without a ClaimReview adds nothing). Each of those formats can also be turned off with its `corroborate.corpus.formats.*` setting.',
    {
    type: 'array',
    items: { type: 'string' },
  }),
  'corpus.exclude': decl(
    z.array(z.string()),
    ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/out/**', '**/.corroborate/**'],
    'Glob patterns of files left out of the corpus.',
    { type: 'array', items: { type: 'string' } },
  ),
  maxFileSize: decl(z.number().int().min(1), 2_000_000, 'Files larger than this many bytes are skipped (reported once). Also the most text (in characters) taken from a PDF, web page, Word document, caption or ClaimReview file.', {
    type: 'integer',
    minimum: 1,
  }),
  maxSourceFileSize: decl(
    z.number().int().min(1),
    50_000_000,
    'PDF, web page, Word, caption and ClaimReview files larger than this many bytes are skipped (reported once). What a Word document may unpack to is held to 50 times `corroborate.maxFileSize`.',
    { type: 'integer', minimum: 1 },
  ),
  'corpus.formats.pdf': decl(z.boolean(), true, 'Read PDF files (`.pdf`) into the corpus: text in reading order, without running headers, footers and page numbers; passages link to their page.', { type: 'boolean' }),
  'corpus.formats.html': decl(z.boolean(), true, 'Read saved web pages (`.html`, `.htm`) into the corpus: the article\'s headline, date and main text only; ClaimReview records in the page become rated claims.', { type: 'boolean' }),
  'corpus.formats.docx': decl(z.boolean(), true, 'Read Word documents (`.docx`) into the corpus: paragraphs, headings and footnotes.', { type: 'boolean' }),
  'corpus.formats.captions': decl(z.boolean(), true, 'Read subtitles and transcripts (`.vtt`, `.srt`) into the corpus: captions joined into sentences; passages show their start time.', { type: 'boolean' }),
  'corpus.formats.claimReview': decl(z.boolean(), true, 'Read fact-check records (schema.org ClaimReview in `.json`/`.jsonld` files) into the corpus: each reviewed claim with its rating.', { type: 'boolean' }),
  'citation.style': decl(
    z.enum(['auto', 'footnote', 'inline']),
    'auto',
    'How the "Cite" quick fix writes a citation: "auto" uses footnotes in Markdown and an inline bracketed marker in plain text.',
    { type: 'string', enum: ['auto', 'footnote', 'inline'] },
  ),
  checkedFile: decl(
    z.string().min(1),
    '.corroborate/checked.json',
    'Workspace-relative file where "Mark as checked" stores silenced findings (commit it to share with your team).',
    { type: 'string' },
  ),
  debounceMs: decl(z.number().int().min(0).max(5000), 150, 'Delay (ms) after typing before a document is analysed again.', {
    type: 'integer',
    minimum: 0,
    maximum: 5000,
  }),
  'archive.url': decl(
    z.string().refine((v) => v === '' || /^postgres(?:ql)?:\/\//i.test(v), 'a postgres:// URL or ""'),
    '',
    "PostgreSQL URL of the desk's shared archive (`postgres://reader@host/archive`; empty: none). Its passages are searched with the workspace's, in the background. The password comes from the URL, `PGPASSWORD` or `~/.pgpass`. A user (machine) setting: neither a workspace's settings nor its `.corroborate.json` can set it (they could redirect your credentials).",
    { type: 'string' },
  ),
  'severity.quote': sev('information', 'quote'),
  'severity.unattributedQuote': sev('warning', 'unattributed-quote'),
  'severity.unsupportedClaim': sev('warning', 'unsupported-claim'),
  'severity.uncitedClaim': sev('information', 'uncited-claim'),
  'severity.quoteMismatch': sev('warning', 'quote-mismatch'),
  'severity.speakerMismatch': sev('warning', 'speaker-mismatch'),
  'severity.contradictedClaim': sev('warning', 'contradicted-claim'),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type Settings = { [K in SettingKey]: (typeof SETTINGS)[K]['default'] extends readonly string[] ? string[] : (typeof SETTINGS)[K]['default'] };

export const SEVERITY_KEY: Record<DiagnosticCode, SettingKey> = {
  quote: 'severity.quote',
  'unattributed-quote': 'severity.unattributedQuote',
  'unsupported-claim': 'severity.unsupportedClaim',
  'uncited-claim': 'severity.uncitedClaim',
  'quote-mismatch': 'severity.quoteMismatch',
  'speaker-mismatch': 'severity.speakerMismatch',
  'contradicted-claim': 'severity.contradictedClaim',
};

/** Extensions of the source formats that a setting turns off. */
const FORMAT_EXTENSIONS: Array<[SettingKey, string[]]> = [
  ['corpus.formats.pdf', ['pdf']],
  ['corpus.formats.html', ['html', 'htm', 'xhtml']],
  ['corpus.formats.docx', ['docx']],
  ['corpus.formats.captions', ['vtt', 'srt']],
  ['corpus.formats.claimReview', ['json', 'jsonld']],
];

/** Which files make up the corpus, from the settings (include/exclude globs, extensions of formats turned off). */
export function corpusFilter(s: Settings): { include: string[]; exclude: string[]; off: string[] } {
  return { include: s['corpus.include'], exclude: s['corpus.exclude'], off: FORMAT_EXTENSIONS.filter(([k]) => s[k] === false).flatMap(([, e]) => e) };
}

export function defaultSettings(): Settings {
  const out: Record<string, unknown> = {};
  for (const [k, d] of Object.entries(SETTINGS)) out[k] = structuredClone(d.default);
  return out as Settings;
}

export interface SettingsResult {
  settings: Settings;
  /** One message per invalid setting, naming it; that setting alone fell back to its default. */
  problems: string[];
}

/** Reads a nested (`{claims: {threshold}}`) or flat (`{"claims.threshold"}`) settings object. */
function lookup(raw: unknown, key: string): unknown {
  if (raw === null || typeof raw !== 'object') return undefined;
  const obj = raw as Record<string, unknown>;
  if (key in obj) return obj[key];
  const dot = key.indexOf('.');
  if (dot < 0) return undefined;
  return lookup(obj[key.slice(0, dot)], key.slice(dot + 1));
}

export function parseSettings(raw: unknown): SettingsResult {
  const settings = defaultSettings() as Record<string, unknown>;
  const problems: string[] = [];
  for (const [key, d] of Object.entries(SETTINGS)) {
    const value = lookup(raw, key);
    if (value === undefined || value === null) continue;
    const r = (d.schema as z.ZodType<unknown>).safeParse(value);
    if (r.success) settings[key] = r.data;
    else {
      const issue = r.error.issues[0];
      problems.push(
        `Setting "corroborate.${key}" is invalid (${issue?.message ?? 'wrong type'}; got ${JSON.stringify(value)?.slice(0, 80)}): using the default ${JSON.stringify(d.default)}.`,
      );
    }
  }
  return { settings: settings as Settings, problems };
}
