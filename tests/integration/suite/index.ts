// The integration suite's entry point, in the form @vscode/test-electron runs (`extensionTestsPath`
// exports `run`). The same bundle is run offline inside code-server by the runner extension
// (tests/e2e/runner), which passes `resultsFile` and reads the results back.
import { renameSync, writeFileSync } from 'node:fs';
import Mocha from 'mocha';

export interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface SuiteResults {
  passed: number;
  failed: number;
  pending: number;
  tests: TestResult[];
  durationMs: number;
}

/** Written whole, then renamed: a watcher never sees a half-written file. */
function writeResults(file: string, results: SuiteResults): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(results, null, 2) + '\n');
  renameSync(`${file}.tmp`, file);
}

export function run(options: { resultsFile?: string; grep?: string } = {}): Promise<SuiteResults> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
  if (options.grep) mocha.grep(options.grep);
  mocha.suite.emit('pre-require', globalThis, 'integration', mocha);
  // Statically listed so that the bundle holds them; each registers its suites when required.
  require('./seeds.test');
  require('./workspace.test');

  const started = Date.now();
  const tests: TestResult[] = [];
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const results: SuiteResults = {
          passed: tests.filter((t) => t.state === 'passed').length,
          failed: tests.filter((t) => t.state === 'failed').length,
          pending: tests.filter((t) => t.state === 'pending').length,
          tests,
          durationMs: Date.now() - started,
        };
        if (options.resultsFile) writeResults(options.resultsFile, results);
        // test-electron judges by the promise: reject when a test failed.
        if (failures > 0 && !options.resultsFile) reject(new Error(`${failures} integration test(s) failed`));
        else resolve(results);
      });
      runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
      runner.on('fail', (t, err) => tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: String(err?.stack ?? err) }));
      runner.on('pending', (t) => tests.push({ title: t.fullTitle(), state: 'pending' }));
    } catch (e) {
      if (options.resultsFile) writeResults(options.resultsFile, { passed: 0, failed: 1, pending: 0, durationMs: Date.now() - started, tests: [{ title: 'loading the suite', state: 'failed', error: String((e as Error)?.stack ?? e) }] });
      reject(e);
    }
  });
}
