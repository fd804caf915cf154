// Sentence attribution: which sentences report the statement, claim, belief or accusation of an identified
// source (see SPEC.md "Attribution and citation"), and the features of the context model (attributionModel.json).
import { cueInfo, firstNameGender, hasTag, isActVerb, isDemonym, isNameStopWord, isNounToo, isOrgWord, isReportVerb, isRoleWord, isSourceNoun, isStanceVerb } from './lexicon';
import { clausalComplement, DETERMINERS, findAttributions, NEEDS_CLAUSE, notAStatement, FUNC, isWord, npAfter, npBefore, resolveNP, SUBJECT_PRONOUNS, TURN_RE, WEEKDAYS, type NP } from './cues';
import model from './data/attributionModel.json';
import type { People } from './people';
import type { Token } from './tokens';
import { endsWithMark } from './claims';
import type { Quote, Segmentation } from './types';

/** The context model's weights, written by scripts/trainAttribution.ts. */
export const ATTRIBUTION_MODEL: { weights: Record<string, number>; threshold: number; note: string } = model;

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
  express expresses expressed expressing`.split(/\s+/),
);
const STATEMENT_OBJECTS = /^(?:outrage|reservations|frustration|disappointment|regret|condolences|sympathy|confidence|skepticism|scepticism|willingness|openness|readiness|optimism|pessimism|alarm|anger|dismay|surprise|gratitude|statement|statements|letter|letters|speech|speeches|message|messages|remarks|argument|arguments|warning|warnings|apology|tweet|tweets|testimony|comment|comments|critique|rebuke|condemnation|praise|complaint|complaints|concern|concerns|objection|objections|doubts|misgivings|criticism|claims?|allegations?|assurances?|denial|denials|accusations?|views?|opinion|op-ed|editorial|column)$/;



/**
 * Verbs that take an infinitive and carry its tense when the infinitive is the statement ("appeared to suggest",
 * "continued to insist", "went on to say"). Not plans, refusals or efforts ("plans to announce", "declined to
 * say", "is seeking to argue"): those are the outlet's account of what someone intends or does.
 */
const CONTROL_VERBS = /^(?:appear|appears|appeared|seem|seems|seemed|continue|continues|continued|continuing|try|tries|tried|begin|begins|began|went|goes)$/;

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
  // The topic follows the verb, at most after adverbs ("spoke emotionally of", "spoke at length about"); not a place,
  // a time or an amount ("spoke in a cottage on a base", "spoke for about five minutes", "spoke against the backdrop of").
  for (let c = i + 1; c < toks.length && c - i <= 4 && toks[c]!.word; c++) {
    const w = toks[c]!.lower;
    if (/^(?:about|of)$/.test(w)) return !(w === 'about' && /^(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|an?|half|a\s)/.test(toks[c + 1]?.lower ?? ''));
    if (!(/ly$/.test(w) || (w === 'at' && toks[c + 1]?.lower === 'length') || (w === 'length' && toks[c - 1]?.lower === 'at') || /^(?:openly|publicly|privately|often|frequently|repeatedly|again|also|then|later|out|up)$/.test(w))) return false;
  }
  return false;
}
function phrasalReport(verb: string, particle: string | undefined): boolean {
  if (particle === undefined) return false;
  for (const [v, p] of PHRASAL_REPORTS) if (v.test(verb) && p.test(particle)) return true;
  return false;
}

/** "see X as", "views X as": a judgement, not a sighting. */
function seesAs(toks: Token[], i: number, any = false): boolean {
  const v = toks[i]!.lower;
  // "see X as" (a judgement), "painted X as", "cast X as", "framed X as" (a portrayal), "linked X to" (an allegation).
  const as = any || /^(?:see|sees|saw|seen|view|views|viewed|regard|regards|regarded|perceive|perceives|perceived|rate|rates|rated|rank|ranks|ranked|paint|paints|painted|painting|cast|casts|casting|frame|frames|framed|framing)$/.test(v);
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

/** Documents whose findings are reported ("a report found", "the poll shows"). */
const DOCUMENT_NOUNS = /^(?:reports?|study|studies|surveys?|polls?|polling|averages|transcripts?|tallies|tally|models?|slides?|charts?|graphics?|maps?|tables?|graphs?|analysis|analyses|reviews?|investigations?|audits?|data|research|probes?|inquiry|inquiries|assessments?|figures|statistics|estimates?|census|paper|papers|findings|documents?|records?|memo|filing|ruling|audit)$/;

/** A study, poll or report in the clause before the verb at `i` ("A 2014 study by a law professor found…"). */
function documentSubject(toks: Token[], i: number): boolean {
  for (let c = i - 1; c >= 0 && i - c <= 16; c--) {
    const u = toks[c]!;
    if (!u.word && /^[;:“”"]$/.test(u.text)) return false;
    if (u.word && /^(?:which|who|but)$/.test(u.lower)) return false;
    if (u.word && !u.cap && DOCUMENT_NOUNS.test(u.lower)) return true;
  }
  return false;
}

/** What a study or poll does with its findings. */
const FINDING_VERBS = /^(?:find|finds|found|show|shows|showed|shown|suggest|suggests|suggested|indicate|indicates|indicated|conclude|concludes|concluded|reveal|reveals|revealed|estimate|estimates|estimated)$/;

/** Nouns whose that-clause is part of a noun phrase, not a report ("the first time that", "the day when"). */
const EMBEDDING_NOUNS = /^(?:time|times|fact|news|day|days|year|years|week|weeks|month|months|moment|point|way|reason|extent|sense|era|period|occasion|first|last)$/;

/** Adjectives of stance that take a complement ("critical of", "skeptical about", "confident that"). */
const STANCE_ADJECTIVES = /^(?:critical|skeptical|sceptical|supportive|dismissive|wary|coy|afraid|confident|convinced|adamant|optimistic|pessimistic|hopeful|doubtful|unhappy|angry|furious|concerned|proud|insistent|vocal|outspoken|complimentary|emphatic|unequivocal|opposed|sympathetic|hostile|enthusiastic|cautious|firm|clear|willing|unwilling|eager|determined|reluctant|keen|loath)$/;

export interface ReportCue {
  cue: string;
  cueStart: number;
  speaker: string | null;
  /** A study's or poll's finding ("the poll shows", "in a new poll"): figures that follow continue it. */
  finding?: boolean;
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
    // (Not an intention: "eager to prove", "willing to talk", "determined to win" are aims, not beliefs.)
    if (t.word && !t.cap && STANCE_ADJECTIVES.test(t.lower) && i >= 2 && /^(?:of|about|that|over|toward|towards|to|whether)$/.test(toks[i + 1]?.lower ?? '') && !(toks[i + 1]!.lower === 'to' && !/^(?:critical|hostile|sympathetic|opposed)$/.test(t.lower))) {
      // A stance as a predicate ("Graham has been critical of Trump", "aides were coy about", "Democrats are afraid that").
      let k = i - 1;
      while (k >= 0 && i - k < 5 && toks[k]!.word && !toks[k]!.cap && /^(?:very|so|too|quite|deeply|increasingly|openly|publicly|also|still|long|more|less|particularly|highly|sharply|not|never)$/.test(toks[k]!.lower)) k--;
      if (k >= 1 && /^(?:is|are|was|were|been|be|remain|remains|remained|seemed|seems|appeared|appears|became|become|becomes|grew|grown|felt|feels|away)$/.test(toks[k]!.lower)) {
        if (toks[k]!.lower === 'away' && k >= 2 && /^(?:came|come|comes|went)$/.test(toks[k - 1]!.lower)) k--;
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
    // "As stated in Davis' commentary, …", "As reported by the Post, …": the clause reports that source.
    if (t.lower === 'as' && i <= 2 && /^(?:stated|reported|noted|described|explained|outlined|detailed|argued|claimed)$/.test(toks[i + 1]?.lower ?? '') && /^(?:in|by)$/.test(toks[i + 2]?.lower ?? '')) {
      const np = npAfter(toks, i + 3, Math.min(toks.length, i + 12));
      const h = np?.tokens[np.tokens.length - 1];
      if (h && (h.cap || isSourceNoun(h.lower) || DOCUMENT_NOUNS.test(h.lower) || /^(?:commentary|column|article|editorial|statement|speech|letter|book|interview)$/.test(h.lower))) return { cue: `as ${toks[i + 1]!.text} ${toks[i + 2]!.text}`, cueStart: t.start, speaker: null };
    }
    // "made it clear that", "has made clear they have no plans": a statement.
    if (t.word && !t.cap && /^(?:make|makes|made|making)$/.test(t.lower) && i > 0) {
      const c = toks[i + 1]?.lower === 'it' ? i + 2 : i + 1;
      if (toks[c]?.lower === 'clear' && clausalComplement(toks, c + 1)) {
        let k = i - 1;
        while (k >= 0 && i - k < 6 && toks[k]!.word && !toks[k]!.cap && (VERB_PRELUDE.test(toks[k]!.lower) || NEG_CONTRACTION.test(toks[k]!.lower) || /ly$/.test(toks[k]!.lower))) k--;
        const np = k >= 0 ? npBefore(toks, k + 1, 0) : null;
        if (np && !(np.pronoun && /^(?:i|we|it)$/.test(np.tokens[0]!.lower))) return { cue: text.slice(t.start, toks[c]!.end), cueStart: t.start, speaker: resolveNP(np, text, people, paragraph).speaker };
      }
    }
    if (t.word && !t.cap && STATEMENT_ACTS.has(t.lower)) {
      // Delivering a statement ("sent a letter", "delivered a speech", "issued a statement", "expressed concern"): a
      // report when a statement noun follows within a few words and the verb has a subject. Not a plan or a proof
      // ("unveiled a proposal", "offered no proof"), nor what a subject receives ("faced criticism").
      let obj = false;
      for (let c = i + 1; c < toks.length && c - i <= 4 && toks[c]!.word; c++) if (STATEMENT_OBJECTS.test(toks[c]!.lower)) ((obj = true), (c = toks.length));
      if (obj) {
        let k = i - 1;
        while (k >= 0 && i - k < 6 && toks[k]!.word && !toks[k]!.cap && (VERB_PRELUDE.test(toks[k]!.lower) || NEG_CONTRACTION.test(toks[k]!.lower) || (/ly$/.test(toks[k]!.lower) && toks[k]!.lower.length > 4))) k--;
        const np = k >= 0 && (/ing$/.test(t.lower) || !/^(?:is|are|was|were|be|been|being)$/.test(toks[k + 1]?.lower ?? '')) ? npBefore(toks, k + 1, 0) : null;
        if (np) return { cue: t.text, cueStart: t.start, speaker: resolveNP(np, text, people, paragraph).speaker };
      }
    }
    // A study or poll that finds or shows something ("The PPIC poll shows the race…", "records compiled by the
    // Center show he backed…", "18 percent … in a new Washington Post-ABC News poll"): its finding is reported.
    if (t.word && !t.cap && FINDING_VERBS.test(t.lower)) {
      let b = i - 1;
      while (b >= 0 && toks[b]!.word && !toks[b]!.cap && (VERB_PRELUDE.test(toks[b]!.lower) || /ly$/.test(toks[b]!.lower))) b--;
      // (A bare plural is no identified source: "Investigations have revealed…".)
      if (b >= 0 && toks[b]!.word && DOCUMENT_NOUNS.test(toks[b]!.lower) && !(/s$/.test(toks[b]!.lower) && (b === 0 || !toks[b - 1]!.word || LEAD_SKIP.test(toks[b - 1]!.lower)))) return { cue: t.text, cueStart: t.start, speaker: null, finding: true };
      if (documentSubject(toks, i)) {
        // The document is the subject of this verb: no other finite verb between them.
        let c = i - 1;
        while (c >= 0 && !(toks[c]!.word && !toks[c]!.cap && DOCUMENT_NOUNS.test(toks[c]!.lower))) c--;
        let e = i;
        while (e > c + 1 && toks[e - 1]!.word && (VERB_PRELUDE.test(toks[e - 1]!.lower) || /ly$/.test(toks[e - 1]!.lower))) e--;
        const between = toks.slice(c + 1, e);
        if (!between.some((u) => u.word && !u.cap && /^(?:is|are|was|were|has|have|had|will|would|said|says)$/.test(u.lower))) return { cue: t.text, cueStart: t.start, speaker: null, finding: true };
      }
    }
    if ((t.lower === 'in' || t.lower === 'by') && /^(?:a|an|the|one|another|this)$/.test(toks[i + 1]?.lower ?? '')) {
      for (let c = i + 2; c < toks.length && c <= i + 9; c++) {
        const u = toks[c]!;
        if (u.word && !u.cap && /^(?:poll|survey|study)$/.test(u.lower)) return { cue: toks.slice(i, c + 1).map((x) => x.text).join(' '), cueStart: t.start, speaker: null, finding: true };
        if (u.word && !u.cap && !/^(?:new|recent|latest|national|statewide|separate|online|same|poll|[\d-]+)$/.test(u.lower) && !/-/.test(u.text)) break;
      }
    }
    if (!t.word || !(isReportVerb(t.lower) || (!t.cap && (phrasalReport(t.lower, toks[i + 1]?.lower) || seesAs(toks, i) || speaksOf(toks, i))))) continue;
    const prev = toks[i - 1];
    const next = toks[i + 1];
    // An act or event with a noun phrase after it ("declared a ceasefire", "found the wreckage"), unless a study or
    // a report is what found or showed it ("a report by the agency found no evidence").
    const needsClause = !t.cap && NEEDS_CLAUSE.test(t.lower) && !clausalComplement(toks, i + 1);
    // A hope, fear or wish for an outcome ("hopes to win", "fears losing") is an aim, not a belief about a fact.
    if (!t.cap && /^(?:hope|hopes|hoped|hoping|fear|fears|feared|wish|wishes|wished|agree|agrees|agreed|promise|promises|promised|threaten|threatens|threatened|pledge|pledges|pledged|vow|vows|vowed)$/.test(t.lower) && next?.lower === 'to' && !/^(?:promise|promises|promised|threaten|threatens|threatened|pledge|pledges|pledged|vow|vows|vowed)$/.test(t.lower)) continue;
    // "listeners who said", "officials who say": a relative clause reporting speech, unless it hangs on the object
    // of a preposition ("fresh ammunition to Republicans who say…": the main clause is the outlet's).
    if (prev && /^(?:who|whom)$/.test(prev.lower) && cueInfo(t.lower)?.invertible && /(?:ed|id|ote|old|s)$/.test(t.lower) && !isNounToo(t.lower)) {
      const held = npBefore(toks, i - 1, 0);
      let h0 = held ? toks.indexOf(held.tokens[0]!) : i - 2;
      if (!held) while (h0 > 0 && toks[h0 - 1]!.word && !FUNC.has(toks[h0 - 1]!.lower)) h0--;
      const b = toks[h0 - 1];
      if (b && b.word && /^(?:to|for|of|with|from|among|by|against|on|at|in)$/.test(b.lower)) continue;
      return { cue: t.text, cueStart: t.start, speaker: null };
    }
    // "a state known for", "one lesson learned": a participle describing a noun.
    if (/^(?:known|seen|shown|learned|learnt|highlighted|written|dubbed|nicknamed|labeled|labelled|branded)$/.test(t.lower) && prev && prev.word && !SUBJECT_PRONOUNS.has(prev.lower) && !VERB_PRELUDE.test(prev.lower) && next?.lower !== 'that' && (!prev.cap || !next || !next.word || /^(?:and|or|in|for|on|at|with|as)$/.test(next.lower))) continue;
    // "state" and "states" are nouns unless a clause follows and a speaker precedes ("the caucus state", "the dozen
    // states that held primaries").
    if (/^(?:state|states)$/.test(t.lower) && (!/^(?:that|:)$/.test(next?.lower ?? '') || !prev || !(prev.cap || SUBJECT_PRONOUNS.has(prev.lower) || VERB_PRELUDE.test(prev.lower)))) continue;
    if (notAStatement(toks, i)) continue;
    // "compares X to Y" and "identified X as Y" characterise; "a new report compares the accuracy of…" names a topic.
    if (/^(?:compare|compares|compared|identify|identifies|identified)$/.test(t.lower)) {
      if (/^identif/.test(t.lower) && !seesAs(toks, i, true)) continue;
      if (documentSubject(toks, i)) continue;
    }
    // "shows", "demonstrated", "suggests" with a subject that is not a source ("the outcome showed", "those four
    // spielers demonstrated that") are the outlet's inference.
    if (/^(?:show|shows|showed|shown|demonstrate|demonstrates|demonstrated|prove|proves|proved|proven|suggest|suggests|suggested|indicate|indicates|indicated|reveal|reveals|revealed)$/.test(t.lower)) {
      let b = i - 1;
      while (b >= 0 && toks[b]!.word && !toks[b]!.cap && (VERB_PRELUDE.test(toks[b]!.lower) || /ly$/.test(toks[b]!.lower))) b--;
      const subj = b >= 0 ? npBefore(toks, b + 1, 0) : null;
      const h = subj?.tokens[subj.tokens.length - 1];
      if (!subj || !(subj.pronoun ? !/^(?:it|i|we)$/.test(h!.lower) : h!.cap || isSourceNoun(h!.lower) || isRoleWord(h!.lower) || DOCUMENT_NOUNS.test(h!.lower))) continue;
    }
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
      // "by inquiring attendees": an adjective before a plural noun.
      if (next && next.word && !next.cap && hasTag(next.lower, 'Plural')) continue;
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
    // A passive ("is expected to", "was accused of", "is said to") reports no identified source unless its agent
    // follows ("was criticized by").
    if (passive && !agentFollows(toks, i)) continue;
    // "did not respond to requests for comment": no statement.
    if (/^(?:respond|reply|return)$/.test(t.lower) && i >= 2 && (toks[i - 1]!.lower === 'not' || NEG_CONTRACTION.test(toks[i - 1]!.lower) || toks[i - 2]!.lower === 'not')) continue;
    const before = toks[k]!;
    // A plural subject right before a base form ("voters expect", "Polls show", "police fear"), the first word capitalised or not.
    const pluralBefore = before.word && (!before.cap || k === 0) && (/[^s'’]s$/.test(before.lower) || /^(?:police|people)$/.test(before.lower)) && !FUNC.has(before.lower);
    if (isNounToo(t.lower) && !aux) {
      // "questions", "plan": a verb only right after a subject pronoun, a relative pronoun or a name.
      const pron = before.word && /^(?:he|she|they|i|we|it|who|that|which)$/.test(before.lower);
      const named = before.cap && before.word && !/s$/.test(t.lower) ? false : before.cap && before.word && (people.get(before.lower.replace(/['’]s$/, '')) !== undefined || isSourceNoun(before.lower) || isOrgWord(before.lower));
      const plural = !/s$/.test(t.lower) && (pluralBefore || (before.cap && k >= 2 && toks[k - 1]!.lower === 'and' && toks[k - 2]!.cap));
      // "Data from the survey show that": a noun before the verb and a that-clause after it.
      const clause = thatClause && before.word && !FUNC.has(before.lower) && !/ly$/.test(before.lower);
      // "The woman disputes the idea", "The ad then references": an -s form with its object right after it.
      const objNext = /[^s]s$/.test(t.lower) && next !== undefined && (/^(?:the|a|an|that|his|her|their|its|this|these|those)$/.test(next.lower) || (next.lower === 'to' && /^(?:plans|hopes|wants|aims|vows|pledges|promises|threatens|seeks|intends)$/.test(t.lower)));
      const objectAfter = objNext && ((before.word && !before.cap && !FUNC.has(before.lower) && k > 0 && /^(?:the|a|an|this|that|his|her|their|its)$/.test(toks[k - 1]!.lower)) || (before.text === ',' && sourceHead(npBefore(toks, k + 1, 0))));
      if (!pron && !named && !plural && !clause && !objectAfter) continue;
    }
    // A parenthetical relative clause ("…how Bernie Sanders, who has endorsed Canova, was able to…") is an aside in
    // the outlet's sentence; a cue there reports nothing of the main clause.
    if (k >= 1 && /^(?:who|which)$/.test(toks[k]!.lower) && toks[k - 1]!.text === ',' && !cueInfo(t.lower)) continue;
    const np = npBefore(toks, k + 1, 0);
    // The author's own view ("I think", "we believe"): no identified source.
    if (np?.pronoun && /^(?:i|we)$/.test(np.tokens[0]!.lower)) continue;
    if (np) {
      const head = np.tokens[np.tokens.length - 1]!;
      if (needsClause && !(!np.pronoun && DOCUMENT_NOUNS.test(head.lower)) && !documentSubject(toks, i)) continue;
      // A clause inside a noun phrase ("marking the first time that the leader endorsed…"): the outlet's framing.
      const s0 = toks.indexOf(np.tokens[0]!);
      if (s0 >= 2 && /^(?:that|when)$/.test(toks[s0 - 1]!.lower) && EMBEDDING_NOUNS.test(toks[s0 - 2]!.lower)) continue;
      const r = resolveNP(np, text, people, paragraph);
      return { cue: t.text, cueStart: t.start, speaker: r.speaker };
    }
    // A subject the noun-phrase parse leaves out ("Experts on North Korea said", "A poll released in August found",
    // "Many of his supporters believe", "Those close to him say that"): a finite verb with a person, pronoun or
    // source noun earlier in the same clause.
    if (needsClause && !documentSubject(toks, i)) continue;
    const baseFinite = (pluralBefore || thatClause || /^(?:they|we|i|you|who)$/.test(before.lower)) && !/^(?:to)$/.test(before.lower);
    if ((isNounToo(t.lower) && !thatClause && !pluralBefore && !aux) || (!/(?:ed|[^s]s)$/.test(t.lower) && !/^(?:said|told|thought|knew|felt|wrote|found|taught|swore)$/.test(t.lower) && !baseFinite && !progressive && !(aux && !deontic))) continue;
    for (let c = k; c >= 0 && k - c < 14; c--) {
      const u = toks[c]!;
      if (!u.word && /^[;:“”"()]$/.test(u.text)) break;
      if (
        u.word &&
        ((SUBJECT_PRONOUNS.has(u.lower) && !/^(?:i|we)$/.test(u.lower)) ||
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
// Features of the attribution model (data/attributionModel.json): generic classes, no words from any data set

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

/** Named feature values of sentence `si` for the attribution model (see data/attributionModel.json). */
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

// ---------------------------------------------------------------------------------------------
// Every sentence of a document

const SUBORDINATORS = /^(?:while|although|though|whereas|after|before|since|because|if|unless|once|until|despite|even)$/;

/**
 * The token index where the main clause starts when the sentence opens with a subordinate clause ("While X said
 * that…, ", "After Y warned…, "), else 0. "As X said, …" and "When asked…, " are left alone (the first reports
 * the main clause; in the second the main clause has its own cue).
 */
export function mainClauseStart(toks: Token[]): number {
  let k = 0;
  while (k < toks.length && !toks[k]!.word) k++;
  while (k < toks.length && toks[k]!.word && /^(?:but|and|yet|so|still|however)$/.test(toks[k]!.lower)) k++;
  const t = toks[k];
  if (!t || !t.word || !SUBORDINATORS.test(t.lower)) return 0;
  if (t.lower === 'even' && !/^(?:though|if|as)$/.test(toks[k + 1]?.lower ?? '')) return 0;
  for (let c = k + 1; c < toks.length && c - k < 40; c++) {
    const u = toks[c]!;
    if (!u.word && /^[“”"]$/.test(u.text)) return 0;
    if (u.text === ',' || u.text === '—') return c + 1 < toks.length ? c + 1 : 0;
  }
  return 0;
}

const FIGURE_RE = /(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b)[\s-]*(?:%|percent\b|per cent\b|points?\b|percentage points\b)/i;

/**
 * A sentence with poll figures right after a sentence reporting a poll's or study's findings (the same paragraph or
 * the next one): it continues the finding.
 */
function continuesFinding(text: string, seg: Segmentation, finding: boolean[], si: number): boolean {
  if (si === 0 || !finding[si - 1]) return false;
  const s = seg.sentences[si]!;
  if (s.paragraph - seg.sentences[si - 1]!.paragraph > 1) return false;
  return FIGURE_RE.test(text.slice(s.start, s.end));
}

/**
 * True when the report at `cueStart` comes after ", and" / ", but" / ";" and the clause before it is the outlet's
 * own statement of fact, with its own subject and a verb of action or being ("The conflict has changed the
 * economy, and Putin mentioned that…", "Russian forces control a fifth of the territory, and Putin has made it clear
 * that…"): the sentence carries an outlet claim, which must stay visible.
 */
function outletClauseBefore(toks: Token[], from: number, cueStart: number, people: People): boolean {
  // A parenthetical attribution ("…, but the pollution had become so bad, Mr. Obama noted, that…") reports the clause
  // around it.
  const ci = toks.findIndex((t) => t.start >= cueStart);
  // A closing attribution ("…, but the losses would outstrip the gains, said Batchelder.") covers the whole sentence.
  if (ci > 0) {
    let e = toks.length;
    while (e > ci && !toks[e - 1]!.word) e--;
    let b = ci - 1;
    while (b > from && ci - b <= 6 && toks[b]!.word) b--;
    if (e - ci <= 7 && toks[b]?.text === ',' && !toks.slice(ci + 1, e).some((u) => u.lower === 'that' || !u.word)) return false;
  }
  if (ci > 0 && toks[ci + 1]?.text === ',') {
    let b = ci - 1;
    while (b > from && toks[b]!.word && !/^(?:and|but)$/.test(toks[b]!.lower)) b--;
    if (toks[b]?.text === ',' && ci - b <= 5) return false;
  }
  let cut = -1;
  for (let c = from; c < toks.length && toks[c]!.start < cueStart; c++) {
    const t = toks[c]!;
    if (t.text === ';' || (t.text === ',' && /^(?:and|but)$/.test(toks[c + 1]?.lower ?? ''))) cut = c;
    if (!t.word && /^[“”"]$/.test(t.text)) return false;
  }
  if (cut <= from + 2) return false;
  const left = toks.slice(from, cut);
  const shape = clauseShape(left, people);
  return shape.subject !== 'none' && shape.subject !== 'first' && (shape.verb === 'action' || shape.verb === 'act' || shape.verb === 'copula') && !left.some((u) => u.word && !u.cap && (cueInfo(u.lower) !== null || isReportVerb(u.lower)));
}

/** The agent of a passive within a few words ("was called a charlatan by fellow physicians"): a source. */
function agentFollows(toks: Token[], i: number): boolean {
  for (let c = i + 1; c < toks.length && c - i <= 6; c++) {
    const u = toks[c]!;
    if (!u.word) return false;
    if (u.lower !== 'by') continue;
    const np = npAfter(toks, c + 1, Math.min(toks.length, c + 12));
    const h = np?.tokens[np.tokens.length - 1];
    return !!h && (h.cap || isSourceNoun(h.lower) || isRoleWord(h.lower) || hasTag(h.lower, 'Actor') || (np!.tokens.length > 1 && /s$/.test(h.lower) && hasTag(h.lower.replace(/s$/, ''), 'Actor')));
  }
  return false;
}

/** A sentence opening with the author's own judgement: "I think…", "We believe…", "I doubt…". */
function authorsView(toks: Token[]): boolean {
  let k = 0;
  while (k < toks.length && (!toks[k]!.word || /^(?:but|and|so|yet|still|frankly|honestly|personally|now|well)$/.test(toks[k]!.lower))) k++;
  const t = toks[k];
  if (!t || !((t.text === 'I') || t.lower === 'we')) return false;
  let v = k + 1;
  while (v < toks.length && toks[v]!.word && /^(?:do|don['’]t|really|also|still|just|strongly|firmly|honestly|simply)$/.test(toks[v]!.lower)) v++;
  return /^(?:think|believe|suspect|doubt|know|feel|guess|hope|fear|suppose|reckon|expect|imagine|agree|disagree)$/.test(toks[v]?.lower ?? '');
}

/**
 * The context model may only carry attributed speech on: a sentence right after an attributed one in the same
 * paragraph, whose subject is not a new one (a pronoun or an expletive "it"/"there"; not "I" or "we", the author, and
 * not a subject the parse could not find).
 * A sentence with a subject of its own ("Ukraine is seeking…", "Talks are expected…") is the outlet's.
 */
function continuesSpeech(seg: Segmentation, rules: RuleSignals[], tokens: Token[][], si: number, people: People): boolean {
  if (si === 0) return false;
  const s = seg.sentences[si]!;
  const p = seg.sentences[si - 1]!;
  if (p.paragraph !== s.paragraph || p.boilerplate || !rules[si - 1]!.attributed) return false;
  const shape = clauseShape(tokens[si]!, people);
  // An action or act ("She placed a bouquet…", "It showed a lack of will") is the outlet's narration; a clause
  // whose subject or verb the parse could not find ("Traffic on the bridge rose 12 percent") may have a subject of
  // its own.
  if (shape.verb === 'action' || shape.verb === 'act' || shape.verb === 'none') return false;
  return shape.subject === 'pronoun' || shape.subject === 'expletive';
}

export interface SentenceAttribution {
  attributed: boolean;
  /** The speaker or source the sentence reports, when one was found. */
  source: string | null;
  /** Which rule decided (for evaluation and debugging): quote, cue, label, turn, clause, apostrophe, model or none. */
  rule: string;
}

/**
 * Judges every sentence: attributed or not, and its source. The rules decide first (a quotation with a speaker,
 * a cue with a subject that can speak, a speaker label, a transcript turn, a reporting clause); the context model
 * then looks at the sentences they leave unattributed. With `withFeatures`, the model's features of those
 * sentences (null for the others and for page debris): scripts/trainAttribution.ts fits the model on them.
 */
export function attributeSentences(
  text: string,
  seg: Segmentation,
  people: People,
  tokens: Token[][],
  quotes: Quote[],
  withFeatures = false,
): { sentences: SentenceAttribution[]; features: Array<Record<string, number> | null> } {
  const out: SentenceAttribution[] = [];
  const rules: RuleSignals[] = [];
  /** Sentences reporting a poll's or study's findings (or continuing them with more figures). */
  const finding: boolean[] = [];
  let qi = 0;
  for (let si = 0; si < seg.sentences.length; si++) {
    const s = seg.sentences[si]!;
    if (s.boilerplate) {
      out.push({ attributed: false, source: null, rule: 'none' });
      finding.push(false);
      rules.push({ quoted: 0, quoteSpeaker: false, attributed: false });
      continue;
    }
    const toks = tokens[si]!;
    // A report inside an opening subordinate clause ("While Moscow has maintained that…, its demands remain…")
    // leaves the main clause to the outlet: cues count from the main clause on.
    // The author's own view ("I think the council has never told…"): what it embeds is the author's claim.
    const author = authorsView(toks);
    const main = author ? toks.length : mainClauseStart(toks);
    // Quotes that overlap this sentence.
    while (qi < quotes.length && quotes[qi]!.end <= s.start) qi++;
    let source: string | null = null;
    let quoted = 0;
    let quotedNoSpeaker = false;
    let reported = false;
    let quoteSpeaker = false;
    for (let k = qi; k < quotes.length && quotes[k]!.start < s.end; k++) {
      const q: Quote = quotes[k]!;
      const overlap = Math.min(q.end, s.end) - Math.max(q.start, s.start);
      if (overlap > 0) quoted += overlap;
      if (overlap > 0 && (q.speaker || !source)) {
        source = q.speaker ?? source;
        quoteSpeaker = quoteSpeaker || q.speaker !== null;
        quotedNoSpeaker = quotedNoSpeaker || (!q.speaker && q.full);
      }
    }
    let rule = source !== null || quotedNoSpeaker ? 'quote' : 'none';
    if (!source) {
      const att = findAttributions(text, toks, main, toks.length, people, s.paragraph, true).filter((a) => !outletClauseBefore(toks, main, a.cueStart, people));
      if (att.length) ((source = att[0]!.speaker), (rule = `cue:${att[0]!.cue}`));
      // "according to the survey", "the poll found that": a finding that figures after it continue.
      if (att.length && DOCUMENT_NOUNS.test(att[0]!.mention.text.split(/\s+/).pop()!.toLowerCase())) rule = `finding:${att[0]!.cue}`;
    }
    if (!source && (source = labelSpeaker(text, toks, people))) rule = 'label';
    if (!source) {
      // A transcript turn ("PENCE: Gennifer Flowers will not…"): every sentence of it is the speaker's.
      const p = seg.paragraphs[s.paragraph]!;
      const m = TURN_RE.exec(text.slice(p.start, Math.min(p.end, p.start + 40)));
      if (m) ((source = m[1]!), (rule = 'turn'));
    }
    if (!source) {
      let r = reportingClause(text, main ? toks.slice(main) : toks, people, s.paragraph);
      if (r && outletClauseBefore(toks, main, r.cueStart, people)) r = null;
      if (r) ((source = r.speaker), (rule = `clause:${r.cue}`));
      else if (inApostropheQuote(text, seg, si)) rule = 'apostrophe';
      // More figures right after a poll's or study's findings continue them ("Sanders holds a 4-point edge with men…").
      else if (continuesFinding(text, seg, finding, si)) rule = 'continuation';
      reported = r !== null || rule === 'apostrophe' || rule === 'continuation';
      finding.push(r?.finding === true || rule === 'continuation');
    } else finding.push(rule.startsWith('finding:'));
    const attributed = source !== null || quotedNoSpeaker || reported;
    rules.push({ quoted: quoted / Math.max(1, s.end - s.start), quoteSpeaker, attributed });
    out.push({ attributed, source, rule: attributed ? rule : 'none' });
  }
  // Sentences the rules leave unattributed: the attribution model (context, subject and verb classes) decides.
  const features: Array<Record<string, number> | null> = out.map(() => null);
  let live = 0, att = 0, first = 0, withQuotes = 0;
  for (let si = 0; si < rules.length; si++) {
    if (seg.sentences[si]!.boilerplate) continue;
    live++;
    if (rules[si]!.attributed) att++;
    if (rules[si]!.quoted > 0) withQuotes++;
    else if (firstPersonCount(tokens[si]!) > 0) first++;
  }
  const doc = { rate: live ? att / live : 0, firstPerson: live ? first / live : 0, quoted: live ? withQuotes / live : 0, size: Math.log10(1 + live) / 3 };
  const m = ATTRIBUTION_MODEL;
  for (let si = 0; si < out.length; si++) {
    if (rules[si]!.attributed || seg.sentences[si]!.boilerplate) continue;
    if (!withFeatures && m.threshold >= 1) continue;
    if (!continuesSpeech(seg, rules, tokens, si, people)) continue;
    const f = attributionFeatures({ text, toks: tokens[si]!, rules, si, seg, people, doc });
    if (withFeatures) features[si] = f;
    if (attributionScore(f, m.weights) >= m.threshold) ((out[si]!.attributed = true), (out[si]!.rule = 'model'));
  }
  return { sentences: out, features };
}
