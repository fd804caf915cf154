// How a passage names its place, everywhere it is shown (hover, related information, messages, Cite, CLI):
// a PDF passage by its page ("report.pdf, page 3", linked as report.pdf#page=3), a transcript passage by its
// line and start time ("speech.vtt:12 (12:04)"), a fact-check by its rating ("Rated False by Example Check,
// 2024-03-02"), any other by its line ("notes.md:4"). Pure.
import type { Passage } from '../engine/types';

function base(p: string): string {
  const s = p.replace(/[?#].*$/, '');
  const name = s.slice(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Seconds as a clock: `12:04`, `1:02:03`. */
export function formatTime(sec: number): string {
  const t = Math.max(0, Math.floor(sec));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = String(t % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "report.pdf, page 3", "speech.vtt:12 (12:04)", "notes.md:4". */
export function passageWhere(p: Pick<Passage, 'path' | 'line' | 'page' | 'time'>, name = base(p.path)): string {
  if (p.page !== undefined) return `${name}, page ${p.page}`;
  if (p.time !== undefined) return `${name}:${p.line + 1} (${formatTime(p.time)})`;
  return `${name}:${p.line + 1}`;
}

/** The fragment that points into the file: `#page=3` for a PDF page, `#L12` for a line. */
export function passageAnchor(p: Pick<Passage, 'line' | 'page'>): string {
  return p.page !== undefined ? `#page=${p.page}` : `#L${p.line + 1}`;
}

/** "Rated False by Example Check, 2024-03-02" (the parts the record gives). */
export function ratingNote(r: NonNullable<Passage['rating']>): string {
  return `Rated ${r.value}${r.publisher ? ` by ${r.publisher}` : ''}${r.date ? `, ${r.date}` : ''}`;
}
