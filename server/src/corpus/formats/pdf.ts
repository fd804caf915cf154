// PDF: pdf.js (Mozilla's PDF engine, the one Firefox uses) reads the text layer; this module puts it in
// reading order and removes what is not the text: running headers and footers repeated across pages, page
// numbers, and hyphens at line ends. Each paragraph maps to its page.
//
// pdf.js runs in this thread (its "fake worker": the worker module is bundled and registered as
// globalThis.pdfjsWorker), with eval, font loading, system fonts and every network or file fetch off.
// A PDF that needs a password, or that pdf.js cannot parse, is skipped with the reason.
import { SkipFile, TextBuilder, type Extracted, type ExtractLimits } from './types';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let loading: Promise<PdfJs> | null = null;

/** pdf.js, loaded once and quietly: its warnings (console.log) would mix into a CLI's output or a server's stdio. */
function pdfjs(): Promise<PdfJs> {
  loading ??= (async () => {
    const log = console.log;
    console.log = () => undefined;
    try {
      const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
      const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
      lib.GlobalWorkerOptions.workerSrc = 'pdf.worker.mjs'; // never loaded: the worker above is used
      return lib;
    } finally {
      console.log = log;
    }
  })();
  return loading;
}

interface Line {
  text: string;
  y: number;
  x: number;
  height: number;
}

/** Lines of a page, from the text items in content order (which is reading order in the PDFs writers make). */
function pageLines(items: Array<{ str?: string; transform?: number[]; hasEOL?: boolean; height?: number; width?: number }>): Line[] {
  const lines: Line[] = [];
  let cur: Line | null = null;
  let lastEndX = 0;
  for (const it of items) {
    if (typeof it.str !== 'string' || !it.transform) continue;
    const x = it.transform[4]!;
    const y = it.transform[5]!;
    const h = Math.abs(it.height || it.transform[3]! || 10);
    if (!cur || Math.abs(y - cur.y) > h * 0.5) {
      if (cur && cur.text.trim()) lines.push(cur);
      cur = { text: '', y, x, height: h };
      lastEndX = x;
    }
    // A gap between two items on one line is a space when the text did not give one.
    if (cur.text && !/\s$/.test(cur.text) && !/^\s/.test(it.str) && x - lastEndX > h * 0.15) cur.text += ' ';
    cur.text += it.str;
    lastEndX = x + (it.width ?? 0);
    cur.height = Math.max(cur.height, h);
    if (it.hasEOL) {
      if (cur.text.trim()) lines.push(cur);
      cur = null;
    }
  }
  if (cur && cur.text.trim()) lines.push(cur);
  return lines.map((l) => ({ ...l, text: l.text.replace(/\s+/g, ' ').trim() }));
}

/** A line's shape for comparison across pages: digits (page numbers, dates) folded, case and spaces ignored. */
function shape(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

const PAGE_NUMBER = /^(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?(?:\s*[-–—])?$|^[ivxlcdm]{1,6}$/i;
/** Lines at the top and bottom of a page that may be running headers, footers or page numbers. */
const EDGE = 3;

/** Removes running headers/footers (a line shape repeated at the same edge of many pages) and page numbers. */
function stripFurniture(pages: Line[][]): Line[][] {
  const n = pages.length;
  const counts = new Map<string, number>();
  for (const lines of pages) {
    const seen = new Set<string>();
    const edge = [...lines.slice(0, EDGE).map((l) => 't' + shape(l.text)), ...lines.slice(-EDGE).map((l) => 'b' + shape(l.text))];
    for (const k of edge) if (!seen.has(k)) (seen.add(k), counts.set(k, (counts.get(k) ?? 0) + 1));
  }
  const repeated = (k: string) => n >= 2 && (counts.get(k) ?? 0) >= Math.max(2, Math.ceil(n * 0.5));
  return pages.map((lines) =>
    lines.filter((l, i) => {
      const top = i < EDGE;
      const bottom = i >= lines.length - EDGE;
      if (!top && !bottom) return true;
      if (PAGE_NUMBER.test(l.text)) return false;
      const s = shape(l.text);
      return !((top && repeated('t' + s)) || (bottom && repeated('b' + s)));
    }),
  );
}

/** Paragraphs of a page: lines joined (hyphens at line ends removed), a new paragraph at a wider gap. */
function paragraphs(lines: Line[]): string[] {
  const out: string[] = [];
  let cur = '';
  let prev: Line | null = null;
  // The page's line spacing: the smallest step down between two lines (a wider one starts a paragraph).
  let step = Infinity;
  for (let i = 1; i < lines.length; i++) {
    const dy = lines[i - 1]!.y - lines[i]!.y;
    if (dy > lines[i - 1]!.height * 0.5) step = Math.min(step, dy);
  }
  for (const l of lines) {
    const dy = prev ? prev.y - l.y : 0;
    const breakHere = prev && (dy > Math.max(step === Infinity ? 0 : step, prev.height) * 1.4 || dy < -prev.height);
    if (breakHere && cur) {
      out.push(cur);
      cur = '';
    }
    if (!cur) cur = l.text;
    else if (/\p{L}-$/u.test(cur) && /^\p{Ll}/u.test(l.text)) cur = cur.slice(0, -1) + l.text;
    else cur += ' ' + l.text;
    prev = l;
  }
  if (cur) out.push(cur);
  return out;
}

export async function extractPdf(bytes: Uint8Array, limits: ExtractLimits, started = Date.now()): Promise<Extracted> {
  const lib = await pdfjs();
  const task = lib.getDocument({
    data: new Uint8Array(bytes), // pdf.js takes ownership of (detaches) the buffer it is given
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    disableAutoFetch: true,
    disableStream: true,
    disableRange: true,
    stopAtErrors: false,
    verbosity: 0,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
  } as Parameters<PdfJs['getDocument']>[0]);
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    const name = (e as Error)?.name;
    await task.destroy().catch(() => undefined);
    if (name === 'PasswordException') throw new SkipFile('encrypted PDF (it needs a password)');
    throw new SkipFile(`damaged PDF (${String((e as Error)?.message ?? e).slice(0, 120)})`);
  }
  try {
    if (doc.numPages > limits.maxPages) throw new SkipFile(`PDF of ${doc.numPages} pages, over the limit of ${limits.maxPages}`);
    const pages: Line[][] = [];
    let chars = 0;
    let failed = 0;
    for (let i = 1; i <= doc.numPages; i++) {
      if (Date.now() - started > limits.maxMs) throw new SkipFile(`reading it took more than ${limits.maxMs / 1000} s`);
      let lines: Line[] = [];
      try {
        const page = await doc.getPage(i);
        const content = await page.getTextContent();
        lines = pageLines(content.items as Parameters<typeof pageLines>[0]);
        page.cleanup();
      } catch {
        lines = []; // a damaged page: the others are still read, unless half of them are damaged too
        failed++;
      }
      for (const l of lines) chars += l.text.length + 1;
      if (chars > limits.maxText) throw new SkipFile(`its text is over the limit of ${limits.maxText} characters`);
      pages.push(lines);
    }
    if (failed && failed * 2 >= doc.numPages) throw new SkipFile(`damaged PDF (${failed} of ${doc.numPages} pages cannot be read)`);
    const clean = stripFurniture(pages);
    const b = new TextBuilder('pdf', ['page']);
    clean.forEach((lines, k) => {
      const paras = paragraphs(lines);
      paras.forEach((p, j) => {
        // A paragraph that runs on from the previous page (no sentence end there, lower case here) continues it.
        if (j === 0 && b.size && !/[.!?…:"”)]$/.test(b.lastChar) && /^\p{Ll}/u.test(p)) b.continue(p, { page: k + 1 });
        else b.paragraph(p, { page: k + 1 });
      });
    });
    if (b.size === 0) throw new SkipFile('PDF without a text layer (scanned pages need OCR first)');
    return { text: b.text(), map: b.map };
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}
