// Hostile inputs, generated (never committed as fixtures): what lands in a fact-checker's inbox. Each
// generator is deterministic (a fixed-seed PRNG) and produces about `size` bytes, so the same inputs
// feed the tests (small sizes) and scripts/benchHostile.ts (1 to 10 MB, time per MB).

/** Mulberry32: a small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['Elena Varga', 'Tom Reyes', 'Ines Okafor', 'Abel Strand', 'Dana Whitfield', 'Piet Aalders', 'Zoë Marchetti', 'Joe Brandt'];
const ROLES = ['Mayor', 'harbour master', 'chief engineer', 'council spokeswoman', 'ferry captain'];
const CUES = ['said', 'told reporters', 'warned', 'added', 'wrote in a statement'];
const CLAIMS = [
  'The council spent 3.2 million euros on the bridge in 2021, twice the amount planned.',
  'The river rose by two metres in 48 hours, more than in any flood since 1987.',
  'Unemployment in Marrowby fell to 5% last year after the new port opened.',
  'Forty new pumps were installed in the harbour district in March.',
  'The levee was built in 1962 and has never been raised since.',
  'Ticket sales doubled after the ferry reopened, according to the operator.',
];
const QUOTES = [
  'We will finish the repairs by June',
  'Nobody was hurt, and that is what matters',
  'The insurance will cover most of the damage',
  'Every berth will be inspected before the ships return',
];

const SYLLABLES = ['ka', 'lo', 'mar', 'ven', 'tis', 'ro', 'bel', 'dun', 'sha', 'qui', 'fen', 'wor', 'ly', 'gra', 'nob', 'pe', 'stu', 'ham'];

/** A vocabulary of made-up words (so that generated text has the long tail real text has). */
function vocabulary(r: () => number, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let w = '';
    const k = 2 + Math.floor(r() * 3);
    for (let j = 0; j < k; j++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)]!;
    out.push(w);
  }
  return out;
}

/** Ordinary article prose: paragraphs of claims, quotes with speakers, headings; `nl` is the line break. */
export function prose(size: number, seed = 1, nl = '\n'): string {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const vocab = vocabulary(r, 5000);
  // Zipf-like: low ranks far more often than high ones.
  const word = () => vocab[Math.floor(vocab.length * r() ** 3)]!;
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const parts: string[] = [];
  let n = 0;
  let i = 0;
  while (n < size) {
    let p: string;
    const k = i++ % 6;
    if (k === 0) p = `${cap(word())} report ${i} from ${cap(word())}`;
    else if (k === 1) p = `“${pick(QUOTES)} ${words(4)},” ${pick(ROLES)} ${pick(NAMES)} ${pick(CUES)} on Monday. ${cap(words(6))} ${Math.floor(r() * 1000)} ${words(5)}.`;
    else if (k === 2) p = `${pick(CLAIMS)} ${cap(words(9))} in ${1900 + Math.floor(r() * 120)}. ${pick(NAMES)} said the ${words(3)} were ${Math.floor(r() * 1000)} higher than ${words(4)}.`;
    else if (k === 3) p = `"${pick(QUOTES)}. ${cap(words(7))}," ${pick(NAMES)} ${pick(CUES)}. She added: “${cap(words(8))}.”`;
    else if (k === 4) p = `${cap(words(12))}, ${words(6)} ${Math.floor(r() * 100)}%. ${cap(words(10))}?`;
    else p = `${pick(CLAIMS)} The ${words(2)} (item ${i}) cost ${Math.floor(r() * 100)} thousand euros, ${words(8)}.`;
    parts.push(p);
    n += Buffer.byteLength(p) + 2 * nl.length;
  }
  return parts.join(nl + nl) + nl;
}

function fit(unit: string, size: number, sep = ''): string {
  const per = Buffer.byteLength(unit + sep);
  return Array.from({ length: Math.max(1, Math.ceil(size / per)) }, () => unit).join(sep);
}

export interface HostileInput {
  name: string;
  /** What the bytes are, for messages. */
  what: string;
  bytes: Buffer;
  /** Whether it is text a reader should analyse (binary files are skipped with a reason). */
  text: boolean;
}

export type HostileKind =
  | 'binary'
  | 'invalid-utf8'
  | 'empty'
  | 'prose'
  | 'single-line'
  | 'crlf-bom'
  | 'rtl'
  | 'emoji'
  | 'unbalanced-quotes'
  | 'nested-quotes'
  | 'long-token'
  | 'punctuation'
  | 'whitespace-runs'
  | 'markup';

export const HOSTILE_KINDS: HostileKind[] = [
  'binary',
  'invalid-utf8',
  'empty',
  'prose',
  'single-line',
  'crlf-bom',
  'rtl',
  'emoji',
  'unbalanced-quotes',
  'nested-quotes',
  'long-token',
  'punctuation',
  'whitespace-runs',
  'markup',
];

/** One hostile input of about `size` bytes (`empty` is always empty). */
export function hostile(kind: HostileKind, size: number, seed = 7): HostileInput {
  const r = prng(seed);
  const t = (what: string, s: string): HostileInput => ({ name: kind, what, bytes: Buffer.from(s, 'utf8'), text: true });
  switch (kind) {
    case 'binary': {
      // PNG-like header then noise with NUL bytes: never text.
      const b = Buffer.alloc(Math.max(16, size));
      for (let i = 0; i < b.length; i++) b[i] = Math.floor(r() * 256);
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]).copy(b, 0);
      return { name: kind, what: 'binary data (NUL bytes)', bytes: b, text: false };
    }
    case 'invalid-utf8': {
      // Prose with broken sequences every few sentences: lone continuation bytes, truncated multi-byte
      // sequences, overlong encodings, encoded surrogates, 0xFF, and Latin-1 curly quotes (0x93/0x94).
      const bad = [[0x80], [0xc3], [0xe2, 0x80], [0xf0, 0x9f, 0x98], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff, 0xfe], [0x93], [0x94]];
      const chunks: Buffer[] = [];
      let n = 0;
      const src = prose(size, seed).split(/(?<=\. )/);
      for (let i = 0; n < size; i++) {
        const s = Buffer.from(src[i % src.length]!, 'utf8');
        chunks.push(s, Buffer.from(bad[i % bad.length]!));
        n += s.length + bad[i % bad.length]!.length;
      }
      return { name: kind, what: 'invalid UTF-8 sequences in prose', bytes: Buffer.concat(chunks), text: true };
    }
    case 'empty':
      return { name: kind, what: 'an empty file', bytes: Buffer.alloc(0), text: true };
    case 'prose':
      return t('ordinary article prose', prose(size, seed));
    case 'single-line':
      return t('prose on one single line', prose(size, seed).replace(/\n+/g, ' '));
    case 'crlf-bom':
      return t('CRLF line ends and a byte-order mark', '\uFEFF' + prose(size - 3, seed, '\r\n'));
    case 'rtl': {
      const units = [
        'قال رئيس البلدية «سننتهي من الإصلاحات بحلول يونيو» يوم الاثنين. ارتفع النهر بمقدار 2 متر في 48 ساعة.',
        'אמרה ראש העירייה אלנה ורגה: "נסיים את התיקונים עד יוני." המועצה הוציאה 3.2 מיליון אירו על הגשר.',
        '\u202Bمكتوب من اليمين\u202C and \u2067mixed \u05E2\u05D1\u05E8\u05D9\u05EA\u2069 text with \u200Fmarks\u200E, said Elena Varga.',
        'Ο δήμαρχος είπε «θα τελειώσουμε μέχρι τον Ιούνιο». Мэр сказала: „Мы закончим к июню“.',
      ];
      return t('right-to-left scripts and bidi controls', fit(units.join('\n\n'), size, '\n\n'));
    }
    case 'emoji': {
      const units = [
        '“We will 🎉 rebuild the 🌉 bridge by June 👩🏽‍🔧,” Mayor Elena Varga 🇬🇧 said. The river 🌊 rose by 2 metres in 48 hours 😱.',
        '👨‍👩‍👧‍👦 Families 🏠 left 40 homes. “𝒲𝑒 𝓌𝒾𝓁𝓁 𝓇𝑒𝓉𝓊𝓇𝓃,” said Tom Reyes 🙏🏿. 🏳️‍🌈🏴‍☠️ 3️⃣ 🔟 ©️ ®️',
        'Unemployment fell to 5% 📉 after the port ⚓ opened in 2021 ✅. 😀😃😄😁😆😅🤣😂🙂🙃😉😊😇🥰😍🤩😘',
      ];
      return t('emoji (astral code points, ZWJ sequences, flags)', fit(units.join('\n\n'), size, '\n\n'));
    }
    case 'unbalanced-quotes': {
      // At least 20,000 quotation marks that never pair up: openers only, straight marks in odd numbers,
      // closers first, all in one paragraph and across paragraphs.
      const marks = ['“', '"', '„', '«', '”', '»', '‘', '’'];
      const words = ['the', 'council', 'said', 'Varga', 'bridge', 'June', '2021', 'we'];
      const count = Math.max(20_000, Math.floor(size / 6));
      const parts: string[] = [];
      for (let i = 0; i < count; i++) {
        parts.push(marks[Math.floor(r() * marks.length)]! + words[Math.floor(r() * words.length)]!);
        if (i % 997 === 996) parts.push('\n\n');
        else if (i % 101 === 100) parts.push('.');
      }
      return t(`${count} unbalanced quotation marks`, parts.join(' '));
    }
    case 'nested-quotes': {
      const depth = 40;
      let s = 'the repairs are finished';
      for (let d = 0; d < depth; d++) s = d % 2 ? `“${NAMES[d % NAMES.length]} said ‘${s}’ yesterday”` : `"He told us '${s}' and «${s.slice(0, 40)}»"`;
      const unit = `${s.slice(0, 4000)}, Elena Varga said. “A “b “c “d ”e” f” g”.`;
      return t('deeply nested quotations', fit(unit, size, '\n\n'));
    }
    case 'long-token': {
      // 200,000-character tokens: letters, digits, a URL, camel case, hyphenated and dotted runs.
      const L = 200_000;
      const kinds = [
        'a'.repeat(L),
        '9'.repeat(L),
        'https://example.com/' + 'x'.repeat(L),
        'aB'.repeat(L / 2),
        'ab-'.repeat(L / 3) + 'c',
        'a.'.repeat(L / 2),
        'aeiou'.repeat(L / 5) + 'b',
        'Ab'.repeat(L / 2) + '.',
      ];
      const parts: string[] = [];
      let n = 0;
      for (let i = 0; n < size; i++) {
        const p = `The council said ${kinds[i % kinds.length]} was spent in 2021.`;
        parts.push(p);
        n += p.length + 2;
      }
      return t('200,000-character tokens', parts.join('\n\n'));
    }
    case 'punctuation': {
      const runs = ['!', '.', '?', '-', '—', '*', '_', '#', '[', ']', '(', ')', '`', '~', '|', ':', ';', ',', '…', '\'', '"', '“', '”', '^', '<', '>', '&', '=', '/', '\\', '$', '%'];
      const parts: string[] = [];
      let n = 0;
      for (let i = 0; n < size; i++) {
        const c = runs[i % runs.length]!;
        const p = `The council said ${c.repeat(5000)} it spent 3${c}2 million${c.repeat(3)} Mr${c.repeat(200)} Varga said?!?!?!${'?!'.repeat(2000)} [^${'['.repeat(300)}`;
        parts.push(p);
        n += Buffer.byteLength(p) + 2;
      }
      return t('long runs of punctuation', parts.join('\n\n'));
    }
    case 'whitespace-runs': {
      // Long runs of spaces and tabs inside a sentence, after sentence punctuation and quotes.
      const ws = [' ', '\t', '\u00a0', '\u2003', ' \t'];
      const parts: string[] = [];
      let n = 0;
      for (let i = 0; n < size; i++) {
        const w = ws[i % ws.length]!.repeat(20_000);
        const p = `Is it true?${w}x said the council${w}"${w}' and.${w}” then ?"${w}”${w}b. “Yes,${w}” Varga said${w}`;
        parts.push(p);
        n += Buffer.byteLength(p) + 2;
      }
      return t('long runs of white space', parts.join('\n\n'));
    }
    case 'markup': {
      const units = [
        '[x](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> [a](javascript:alert(1)) <script>alert(1)</script>',
        '[^1] [^note]: [source: a.txt#L1] [cite: ' + 'x'.repeat(400) + '] [' + '('.repeat(200) + ']' + ')'.repeat(200),
        '```\n' + 'code "quoted" text\n'.repeat(20) + '```',
        '# Heading "with quotes"\n\n- bullet “one”\n- bullet ”two“\n\n> a block “quote” said Varga.',
        '[' + 'a'.repeat(299) + '](' + 'b'.repeat(499) + ' "' + 'c'.repeat(199),
      ];
      return t('Markdown, HTML and link markup', fit(units.join('\n\n'), size, '\n\n'));
    }
  }
}

/** Every hostile input at about `size` bytes (each text input at least once). */
export function hostileInputs(size: number, seed = 7): HostileInput[] {
  return HOSTILE_KINDS.map((k) => hostile(k, size, seed));
}
