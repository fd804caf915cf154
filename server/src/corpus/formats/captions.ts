// WebVTT and SRT: captions joined into sentences across cue boundaries. Each cue's text continues the
// paragraph (a new paragraph when the speaker changes, a `<v Name>` voice or a "NAME:" label, or after a
// silence of more than PARAGRAPH_GAP seconds), and each cue's start time and line in the file are mapped.
// A small parser: no npm package for both formats is both maintained and free of a DOM (see ARCHITECTURE.md).
import { SkipFile, TextBuilder, type Extracted } from './types';

const PARAGRAPH_GAP = 4;

/** `hh:mm:ss.ttt`, `mm:ss.ttt` (WebVTT) or `hh:mm:ss,ttt` (SRT) in seconds, or null. */
export function parseTimestamp(s: string): number | null {
  const m = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$/.exec(s.trim());
  if (!m) return null;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + (m[4] ? Number(m[4].padEnd(3, '0')) / 1000 : 0);
}

const TIMING = /^\s*(\S+)\s+-->\s+(\S+)/;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', lrm: '', rlm: '' };

function decodeEntities(s: string): string {
  return s.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,6});/gi, (all, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '';
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

interface Cue {
  start: number;
  line: number;
  text: string;
  voice: string | null;
}

/** The text of a cue: tags removed (the voice of `<v Name>` kept apart), SRT position marks removed. */
function cueText(lines: string[]): { text: string; voice: string | null } {
  let voice: string | null = null;
  const raw = lines.join(' ');
  const v = /<v(?:\.[\w.-]+)?\s+([^>]{1,80})>/.exec(raw);
  if (v) voice = v[1]!.trim();
  const text = decodeEntities(raw.replace(/<[^>]{0,200}>/g, '').replace(/\{\\[^}]{0,40}\}/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
  return { text, voice };
}

/** A speaker label at the start of a caption ("PRESIDENT:", ">> ANCHOR:", "- Anna:"). */
const LABEL = /^(?:>>\s*|-\s+)?([A-Z][\p{L}.'’ -]{1,40}):\s+/u;

function parseCues(text: string, kind: 'vtt' | 'srt'): Cue[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (kind === 'vtt' && !/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) throw new SkipFile('not a WebVTT file (no WEBVTT header)');
  const cues: Cue[] = [];
  let i = kind === 'vtt' ? 1 : 0;
  let bad = 0;
  while (i < lines.length) {
    // A block: lines up to a blank line.
    while (i < lines.length && lines[i]!.trim() === '') i++;
    const from = i;
    while (i < lines.length && lines[i]!.trim() !== '') i++;
    const block = lines.slice(from, i);
    if (block.length === 0) continue;
    if (kind === 'vtt' && /^(NOTE|STYLE|REGION)\b/.test(block[0]!)) continue;
    const t = block.findIndex((l) => TIMING.test(l));
    if (t < 0 || t > 1) {
      bad++;
      continue;
    }
    const m = TIMING.exec(block[t]!)!;
    const start = parseTimestamp(m[1]!);
    if (start === null || parseTimestamp(m[2]!) === null) {
      bad++;
      continue;
    }
    const body = block.slice(t + 1);
    if (body.length === 0) continue;
    const { text: ct, voice } = cueText(body);
    if (ct) cues.push({ start, line: from + t + 1, text: ct, voice });
  }
  if (cues.length === 0) throw new SkipFile(bad ? `no readable ${kind === 'vtt' ? 'WebVTT' : 'SRT'} cue (${bad} malformed)` : `no caption text`);
  return cues;
}

export function extractCaptions(text: string, kind: 'vtt' | 'srt', maxText: number): Extracted {
  const cues = parseCues(text, kind);
  const b = new TextBuilder(kind, ['time', 'line']);
  let voice: string | null = null;
  let lastEnd = -Infinity;
  let lastText = '';
  for (const c of cues) {
    let t = c.text;
    // Rolling captions repeat the previous cue's text before the new words.
    if (lastText && t.startsWith(lastText) && t.length > lastText.length) t = t.slice(lastText.length).trim();
    else if (t === lastText) continue;
    lastText = c.text;
    let speaker = c.voice;
    const label = LABEL.exec(t);
    if (!speaker && label) speaker = label[1]!.trim();
    const place = { time: c.start, line: c.line };
    const newSpeaker = speaker !== null && speaker !== voice;
    if (newSpeaker) {
      voice = speaker;
      const words = label && label[1]!.trim() === speaker ? t : `${speaker}: ${t}`;
      b.paragraph(words, place);
    } else if (c.start - lastEnd > PARAGRAPH_GAP && /[.!?…"”]/.test(b.lastChar)) b.paragraph(t, place);
    else b.continue(t, place);
    lastEnd = c.start;
    if (b.size > maxText) throw new SkipFile(`its text is over the limit of ${maxText} characters`);
  }
  return { text: b.text(), map: b.map };
}
