// Inputs that make a backtracking regular expression quadratic (long runs of white space after "?" or "!"
// at the end of a sentence, or between an attribution and a comma). Analysis must stay linear: these
// ~1 MB files take a few seconds when it is, and hours when it is not. Run through the CLI and the
// language server (separate processes, so a hang is cut at the bound and reported, not waited for).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { CLI, ROOT, TestClient } from '../lsp/client';
import { bounded } from './bounded';
import { checkRanges, lspLines } from './invariants';

const RUN = 300_000;
const BOUND_MS = 30_000;

/** One paragraph per pattern; each is a single sentence holding a 300,000-character run. */
export function backtrackingInput(run = RUN): string {
  const ws = ' '.repeat(run);
  return [
    `Is it true that the council spent 3 million euros in 2021?${ws}x`, // claims: QUESTION_END, attribution: question test
    `The council spent 3 million euros in 2021!${ws}x`, // claims: exclamation feature
    `Elena Varga said${ws},x “We will finish the repairs by June.”`, // attribution: text between cue and quote
    `“We will finish the repairs by June,”${'\t'.repeat(run)}x Elena Varga said.`,
  ].join('\n\n');
}

describe('robustness: no catastrophic backtracking', function () {
  this.timeout(BOUND_MS * 2 + 30_000);
  let dir: string;
  let file: string;

  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), 'corroborate-redos-'));
    file = path.join(dir, 'runs.txt');
    writeFileSync(file, backtrackingInput());
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it('the CLI analyses runs of 300,000 spaces in linear time (answers within the bound)', async function () {
    const p = spawn(process.execPath, [CLI, 'check', file, '--format', 'json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    const code = await bounded(new Promise<number | null>((r) => p.on('close', r)), BOUND_MS, 'corroborate check on 300,000-space runs (catastrophic backtracking?)').finally(() => p.kill('SIGKILL'));
    assert.ok(code === 0 || code === 1, `exit ${code}`);
    assert.equal(JSON.parse(out).files.length, 1);
  });

  it('the language server answers diagnostics and hovers on them within the bound', async function () {
    const client = new TestClient({ pull: true, rootUri: URI.file(dir).toString() });
    let hung = false;
    try {
      await bounded(client.initialize(), BOUND_MS, 'initialize (indexing the runs)');
      const uri = URI.file(file).toString();
      const text = backtrackingInput();
      client.open(uri, 'plaintext', text);
      const diags = await bounded(client.diagnosticsOf(uri), BOUND_MS, 'diagnostics of 300,000-space runs (catastrophic backtracking?)').catch((e) => {
        hung = true;
        throw e;
      });
      checkRanges('runs', lspLines(text), diags);
      await bounded(client.hover(uri, { line: 0, character: 3 }), BOUND_MS, 'hover');
    } finally {
      if (hung) client.proc.kill('SIGKILL');
      else await client.shutdown();
    }
  });
});
