// Speaker attribution: who said each quote, and which sentences report someone's statement.
// Works on bounded windows of tokens around quotes and cues; names are tracked across the document so
// that pronouns and nominal mentions resolve to the person the passage is about, not the nearest name.
import {
  cueInfo,
  firstNameGender,
  hasTag,
  isDemonym,
  isHonorific,
  isNameStopWord,
  isOrgWord,
  isPlace,
  isRoleWord,
  isNounToo,
  isReportVerb,
  isSourceNoun,
  isStanceVerb,
  isActVerb,
  PRONOUNS,
} from './lexicon';
import { tokenizeCached, type Token } from './tokens';
import { endsWithMark } from './claims';
import type { Mention, Quote, Segmentation } from './types';

// ---------------------------------------------------------------------------------------------
// People mentioned in the document

export interface Person {
  name: string;
  key: string; // last name, lower case
  gender: 'm' | 'f' | 'u';
  role: string | null;
}

interface PersonMention {
  person: Person;
  start: number;
  end: number;
  paragraph: number;
  weight: number; // salience of this mention (subject, speaker, object...)
}

const PARTICLES = new Set(['de', 'van', 'von', 'der', 'den', 'bin', 'ibn', 'al', 'la', 'le', 'da', 'di', 'du', 'del', 'dos', 'el', 'st.']);
const PREPOSITIONS = new Set(['from', 'by', 'with', 'to', 'of', 'for', 'against', 'about', 'on', 'at', 'under', 'than', 'between', 'like', 'toward', 'towards', 'into', 'among', 'without', 'and', 'or', 'including']);
const SKIPPABLE = new Set(
  'also further later then once again previously reportedly recently repeatedly publicly privately firmly never always often earlier even just has had have was were is are would will had already simply flatly quickly bluntly angrily finally initially immediately subsequently separately however too only meanwhile'.split(
    ' ',
  ),
);

function isAcronym(t: Token): boolean {
  return /^(?:\p{Lu}\.?){2,}$/u.test(t.text);
}

/** Splits a run of capitalised tokens into leading role words and the name proper. */
function splitRun(run: Token[]): { role: Token[]; name: Token[] } {
  let i = 0;
  while (i < run.length - 1) {
    const t = run[i]!;
    if (isRoleWord(t.lower) || isDemonym(t.lower) || isAcronym(t) || isHonorific(t.lower) || isPlace(t.lower)) i++;
    else break;
  }
  const name = run.slice(i).filter((t) => !isHonorific(t.lower));
  // A trailing possessive "'s" is not part of the name.
  return { role: run.slice(0, i), name };
}

function nameText(tokens: Token[], text: string): string {
  if (tokens.length === 0) return '';
  return text.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end).replace(/['’]s$/, '').replace(/\s+/g, ' ');
}

function keyOf(name: string): string {
  const parts = name.toLowerCase().split(/\s+/);
  let last = parts[parts.length - 1] ?? '';
  if (/^(?:jr\.?|sr\.?|ii|iii|iv)$/.test(last) && parts.length > 1) last = parts[parts.length - 2]!;
  return last.replace(/['’]s$/, '');
}

export class People {
  private readonly byKey = new Map<string, Person[]>();
  readonly mentions: PersonMention[] = [];

  get(key: string): Person[] | undefined {
    return this.byKey.get(key);
  }

  /** Finds or creates the person named `name`; fuller names replace shorter ones. */
  add(name: string, role: string | null, gender: 'm' | 'f' | 'u'): Person {
    const key = keyOf(name);
    const list = this.byKey.get(key) ?? [];
    const firstWord = name.split(/\s+/)[0]!;
    let p = list.find((q) => q.name === name || q.name.endsWith(' ' + name) || name.endsWith(' ' + q.name) || name.split(/\s+/).length === 1);
    if (p && name.split(/\s+/).length > 1 && p.name.split(/\s+/).length > 1 && p.name !== name && !p.name.endsWith(' ' + name) && !name.endsWith(' ' + p.name)) {
      if (p.name.split(/\s+/)[0] !== firstWord) p = undefined; // Bill Clinton vs Hillary Clinton
    }
    if (!p) {
      p = { name, key, gender, role };
      list.push(p);
      this.byKey.set(key, list);
    } else {
      if (name.length > p.name.length && name.split(/\s+/).length <= 4) p.name = name;
      if (p.gender === 'u') p.gender = gender;
      if (!p.role && role) p.role = role;
    }
    return p;
  }

  /** The person a pronoun at `offset` refers to: the most salient compatible person in the recent passage. */
  resolvePronoun(pronoun: string, offset: number, paragraph: number): Person | null {
    const g = PRONOUNS[pronoun.toLowerCase()];
    const scores = new Map<Person, number>();
    let seen = 0;
    for (let i = this.mentions.length - 1; i >= 0 && seen < 40; i--) {
      const m = this.mentions[i]!;
      if (m.start >= offset) continue;
      const dist = paragraph - m.paragraph;
      if (dist > 3) break;
      seen++;
      const pg = m.person.gender;
      if (g === 'm' && pg === 'f') continue;
      if (g === 'f' && pg === 'm') continue;
      const recency = 1 / (1 + 1.2 * dist) / (1 + seen * 0.15);
      scores.set(m.person, (scores.get(m.person) ?? 0) + m.weight * recency);
    }
    let best: Person | null = null;
    let bestScore = 0;
    for (const [p, s] of scores) if (s > bestScore) ((best = p), (bestScore = s));
    return best;
  }

  /** A nominal mention ("the Russian spokesperson") resolved to a person whose role shares its head noun. */
  resolveNominal(head: string, offset: number): Person | null {
    const h = head.toLowerCase().replace(/(?:wo)?m[ae]n$|person$|people$/, '');
    if (h.length < 4) return null;
    for (let i = this.mentions.length - 1; i >= 0; i--) {
      const m = this.mentions[i]!;
      if (m.start >= offset) continue;
      const role = m.person.role?.toLowerCase() ?? '';
      if (role.includes(h)) return m.person;
    }
    return null;
  }

  lookup(name: string, offset: number): Person | null {
    const list = this.byKey.get(keyOf(name));
    if (!list || list.length === 0) return null;
    if (list.length === 1) return list[0]!;
    for (let i = this.mentions.length - 1; i >= 0; i--) {
      const m = this.mentions[i]!;
      if (m.start < offset && list.includes(m.person)) return m.person;
    }
    return list[0]!;
  }
}

/** Collects person names in the document (compromise's name lexicon plus titles and cue subjects). */
export function collectPeople(text: string, seg: Segmentation): { people: People; tokens: Token[][] } {
  const people = new People();
  const perSentence: Token[][] = [];
  // Pass 1: names that are certainly people (known first name, or a title before them).
  const runs: Array<{ run: Token[]; before: Token | undefined; after: Token | undefined; sentenceStart: boolean; paragraph: number; prevRole: string | null }> = [];
  for (const s of seg.sentences) {
    const toks = s.boilerplate ? [] : tokenizeCached(text, s.start, Math.min(s.end, s.start + 5000));
    perSentence.push(toks);
    let i = 0;
    while (i < toks.length) {
      const t = toks[i]!;
      if (!(t.cap && t.word) || (isNameStopWord(t.lower) && !isHonorific(t.lower))) {
        i++;
        continue;
      }
      let j = i;
      while (j < toks.length) {
        const u = toks[j]!;
        if (u.cap && u.word && !(isNameStopWord(u.lower) && !isHonorific(u.lower))) j++;
        else if (PARTICLES.has(u.lower) && j + 1 < toks.length && toks[j + 1]!.cap && j > i) j++;
        else break;
      }
      const run = toks.slice(i, j);
      // Lower-case role words just before the run ("Kremlin spokesman Dmitry Peskov").
      let k = i - 1;
      const roleToks: Token[] = [];
      while (k >= 0 && toks[k]!.word && (isRoleWord(toks[k]!.lower) || (toks[k]!.cap && !isNameStopWord(toks[k]!.lower)) || isDemonym(toks[k]!.lower))) {
        roleToks.unshift(toks[k]!);
        k--;
      }
      const prevRole = roleToks.length && roleToks.some((r) => isRoleWord(r.lower)) ? nameText(roleToks, text) : null;
      runs.push({ run, before: toks[i - 1], after: toks[j], sentenceStart: i === 0 || (i <= 1 && !toks[0]!.word), paragraph: s.paragraph, prevRole });
      i = j;
    }
  }
  const confirmed = new Set<string>();
  const candidates: Array<{ r: (typeof runs)[number]; name: Token[]; role: Token[] }> = [];
  for (const r of runs) {
    const { role, name } = splitRun(r.run);
    if (name.length === 0 || name.every((t) => isPlace(t.lower) || isOrgWord(t.lower) || isAcronym(t) || isDemonym(t.lower))) continue;
    if (name.length > 4) continue;
    // Headlines and transcript labels in capitals ("DON’T WANT", "CONGRESS HAS INVESTIGATED HIM") are not names.
    if (name.every((t) => t.text.length > 1 && t.text === t.text.toUpperCase())) continue;
    candidates.push({ r, name, role });
    const g = firstNameGender(name[0]!.lower);
    const titled = role.some((t) => isRoleWord(t.lower)) || r.prevRole !== null || (r.before !== undefined && isHonorific(r.before.lower));
    if ((g && name.length >= 2) || (titled && !name.every((t) => isPlace(t.lower)))) confirmed.add(keyOf(nameText(name, text)));
  }
  for (const c of candidates) {
    const full = nameText(c.name, text);
    const key = keyOf(full);
    if (!confirmed.has(key)) continue;
    const titles = c.role.filter((t) => !/^(?:mr|mrs|ms|miss|mx|dr)\.?$/.test(t.lower));
    const roleText = titles.length ? nameText(titles, text) : c.r.prevRole;
    const g = firstNameGender(c.name[0]!.lower) ?? 'u';
    const person = people.add(full, roleText, c.name.length >= 2 ? g : 'u');
    let weight = 1;
    const b = c.r.before;
    const a = c.r.after;
    if (c.r.sentenceStart) weight = 2.5;
    if (a && (cueInfo(a.lower) || /(?:ed|s)$/.test(a.lower)) && !a.cap) weight = Math.max(weight, 2.5);
    if (b && PREPOSITIONS.has(b.lower)) weight = 0.4;
    if (b && cueInfo(b.lower)?.addressee) weight = 0.1;
    if (a && (a.text === "'s" || a.text === '’s' || /['’]s$/.test(c.name[c.name.length - 1]!.text))) weight = Math.min(weight, 1.2);
    people.mentions.push({ person, start: c.name[0]!.start, end: c.name[c.name.length - 1]!.end, paragraph: c.r.paragraph, weight });
  }
  return { people, tokens: perSentence };
}

// ---------------------------------------------------------------------------------------------
// Attribution cues and their subjects

export interface Attribution {
  cue: string;
  cueStart: number;
  cueEnd: number;
  speaker: string;
  role: string | null;
  mention: Mention;
  person: Person | null;
}

interface NP {
  tokens: Token[];
  pronoun: boolean;
}

/** Function words: never the head or a modifier of a speaker noun phrase. */
const FUNC = new Set(
  `that which who whom whose what where when why how whether if because although though while since until unless
  and or but nor so yet as than like
  of in on at to for with from by about against into onto over under after before during through between among without within across toward towards upon via per off out up down
  is are was were be been being am has have had do does did will would can could should may might must shall
  not no never also too very just only even still then there here it itself him them us me himself herself themselves myself yourself
  the a an his her their its our my your this these those such some any all both each every other another more most many much few several one
  i you he she we they`.split(/\s+/),
);

/** A transcript turn at the start of a paragraph: an optional quotation mark, a label in capitals, a colon. */
export const TURN_RE = /^["“]?[ \t]*(\p{Lu}[\p{Lu}.'’\-]+(?: \p{Lu}[\p{Lu}.'’\-]+){0,2})[ \t]*:/u;

const OBJ_PREPOSITIONS = new Set(['of', 'about', 'for', 'with', 'from', 'by', 'to', 'than', 'like', 'against', 'into', 'among', 'between', 'toward', 'towards']);

const SUBJECT_PRONOUNS = new Set(['he', 'she', 'they', 'we', 'i', 'it']);

const DETERMINERS = new Set(['the', 'a', 'an', 'his', 'her', 'their', 'its', 'our', 'my', 'your', 'one', 'another', 'some', 'many', 'several', 'two', 'three', 'four', 'five', 'both', 'other', 'most', 'few', 'all']);

const WEEKDAYS = /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight)$/;
const TIME_NOUNS = /^(?:morning|afternoon|evening|night|week|month|year|weekend)$/;
const STATEMENT_NOUNS = /^(?:statement|interview|email|e-mail|tweet|letter|release|post|speech|memo|op-ed|video|message|appearance|podcast|broadcast)$/;

function isWord(t: Token | undefined): t is Token {
  return t !== undefined && t.word;
}

/** A capitalised word that can be part of a name or title. */
function isCapName(t: Token): boolean {
  return t.word && t.cap && (!isNameStopWord(t.lower) || isHonorific(t.lower)) && !WEEKDAYS.test(t.lower);
}

/** A lower-case word that can be a noun or modifier in a noun phrase ("congressional", "board", "46-year-old"). */
function isNounish(t: Token): boolean {
  if (!t.word || t.cap) return false;
  if (FUNC.has(t.lower)) return false;
  if (isRoleWord(t.lower) || isSourceNoun(t.lower) || isDemonym(t.lower)) return true;
  if (cueInfo(t.lower)) return false;
  if (/ly$/.test(t.lower) && t.lower.length > 4) return false;
  return true;
}

/** A lower-case word that can describe a person without a determiner ("spokesman", "critics", "Republican"). */
function isKnownNominal(t: Token): boolean {
  return t.word && (isRoleWord(t.lower) || isSourceNoun(t.lower) || isDemonym(t.lower) || /^\d/.test(t.text) || /-/.test(t.text) || hasTag(t.lower, 'Adjective'));
}

/** Tokens that can sit inside a noun phrase, to the left of its head. */
function isModifier(t: Token, next: Token | undefined): boolean {
  if (!t.word) return t.text === '-' || t.text === '&' || ((t.text === '’' || t.text === "'") && isWord(next));
  if (t.cap) return isCapName(t);
  if (t.lower === 'of' || PARTICLES.has(t.lower)) return isWord(next) && next.cap;
  if (/^\d/.test(t.text)) return true;
  return isNounish(t) && !/(?:ing)$/.test(t.lower);
}

/** Skips adverbs, auxiliaries and time or venue phrases leftwards from `k` ("Trump on Monday said", "he said in a statement"). */
function skipBack(toks: Token[], k: number, floor: number): number {
  for (;;) {
    if (k < floor) return k;
    const t = toks[k]!;
    if (t.word && !t.cap && (SKIPPABLE.has(t.lower) || (/ly$/.test(t.lower) && t.lower.length > 4 && !isRoleWord(t.lower) && !isSourceNoun(t.lower)))) {
      k--;
      continue;
    }
    if (t.word && WEEKDAYS.test(t.lower)) {
      k--;
      if (k >= floor && /^(?:on|last|this|late|early|earlier)$/.test(toks[k]!.lower)) k--;
      continue;
    }
    if (t.word && TIME_NOUNS.test(t.lower) && k - 1 >= floor && (WEEKDAYS.test(toks[k - 1]!.lower) || /^(?:last|this|that|earlier|late)$/.test(toks[k - 1]!.lower))) {
      k -= 2;
      if (k >= floor && /^(?:on|earlier)$/.test(toks[k]!.lower)) k--;
      continue;
    }
    if (t.word && STATEMENT_NOUNS.test(t.lower) && k - 2 >= floor && /^(?:a|an|the|his|her|their|its)$/.test(toks[k - 1]!.lower) && /^(?:in|on)$/.test(toks[k - 2]!.lower)) {
      k -= 3;
      continue;
    }
    return k;
  }
}

function appositiveLike(seg: Token[]): boolean {
  const f = seg[0]!;
  if (/^(?:who|which|whose|one|a|an|the|his|her|their|its|then|also|meanwhile|however|though|too|himself|herself|both|like|along|speaking|now|once|still|in|at|for|from|of|with|r|d|i)$/.test(f.lower)) return true;
  if (/^\d/.test(f.text) || isRoleWord(f.lower) || isDemonym(f.lower)) return true;
  if (!f.cap && /(?:ing|ed)$/.test(f.lower)) return true;
  if (seg.some((t) => t.word && (isRoleWord(t.lower) || isSourceNoun(t.lower)))) return true;
  return seg.every((t) => !t.word || t.cap);
}

/** The noun phrase that ends just before token index `end` (exclusive), reading leftwards. */
function npBefore(toks: Token[], end: number, floor: number, depth = 0): NP | null {
  let k = skipBack(toks, end - 1, floor);
  if (k < floor) return null;
  let t = toks[k]!;
  if (t.word && SUBJECT_PRONOUNS.has(t.lower) && (t.lower !== 'i' || t.text === 'I')) return { tokens: [t], pronoun: true };
  if (t.lower === 'who' || t.lower === 'which') {
    // "Trump, who said" -> the name before the comma.
    let j = k - 1;
    if (j >= floor && toks[j]!.text === ',') j--;
    return j >= floor && depth < 3 ? npBefore(toks, j + 1, floor, depth + 1) : null;
  }
  if (t.text === ')') {
    // "Rep. Jim McDermott (D-Wash.) said": skip the parenthesis.
    let j = k - 1;
    while (j >= floor && k - j < 10 && toks[j]!.text !== '(') j--;
    if (j < floor || toks[j]!.text !== '(' || depth >= 3) return null;
    return npBefore(toks, j, floor, depth + 1);
  }
  if (t.text === ',') {
    // Appositive or relative clause: "Chris Weston, chief market strategist at IG Ltd., said", "Sanders, who ..., said".
    if (depth >= 3) return null;
    // The appositive can itself contain commas ("a salesman from Sumter, South Carolina,"): try up to three.
    let j = k - 1;
    for (let tries = 0; tries < 3; tries++) {
      while (j >= floor && k - j <= 40 && toks[j]!.text !== ',' && !/^[“”"«»(]$/.test(toks[j]!.text)) j--;
      if (j <= floor || toks[j]!.text !== ',') return null;
      const seg = toks.slice(j + 1, k);
      if (seg.length === 0 || !appositiveLike(seg)) return null;
      const np = npBefore(toks, j, floor, depth + 1);
      if (!np || (!np.pronoun && !np.tokens.some((u) => u.cap))) {
        j--;
        continue;
      }
      if (np.pronoun) return np;
      // Keep a nominal appositive as part of the mention ("Dana Whitfield, chief engineer at Kestrel Works").
      const f = seg[0]!;
      if ((DETERMINERS.has(f.lower) && !/^(?:some|many|all|both|most|other)$/.test(f.lower)) || isRoleWord(f.lower) || (f.cap && seg.some((u) => u.word && isRoleWord(u.lower)))) {
        let e = 0;
        while (e < seg.length && !/^(?:who|which|whose|that|and|said|says)$/.test(seg[e]!.lower) && seg[e]!.text !== '(' && seg[e]!.text !== ',') e++;
        if (e > 0 && np.tokens.length && np.tokens[np.tokens.length - 1] === toks[j - 1]) return { tokens: [...np.tokens, toks[j]!, ...seg.slice(0, e)], pronoun: false };
      }
      return np;
    }
    return null;
  }
  // The head: a name, or a noun.
  if (!(isCapName(t) || isNounish(t) || /^\d/.test(t.text))) return null;
  // A participle is not a head, except a noun after a determiner ("the ruling said", "the filing states").
  if (!t.cap && /(?:ing|ed)$/.test(t.lower) && !isSourceNoun(t.lower) && !isRoleWord(t.lower) && !(/ing$/.test(t.lower) && k - 1 >= floor && /^(?:the|a|an|its|his|her|their)$/.test(toks[k - 1]!.lower))) return null;
  let s = k;
  while (s - 1 >= floor && k - s < 10 && isModifier(toks[s - 1]!, toks[s])) s--;
  let determined = false;
  if (s - 1 >= floor && DETERMINERS.has(toks[s - 1]!.lower)) {
    s--;
    determined = true;
  } else {
    // Without a determiner, lower-case words are kept only when they describe people ("Republican pollster").
    while (s < k && !toks[s]!.cap && !isKnownNominal(toks[s]!)) s++;
  }
  while (s < k && (toks[s]!.lower === 'of' || !toks[s]!.word)) s++;
  const np = toks.slice(s, k + 1);
  // The object of a preposition is not a subject ("11% of Democratic claims").
  if (s - 1 >= floor && OBJ_PREPOSITIONS.has(toks[s - 1]!.lower) && !(toks[s - 1]!.lower === 'of' && np.some((u) => u.cap && firstNameGender(u.lower) !== null))) return null;
  t = toks[k]!;
  const ok = np.some((u) => u.cap && u.word) || np.some((u) => u.word && !u.cap && (isRoleWord(u.lower) || isSourceNoun(u.lower))) || (determined && isNounish(t)) || /^\d.*-/.test(t.text);
  if (!ok) return null;
  return { tokens: np, pronoun: false };
}

/** The noun phrase that starts at token index `start`, reading rightwards ("said Peskov", "according to the report"). */
function npAfter(toks: Token[], start: number, limit: number, subject = false): NP | null {
  const k = start;
  if (k >= limit) return null;
  const t = toks[k]!;
  if (t.word && SUBJECT_PRONOUNS.has(t.lower) && (t.lower !== 'it' || subject) && (t.lower !== 'i' || t.text === 'I')) return { tokens: [t], pronoun: true };
  let e = k;
  let determined = false;
  if (DETERMINERS.has(toks[e]!.lower)) {
    e++;
    determined = true;
  }
  let lower = 0;
  let sawName = false;
  // Up to three lower-case descriptors before a name: "hydrologist Petra Nowak", "local reporter Tom Reyes".
  {
    let d = e;
    while (d < limit && d - e < 3 && isWord(toks[d]) && !toks[d]!.cap && isNounish(toks[d]!)) d++;
    if (d > e && d < limit && isCapName(toks[d]!)) e = d;
  }
  while (e < limit && e - k < 14) {
    const u = toks[e]!;
    const next = toks[e + 1];
    if (isCapName(u) || (u.cap && isHonorific(u.lower))) {
      sawName = true;
      e++;
    } else if ((u.lower === 'of' || PARTICLES.has(u.lower)) && e > k && isWord(next) && next.cap && !WEEKDAYS.test(next.lower)) e++;
    else if ((u.text === '-' || u.text === '&') && isWord(next) && e > k) e++;
    else if (/^\d/.test(u.text) && (determined || /-/.test(u.text))) e++;
    else if (!u.cap && u.word && lower < 5 && (sawName ? isRoleWord(u.lower) || isSourceNoun(u.lower) : isKnownNominal(u) || (determined && isNounish(u) && (!/(?:ing|ed)$/.test(u.lower) || (/ing$/.test(u.lower) && !isWord(next)))))) {
      lower++;
      e++;
    } else break;
  }
  const np = toks.slice(k, e);
  while (np.length && (np[np.length - 1]!.lower === 'of' || !np[np.length - 1]!.word)) np.pop();
  if (np.length === 0 || (np.length === 1 && determined)) return null;
  const head = np[np.length - 1]!;
  const ok = np.some((u) => u.cap && u.word) || np.some((u) => u.word && !u.cap && (isRoleWord(u.lower) || isSourceNoun(u.lower))) || (determined && isNounish(head));
  if (!ok) return null;
  // "said the spokesman, Dmitry Peskov"
  if (e + 1 < limit && toks[e]!.text === ',' && toks[e + 1]!.cap && !np.some((u) => u.cap)) {
    const more = npAfter(toks, e + 1, limit);
    if (more && !more.pronoun && more.tokens.some((u) => u.cap)) return { tokens: [...np, toks[e]!, ...more.tokens], pronoun: false };
  }
  return { tokens: np, pronoun: false };
}

const NP_PREPOSITIONS = new Set(['of', 'in', 'at', 'from', 'for', 'with', 'on', 'to']);

const AUX = /^(?:is|are|was|were|has|have|had|would|will|could|can|should|may|might|must|do|does|did|wants|want|thinks|believes)$/;

/** An inverted subject ("said Peskov") ends the clause: punctuation, a preposition, a participle or the end follows it. */
function endsInversion(toks: Token[], np: NP, limit: number): boolean {
  const last = np.tokens[np.tokens.length - 1]!;
  let i = toks.indexOf(last) + 1;
  if (i >= limit || i >= toks.length) return true;
  const n = toks[i]!;
  if (!n.word) return true;
  if (AUX.test(n.lower)) return false;
  if (/['’]s$/.test(last.text)) return false;
  if (FUNC.has(n.lower) || WEEKDAYS.test(n.lower) || /ing$/.test(n.lower)) return true;
  // "said one Republican involved in the planning": a participle after a determined noun phrase.
  if (/ed$/.test(n.lower) && DETERMINERS.has(np.tokens[0]!.lower)) return true;
  void i;
  return false;
}

/** The subject at the start of a clause ("He then listed…", "Partial transcript as follows"). */
export function subjectAt(toks: Token[], from: number, limit: number): NP | null {
  let k = from;
  // Leading conjunctions and adverbs; introductory phrases up to a comma ("On July 6, 2015, Sanders made…").
  while (k < limit && toks[k]!.word && /^(?:but|and|so|yet|still|meanwhile|however|then|also|now|instead|later|earlier)$/.test(toks[k]!.lower)) k++;
  if (k < limit && !toks[k]!.word && toks[k]!.text === ',') k++;
  const starts = [k];
  for (let c = k; c < limit && c - k < 20 && starts.length < 4; c++) if (toks[c]!.text === ',') starts.push(c + 1);
  for (const st of starts) {
    const np = npAfter(toks, st, limit, true);
    if (!np) continue;
    const last = np.tokens[np.tokens.length - 1]!;
    const n = toks[toks.indexOf(last) + 1];
    // A subject is followed by a verb-like word, not a preposition or punctuation.
    if (!n || !n.word || n.cap) continue;
    if (FUNC.has(n.lower) && !AUX.test(n.lower) && !/^(?:then|also|as|never|just|still)$/.test(n.lower)) continue;
    return np;
  }
  return null;
}

/** Two-word cues ("points out", "shot back", "put it"): the second word, when `t` starts one. */
const PHRASAL: Record<string, RegExp> = {
  point: /^out$/,
  points: /^out$/,
  pointed: /^out$/,
  pointing: /^out$/,
  shot: /^back$/,
  fired: /^back$/,
  fires: /^back$/,
  hit: /^back$/,
  put: /^it$/,
  puts: /^it$/,
  went: /^on$/,
  goes: /^on$/,
  chimed: /^in$/,
  weighed: /^in$/,
  spoke: /^(?:of|about)$/,
  summed: /^up$/,
};

function resolveNP(np: NP, text: string, people: People, paragraph: number): Omit<Attribution, 'cue' | 'cueStart' | 'cueEnd'> {
  const first = np.tokens[0]!;
  const last = np.tokens[np.tokens.length - 1]!;
  const mention: Mention = { start: first.start, end: last.end, text: text.slice(first.start, last.end) };
  if (np.pronoun) {
    const p = PRONOUNS[first.lower] ? people.resolvePronoun(first.lower, first.start, paragraph) : null;
    return { speaker: p ? p.name : first.text, role: p?.role ?? null, mention, person: p };
  }
  // Appositive: the part before the first comma is the name, the rest is the role.
  const comma = np.tokens.findIndex((t) => t.text === ',');
  let head = comma >= 0 ? np.tokens.slice(0, comma) : np.tokens;
  // "Sen. Marco Rubio of Florida", "Scott Hawkins of Cheyenne": the name comes before "of" (not "Secretary of State John Kerry").
  const of = head.findIndex((t) => t.lower === 'of');
  if (of > 0 && head.slice(0, of).some((t) => t.cap && t.word && !isRoleWord(t.lower) && !isHonorific(t.lower))) head = head.slice(0, of);
  const tail = comma >= 0 ? np.tokens.slice(comma + 1) : [];
  // The name: the last run of capitalised tokens that are not titles.
  let e = head.length;
  while (e > 0 && !(head[e - 1]!.cap && head[e - 1]!.word)) e--;
  let s = e;
  while (s > 0 && ((head[s - 1]!.cap && head[s - 1]!.word) || PARTICLES.has(head[s - 1]!.lower)) && !isNameStopWord(head[s - 1]!.lower)) s--;
  const { role: capRole, name } = splitRun(head.slice(s, e));
  const nameStr = nameText(name, text);
  const plain = (t: Token) => !DETERMINERS.has(t.lower) && !/^(?:mr|mrs|ms|miss|mx|dr)\.?$/.test(t.lower);
  let roleToks = [...head.slice(0, s), ...capRole].filter(plain);
  if (tail.length) roleToks = tail;
  const looksNamed =
    name.length > 0 &&
    !name.every((t) => isDemonym(t.lower) || isRoleWord(t.lower)) &&
    !name.every((t) => isRoleWord(t.lower)) &&
    (name.length > 1 || !isSourceNoun(name[0]!.lower) || isOrgWord(name[0]!.lower) || isPlace(name[0]!.lower));
  // A lower-case head after the name is a nominal ("Trump's campaign", "the Clinton campaign").
  const lowerHead = head.length > e && head.slice(e).some((t) => t.word && !t.cap);
  if (looksNamed && !lowerHead) {
    const known = people.lookup(nameStr, first.start);
    const role = roleToks.length ? nameText(roleToks, text).trim().replace(/^,+\s*|\s*,+$/g, '') : (known?.role ?? null);
    const speaker = known ? known.name : nameStr;
    return { speaker, role: role || null, mention, person: known };
  }
  // A nominal source: "the Russian spokesperson", "the report".
  const headNoun = [...head].reverse().find((t) => t.word && !t.cap) ?? last;
  if (!lowerHead || isRoleWord(headNoun.lower)) {
    const p = people.resolveNominal(headNoun.lower, first.start);
    if (p) return { speaker: p.name, role: p.role, mention, person: p };
  }
  const nominal = mention.text.replace(/^(?:the|a|an)\s+/i, (m) => m.toLowerCase());
  return { speaker: nominal, role: null, mention, person: null };
}

/**
 * Every attribution cue in `toks[from..to)` with its speaker, in order. `speakersOnly`: the subject must be
 * able to speak (a pronoun, a name, a person, role or source noun) — for judging whole sentences, where no
 * quotation vouches for the cue.
 */
export function findAttributions(text: string, toks: Token[], from: number, to: number, people: People, paragraph: number, speakersOnly = false): Attribution[] {
  const out: Attribution[] = [];
  for (let i = from; i < to; i++) {
    const t = toks[i]!;
    if (!t.word || (t.cap && i > from)) continue;
    let info = cueInfo(t.lower);
    let cue = t.text;
    let cueEnd = t.end;
    const phrasal = PHRASAL[t.lower];
    if (phrasal && toks[i + 1] && phrasal.test(toks[i + 1]!.lower)) {
      info = { invertible: false, addressee: false };
      cue = text.slice(t.start, toks[i + 1]!.end);
      cueEnd = toks[i + 1]!.end;
    }
    if (!info) continue;
    let np: NP | null = null;
    const gerund = /ing$/.test(t.lower);
    if (t.lower === 'according') {
      if (toks[i + 1]?.lower !== 'to') continue;
      np = npAfter(toks, i + 2, to);
      cue = 'according to';
      cueEnd = toks[i + 1]!.end;
    } else {
      np = gerund ? null : npBefore(toks, i, from);
      const prev = i - 1 >= from ? toks[i - 1] : undefined;
      if (!np && info.invertible && !gerund && (!prev || !prev.word || prev.lower === 'also')) {
        const inv = npAfter(toks, i + 1, to);
        if (inv && endsInversion(toks, inv, to)) np = inv;
      }
      if (info.addressee) {
        // "told reporters", "told state TV reporter Pavel Zarubin": the addressee is part of the cue, not the speaker.
        const addr = npAfter(toks, i + 1, to);
        if (addr && addr.tokens.length <= 6) {
          cue = text.slice(t.start, addr.tokens[addr.tokens.length - 1]!.end);
        } else if (toks[i + 1] && /^(?:reporters|journalists|the|a|an)$/i.test(toks[i + 1]!.lower)) {
          cue = `${t.text} ${toks[i + 1]!.text}`;
        }
      }
      if (!np) {
        // A participle or a coordinated verb ("…, saying", "and said"): the clause's subject.
        const k = skipBack(toks, i - 1, from);
        const before = k >= from ? toks[k] : undefined;
        if (!gerund && before && before.word && !/^(?:and|but)$/.test(before.lower)) {
          // A subject with a reduced relative clause or a prepositional modifier the parse stops at
          // ("A GAO report released last year found", "Experts on North Korea said").
          for (let c = k; c > from && k - c < 10 && !np; c--) {
            const u = toks[c]!;
            if (!u.word || /^(?:that|which|who|when|while|as|because|if|but)$/.test(u.lower)) break;
            if (u.cap || !(/ed$/.test(u.lower) || /^(?:on|at|from|in|of|for|with)$/.test(u.lower))) continue;
            const head = npBefore(toks, c, from);
            if (head && !head.pronoun && (head.tokens.some((x) => x.cap && x.word) || isSourceNoun(head.tokens[head.tokens.length - 1]!.lower))) np = head;
          }
        }
        if (!np && (gerund || (before && /^(?:and|but|,)$/.test(before.lower)))) {
          const lastAtt = out[out.length - 1];
          if (lastAtt) {
            out.push({ ...lastAtt, cue, cueStart: t.start, cueEnd });
            continue;
          }
          // The nearest clause before the cue: "…, when Sanders protesters interrupted her speech, shouting".
          for (let c = k - 1; c >= from && !np && i - c < 30; c--) {
            const u = toks[c]!;
            if (u.text === ',' || /^(?:when|while|as|after|because|and|but)$/.test(u.lower)) np = subjectAt(toks, c + 1, i);
          }
          if (!np) np = subjectAt(toks, from, i);
        }
      }
    }
    if (!np) continue;
    if (np.tokens.length === 1 && /^(?:anybody|anyone|somebody|someone|everybody|everyone|nobody|whoever)$/.test(np.tokens[0]!.lower)) continue;
    if (np.tokens.some((u) => u.start >= t.start && u.start < cueEnd)) continue;
    // "Putin's comments", "the president's remarks": a noun, not a cue.
    const lastNp = np.tokens[np.tokens.length - 1]!;
    if (lastNp.end <= t.start && /['’]s$/.test(lastNp.text)) continue;
    // Something that can speak: a pronoun, a name, or a person, role or source noun ("a rescue operation
    // continues" reports nobody; "the congressional report said", "a longtime adviser said" do).
    if (speakersOnly && !np.pronoun && !np.tokens.some((u) => u.word && (u.cap || isSourceNoun(u.lower) || isRoleWord(u.lower) || /-old$/.test(u.lower)))) continue;
    const r = resolveNP(np, text, people, paragraph);
    out.push({ cue, cueStart: t.start, cueEnd, ...r });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sentences that report a statement

/** Auxiliaries, negation and adverbs between a subject and its verb ("has not yet said", "would probably argue"). */
const VERB_PRELUDE = /^(?:has|have|had|is|are|was|were|be|been|being|will|would|shall|should|can|could|may|might|must|do|does|did|not|n't|never|also|already|still|just|now|then|even|yet|long|repeatedly|often|again|once|previously|recently|reportedly|publicly|privately|openly|only|first|later|earlier|too|both|all|each|always|since)$/;
const NEG_CONTRACTION = /^(?:has|have|had|is|are|was|were|will|would|should|can|could|do|does|did|must|wo|ca)n['’]t$/;
/** Words after which a verb form is a noun ("his claims", "the report", "Trump's comments"). */
const NOUN_MARKERS = new Set(['the', 'a', 'an', 'his', 'her', 'their', 'its', 'our', 'my', 'your', 'this', 'that', 'these', 'those', 'such', 'no', 'any', 'every', 'each', 'some', 'of', 'in', 'on', 'for', 'with', 'by', 'from', 'at']);

/** Verbs of delivering a statement, and the statements they deliver (see reportingClause). */
const STATEMENT_ACTS = new Set(
  `send sends sent sending issue issues issued issuing release releases released releasing deliver delivers delivered delivering
  give gives gave given giving offer offers offered offering present presents presented presenting
  unveil unveils unveiled unveiling publish publishes published publishing air airs aired airing run runs ran running
  lay lays laid laying put puts putting pen pens penned penning file files filed filing voice voices voiced voicing
  express expresses expressed expressing raise raises raised raising launch launches launched launching
  face faces faced facing draw draws drew drawn drawing attract attracts attracted attracting spark sparks sparked sparking`.split(/\s+/),
);
const STATEMENT_OBJECTS = /^(?:statement|statements|letter|letters|speech|speeches|message|messages|remarks|proposal|proposals|plan|plans|case|argument|arguments|address|ad|ads|advertisement|warning|warnings|apology|endorsement|response|feature|tweet|tweets|testimony|comment|comments|proof|evidence|critique|rebuke|ridicule|pushback|backlash|condemnation|praise|scrutiny|complaint|complaints|concern|concerns|objection|objections|doubts|misgivings|outrage|criticism|support|opposition|questions|claims?|allegations?|assurances?|promises?|pledge|vision|agenda|views?|opinion|ruling|verdict|forecast|estimate|report|memo|op-ed|editorial|column|interview|video|spot|announcement)$/;

/** What someone says or proposes, as a noun ("his remarks", "Clinton's plan"). */
const OWN_STATEMENTS = /^(?:plan|plans|proposal|proposals|remarks|comments|comment|claim|claims|statement|statements|speech|words|promise|promises|pledge|attacks|criticism|argument|arguments|views|message|tweet|tweets|testimony|accusation|accusations|allegation|allegations|warning|warnings|threat|threats|vow|rhetoric|assertion|assertions|insistence|denial|denials|suggestion|remark|answer|answers|response|rebuttal|critique|complaint|complaints|position|positions|stance|vision|agenda|platform|policies|promises|message|slogan|account|version|explanation|apology|defense|defence)$/;

/** Passives that report a statement without naming its source ("was accused of", "is expected to", "has been criticized"). */
const PASSIVE_REPORTS = /^(?:rated|ranked|accused|blamed|criticized|criticised|condemned|denounced|praised|credited|quoted|cited|described|characterized|portrayed|mentioned|reported|rumored|rumoured|alleged|said|thought|believed|expected|considered|deemed|regarded|seen|viewed|told|asked|urged|warned|advised|questioned|challenged|disputed|debated|rejected|endorsed|touted|hailed|dubbed|labeled|labelled|branded|called|nicknamed|derided|mocked|ridiculed|attacked|slammed|blasted|lambasted|faulted|chastised|rebuked|scolded|promised|pledged|projected|predicted|estimated|forecast)$/;

/** Verbs that take an infinitive and carry its tense ("appeared to suggest", "declined to say"). */
const CONTROL_VERBS = /^(?:appear|appears|appeared|seem|seems|seemed|continue|continues|continued|try|tries|tried|trying|begin|begins|began|refuse|refuses|refused|decline|declines|declined|plan|plans|planned|intend|intends|intended|want|wants|wanted|hope|hopes|hoped|vow|vows|vowed|promise|promises|promised|threaten|threatens|threatened|agree|agrees|agreed|declined|went|going|used|sought|seeks|seek|expects|expected|is|are|was|were|did|does|do)$/;

const HEADLINE_QUOTE = /(?:^|[\s:(])[‘'][\p{L}\d][^‘’'\n]*[’'](?=[\s.,:;!?)]|$)/u;

/** Phrasal verbs of saying or taking a position ("pointed out", "went after", "weighed in", "pushed back"). */
const PHRASAL_REPORTS: Array<[RegExp, RegExp]> = [
  [/^point(?:s|ed|ing)?$/, /^out$/],
  [/^(?:go|goes|went|gone|going)$/, /^after$/],
  [/^lash(?:es|ed|ing)?$/, /^out$/],
  [/^(?:weigh|chime)(?:s|ed|ing)?$/, /^in$/],
  [/^(?:speak|speaks|spoke|spoken|speaking)$/, /^(?:out|up)$/],
  [/^seiz(?:e|es|ed|ing)$/, /^(?:on|upon)$/],
  [/^(?:push|pushes|pushed|pushing|fire|fires|fired|firing|hit|hits|hitting|shoot|shoots|shot|shooting)$/, /^back$/],
  [/^(?:double|doubles|doubled|doubling)$/, /^down$/],
  [/^(?:call|calls|called|calling)$/, /^(?:out|on|for)$/],
  [/^(?:come|comes|came|coming)$/, /^out$/],
  [/^(?:back|backs|backed|backing)$/, /^(?:off|away)$/],
  [/^(?:sign|signs|signed|signing)$/, /^on$/],
];
/** "spoke emotionally of", "speaks … about": speaking with a topic, not merely at a place. */
function speaksOf(toks: Token[], i: number): boolean {
  if (!/^(?:speak|speaks|spoke|spoken|speaking)$/.test(toks[i]!.lower)) return false;
  for (let c = i + 1; c < toks.length && c - i <= 6 && toks[c]!.word; c++) if (/^(?:about|of|on)$/.test(toks[c]!.lower)) return true;
  return false;
}
function phrasalReport(verb: string, particle: string | undefined): boolean {
  if (particle === undefined) return false;
  for (const [v, p] of PHRASAL_REPORTS) if (v.test(verb) && p.test(particle)) return true;
  return false;
}

/** "see X as", "views X as": a judgement, not a sighting. */
function seesAs(toks: Token[], i: number): boolean {
  const v = toks[i]!.lower;
  // "see X as" (a judgement), "painted X as", "cast X as", "framed X as" (a portrayal), "linked X to" (an allegation).
  const as = /^(?:see|sees|saw|seen|view|views|viewed|regard|regards|regarded|perceive|perceives|perceived|rate|rates|rated|rank|ranks|ranked|paint|paints|painted|painting|cast|casts|casting|frame|frames|framed|framing)$/.test(v);
  const to = /^(?:link|links|linked|linking)$/.test(v);
  if (!as && !to) return false;
  for (let c = i + 2; c < toks.length && c - i <= 10; c++) {
    const u = toks[c]!;
    if (!u.word && /^[.;:!?“”"]$/.test(u.text)) return false;
    if (u.lower === (as ? 'as' : 'to')) return true;
  }
  return false;
}

/**
 * The holder of a stance stated with a copula at `k` ("Graham has been critical of", "Clinton has been a supporter
 * of"): the noun phrase before the copula and its auxiliaries, when it is a person, a source or a pronoun other
 * than it/I/we.
 */
function holderBefore(toks: Token[], k: number): NP | null {
  let j = k - 1;
  while (j >= 0 && k - j < 5 && toks[j]!.word && !toks[j]!.cap && (VERB_PRELUDE.test(toks[j]!.lower) || NEG_CONTRACTION.test(toks[j]!.lower))) j--;
  const np = j >= 0 ? npBefore(toks, j + 1, 0) : null;
  return np && (np.pronoun ? !/^(?:it|i|we)$/.test(np.tokens[0]!.lower) : sourceHead(np)) ? np : null;
}

/** A noun phrase headed by a source noun ("the study", "a new poll") or a name. */
function sourceHead(np: NP | null): boolean {
  const h = np?.tokens[np.tokens.length - 1];
  return h !== undefined && !np!.pronoun && (h.cap || isSourceNoun(h.lower));
}

/** Adjectives of stance that take a complement ("critical of", "skeptical about", "confident that"). */
const STANCE_ADJECTIVES = /^(?:critical|skeptical|sceptical|supportive|dismissive|wary|coy|afraid|confident|convinced|adamant|optimistic|pessimistic|hopeful|doubtful|unhappy|angry|furious|concerned|proud|insistent|vocal|outspoken|complimentary|emphatic|unequivocal|opposed|sympathetic|hostile|enthusiastic|cautious|firm|clear|willing|unwilling|eager|determined|reluctant|keen|loath)$/;

export interface ReportCue {
  cue: string;
  cueStart: number;
  speaker: string | null;
}

/**
 * The first verb of communication, cognition or stance in `toks` that has a subject ("Clinton questioned",
 * "polls show", "he believes", "the agency, which reported"), or null. Bounded: each candidate looks back
 * over at most a few tokens.
 */
export function reportingClause(text: string, toks: Token[], people: People, paragraph: number): ReportCue | null {
  let words = 0, caps = 0;
  for (const t of toks) if (t.word) ((words++), t.cap && caps++);
  const titleCase = words >= 4 && caps / words > 0.6;
  // A headline quoting someone in single marks ("Christie Calls Clinton ‘A Disgrace’", "Obama on Climate Change: The
  // Trends Are 'Terrifying.'"): headlines put quotations in single quotation marks.
  if (titleCase && toks.length && HEADLINE_QUOTE.test(text.slice(toks[0]!.start, toks[toks.length - 1]!.end))) return { cue: 'headline quotation', cueStart: toks[0]!.start, speaker: null };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    // "According to conservative talk radio host Rush Limbaugh, …": a source the noun-phrase parse cannot bound.
    if (t.lower === 'according' && toks[i + 1]?.lower === 'to' && isWord(toks[i + 2])) return { cue: 'according to', cueStart: t.start, speaker: null };
    // "by one estimate", "in his view", "in the eyes of critics": a source in a prepositional phrase.
    if ((t.lower === 'by' || t.lower === 'in') && isWord(toks[i + 1]) && isWord(toks[i + 2])) {
      const d = toks[i + 1]!.lower, n = toks[i + 2]!.lower;
      if (t.lower === 'by' ? /^(?:one|some|his|her|their|its|our|many|most|other|official|several|any|all)$/.test(d) && /^(?:estimates?|counts?|accounts?|measures?|calculations?|reckoning|tally|projections?)$/.test(n) : /^(?:his|her|their|its|our|my)$/.test(d) && /^(?:view|views|opinion|eyes|words|telling|mind|estimation|judgment|judgement|assessment)$/.test(n)) return { cue: `${t.text} ${toks[i + 1]!.text} ${toks[i + 2]!.text}`, cueStart: t.start, speaker: null };
      if (t.lower === 'in' && d === 'the' && /^(?:view|opinion|eyes|words|estimation|judgment|judgement|assessment)$/.test(n) && toks[i + 3]?.lower === 'of') return { cue: `in the ${toks[i + 2]!.text} of`, cueStart: t.start, speaker: null };
    }
    // A stance in the passive with its holder ("promoted by Donald Trump", "is supported by far fewer publications",
    // "opposed by the teachers' unions"): the holder is the source.
    if (t.word && !t.cap && /ed$/.test(t.lower) && isStanceVerb(t.lower) && toks[i + 1]?.lower === 'by') {
      for (let c = i + 2; c < toks.length && c <= i + 5 && toks[c]!.word; c++) {
        const u = toks[c]!;
        if ((u.cap && !isNameStopWord(u.lower)) || isSourceNoun(u.lower) || isRoleWord(u.lower)) return { cue: `${t.text} by`, cueStart: t.start, speaker: null };
      }
    }
    // "In a statement issued Tuesday, …", "in a televised interview", "in his speech": the sentence reports what
    // was said there (a determiner, at most two modifiers, then the kind of statement).
    if (t.lower === 'in' && /^(?:a|an|his|her|their|its|the)$/.test(toks[i + 1]?.lower ?? '')) {
      for (let c = i + 2; c < toks.length && c <= i + 4 && toks[c]!.word; c++) {
        if (/^(?:statement|interview|speech|letter|op-ed|memo|email|e-mail|tweet|tweets|post|press|briefing|testimony|remarks|address|editorial|column|essay|filing|lawsuit|complaint|ruling|report|message|video|ad|advertisement|podcast)$/.test(toks[c]!.lower)) {
          if (toks[c]!.lower === 'press' && !/^(?:release|conference|briefing)$/.test(toks[c + 1]?.lower ?? '')) break;
          return { cue: toks.slice(i, c + 1).map((x) => x.text).join(' '), cueStart: t.start, speaker: null };
        }
      }
    }
    if (t.word && !t.cap && STANCE_ADJECTIVES.test(t.lower) && i >= 2 && /^(?:of|about|that|over|toward|towards|to|whether)$/.test(toks[i + 1]?.lower ?? '')) {
      // A stance as a predicate ("Graham has been critical of Trump", "aides were coy about", "Democrats are afraid that").
      let k = i - 1;
      while (k >= 0 && i - k < 5 && toks[k]!.word && !toks[k]!.cap && /^(?:very|so|too|quite|deeply|increasingly|openly|publicly|also|still|long|more|less|particularly|highly|sharply|not|never)$/.test(toks[k]!.lower)) k--;
      if (k >= 1 && /^(?:is|are|was|were|been|be|remain|remains|remained|seemed|seems|appeared|appears)$/.test(toks[k]!.lower)) {
        const np = holderBefore(toks, k);
        if (np) return { cue: t.text, cueStart: t.start, speaker: resolveNP(np, text, people, paragraph).speaker };
      }
    }
    if (t.word && !t.cap && /^(?:supporter|opponent|critic|advocate|proponent|champion|defender|backer|foe|skeptic|sceptic)$/.test(t.lower) && toks[i + 1]?.lower === 'of') {
      // A stance as a role ("Clinton has been an outspoken supporter of NATO", "a staunch opponent of the death penalty").
      let k = i - 1;
      while (k >= 0 && i - k < 7 && toks[k]!.word && !toks[k]!.cap && !/^(?:is|are|was|were|been|be|remains|remained)$/.test(toks[k]!.lower) && (/^(?:a|an|the|and|longtime|long-time|staunch|vocal|outspoken|consistent|fierce|strong|strident|leading|prominent|early|ardent|avid|harsh|frequent|persistent|loyal|key|major|big|top|chief|fervent|passionate|committed|devoted|enthusiastic)$/.test(toks[k]!.lower))) k--;
      if (k >= 1 && /^(?:is|are|was|were|been|be|remains|remained)$/.test(toks[k]!.lower)) {
        const np = holderBefore(toks, k);
        if (np) return { cue: t.text, cueStart: t.start, speaker: resolveNP(np, text, people, paragraph).speaker };
      }
    }
    if (t.word && !t.cap && STATEMENT_ACTS.has(t.lower)) {
      // Delivering a statement ("sent a letter", "delivered a speech", "unveiled a proposal", "offered no proof"): a
      // report when a statement noun follows within a few words and the verb has a subject.
      let obj = false;
      for (let c = i + 1; c < toks.length && c - i <= 4 && toks[c]!.word; c++) if (STATEMENT_OBJECTS.test(toks[c]!.lower)) ((obj = true), (c = toks.length));
      if (obj) {
        let k = i - 1;
        while (k >= 0 && i - k < 6 && toks[k]!.word && !toks[k]!.cap && (VERB_PRELUDE.test(toks[k]!.lower) || NEG_CONTRACTION.test(toks[k]!.lower) || (/ly$/.test(toks[k]!.lower) && toks[k]!.lower.length > 4))) k--;
        const np = k >= 0 && (/ing$/.test(t.lower) || !/^(?:is|are|was|were|be|been|being)$/.test(toks[k + 1]?.lower ?? '')) ? npBefore(toks, k + 1, 0) : null;
        if (np) return { cue: t.text, cueStart: t.start, speaker: resolveNP(np, text, people, paragraph).speaker };
      }
    }
    if (t.word && !t.cap && OWN_STATEMENTS.test(t.lower) && i > 0) {
      // Someone's statement as a noun phrase ("Mrs. Clinton's plan would…", "his remarks on Saturday", "their claims").
      let k = i - 1;
      if (toks[k]!.word && !toks[k]!.cap && /^(?:own|latest|new|recent|first|initial|revised|public|earlier|repeated|previous|original|tax|economic|policy|campaign|foreign|immigration)$/.test(toks[k]!.lower) && k > 0) k--;
      const o = toks[k]!;
      const owner = o.word && (/^(?:his|her|their)$/.test(o.lower) || (o.cap && /['’]s?$/.test(o.text) && !isNameStopWord(o.lower.replace(/['’]s?$/, '')) && people.get(o.lower.replace(/['’]s?$/, '')) !== undefined));
      if (owner) return { cue: t.text, cueStart: t.start, speaker: null };
    }
    if (!t.word || !(isReportVerb(t.lower) || (!t.cap && (phrasalReport(t.lower, toks[i + 1]?.lower) || seesAs(toks, i) || speaksOf(toks, i))))) continue;
    const prev = toks[i - 1];
    const next = toks[i + 1];
    // "listeners who said", "officials who say": a relative clause reporting speech.
    if (prev && /^(?:who|whom)$/.test(prev.lower) && cueInfo(t.lower)?.invertible && /(?:ed|id|ote|old|s)$/.test(t.lower) && !isNounToo(t.lower)) return { cue: t.text, cueStart: t.start, speaker: null };
    // "thanks to", "showed up", "called in to a show", "reported from Kabul" (a byline credit): not statements.
    if ((t.lower === 'thanks' && next && /^(?:to|in)$/.test(next.lower)) || (/^show(?:s|ed|n|ing)?$/.test(t.lower) && next?.lower === 'up') || (/^call(?:s|ed|ing)?$/.test(t.lower) && next && /^(?:in|off)$/.test(next.lower)) || (t.lower === 'reported' && next?.lower === 'from')) continue;
    if (t.cap) {
      // A title-case headline: "Lindsey Graham Says", "Obama Warns Of…", "Retired General Reveals", "Black Lawmakers Rip".
      if (!(prev && prev.cap && prev.word && !isNameStopWord(prev.lower) && /(?:s|ed)$/.test(t.lower) && !isNounToo(t.lower) && people.get(prev.lower.replace(/['’]s$/, '')))) {
        const headlineCue = titleCase && i > 0 && prev && prev.cap && prev.word && !isNameStopWord(prev.lower) && !isReportVerb(prev.lower) && (cueInfo(t.lower) !== null || isStanceVerb(t.lower)) && (/[^s']s$/.test(t.lower) || (/[^s'’]s$/.test(prev.lower) && !/ed$/.test(t.lower)));
        if (!headlineCue) continue;
      }
      return { cue: t.text, cueStart: t.start, speaker: people.lookup(prev.text, prev.start)?.name ?? prev.text };
    }
    // A progressive ("Trump is demanding that", "Clarke was proposing"): a finite verb, not a participle.
    const progressive = /ing$/.test(t.lower) && prev !== undefined && /^(?:is|are|was|were|been|am|['’]s|['’]re)$/.test(prev.lower);
    if (/ing$/.test(t.lower) && !progressive) {
      // A participle after a clause ("…, arguing that", "while insisting"): reports when the clause has a subject.
      if (!(prev && (prev.text === ',' || /^(?:while|by|after|before|when|in|avoid|avoids|avoided|avoiding|keeps|kept|stopped|started|began|continued|continues|resumed)$/.test(prev.lower)) && i > 1)) continue;
      for (let c = i - 2; c >= 0 && i - c < 25; c--) {
        const u = toks[c]!;
        if (u.word && (SUBJECT_PRONOUNS.has(u.lower) && u.lower !== 'it' || (u.cap && c > 0 && !isNameStopWord(u.lower) && people.get(u.lower.replace(/['’]s$/, ''))))) return { cue: t.text, cueStart: t.start, speaker: null };
      }
      continue;
    }
    if (prev && (NOUN_MARKERS.has(prev.lower) || /['’]s?$/.test(prev.text) || (isModifierWord(prev) && !VERB_PRELUDE.test(prev.lower)))) continue;
    if (next && /^(?:of|for)$/.test(next.lower) && isNounToo(t.lower)) continue;
    const thatClause = next !== undefined && next.lower === 'that';
    let k = i - 1;
    let aux = false;
    let passive = false;
    let deontic = false;
    if (progressive) {
      aux = true;
      k--;
    } else if (prev?.lower === 'to' && i >= 2 && CONTROL_VERBS.test(toks[i - 2]!.lower)) {
      // "appeared to blame", "refused to say", "plans to announce": the control verb carries the tense.
      aux = true;
      k = i - 3;
    }
    while (k >= 0 && i - k < 9 && toks[k]!.word && !toks[k]!.cap && (VERB_PRELUDE.test(toks[k]!.lower) || NEG_CONTRACTION.test(toks[k]!.lower) || (/ly$/.test(toks[k]!.lower) && toks[k]!.lower.length > 4))) {
      if (/^(?:has|have|had|will|would|shall|should|can|could|may|might|must|do|does|did|not)$/.test(toks[k]!.lower) || NEG_CONTRACTION.test(toks[k]!.lower)) aux = true;
      if (!progressive && /^(?:is|are|was|were|be|been|being)$/.test(toks[k]!.lower)) passive = true;
      if (/^(?:shall|should|can|could|may|might|must)$/.test(toks[k]!.lower)) deontic = true;
      k--;
    }
    if (k < 0) continue;
    // A passive ("is expected to", "must be addressed") reports nobody unless its agent follows ("was criticized by").
    if (passive && next?.lower !== 'by' && !PASSIVE_REPORTS.test(t.lower)) continue;
    // "did not respond to requests for comment": no statement.
    if (/^(?:respond|reply|return)$/.test(t.lower) && i >= 2 && (toks[i - 1]!.lower === 'not' || NEG_CONTRACTION.test(toks[i - 1]!.lower) || toks[i - 2]!.lower === 'not')) continue;
    const before = toks[k]!;
    // A plural subject right before a base form ("voters expect", "Polls show", "police fear"), the first word capitalised or not.
    const pluralBefore = before.word && (!before.cap || k === 0) && (/[^s'’]s$/.test(before.lower) || /^(?:police|people)$/.test(before.lower)) && !FUNC.has(before.lower);
    if (isNounToo(t.lower) && !aux) {
      // "questions", "plan": a verb only right after a subject pronoun, a relative pronoun or a name.
      const pron = before.word && /^(?:he|she|they|i|we|it|who|that|which)$/.test(before.lower);
      const named = before.cap && before.word && !/s$/.test(t.lower) ? false : before.cap && before.word;
      const plural = !/s$/.test(t.lower) && pluralBefore;
      // "Data from the survey show that": a noun before the verb and a that-clause after it.
      const clause = thatClause && before.word && !FUNC.has(before.lower) && !/ly$/.test(before.lower);
      // "The woman disputes the idea", "The ad then references": an -s form with its object right after it.
      const objNext = /[^s]s$/.test(t.lower) && next !== undefined && (/^(?:the|a|an|that|his|her|their|its|this|these|those)$/.test(next.lower) || (next.lower === 'to' && /^(?:plans|hopes|wants|aims|vows|pledges|promises|threatens|seeks|intends)$/.test(t.lower)));
      const objectAfter = objNext && ((before.word && !before.cap && !FUNC.has(before.lower) && k > 0 && /^(?:the|a|an|this|that|his|her|their|its)$/.test(toks[k - 1]!.lower)) || (before.text === ',' && sourceHead(npBefore(toks, k + 1, 0))));
      if (!pron && !named && !plural && !clause && !objectAfter) continue;
    }
    const np = npBefore(toks, k + 1, 0);
    if (np) {
      const r = resolveNP(np, text, people, paragraph);
      return { cue: t.text, cueStart: t.start, speaker: r.speaker };
    }
    // A subject the noun-phrase parse leaves out ("Experts on North Korea said", "A poll released in August found",
    // "Many of his supporters believe", "Those close to him say that"): a finite verb with a person, pronoun or
    // source noun earlier in the same clause.
    const baseFinite = (pluralBefore || thatClause || /^(?:they|we|i|you|who)$/.test(before.lower)) && !/^(?:to)$/.test(before.lower);
    if ((isNounToo(t.lower) && !thatClause && !pluralBefore && !aux) || (!/(?:ed|[^s]s)$/.test(t.lower) && !/^(?:said|told|thought|knew|felt|wrote|found|taught|swore)$/.test(t.lower) && !baseFinite && !progressive && !(aux && !deontic))) continue;
    for (let c = k; c >= 0 && k - c < 14; c--) {
      const u = toks[c]!;
      if (!u.word && /^[;:“”"()]$/.test(u.text)) break;
      if (
        u.word &&
        (SUBJECT_PRONOUNS.has(u.lower) ||
          (u.cap && c > 0 && !isNameStopWord(u.lower)) ||
          (!u.cap && isSourceNoun(u.lower)) ||
          /^(?:those|some|many|most|others|someone|somebody|everyone|nobody|critics|supporters|opponents|voters|americans|democrats|republicans)$/.test(u.lower))
      )
        return { cue: t.text, cueStart: t.start, speaker: null };
    }
  }
  return null;
}

/**
 * True when sentence `si` lies inside a quotation written with doubled apostrophes (''It's anti-reform.''), the
 * convention of some wire and archive text, which the quote finder leaves alone (it would mistake them for
 * apostrophes). Only quotations of four words or more count; a mark left open runs to the end of the paragraph.
 */
export function inApostropheQuote(text: string, seg: Segmentation, si: number): boolean {
  const s = seg.sentences[si]!;
  const p = seg.paragraphs[s.paragraph]!;
  let i = text.indexOf("''", p.start);
  if (i < 0 || i >= p.end) return false;
  let open = -1;
  const inside = (a: number, b: number) => a < s.end && b > s.start && /(?:[\p{L}\p{N}]+\W+){3,}[\p{L}\p{N}]/u.test(text.slice(a, b));
  for (; i >= 0 && i < p.end - 1; i = text.indexOf("''", i + 2)) {
    const prev = text[i - 1];
    const next = text[i + 2];
    const opens = (i === p.start || prev === undefined || /[\s(\[—–-]/.test(prev)) && next !== undefined && !/\s/.test(next);
    if (open < 0) {
      if (opens) open = i + 2;
    } else if (!opens || /[\p{L}\p{N}.,!?…]/u.test(prev ?? '')) {
      if (inside(open, i)) return true;
      open = -1;
    } else open = i + 2;
  }
  return open >= 0 && inside(open, p.end);
}

/**
 * A speaker label opening a sentence, headline style ("Sanders: Clinton needs to…", "Poll: Clinton and Trump
 * in dead heat"): one to four capitalised words naming a known person, a title or a source, then a colon.
 */
export function labelSpeaker(text: string, toks: Token[], people: People): string | null {
  let c = 0;
  while (c < toks.length && c < 5 && toks[c]!.word && toks[c]!.cap) c++;
  if (c === 0 || c > 4 || toks[c]?.text !== ':') return null;
  const after = toks[c + 1];
  if (!after || !(after.cap || /^[“"‘']$/.test(after.text))) return null;
  const last = toks[c - 1]!;
  const key = last.lower.replace(/['’]s$/, '');
  if (people.get(key) || (c >= 2 && firstNameGender(toks[0]!.lower)) || isRoleWord(key) || /^(?:poll|polls|survey|study|report|analysis|memo)$/.test(key)) {
    return text.slice(toks[0]!.start, last.end);
  }
  return null;
}

/** A lower-case adjective right before a word makes that word a noun ("the legal challenge", "an open question"). */
function isModifierWord(t: Token): boolean {
  return t.word && !t.cap && hasTag(t.lower, 'Adjective') && !/^(?:also|just|only|even|still|then|never|now)$/.test(t.lower);
}

// ---------------------------------------------------------------------------------------------
// Quotes

function sentenceIndexAt(seg: Segmentation, offset: number): number {
  let lo = 0;
  let hi = seg.sentences.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (seg.sentences[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function tokenIndexAt(toks: Token[], offset: number): number {
  let i = 0;
  while (i < toks.length && toks[i]!.start < offset) i++;
  return i;
}

function setSpeaker(q: Quote, a: Attribution | { speaker: string; role: string | null; mention: Mention | null; cue: string | null }): void {
  q.speaker = a.speaker;
  q.role = a.role;
  q.speakerMention = a.mention;
  q.cue = a.cue;
}

/** Fills in `speaker`, `role`, `speakerMention` and `cue` of every quote. */
export function attributeQuotes(text: string, seg: Segmentation, quotes: Quote[], people: People, sentenceTokens: Token[][]): void {
  const paraOf = (q: Quote) => seg.sentences[sentenceIndexAt(seg, q.start)]!.paragraph;
  for (let qi = 0; qi < quotes.length; qi++) {
    const q = quotes[qi]!;
    const si = sentenceIndexAt(seg, q.start);
    const sent = seg.sentences[si]!;
    const para = sent.paragraph;
    // Tokens of this sentence and the next ones in the paragraph (a quote can span sentences).
    let ei = sentenceIndexAt(seg, Math.max(q.start, q.end - 1));
    const endSent = seg.sentences[ei]!;
    const afterToks = sentenceTokens[ei] ?? [];
    const prevQuote = qi > 0 && paraOf(quotes[qi - 1]!) === para ? quotes[qi - 1]! : null;
    const nextQuote = qi + 1 < quotes.length && paraOf(quotes[qi + 1]!) === para ? quotes[qi + 1]! : null;

    // (a) After the quote: `," he said`, `," said Peskov`, `” Putin told reporters.`, or the next sentence
    // when the quotation closed its sentence (`…?" Rubio said.`).
    let after: Attribution | null = null;
    let nextSentenceAfter = false;
    let afterLoose: Attribution | null = null;
    if (!q.unclosed) {
      let toks = afterToks;
      let a0 = tokenIndexAt(toks, q.end);
      let sentEnd = endSent.end;
      let nextSentence = false;
      if (a0 >= toks.length && ei + 1 < seg.sentences.length && seg.sentences[ei + 1]!.paragraph === para && /^\s*$/.test(text.slice(q.end, seg.sentences[ei + 1]!.start))) {
        toks = sentenceTokens[ei + 1] ?? [];
        a0 = 0;
        sentEnd = seg.sentences[ei + 1]!.end;
        nextSentence = true;
      }
      let limit = toks.length;
      if (nextQuote && nextQuote.start < sentEnd) limit = Math.min(limit, tokenIndexAt(toks, nextQuote.start));
      limit = Math.min(limit, a0 + 40);
      let lead = a0;
      let dashed = false;
      while (lead < limit && !toks[lead]!.word && /[,—–―\-]/.test(toks[lead]!.text)) {
        if (toks[lead]!.text !== ',') dashed = true;
        lead++;
      }
      // ", as a Homeland Security memo put it."
      if (lead + 1 < limit && toks[lead]!.lower === 'as' && toks[lead - 1]?.text === ',') lead++;
      const found = findAttributions(text, toks, lead, limit, people, para);
      const first = found[0];
      const leadTok = toks[lead];
      if (!first && dashed && leadTok && isCapName(leadTok)) {
        // A signature line: `“…” ― Pamela Padilla`.
        let e = lead;
        while (e < limit && (isCapName(toks[e]!) || (toks[e]!.cap && toks[e]!.word) || PARTICLES.has(toks[e]!.lower))) e++;
        const rest = toks.slice(e, limit);
        if (e - lead <= 5 && (rest.length === 0 || rest[0]!.text === ',' || (rest.length === 1 && !rest[0]!.word))) {
          const np: NP = { tokens: toks.slice(lead, e), pronoun: false };
          const dash = toks[lead - 1]!;
          after = { ...resolveNP(np, text, people, para), cue: dash.text, cueStart: dash.start, cueEnd: dash.end };
        }
      }
      if (first && leadTok && first.mention.start >= leadTok.start && first.cueStart - q.end < 240) {
        // The subject must follow the quote directly (a noun phrase from the first word), or the cue must ("said Peskov").
        if (first.mention.start === leadTok.start || first.cueStart === leadTok.start) after = first;
        else if (!PRONOUNS[first.mention.text.toLowerCase()]) {
          // The subject noun phrase starts at the quote, with modifiers or a prepositional phrase the parse left out
          // ("a Democratic staffer in the room wondered").
          const gapToks = toks.slice(lead, tokenIndexAt(toks, first.mention.start));
          const g0 = gapToks[0];
          const npToken = (u: Token) =>
            u.word ? u.cap || /^\d/.test(u.text) || DETERMINERS.has(u.lower) || NP_PREPOSITIONS.has(u.lower) || (isNounish(u) && !/(?:ing|ed)$/.test(u.lower)) : /^[-’'&.]$/.test(u.text);
          if (g0 && gapToks.length <= 10 && !NP_PREPOSITIONS.has(g0.lower) && g0.word && gapToks.every(npToken) && (gapToks.some((u) => u.cap) || /\p{Lu}/u.test(first.mention.text) || DETERMINERS.has(g0.lower))) {
            after = { ...first, mention: { start: leadTok.start, end: first.mention.end, text: text.slice(leadTok.start, first.mention.end) } };
          }
        }
        if (!after && !nextSentence && !dashed) afterLoose = first;
        // "…,” Sanders said, according to CNN.": the reported source is the outlet.
        if (after && after.cue !== 'according to') {
          const acc = found.find((f) => f.cue === 'according to' && f.cueStart > after!.cueEnd && /^[^.!?“”"]{0,40},\s*$/.test(text.slice(after!.cueEnd, f.cueStart)));
          if (acc) after = acc;
        }
        if (after && nextSentence && !/[?!]\s*$/.test(text.slice(q.contentStart, q.contentEnd))) {
          // A following sentence attributes the quotation only when it is a bare attribution ("Rubio said.", "he added on Monday.").
          const c = tokenIndexAt(toks, after.cueEnd);
          const rest = toks.slice(c, limit);
          if (rest.length > 12 || rest.some((u) => /^(?:that|[“”"])$/.test(u.lower)) || limit < toks.length) after = null;
          nextSentenceAfter = after !== null;
        }
      }
    }
    // (b) Before the quote, within its sentence (or after the previous quote in the sentence).
    let before: Attribution | null = null;
    let beforeAdjacent = false;
    {
      const toks = sentenceTokens[si] ?? [];
      let from = 0;
      if (prevQuote && prevQuote.end > sent.start) from = tokenIndexAt(toks, prevQuote.end);
      const to = tokenIndexAt(toks, q.start);
      const found = findAttributions(text, toks, from, to, people, para);
      if (found.length) {
        before = found[found.length - 1]!;
        // "According to Yahoo News, Clinton's spokesman said …": the reported source is the outlet.
        if (found.length > 1 && found[0]!.cue === 'according to' && /^[^.!?“”"]{0,60},/.test(text.slice(found[0]!.mention.end, found[1]!.cueStart))) before = { ...before, speaker: found[0]!.speaker, role: found[0]!.role, mention: found[0]!.mention, person: found[0]!.person };
        // "Rubio said that … he called a “con artist”": a pronoun for the person the sentence already named.
        if (before.person && /^\p{Ll}+$/u.test(before.mention.text) || (before.person && PRONOUNS[before.mention.text.toLowerCase()])) {
          const named = found.find((f) => f.person === before!.person && !PRONOUNS[f.mention.text.toLowerCase()]);
          if (named) before = { ...before, mention: named.mention, speaker: named.speaker, role: named.role };
        }
        const between = text.slice(before.cueEnd, q.start);
        const trimmed = between.trim();
        beforeAdjacent = trimmed === '' || trimmed === ',' || trimmed === ':' || /^[^.!?"“”]{0,80}[,:]$/.test(trimmed);
      } else if (to > from && (toks[to - 1]?.text === ':' || toks[to - 1]?.text === ',')) {
        // "Mr. Zelensky raised the question, “...”", "The president had a message: “...”": the clause's subject.
        const lo = toks[from]?.start ?? sent.start;
        const subj = people.mentions.filter((m) => m.start >= lo && m.start < q.start && m.weight >= 2.5).pop();
        if (subj) {
          const mention = { start: subj.start, end: subj.end, text: text.slice(subj.start, subj.end) };
          const p = toks[to - 1]!;
          before = { speaker: subj.person.name, role: subj.person.role, mention, person: subj.person, cue: p.text, cueStart: p.start, cueEnd: p.end };
          beforeAdjacent = true;
        } else if (toks[to - 1]!.text === ':') {
          // A speaker label before a colon: "Michael P. McDonald: “…”", or the subject of the introducing clause.
          const p = toks[to - 1]!;
          const np = npBefore(toks, to - 1, from) ?? subjectAt(toks, from, to - 1);
          if (np && (np.pronoun || np.tokens.some((u) => u.cap && u.word))) {
            before = { ...resolveNP(np, text, people, para), cue: p.text, cueStart: p.start, cueEnd: p.end };
            beforeAdjacent = true;
          }
        }
      }
      if (!before && si > 0 && to === 0) {
        // The previous sentence ends with a colon or a cue and a comma: "He said:" / "Trump stated," / "Transcript as follows:"
        const prev = seg.sentences[si - 1]!;
        if (prev.paragraph === para || /[:,]\s*$/.test(text.slice(prev.start, prev.end))) {
          const ptoks = sentenceTokens[si - 1] ?? [];
          const tail = text.slice(Math.max(prev.start, prev.end - 3), prev.end);
          if (/[:,]\s*$/.test(tail)) {
            const colon = /:\s*$/.test(tail);
            const found2 = findAttributions(text, ptoks, colon ? 0 : Math.max(0, ptoks.length - 12), ptoks.length, people, prev.paragraph);
            if (found2.length) {
              before = found2[found2.length - 1]!;
              beforeAdjacent = true;
            } else if (colon) {
              const np = subjectAt(ptoks, 0, ptoks.length - 1);
              if (np) {
                const p = ptoks[ptoks.length - 1]!;
                before = { ...resolveNP(np, text, people, prev.paragraph), cue: p.text, cueStart: p.start, cueEnd: p.end };
                beforeAdjacent = true;
              }
            }
          }
        }
      }
    }
    // Participle cue right after a quote ("…,” adding that it is “illogical”): same speaker as the sentence.
    let chosen: Attribution | null = null;
    if (before && after && nextSentenceAfter) chosen = before;
    else if (before && beforeAdjacent) chosen = before;
    else if (after) chosen = after;
    else if (before) chosen = before;
    else if (afterLoose) chosen = afterLoose;
    if (chosen && chosen.person && PRONOUNS[chosen.mention.text.toLowerCase()]) {
      // "DuVernay said … because “…,” she said": the named mention of the same person.
      const other = chosen === before ? after : before;
      if (other && other.person === chosen.person && !PRONOUNS[other.mention.text.toLowerCase()]) chosen = { ...chosen, mention: other.mention, speaker: other.speaker, role: other.role };
    }
    if (chosen) {
      setSpeaker(q, chosen);
      continue;
    }
    // A transcript turn (`"PENCE: Well, … “Shark Tank.” …`): words quoted inside the turn are the labelled speaker's.
    {
      const p = seg.paragraphs[para]!;
      const m = TURN_RE.exec(text.slice(p.start, Math.min(p.end, p.start + 40)));
      if (m && q.start > p.start + m[0].length) {
        const ls = p.start + m.index + m[0].indexOf(m[1]!);
        const label = m[1]!;
        setSpeaker(q, { speaker: label, role: null, mention: { start: ls, end: ls + label.length, text: label }, cue: ':' });
        continue;
      }
    }
    // (c) A split quote or the next sentence of a quoted paragraph: the previous quote's speaker.
    if (q.continues >= 0 && quotes[q.continues]?.speaker) {
      const src = quotes[q.continues]!;
      setSpeaker(q, { speaker: src.speaker!, role: src.role, mention: src.speakerMention, cue: src.cue });
      continue;
    }
    if (prevQuote?.speaker) {
      setSpeaker(q, { speaker: prevQuote.speaker, role: prevQuote.role, mention: prevQuote.speakerMention, cue: prevQuote.cue });
      continue;
    }
    // A quotation opening a sentence right after a reported statement in the same paragraph
    // ("…, Schiff said. “The other factor…”"): the speaker of that statement.
    if (si > 0 && q.start - sent.start < 2 && q.full && seg.sentences[si - 1]!.paragraph === para && !(prevQuote && prevQuote.end > seg.sentences[si - 1]!.start)) {
      const ptoks = sentenceTokens[si - 1] ?? [];
      const found = findAttributions(text, ptoks, 0, ptoks.length, people, para);
      const last = found[found.length - 1];
      if (last && !PRONOUNS[last.mention.text.toLowerCase()] && /\p{Lu}/u.test(last.mention.text)) {
        setSpeaker(q, last);
        continue;
      }
    }
  }
  // (d) Backwards: `“A.” “B,” he said.` gives A the speaker of B; and quotes opening a paragraph right after
  // one whose quote was attributed carry on that speaker when the paragraph attributes nothing else.
  for (let qi = quotes.length - 2; qi >= 0; qi--) {
    const q = quotes[qi]!;
    const n = quotes[qi + 1]!;
    if (!q.speaker && n.speaker && paraOf(q) === paraOf(n) && /^[\s]*$/.test(text.slice(q.end, n.start))) {
      setSpeaker(q, { speaker: n.speaker, role: n.role, mention: n.speakerMention, cue: n.cue });
    }
  }
  for (let qi = 1; qi < quotes.length; qi++) {
    const q = quotes[qi]!;
    if (q.speaker) continue;
    const p = seg.paragraphs[paraOf(q)]!;
    const prev = quotes[qi - 1]!;
    const startsParagraph = q.start - p.start < 2;
    if (startsParagraph && prev.speaker && paraOf(prev) >= paraOf(q) - 1 && (q.full || q.continues >= 0)) {
      setSpeaker(q, { speaker: prev.speaker, role: prev.role, mention: prev.speakerMention, cue: prev.cue });
    }
  }
}

export { sentenceIndexAt, tokenIndexAt };

// ---------------------------------------------------------------------------------------------
// Features of the attribution model (attributionModel.ts): generic classes, no words from any data set

/** What the rules found in a sentence (see analyze.ts). */
export interface RuleSignals {
  /** Share of the sentence's characters inside quotation marks. */
  quoted: number;
  /** Overlaps a quote that has a speaker. */
  quoteSpeaker: boolean;
  /** Any attribution rule fired. */
  attributed: boolean;
}

export type SubjectKind = 'person' | 'pronoun' | 'first' | 'nominal' | 'possessive' | 'org' | 'expletive' | 'thing' | 'none';
export type VerbClass = 'comm' | 'cog' | 'stance' | 'act' | 'action' | 'passive' | 'copula' | 'none';

const BE = /^(?:is|are|was|were|be|been|being|am|['’]s|['’]re|isn['’]t|aren['’]t|wasn['’]t|weren['’]t)$/;
const MODAL = /^(?:will|would|could|should|may|might|can|must|shall|won['’]t|wouldn['’]t|couldn['’]t|shouldn['’]t|can['’]t|cannot|mustn['’]t)$/;
const HAVE_DO = /^(?:has|have|had|do|does|did|hasn['’]t|haven['’]t|hadn['’]t|don['’]t|doesn['’]t|didn['’]t|['’]ve|['’]d|['’]ll)$/;
const VERB_ADVERB = /^(?:not|never|also|already|still|just|now|then|even|yet|repeatedly|often|again|once|previously|recently|reportedly|publicly|privately|openly|only|first|later|earlier|too|both|all|each|always|since|long|further|soon|largely|mostly|quickly|simply|really|actually|ever|generally|clearly|certainly|likely|probably|apparently|increasingly|finally)$/;
const LEAD_SKIP = /^(?:but|and|so|yet|still|meanwhile|however|then|also|now|instead|indeed|or|nor|thus|moreover|plus|again|ultimately|currently|today|yesterday|already|apparently|perhaps|maybe|clearly|certainly|finally|separately|similarly|likewise|notably|specifically|conversely|overall|still|nonetheless|nevertheless|otherwise|besides|hence|therefore|rather|sure|well|oh|yes|no)$/;
const INTRO = /^(?:on|in|at|after|before|during|since|when|while|if|although|though|because|as|despite|with|without|for|by|under|following|amid|over|from|to|last|this|earlier|later|unlike|like|once|until|unless|whether|given|between|through|within|throughout|across|among|beyond|upon|nearly|almost|about|around|more|less|whatever|whenever|wherever|even|just|shortly|hours|days|weeks|months|years|two|three|four|five|several|in)$/;
const EXPLETIVE = /^(?:it|this|that|there|these|those|what|which|here|something|nothing|everything|anything|much|all|none|each|both|one|such)$/;
const PREP_IN_NP = /^(?:of|in|at|on|for|from|with|to|about|under|over|between|among|across|near|inside|outside|against|within|like)$/;

/** A lower-case word that can be a finite verb here (not after a determiner or a possessive). */
function verbLike(t: Token, prev: Token | undefined): boolean {
  if (!t.word || t.cap) return false;
  const w = t.lower;
  if (BE.test(w) || MODAL.test(w) || HAVE_DO.test(w)) return true;
  if (prev && (DETERMINERS.has(prev.lower) || /^(?:this|that|these|those|no|any|every|each|such|of|to)$/.test(prev.lower) || /['’]s?$/.test(prev.text))) return false;
  if (cueInfo(w) || isReportVerb(w)) return !/ing$/.test(w);
  if (hasTag(w, 'PastTense') || hasTag(w, 'PresentTense')) return true;
  // A base form after a plural subject or a pronoun ("forces control", "polls show", "they want").
  if (hasTag(w, 'Infinitive') && prev && prev.word && (/[^s'’]s$/.test(prev.lower) || /^(?:they|we|i|you|who|that)$/.test(prev.lower))) return true;
  if (/[^e]ed$/.test(w) && w.length > 4 && !hasTag(w, 'Singular')) return true;
  if (/[^s]s$/.test(w) && w.length > 3 && (hasTag(w.slice(0, -1), 'Infinitive') || (/es$/.test(w) && hasTag(w.slice(0, -2), 'Infinitive')) || (/ies$/.test(w) && hasTag(w.slice(0, -3) + 'y', 'Infinitive')))) return true;
  return false;
}

/** The subject of the main clause and the class of its verb ("Last week, Republicans on the committee approved…": nominal, action). */
export function clauseShape(toks: Token[], people: People): { subject: SubjectKind; verb: VerbClass; modal: boolean } {
  const none = { subject: 'none' as SubjectKind, verb: 'none' as VerbClass, modal: false };
  let k = 0;
  const n = Math.min(toks.length, 60);
  while (k < n && !toks[k]!.word && !/^[“"‘]$/.test(toks[k]!.text)) k++;
  while (k < n && toks[k]!.word && LEAD_SKIP.test(toks[k]!.lower)) {
    k++;
    if (k < n && toks[k]!.text === ',') k++;
  }
  if (k >= n) return none;
  // An introductory phrase or clause, up to its comma ("On Thursday,", "If Trump wins,", "Speaking in Ohio,").
  const t0 = toks[k]!;
  if (t0.word && (INTRO.test(t0.lower) || /^\d/.test(t0.text) || (!t0.cap && /(?:ing|ed)$/.test(t0.lower)) || WEEKDAYS.test(t0.lower))) {
    let c = k;
    while (c < n && c - k < 30 && toks[c]!.text !== ',' && !/^[“”"]$/.test(toks[c]!.text)) c++;
    if (c < n && toks[c]!.text === ',') k = c + 1;
  }
  // Scan to the first finite verb, skipping parentheses and appositives.
  const subj: Token[] = [];
  let j = k;
  for (; j < n; j++) {
    const t = toks[j]!;
    if (!t.word) {
      if (t.text === '(') {
        while (j < n && toks[j]!.text !== ')') j++;
        continue;
      }
      if (t.text === ',' && subj.length) {
        const nx = toks[j + 1];
        if (nx && nx.word && (/^(?:who|which|whose|a|an|the|one|his|her|their|its|now|then|also|both|like|along|including|in|at|of|for|as)$/.test(nx.lower) || isRoleWord(nx.lower) || nx.cap || /^\d/.test(nx.text))) {
          let c = j + 1;
          while (c < n && c - j < 30 && toks[c]!.text !== ',') c++;
          if (c < n) {
            j = c;
            continue;
          }
        }
        return { ...none, subject: 'none' };
      }
      if (/^[“”"]$/.test(t.text) && !subj.length) return none;
      if (t.text === '-' || t.text === '&' || t.text === '’' || t.text === "'" || t.text === '.') continue;
      break;
    }
    if (subj.length && verbLike(t, toks[j - 1])) break;
    if (!subj.length && verbLike(t, undefined) && !t.cap && (BE.test(t.lower) || MODAL.test(t.lower))) return none;
    subj.push(t);
    if (subj.length > 14) return none;
  }
  if (j >= n || subj.length === 0) return none;
  // The head: the last word before a preposition ("Republicans on the committee", "Data from the survey").
  let h = subj.findIndex((u, i) => i > 0 && !u.cap && PREP_IN_NP.test(u.lower));
  const headChunk = h > 0 ? subj.slice(0, h) : subj;
  const head = headChunk[headChunk.length - 1]!;
  const firstW = subj[0]!;
  let subject: SubjectKind;
  const personKey = (u: Token) => u.cap && !isNameStopWord(u.lower) && (people.get(u.lower.replace(/['’]s$/, '')) !== undefined || firstNameGender(u.lower) !== null || hasTag(u.lower.replace(/['’]s$/, ''), 'LastName'));
  if (subj.length === 1 && /^(?:he|she|they)$/.test(firstW.lower)) subject = 'pronoun';
  else if (subj.length === 1 && (/^(?:we|you)$/.test(firstW.lower) || firstW.text === 'I')) subject = 'first';
  else if (/^(?:he|she|they|we)$/.test(firstW.lower) && subj.length > 1 && subj[1]!.lower === 'and') subject = 'pronoun';
  else if (EXPLETIVE.test(firstW.lower) && (subj.length === 1 || !head.cap)) subject = 'expletive';
  else if (head.cap && !(head === toks[k] && (hasTag(head.lower, 'Plural') || hasTag(head.lower, 'Singular') || isSourceNoun(head.lower)) && !personKey(head))) subject = headChunk.some(personKey) && !/['’]s$/.test(head.text) ? 'person' : 'org';
  else if (headChunk.some((u) => /['’]s$/.test(u.text) && personKey(u))) subject = 'possessive';
  else if (headChunk.some((u) => u.cap && !isNameStopWord(u.lower) && u !== toks[k]) && !isSourceNoun(head.lower)) subject = 'thing';
  else if (isRoleWord(head.lower) || isSourceNoun(head.lower) || isDemonym(head.lower) || hasTag(head.lower, 'Actor') || (/s$/.test(head.lower) && (isRoleWord(head.lower.slice(0, -1)) || hasTag(head.lower.slice(0, -1), 'Actor')))) subject = 'nominal';
  else subject = 'thing';
  void h;
  // The verb group: auxiliaries, then the lexical verb.
  let modal = false;
  let be = false;
  let v: Token | undefined;
  for (let i = j; i < n && i - j < 8; i++) {
    const t = toks[i]!;
    if (!t.word) continue;
    if (MODAL.test(t.lower)) modal = true;
    else if (BE.test(t.lower)) be = true;
    else if (HAVE_DO.test(t.lower) || VERB_ADVERB.test(t.lower) || (/ly$/.test(t.lower) && t.lower.length > 4) || /n['’]t$/.test(t.lower) || t.lower === 'to') {
      // "has" or "did" as the main verb: followed by an object, not a verb.
      const nx = toks[i + 1];
      if (HAVE_DO.test(t.lower) && !(nx && nx.word && (verbLike(nx, undefined) || VERB_ADVERB.test(nx.lower) || /n['’]t$/.test(nx.lower) || /(?:ed|en)$/.test(nx.lower)))) {
        v = t;
        break;
      }
    } else {
      v = t;
      break;
    }
  }
  let verb: VerbClass = 'none';
  if (v && !v.cap) {
    const w = v.lower;
    if (be && (/(?:ed|en)$/.test(w) || hasTag(w, 'PastTense') || hasTag(w, 'Participle'))) verb = isReportVerb(w) ? 'cog' : 'passive';
    else if (cueInfo(w) && !/ing$/.test(w)) verb = 'comm';
    else if (isStanceVerb(w)) verb = 'stance';
    else if (isActVerb(w)) verb = 'act';
    else if (isReportVerb(w)) verb = 'cog';
    else if (be && !/ing$/.test(w)) verb = 'copula';
    else verb = 'action';
  } else if (be) verb = 'copula';
  return { subject, verb, modal };
}

const TIMESTAMP_RE = /^\s*(?:\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\.?|\d{1,2}:\d{2})\s*$/i;

export interface SentenceContext {
  text: string;
  toks: Token[];
  rules: RuleSignals[];
  /** Index of this sentence. */
  si: number;
  seg: Segmentation;
  people: People;
  /** Share of the document's sentences the rules attribute, with first-person narration, with quotation marks; log sentence count. */
  doc: { rate: number; firstPerson: number; quoted: number; size: number };
}

/** First-person words in a sentence ("I", "we", "my", "our", "us", "me"). */
export function firstPersonCount(toks: Token[]): number {
  let n = 0;
  for (const t of toks) if (t.word && /^(?:i|we|my|our|us|me)$/.test(t.lower) && (t.lower !== 'i' || t.text === 'I') && (t.lower !== 'us' || t.text === 'us')) n++;
  return n;
}

/** Named feature values of sentence `si` for the attribution model (see attributionModel.ts). */
export function attributionFeatures(c: SentenceContext): Record<string, number> {
  const { seg, si, rules, toks } = c;
  const s = seg.sentences[si]!;
  const p = seg.paragraphs[s.paragraph]!;
  const stext = c.text.slice(s.start, s.end);
  const f: Record<string, number> = { bias: 1 };
  const r = rules[si]!;
  const sameParaPrev = si > 0 && seg.sentences[si - 1]!.paragraph === s.paragraph && !seg.sentences[si - 1]!.boilerplate;
  const sameParaNext = si + 1 < seg.sentences.length && seg.sentences[si + 1]!.paragraph === s.paragraph;
  const paraInitial = !sameParaPrev;
  let paraN = 0, paraAtt = 0, paraSpeakerQuote = 0;
  for (let k = si - 1; k >= 0 && seg.sentences[k]!.paragraph === s.paragraph; k--) {
    paraN++;
    if (rules[k]!.attributed) paraAtt++;
    if (rules[k]!.quoteSpeaker) paraSpeakerQuote = 1;
  }
  for (let k = si + 1; k < seg.sentences.length && seg.sentences[k]!.paragraph === s.paragraph; k++) {
    paraN++;
    if (rules[k]!.attributed) paraAtt++;
    if (rules[k]!.quoteSpeaker) paraSpeakerQuote = 1;
  }
  if (r.quoted > 0) f.quoted = Math.min(1, r.quoted);
  if (sameParaPrev && rules[si - 1]!.attributed) f.prevAttributed = 1;
  if (paraInitial && si > 0 && rules[si - 1]!.attributed) f.prevParagraphAttributed = 1;
  if (sameParaNext && rules[si + 1]!.attributed) f.nextAttributed = 1;
  if (paraN > 0) f.paragraphAttributedShare = paraAtt / paraN;
  if (paraSpeakerQuote) f.paragraphSpeakerQuote = 1;
  if (paraInitial) f.paragraphInitial = 1;
  if (paraN === 0) f.paragraphAlone = 1;
  f.documentAttributedShare = c.doc.rate;
  f.documentFirstPerson = c.doc.firstPerson;
  f.documentQuoted = c.doc.quoted;
  f.documentSize = c.doc.size;
  let win = 0, winN = 0;
  for (let k = Math.max(0, si - 2); k <= si + 2 && k < rules.length; k++) if (k !== si && !seg.sentences[k]!.boilerplate) ((winN++), rules[k]!.attributed && win++);
  if (winN) f.windowAttributedShare = win / winN;
  const words = toks.filter((t) => t.word).length;
  if (TIMESTAMP_RE.test(stext)) f.timestamp = 1;
  else if (words <= 5) f.short = 1;
  if (!/[.!?…"”’']\s*$/.test(stext) && !/:\s*$/.test(stext)) f.noFinalPunct = 1;
  if (/:\s*$/.test(stext)) f.colonEnd = 1;
  if (endsWithMark(stext, '?')) f.question = 1;
  const capWords = toks.filter((t) => t.word && t.cap).length;
  if (words >= 3 && capWords / words > 0.6) f.titleCase = 1;
  if (s.start === p.start && seg.sentences[si + 1]?.paragraph !== s.paragraph && si < 3) f.headline = 1;
  let first = firstPersonCount(toks), second = 0, report = 0, source = 0;
  for (const t of toks) {
    if (!t.word) continue;
    if (/^(?:you|your)$/.test(t.lower)) second++;
    if (!t.cap && isReportVerb(t.lower)) report++;
    if (!t.cap && isSourceNoun(t.lower)) source++;
  }
  if (r.quoted < 0.5) {
    if (first) f.firstPerson = 1;
    if (second) f.secondPerson = 1;
  }
  if (report) f.reportWord = 1;
  if (source) f.sourceNoun = 1;
  // Person mentions are in document order: binary search for the first one in this sentence.
  const ms = c.people.mentions;
  let lo = 0, hi = ms.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ms[mid]!.start < s.start) lo = mid + 1;
    else hi = mid;
  }
  let persons = 0;
  for (let k = lo; k < ms.length && ms[k]!.start < s.end && persons < 2; k++) persons++;
  if (persons) f.personMention = Math.min(2, persons) / 2;
  const shape = clauseShape(toks, c.people);
  f[`subject:${shape.subject}`] = 1;
  // An official act ("the council approved…") is the outlet's claim to check, not a report: it counts as any action.
  const verb = shape.verb === 'act' ? 'action' : shape.verb;
  f[`verb:${verb}`] = 1;
  if (shape.modal) f.modal = 1;
  const agent = shape.subject === 'person' || shape.subject === 'pronoun' || shape.subject === 'nominal' || shape.subject === 'org' || shape.subject === 'possessive';
  if (agent && verb === 'action' && !shape.modal) f.agentAction = 1;
  if (agent && (shape.verb === 'comm' || shape.verb === 'cog')) f.agentReport = 1;
  if (agent && shape.verb === 'stance') f.agentStance = 1;
  if (shape.subject === 'pronoun' && (f.prevAttributed || f.prevParagraphAttributed)) f.pronounAfterAttributed = 1;
  return f;
}

/** Logistic score of a feature vector under `weights` (missing weights count as 0). */
export function attributionScore(f: Record<string, number>, weights: Record<string, number>): number {
  // The model marks sentences carried by their context; a document where no rule found any attribution offers none
  // (a short draft of the outlet's own claims must not read as reported speech).
  if (!f.documentAttributedShare) return 0;
  let z = 0;
  for (const k in f) z += (weights[k] ?? 0) * f[k]!;
  return 1 / (1 + Math.exp(-z));
}
