// The CLI reads the desk's `.corroborate.json` (the nearest above the first checked path, or above the corpus
// of a search); `--settings FILE` replaces it; its problems go to stderr one line each and the check still runs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI, ROOT } from '../lsp/client';

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI and .corroborate.json', function () {
  let desk: string;
  let draft: string;
  let sources: string;
  const config = (content: unknown) => writeFileSync(path.join(desk, '.corroborate.json'), typeof content === 'string' ? content : JSON.stringify(content));
  const severityOfPumps = (stdout: string) => {
    const f = JSON.parse(stdout).files[0];
    return f.diagnostics.find((d: any) => d.code === 'uncited-claim')?.severity;
  };

  before(() => {
    desk = mkdtempSync(path.join(tmpdir(), 'corroborate-desk-'));
    mkdirSync(path.join(desk, 'drafts', 'monday'), { recursive: true });
    sources = path.join(desk, 'sources');
    mkdirSync(sources);
    draft = path.join(desk, 'drafts', 'monday', 'draft.txt');
    writeFileSync(draft, 'The council approved forty new pumps for the harbour district in March.\n');
    writeFileSync(path.join(sources, 'minutes.txt'), 'Members voted to buy 40 new pumps for the harbour district at the March meeting.\n');
    writeFileSync(path.join(sources, 'wire.txt'), 'The harbour district pumps were bought in March, the wire said.\n');
  });
  after(() => rmSync(desk, { recursive: true, force: true }));

  it('check: the nearest file above the checked path sets the severity (default without it)', function () {
    const without = run(['check', draft, '--corpus', sources, '--format', 'json', '--fail-on', 'none']);
    assert.equal(without.code, 0, without.stderr);
    assert.equal(severityOfPumps(without.stdout), 'information');
    config({ severity: { uncitedClaim: 'hint' } });
    const r = run(['check', draft, '--corpus', sources, '--format', 'json', '--fail-on', 'none']);
    assert.equal(r.stderr, '');
    assert.equal(severityOfPumps(r.stdout), 'hint');
    // Flat keys too, and severity "error" reaches --fail-on.
    config({ 'severity.uncitedClaim': 'error' });
    assert.equal(run(['check', path.join(desk, 'drafts'), '--corpus', sources, '--fail-on', 'error']).code, 1);
  });

  it('check: one stderr line per bad entry or unknown key, naming the file and the key; the rest applies and the check runs', function () {
    config({ severity: { uncitedClaim: 'hint', quote: 'loud' }, claims: { threshold: 7 }, colour: 'red' });
    const r = run(['check', draft, '--corpus', sources, '--format', 'json', '--fail-on', 'none']);
    assert.equal(r.code, 0);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 3, r.stderr);
    const file = path.join(desk, '.corroborate.json');
    assert.ok(lines.every((l) => l.startsWith('corroborate: ') && l.includes(file)), r.stderr);
    assert.ok(lines.some((l) => l.includes('"severity.quote"')));
    assert.ok(lines.some((l) => l.includes('"claims.threshold"')));
    assert.ok(lines.some((l) => l.includes('unknown key "colour"')));
    assert.equal(severityOfPumps(r.stdout), 'hint');
  });

  it('check: bad JSON is one message, the file is ignored and the check runs with the defaults', function () {
    config('{ "severity": { "uncitedClaim": "hint" }');
    const r = run(['check', draft, '--corpus', sources, '--format', 'json', '--fail-on', 'none']);
    assert.equal(r.code, 0);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /\.corroborate\.json is not valid JSON/);
    assert.equal(severityOfPumps(r.stdout), 'information');
  });

  it('--settings FILE wins: the workspace file is not read', function () {
    config({ severity: { uncitedClaim: 'hint', quote: 'loud' } });
    const s = path.join(desk, 'ci-settings.json');
    writeFileSync(s, JSON.stringify({ corroborate: { severity: { uncitedClaim: 'warning' } } }));
    const r = run(['check', draft, '--corpus', sources, '--format', 'json', '--fail-on', 'none', '--settings', s]);
    assert.equal(r.stderr, '');
    assert.equal(severityOfPumps(r.stdout), 'warning');
  });

  it('--settings FILE is read once for all paths: a bad entry is said once', function () {
    const s = path.join(desk, 'ci-bad.json');
    writeFileSync(s, JSON.stringify({ claims: { threshold: 'high' } }));
    const r = run(['check', draft, sources, '--fail-on', 'none', '--settings', s]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /claims\.threshold/);
  });

  it('check: each path is checked with the settings of the .corroborate.json nearest to it', function () {
    config({ severity: { uncitedClaim: 'hint' } });
    const other = mkdtempSync(path.join(tmpdir(), 'corroborate-desk2-'));
    try {
      writeFileSync(path.join(other, '.corroborate.json'), JSON.stringify({ severity: { uncitedClaim: 'error' } }));
      writeFileSync(path.join(other, 'b.txt'), 'The council approved forty new pumps for the harbour district in March.\n');
      const r = run(['check', draft, path.join(other, 'b.txt'), '--corpus', sources, '--format', 'json', '--fail-on', 'none']);
      assert.equal(r.code, 0);
      assert.equal(r.stderr, '');
      const files = JSON.parse(r.stdout).files;
      assert.deepEqual(files.map((f: any) => f.diagnostics.find((d: any) => d.code === 'uncited-claim')?.severity), ['hint', 'error']);
      // --fail-on reads each file's own severity: the error of the second desk fails the run.
      assert.equal(run(['check', draft, path.join(other, 'b.txt'), '--corpus', sources, '--fail-on', 'error']).code, 1);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('search: the file nearest the corpus directory applies (corpus.exclude)', function () {
    config({});
    const all = JSON.parse(run(['search', '--corpus', sources, '--format', 'json', 'harbour district pumps March']).stdout).results.map((x: any) => path.basename(x.path));
    assert.deepEqual(all.sort(), ['minutes.txt', 'wire.txt']);
    config({ corpus: { exclude: ['**/wire.txt'] } });
    const r = run(['search', '--corpus', sources, '--format', 'json', 'harbour district pumps March']);
    assert.equal(r.stderr, '');
    assert.deepEqual(JSON.parse(r.stdout).results.map((x: any) => path.basename(x.path)), ['minutes.txt']);
  });
});
