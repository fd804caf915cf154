// People mentioned in a document: names, roles, genders and the salience of each mention, so that pronouns
// and nominal mentions ("the Russian spokesperson") resolve to the person the passage is about.
import { cueInfo, firstNameGender, isDemonym, isHonorific, isNameStopWord, isOrgWord, isPlace, isRoleWord, PRONOUNS } from './lexicon';
import { tokenizeCached, type Token } from './tokens';
import type { Segmentation } from './types';

export interface Person {
  name: string;
  key: string; // last name, lower case
  gender: 'm' | 'f' | 'u';
  role: string | null;
}

export interface PersonMention {
  person: Person;
  start: number;
  end: number;
  paragraph: number;
  weight: number; // salience of this mention (subject, speaker, object...)
}

export const PARTICLES = new Set(['de', 'van', 'von', 'der', 'den', 'bin', 'ibn', 'al', 'la', 'le', 'da', 'di', 'du', 'del', 'dos', 'el', 'st.']);
const PREPOSITIONS = new Set(['from', 'by', 'with', 'to', 'of', 'for', 'against', 'about', 'on', 'at', 'under', 'than', 'between', 'like', 'toward', 'towards', 'into', 'among', 'without', 'and', 'or', 'including']);

function isAcronym(t: Token): boolean {
  return /^(?:\p{Lu}\.?){2,}$/u.test(t.text);
}

/** Splits a run of capitalised tokens into leading role words and the name proper. */
export function splitRun(run: Token[]): { role: Token[]; name: Token[] } {
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

export function nameText(tokens: Token[], text: string): string {
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
