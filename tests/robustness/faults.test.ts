// Faults: the server killed and restarted, files deleted or renamed while indexing, settings of the wrong
// type, "mark as checked" written by two writers at once, and analysis that writes nothing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { CheckedStore } from '../../server/src/lsp/checked';
import { ROOT, TestClient } from '../lsp/client';
import { bounded } from './bounded';

// The client's restart policy is pure code in client/src (its own TypeScript project): loaded at run time.
interface RestartPolicyLike {
  exited(exit: { code: number | null; signal: string | null }): void;
  closed(): { restart: boolean; message: string };
  error(message: string, count: number | undefined): { shutdown: boolean; message: string };
  reset(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RestartPolicy, describeExit } = require('../../client/src/restartPolicy') as {
  RestartPolicy: new (max?: number, windowMs?: number, now?: () => number) => RestartPolicyLike;
  describeExit(exit: { code: number | null; signal: string | null } | null): string;
};

const BOUND_MS = 60_000;
const DRAFT = 'Marrowby flood draft\n\nThe council approved forty new pumps for the harbour district in March.\n\n“We will finish the repairs by June,” Mayor Elena Varga said.\n';
const SOURCE = 'Council minutes.\n\nMembers voted to buy 40 new pumps for the harbour district at the March meeting.\n';

function workspace(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  writeFileSync(path.join(dir, 'draft.md'), DRAFT);
  writeFileSync(path.join(dir, 'minutes.txt'), SOURCE);
  return dir;
}

/** Every file under `dir` with its size and modification time. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else {
        const st = statSync(abs);
        out.set(path.relative(dir, abs), `${st.size} ${st.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out;
}

describe('robustness: the client restart policy', function () {
  it('restarts up to five times in three minutes, says why, then gives up', function () {
    let t = 0;
    const policy = new RestartPolicy(5, 180_000, () => t);
    policy.exited({ code: null, signal: 'SIGKILL' });
    const first = policy.closed();
    assert.equal(first.restart, true);
    assert.match(first.message, /was killed \(signal SIGKILL\); restarting it \(restart 1 of 5/);
    for (let i = 2; i <= 5; i++) {
      t += 1000;
      policy.exited({ code: 1, signal: null });
      const d = policy.closed();
      assert.equal(d.restart, true);
      assert.match(d.message, new RegExp(`crashed \\(exit code 1.*restart ${i} of 5`));
    }
    t += 1000;
    const sixth = policy.closed();
    assert.equal(sixth.restart, false);
    assert.match(sixth.message, /stopped unexpectedly.*6 times in 3 minutes: not restarting.*Restart Server/);
    // Later than the window: allowed again.
    t += 180_000;
    assert.equal(policy.closed().restart, true);
    policy.reset();
    assert.match(policy.closed().message, /restart 1 of 5/);
  });

  it('names the cause of an exit', function () {
    assert.match(describeExit({ code: 134, signal: null }), /out of memory/);
    assert.match(describeExit({ code: null, signal: 'SIGTERM' }), /SIGTERM/);
    assert.match(describeExit({ code: 3, signal: null }), /exit code 3/);
    assert.match(describeExit(null), /crashed or was killed/);
    const p = new RestartPolicy();
    assert.equal(p.error('x', 1).shutdown, false);
    assert.equal(p.error('x', 4).shutdown, true);
  });
});

describe('robustness: faults in the language server', function () {
  this.timeout(180_000);

  it('a killed server leaves the workspace intact and a new one serves it (three kills)', async function () {
    const dir = workspace('corroborate-kill-');
    const uri = URI.file(path.join(dir, 'draft.md')).toString();
    let restarts = 0;
    try {
      for (let round = 0; round < 4; round++) {
        const client = new TestClient({ pull: round % 2 === 0, rootUri: URI.file(dir).toString() });
        await bounded(client.initialize(), BOUND_MS, `initialize after ${restarts} kills`);
        client.open(uri, 'markdown', DRAFT);
        const diags = await bounded(client.diagnosticsOf(uri), BOUND_MS, 'diagnostics');
        assert.ok(diags.some((d: any) => d.code === 'uncited-claim'), `round ${round}: the new server corroborates the draft`);
        if (round === 3) {
          await client.shutdown();
          assert.equal(client.proc.exitCode, 0, 'shutdown then exit: a clean exit');
          break;
        }
        // Killed in the middle of work: an edit and a hover in flight.
        const doc = client.docs.get(uri)!;
        client.edit(uri, [{ range: { start: doc.positionAt(0), end: doc.positionAt(0) }, newText: '“Quoted,” he said. ' }]);
        void client.hover(uri, { line: 2, character: 5 }).catch(() => undefined);
        const exited = new Promise<{ code: number | null; signal: string | null }>((r) => client.proc.once('exit', (code, signal) => r({ code, signal })));
        client.proc.kill(round === 1 ? 'SIGTERM' : 'SIGKILL');
        const exit = await bounded(exited, BOUND_MS, 'server exit');
        // What the VS Code client would write in the output channel before restarting.
        const policy = new RestartPolicy();
        policy.exited(exit);
        const d = policy.closed();
        assert.equal(d.restart, true);
        assert.match(d.message, /was killed \(signal SIG(?:KILL|TERM)\)/);
        client.conn.dispose();
        restarts++;
      }
      assert.equal(restarts, 3);
      assert.equal(readFileSync(path.join(dir, 'draft.md'), 'utf8'), DRAFT, 'nothing written to the document on disk');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`      restarts survived: ${restarts}`);
  });

  it('a server whose client went away exits by itself (exit without shutdown)', async function () {
    const dir = workspace('corroborate-exit-');
    try {
      const client = new TestClient({ pull: true, rootUri: URI.file(dir).toString() });
      await client.initialize();
      const exited = new Promise<number | null>((r) => client.proc.once('exit', (code) => r(code)));
      await client.conn.sendNotification('exit');
      assert.equal(await bounded(exited, BOUND_MS, 'exit'), 1, 'LSP: exit without shutdown exits with 1');
      client.conn.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('settings of the wrong type: one message each, naming the setting; that setting alone falls back', async function () {
    const dir = workspace('corroborate-settings-');
    const wrong = {
      languages: 'markdown',
      claims: { threshold: 'high' },
      corroboration: { threshold: -3, maxResults: 1.5 },
      corpus: { include: '**/*.md', exclude: [1, 2] },
      maxFileSize: '2MB',
      citation: { style: 'mla' },
      checkedFile: '../../outside.json',
      debounceMs: -1,
      severity: { quote: 'loud', unattributedQuote: 3, uncitedClaim: 'error' },
    };
    const names = ['languages', 'claims.threshold', 'corroboration.threshold', 'corroboration.maxResults', 'corpus.include', 'corpus.exclude', 'maxFileSize', 'citation.style', 'checkedFile', 'debounceMs', 'severity.quote', 'severity.unattributedQuote'];
    const client = new TestClient({ pull: true, rootUri: URI.file(dir).toString(), settings: wrong });
    try {
      await client.initialize();
      for (const n of names) {
        const about = client.messages.filter((m) => m.includes(`"corroborate.${n}"`));
        assert.equal(about.length, 1, `one message for corroborate.${n}: ${client.messages.join('\n')}`);
      }
      assert.equal(client.messages.length, names.length, client.messages.join('\n'));
      // The valid setting in the same object is applied; the others are at their defaults.
      const uri = URI.file(path.join(dir, 'draft.md')).toString();
      client.open(uri, 'markdown', DRAFT);
      const diags = await client.diagnosticsOf(uri);
      const uncited = diags.find((d: any) => d.code === 'uncited-claim');
      assert.ok(uncited, 'the corpus (default include) and the default thresholds are in force');
      assert.equal(uncited.severity, 1, 'severity.uncitedClaim = error is kept');
      assert.ok(diags.some((d: any) => d.code === 'quote' && d.severity === 3), 'severity.quote falls back to information');
      // Changing the settings again re-validates without repeating the same messages.
      const before = client.messages.length;
      const refreshed = client.waitFor('status');
      client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await refreshed;
      assert.equal(client.messages.length, before);
      // A whole section of the wrong type.
      client.settings = 'nonsense' as any;
      const said = client.waitFor('message', (m: string) => m.includes('"corroborate"'));
      client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await bounded(said, BOUND_MS, 'message about the settings section');
      assert.ok(!existsSync(path.join(dir, '..', 'outside.json')));
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('files deleted or renamed while the workspace is indexed leave a consistent corpus', async function () {
    const dir = mkdtempSync(path.join(tmpdir(), 'corroborate-churn-'));
    const N = 4000;
    // A unique word per file that survives normalisation (consonant-vowel syllables, a final consonant).
    const SYL = ['ba', 'ke', 'di', 'mo', 'fu', 'ga', 'le', 'ni', 'po', 'ru', 'sa', 'te', 'vi', 'zo', 'ha', 'du', 'ku', 'lo', 'me', 'na'];
    const tag = (i: number) => 'zorblat' + [...i.toString(20).padStart(3, '0')].map((c) => SYL[parseInt(c, 20)]).join('') + 'x';
    for (let d = 0; d < 40; d++) mkdirSync(path.join(dir, `d${d}`));
    const file = (i: number) => path.join(dir, `d${i % 40}`, `f${i}.txt`);
    for (let i = 0; i < N; i++) writeFileSync(file(i), `Report ${i}. The council discussed the ${tag(i)} budget on Monday.\n`);
    const client = new TestClient({ pull: true, rootUri: URI.file(dir).toString() });
    const deleted: number[] = [];
    const renamed: number[] = [];
    let statesSeen = '';
    client.events.on('status', (p: { state: string }) => (statesSeen += p.state[0]));
    client.events.once('status', () => {
      // The first status is sent as indexing starts. Delete every 7th file and rename every 11th, as a sync tool would.
      const changes: Array<{ uri: string; type: number }> = [];
      for (let i = 0; i < N; i++) {
        if (i % 7 === 0) {
          unlinkSync(file(i));
          deleted.push(i);
          changes.push({ uri: URI.file(file(i)).toString(), type: 3 });
        } else if (i % 11 === 0) {
          const to = file(i).replace(/\.txt$/, '-renamed.txt');
          renameSync(file(i), to);
          renamed.push(i);
          changes.push({ uri: URI.file(file(i)).toString(), type: 3 }, { uri: URI.file(to).toString(), type: 1 });
        }
      }
      client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes });
    });
    try {
      await bounded(client.initialize(), BOUND_MS, 'indexing with files deleted and renamed meanwhile');
      assert.match(statesSeen, /^i+r/, 'the files changed while the server was indexing');
      // The watched-file events are handled in order after indexing; a request after them sees their effect.
      const search = async (i: number) => (await client.conn.sendRequest('corroborate/search', { text: `the ${tag(i)} budget`, top: 3 })) as Array<{ uri: string }>;
      const settled = async () => {
        for (let k = 0; k < 100; k++) {
          const r = await search(renamed[renamed.length - 1]!);
          if (r.some((x) => x.uri.endsWith('-renamed.txt'))) return;
          await new Promise((res) => setImmediate(res));
        }
      };
      await settled();
      for (const i of deleted.slice(0, 40)) assert.ok(!(await search(i)).some((r) => r.uri.includes(`/f${i}.txt`)), `deleted f${i} is gone`);
      for (const i of renamed.slice(0, 40)) {
        const r = await search(i);
        assert.ok(r.some((x) => x.uri.endsWith(`/f${i}-renamed.txt`)), `renamed f${i} is found under its new name: ${JSON.stringify(r)} ${tag(i)}`);
        assert.ok(!r.some((x) => x.uri.endsWith(`/f${i}.txt`)), `renamed f${i} is not found under its old name`);
      }
      for (const i of [1, 2, 3, 5, 8, 13]) assert.ok((await search(i)).some((x) => x.uri.endsWith(`/f${i}.txt`)), `untouched f${i} is indexed`);
      assert.doesNotMatch(client.stderr, /uncaught|unhandled/i);
      assert.ok(!client.logs.some((l) => /Indexing failed/.test(l)), client.logs.join('\n'));
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('analysis writes nothing to the workspace; "mark as checked" writes only its store, atomically', async function () {
    const dir = workspace('corroborate-writes-');
    const before = snapshot(dir);
    const client = new TestClient({ pull: false, rootUri: URI.file(dir).toString() });
    try {
      await client.initialize();
      const uri = URI.file(path.join(dir, 'draft.md')).toString();
      let doc = client.open(uri, 'markdown', DRAFT);
      let diags = await client.diagnosticsOf(uri);
      for (const d of diags) {
        await client.hover(uri, d.range.start);
        await client.codeActions(uri, d.range, [d]);
      }
      doc = client.edit(uri, [{ range: { start: doc.positionAt(0), end: doc.positionAt(0) }, newText: 'The levee was built in 1962. ' }]);
      diags = await client.diagnosticsOf(uri);
      await client.conn.sendRequest('corroborate/search', { text: 'pumps' });
      await client.conn.sendRequest('corroborate/reindex');
      assert.deepEqual(snapshot(dir), before, 'nothing written by analysis, hovers, code actions, search or re-indexing');
      // Mark as checked: the store appears, and nothing else (no temporary or lock file left behind).
      const target = diags.find((d: any) => d.code === 'uncited-claim')!;
      const mark = (await client.codeActions(uri, target.range, [target])).find((a: any) => a.title === 'Mark as checked');
      await client.conn.sendRequest('workspace/executeCommand', { command: mark.command.command, arguments: mark.command.arguments });
      const after = snapshot(dir);
      const added = [...after.keys()].filter((k) => !before.has(k));
      assert.deepEqual(added, [path.join('.corroborate', 'checked.json')]);
      for (const [k, v] of before) assert.equal(after.get(k), v, `${k} unchanged`);
      assert.equal(JSON.parse(readFileSync(path.join(dir, '.corroborate', 'checked.json'), 'utf8')).entries.length, 1);
    } finally {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('robustness: "mark as checked" with two writers at once', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(function () {
    dir = mkdtempSync(path.join(tmpdir(), 'corroborate-store-'));
  });
  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it('two stores in one process, 40 concurrent writes each: no entry lost', async function () {
    const file = path.join(dir, '.corroborate', 'checked.json');
    const a = new CheckedStore(() => undefined);
    const b = new CheckedStore(() => undefined);
    a.load(file);
    b.load(file);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => [a.add(file, { file: 'a.md', code: 'quote', text: `first window ${i}` }), b.add(file, { file: 'b.md', code: 'quote', text: `second window ${i}` })]).flat(),
    );
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(saved.entries.length, 80);
    assert.deepEqual(readdirSync(path.dirname(file)), ['checked.json'], 'no temporary or lock file left');
    a.load(file);
    assert.ok(a.isChecked('b.md', 'quote', 'second window 39'), 'one window sees the other window\'s entries');
  });

  it('two processes writing at once: no entry lost, the file is always valid JSON', async function () {
    const file = path.join(dir, '.corroborate', 'checked.json');
    const script = (who: string) => `
      const { CheckedStore } = require(${JSON.stringify(path.join(ROOT, 'server', 'src', 'lsp', 'checked.ts'))});
      const store = new CheckedStore((m) => process.stderr.write(m + '\\n'));
      process.stdout.write('ready\\n');
      process.stdin.once('data', async () => {
        for (let i = 0; i < 30; i++) await store.add(${JSON.stringify(file)}, { file: '${who}.md', code: 'quote', text: '${who} ' + i });
        process.stdout.write('done\\n');
        process.exit(0);
      });`;
    const procs = ['one', 'two'].map((who) => spawn(process.execPath, ['-r', 'tsx/cjs', '-e', script(who)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] }));
    const line = (p: (typeof procs)[number], want: string) =>
      new Promise<void>((resolve, reject) => {
        let buf = '';
        p.stdout!.on('data', (d) => {
          buf += d;
          if (buf.includes(want)) resolve();
        });
        p.once('exit', (code) => (buf.includes(want) ? resolve() : reject(new Error(`writer exited with ${code} before "${want}"`))));
      });
    await bounded(Promise.all(procs.map((p) => line(p, 'ready'))), BOUND_MS, 'writers ready');
    const done = Promise.all(procs.map((p) => line(p, 'done')));
    for (const p of procs) p.stdin!.write('go\n');
    // Meanwhile, the file is only ever absent or complete (renamed into place, never half-written).
    let reads = 0;
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) {
      if (existsSync(file)) {
        const body = readFileSync(file, 'utf8');
        assert.doesNotThrow(() => JSON.parse(body), 'the store is never seen half-written');
        reads++;
      }
      await new Promise((r) => setImmediate(r));
    }
    await bounded(done, BOUND_MS, 'writers done');
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(saved.entries.length, 60, `entries: ${saved.entries.length}`);
    assert.ok(reads > 0);
  });
});
