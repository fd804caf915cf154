// The index kept on disk between sessions: the second session reads it, reads again only the files that
// changed, forgets deleted files and the last session's buffers, and ignores a snapshot it cannot read.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { TestClient } from './client';

const DRAFT = 'The harbour commission bought eleven dredging barges from a shipyard in Kestrel Bay last winter.\n';

async function session(dir: string, storage: string, body: (c: TestClient) => Promise<void>): Promise<TestClient> {
  const client = new TestClient({ pull: true, rootUri: URI.file(dir).toString(), storagePath: storage });
  await client.initialize(); // ready comes after the index is read, checked and kept
  try {
    await body(client);
  } finally {
    await client.shutdown();
  }
  return client;
}

/** Every passage of the corpus that shares a word with `text`: "uri|text". */
async function search(c: TestClient, text: string): Promise<string[]> {
  const r: Array<{ uri: string; text: string }> = await c.conn.sendRequest('corroborate/search', { text, top: 50 });
  return r.map((p) => `${p.uri}|${p.text}`);
}
const has = (hits: string[], uriEnd: string, words?: string) => hits.some((h) => h.split('|')[0]!.endsWith(uriEnd) && (!words || h.includes(words)));

describe('index kept between sessions', function () {
  let dir: string;
  let storage: string;

  beforeEach(function () {
    dir = mkdtempSync(path.join(tmpdir(), 'corroborate-keep-'));
    storage = mkdtempSync(path.join(tmpdir(), 'corroborate-storage-'));
    writeFileSync(path.join(dir, 'barges.txt'), 'Minutes: the harbour commission bought eleven dredging barges from the Kestrel Bay shipyard.\n');
    writeFileSync(path.join(dir, 'lighthouse.txt'), 'The lighthouse keeper retired after forty-one years on Gannet Rock.\n');
    writeFileSync(path.join(dir, 'ferry.txt'), 'The night ferry to Orrin Island was cancelled for the whole of February.\n');
  });

  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
    rmSync(storage, { recursive: true, force: true });
  });

  it('is read by the next session, which reads again only changed files and forgets deleted ones and buffers', async function () {
    const first = await session(dir, storage, async (c) => {
      assert.ok(has(await search(c, 'eleven dredging barges Kestrel Bay shipyard'), 'barges.txt'));
      // An untitled buffer is part of this session's corpus only.
      c.open('untitled:Notes-1', 'plaintext', 'Seals were counted on the Morrow sandbanks: two hundred and six of them.\n');
      await c.diagnosticsOf('untitled:Notes-1');
      assert.ok(has(await search(c, 'seals counted Morrow sandbanks'), 'untitled:Notes-1'));
    });
    assert.ok(first.logs.some((m) => m.startsWith('Kept the index')), first.logs.join('\n'));
    assert.equal(readdirSync(storage).filter((f) => f.endsWith('.bin')).length, 1);

    // Between sessions: one file changed (same size would not do: a new time too), one deleted, one added.
    writeFileSync(path.join(dir, 'lighthouse.txt'), 'The lighthouse on Gannet Rock was automated in 1998 and its keeper moved to Pellow.\n');
    utimesSync(path.join(dir, 'lighthouse.txt'), new Date(), new Date(Date.now() + 5000));
    rmSync(path.join(dir, 'ferry.txt'));
    writeFileSync(path.join(dir, 'pier.txt'), 'Storm waves broke the east pier at Pellow in two places.\n');

    const second = await session(dir, storage, async (c) => {
      assert.ok(has(await search(c, 'eleven dredging barges Kestrel Bay shipyard'), 'barges.txt'), 'an unchanged file comes from the kept index');
      const lighthouse = await search(c, 'lighthouse keeper Gannet Rock retired automated');
      assert.ok(has(lighthouse, 'lighthouse.txt', 'automated in 1998'), 'a changed file is read again');
      assert.ok(!lighthouse.some((h) => h.includes('retired')), 'its old text is gone');
      assert.ok(!has(await search(c, 'night ferry Orrin Island cancelled February'), 'ferry.txt'), 'a deleted file is gone');
      assert.ok(has(await search(c, 'storm waves broke the east pier at Pellow'), 'pier.txt'), 'a new file is read');
      assert.ok(!has(await search(c, 'seals counted Morrow sandbanks'), 'untitled:Notes-1'), "the last session's buffer is gone");
      // The draft is corroborated by the kept file, through the whole server path.
      const uri = URI.file(path.join(dir, 'draft.txt')).toString();
      c.open(uri, 'plaintext', DRAFT);
      const diags = await c.diagnosticsOf(uri);
      assert.ok(diags.some((d: any) => d.code === 'uncited-claim' && d.relatedInformation?.[0]?.location.uri.endsWith('barges.txt')), JSON.stringify(diags));
    });
    const read = second.logs.find((m) => m.startsWith('Read the index kept'));
    assert.ok(read, second.logs.join('\n'));
    assert.ok(second.logs.some((m) => /Indexed 3 files .*: 2 read again, 1 removed/.test(m)), second.logs.join('\n'));
  });

  it("keeps the texts it read out of the server's memory: in a session text file until the index is kept, then in the kept index", async function () {
    const texts = (d: string) => readdirSync(d).filter((f) => /^corroborate-texts-\d+-\d+\.bin$/.test(f));
    let pid = 0;
    await session(dir, storage, async (c) => {
      pid = c.proc.pid!;
      // Passages quote the files word for word, whether read from the session file or from the kept index.
      assert.ok(has(await search(c, 'eleven dredging barges Kestrel Bay shipyard'), 'barges.txt', 'Minutes: the harbour commission bought eleven dredging barges from the Kestrel Bay shipyard.'));
      assert.ok(c.logs.some((m) => m.startsWith('Kept the index')), c.logs.join('\n'));
      assert.deepEqual(texts(storage), [], 'the session text file goes once the texts are in the kept index');
    });
    // Without storage the texts wait in a session file in the temporary directory, removed when the server exits.
    const c = new TestClient({ pull: true, rootUri: URI.file(dir).toString() });
    await c.initialize();
    const mine = () => texts(tmpdir()).filter((f) => f.startsWith(`corroborate-texts-${c.proc.pid}-`));
    try {
      assert.ok(has(await search(c, 'lighthouse keeper retired Gannet Rock'), 'lighthouse.txt', 'The lighthouse keeper retired after forty-one years on Gannet Rock.'));
      assert.equal(mine().length, 1, texts(tmpdir()).join(', '));
    } finally {
      await c.shutdown();
    }
    assert.deepEqual(mine(), []);
    assert.ok(pid > 0);
  });

  it('has a buffer opened the moment the next session starts in its index once the workspace is read (kept index and files)', async function () {
    await session(dir, storage, async () => undefined);
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const c = new TestClient({ pull: true, rootUri: URI.file(dir).toString(), storagePath: storage, configurationGate: gate });
    try {
      const asked = c.waitFor('configuration');
      await c.initialize(false);
      // Opened before the server has its settings: not one byte of the kept index is read yet.
      c.open('untitled:Notes-2', 'plaintext', 'Gulls nested on the old signal box at Pellow for the first time in forty years.\n');
      await asked;
      const ready = c.waitFor('status', (p: any) => p.state === 'ready');
      open();
      await ready;
      assert.ok(c.logs.some((m) => m.startsWith('Read the index kept')), c.logs.join('\n'));
      assert.ok(has(await search(c, 'gulls nested old signal box Pellow'), 'untitled:Notes-2'), 'the buffer is in the index: the kept index did not replace it');
      assert.ok(has(await search(c, 'eleven dredging barges Kestrel Bay shipyard'), 'barges.txt'));
    } finally {
      await c.shutdown();
    }
  });

  it('reads every file when the kept index is cut short after its file list', async function () {
    await session(dir, storage, async () => undefined);
    const [bin] = readdirSync(storage).filter((f) => f.endsWith('.bin'));
    const file = path.join(storage, bin!);
    const whole = readFileSync(file);
    // The header line, the file stamps and a little more: the files look unchanged, the index itself is missing.
    const nl = whole.indexOf(10);
    const stamps = whole.readUInt32LE(nl + 1);
    writeFileSync(file, whole.subarray(0, nl + 1 + 4 + stamps + 64));
    const c = await session(dir, storage, async (client) => {
      assert.ok(has(await search(client, 'eleven dredging barges Kestrel Bay shipyard'), 'barges.txt'));
      assert.ok(has(await search(client, 'night ferry Orrin Island cancelled February'), 'ferry.txt'));
    });
    assert.ok(c.logs.some((m) => m.startsWith('Ignored the index kept') && /cut short/.test(m)), c.logs.join('\n'));
  });

  it('ignores a kept index it cannot read and indexes the files', async function () {
    await session(dir, storage, async () => undefined);
    const [bin] = readdirSync(storage).filter((f) => f.endsWith('.bin'));
    writeFileSync(path.join(storage, bin!), 'not an index');
    const c = await session(dir, storage, async (client) => {
      assert.ok(has(await search(client, 'eleven dredging barges Kestrel Bay shipyard'), 'barges.txt'));
    });
    assert.ok(c.logs.some((m) => m.startsWith('Ignored the index kept')), c.logs.join('\n'));
  });
});
