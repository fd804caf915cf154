// The edit that cites a source after a sentence: a Markdown footnote (reference + definition at the end
// of the file) or an inline bracketed marker for plain text. Pure: offsets in, edits out.

export interface TextEditAt {
  start: number;
  end: number;
  newText: string;
}

export interface CitationSource {
  /** Path of the source relative to the citing document (or an absolute URI when there is none). */
  target: string;
  /** 1-based line. */
  line: number;
  /** Display name, e.g. "001_report.txt". */
  label: string;
  /** 1-based page of a PDF source: cited as `report.pdf#page=3`. */
  page?: number;
  /** Start time in seconds of a transcript passage: shown beside the line (`speech.vtt:12 (12:04)`). */
  time?: number;
}

/** The next free numeric footnote label. */
function nextFootnote(text: string): number {
  let max = 0;
  const re = /\[\^(\d{1,6})\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) max = Math.max(max, Number(m[1]));
  return max + 1;
}

/** Seconds as `12:04` or `1:02:03`. */
function clock(sec: number): string {
  const t = Math.max(0, Math.floor(sec));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = String(t % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function encodeTarget(t: string): string {
  return t.replace(/[ ()<>]/g, (c) => encodeURIComponent(c));
}

export function citationEdits(text: string, sentenceEnd: number, src: CitationSource, style: 'footnote' | 'inline'): TextEditAt[] {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const anchor = src.page !== undefined ? `${src.target}#page=${src.page}` : `${src.target}#L${src.line}`;
  const where = src.page !== undefined ? `${src.label}, page ${src.page}` : `${src.label}:${src.line}${src.time !== undefined ? ` (${clock(src.time)})` : ''}`;
  if (style === 'inline') {
    return [{ start: sentenceEnd, end: sentenceEnd, newText: ` [source: ${anchor}]` }];
  }
  const n = nextFootnote(text);
  let tail = '';
  if (text.length > 0 && !text.endsWith('\n')) tail += eol;
  const lastLine = text.replace(/\r?\n$/, '').split(/\r?\n/).pop() ?? '';
  if (!/^\[\^[^\]]+\]:/.test(lastLine) && text.trim().length > 0) tail += eol;
  const safeLabel = src.label.replace(/[\[\]\\]/g, '\\$&');
  const safeWhere = safeLabel + where.slice(src.label.length);
  tail += `[^${n}]: [${safeWhere}](${encodeTarget(anchor)})${eol}`;
  return [
    { start: sentenceEnd, end: sentenceEnd, newText: `[^${n}]` },
    { start: text.length, end: text.length, newText: tail },
  ];
}
