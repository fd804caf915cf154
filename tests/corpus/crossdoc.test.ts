// Findings across documents on our own fixtures (tests/fixtures/corroboration, hostile-markup.txt):
// uncited vs unsupported claims, quote-mismatch with its word diff, speaker-mismatch, and hover escaping.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MemoryIndex } from '../../server/src/corpus/index';
import { corroborate } from '../../server/src/corpus/corroborate';
import { defaultSettings } from '../../server/src/settings';
import { renderHover } from '../../server/src/lsp/hover';

const FIX = path.resolve(__dirname, '..', 'fixtures');
const read = (f: string) => readFileSync(path.join(FIX, f), 'utf8');
const uri = (f: string) => 'file://' + path.join(FIX, f);

describe('findings across documents', function () {
  const index = new MemoryIndex();
  for (const f of ['corroboration/a.txt', 'corroboration/b.txt', 'corroboration/c.txt', 'hostile-markup.txt']) index.upsert(uri(f), read(f));
  const report = corroborate(read('corroboration/a.txt'), uri('corroboration/a.txt'), index, defaultSettings());
  const find = (code: string, startsWith: string) => report.findings.find((f) => f.code === code && f.text.replace(/^[“"]/, '').startsWith(startsWith));

  it('corroborates a claim written with other numbers and a transliterated name, and flags the one nobody supports', function () {
    const uncited = find('uncited-claim', 'The Tallyford ferry reopened');
    assert.ok(uncited, report.findings.map((f) => f.code + ' ' + f.text.slice(0, 30)).join('\n'));
    assert.ok(uncited.passages.some((p) => p.path.endsWith('b.txt')));
    assert.ok(uncited.passages.every((p) => !p.path.endsWith('a.txt')), 'never corroborated by itself');
    assert.ok(find('unsupported-claim', 'Ticket sales'));
  });

  it('flags the same quotation worded differently, with a word-level diff', function () {
    const m = find('quote-mismatch', 'We rebuilt the rudder');
    assert.ok(m);
    assert.ok(m.passages[0]!.path.endsWith('c.txt'));
    const changed = m.diff!.filter((d) => d.op !== 'same').map((d) => d.text.toLowerCase());
    assert.ok(changed.some((t) => t.includes('rebuilt')) && changed.some((t) => t.includes('repaired')), JSON.stringify(m.diff));
    assert.ok(!find('speaker-mismatch', 'We rebuilt the rudder'), 'Zoë and Zoe are the same person');
  });

  it('flags the same quotation attributed to someone else', function () {
    const m = find('speaker-mismatch', 'The timetable will be back');
    assert.ok(m);
    assert.equal(m.otherSpeaker, 'Lotte Brand');
  });

  it('does not set a sentence reprinted word for word against itself', function () {
    // The draft's "the mayor" is Tomas Reyes, named in the sentence before; the wire reprints the sentence
    // where nobody is named. The same words with the same attribution are not a speaker mismatch.
    const wire = new MemoryIndex();
    wire.upsert('wire.txt', 'Harbour master Ines Okafor opened the new quay on Monday.\n\n"The ferries will run every hour from the first of May until the autumn storms begin," the mayor said on Tuesday.');
    const draft = 'Mayor Tomas Reyes spoke to the council on Tuesday.\n\n"The ferries will run every hour from the first of May until the autumn storms begin," the mayor said on Tuesday.';
    const r = corroborate(draft, 'draft.txt', wire, defaultSettings());
    const quote = r.findings.find((f) => f.code === 'quote');
    assert.equal(quote?.speaker, 'Tomas Reyes');
    assert.ok(quote.passages.some((p) => p.path === 'wire.txt'), 'the reprint corroborates the quote');
    assert.deepEqual(r.findings.filter((f) => f.code.endsWith('mismatch')).map((f) => f.code), []);
  });

  it('renders text from other documents inertly in hovers', function () {
    const md = renderHover(report.findings);
    assert.ok(md.includes('hostile-markup.txt'), 'the hostile source is among the passages');
    assert.doesNotMatch(md, /\]\(command:/);
    assert.doesNotMatch(md, /\]\(javascript:/i);
    assert.doesNotMatch(md, /<img/i);
    for (const link of md.match(/\]\(([^)]*)\)/g) ?? []) assert.match(link, /^\]\(file:\/\/.*#L\d+\)$/, link);
  });
});

describe('figures across documents', function () {
  const index = new MemoryIndex();
  index.upsert('wire.txt', 'Turnout in the Marrowby by-election reached 20% on Thursday, the returning officer said.\n\nThe harbour fund grew by five percent last year.\n\nThe Marrowby ferry carried 4,100 passengers across the estuary in March.');
  const run = (text: string) => corroborate(text, 'draft.txt', index, defaultSettings());

  it('sees "a fifth" and "20%", "5%" and "five percent" as the same figures', function () {
    const a = run('Turnout in the Marrowby by-election reached a fifth on Thursday.');
    assert.equal(a.claims[0]?.status, 'uncited');
    assert.equal(a.findings[0]?.figures, undefined, 'no disagreement');
    const b = run('The harbour fund grew by 5% last year.');
    assert.equal(b.claims[0]?.status, 'uncited');
  });

  it('another figure in the same place is a contradiction (contradicted-claim), not corroboration', function () {
    const r = run('The Marrowby ferry carried 4,300 passengers across the estuary in March.');
    const f = r.findings.find((x) => x.code === 'contradicted-claim');
    assert.ok(f, r.findings.map((x) => x.code).join());
    assert.equal(f.contradictions?.[0]?.reason, 'figure');
    assert.equal(f.contradictions?.[0]?.detail, '4,100 vs 4,300');
    assert.deepEqual(r.claims[0]?.corroboration, []);
    assert.match(f.message, /^Contradicted by wire\.txt:5: 4,100 there, 4,300 here/);
  });
});
