// contradicted-claim through the real language server: the fixture draft opened in a workspace holding a wire copy
// that disagrees with it and a paper that agrees; the diagnostic links the README section and relates the passage,
// the hover shows both wordings, and the only fix is "Mark as checked".
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { TestClient, ROOT } from './client';

const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'contradictions');

for (const pull of [true, false]) {
  describe(`language server: contradicted-claim (${pull ? 'pull' : 'push-only'} client)`, function () {
    let dir: string;
    let client: TestClient;

    before(function () {
      dir = mkdtempSync(path.join(tmpdir(), 'corroborate-contra-'));
      for (const f of ['draft.md', 'wire.txt', 'courier.txt']) copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
    });
    after(async function () {
      await client?.shutdown();
      rmSync(dir, { recursive: true, force: true });
    });

    it('reports the wire copy as a contradiction, relates it, hovers both wordings, offers no Cite for it', async function () {
      client = new TestClient({ pull, rootUri: URI.file(dir).toString() });
      await client.initialize(true);
      const uri = URI.file(path.join(dir, 'draft.md')).toString();
      client.open(uri, 'markdown', readFileSync(path.join(dir, 'draft.md'), 'utf8'));
      const diags = await client.diagnosticsOf(uri);
      const text = (d: any) => client.docs.get(uri)!.getText(d.range);
      const contradicted = diags.filter((d: any) => d.code === 'contradicted-claim');
      assert.equal(contradicted.length, 6, contradicted.map((d: any) => d.message).join('\n'));
      const rose = contradicted.find((d: any) => text(d).startsWith('Passenger numbers'));
      assert.ok(rose);
      assert.equal(rose.severity, 2);
      assert.match(rose.message, /^Contradicted by wire\.txt:9: fell there, rose here/);
      assert.match(rose.codeDescription.href, /#contradicted-claim$/);
      const related = rose.relatedInformation[0];
      assert.equal(related.location.uri, URI.file(path.join(dir, 'wire.txt')).toString());
      assert.equal(related.location.range.start.line, 8);
      assert.match(related.message, /antonym: fell vs rose/);
      // The agreeing paper is corroboration, never a contradiction.
      assert.ok(!contradicted.some((d: any) => d.relatedInformation?.some((r: any) => r.location.uri.endsWith('courier.txt') && /Reported differently/.test(r.message))));
      const hover = await client.hover(uri, rose.range.start);
      assert.match(hover.contents.value, /Contradicted claim/);
      assert.match(hover.contents.value, /~~rose~~ \*\*fell\*\*/);
      const actions = await client.codeActions(uri, rose.range, [rose]);
      assert.deepEqual(actions.map((a: any) => a.title), ['Mark as checked']);
    });
  });
}
