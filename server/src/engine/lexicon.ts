// Word lists. Person names, places, demonyms, honorifics and role nouns come from compromise's own
// lexicon (constant-time look-ups, no tagging pass), kept as data/lexicon.json by scripts/buildLexicon.ts so that
// the server does not build it at each start; the speech cues and news-specific roles are ours.
import lexiconData from './data/lexicon.json';

type Tags = string | string[];
const LEX: Record<string, Tags> = lexiconData.lexicon;
const ORG_WORDS = new Set(lexiconData.orgWords);

const NO_TAGS: readonly string[] = [];
/** Single tags wrapped once, so that look-ups allocate nothing. */
const ONE_TAG = new Map<string, readonly string[]>();
function tagsOf(word: string): readonly string[] {
  const w = word.toLowerCase();
  const t = Object.hasOwn(LEX, w) ? LEX[w] : undefined; // ("constructor" is a word, not Object's)
  if (t === undefined) return NO_TAGS;
  if (Array.isArray(t)) return t;
  let one = ONE_TAG.get(t);
  if (!one) ONE_TAG.set(t, (one = [t]));
  return one;
}

export function hasTag(word: string, tag: string): boolean {
  return tagsOf(word).includes(tag);
}

/** 'm', 'f' or 'u' for a known first name, null otherwise. */
export function firstNameGender(word: string): 'm' | 'f' | 'u' | null {
  const t = tagsOf(word);
  if (t.includes('MaleName')) return 'm';
  if (t.includes('FemaleName')) return 'f';
  if (t.includes('FirstName')) return 'u';
  return null;
}

export function isPlace(word: string): boolean {
  const t = tagsOf(word);
  return t.includes('Place') || t.includes('City') || t.includes('Country') || t.includes('Region');
}

export function isDemonym(word: string): boolean {
  return hasTag(word, 'Demonym');
}

export function isOrgWord(word: string): boolean {
  return ORG_WORDS.has(word.toLowerCase()) || hasTag(word, 'Organization');
}

/** Titles and roles that can precede or follow a name. */
const ROLE_WORDS = new Set(
  `president vice prime minister secretary spokesman spokeswoman spokesperson spokespeople official officials leader chief head
  senator sen rep representative congressman congresswoman governor gov mayor chancellor premier king queen prince princess
  general gen admiral colonel col lieutenant lt major maj captain capt sergeant commander ambassador envoy diplomat minister
  director chairman chairwoman chair ceo cfo founder executive manager adviser advisor aide analyst economist strategist expert
  professor prof researcher scientist doctor dr lawyer attorney judge justice prosecutor candidate nominee contender
  reporter correspondent journalist editor columnist commentator anchor host author writer historian pollster
  deputy assistant member members speaker whip leader mp lawmaker legislator politician campaign manager
  pastor bishop pope rabbi imam cardinal father sister brother mother wife husband son daughter
  coach player owner partner investor activist organizer organiser protester voter resident residents witness witnesses
  mr mrs ms miss mx sir dame lord lady madam
  state foreign defense defence interior finance health press deputy senior former acting interim top then current
  campaign retired rival fellow longtime veteran outgoing incoming`.split(/\s+/),
);

export function isRoleWord(word: string): boolean {
  const w = word.toLowerCase().replace(/\.$/, '');
  return ROLE_WORDS.has(w) || hasTag(w, 'Actor') || hasTag(w, 'Honorific');
}

/** Honorifics dropped from a name ("Mr. Putin" is Putin). */
export function isHonorific(word: string): boolean {
  if (word.toLowerCase() === 'del') return false; // "Del." (delegate) but "Guillermo del Toro"
  const w = word.toLowerCase().replace(/\.$/, '');
  return /^(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|lord|lady|madam|sen|sens|rep|reps|del|gov|gen|lt|col|maj|capt|sgt|adm|rev|hon|pres|president|senator|governor|general|judge|justice|king|queen|prince|princess|pope|secretary|minister|chancellor|premier|mayor|ambassador|director|chairman|coach|father|sister|brother)$/.test(
    w,
  );
}

/** Nominal heads that can be a speaker without a name ("the report", "the newspaper", "the ministry"). */
const SOURCE_NOUNS = new Set(
  `report reports study survey poll analysis statement statements release memo letter email filing document documents paper
  newspaper daily weekly outlet network channel agency agencies ministry department office government administration kremlin
  white house campaign committee commission council court party group organization organisation company firm bank
  spokesman spokeswoman spokesperson official officials source sources aide aides adviser advisers advisor advisors analyst analysts
  expert experts leader leaders president minister secretary senator governor mayor candidate nominee lawmaker lawmakers
  police army military prosecutors prosecutor investigators authorities critics supporters residents witnesses observers
  researchers scientists economists officer officers representatives representative diplomat diplomats ambassador envoy
  website site blog magazine journal broadcaster publication article editorial survey data figures
  person man woman people team staff spokespeople
  city county country nation legislature parliament congress senate house panel board union coalition alliance bloc
  fund foundation institute university school district regime court judge jury federation association`.split(/\s+/),
);

export function isSourceNoun(word: string): boolean {
  const w = word.toLowerCase();
  return SOURCE_NOUNS.has(w) || SOURCE_NOUNS.has(w.replace(/s$/, '')) || hasTag(w, 'Actor');
}

/**
 * Speech and reporting cues. The value says whether the cue can be inverted ("said Peskov") and whether
 * the word right after it is the person addressed ("told reporters") rather than the speaker.
 */
export interface CueInfo {
  invertible: boolean;
  addressee: boolean;
}

const CUE_STEMS: Record<string, CueInfo> = {};
function cues(words: string, info: CueInfo): void {
  for (const w of words.split(/\s+/)) if (w) CUE_STEMS[w] = info;
}
cues(
  `said says say saying added adds adding wrote writes writing asked asks asking continued continues continuing explained explains
  stated states stating noted notes noting remarked remarks replied replies responded responds answered answers recalled recalls
  argued argues insisted insists declared declares announced announces acknowledged acknowledges admitted admits
  asserted asserts affirmed affirms emphasized emphasizes emphasised emphasises stressed stresses warned warns
  claimed claims suggested suggests observed observes concluded concludes tweeted tweets tweeting posted posts
  commented comments confirmed confirms denied denies conceded concedes countered counters quipped quips joked jokes
  cautioned cautions complained complains predicted predicts vowed vows pledged pledges promised promises
  reported reports reporting revealed reveals disclosed discloses testified testifies recounted recounts
  shouted shouts yelled yells whispered whispers mused muses boasted boasts charged charges alleged alleges
  accused accuses blasted blasts slammed slams praised praises criticized criticizes criticised criticises
  urged urges demanded demands reiterated reiterates underscored underscores highlighted highlights
  maintained maintains contended contends lamented laments conceded concede mentioned mentions
  acknowledging insisting arguing explaining noting warning claiming stressing calling called calls
  clarified clarifies wondered wonders exclaimed exclaims agreed agrees disagreed disagrees pointed
  informed informs reaffirmed reaffirms assured assures retorted retorts shared found finds showed shows estimated estimates`,
  { invertible: true, addressee: false },
);
cues(
  `read reads echoed echoes chanted chants chanting proclaimed proclaims proclaiming interjected interjects fumed fumes barked
  remarking declaring suggesting exclaiming recalling adding replying responding predicting conceding
  vented scoffed scoffs sniped snapped cried screamed wrote emailed texted retweeted protested protests pressed thundered`,
  { invertible: true, addressee: false },
);
// Verbs whose object follows them ("called Obama a petulant child", "described the field as"): never inverted.
cues(
  `called calls calling described describes describing labeled labels labelled labeling branded brands dubbed dubs named
  accused accuses accusing blamed blames blaming mocked mocks mocking derided derides ridiculed touted touts hailed hails
  lambasted lambastes denounced denounces dismissed dismisses citing cited cites quoted quotes quoting credited credits
  referred refers referring thanked thanks urged urges urging praised praises praising criticized criticizes criticizing
  criticised criticises blasted blasts blasting slammed slams slamming characterized characterizes characterised
  attacked attacks scolded scolds lauded lauds condemned condemns decried decries applauded applauds`,
  { invertible: false, addressee: false },
);
cues(`told tells telling informed informs assured assures reminded reminds`, { invertible: false, addressee: true });
cues(`according`, { invertible: false, addressee: false });

export function cueInfo(word: string): CueInfo | null {
  return CUE_STEMS[word.toLowerCase()] ?? null;
}

export const PRONOUNS: Record<string, 'm' | 'f' | 'p'> = { he: 'm', she: 'f', they: 'p', him: 'm', her: 'f', them: 'p' };

/** Words that are capitalised but never start a name. */
const NOT_NAME = new Set(
  `the a an this that these those it its he she they we i you his her their our my your in on at to for of by with from as and or but
  if when while after before since though although because however meanwhile yet so also still then there here what who which where why how
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december
  last next earlier later today yesterday tomorrow recently currently despite during until unless one two three several many some all both each
  according speaking asked describing mr mrs ms dr`.split(/\s+/),
);

export function isNameStopWord(word: string): boolean {
  return NOT_NAME.has(word.toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Reporting verbs for sentence attribution: verbs of communication, cognition and stance whose
// subject is the source of the statement ("Clinton questioned…", "polls show…", "He believes…").
// Broader than the quote cues above; a sentence counts as attributed only when one of these is a
// finite verb with a subject (see `reportingClause` in sentenceAttribution.ts). Statements, claims, beliefs and
// accusations only: not plans, wishes, efforts or decisions ("plan", "want", "seek", "discuss", "decide",
// "propose", "endorse"); "expect" only with a that-clause (NEEDS_CLAUSE in cues.ts), which are the outlet's account of what someone intends or does.

/** Irregular forms: base -> other forms. */
const IRREGULAR: Record<string, string[]> = {
  say: ['says', 'said', 'saying'],
  tell: ['tells', 'told', 'telling'],
  write: ['writes', 'wrote', 'written', 'writing'],
  think: ['thinks', 'thought', 'thinking'],
  know: ['knows', 'knew', 'known', 'knowing'],
  speak: ['speaks', 'spoke', 'spoken', 'speaking'],
  find: ['finds', 'found', 'finding'],
  show: ['shows', 'showed', 'shown', 'showing'],
  feel: ['feels', 'felt', 'feeling'],
  hear: ['hears', 'heard', 'hearing'],
  see: ['sees', 'saw', 'seen', 'seeing'],
  read: ['reads', 'reading'],
  teach: ['teaches', 'taught', 'teaching'],
  swear: ['swears', 'swore', 'sworn', 'swearing'],
  forecast: ['forecasts', 'forecasting'],
  foresee: ['foresees', 'foresaw', 'foreseen', 'foreseeing'],
  understand: ['understands', 'understood', 'understanding'],
  mean: ['means', 'meant', 'meaning'],
  bet: ['bets', 'betting'],
  fight: ['fights', 'fought', 'fighting'],
  broadcast: ['broadcasts', 'broadcasting'],
  seek: ['seeks', 'sought', 'seeking'],
  forbid: ['forbids', 'forbade', 'forbidden'],
  undertake: ['undertakes', 'undertook'],
};

/** Regular inflections of a base form (say -> says, said are irregular; "argue" -> argues, argued, arguing). */
function inflect(base: string): string[] {
  if (IRREGULAR[base]) return [base, ...IRREGULAR[base]!];
  const out = [base];
  const cons = /[^aeiou]y$/.test(base);
  out.push(cons ? base.slice(0, -1) + 'ies' : /(?:s|x|z|ch|sh)$/.test(base) ? base + 'es' : base + 's');
  if (/e$/.test(base)) out.push(base + 'd', base.slice(0, -1) + 'ing');
  else if (cons) out.push(base.slice(0, -1) + 'ied', base + 'ing');
  else if (/^(?:[^aeiou]*[aeiou][bdgmnprt]|qu[aeiou][bdgmnprt])$/.test(base) || /(?:mit|fer|pel)$/.test(base)) out.push(base + base.slice(-1) + 'ed', base + base.slice(-1) + 'ing');
  else out.push(base + 'ed', base + 'ing');
  return out;
}

const REPORT_BASES = `say tell state declare announce report claim argue assert contend maintain insist allege
  add note observe remark comment mention explain describe write tweet post publish blog retweet
  ask question wonder inquire query answer reply respond retort counter rebut refute dispute contest contradict challenge
  deny admit acknowledge concede confess confirm reveal disclose divulge leak indicate signal imply hint suggest
  warn caution threaten promise pledge vow swear guarantee assure reassure predict forecast project estimate
  urge demand call plead appeal beg recommend advise
  accuse blame charge criticize criticise condemn denounce decry deplore lambast blast slam rip attack assail scold
  chide rebuke mock ridicule deride dismiss reject repudiate disavow
  praise laud hail applaud commend tout thank credit defend
  complain lament grumble protest object joke quip boast brag gush
  emphasize emphasise stress underscore highlight reiterate repeat echo recall recount remind
  testify swear certify affirm reaffirm clarify elaborate detail outline summarize
  characterize characterise portray depict label brand dub liken compare identify
  believe think feel know hope fear worry doubt suspect guess reckon
  realize realise understand recognize recognise regard deem judge conclude
  agree disagree concur find show prove demonstrate reveal discover learn rule
  fathom imagine envision acknowledge expect anticipate assume presume
  cite quote reference invoke
  shout yell scream whisper mutter exclaim cry chant
  voice rail convey opine
  admire compliment chastise apologize apologise articulate propound reassert pooh-pooh
  endorse propose champion advocate`.split(/\s+/);

const REPORT_FORMS = new Set<string>();
for (const b of REPORT_BASES) if (b) for (const f of inflect(b)) REPORT_FORMS.add(f);

/** A form of a verb of communication, cognition or stance ("questioned", "believes", "argued"). */
export function isReportVerb(word: string): boolean {
  return REPORT_FORMS.has(word.toLowerCase());
}

/** Verbs whose base and -s forms are also common nouns ("a debate", "the plan", "questions"). */
const NOUN_TOO = new Set(
  `report claim comment note remark answer reply question challenge dispute state signal hint warn promise pledge vow
  forecast estimate call plea appeal press demand charge attack blame praise protest joke boast quote reference cite
  detail outline echo cry chant shout whisper tweet post leak blog talk hope fear worry doubt guess wish want need
  find show proof label brand dub rule order count view concern comment notice judge contest study survey poll
  guarantee offer assurance threat plan support aim favor favour decline love hate distrust credit`.split(/\s+/),
);

/** True for the base or -s form of a verb that is also a noun ("questions", "plan"), which needs verb context. */
export function isNounToo(word: string): boolean {
  const w = word.toLowerCase();
  if (NOUN_TOO.has(w)) return true;
  if (/s$/.test(w) && (NOUN_TOO.has(w.slice(0, -1)) || (/es$/.test(w) && NOUN_TOO.has(w.slice(0, -2))) || (/ies$/.test(w) && NOUN_TOO.has(w.slice(0, -3) + 'y')))) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Verb classes for the attribution model's features (attributionFeatures in sentenceAttribution.ts): verbs of stance
// (taking a position on something) and of official acts (what institutions and office-holders do on the record).

const STANCE_BASES = `support oppose favor favour back endorse reject refuse decline embrace advocate seek push propose
  defend attack fight resist welcome admire dislike hate love like target court woo pressure lobby campaign
  pursue tout downplay dismiss ignore avoid dodge evade duck sidestep refuse vow pledge promise threaten insist
  blame credit praise criticize criticise condemn question doubt challenge accuse embrace commit intend plan aim try
  want hope need expect fear worry regret apologize apologise`.split(/\s+/);
const ACT_BASES = `approve veto sign release unveil issue launch file sue order ban vote rule appoint nominate enact pass
  impose lift adopt introduce sponsor block overturn strike uphold repeal reverse award grant deny fund send submit
  publish air broadcast host hold convene schedule cancel subpoena investigate charge indict convict acquit pardon
  sanction authorize authorise announce recommend endorse elect hire fire`.split(/\s+/);
const STANCE_FORMS = new Set<string>();
const ACT_FORMS = new Set<string>();
for (const b of STANCE_BASES) if (b) for (const f of inflect(b)) STANCE_FORMS.add(f);
for (const b of ACT_BASES) if (b) for (const f of inflect(b)) ACT_FORMS.add(f);

/** A verb of stance ("opposes", "backed", "refused"). */
export function isStanceVerb(word: string): boolean {
  return STANCE_FORMS.has(word.toLowerCase());
}

/** A verb of an official act ("approved", "vetoes", "filed", "released"). */
export function isActVerb(word: string): boolean {
  return ACT_FORMS.has(word.toLowerCase());
}
