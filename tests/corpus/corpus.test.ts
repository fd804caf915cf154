// Corpus index: normalisation and retrieval that see through surface variation; no self-corroboration.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { MemoryIndex } from '../../server/src/corpus/index';
import { normalizeWord, termList } from '../../server/src/corpus/normalize';
import { parseSettings, defaultSettings } from '../../server/src/settings';

describe('normalisation', function () {
  it('folds case, diacritics, transliteration variants, inflection and number words', function () {
    assert.equal(normalizeWord('Zelenskyy'), normalizeWord('Zelensky'));
    assert.equal(normalizeWord('Zelenskiy'), normalizeWord('zelensky'));
    assert.equal(normalizeWord('Kyiv'), normalizeWord('Kiev'));
    assert.equal(normalizeWord('Zoë'), normalizeWord('Zoe'));
    assert.equal(normalizeWord('negotiations'), normalizeWord('negotiating'));
    assert.equal(normalizeWord('households'), normalizeWord('household'));
    assert.deepEqual(termList('five percent'), termList('5%'));
    assert.deepEqual(termList('1,000 homes'), termList('1000 home'));
    assert.equal(normalizeWord('the'), null);
  });
});

describe('tweets as queries', function () {
  it('cuts a web address glued to the word before it', function () {
    assert.deepEqual(termList('#FloodRelief https://t.co/AbC123'), termList('#FloodRelief'));
    assert.deepEqual(termList('#FloodReliefhttps://t.co/AbC123'), termList('#FloodRelief'));
    assert.deepEqual(termList('the river rose #Floodpic.twitter.com/XyZ987'), termList('the river rose #Flood'));
  });

  it('leaves the day of the month of a pasted signature out of the query', function () {
    const index = new MemoryIndex();
    index.upsert('a.txt', 'On 14 March 2021 the council closed the bridges.');
    const tweet = 'The council closed the bridges again — Jane Roe (@janeroe) March 14, 2021';
    const matched = index.search(tweet, { top: 1 })[0]?.matched ?? [];
    assert.ok(matched.includes(normalizeWord('March')!) && matched.includes('2021'));
    assert.ok(!matched.includes('14'));
    // Without a signature, the number counts.
    assert.ok(index.search('The council closed the bridges on March 14, 2021', { top: 1 })[0]?.matched?.includes('14'));
  });
});

describe('retrieval', function () {
  const index = new MemoryIndex();
  index.upsert('a.txt', 'The harbour authority said five percent of the pumps failed during the storm.\n\nThe mayor visited the school.');
  index.upsert('b.txt', 'Officials confirmed that 5% of pumps had failed in the storm, according to the Harbour Authority.\n\nTicket prices rose.');
  index.upsert('c.txt', 'President Volodymyr Zelenskyy met the envoy in Kiev.');

  it('finds the same fact in other words and never returns the querying document', function () {
    const r = index.search('Five percent of the pumps failed during the storm.', { top: 5, exclude: 'a.txt' });
    assert.equal(r[0]?.path, 'b.txt');
    assert.ok(r.every((p) => p.path !== 'a.txt'));
    assert.ok(r[0]!.score > 0 && r[0]!.score <= 1);
    assert.ok(r[0]!.matched!.length >= 3);
  });

  it('matches transliterated names and places', function () {
    const r = index.search('Zelensky met the envoy in Kyiv', { top: 1 });
    assert.equal(r[0]?.path, 'c.txt');
    assert.ok(r[0]!.score > 0.5);
  });

  it('forgets removed documents and replaces updated ones', function () {
    const i2 = new MemoryIndex();
    i2.upsert('x.txt', 'The bridge reopened in June after repairs.');
    const v = i2.version;
    i2.upsert('x.txt', 'The stadium closed in May.');
    assert.ok(i2.version > v);
    assert.equal(i2.search('bridge reopened', { top: 3 }).length, 0);
    i2.remove('x.txt');
    assert.equal(i2.search('stadium closed', { top: 3 }).length, 0);
    assert.equal(i2.stats().documents, 0);
  });
});

describe('settings', function () {
  it('validates with zod: an invalid value names its setting and only it falls back', function () {
    const r = parseSettings({ claims: { threshold: 'high' }, corroboration: { threshold: 0.5 }, severity: { quote: 'loud' } });
    assert.equal(r.settings['claims.threshold'], defaultSettings()['claims.threshold']);
    assert.equal(r.settings['corroboration.threshold'], 0.5);
    assert.equal(r.problems.length, 2);
    assert.match(r.problems[0]!, /corroborate\.claims\.threshold/);
    assert.match(r.problems[1]!, /corroborate\.severity\.quote/);
  });

  it('package.json contributes exactly the declared settings, and schemas/corroborate.schema.json matches them (no drift)', function () {
    const root = path.resolve(__dirname, '..', '..');
    execFileSync(process.execPath, [path.join(root, 'dist', 'scripts', 'genPackage.js'), '--check', path.join(root, 'package.json')]);
  });
});
