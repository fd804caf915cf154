// Check-worthiness of a sentence, and whether it carries a citation. Scores are a logistic model over
// three groups of features, all computed in one pass over the sentence's tokens (no tagging pass):
//   - rules: hand-written lexical cues (numbers, dates, comparatives, causal links, opinion, questions...);
//   - tags: counts of words by their tag in compromise's lexicon (a cheap stand-in for part-of-speech);
//   - words: unigrams, crude stems and bigrams of lower-cased, number-normalised words, plus the first word;
//   - vectors: the mean of the sentence's word vectors (data/claimVectors.json: pretrained embeddings reduced to a few
//     dimensions), which lets words the vocabulary never saw count through their neighbours in meaning.
// The weights live in data/claimModel.json and the vectors in data/claimVectors.json (data files the build
// bundles); scripts/trainClaims.ts learns the weights (logistic regression with L2) and keeps only a pruned
// vocabulary of words. Features the model has no weight for cost nothing.
import claimModelData from './data/claimModel.json';
import claimVectorsData from './data/claimVectors.json';
import { hasTag, isDemonym, isPlace } from './lexicon';
import type { Token } from './tokens';

const NUMBER_WORDS =
  /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|third|quarter|fifth|tenth|twice|double|doubled|triple|tripled|percent|per cent)\b/i;
/** A figure written in words: "a fifth", "nearly half", "two thirds", "3 million" counts like digits. */
const WORD_FIGURE =
  /\b(?:(?:a|one|two|three|four|nearly|almost|about|around|roughly|over|under|than|by|of)\W+(?:half|third|quarter|fifth|sixth|tenth)s?|(?:half|twice|double|triple)\W+(?:the|as|of)|(?:millions?|billions?|trillions?))\b/i;
const MONTHS = /\b(?:January|February|March|April|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)\b/;
const COMPARATIVE =
  /\b(?:more|less|fewer|most|least|higher|lower|larger|largest|smaller|smallest|biggest|bigger|greater|greatest|highest|lowest|increased?|increasing|decreased?|decreasing|rose|risen|rising|fell|fallen|falling|dropped|grew|grown|doubled|tripled|halved|record|first|last|only|compared|than)\b/i;
const CAUSAL = /\b(?:because|due to|caused?|causing|led to|leads? to|result(?:ed|s)? in|as a result|resulted|since|therefore|thanks to|blamed|responsible for)\b/i;
const FACT_VERBS =
  /\b(?:was|were|is|are|has|have|had|killed|died|voted|passed|signed|won|lost|cut|raised|spent|paid|created|built|launched|invaded|annexed|control(?:s|led)?|occupied|arrested|charged|convicted|elected|appointed|banned|approved|rejected|announced|declared|began|started|ended|held|seized|captured|struck|attacked|destroyed|injured|displaced|costs?|owns?|employ(?:s|ed)?)\b/i;
const FIRST_PERSON_OPINION =
  /\b(?:i think|i believe|i feel|i guess|i hope|i want|i'd like|i would|we need|we should|we must|we want|we have to|let me|let's|let us|i'm going to|we're going to|i will|we will|in my view|in my opinion)\b/i;
/** A statement about the future: "will", "'ll", "going to", "is expected to"... News rule: predictions are not claims. */
const PREDICTION = /\b(?:will|won't|shall|(?:i|you|we|they|he|she|it|that)'ll|(?:am|is|are|'re|'m|'s) going to|gonna|(?:is|are) (?:expected|likely|set|poised|due) to)\b/i;
const MODAL = /\b(?:will|would|could|might|may|should|must|going to|ought|shall|can)\b/i;
const HEDGE = /\b(?:perhaps|maybe|probably|likely|possibly|seems?|appears?|apparently|reportedly|allegedly|suggests?|might|unclear|uncertain)\b/i;
const OPINION = /\b(?:great|terrible|wonderful|horrible|amazing|awful|disgrace|disgraceful|ridiculous|beautiful|incredible|tremendous|fantastic|sad|shame|wrong|right thing|best|worst|believe|think|feel|hope|wish|love|hate|should)\b/i;
const SECOND_PERSON = /\b(?:you|your|you're|yourself)\b/i;
const PLEASANTRY = /\b(?:thank you|thanks|good evening|good night|congratulations|applause|laughter|ladies and gentlemen|welcome)\b/i;
const REPORTED = /\b(?:said|says|according to|reported|announced|found|showed|shows|estimated|testified|voted)\b/i;
/**
 * Whether `text` ends with `mark`, ignoring closing quotes and brackets and white space after it. A loop
 * from the end rather than /\?\s*["”]*\s*$/, which backtracks quadratically on long runs of spaces.
 */
export function endsWithMark(text: string, mark: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && (text.charCodeAt(i) <= 32 || CLOSING.has(text[i]!))) i--;
  return i >= 0 && text[i] === mark;
}
const CLOSING = new Set(['"', '”', '’', "'", ')', ']', '\u00a0']);
const QUESTION_START = /^\W*(?:who|what|when|where|why|how|which|is|are|was|were|do|does|did|can|could|will|would|should|shall|has|have|had|isn't|aren't|don't|doesn't|didn't|won't|wouldn't)\b[^,.;:]*\?/i;
const FINAL_PUNCT = /[.!?]["”’')\]]*\s*$/;
const IMPERATIVE = /^\W*(?:let's|let us|let me|imagine|look|listen|think about|remember|consider|join|vote for|please)\b/i;
const CONDITIONAL = /^\W*(?:(?:and|but|so|now)\W+)?(?:if|unless|when(?:ever)?|suppose)\b/i;

/** Lexicon tags counted as features (compromise's own lexicon: constant-time look-ups, no tagging). */
const TAGS = [
  'PastTense',
  'PresentTense',
  'Infinitive',
  'Gerund',
  'Copula',
  'Modal',
  'Negative',
  'Adjective',
  'Comparative',
  'Superlative',
  'Plural',
  'Actor',
  'Organization',
  'Cardinal',
  'Unit',
  'Currency',
  'Month',
  'QuestionWord',
  'Pronoun',
  'Expression',
] as const;
const NAME_TAGS = ['FirstName', 'MaleName', 'FemaleName', 'LastName', 'Person'];
const TAG_NAME = 1 << TAGS.length;
const TAG_PLACE = 1 << (TAGS.length + 1);
const TAG_FEATURES = TAGS.map((t) => `tag:${t}`);
const bit = (...tags: Array<(typeof TAGS)[number]>) => tags.reduce((b, t) => b | (1 << TAGS.indexOf(t)), 0);
const TAG_VERB = bit('PastTense', 'PresentTense', 'Infinitive', 'Gerund', 'Copula');
/** Short words that headlines leave in lower case. */
const HEADLINE_MINOR = /^(?:with|from|into|onto|over|upon|than|that|amid|after|about)$/;
const TAG_BIT_ORG = bit('Organization');

/** What the features need to know about a word, computed once per distinct word. */
interface WordInfo {
  bits: number;
  norm: string;
  /** Feature names: unigram, stem (null when the stem is the word), first word. */
  w: string;
  m: string | null;
  s: string;
  /** Row of the word in the vector table, or -1. */
  vec: number;
  /** Coarse word class (wordClass()), for the class-bigram features. */
  cls: string;
}

const PRONOUN_CLASS: Record<string, string> = { i: '1', we: '1', you: '2', he: '3', she: '3', they: '3', it: '4', that: '4', this: '4' };
/**
 * A coarse class of a word from its lexicon tags (a cheap stand-in for part of speech): pronouns by person, then
 * negation, modal, past tense (or an unknown word in -ed), copula, present, infinitive, gerund, adjective, number.
 */
function wordClass(norm: string, bits: number): string {
  const p = PRONOUN_CLASS[norm];
  if (p) return p;
  if (norm === '<num>' || norm === '<year>') return 'n';
  const has = (t: (typeof TAGS)[number]) => bits & (1 << TAGS.indexOf(t));
  if (has('Negative') || norm === 'not' || norm === 'never' || norm.endsWith("n't")) return 'g';
  if (has('Modal')) return 'm';
  if (has('PastTense') || (bits === 0 && norm.length > 4 && norm.endsWith('ed'))) return 'd';
  if (has('Copula')) return 'c';
  if (has('PresentTense')) return 'v';
  if (has('Infinitive')) return 'i';
  if (has('Gerund')) return 'r';
  if (has('Adjective') || has('Comparative') || has('Superlative')) return 'a';
  if (bits & TAG_NAME || has('Organization')) return 'k';
  return 'x';
}

function tagBits(lower: string): number {
  let b = 0;
  for (let i = 0; i < TAGS.length; i++) if (hasTag(lower, TAGS[i]!)) b |= 1 << i;
  if (NAME_TAGS.some((t) => hasTag(lower, t))) b |= TAG_NAME;
  if (isPlace(lower) || isDemonym(lower)) b |= TAG_PLACE;
  return b;
}

// By lower-cased word. Bounded: cleared when it grows large (entries never change, so results do not either).
const wordCache = new Map<string, WordInfo>();
function wordInfo(t: Token): WordInfo {
  let info = wordCache.get(t.lower);
  if (info) return info;
  const norm = normWord(t)!;
  const st = stem(norm);
  const bits = tagBits(t.lower);
  info = { bits, norm, w: 'w:' + norm, m: st === norm ? null : 'm:' + st, s: 's:' + norm, vec: vectors().rows.get(norm) ?? -1, cls: wordClass(norm, bits) };
  if (wordCache.size >= 50_000) wordCache.clear();
  wordCache.set(t.lower, info);
  return info;
}
const SYMBOLS: Record<string, WordInfo> = Object.fromEntries(
  ['%', '$', '€', '£'].map((c) => [c, { bits: 0, norm: c, w: 'w:' + c, m: null, s: 's:' + c, vec: -1, cls: 'n' }]),
);

/** The generated weights (scripts/trainClaims.ts): `offset` is the bias shift already in weights.bias. */
export interface ClaimModelData {
  note: string;
  about: string[];
  figures: Record<string, { P: number; R: number; F1: number; n?: number }>;
  offset: number;
  weights: Record<string, number>;
}
export const CLAIM_MODEL: ClaimModelData = claimModelData;
/** Word vectors (scripts/buildClaimVectors.ts): `words` space-separated, `data` base64 of words x dims int8. */
export const CLAIM_VECTORS: { note: string; dims: number; scales: number[]; words: string; data: string } = claimVectorsData;

/** Scale of the mean word vector as a feature (the vectors' components are small; L2 is the rules' own). */
export const VECTOR_SCALE = 3;
const VEC_DIMS = CLAIM_VECTORS.dims;
const VEC_FEATURES = Array.from({ length: VEC_DIMS }, (_, d) => `vec${d}`);
let vectorTable: { rows: Map<string, number>; values: Float32Array } | null = null;
/** The word-vector table, decoded on first use (12k words: a few milliseconds, once). */
function vectors(): { rows: Map<string, number>; values: Float32Array } {
  if (vectorTable) return vectorTable;
  const words = CLAIM_VECTORS.words.split(' ');
  const bytes = atob(CLAIM_VECTORS.data);
  const values = new Float32Array(words.length * VEC_DIMS);
  for (let i = 0; i < values.length; i++) values[i] = ((bytes.charCodeAt(i) << 24) >> 24) * CLAIM_VECTORS.scales[i % VEC_DIMS]!;
  const rows = new Map<string, number>();
  words.forEach((w, i) => rows.set(w, i));
  vectorTable = { rows, values };
  return vectorTable;
}
/** A crude suffix-stripping stem: merges inflections ("taxes", "taxed" -> "tax"); contractions keep their head. */
export function stem(w: string): string {
  const a = w.indexOf("'");
  if (a > 0) return w.slice(0, a);
  if (w.length <= 4) return w;
  const m = /^(.{3,}?)(?:ies|ied|ying|ing|ed|es|s|ly)$/.exec(w);
  if (!m) return w;
  if (w.endsWith('ss')) return w;
  return m[1]!;
}

/** The vocabulary form of a token: lower-case, typographic apostrophes folded, numbers by kind. */
export function normWord(t: Token): string | null {
  if (!t.word) return t.text === '%' || t.text === '$' || t.text === '€' || t.text === '£' ? t.text : null;
  const w = t.lower;
  if (/\d/.test(w)) {
    if (/^(?:1[89]\d\d|20\d\d)s?$/.test(w)) return '<year>';
    return '<num>';
  }
  return w.indexOf('’') >= 0 ? w.replace(/’/g, "'") : w;
}

export interface ClaimFeatures {
  [name: string]: number;
}

const cap = (x: number, n: number) => (x >= n ? 1 : x / n);

/**
 * Word features are scaled by sqrt(WORD_NORM / words in the sentence), so that a long sentence's many words do
 * not swamp the rules (a 12-word sentence's words count 1 each, a 48-word sentence's 0.5).
 */
export const WORD_NORM = 12;
export const wordScale = (n: number): number => Math.sqrt(WORD_NORM / Math.max(1, n));

/**
 * Every feature of a sentence (rules and tags in [0, 1]; words are present (1) or absent, before the
 * wordScale() that both claimFeatures() and claimScore() apply). Returns the number of words.
 */
function extract(text: string, tokens: Token[], emit: (name: string, value: number) => void): number {
  let n = 0;
  let proper = 0;
  let places = 0;
  let names = 0;
  let edWords = 0;
  let longWords = 0;
  let longCaps = 0;
  let capVerbs = 0;
  let verbs = 0;
  const tagCounts = new Array<number>(TAGS.length).fill(0);
  const vec = new Float64Array(VEC_DIMS);
  const table = vectors().values;
  let vecWords = 0;
  let prev = '';
  let prevCls = '^';
  let first = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const info = t.word ? wordInfo(t) : SYMBOLS[t.text];
    if (!info) continue;
    const w = info.norm;
    if (t.word) {
      const bits = info.bits;
      if (bits) for (let k = 0; k < TAGS.length; k++) if (bits & (1 << k)) tagCounts[k]!++;
      if (bits & TAG_VERB && !t.cap) verbs++;
      if (n > 0 && t.cap) {
        proper++;
        if (bits & TAG_NAME) names++;
      }
      if (bits & TAG_PLACE) places++;
      if (info.vec >= 0) {
        const o = info.vec * VEC_DIMS;
        for (let d = 0; d < VEC_DIMS; d++) vec[d]! += table[o + d]!;
        vecWords++;
      }
      if (bits === 0 && t.lower.length > 4 && t.lower.endsWith('ed')) edWords++;
      if (n > 0 && t.text.length >= 4 && !HEADLINE_MINOR.test(t.lower)) {
        longWords++;
        if (t.cap) longCaps++;
        if (t.cap && bits & TAG_VERB && !(bits & (TAG_NAME | TAG_PLACE | TAG_BIT_ORG))) capVerbs++;
      }
      n++;
    }
    emit(info.w, 1);
    if (info.m) emit(info.m, 1);
    if (first) emit(info.s, 1);
    else emit('b:' + prev + ' ' + w, 1);
    // Class bigrams ("p:1 d": I + a past-tense verb; "p:^ 3": a sentence opening on he/she/they): a past action or an
    // accusation without a figure or a cue word the vocabulary knows ("I terminated the individual mandate").
    emit('p:' + prevCls + ' ' + info.cls, 1);
    prevCls = info.cls;
    prev = w;
    first = false;
  }
  const digits = /\d/.test(text) || WORD_FIGURE.test(text);
  const question = endsWithMark(text, '?') || QUESTION_START.test(text);
  emit('bias', 1);
  emit('number', digits || NUMBER_WORDS.test(text) ? 1 : 0);
  emit('digits', digits ? 1 : 0);
  emit('percentMoney', /%|\bpercent\b|\bper cent\b|[$€£]|\bdollars?\b|\beuros?\b|\bpounds\b/i.test(text) ? 1 : 0);
  emit('year', /\b(?:1[89]\d\d|20\d\d)\b/.test(text) || MONTHS.test(text) ? 1 : 0);
  emit('proper', cap(proper, 4));
  emit('names', cap(names, 2));
  emit('place', places > 0 ? 1 : 0);
  emit('comparative', COMPARATIVE.test(text) ? 1 : 0);
  emit('causal', CAUSAL.test(text) ? 1 : 0);
  emit('factVerb', FACT_VERBS.test(text) ? 1 : 0);
  emit('reported', REPORTED.test(text) ? 1 : 0);
  emit('pastEd', cap(edWords, 2));
  emit('short', n < 5 ? 1 : 0);
  emit('medium', n >= 5 && n < 9 ? 1 : 0);
  emit('long', n >= 14 ? 1 : 0);
  emit('length', cap(n, 40));
  emit('question', question ? 1 : 0);
  emit('exclamation', endsWithMark(text, '!') ? 1 : 0);
  emit('firstPersonOpinion', FIRST_PERSON_OPINION.test(text) ? 1 : 0);
  emit('firstPerson', /\b(?:i|me|my|we|our|us)\b/i.test(text) ? 1 : 0);
  emit('prediction', PREDICTION.test(text) ? 1 : 0);
  emit('modal', MODAL.test(text) ? 1 : 0);
  emit('hedge', HEDGE.test(text) ? 1 : 0);
  emit('opinion', OPINION.test(text) ? 1 : 0);
  emit('secondPerson', SECOND_PERSON.test(text) ? 1 : 0);
  emit('imperative', IMPERATIVE.test(text) ? 1 : 0);
  emit('conditional', CONDITIONAL.test(text) ? 1 : 0);
  emit('pleasantry', PLEASANTRY.test(text) ? 1 : 0);
  emit('noFinalPunct', FINAL_PUNCT.test(text) ? 0 : 1);
  // A label or a headline: every longer word past the first capitalised and no verb in lower case ("Axadle
  // Times International – Monitoring.", "President Biden Signs Infrastructure Bill."): an outlet, a section,
  // a title, not a statement. Not a feature of the model (the debates it learns from have none): it caps the
  // score like a question (isCapped).
  emit('label', longWords >= 2 && longCaps === longWords && verbs === 0 && edWords === 0 && !digits ? 1 : 0);
  // Headline style: most longer words capitalised ("Stealth Over Health: Clinton Was Headed to ER").
  emit('titleCase', longCaps === longWords && ((longWords >= 3 && capVerbs >= 2) || (longWords >= 5 && capVerbs >= 1) || longWords >= 6) ? 1 : 0);
  for (let k = 0; k < TAGS.length; k++) emit(TAG_FEATURES[k]!, cap(tagCounts[k]!, 3));
  const vs = vecWords ? VECTOR_SCALE / vecWords : 0;
  for (let d = 0; d < VEC_DIMS; d++) emit(VEC_FEATURES[d]!, vec[d]! * vs);
  return n;
}

/** Features of a sentence by name: the rules, the lexicon tags and every word, bigram and first word. */
export function claimFeatures(text: string, tokens: Token[]): ClaimFeatures {
  const f: ClaimFeatures = {};
  const n = extract(text, tokens, (k, v) => {
    f[k] = v;
  });
  const scale = wordScale(n);
  for (const k in f) if (k.charCodeAt(1) === 58 /* ':' */) f[k]! *= scale;
  return f;
}

/**
 * Features that encode the news-genre rules (questions, first-person opinion, predictions, exclamations,
 * headlines: title case or no final punctuation): the trainer keeps their weights at or below these caps whatever
 * the debate data says.
 */
export const RULE_CAPS: Readonly<Record<string, number>> = {
  question: -3,
  firstPersonOpinion: -0.75,
  prediction: -0.5,
  exclamation: -0.5,
  noFinalPunct: -0.5,
  titleCase: -2.5,
  imperative: -0.5,
  pleasantry: -1,
};

/**
 * Highest score a question can have, whatever its words ("Did you know that 40 percent of...?"): a question
 * asks, it does not assert (news rule). Applied after the logistic sum, in training and evaluation as here.
 */
export const QUESTION_CAP = 0.25;

/** Whether a sentence's score is capped at QUESTION_CAP: a question, or a label (see `label` in extract). */
export const isCapped = (f: ClaimFeatures): boolean => f.question === 1 || f.label === 1;

/** The final score from the logistic sum and the cap. */
export function finishScore(z: number, capped: boolean): number {
  const p = 1 / (1 + Math.exp(-z));
  return capped && p > QUESTION_CAP ? QUESTION_CAP : p;
}

const WEIGHTS = new Map(Object.entries(CLAIM_MODEL.weights));

/** Logistic score in [0, 1]: the same sum as over claimFeatures(), without building the record. */
export function claimScore(text: string, tokens: Token[]): number {
  let seen: Set<string> | null = null;
  let z = 0;
  let zWords = 0;
  let capped = false;
  const n = extract(text, tokens, (k, v) => {
    if (v === 0) return;
    if (k === 'question' || k === 'label') capped = true; // as isCapped(), without building the record
    const w = WEIGHTS.get(k);
    if (w === undefined) return;
    if (k.charCodeAt(1) === 58 /* ':' */) {
      // Word features count once however often they occur.
      if (!seen) seen = new Set();
      if (seen.has(k)) return;
      seen.add(k);
      zWords += w * v;
    } else z += w * v;
  });
  return finishScore(z + zWords * wordScale(n), capped);
}

// ---------------------------------------------------------------------------------------------
// Citations

const MD_LINK_RE = /\[[^\]\n]{0,300}\]\([^)\s]{1,500}(?:\s+"[^"\n]{0,200}")?\)/;
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>()]{2,}/i;
const FOOTNOTE_REF_RE = /\[\^([^\]\s]{1,50})\](?!:)/g;
export const CITE_MARKER_RE = /\[(?:cite|source):[^\]\n]{1,300}\]/i;

/** Footnote labels that have a definition (`[^label]: ...` at the start of a line). */
export function footnoteDefinitions(text: string): Set<string> {
  const defs = new Set<string>();
  const re = /^[ \t]{0,3}\[\^([^\]\s]{1,50})\]:/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) defs.add(m[1]!);
  return defs;
}

export function isCited(sentence: string, defs: Set<string>): boolean {
  if (MD_LINK_RE.test(sentence) || URL_RE.test(sentence) || CITE_MARKER_RE.test(sentence)) return true;
  FOOTNOTE_REF_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = FOOTNOTE_REF_RE.exec(sentence))) if (defs.has(m[1]!)) return true;
  return false;
}
