// The index kept on disk (persist.ts), in-process: the documents' texts stay in the file and are read on demand.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MemoryIndex } from '../../server/src/corpus/index';
import { openSnapshot, readSnapshot, writeSnapshot } from '../../server/src/corpus/persist';

const DOCS: Record<string, string> = {
  'file:///ws/harbour.md': 'The harbour commission said freight volumes at Tallyford rose 18 percent in 2024.\n\nDredging of the northern channel will cost an estimated 42 million euros over four years.\n',
  'file:///ws/council.txt': 'The town council voted 7–2 on Tuesday to publish quarterly figures on ship arrivals — “every quarter, without fail,” the mayor said.\n',
  'file:///ws/wire.txt': 'Customs officers now process declarations overnight, the agency’s director told reporters in Tallyford on Monday.\n',
};
const QUERIES = ['freight volumes at Tallyford rose 18 percent', 'publish quarterly figures on ship arrivals', 'customs declarations processed overnight'];
const opts = { top: 3, minScore: 0.2 };

function build(): MemoryIndex {
  const idx = new MemoryIndex();
  for (const [id, text] of Object.entries(DOCS)) idx.upsert(id, text);
  return idx;
}

describe('index kept on disk: texts read on demand', function () {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'corroborate-persist-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a restored index finds and quotes the same passages, non-Latin text included, and reads the texts from the file', async function () {
    const a = build();
    const snap = path.join(dir, 'index-0123456789abcdef.bin');
    await writeSnapshot(snap, a, new Map());
    const b = new MemoryIndex();
    assert.equal(typeof (await readSnapshot(snap, b)), 'object');
    for (const q of QUERIES) {
      const want = build().search(q, opts);
      assert.ok(want.length > 0, q);
      assert.deepEqual(b.search(q, opts), want);
      // The index that was kept reads its texts from the file it wrote, with the same results.
      assert.deepEqual(a.search(q, opts), want);
    }
    assert.ok(b.search('every quarter, without fail', opts)[0]!.text.includes('“every quarter, without fail,” the mayor said'));
    a.dispose();
    b.dispose();
  });

  it('keeps documents changed after a restore in memory, and writes them into the next snapshot', async function () {
    const snap = path.join(dir, 'index-0123456789abcdef.bin');
    await writeSnapshot(snap, build(), new Map());
    const b = new MemoryIndex();
    await readSnapshot(snap, b);
    b.upsert('file:///ws/wire.txt', 'Customs officers stopped processing declarations overnight, the agency said on Friday.\n');
    b.remove('file:///ws/council.txt');
    assert.match(b.search('customs declarations overnight', opts)[0]!.text, /stopped processing/);
    // Written again over the file it reads from: the texts it still reads from there are carried over.
    await writeSnapshot(snap, b, new Map());
    const c = new MemoryIndex();
    await readSnapshot(snap, c);
    assert.match(c.search('customs declarations overnight', opts)[0]!.text, /stopped processing/);
    assert.match(c.search('freight volumes at Tallyford', opts)[0]!.text, /rose 18 percent/);
    assert.equal(c.search('publish quarterly figures on ship arrivals', opts).length, 0);
    b.dispose();
    c.dispose();
  });

  it('keeps a larger index exactly, its arrays written narrower where every value fits', async function () {
    // 400 documents of 300 words from a 3,000-word vocabulary: over 65,536 term occurrences and postings.
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const vocab = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}x${'bcdfg'[i % 5]}`);
    const a = new MemoryIndex();
    for (let d = 0; d < 400; d++) {
      const sentences: string[] = [];
      for (let k = 0; k < 20; k++) sentences.push(Array.from({ length: 15 }, () => vocab[Math.floor(rnd() ** 2 * vocab.length)]).join(' ') + '.');
      a.upsert(`file:///ws/d${d}.txt`, sentences.join(' ') + '\n');
    }
    const snap = path.join(dir, 'index-0123456789abcdef.bin');
    await writeSnapshot(snap, a, new Map());
    const b = new MemoryIndex();
    assert.equal(typeof (await readSnapshot(snap, b)), 'object');
    for (let q = 0; q < 20; q++) {
      const query = Array.from({ length: 8 }, () => vocab[Math.floor(rnd() * 300)]).join(' ');
      assert.deepEqual(b.search(query, { top: 10 }), a.search(query, { top: 10 }), query);
    }
    a.dispose();
    b.dispose();
  });

  it('writes a few milliseconds at a time when given a pause, and stops when the pause says so, leaving the kept file as it was', async function () {
    const snap = path.join(dir, 'index-0123456789abcdef.bin');
    let pauses = 0;
    const slow = async () => {
      pauses++;
      await new Promise((r) => setImmediate(r));
      return true;
    };
    const big = build();
    for (let d = 0; d < 300; d++) big.upsert(`file:///ws/n${d}.txt`, `Note ${d}: the tide gauge at berth ${d % 40} read ${(d * 7) % 300} centimetres on day ${d % 365}.\n`.repeat(5));
    // (A pause after every piece here: the server pauses after some milliseconds of work.)
    assert.ok((await writeSnapshot(snap, big, new Map(), slow, 0))! > 0);
    assert.ok(pauses > 300, `${pauses} pauses`);
    const kept = readFileSync(snap);
    assert.equal(await writeSnapshot(snap, build(), new Map(), async () => false, 0), null);
    assert.deepEqual(readFileSync(snap), kept, 'a stopped write leaves the kept file as it was');
    assert.deepEqual(readdirSync(dir), ['index-0123456789abcdef.bin'], 'and no temporary file');
    const b = new MemoryIndex();
    await readSnapshot(snap, b);
    assert.match(b.search('tide gauge at berth 12', { top: 1 })[0]!.text, /^Note \d+: the tide gauge at berth 12/);
    big.dispose();
    b.dispose();
  });

  it('refuses a file whose texts are cut short or padded', async function () {
    const snap = path.join(dir, 'index-0123456789abcdef.bin');
    await writeSnapshot(snap, build(), new Map());
    const whole = readFileSync(snap);
    for (const bad of [Buffer.concat([whole.subarray(0, whole.length - 8 - 6), whole.subarray(whole.length - 8)]), Buffer.concat([whole.subarray(0, whole.length - 8), Buffer.from('xx'), whole.subarray(whole.length - 8)])]) {
      writeFileSync(snap, bad);
      const opened = await openSnapshot(snap);
      if (typeof opened === 'object') {
        const idx = new MemoryIndex();
        assert.equal(await opened.restore(idx), false);
        assert.equal(idx.search('freight volumes at Tallyford', opts).length, 0, 'the index is left as it was');
      } else assert.equal(opened, 'unreadable');
    }
    assert.ok(statSync(snap).size > 0);
  });
});
