// Protocol tests: the real bundled server over stdio, from a client with pull diagnostics and from a
// push-only client: initialize -> didOpen -> diagnostics -> hover -> code action -> apply -> finding gone.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { TestClient, ROOT } from './client';

const SEEDS = path.resolve(ROOT, '..', 'shared', 'corpus', 'seeds');

function seedFile(prefix: string): string {
  return readdirSync(SEEDS).find((f) => f.startsWith(prefix))!;
}

/** 0-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle));
}

const variants: Array<{ name: string; pull: boolean; viaCli?: boolean }> = [
  { name: 'pull diagnostics client', pull: true },
  { name: 'push-only client', pull: false },
  { name: 'push-only client via `corroborate lsp --stdio`', pull: false, viaCli: true },
];

for (const v of variants) {
  describe(`language server: ${v.name}`, function () {
    let dir: string;
    let client: TestClient;
    let uri004: string;
    let text004: string;

    before(async function () {
      dir = mkdtempSync(path.join(tmpdir(), 'corroborate-lsp-'));
      for (const f of readdirSync(SEEDS)) copyFileSync(path.join(SEEDS, f), path.join(dir, f));
      client = new TestClient({ pull: v.pull, rootUri: URI.file(dir).toString(), viaCli: v.viaCli });
      const init = await client.initialize();
      assert.equal(!!init.capabilities.diagnosticProvider, v.pull, 'pull diagnostics advertised only to clients that support them');
      const f = seedFile('004');
      uri004 = URI.file(path.join(dir, f)).toString();
      text004 = readFileSync(path.join(dir, f), 'utf8');
      client.open(uri004, 'plaintext', text004);
    });

    after(async function () {
      await client?.shutdown();
      rmSync(dir, { recursive: true, force: true });
    });

    it('reports the seed findings with codes, sources and documentation links', async function () {
      const diags = await client.diagnosticsOf(uri004);
      const doc = client.docs.get(uri004)!;
      const textOf = (d: any) => doc.getText(d.range);
      for (const d of diags) {
        assert.equal(d.source, 'corroborate');
        assert.match(d.codeDescription.href, new RegExp(`#${d.code}$`));
      }
      const unsupported = diags.filter((d) => d.code === 'unsupported-claim').map(textOf);
      assert.ok(unsupported.some((t) => t.startsWith('Currently, Russian forces control nearly a fifth')), `unsupported: ${unsupported.join(' | ')}`);
      const uncited = diags.find((d) => d.code === 'uncited-claim' && textOf(d).startsWith('Moscow has consistently opposed'));
      assert.ok(uncited, 'the NATO claim is an uncited claim');
      const text001 = readFileSync(path.join(dir, seedFile('001')), 'utf8');
      const want = lineOf(text001, 'unwavering objection');
      assert.ok(
        uncited.relatedInformation.some((r: any) => r.location.uri.endsWith(seedFile('001')) && r.location.range.start.line === want),
        'related information points at the corroborating line of 001',
      );
      // The quote that opens with a curly mark and closes with a straight one is Peskov's.
      const mixed = diags.find((d) => d.code === 'quote' && textOf(d).startsWith('“Putin himself said'));
      assert.ok(mixed, 'mismatched-mark quote found');
      assert.match(mixed.message, /Dmitry Peskov/);
      // Reported statements and debris are never claims.
      assert.ok(!diags.some((d) => d.code.endsWith('claim') && /^According to Peskov/.test(textOf(d))));
      assert.ok(!diags.some((d) => /Source:JND/.test(textOf(d))));
    });

    it('hovers show the corroborating passage as a link to its line', async function () {
      const doc = client.docs.get(uri004)!;
      const offset = doc.getText().indexOf('Moscow has consistently opposed');
      const hover = await client.hover(uri004, doc.positionAt(offset + 5));
      assert.ok(hover, 'hover returned');
      const md: string = hover.contents.value;
      const text001 = readFileSync(path.join(dir, seedFile('001')), 'utf8');
      assert.ok(md.includes(`${seedFile('001').replace(/_/g, '\\_')}`) || md.includes(seedFile('001')), md);
      assert.ok(md.includes(`#L${lineOf(text001, 'unwavering objection') + 1})`), md);
      assert.match(md, /Corroborated by \d+ document/);
    });

    it('"Cite" inserts a citation as a versioned edit and the finding goes away', async function () {
      let doc = client.docs.get(uri004)!;
      const diags = await client.diagnosticsOf(uri004);
      const uncited = diags.find((d) => d.code === 'uncited-claim' && doc.getText(d.range).startsWith('Moscow has consistently opposed'));
      assert.ok(uncited);
      const onlyOther = await client.codeActions(uri004, uncited.range, [uncited], ['refactor']);
      assert.equal(onlyOther.length, 0, 'context.only is honoured');
      const actions = await client.codeActions(uri004, uncited.range, [uncited]);
      const cite = actions.find((a) => a.title.startsWith(`Cite ${seedFile('001')}:`));
      assert.ok(cite, `actions: ${actions.map((a) => a.title).join(', ')}`);
      assert.equal(cite.isPreferred, true);
      const change = cite.edit.documentChanges[0];
      assert.equal(change.textDocument.version, doc.version, 'edit is versioned');
      doc = client.edit(uri004, change.edits);
      assert.match(doc.getText(), /\[source: 001_[0-9a-f]+\.txt#L\d+\]/);
      const after = await client.diagnosticsOf(uri004);
      assert.ok(!after.some((d) => d.code === 'uncited-claim' && doc.getText(d.range).startsWith('Moscow has consistently opposed')), 'finding gone after citing');
      // Undo brings it back.
      const inserted = change.edits[0];
      const start = inserted.range.start;
      const end = doc.positionAt(doc.offsetAt(start) + inserted.newText.length);
      doc = client.edit(uri004, [{ range: { start, end }, newText: '' }]);
      assert.equal(doc.getText(), text004);
      const undone = await client.diagnosticsOf(uri004);
      assert.ok(undone.some((d) => d.code === 'uncited-claim' && doc.getText(d.range).startsWith('Moscow has consistently opposed')), 'finding back after undo');
    });

    it('refuses code actions computed for an older version', async function () {
      const doc = client.docs.get(uri004)!;
      const diags = await client.diagnosticsOf(uri004);
      const d = diags.find((x) => x.code === 'uncited-claim')!;
      const stale = { ...d, data: { ...d.data, version: doc.version - 1 } };
      const actions = await client.codeActions(uri004, d.range, [stale]);
      assert.equal(actions.length, 0);
    });

    it('attributes the quote in 000 to Putin although Trump is the nearest name', async function () {
      const f = seedFile('000');
      const uri = URI.file(path.join(dir, f)).toString();
      const doc = client.open(uri, 'plaintext', readFileSync(path.join(dir, f), 'utf8'));
      const diags = await client.diagnosticsOf(uri);
      const q = diags.find((d) => d.code === 'quote' && doc.getText(d.range).startsWith('“We do not view any rearmament'));
      assert.ok(q);
      assert.match(q.message, /Vladimir Putin/);
      // The openness sentence reports Putin's statement ("…, but specified that…"): attributed (issue 13), so it is no
      // finding of its own (it was checked here as an uncited claim corroborated by 001, 002 and 004).
      assert.ok(!diags.some((d) => d.code.endsWith('claim') && doc.getText(d.range).includes('expressed his openness to meet')), 'a reported statement is no outlet claim');
    });
  });
}
