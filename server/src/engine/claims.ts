// Check-worthiness of a sentence, and whether it carries a citation. Scores are a logistic model over
// lexical features; the weights live in claimModel.ts (trained by scripts/trainClaims.ts when the
// evaluation data is present, hand-set otherwise).
import { CLAIM_MODEL } from './claimModel';
import { isDemonym, isPlace } from './lexicon';
import type { Token } from './tokens';

const NUMBER_WORDS =
  /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|third|quarter|fifth|tenth|twice|double|doubled|triple|tripled|percent|per cent)\b/i;
const MONTHS = /\b(?:January|February|March|April|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)\b/;
const COMPARATIVE =
  /\b(?:more|less|fewer|most|least|higher|lower|larger|largest|smaller|smallest|biggest|bigger|greater|greatest|highest|lowest|increased?|increasing|decreased?|decreasing|rose|risen|rising|fell|fallen|falling|dropped|grew|grown|doubled|tripled|halved|record|first|last|only|compared|than)\b/i;
const CAUSAL = /\b(?:because|due to|caused?|causing|led to|leads? to|result(?:ed|s)? in|as a result|resulted|since|therefore|thanks to|blamed|responsible for)\b/i;
const FACT_VERBS =
  /\b(?:was|were|is|are|has|have|had|killed|died|voted|passed|signed|won|lost|cut|raised|spent|paid|created|built|launched|invaded|annexed|control(?:s|led)?|occupied|arrested|charged|convicted|elected|appointed|banned|approved|rejected|announced|declared|began|started|ended|held|seized|captured|struck|attacked|destroyed|injured|displaced|costs?|owns?|employ(?:s|ed)?)\b/i;
const FIRST_PERSON_OPINION =
  /\b(?:i think|i believe|i feel|i guess|i hope|i want|i'd like|i would|we need|we should|we must|we want|we have to|let me|let's|let us|i'm going to|we're going to|i will|we will|in my view|in my opinion)\b/i;
const MODAL = /\b(?:will|would|could|might|may|should|must|going to|ought|shall|can)\b/i;
const HEDGE = /\b(?:perhaps|maybe|probably|likely|possibly|seems?|appears?|apparently|reportedly|allegedly|suggests?|might|unclear|uncertain)\b/i;
const OPINION = /\b(?:great|terrible|wonderful|horrible|amazing|awful|disgrace|disgraceful|ridiculous|beautiful|incredible|tremendous|fantastic|sad|shame|wrong|right thing|best|worst|believe|think|feel|hope|wish|love|hate|should)\b/i;
const SECOND_PERSON = /\b(?:you|your|you're|yourself)\b/i;
const PLEASANTRY = /\b(?:thank you|thanks|good evening|good night|congratulations|applause|laughter|ladies and gentlemen|welcome)\b/i;

export interface ClaimFeatures {
  [name: string]: number;
}

/** Lexical features of a sentence, each in [0, 1] (or a small count). */
export function claimFeatures(text: string, tokens: Token[]): ClaimFeatures {
  const words = tokens.filter((t) => t.word);
  const n = words.length;
  let proper = 0;
  let places = 0;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w.cap) proper++;
    if (isPlace(w.lower) || isDemonym(w.lower)) places++;
  }
  const digits = /\d/.test(text);
  return {
    bias: 1,
    number: digits || NUMBER_WORDS.test(text) ? 1 : 0,
    digits: digits ? 1 : 0,
    percentMoney: /%|\bpercent\b|\bper cent\b|[$€£]|\bdollars?\b|\beuros?\b|\bpounds\b/i.test(text) ? 1 : 0,
    year: /\b(?:1[89]\d\d|20\d\d)\b/.test(text) || MONTHS.test(text) ? 1 : 0,
    proper: Math.min(proper, 4) / 4,
    place: places > 0 ? 1 : 0,
    comparative: COMPARATIVE.test(text) ? 1 : 0,
    causal: CAUSAL.test(text) ? 1 : 0,
    factVerb: FACT_VERBS.test(text) ? 1 : 0,
    short: n < 5 ? 1 : 0,
    medium: n >= 5 && n < 9 ? 1 : 0,
    long: n >= 14 ? 1 : 0,
    question: /\?\s*["”’)]*\s*$/.test(text) ? 1 : 0,
    exclamation: /!\s*["”’)]*\s*$/.test(text) ? 1 : 0,
    firstPersonOpinion: FIRST_PERSON_OPINION.test(text) ? 1 : 0,
    firstPerson: /\b(?:i|me|my|we|our|us)\b/i.test(text) ? 1 : 0,
    modal: MODAL.test(text) ? 1 : 0,
    hedge: HEDGE.test(text) ? 1 : 0,
    opinion: OPINION.test(text) ? 1 : 0,
    secondPerson: SECOND_PERSON.test(text) ? 1 : 0,
    pleasantry: PLEASANTRY.test(text) ? 1 : 0,
    noFinalPunct: /[.!?]["”’)\]]*\s*$/.test(text) ? 0 : 1,
  };
}

export function claimScore(text: string, tokens: Token[]): number {
  const f = claimFeatures(text, tokens);
  let z = 0;
  for (const [k, v] of Object.entries(f)) z += (CLAIM_MODEL.weights[k] ?? 0) * v;
  return 1 / (1 + Math.exp(-z));
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
