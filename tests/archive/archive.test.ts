// The shared archive against a real PostgreSQL server (a private cluster, tests/archive/cluster.ts): ingest,
// search on the in-memory index's scale, idempotence, two ingests at once, an ingest killed between batches,
// an unreachable server, and a language server whose hover shows an archive passage and which keeps working
// when the server stops mid-session. Skipped, with a message, only when PostgreSQL is not installed.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { readPostings } from '../../server/src/corpus/archive/codec';
import { MemoryIndex } from '../../server/src/corpus/index';
import { parseWorkspaceConfig } from '../../server/src/workspaceConfig';
import { claimReviewLd } from '../formats/fixtures';
import { CLI, TestClient } from '../lsp/client';
import { startCluster, type Cluster } from './cluster';

const TOWNS = ['Marlow', 'Kestrel Bay', 'Ashford Vale', 'Dunmore', 'Pellingham', 'Greywater', 'Oakhurst', 'Brackenridge'];
const TOPICS = ['ferry terminal', 'water treatment plant', 'library extension', 'tram depot', 'flood barrier', 'bus interchange', 'sports hall', 'market hall'];

/** A short news article of our own, different for each `i`. */
function article(i: number): string {
  const town = TOWNS[i % TOWNS.length]!;
  const topic = TOPICS[(i * 3) % TOPICS.length]!;
  const cost = 10 + ((i * 7) % 90);
  return [
    `${town} council approves ${topic} plan ${i}`,
    '',
    `The ${town} council voted on Tuesday to spend ${cost} million pounds on the ${topic}, item ${i} of its capital programme.`,
    `Councillor Ines Marwood said the ${topic} would open within ${2 + (i % 5)} years if the contractor kept to schedule.`,
    `Residents of ward ${i} had petitioned for the work since ${1990 + (i % 30)}, according to the council's minutes.`,
    '',
  ].join('\n');
}

const HARBOUR = `Harbour inquiry reports

The inquiry found that the Saltmarsh harbour dredging contract overran its budget by 43 percent in its final year.
Engineers told the inquiry that silt from the Wyndle estuary had doubled since the breakwater was rebuilt.
`;

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function writeArticles(dir: string, from: number, to: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = from; i < to; i++) writeFileSync(path.join(dir, `a${String(i).padStart(4, '0')}.txt`), article(i));
}

/** The archive's own bookkeeping agrees with its rows (what a killed or concurrent ingest must keep true). */
function assertConsistent(c: Cluster, db: string): { documents: number; passages: number } {
  const q = (sql: string) => c.sql(db, sql).trim();
  const [sd, sp, sl] = q('SELECT documents, passages, total_len FROM corroborate_stats').split('|').map(Number);
  assert.equal(Number(q('SELECT count(*) FROM corroborate_documents')), sd, 'documents counted');
  assert.equal(Number(q('SELECT count(*) FROM corroborate_passages')), sp, 'passages counted');
  assert.equal(Number(q('SELECT coalesce(sum(n_passages), 0) FROM corroborate_documents')), sp, 'each document has its passages');
  assert.equal(Number(q('SELECT coalesce(sum(n_terms), 0) FROM corroborate_passages')), sl, 'term occurrences counted');
  // Every term's passage frequency is the number of live postings that hold it (replaced documents' are dead).
  const dead = q('SELECT first_pid, n FROM corroborate_dead')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('|').map(Number) as [number, number]);
  let live = 0;
  for (const line of q(`SELECT first_pid, replace(encode(data, 'base64'), E'\\n', '') FROM corroborate_postings`).split('\n').filter(Boolean)) {
    const [first, b64] = line.split('|');
    readPostings(Buffer.from(b64!, 'base64'), Number(first), (pid) => {
      if (!dead.some(([f, n]) => pid >= f && pid < f + n)) live++;
    });
  }
  assert.equal(Number(q('SELECT coalesce(sum(df), 0) FROM corroborate_terms')), live, 'term frequencies match the postings');
  return { documents: sd!, passages: sp! };
}

describe('shared archive (PostgreSQL)', function () {
  this.timeout(120_000);
  let cluster: Cluster | null = null;
  let tmp = '';
  let dbCount = 0;
  const newDb = async () => {
    const name = `archive${++dbCount}`;
    return { name, url: await cluster!.createDatabase(name) };
  };

  before(async function () {
    cluster = await startCluster();
    if (!cluster) {
      console.log('    (PostgreSQL is not installed: apt-get install postgresql, as .ci/run does; archive tests skipped)');
      this.skip();
    }
    tmp = mkdtempSync(path.join(tmpdir(), 'corroborate-archive-'));
  });

  after(() => {
    cluster?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('ingests a folder, ranks its passages as the in-memory index does, and marks them archive: true', async () => {
    const dir = path.join(tmp, 'desk');
    writeArticles(dir, 0, 30);
    writeFileSync(path.join(dir, 'harbour.txt'), HARBOUR);
    writeFileSync(path.join(dir, 'binary.txt'), Buffer.from([0, 1, 2, 3, 0, 255]));
    const { url } = await newDb();
    const ing = cli(['archive', 'ingest', '--db', url, dir]);
    assert.equal(ing.code, 0, ing.err);
    assert.match(ing.out, /32 files: 31 added, 0 updated, 0 unchanged, 1 skipped/);
    assert.match(ing.err, /skipped .*binary\.txt: binary file/);
    assert.match(ing.err, /schema created \(version 2\)/);
    const stats = cli(['archive', 'stats', '--db', url, '--format', 'json']);
    assert.equal(stats.code, 0, stats.err);
    const s = JSON.parse(stats.out);
    assert.equal(s.schema, 2);
    assert.equal(s.documents, 31);
    for (const query of ['harbour dredging contract overran its budget by 43 percent', 'Kestrel Bay council flood barrier', 'Councillor Ines Marwood contractor schedule ward 12']) {
      const local = JSON.parse(cli(['search', '--corpus', dir, '--format', 'json', '--top', '5', query]).out).results;
      const r = cli(['search', '--archive', url, '--format', 'json', '--top', '5', query]);
      assert.equal(r.code, 0, r.err);
      const remote = JSON.parse(r.out).results;
      assert.ok(remote.length > 0, query);
      assert.ok(remote.every((p: { archive?: boolean }) => p.archive === true));
      // Same documents, same order, same scores and offsets as the in-memory index of the same files.
      assert.deepEqual(
        remote.map((p: any) => [p.path, p.start, p.end, p.line, p.score, p.text]),
        local.map((p: any) => [p.path, p.start, p.end, p.line, p.score, p.text]),
      );
    }
    const best = JSON.parse(cli(['search', '--archive', url, '--format', 'json', 'how much did the harbour dredging overrun']).out).results[0];
    assert.match(best.path, /harbour\.txt$/);
    assert.match(best.text, /43 percent/);
  });

  it('is idempotent by content: unchanged files are skipped, a changed file replaces its old passages', async () => {
    const dir = path.join(tmp, 'idem');
    writeArticles(dir, 100, 110);
    const { name, url } = await newDb();
    assert.match(cli(['archive', 'ingest', '--db', url, dir]).out, /10 added, 0 updated, 0 unchanged/);
    const before = assertConsistent(cluster!, name);
    assert.match(cli(['archive', 'ingest', '--db', url, dir]).out, /0 added, 0 updated, 10 unchanged/);
    assert.deepEqual(assertConsistent(cluster!, name), before);
    writeFileSync(path.join(dir, 'a0103.txt'), HARBOUR);
    assert.match(cli(['archive', 'ingest', '--db', url, dir]).out, /0 added, 1 updated, 9 unchanged/);
    assertConsistent(cluster!, name);
    const gone = JSON.parse(cli(['search', '--archive', url, '--format', 'json', 'residents of ward 103 petitioned']).out).results;
    assert.ok(!gone.some((p: any) => /a0103/.test(p.path) && /ward 103/.test(p.text)), 'the old text is gone');
    const found = JSON.parse(cli(['search', '--archive', url, '--format', 'json', 'silt from the Wyndle estuary doubled']).out).results;
    assert.match(found[0].path, /a0103\.txt$/);
    // The same as ingesting the final files into an empty archive.
    const fresh = await newDb();
    cli(['archive', 'ingest', '--db', fresh.url, dir]);
    const q = 'council capital programme contractor schedule';
    const a = JSON.parse(cli(['search', '--archive', url, '--format', 'json', q]).out).results.map((p: any) => [p.path, p.score]);
    const b = JSON.parse(cli(['search', '--archive', fresh.url, '--format', 'json', q]).out).results.map((p: any) => [p.path, p.score]);
    assert.deepEqual(a, b);
  });

  it('two reporters ingesting at once lose nothing', async () => {
    const a = path.join(tmp, 'reporterA');
    const b = path.join(tmp, 'reporterB');
    writeArticles(a, 200, 260);
    writeArticles(b, 240, 300); // 20 files in common (same names, same content)
    const { name, url } = await newDb();
    const run = (dir: string) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const p = spawn(process.execPath, [CLI, 'archive', 'ingest', '--db', url, dir], { env: { ...process.env, CORROBORATE_INGEST_BATCH: '7' } });
        let out = '';
        let err = '';
        p.stdout.on('data', (d) => (out += d));
        p.stderr.on('data', (d) => (err += d));
        p.on('close', (code) => resolve({ code, out, err }));
      });
    // Both paths are relative to the same folder, so that the shared files are the same documents.
    const [ra, rb] = await Promise.all([run(a), run(b)]);
    assert.equal(ra.code, 0, ra.err);
    assert.equal(rb.code, 0, rb.err);
    const { documents, passages } = assertConsistent(cluster!, name);
    // Different paths (reporterA/…, reporterB/…): 120 documents; as many passages as the in-memory index has.
    const index = new MemoryIndex();
    for (let i = 200; i < 260; i++) index.upsert(`a/${i}`, article(i));
    for (let i = 240; i < 300; i++) index.upsert(`b/${i}`, article(i));
    assert.equal(documents, 120);
    assert.equal(passages, index.stats().passages);
    // Then both again at once over the same folder: nothing added twice.
    const [rc, rd] = await Promise.all([run(a), run(a)]);
    assert.match(rc.out + rd.out, /0 added, 0 updated, 60 unchanged[\s\S]*0 added, 0 updated, 60 unchanged/);
    assert.equal(assertConsistent(cluster!, name).documents, 120);
  });

  it('an ingest killed between batches leaves the archive consistent, and the next ingest completes it', async () => {
    const dir = path.join(tmp, 'killed');
    writeArticles(dir, 400, 520);
    const { name, url } = await newDb();
    const p = spawn(process.execPath, [CLI, 'archive', 'ingest', '--db', url, dir], { env: { ...process.env, CORROBORATE_INGEST_BATCH: '10', CORROBORATE_INGEST_TRACE: '1' } });
    await new Promise<void>((resolve) => {
      let err = '';
      p.stderr.on('data', (d) => {
        err += d;
        if (/batch 2 committed/.test(err)) resolve();
      });
    });
    p.kill('SIGKILL');
    await new Promise((r) => p.on('close', r));
    const partial = assertConsistent(cluster!, name);
    assert.ok(partial.documents >= 20 && partial.documents < 120, `${partial.documents} documents after the kill`);
    assert.equal(partial.documents % 10, 0, 'whole batches only');
    const again = cli(['archive', 'ingest', '--db', url, dir]);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, new RegExp(`${120 - partial.documents} added, 0 updated, ${partial.documents} unchanged`));
    assert.equal(assertConsistent(cluster!, name).documents, 120);
  });

  it('an unreachable archive: one message, the local corpus still answers', async () => {
    const dir = path.join(tmp, 'local');
    writeArticles(dir, 600, 610);
    const dead = `postgres://nobody@127.0.0.1:${cluster!.port + 1}/none`;
    const r = cli(['search', '--corpus', dir, '--archive', dead, '--format', 'json', 'Marlow council ferry terminal']);
    assert.equal(r.code, 0, r.err);
    assert.ok(JSON.parse(r.out).results.length > 0);
    assert.equal(r.err.match(/is unavailable/g)?.length, 1, r.err);
    const draft = path.join(tmp, 'draft.txt');
    writeFileSync(draft, 'The harbour dredging contract overran its budget by 43 percent in its final year, the inquiry found.\n');
    const c = cli(['check', draft, '--archive', dead, '--format', 'json', '--fail-on', 'none']);
    assert.equal(c.code, 0, c.err);
    assert.equal(c.err.match(/is unavailable/g)?.length, 1, c.err);
    assert.equal(cli(['search', '--archive', 'http://example/x', 'text']).code, 2);
  });

  it('check --archive corroborates a claim with an archive passage', async () => {
    const dir = path.join(tmp, 'checkdesk');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'harbour.txt'), HARBOUR);
    const { url } = await newDb();
    cli(['archive', 'ingest', '--db', url, dir]);
    const draft = path.join(tmp, 'draft2.txt');
    writeFileSync(draft, 'The Saltmarsh harbour dredging contract overran its budget by 43 percent in its final year.\n');
    const without = JSON.parse(cli(['check', draft, '--format', 'json', '--fail-on', 'none']).out).files[0];
    assert.equal(without.claims[0].corroboration.length, 0);
    const r = cli(['check', draft, '--archive', url, '--format', 'json', '--fail-on', 'none']);
    assert.equal(r.code, 0, r.err);
    const claim = JSON.parse(r.out).files[0].claims[0];
    assert.equal(claim.corroboration[0].archive, true);
    assert.match(claim.corroboration[0].path, /harbour\.txt$/);
  });

  it('ingests every source format the corpus reads (PDF, saved page, captions), and an archive passage can contradict a claim', async () => {
    const { url } = await newDb();
    const sources = path.resolve(__dirname, '..', '..', 'examples', 'newsroom', 'sources');
    const ing = cli(['archive', 'ingest', '--db', url, sources]);
    assert.equal(ing.code, 0, ing.err);
    const s = JSON.parse(cli(['archive', 'stats', '--db', url, '--format', 'json']).out);
    assert.equal(s.documents, 7, ing.out + ing.err); // four text files, a PDF, a saved web page, captions
    const search = (q: string) => JSON.parse(cli(['search', '--archive', url, '--format', 'json', '--top', '3', q]).out).results as Array<{ path: string }>;
    for (const [q, file] of [
      ['River Sallow level Marrowby gauge flood warning bulletin', /water-agency-bulletin\.pdf$/],
      ['Harlow Gazette Old Quay Bridge repair', /harlow-gazette-bridge\.html$/],
    ] as const) {
      assert.ok(search(q).some((p) => file.test(p.path)), `${q}: ${JSON.stringify(search(q).map((p) => p.path))}`);
    }
    const draft = path.join(tmp, 'budget.txt');
    writeFileSync(draft, 'The council cut the maintenance budget for the Old Quay Bridge by twelve percent last year.\n');
    const claim = JSON.parse(cli(['check', draft, '--archive', url, '--format', 'json', '--fail-on', 'none']).out).files[0].claims[0];
    const contra = claim.contradictions.find((p: any) => /wire-report\.txt$/.test(p.path));
    assert.ok(contra, JSON.stringify(claim));
    assert.equal(contra.archive, true);
    assert.equal(contra.reason, 'figure');
    assert.ok(!claim.corroboration.some((p: any) => /wire-report\.txt$/.test(p.path)));
  });

  it('archive passages carry their place (PDF page, caption time, ClaimReview rating); an archive of schema 1 migrates and its extracted documents are written again', async () => {
    const { name, url } = await newDb();
    const dir = path.join(tmp, 'places');
    mkdirSync(dir);
    const sources = path.resolve(__dirname, '..', '..', 'examples', 'newsroom', 'sources');
    for (const f of ['water-agency-bulletin.pdf', 'radio-interview.vtt', 'wire-report.txt']) copyFileSync(path.join(sources, f), path.join(dir, f));
    writeFileSync(path.join(dir, 'ferry-check.jsonld'), JSON.stringify(claimReviewLd({ claim: 'The Wyndle ferry carried nine hundred thousand passengers in 2023', rating: 'Mostly false', publisher: 'Harbour Check', date: '2024-05-06', url: 'https://check.example/ferry' })));
    const search = (q: string) => {
      const r = cli(['search', '--archive', url, '--format', 'json', '--top', '3', q]);
      assert.equal(r.code, 0, r.err);
      return JSON.parse(r.out).results as Array<Record<string, any>>;
    };
    const places = () => {
      const pdf = search('River Sallow level Marrowby gauge flood warning bulletin').find((p) => /\.pdf$/.test(p.path));
      const vtt = search('divers examined the steelwork in February').find((p) => /\.vtt$/.test(p.path));
      const review = search('Wyndle ferry carried nine hundred thousand passengers').find((p) => /\.jsonld$/.test(p.path));
      const text = search('Old Quay Bridge maintenance budget').find((p) => /\.txt$/.test(p.path));
      return { pdf, vtt, review, text };
    };
    assert.equal(cli(['archive', 'ingest', '--db', url, dir]).code, 0);
    const local = (q: string) => JSON.parse(cli(['search', '--corpus', dir, '--format', 'json', '--top', '3', q]).out).results as Array<Record<string, any>>;
    const placeOf = (x: Record<string, any> | undefined) => x && { file: path.basename(x.path), start: x.start, line: x.line, page: x.page, time: x.time, rating: x.rating };
    const p = places();
    assert.equal(p.pdf?.page, 2);
    assert.equal(p.vtt?.time, 733.3); // 00:12:13.300
    assert.deepEqual(p.review?.rating, { value: 'Mostly false', publisher: 'Harbour Check', date: '2024-05-06', url: 'https://check.example/ferry' });
    assert.ok(p.text && p.text.page === undefined && p.text.time === undefined && p.text.rating === undefined, JSON.stringify(p.text));
    // The places the in-memory index gives the same passages.
    assert.deepEqual(placeOf(p.pdf), placeOf(local('River Sallow level Marrowby gauge flood warning bulletin').find((x) => /\.pdf$/.test(x.path))));
    assert.deepEqual(placeOf(p.vtt), placeOf(local('divers examined the steelwork in February').find((x) => /\.vtt$/.test(x.path))));
    assert.deepEqual(placeOf(p.review), placeOf(local('Wyndle ferry carried nine hundred thousand passengers').find((x) => /\.jsonld$/.test(x.path))));
    // The archive as schema version 1 left it: no places, the documents not marked as placed.
    cluster!.sql(name, `DELETE FROM corroborate_schema WHERE version = 2;
      ALTER TABLE corroborate_documents DROP COLUMN format, DROP COLUMN placed;
      ALTER TABLE corroborate_passages DROP COLUMN page, DROP COLUMN time_s, DROP COLUMN rating`);
    // Editors of this version search an archive not migrated yet as before: passages without their places.
    const old = search('River Sallow level Marrowby gauge flood warning bulletin').find((x) => /\.pdf$/.test(x.path));
    assert.ok(old && old.page === undefined, JSON.stringify(old));
    const ing = cli(['archive', 'ingest', '--db', url, dir]);
    assert.equal(ing.code, 0, ing.err);
    assert.match(ing.out, /4 files: 0 added, 3 updated, 1 unchanged, 0 skipped/);
    assert.match(ing.err, /schema migrated from version 1 \(version 2\)/);
    const q = places();
    assert.equal(q.pdf?.page, 2);
    assert.equal(q.vtt?.time, 733.3);
    assert.equal(q.review?.rating?.value, 'Mostly false');
    assertConsistent(cluster!, name);
  });

  it("the README's desk set-up: the archivist ingests, the editors' read-only role searches and cannot write", async () => {
    const c = cluster!;
    c.sql('postgres', "CREATE ROLE archivist LOGIN PASSWORD 'change-me'; CREATE ROLE desk LOGIN PASSWORD 'desk-reader'");
    c.sql('postgres', 'CREATE DATABASE deskarchive OWNER archivist');
    c.sql('deskarchive', 'ALTER DEFAULT PRIVILEGES FOR ROLE archivist GRANT SELECT ON TABLES TO desk; GRANT CONNECT ON DATABASE deskarchive TO desk; GRANT USAGE ON SCHEMA public TO desk');
    const dir = path.join(tmp, 'roles');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'harbour.txt'), HARBOUR);
    const ing = cli(['archive', 'ingest', '--db', c.urlOf('deskarchive', 'archivist'), dir], { PGPASSWORD: 'change-me' });
    assert.equal(ing.code, 0, ing.err);
    const r = cli(['search', '--archive', c.urlOf('deskarchive', 'desk'), '--format', 'json', 'harbour dredging budget'], { PGPASSWORD: 'desk-reader' });
    assert.equal(r.code, 0, r.err);
    assert.match(JSON.parse(r.out).results[0].path, /harbour\.txt$/);
    writeFileSync(path.join(dir, 'more.txt'), article(1));
    const denied = cli(['archive', 'ingest', '--db', c.urlOf('deskarchive', 'desk'), dir], { PGPASSWORD: 'desk-reader' });
    assert.equal(denied.code, 2);
    assert.match(denied.err, /permission denied/);
  });

  it('language server: an archive passage in the hover; the server stopped mid-session gives one message, and its passages come back', async () => {
    const deskDir = path.join(tmp, 'lspdesk');
    mkdirSync(deskDir);
    writeFileSync(path.join(deskDir, 'harbour.txt'), HARBOUR);
    writeFileSync(path.join(deskDir, 'ferry.txt'), 'Ferry fares on the Wyndle crossing rose by 17 percent after the operator lost its subsidy in March.\n');
    const { url } = await newDb();
    assert.equal(cli(['archive', 'ingest', '--db', url, deskDir]).code, 0);
    const ws = path.join(tmp, 'lspws');
    mkdirSync(ws);
    writeFileSync(path.join(ws, 'notes.md'), '# Notes\n\nNothing about harbours here.\n');
    // The server retries an unavailable archive every 300 ms here (30 s by default).
    process.env.CORROBORATE_ARCHIVE_RETRY_MS = '300';
    const client = new TestClient({ pull: false, rootUri: URI.file(ws).toString(), settings: { archive: { url } } });
    try {
      await client.initialize();
      const uri = URI.file(path.join(ws, 'draft.md')).toString();
      const text = 'The Saltmarsh harbour dredging contract overran its budget by 43 percent in its final year.\n';
      client.open(uri, 'markdown', text);
      const withArchive = await client.waitFor('diagnostics', (p: any) => p.uri === uri && p.diagnostics.some((d: any) => /corroborated by 1 document/.test(d.message)));
      const claim = withArchive.diagnostics.find((d: any) => /corroborated/.test(d.message));
      const hover = await client.hover(uri, claim.range.start);
      const md = JSON.stringify(hover.contents);
      assert.match(md, /archive · harbour\S*txt:3/);
      assert.match(md, /\*\*overran\*\* its \*\*budget\*\*/);
      // "Find corroboration for selection": the workspace's passages, and the archive's in a request of their own.
      const find = (archive?: boolean) => client.conn.sendRequest('corroborate/search', { text: 'harbour dredging contract overran its budget', uri, top: 5, archive }) as Promise<any[]>;
      assert.ok((await find()).every((r) => !r.archive && /notes\.md$/.test(r.uri)));
      const found = await find(true);
      assert.equal(found[0]?.archive, true, JSON.stringify(found));
      assert.match(found[0].uri, /harbour\.txt$/);
      assert.equal(found[0].where, 'harbour.txt:3');
      // The server stops mid-session: typing goes on with local results, one message says so.
      cluster!.pause();
      const unavailable = client.waitFor('message', (m: string) => /archive .* is unavailable/.test(m));
      const added = text + '\nFerry fares on the Wyndle crossing rose by 17 percent after the operator lost its subsidy in March.\n';
      client.edit(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: added.slice(text.length) }]);
      await unavailable;
      assert.deepEqual(await find(true), [], 'the archive down: no archive passages, at once or within the timeout');
      const local = await client.diagnosticsOf(uri);
      assert.ok(local.length > 0, 'local diagnostics while the archive is down');
      assert.equal(client.messages.filter((m) => /is unavailable/.test(m)).length, 1);
      // Back: the new claim's passage in the archive comes without any typing.
      cluster!.start();
      await client.waitFor('diagnostics', (p: any) => p.uri === uri && p.diagnostics.filter((d: any) => /corroborated by 1 document/.test(d.message)).length === 2);
      assert.equal(client.messages.filter((m) => /is unavailable/.test(m)).length, 1);
      assert.match((await find(true))[0]?.uri ?? '', /harbour\.txt$/, 'the archive back: its passages again');
    } finally {
      delete process.env.CORROBORATE_ARCHIVE_RETRY_MS;
      await client.shutdown();
    }
  });
});

describe('archive settings', () => {
  it('a .corroborate.json cannot set the archive (which server and credentials is the user\'s choice)', () => {
    const plain = parseWorkspaceConfig({ archive: { url: 'postgres://desk@dbhost/archive' }, claims: { threshold: 0.6 } }, '/ws/.corroborate.json');
    assert.equal(plain.values['archive.url'], undefined);
    assert.equal(plain.values['claims.threshold'], 0.6);
    assert.match(plain.problems[0]!, /"archive\.url" is not read from \.corroborate\.json: set corroborate\.archive\.url in your user settings/);
    const secret = parseWorkspaceConfig({ 'archive.url': 'postgres://desk:secret@dbhost/archive' }, '/ws/.corroborate.json');
    assert.equal(secret.values['archive.url'], undefined);
    assert.match(secret.problems[0]!, /holds a password/);
    assert.ok(!secret.problems[0]!.includes('secret'));
  });

});
