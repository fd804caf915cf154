// Hostile files and bad invocations through the CLI: each file analysed or skipped with one clear line,
// exit codes as the SPEC says (0 / 1 by findings, 2 on usage or input errors), never a stack trace.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI, ROOT } from '../lsp/client';
import { hostile, HOSTILE_KINDS, prose } from './hostile';
import { checkRanges, lspLines, splitsSurrogate } from './invariants';

const SIZE = 64 * 1024;
const BOUND_MS = 120_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; a run that does not end within the bound is killed and reported as such. */
function cli(args: string[], opts: { uid?: number; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, uid: opts.uid, gid: opts.uid, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8');
    p.stderr.setEncoding('utf8');
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`corroborate ${args.join(' ').slice(0, 200)}: no answer within ${BOUND_MS / 1000} s`));
    }, BOUND_MS);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function oneLineError(r: Run, what: string): void {
  assert.equal(r.code, 2, `${what}: exit 2 (got ${r.code}; ${r.stderr})`);
  assert.doesNotMatch(r.stderr, /\n\s+at |Error:|node:internal/, `${what}: no stack trace`);
  assert.match(r.stderr.split('\n')[0]!, /^corroborate: \S/, `${what}: a message`);
  assert.equal(r.stdout, '', `${what}: nothing on stdout`);
}

describe('robustness: hostile files through the CLI', function () {
  this.timeout(240_000);
  let dir: string;

  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), 'corroborate-cli-hostile-'));
    chmodSync(dir, 0o755);
    for (const k of HOSTILE_KINDS) writeFileSync(path.join(dir, `${k}.txt`), hostile(k, k === 'long-token' ? 1 : SIZE).bytes);
    writeFileSync(path.join(dir, 'ten-megabytes.txt'), prose(10 * 1024 * 1024, 5));
    writeFileSync(path.join(dir, 'one-line.txt'), prose(1024 * 1024, 6).replace(/\n+/g, ' '));
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks a directory of hostile files: each analysed or skipped with its reason, once', async function () {
    const r = await cli(['check', dir, '--format', 'json']);
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 2, r.stderr);
    assert.match(lines.find((l) => l.includes('binary.txt'))!, /^corroborate: skipped .*binary\.txt: binary file/);
    assert.match(lines.find((l) => l.includes('ten-megabytes.txt'))!, /^corroborate: skipped .*ten-megabytes\.txt: file is \d+ bytes, over the limit of 2000000 .*corroborate\.maxFileSize/);
    const out = JSON.parse(r.stdout);
    const names = out.files.map((f: any) => path.basename(f.path)).sort();
    assert.deepEqual(names, [...HOSTILE_KINDS.filter((k) => k !== 'binary').map((k) => `${k}.txt`), 'one-line.txt'].sort());
    for (const f of out.files) {
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(readFileSync(f.path));
      for (const q of f.quotes) assert.ok(text.slice(q.start, q.end).includes(q.text), `${f.path}: quote offsets`);
      for (const c of f.claims) {
        assert.equal(text.slice(c.start, c.end), c.text, `${f.path}: claim offsets`);
        assert.ok(!splitsSurrogate(text, c.start) && !splitsSurrogate(text, c.end));
      }
      // The CLI counts lines on \n only (as the JSON contract's offsets do); with \r\n the \r stays on the line.
      checkRanges(f.path, text.split('\n'), f.diagnostics);
    }
  });

  it('text and SARIF output stay one line per finding whatever the text holds', async function () {
    const t = await cli(['check', path.join(dir, 'markup.txt'), path.join(dir, 'crlf-bom.txt'), path.join(dir, 'rtl.txt'), '--fail-on', 'none']);
    assert.equal(t.code, 0);
    for (const line of t.stdout.trim().split('\n')) assert.match(line, /^.+:\d+:\d+: (?:error|warning|information|hint) [a-z-]+ [^\r]*$/, JSON.stringify(line));
    const s = await cli(['check', path.join(dir, 'emoji.txt'), '--format', 'sarif', '--fail-on', 'none']);
    const sarif = JSON.parse(s.stdout);
    assert.equal(sarif.version, '2.1.0');
    const text = readFileSync(path.join(dir, 'emoji.txt'), 'utf8');
    const lines = lspLines(text);
    for (const res of sarif.runs[0].results) {
      const reg = res.locations[0].physicalLocation.region;
      assert.ok(reg.startLine >= 1 && reg.startLine <= lines.length && reg.startColumn >= 1 && reg.startColumn <= lines[reg.startLine - 1]!.length + 1);
    }
  });

  it('an empty file gives no finding and exit 0', async function () {
    const r = await cli(['check', path.join(dir, 'empty.txt'), '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).files[0].diagnostics, []);
  });
});

describe('robustness: CLI exit codes and bad invocations', function () {
  this.timeout(120_000);
  let dir: string;
  let draft: string;

  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), 'corroborate-cli-bad-'));
    chmodSync(dir, 0o755);
    draft = path.join(dir, 'draft.txt');
    writeFileSync(draft, 'The council approved forty new pumps for the harbour district in March.\n\nIt was a nice day.\n');
    chmodSync(draft, 0o644);
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it('exit 1 when a finding reaches --fail-on, 0 otherwise', async function () {
    assert.equal((await cli(['check', draft])).code, 1, 'an unsupported claim is a warning');
    assert.equal((await cli(['check', draft, '--fail-on', 'error'])).code, 0);
    assert.equal((await cli(['check', draft, '--fail-on', 'none'])).code, 0);
    const calm = path.join(dir, 'calm.txt');
    writeFileSync(calm, 'It was a nice day.\n');
    assert.equal((await cli(['check', calm])).code, 0);
  });

  const bad: Array<[string, (d: string) => string[] | Promise<string[]>]> = [
    ['an unknown flag', (d) => ['check', path.join(d, 'draft.txt'), '--frobnicate']],
    ['an unknown flag before the path', () => ['check', '--colour=always', 'x']],
    ['a flag without its value', (d) => ['check', path.join(d, 'draft.txt'), '--format']],
    ['a bad value', (d) => ['check', path.join(d, 'draft.txt'), '--format', 'xml']],
    ['a bad --fail-on', (d) => ['check', path.join(d, 'draft.txt'), '--fail-on', 'sometimes']],
    ['a missing path', (d) => ['check', path.join(d, 'missing.txt')]],
    ['a missing corpus directory', (d) => ['check', path.join(d, 'draft.txt'), '--corpus', path.join(d, 'nowhere')]],
    ['no path at all', () => ['check']],
    ['an unknown command', () => ['frobnicate']],
    ['no command', () => []],
    ['search without a corpus', () => ['search', 'text']],
    ['search with a bad --top', (d) => ['search', '--corpus', d, '--top', 'many', 'text']],
    ['a settings file that is not JSON', (d) => (writeFileSync(path.join(d, 'bad.json'), '{ nope'), ['check', path.join(d, 'draft.txt'), '--settings', path.join(d, 'bad.json')])],
    ['a settings "file" that is a directory', (d) => ['check', path.join(d, 'draft.txt'), '--settings', d]],
    ['a missing queries file', (d) => ['search', '--corpus', d, '--queries', path.join(d, 'q.jsonl')]],
    ['a queries file with a bad line', (d) => (writeFileSync(path.join(d, 'bad.jsonl'), '{"id": 1, "text": "x"}\nnot json\n'), ['search', '--corpus', d, '--queries', path.join(d, 'bad.jsonl')])],
  ];
  for (const [what, args] of bad) {
    it(`${what}: a one-line message and exit 2`, async function () {
      oneLineError(await cli(await args(dir)), what);
    });
  }

  it('a FIFO given as a file: a one-line message and exit 2, not a hang', async function () {
    const fifo = path.join(dir, 'pipe.txt');
    const r = spawnSync('mkfifo', [fifo]);
    if (r.status !== 0) this.skip();
    oneLineError(await cli(['check', fifo]), 'a FIFO');
    // Inside a walked directory it is not a corpus file at all (only regular files are read).
    const sub = path.join(dir, 'withfifo');
    mkdirSync(sub);
    spawnSync('mkfifo', [path.join(sub, 'pipe.txt')]);
    writeFileSync(path.join(sub, 'a.txt'), 'It was a nice day.\n');
    const ok = await cli(['check', sub, '--fail-on', 'none']);
    assert.equal(ok.code, 0, ok.stderr);
  });

  it('an unreadable file: a one-line message and exit 2', async function () {
    const secret = path.join(dir, 'secret.txt');
    writeFileSync(secret, 'The council approved forty new pumps.\n');
    chmodSync(secret, 0o000);
    // As root every file is readable: run the CLI as an unprivileged user instead.
    const uid = process.getuid?.() === 0 ? 65534 : undefined;
    try {
      oneLineError(await cli(['check', secret], { uid, cwd: dir }), 'an unreadable file');
      // In a corpus directory it is skipped with its reason, and the check goes on.
      const r = await cli(['check', draft, '--corpus', dir, '--fail-on', 'none'], { uid, cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /skipped .*secret\.txt: cannot read/);
    } catch (e) {
      if (uid !== undefined && /EPERM|EACCES/.test(String(e))) this.skip(); // cannot switch users here
      throw e;
    }
  });

  it('settings of the wrong type: one line each on stderr, naming the setting; the check still runs', async function () {
    const s = path.join(dir, 'settings.json');
    writeFileSync(s, JSON.stringify({ corroborate: { claims: { threshold: 'high' }, maxFileSize: -5, severity: { unsupportedClaim: 'error' } } }));
    const r = await cli(['check', draft, '--settings', s, '--fail-on', 'error']);
    assert.equal(r.code, 1, 'severity.unsupportedClaim = error applies: exit 1 at --fail-on error');
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 2, r.stderr);
    assert.ok(lines.some((l) => l.includes('"corroborate.claims.threshold"')));
    assert.ok(lines.some((l) => l.includes('"corroborate.maxFileSize"')));
  });

  it('a corpus file whose name looks like URI escapes (100%.txt) does not break the check', async function () {
    const sub = path.join(dir, 'pct');
    mkdirSync(sub);
    writeFileSync(path.join(sub, 'draft.txt'), 'The council approved forty new pumps for the harbour district in March.\n');
    writeFileSync(path.join(sub, '100%.txt'), 'Members voted to buy 40 new pumps for the harbour district at the March meeting.\n');
    const r = await cli(['check', path.join(sub, 'draft.txt'), '--corpus', sub, '--format', 'json']);
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    const claim = JSON.parse(r.stdout).files[0].claims[0];
    assert.equal(claim.status, 'uncited');
  });
});
