// A workspace of 100,000 small files (generated into a temporary directory): indexed without running out
// of memory, and the server keeps answering hovers and diagnostics while it indexes.
//   CORROBORATE_STRESS_FILES=300000 npx mocha tests/robustness/workspace100k.test.ts
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { TestClient } from '../lsp/client';
import { bounded, Slowest } from './bounded';
import { prng } from './hostile';

const FILES = Number(process.env.CORROBORATE_STRESS_FILES ?? 100_000);
const BOUND_MS = 30_000;

function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

describe(`robustness: a workspace of ${FILES.toLocaleString('en')} files`, function () {
  this.timeout(600_000);
  let dir: string;

  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), 'corroborate-100k-'));
    const r = prng(100);
    const towns = ['Marrowby', 'Tallyford', 'Kestrel', 'Ashdown', 'Brennock', 'Varga'];
    for (let d = 0; d < Math.ceil(FILES / 1000); d++) {
      const sub = path.join(dir, `batch-${d}`);
      mkdirSync(sub);
      for (let i = d * 1000; i < Math.min(FILES, (d + 1) * 1000); i++) {
        const town = towns[Math.floor(r() * towns.length)];
        writeFileSync(path.join(sub, `note-${i}.${i % 3 ? 'txt' : 'md'}`), `Note ${i} from ${town}.\n\nThe ${town} council spent ${Math.floor(r() * 900) + 10} thousand euros on item ${i} in ${1990 + (i % 30)}.\n`);
      }
    }
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is indexed while hovers and diagnostics keep being answered', async function () {
    const client = new TestClient({ pull: true, rootUri: URI.file(dir).toString() });
    const slowest = new Slowest();
    const started = performance.now();
    try {
      let last: any = null;
      client.events.on('status', (p) => (last = p));
      const ready = bounded(client.initialize(), 300_000, 'indexing 100,000 files');
      let indexed = false;
      void ready.then(() => (indexed = true), () => undefined);
      // An open draft, asked about continuously until indexing is over.
      const uri = 'untitled:draft';
      const text = '“We will finish the repairs by June,” Mayor Elena Varga said.\n\nThe Marrowby council spent 500 thousand euros on the bridge in 2021.\n';
      await new Promise((r) => client.events.once('status', r));
      client.open(uri, 'plaintext', text);
      let during = 0;
      while (!indexed) {
        await bounded(client.hover(uri, { line: 0, character: 5 }), BOUND_MS, 'hover while indexing', slowest);
        const diags = await bounded(client.diagnosticsOf(uri), BOUND_MS, 'diagnostics while indexing', slowest);
        assert.ok(diags.some((d: any) => d.code === 'quote'));
        during++;
      }
      await ready;
      const indexMs = performance.now() - started;
      // Every file is in the corpus, and the open draft.
      if (!(last?.state === 'ready' && last.documents === FILES + 1)) {
        await bounded(client.waitFor('status', (p: any) => p.state === 'ready' && p.documents === FILES + 1), BOUND_MS, `a status with ${FILES + 1} documents (last: ${JSON.stringify(last)})`);
      }
      const hover = await bounded(client.hover(uri, { line: 2, character: 10 }), BOUND_MS, 'hover after indexing', slowest);
      assert.ok(hover, 'the claim is corroborated by the workspace');
      const rss = peakRssMb(client.proc.pid!);
      console.log(
        `      ${FILES} files: indexed in ${Math.round(indexMs / 100) / 10} s, ${during} hover+diagnostics rounds answered meanwhile (slowest ${Math.round(slowest.ms)} ms, ${slowest.what}), server peak RSS ${rss} MB`,
      );
      assert.ok(!(rss > 4096), `peak RSS ${rss} MB`);
      assert.ok(during > 0, 'requests were answered while indexing');
    } finally {
      await client.shutdown();
    }
  });
});
