// No verdict before the workspace is read (SPEC): a document opened the moment the server is initialized
// and asked about at once gets no `unsupported-claim` while the corpus is incomplete, and its verdicts are
// refreshed when reading ends. The server reads no file before it has its settings, so holding the answer
// to workspace/configuration holds the reading: the test knows the corpus is incomplete without timing.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { TestClient, ROOT } from './client';

const SEEDS = path.resolve(ROOT, '..', 'shared', 'corpus', 'seeds');
const MOSCOW = 'Moscow has consistently opposed';

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

/** The seeds, and enough filler files that reading them takes a while (more batches to come in). */
function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'corroborate-progress-'));
  for (const f of readdirSync(SEEDS)) copyFileSync(path.join(SEEDS, f), path.join(dir, f));
  mkdirSync(path.join(dir, 'filler'));
  for (let i = 0; i < 600; i++) {
    writeFileSync(path.join(dir, 'filler', `note-${i}.txt`), `Note ${i}.\n\nThe harbour authority of Tallyford counted ${i * 7} boats in ${1990 + (i % 30)}, the council said.\n`);
  }
  return dir;
}

const textOf = (client: TestClient, uri: string) => (d: any) => client.docs.get(uri)!.getText(d.range);

for (const pull of [true, false]) {
  describe(`language server: no verdict before the workspace is read (${pull ? 'pull' : 'push-only'} client)`, function () {
    let dir: string;
    let client: TestClient;
    let uri: string;

    before(function () {
      dir = workspace();
    });
    after(async function () {
      await client?.shutdown();
      rmSync(dir, { recursive: true, force: true });
    });

    it('withholds "unsupported" while reading, then refreshes with the settled verdicts', async function () {
      const settings = gate();
      client = new TestClient({ pull, rootUri: URI.file(dir).toString(), configurationGate: settings.promise });
      const asked = client.waitFor('configuration');
      await client.initialize(false);
      const f = readdirSync(dir).find((x) => x.startsWith('004'))!;
      uri = URI.file(path.join(dir, f)).toString();
      client.open(uri, 'plaintext', readFileSync(path.join(dir, f), 'utf8'));
      await asked; // the server waits for its settings: not one file is read yet

      const early = await client.diagnosticsOf(uri);
      const moscow = early.find((d: any) => textOf(client, uri)(d).startsWith(MOSCOW));
      assert.ok(moscow, `the claim is reported: ${early.map(textOf(client, uri)).join(' | ')}`);
      assert.equal(moscow.code, 'uncited-claim');
      assert.match(moscow.message, /checking the workspace: 0 files read/);
      assert.ok(!early.some((d: any) => d.code === 'unsupported-claim'), `no unsupported claim while reading: ${early.map((d: any) => d.message).join(' | ')}`);
      for (const d of early) if (d.code === 'uncited-claim' && !d.relatedInformation) assert.match(d.message, /checking the workspace/);
      // No Cite fix from a finding that has no passage yet.
      const actions = await client.codeActions(uri, moscow.range, [moscow]);
      assert.ok(!actions.some((a: any) => a.title.startsWith('Cite')), actions.map((a: any) => a.title).join(', '));
      const hover = await client.hover(uri, moscow.range.start);
      assert.match(hover.contents.value, /workspace index is incomplete/);

      // Reading ends: the diagnostics are refreshed (pull: workspace/diagnostic/refresh; push: published again).
      const analyzedSettled = client.waitFor('analyzed', (p: any) => p.uri === uri && p.progress === null);
      const refreshed = pull ? client.waitFor('refresh') : client.waitFor('diagnostics', (p: any) => p.uri === uri && !p.diagnostics.some((d: any) => /checking the workspace/.test(d.message)));
      const ready = client.waitFor('status', (p: any) => p.state === 'ready');
      settings.open();
      await refreshed;
      await analyzedSettled;
      await ready;
      const settled = await client.diagnosticsOf(uri);
      assert.ok(!settled.some((d: any) => /checking the workspace/.test(d.message)), 'settled verdicts say nothing of the reading');
      const m2 = settled.find((d: any) => textOf(client, uri)(d).startsWith(MOSCOW));
      assert.ok(m2, 'the claim is still reported');
      assert.equal(m2.code, 'uncited-claim', m2.message);
      assert.ok(m2.relatedInformation?.length, 'with its corroborating passages');
      const fixes = await client.codeActions(uri, m2.range, [m2]);
      assert.ok(fixes.some((a: any) => a.title.startsWith('Cite ')), fixes.map((a: any) => a.title).join(', '));
      const h2 = await client.hover(uri, m2.range.start);
      assert.doesNotMatch(h2.contents.value, /index is incomplete/);
      assert.ok(settled.some((d: any) => d.code === 'unsupported-claim'), 'claims the workspace does not support are reported once it is read');
    });

    it('says how far the reading has come during a re-index', async function () {
      // Every diagnostic computed between the re-index request and its end carries the progress.
      const seen: any[] = [];
      const onAnalyzed = (p: any) => p.uri === uri && seen.push(p);
      client.events.on('analyzed', onAnalyzed);
      const reindexed = client.conn.sendRequest('corroborate/reindex');
      // Asked right away: the re-index has started (the request is handled in order).
      const during = await client.diagnosticsOf(uri);
      await reindexed;
      client.events.off('analyzed', onAnalyzed);
      const partial = seen.filter((p) => p.progress);
      if (pull) {
        // Pulled while the re-index runs (push-only clients get the settled diagnostics when it ends).
        assert.ok(partial.length > 0, 'the document was analysed during the re-index');
        assert.ok(during.some((d: any) => /checking the workspace/.test(d.message)), during.map((d: any) => d.message).join(' | '));
        assert.ok(!during.some((d: any) => d.code === 'unsupported-claim'));
      }
      for (const p of partial) assert.ok(p.progress.total === null || p.progress.read <= p.progress.total);
      const after = await client.diagnosticsOf(uri);
      assert.ok(!after.some((d: any) => /checking the workspace/.test(d.message)));
    });
  });
}

describe('language server: a client that declares no capability and no workspace folder', function () {
  it('analyses an open document with settled verdicts (nothing to read) and does not crash', async function () {
    const client = new TestClient({ pull: false, rootUri: null, capabilities: {} });
    try {
      const init = await client.initialize();
      assert.ok(!init.capabilities.diagnosticProvider);
      const uri = 'untitled:draft';
      client.open(uri, 'plaintext', 'Mayor Elena Varga said the council spent 3.2 million euros on the bridge in 2021, more than any town in the region.\n');
      const diags = await client.diagnosticsOf(uri);
      assert.ok(!diags.some((d: any) => /checking the workspace/.test(d.message)), 'with no folder there is nothing to wait for');
      const hover = await client.hover(uri, { line: 0, character: 10 });
      if (hover) assert.doesNotMatch(hover.contents.value, /index is incomplete/);
      assert.equal(client.proc.exitCode, null);
    } finally {
      await client.shutdown();
    }
  });
});
