// Every quote and every claim is corroborated, attributed or not (SPEC, "Corroboration"), and no finding says
// that the workspace lacks support while it is still being read (SPEC, "No verdict before the workspace is read").
// Own fixture text: two outlets reporting a harbour council's session.
import assert from 'node:assert/strict';
import { MemoryIndex } from '../../server/src/corpus/index';
import { corroborate } from '../../server/src/corpus/corroborate';
import { defaultSettings } from '../../server/src/settings';
import { makeHoverHandler, renderHover } from '../../server/src/lsp/hover';
import { TextDocument } from 'vscode-languageserver-textdocument';

const DRAFT = [
  'Harbour council chair Marta Lindqvist said on Tuesday that the Tallyford ferry would lose its subsidy of 4.2 million kroner next spring.',
  '',
  '“We cannot keep a boat afloat that carries eleven passengers a day in winter,” Lindqvist told the council.',
  '',
  'The council also voted on Tuesday to close the old grain pier at Nordvik, which was built in 1923 and has nine cracked pilings.',
  '',
  'The Tallyford lighthouse was painted red and white in 1911 by a crew of four brothers from Vestby.',
].join('\n');

const WIRE = [
  'The chair of the harbour council, Marta Lindqvist, announced on Tuesday that the ferry to Tallyford will lose its 4.2 million kroner subsidy next spring.',
  '',
  '“We cannot keep a boat afloat that carries eleven passengers a day in winter,” she said.',
  '',
  'The old grain pier at Nordvik, built in 1923, will close: the council voted for it on Tuesday because nine of its pilings are cracked.',
].join('\n');

describe('every quote and every claim is corroborated', function () {
  const index = new MemoryIndex();
  index.upsert('wire.txt', WIRE);
  index.upsert('draft.txt', DRAFT);
  const settings = defaultSettings();
  const report = corroborate(DRAFT, 'draft.txt', index, settings);
  const claim = (prefix: string) => report.claims.find((c) => c.text.startsWith(prefix));

  it('lists the other document that reports an attributed claim, and the claim stays attributed (no finding)', function () {
    const c = claim('Harbour council chair Marta Lindqvist said');
    assert.ok(c, report.claims.map((x) => `${x.status} ${x.text.slice(0, 40)}`).join('\n'));
    assert.equal(c.status, 'attributed');
    assert.deepEqual(c.corroboration.map((p) => p.path), ['wire.txt']);
    assert.ok(!report.findings.some((f) => f.start === c.start && f.code.endsWith('claim')), 'an attributed claim is not a finding of its own');
  });

  it('says in the quote message where else the quotation appears, and where it does not', function () {
    const q = report.findings.find((f) => f.code === 'quote');
    assert.ok(q);
    assert.match(q.message, /^Quote attributed to Marta Lindqvist.*; also in 1 document$/);
    assert.deepEqual(q.passages.map((p) => p.path), ['wire.txt']);
    const alone = corroborate(DRAFT, 'draft.txt', null, settings).findings.find((f) => f.code === 'quote');
    assert.match(alone!.message, /; in no other document$/);
  });

  it('corroborates the outlet claim the wire reports, and leaves the one nobody reports unsupported', function () {
    assert.equal(claim('The council also voted')?.status, 'uncited');
    assert.equal(claim('The Tallyford lighthouse')?.status, 'unsupported');
  });

  it('the hover of an attributed claim says who else reports it, with a link to the line', function () {
    const doc = TextDocument.create('draft.txt', 'plaintext', 1, DRAFT);
    const r = corroborate(DRAFT, doc.uri, index, settings);
    const hover = makeHoverHandler({ document: () => doc, report: () => r })({ textDocument: { uri: doc.uri }, position: { line: 0, character: 30 } });
    const md = (hover?.contents as { value: string }).value;
    assert.match(md, /Attributed claim/);
    assert.match(md, /Also reported by 1 document:/);
    assert.ok(md.includes('[wire\\.txt:1](wire.txt#L1)'), md);
  });

  it('while the workspace is being read: no claim is unsupported, messages say how far reading is, hovers say the index is incomplete', function () {
    const empty = new MemoryIndex();
    const progress = { read: 3400, total: 10000 };
    const r = corroborate(DRAFT, 'draft.txt', empty, settings, undefined, { progress });
    assert.ok(r.claims.length > 0);
    assert.ok(!r.claims.some((c) => c.status === 'unsupported'), r.claims.map((c) => c.status).join());
    const lighthouse = r.findings.find((f) => f.text.startsWith('The Tallyford lighthouse'));
    assert.equal(lighthouse?.code, 'uncited-claim');
    assert.match(lighthouse.message, /\(checking the workspace: 3,400 of 10,000 files read\)$/);
    assert.deepEqual(lighthouse.passages, [], 'nothing to cite yet');
    assert.match(r.findings.find((f) => f.code === 'quote')!.message, /in no other document yet \(checking the workspace: 3,400 of 10,000 files read\)$/);
    assert.match(renderHover(r.findings, [], r.progress), /index is incomplete/);
    const counting = corroborate(DRAFT, 'draft.txt', empty, settings, undefined, { progress: { read: 0, total: null } });
    assert.match(counting.findings.find((f) => f.code === 'uncited-claim')!.message, /\(checking the workspace: 0 files read\)$/);
  });
});
