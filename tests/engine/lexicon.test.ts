// The engine's copy of compromise's lexicon (server/src/engine/data/lexicon.json) is the installed compromise's.
import * as assert from 'node:assert/strict';
import lexiconData from '../../server/src/engine/data/lexicon.json';
import { compromiseLexicon } from './compromiseLexicon';
import { firstNameGender, hasTag, isOrgWord, isPlace } from '../../server/src/engine/lexicon';

describe("lexicon: compromise's lexicon kept as data", function () {
  it('is the lexicon of the installed compromise (run `npx tsx scripts/buildLexicon.ts` after an upgrade)', function () {
    const now = compromiseLexicon();
    assert.equal(lexiconData.version, now.version);
    assert.deepEqual(lexiconData.orgWords, now.orgWords);
    assert.deepEqual(lexiconData.lexicon, now.lexicon);
  });

  it('answers the look-ups the engine makes', function () {
    assert.equal(firstNameGender('Margaret'), 'f');
    assert.ok(isPlace('Ohio'));
    assert.ok(hasTag('announced', 'PastTense'));
    assert.equal(firstNameGender('__proto__'), null);
    assert.equal(firstNameGender('toString'), null);
    assert.ok(isOrgWord('university') || isOrgWord('institute'));
  });
});
