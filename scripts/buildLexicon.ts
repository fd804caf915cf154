// Builds server/src/engine/data/lexicon.json: compromise's own lexicon (every word with its tags, inflections
// included) and its organisation words, which is all the engine uses of compromise (lexicon.ts looks words up;
// it never runs compromise's tagger). `npx tsx scripts/buildLexicon.ts` after upgrading compromise; a test
// (tests/engine/lexicon.test.ts) fails when the file and the installed compromise differ.
//
// Why a data file rather than the library at run time: compromise builds this lexicon when it is loaded (expanding
// conjugations and inflections), which took about 280 ms of the server's start-up on these machines, and its code
// was a quarter of the server's bundle; the finished lexicon is 0.6 MB of JSON, read in a few milliseconds.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { compromiseLexicon } from '../tests/engine/compromiseLexicon';

const out = path.resolve(__dirname, '..', 'server', 'src', 'engine', 'data', 'lexicon.json');
const data = compromiseLexicon();
writeFileSync(out, JSON.stringify({ generated: 'npx tsx scripts/buildLexicon.ts (compromise ' + data.version + ', MIT); do not edit by hand', ...data }) + '\n');
console.log(`${out}: ${Object.keys(data.lexicon).length} words, ${data.orgWords.length} organisation words`);
