// Runs the integration suite (tests/integration/suite) offline in a real VS Code extension host: the one
// of code-server. The packaged .vsix and a runner extension (tests/e2e/runner, activated on startup) are
// installed; a headless Chromium opens the multi-root workspace so that the extension host starts; the
// runner runs the mocha suite and writes its results to a file, which this test awaits.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { prepareWorkspace } from '../integration/workspace';
import { artifactsDir, launchBrowser, openWorkbench, packExtension, prepareCodeServer, prereqs, REPO, startCodeServer, vsixPath, type RunningCodeServer } from './codeServer';

interface SuiteResults {
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  tests: Array<{ title: string; state: string; durationMs?: number; error?: string }>;
}

/** Resolves when `file` exists (an fs.watch event on its folder, or already there). */
function fileAppears(file: string, timeoutMs: number, alsoFail: Promise<never>): Promise<void> {
  return new Promise((resolve, reject) => {
    const dir = path.dirname(file);
    const watcher = watch(dir, () => {
      if (existsSync(file)) done();
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`no results in ${file} after ${timeoutMs} ms`));
    }, timeoutMs);
    function done(): void {
      clearTimeout(timer);
      watcher.close();
      resolve();
    }
    alsoFail.catch((e) => {
      clearTimeout(timer);
      watcher.close();
      reject(e);
    });
    if (existsSync(file)) done();
  });
}

describe('integration suite inside code-server (real extension host, offline)', function () {
  let base: string;
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let results: SuiteResults;

  before(async function () {
    const p = prereqs();
    base = mkdtempSync(path.join(tmpdir(), 'corroborate-it-cs-'));
    const ws = prepareWorkspace(path.join(base, 'workspace'));
    const resultsDir = path.join(base, 'results');
    mkdirSync(resultsDir);
    const resultsFile = path.join(resultsDir, 'results.json');
    const suite = path.join(REPO, 'out', 'integration', 'suite', 'index.js');
    assert.ok(existsSync(suite), `${suite} missing: run \`npm run build:integration\``);
    mkdirSync(path.join(base, 'runner'));
    const runner = packExtension(path.join(REPO, 'tests', 'e2e', 'runner'), path.join(base, 'runner'), {
      'config.json': JSON.stringify({ suite, resultsFile, grep: process.env.CORROBORATE_IT_GREP }, null, 2) + '\n',
    });
    const dirs = prepareCodeServer(path.join(base, 'code-server'), p, [vsixPath(), runner]);
    server = await startCodeServer(p, dirs, ws.workspaceFile);
    browser = await launchBrowser(p);
    page = await openWorkbench(browser, `${server.url}?workspace=${encodeURIComponent(ws.workspaceFile)}`);
    await fileAppears(resultsFile, 15 * 60_000, server.exited);
    results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  });

  after(async function () {
    if (page) await page.screenshot({ path: path.join(artifactsDir(), 'integration-end.png') }).catch(() => undefined);
    await browser?.close();
    await server?.stop();
    if (base && !process.env.CORROBORATE_E2E_KEEP) rmSync(base, { recursive: true, force: true });
  });

  it('runs every integration test and all pass', function () {
    for (const t of results.tests) {
      console.log(`      ${t.state === 'passed' ? '✔' : t.state === 'failed' ? '✗' : '-'} ${t.title}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ''}`);
      if (t.error) console.log(t.error.split('\n').map((l) => `          ${l}`).join('\n'));
    }
    console.log(`      in the extension host: ${results.passed} passed, ${results.failed} failed, ${results.pending} pending, ${(results.durationMs / 1000).toFixed(1)} s`);
    assert.equal(results.failed, 0, 'integration failures (see above)');
    assert.ok(results.passed >= (process.env.CORROBORATE_IT_GREP ? 1 : 8), `expected the whole suite to run, ran ${results.passed}`);
  });
});
