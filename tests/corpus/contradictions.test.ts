// Corroborate or contradict (SPEC): a passage that reports the same thing differently is a contradiction, never
// corroboration; the same figure in another form, a rounding, added detail or another stage of the story is not.
// Own fixture text (tests/fixtures/contradictions): a draft, a wire copy that disagrees with it in each way, and a
// paper that reports the same facts in other forms.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { compareClaim, figuresAgree, opposite } from '../../server/src/corpus/contradict';
import { corroborate } from '../../server/src/corpus/corroborate';
import { MemoryIndex } from '../../server/src/corpus/index';
import { makeCodeActionHandler } from '../../server/src/lsp/codeActions';
import { toDiagnostics } from '../../server/src/lsp/diagnostics';
import { makeHoverHandler } from '../../server/src/lsp/hover';
import { markdownToPlain } from '../../server/src/lsp/markdown';
import { defaultSettings } from '../../server/src/settings';

const DIR = path.resolve(__dirname, '..', 'fixtures', 'contradictions');
const read = (f: string) => readFileSync(path.join(DIR, f), 'utf8');

describe('corroborate or contradict', function () {
  const DRAFT = read('draft.md');
  const index = new MemoryIndex();
  index.upsert('wire.txt', read('wire.txt'));
  index.upsert('courier.txt', read('courier.txt'));
  const settings = defaultSettings();
  const report = corroborate(DRAFT, 'draft.md', index, settings);
  const claim = (prefix: string) => {
    const c = report.claims.find((x) => x.text.startsWith(prefix));
    assert.ok(c, `no claim starting "${prefix}"; claims:\n${report.claims.map((x) => x.text.slice(0, 60)).join('\n')}`);
    return c;
  };

  const CHANGED: Array<[string, string, string]> = [
    ['Fourteen people were taken', 'figure', 'Twelve vs Fourteen'],
    ['The Tallyford council approved', 'date', 'Thursday vs Monday'],
    ['The ferry operator has paid', 'negation', 'has not vs has'],
    ['Passenger numbers on the Marrowby', 'antonym', 'fell vs rose'],
    ['Harbour master Marta Lind', 'actor', 'Joe Brandt vs Marta Lind'],
    ['The damaged Marrowby ferry was towed', 'place', 'Glasgow vs Dover'],
  ];
  for (const [prefix, reason, detail] of CHANGED) {
    it(`${reason}: the wire copy contradicts "${prefix}…" and does not corroborate it`, function () {
      const c = claim(prefix);
      const wire = c.contradictions.find((p) => p.path === 'wire.txt');
      assert.ok(wire, `not contradicted by wire.txt: ${JSON.stringify(c.contradictions)}`);
      assert.equal(wire.reason, reason);
      assert.equal(wire.detail, detail);
      assert.ok(!c.corroboration.some((p) => p.path === 'wire.txt'), 'the contradicting passage is listed as corroboration');
      const f = report.findings.find((x) => x.code === 'contradicted-claim' && x.start === c.start);
      assert.ok(f, 'no contradicted-claim finding');
      assert.match(f.message, /^Contradicted by wire\.txt:\d+: /);
      // Neither an uncited nor an unsupported finding on the same sentence: the contradiction is the news.
      assert.ok(!report.findings.some((x) => x.start === c.start && (x.code === 'uncited-claim' || x.code === 'unsupported-claim')));
    });
  }

  it('an attributed claim is contradicted too ("the coastguard said" 14 / 12), and stays attributed', function () {
    const c = claim('Fourteen people were taken');
    assert.equal(c.status, 'attributed');
    assert.equal(c.contradictions[0]!.reason, 'figure');
  });

  const AGREE = [
    'Turnout in the harbour ward', // five percent / 5%
    'A fifth of the fishing fleet', // a fifth / 20%
    'Two dozen volunteers', // two dozen / 24
    'The repairs will cost', // $1.2 billion / 1.2bn dollars
    'About 1,200 homes', // about 1,200 / 1,187
    'The ferry struck the pier', // the passage adds detail
    'Marta Lind did not close', // surname only; didn't / did not
  ];
  for (const prefix of AGREE) {
    it(`the same fact in another form corroborates "${prefix}…" and contradicts nothing`, function () {
      const c = claim(prefix);
      assert.deepEqual(c.contradictions, [], JSON.stringify(c.contradictions));
      assert.ok(c.corroboration.some((p) => p.path === 'courier.txt'), `courier.txt does not corroborate: ${JSON.stringify(c.corroboration.map((p) => [p.path, p.score]))}`);
      assert.ok(!report.findings.some((x) => x.code === 'contradicted-claim' && x.start === c.start));
    });
  }

  it('another stage of the story with its own date is no contradiction', function () {
    const c = compareClaim('The Tallyford council approved the harbour repair plan on Monday after a two-hour debate.', "The council will vote on the harbour plan's second phase on Thursday.");
    assert.equal(c.contradiction, null);
    const d = compareClaim('The council approved the harbour plan on Monday.', 'The council approved the harbour plan on Monday, and work on the second phase begins on Thursday.');
    assert.equal(d.contradiction, null);
  });

  it('the diagnostic relates the contradicting passage; the hover shows both wordings and links the line; no Cite for it', function () {
    const doc = TextDocument.create('file:///ws/draft.md', 'markdown', 1, DRAFT);
    const c = claim('Passenger numbers on the Marrowby');
    const diags = toDiagnostics(doc, report.findings, settings);
    const d = diags.find((x) => x.code === 'contradicted-claim' && doc.offsetAt(x.range.start) === c.start);
    assert.ok(d);
    assert.equal(d.severity, 2);
    assert.match(d.relatedInformation![0]!.message, /^Reported differently in wire\.txt:\d+ \(antonym: fell vs rose\)/);
    assert.equal((d.data as { passages: unknown[] }).passages.length, c.corroboration.length);
    const hover = makeHoverHandler({ document: () => doc, report: () => report })({ textDocument: { uri: doc.uri }, position: doc.positionAt(c.start + 3) });
    const md = (hover!.contents as { value: string }).value;
    assert.match(md, /\*\*Contradicted claim\*\*/);
    assert.match(md, /\[wire\\\.txt:\d+\]\(wire\.txt#L\d+\) says the opposite: fell vs rose/);
    assert.match(md, /~~rose~~ \*\*fell\*\*/);
    assert.doesNotMatch(markdownToPlain(md), /~~|\*\*/);
    const actions = makeCodeActionHandler({ document: () => doc, settings: () => settings })({ textDocument: { uri: doc.uri }, range: d.range, context: { diagnostics: [d] } });
    assert.deepEqual(actions.map((a) => a.title), ['Mark as checked']);
  });

  it('figures agree across forms and within the documented rounding', function () {
    const f = (value: number, unit: 'pct' | 'money' | 'count' = 'count', hedged = false) => ({ value, unit, hedged, raw: String(value) });
    assert.ok(figuresAgree(f(1200), f(1187)));
    assert.ok(figuresAgree(f(40, 'pct', true), f(38, 'pct')));
    assert.ok(!figuresAgree(f(100, 'money', true), f(200, 'money')));
    assert.ok(!figuresAgree(f(5), f(10)));
    assert.ok(!figuresAgree(f(12), f(14)));
    assert.ok(!figuresAgree(f(1200), f(1100)));
    for (const [a, b] of [
      ['Turnout was five percent.', 'Turnout was 5 per cent.'],
      ['Half of the boats were damaged by the storm on the coast.', '50% of the boats were damaged by the storm on the coast.'],
      ['The firm raised $1.2 billion from investors in the city last year.', 'The firm raised 1.2 billion dollars from investors in the city last year.'],
      ['Twenty-one boats of the Tallyford fleet were damaged by the storm on the coast.', '21 boats of the Tallyford fleet were damaged by the storm on the coast.'],
    ] as const) {
      assert.equal(compareClaim(a, b).contradiction, null, `${a} / ${b}`);
    }
    assert.equal(compareClaim('Twenty-one boats of the Tallyford fleet were damaged by the storm on the coast.', 'Thirty-one boats of the Tallyford fleet were damaged by the storm on the coast.').contradiction?.reason, 'figure');
  });

  it('formulas that recur across unrelated stories, short lines and reordered names are no contradiction', function () {
    for (const [a, b] of [
      ['The margin of sampling error is plus or minus four percentage points.', 'The margin of sampling error is plus or minus three percentage points.'],
      ['The harbour board did not respond to a request for comment.', 'The ferry company did not respond to a request for comment.'],
      ['4:40 p.m.:', '9:40 p.m.'],
      ['Lind will pick up at least 14.', 'Lind will pick up at least 45.'],
      ['If you do not want Lind or Brandt to chair the board, back Priya Nandi.', 'If you do not want Joe Brandt or Marta Lind to chair the board, back Priya Nandi.'],
      ['Many of the clubs let non-members play on the Tallyford course for a fee.', 'Many of the clubs let nonmembers play on the Tallyford course for a fee.'],
      ['The Asawitri group posted the video from its 335th account on Tuesday night.', 'The Asawitiri group posted the video from its 335th account on Tuesday night.'],
    ] as const) {
      assert.equal(compareClaim(a, b).contradiction, null, `${a} / ${b}`);
    }
  });

  it('opposites come with their inflections, and "not only" or a word added is not a negation', function () {
    assert.ok(opposite('rose', 'fell'));
    assert.ok(opposite('won', 'lost'));
    assert.ok(opposite('confirmed', 'denied'));
    assert.ok(opposite('likely', 'unlikely'));
    assert.ok(!opposite('said', 'told'));
    assert.equal(compareClaim('The mayor said the bridge would reopen in the spring after repairs.', 'The mayor told reporters the bridge would reopen in the spring after repairs.').contradiction, null);
  });
});
