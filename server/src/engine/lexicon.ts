// Word lists. Person names, places, demonyms, honorifics and role nouns come from compromise's own
// lexicon (constant-time look-ups, no tagging pass); the speech cues and news-specific roles are ours.
import nlp from 'compromise';

type Tags = string | string[];
const model = (nlp as unknown as { model(): { one: { lexicon: Record<string, Tags> }; two: { orgWords: Record<string, unknown> } } }).model();
const LEX = model.one.lexicon;
const ORG_WORDS = model.two.orgWords ?? {};

function tagsOf(word: string): string[] {
  const t = LEX[word.toLowerCase()];
  return t === undefined ? [] : Array.isArray(t) ? t : [t];
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
  return word.toLowerCase() in ORG_WORDS || hasTag(word, 'Organization');
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
  campaign`.split(/\s+/),
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
  person man woman people team staff spokespeople`.split(/\s+/),
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
  attacked attacks scolded scolds lauded lauds`,
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
