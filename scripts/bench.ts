// `npm run bench`: speed figures, reported (never asserted). Measured through the real language server
// over stdio (first diagnostics, diagnostics after a one-word edit, hover) and through the engine.
//
//   npm run bench                 the seed workspace (../shared/corpus/seeds)
//   npm run bench -- --json       JSON only
import { mkdtempSync, readdirSync, readFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URI } from 'vscode-uri';
import { TestClient } from '../tests/lsp/client';

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
}
const r2 = (x: number) => Math.round(x * 100) / 100;

async function seedsBench(): Promise<Record<string, unknown>> {
  const seeds = path.resolve(process.cwd(), '..', 'shared', 'corpus', 'seeds');
  const dir = mkdtempSync(path.join(tmpdir(), 'corroborate-bench-'));
  for (const f of readdirSync(seeds)) copyFileSync(path.join(seeds, f), path.join(dir, f));
  const client = new TestClient({ pull: true, rootUri: URI.file(dir).toString() });
  const t0 = performance.now();
  await client.initialize();
  const ready = performance.now() - t0;
  const first: number[] = [];
  const edit: number[] = [];
  const hover: number[] = [];
  for (const f of readdirSync(dir).sort()) {
    const uri = URI.file(path.join(dir, f)).toString();
    const text = readFileSync(path.join(dir, f), 'utf8');
    let t = performance.now();
    client.open(uri, 'plaintext', text);
    const diags = await client.diagnosticsOf(uri);
    first.push(performance.now() - t);
    // One-word edit: insert a word in the middle of the document.
    const doc = client.docs.get(uri)!;
    const at = doc.positionAt(Math.floor(text.length / 2));
    client.edit(uri, [{ range: { start: at, end: at }, newText: ' indeed' }]);
    t = performance.now();
    await client.diagnosticsOf(uri);
    edit.push(performance.now() - t);
    for (const d of diags) {
      for (let k = 0; k < 5; k++) {
        t = performance.now();
        await client.hover(uri, d.range.start);
        hover.push(performance.now() - t);
      }
    }
  }
  await client.shutdown();
  rmSync(dir, { recursive: true, force: true });
  return {
    workspace: 'seeds (5 articles)',
    server_ready_ms: r2(ready),
    first_diagnostics_ms: { mean: r2(first.reduce((a, b) => a + b, 0) / first.length), max: r2(Math.max(...first)) },
    diagnostics_after_edit_ms: { p50: r2(pct(edit, 50)), max: r2(Math.max(...edit)) },
    hover_ms: { n: hover.length, p50: r2(pct(hover, 50)), p95: r2(pct(hover, 95)) },
    note: 'round trips over stdio with a pull-diagnostics client, including JSON-RPC transport',
  };
}

async function main(): Promise<void> {
  const results = { seeds: await seedsBench() };
  process.stdout.write(JSON.stringify(results, null, 1) + '\n');
}

void main();
