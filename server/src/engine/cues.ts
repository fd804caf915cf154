// Attribution cues and their subjects: reporting verbs ("said", "told reporters", "according to") found in a
// bounded window of tokens, with the noun phrase that speaks (before the cue, or inverted after it) resolved
// against the people table. Used for quote speakers (speakers.ts) and sentence attribution (sentenceAttribution.ts).
import { cueInfo, firstNameGender, hasTag, isDemonym, isHonorific, isNameStopWord, isNounToo, isOrgWord, isPlace, isRoleWord, isReportVerb, isSourceNoun, PRONOUNS } from './lexicon';
import { nameText, PARTICLES, splitRun, type People, type Person } from './people';
import type { Token } from './tokens';
import type { Mention } from './types';

const SKIPPABLE = new Set(
  'also further later then once again previously reportedly recently repeatedly publicly privately firmly never always often earlier even just has had have was were is are would will had already simply flatly quickly bluntly angrily finally initially immediately subsequently separately however too only meanwhile'.split(
    ' ',
  ),
);


export interface Attribution {
  cue: string;
  cueStart: number;
  cueEnd: number;
  speaker: string;
  role: string | null;
  mention: Mention;
  person: Person | null;
}

export interface NP {
  tokens: Token[];
  pronoun: boolean;
}

/** Function words: never the head or a modifier of a speaker noun phrase. */
export const FUNC = new Set(
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

export const OBJ_PREPOSITIONS = new Set(['of', 'about', 'for', 'with', 'from', 'by', 'to', 'than', 'like', 'against', 'into', 'among', 'between', 'toward', 'towards']);

export const SUBJECT_PRONOUNS = new Set(['he', 'she', 'they', 'we', 'i', 'it']);

export const DETERMINERS = new Set(['the', 'a', 'an', 'his', 'her', 'their', 'its', 'our', 'my', 'your', 'one', 'another', 'some', 'many', 'several', 'two', 'three', 'four', 'five', 'both', 'other', 'most', 'few', 'all']);

export const WEEKDAYS = /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight)$/;
const TIME_NOUNS = /^(?:morning|afternoon|evening|night|week|month|year|weekend)$/;
const STATEMENT_NOUNS = /^(?:statement|interview|email|e-mail|tweet|letter|release|post|speech|memo|op-ed|video|message|appearance|podcast|broadcast)$/;

export function isWord(t: Token | undefined): t is Token {
  return t !== undefined && t.word;
}

/** A capitalised word that can be part of a name or title. */
export function isCapName(t: Token): boolean {
  return t.word && t.cap && (!isNameStopWord(t.lower) || isHonorific(t.lower)) && !WEEKDAYS.test(t.lower);
}

/** A lower-case word that can be a noun or modifier in a noun phrase ("congressional", "board", "46-year-old"). */
export function isNounish(t: Token): boolean {
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
export function skipBack(toks: Token[], k: number, floor: number): number {
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
export function npBefore(toks: Token[], end: number, floor: number, depth = 0): NP | null {
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
export function npAfter(toks: Token[], start: number, limit: number, subject = false): NP | null {
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

export const NP_PREPOSITIONS = new Set(['of', 'in', 'at', 'from', 'for', 'with', 'on', 'to']);

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

/**
 * Verbs that report a statement only with a clause or quotation after them: with a noun phrase they name an act or an
 * event ("declared a ceasefire", "announced new sanctions", "found the body", "shared a video", "continued the
 * offensive", "agreed to a truce").
 */
export const NEEDS_CLAUSE = /^(?:declare|declares|declared|declaring|announce|announces|announced|announcing|proclaim|proclaims|proclaimed|proclaiming|find|finds|found|show|shows|showed|shown|prove|proves|proved|proven|demonstrate|demonstrates|demonstrated|share|shares|shared|post|posts|posted|continue|continues|continued|continuing|discover|discovers|discovered|learn|learns|learned|learnt|rule|rules|ruled|reveal|reveals|revealed|disclose|discloses|disclosed|read|reads|protest|protests|protested|pressed|release|releases|released|issue|issues|issued|order|orders|ordered|hold|holds|held|expect|expects|expected|anticipate|anticipates|anticipated|assume|assumes|assumed|presume|presumes|presumed)$/;

const TIME_AFTER = /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|earlier|later|recently|publicly|privately|again|repeatedly|also|on|last|this|week|month|year|morning|afternoon|evening|night|weekend|in|a|an|his|her|their|its|statement|interview|post|tweet|speech|briefing|conference|press|release|address|video|message|letter|remarks)$/;

/**
 * True when what follows token index `j` is a reported clause or quotation: "that", a quotation mark, a colon or
 * comma, the end of the sentence, or a subject pronoun ("announced he would run"), after at most a few words of
 * time or venue ("announced on Monday that", "declared in a statement:").
 */
export function clausalComplement(toks: Token[], j: number): boolean {
  let c = j;
  while (c < toks.length && c - j < 6 && toks[c]!.word && (TIME_AFTER.test(toks[c]!.lower) || (/ly$/.test(toks[c]!.lower) && toks[c]!.lower.length > 4))) c++;
  // "in a statement" and similar only count as a venue when what follows them is the clause.
  const u = toks[c];
  if (!u) return true;
  if (!u.word) return /^[,:;.!?“”"‘'(—–-]$/.test(u.text);
  // "agreed with Ivana Trump that…": the clause after the person agreed with.
  if (u.word && u.lower === 'with') {
    for (let e = c + 1; e < toks.length && e - c <= 6; e++) if (toks[e]!.lower === 'that') return true;
  }
  if (u.lower === 'that' || u.lower === 'whether' || u.lower === 'how' || u.lower === 'why' || u.lower === 'what') return true;
  if (SUBJECT_PRONOUNS.has(u.lower) && u.lower !== 'it' && (u.lower !== 'i' || u.text === 'I')) return true;
  // A clause without "that": a short subject and a finite auxiliary ("announced it would", "found the United States
  // was in breach", "ruled the law is").
  for (let e = c; e < toks.length && e - c <= 6; e++) {
    const w = toks[e]!;
    if (!w.word) return false;
    if (/^(?:that|which|who|whom|to|for|of|with|from|on|in|at|and|or)$/.test(w.lower) && e > c) return false;
    if (e > c && /^(?:is|are|was|were|has|have|had|would|will|could|should|might|may|can|must|did|does|do)$/.test(w.lower)) return true;
  }
  return false;
}

/** Participles that usually describe a noun ("a state known for", "one lesson learned", "passages highlighted"). */
export const DESCRIBING_PARTICIPLES = /^(?:known|seen|shown|learned|learnt|highlighted|dubbed|nicknamed|labeled|labelled|branded)$/;

/** A cue word that reports nothing here: "thanks to", "reminds us of", "countered with a breakfast", "responding to the polls". */
export function notAStatement(toks: Token[], i: number): boolean {
  const t = toks[i]!;
  const next = toks[i + 1];
  if (!next || !next.word) return false;
  // ("agreed with the plaintiff that…" reports a view.)
  const withThat = next.lower === 'with' && toks.slice(i + 2, i + 9).some((u) => u.lower === 'that');
  return (t.lower === 'thanks' && next.lower === 'to') || (/^remind/.test(t.lower) && /^(?:us|me|one|voters|viewers|readers)$/.test(next.lower) && toks[i + 2]?.lower === 'of') || (next.lower === 'with' && !withThat) || (/^respond/.test(t.lower) && next.lower === 'to');
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

export function resolveNP(np: NP, text: string, people: People, paragraph: number): Omit<Attribution, 'cue' | 'cueStart' | 'cueEnd'> {
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
    // ("went on to win", "spoke of a plan to": an event or a topic with an infinitive that is not a saying.)
    if (phrasal && toks[i + 1] && phrasal.test(toks[i + 1]!.lower) && !(/^(?:went|goes)$/.test(t.lower) && toks[i + 2]?.lower === 'to' && !isReportVerb(toks[i + 3]?.lower ?? ''))) {
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
    if (speakersOnly) {
      const next = toks[i + 1];
      const before = toks[i - 1];
      // The author speaking ("we mocked…", "I agree"): no identified source.
      if (np.pronoun && /^(?:i|we)$/.test(np.tokens[0]!.lower)) continue;
      // A noun, not a verb: "their claims", "the promises", "finance promises."
      if (before && before.word && /^(?:the|a|an|his|her|their|its|our|my|your|this|these|those|such|no)$/.test(before.lower)) continue;
      if (!np.pronoun && isNounToo(t.lower) && (!next || (!next.word && next.text !== ':' && next.text !== ','))) continue;
      if (notAStatement(toks, i)) continue;
      // "passages … highlighted and notes written": a participle describing a noun.
      if (DESCRIBING_PARTICIPLES.test(t.lower) && !(before && before.word && (SUBJECT_PRONOUNS.has(before.lower) || /^(?:has|have|had)$/.test(before.lower)))) continue;
    }
    if (np.tokens.some((u) => u.start >= t.start && u.start < cueEnd)) continue;
    // "Putin's comments", "the president's remarks": a noun, not a cue.
    const lastNp = np.tokens[np.tokens.length - 1]!;
    if (lastNp.end <= t.start && /['’]s$/.test(lastNp.text)) continue;
    // Something that can speak: a pronoun, a name, or a person, role or source noun ("a rescue operation
    // continues" reports nobody; "the congressional report said", "a longtime adviser said" do).
    if (speakersOnly && !np.pronoun && !np.tokens.some((u) => u.word && (u.cap || isSourceNoun(u.lower) || isRoleWord(u.lower) || /-old$/.test(u.lower)))) continue;
    if (speakersOnly && !np.pronoun) {
      // The head must be able to speak ("a ceasefire declared by Moscow": "ceasefire" is not a speaker).
      const head = np.tokens[np.tokens.length - 1]!;
      if (!(head.cap || isSourceNoun(head.lower) || isRoleWord(head.lower) || /-old$/.test(head.lower) || /^(?:who|whom)$/.test(head.lower))) continue;
    }
    if (speakersOnly && np.tokens[0]!.start < t.start && cue !== 'according to') {
      // A passive ("Ukraine was accused of", "a truce declared by Moscow"): the subject is not the source.
      let b = i - 1;
      while (b >= 0 && toks[b]!.word && !toks[b]!.cap && /^(?:also|not|never|already|reportedly|widely|repeatedly|publicly|previously|since|long|first|later|recently|often|once|just|then|now)$/.test(toks[b]!.lower)) b--;
      let a = i + 1;
      while (a < toks.length && toks[a]!.word && /ly$/.test(toks[a]!.lower)) a++;
      if (/(?:ed|en|wn|ld|id|ht|nt)$/.test(t.lower) && ((b >= 0 && /^(?:is|are|was|were|be|been|being|get|gets|got|['’]s)$/.test(toks[b]!.lower)) || toks[a]?.lower === 'by')) continue;
      // An act or event, not a statement: "Moscow declared a ceasefire", "Putin ordered the invasion".
      if (NEEDS_CLAUSE.test(t.lower)) {
        const j = toks.findIndex((x) => x.start >= cueEnd);
        if (!clausalComplement(toks, j < 0 ? toks.length : j)) continue;
      }
    }
    const r = resolveNP(np, text, people, paragraph);
    out.push({ cue, cueStart: t.start, cueEnd, ...r });
  }
  return out;
}
