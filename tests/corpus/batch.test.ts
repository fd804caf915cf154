// The reading threads' path into the index: documents tokenized into batches (Tokenizer) and appended whole
// (MemoryIndex.addBatch) give the same index as upsert() of each text, and a batch none of whose documents is
// added (an open buffer or a watched-file event won) still maps its new terms, or every later batch's terms
// would point at the wrong ones.
import assert from 'node:assert/strict';
import { MemoryIndex, TermMap, Tokenizer } from '../../server/src/corpus/index';

const towns = ['Marrowby', 'Tallyford', 'Kestrel', 'Ashdown', 'Brennock'];
const texts = Array.from({ length: 60 }, (_, i) => {
  const t = towns[i % towns.length];
  return `Note ${i} from ${t}.\n\nThe ${t} council spent ${i * 13 + 7} thousand euros on the quay${'x'.repeat(i % 7)} in ${1990 + (i % 30)}, the harbour authority said. “We will finish it by June,” Mayor Ruth Ashdown told reporters in ${t}.\n\nUnique word wordno${i}xq appears here.`;
});
const ids = texts.map((_, i) => `file:///ws/n${i}.txt`);
const opts = { top: 3, minScore: 0.2, perDocument: true };

describe('corpus: batches from the reading threads', function () {
  it('appended whole, give the same index as upsert of each text', function () {
    const a = new MemoryIndex();
    texts.forEach((t, i) => a.upsert(ids[i]!, t));
    const b = new MemoryIndex();
    b.upsert('untitled:buffer', 'An open buffer about the Marrowby quay, which the council repaired.');
    const tok = new Tokenizer();
    const map = new TermMap();
    texts.forEach((t, i) => {
      tok.add(ids[i]!, t);
      if (tok.size === 7 || i === texts.length - 1) b.addBatch(tok.take(), map);
    });
    b.remove('untitled:buffer');
    // (The buffer's own terms stay in the dictionary: terms are never removed.)
    assert.deepEqual({ ...b.stats(), terms: 0 }, { ...a.stats(), terms: 0 });
    for (let i = 0; i < texts.length; i += 5) {
      for (const q of [`the wordno${i}xq word`, texts[i]!.split('\n\n')[1]!]) assert.deepEqual(b.search(q, opts), a.search(q, opts), q);
    }
  });

  it('maps the new terms of a batch none of whose documents is added', function () {
    const index = new MemoryIndex();
    const tok = new Tokenizer();
    const map = new TermMap();
    tok.add(ids[0]!, texts[0]!);
    const skipped = tok.take();
    map.sync(index, skipped.newTerms); // what the corpus manager does before deciding which documents to add
    tok.add(ids[1]!, texts[1]!);
    index.addBatch(tok.take(), map);
    assert.equal(index.search('wordno1xq', opts)[0]?.path, ids[1]);
    assert.equal(index.search('wordno0xq', opts).length, 0);
    assert.equal(index.search('Tallyford harbour authority', opts)[0]?.path, ids[1]);
  });
});
