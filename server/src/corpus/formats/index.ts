// The dispatcher: a file's bytes -> plain text and its map back to the file, or the reason it is skipped.
// The one entry point for the reading threads (server), the CLI and any other ingest:
//
//   const r = await extract('report.pdf', bytes, limitsFor(settings));
//   if ('skip' in r) report(r.skip); else index(r.text, r.map);
//
// It never throws for a bad file and never runs anything from it. Text formats (.md, .txt...) are not
// handled here: `formatOf` returns null for them.
import * as path from 'node:path';
import { SkipFile, type Extracted, type ExtractLimits, type SourceFormat } from './types';

export { placeAt, type Extracted, type ExtractLimits, type Rating, type SourceFormat, type SourceMap, type SourcePlace } from './types';

/** The format a file is read as, by its extension; null for text (read as it is). */
export function formatOf(file: string): SourceFormat | null {
  const m = /\.([a-z0-9]+)$/i.exec(file);
  switch (m?.[1]!.toLowerCase()) {
    case 'pdf':
      return 'pdf';
    case 'html':
    case 'htm':
    case 'xhtml':
      return 'html';
    case 'docx':
      return 'docx';
    case 'vtt':
      return 'vtt';
    case 'srt':
      return 'srt';
    case 'json':
    case 'jsonld':
      return 'claimreview';
    default:
      return null;
  }
}

/** The setting that turns a format off (`corroborate.corpus.formats.*`). */
export const FORMAT_SETTING: Record<SourceFormat, 'pdf' | 'html' | 'docx' | 'captions' | 'claimReview'> = {
  pdf: 'pdf',
  html: 'html',
  docx: 'docx',
  vtt: 'captions',
  srt: 'captions',
  claimreview: 'claimReview',
};

/** Limits from the size limit of text files: the extracted text is held to it, unpacking to 50 times it. */
export function limitsFor(maxFileSize: number): ExtractLimits {
  return { maxText: maxFileSize, maxInflated: Math.max(50 * maxFileSize, 10_000_000), maxPages: 5000, maxMs: 60_000 };
}

const UTF8 = new TextDecoder('utf-8', { ignoreBOM: false });
const STRICT_UTF8 = new TextDecoder('utf-8', { ignoreBOM: false, fatal: true });

/**
 * Decodes a text-based source (HTML, captions, JSON), refusing binary content. Not UTF-8: the charset the file
 * declares (`<meta charset>`, an XML declaration), else Windows-1252, as browsers do.
 */
function decode(bytes: Uint8Array, what: string): string {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) {
    if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
    throw new SkipFile(`binary content, not ${what}`);
  }
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    const declared = /charset\s*=\s*["']?([\w.:-]{1,40})|encoding\s*=\s*["']([\w.:-]{1,40})/i.exec(Buffer.from(head).toString('latin1'));
    for (const label of [declared?.[1] ?? declared?.[2], 'windows-1252']) {
      try {
        if (label && !/^utf-?8$/i.test(label)) return new TextDecoder(label).decode(bytes);
      } catch {
        // an unknown label: the next one
      }
    }
    return UTF8.decode(bytes);
  }
}

type Readers = typeof import('./readers');
/**
 * Set by the build (scripts/build.mjs) in bundles whose readers are a file of their own beside them
 * (dist/server/formats.js); absent when they are bundled in (the CLI, a single file) or when running from source.
 */
declare const CORROBORATE_FORMATS_BUNDLE: string | undefined;
let readers: Readers | undefined;

/** The format readers, loaded on first use (see readers.ts). */
function loadReaders(): Readers {
  if (!readers) {
    if (typeof CORROBORATE_FORMATS_BUNDLE === 'string') {
      // A require that the bundler leaves as it is: the readers' own bundle, beside this one.
      const req = require;
      readers = req(path.join(__dirname, CORROBORATE_FORMATS_BUNDLE)) as Readers;
    } else readers = require('./readers') as Readers;
  }
  return readers;
}

export async function extract(file: string, bytes: Uint8Array, limits: ExtractLimits): Promise<Extracted> {
  const format = formatOf(file);
  try {
    const { extractCaptions, extractClaimReviewJson, extractDocx, extractHtml, extractPdf } = loadReaders();
    switch (format) {
      case 'pdf':
        if (!isPdf(bytes)) return { skip: 'damaged PDF (no %PDF header)' };
        if (!hasEof(bytes)) return { skip: 'damaged PDF (truncated: no end-of-file marker)' };
        return await extractPdf(bytes, limits);
      case 'html':
        return extractHtml(decode(bytes, 'HTML'), limits.maxText);
      case 'docx':
        return await extractDocx(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits.maxText, limits.maxInflated);
      case 'vtt':
      case 'srt':
        return extractCaptions(decode(bytes, 'captions'), format, limits.maxText);
      case 'claimreview':
        return extractClaimReviewJson(decode(bytes, 'JSON'), limits.maxText);
      default:
        return { skip: 'not a source format' };
    }
  } catch (e) {
    if (e instanceof SkipFile) return { skip: e.message };
    return { skip: `cannot be read (${String((e as Error)?.message ?? e).slice(0, 160)})` };
  }
}

/** A PDF ends with `%%EOF` (readers allow some bytes after it): without one the file was cut short. */
function hasEof(bytes: Uint8Array): boolean {
  const from = Math.max(0, bytes.byteLength - 4096);
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, bytes.byteLength - from).toString('latin1').includes('%%EOF');
}

function isPdf(bytes: Uint8Array): boolean {
  // The header may follow up to 1,024 bytes of junk, as readers allow.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  return head.includes('%PDF-');
}
