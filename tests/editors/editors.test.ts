// The packed package installed globally, then driven from real editors (`npm run test:editors`, which packs,
// installs into a temporary prefix and sets CORROBORATE_EDITORS_PREFIX; see scripts/testEditors.mjs).
// Neovim 0.7 and Emacs 28 + eglot run headless with the README's configurations (nvim-0.7.lua and eglot.el
// beside this file) and no Corroborate settings; each writes what it saw as JSON, asserted on here.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SEEDS = path.resolve(ROOT, '..', 'shared', 'corpus', 'seeds');
const HERE = __dirname;
const PREFIX = process.env.CORROBORATE_EDITORS_PREFIX ?? '';
const TARBALL = process.env.CORROBORATE_EDITORS_TARBALL ?? '';
const TMP = process.env.CORROBORATE_EDITORS_TMP ?? '';
const PKG_DIR = path.join(PREFIX, 'lib', 'node_modules', 'corroborate');
const BIN = path.join(PREFIX, 'bin', 'corroborate');
const EDITOR_TIMEOUT_MS = 60_000;

const seedFile = (prefix: string) => readdirSync(SEEDS).find((f) => f.startsWith(prefix))!;
const SEED = seedFile('004');
const SOURCE = seedFile('001');
/** The NATO claim of 004 (the sentence that starts with these words) followed by the citation "Cite" inserts. */
const CLAIM = 'Moscow has consistently opposed';
function citedClaim(): string {
  const text = readFileSync(path.join(SEEDS, SEED), 'utf8');
  const start = text.indexOf(CLAIM);
  const end = text.indexOf('. ', start) + 1;
  return `${text.slice(start, end)} [source: ${SOURCE}#L${sourceLine()}]`;
}
/** 1-based line of 001 that corroborates the NATO claim of 004. */
const sourceLine = () => readFileSync(path.join(SEEDS, SOURCE), 'utf8').split('\n').findIndex((l) => l.includes('unwavering objection')) + 1;

/** A fresh workspace of the five seeds, and a HOME of its own (editors write state there, not in the real one). */
function workspace(name: string): { dir: string; home: string } {
  const base = mkdtempSync(path.join(TMP, `${name}-`));
  const dir = path.join(base, 'workspace');
  const home = path.join(base, 'home');
  mkdirSync(dir);
  mkdirSync(home);
  for (const f of readdirSync(SEEDS)) {
    copyFileSync(path.join(SEEDS, f), path.join(dir, f));
    chmodSync(path.join(dir, f), 0o644); // ../shared is read-only in CI; the editors save the draft
  }
  return { dir, home };
}

/** Runs an editor in `ws`, with the installed package first on PATH; returns the JSON it wrote. */
function runEditor(cmd: string, args: string[], ws: { dir: string; home: string }): any {
  const result = path.join(ws.home, 'result.json');
  const env = {
    ...process.env,
    PATH: `${path.join(PREFIX, 'bin')}${path.delimiter}${process.env.PATH}`,
    HOME: ws.home,
    XDG_CONFIG_HOME: path.join(ws.home, '.config'),
    XDG_DATA_HOME: path.join(ws.home, '.local', 'share'),
    XDG_STATE_HOME: path.join(ws.home, '.local', 'state'),
    XDG_CACHE_HOME: path.join(ws.home, '.cache'),
    CORROBORATE_RESULT: result,
    CORROBORATE_OPEN: SEED,
    CORROBORATE_TIMEOUT_MS: String(EDITOR_TIMEOUT_MS),
  };
  const r = spawnSync(cmd, args, { cwd: ws.dir, env, encoding: 'utf8', timeout: EDITOR_TIMEOUT_MS * 4, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  assert.ok(existsSync(result), `${cmd} wrote no result (status ${r.status}, signal ${r.signal}):\n${output}`);
  const json = JSON.parse(readFileSync(result, 'utf8'));
  json.output = output;
  return json;
}

describe('the packed package, installed with npm install -g', function () {
  before(function () {
    assert.ok(PREFIX && existsSync(BIN), 'run through `npm run test:editors` (it packs and installs the package, then sets CORROBORATE_EDITORS_PREFIX)');
  });

  it('holds only the bundled CLI (server included), README, LICENSE and package.json', function () {
    const files = execFileSync('tar', ['-tzf', TARBALL], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
    assert.deepEqual(files, ['LICENSE', 'README.md', 'dist/cli/main.js', 'package.json']);
  });

  it('names its license and needs no dependency at run time', function () {
    const pkg = JSON.parse(readFileSync(path.join(PKG_DIR, 'package.json'), 'utf8'));
    assert.equal(pkg.license, 'MIT');
    assert.match(readFileSync(path.join(PKG_DIR, 'LICENSE'), 'utf8'), /MIT License/);
    assert.deepEqual(pkg.dependencies ?? {}, {});
    assert.deepEqual(pkg.bin, { corroborate: './dist/cli/main.js' });
    assert.ok(!existsSync(path.join(PKG_DIR, 'node_modules')), 'nothing installed beside the package');
    // The esbuild bundle is self-contained: every require() it keeps is one of Node's own modules.
    const bundle = readFileSync(path.join(PKG_DIR, 'dist', 'cli', 'main.js'), 'utf8');
    const required = new Set([...bundle.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!));
    assert.ok(required.size > 0);
    const builtins = new Set(builtinModules);
    for (const m of required) assert.ok(builtins.has(m.replace(/^node:/, '')), `the bundle requires ${m}, which is not built into Node`);
  });

  it('`corroborate --version` prints the package version', function () {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(execFileSync(BIN, ['--version'], { encoding: 'utf8' }).trim(), pkg.version);
  });

  it('`corroborate check` and `corroborate search` work from the installed command', function () {
    const ws = workspace('cli');
    const out = spawnSync(BIN, ['check', SEED, '--corpus', '.', '--fail-on', 'none', '--format', 'json'], { cwd: ws.dir, encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    const report = JSON.parse(out.stdout);
    const diags = report.files[0].diagnostics;
    assert.ok(diags.some((d: any) => d.code === 'uncited-claim' && d.message.includes(`${SOURCE}:${sourceLine()}`)), out.stdout.slice(0, 2000));
    const search = spawnSync(BIN, ['search', '--corpus', '.', '--format', 'json', "Moscow's objection to Ukraine's NATO membership"], { cwd: ws.dir, encoding: 'utf8' });
    assert.equal(search.status, 0, search.stderr);
    assert.ok(search.stdout.includes(SOURCE), search.stdout);
  });
});

describe('Neovim 0.7 (Debian), headless, with the README configuration', function () {
  let r: any;
  before(function () {
    assert.ok(PREFIX, 'run through `npm run test:editors`');
    const ws = workspace('nvim');
    r = runEditor('nvim', ['--headless', '--clean', '-u', path.join(HERE, 'nvim-test.lua')], ws);
    assert.equal(r.error, undefined, `driver error: ${r.error}\n${r.output}`);
  });

  it('detects the text filetype and attaches `corroborate lsp --stdio` with no settings', function () {
    assert.match(r.nvim, /^0\.\d+\.\d+$/);
    assert.equal(r.filetype, 'text');
    assert.equal(r.attached, true, JSON.stringify(r.steps));
    assert.equal(r.client.name, 'corroborate');
  });

  it('gets pushed diagnostics: quotes, an unsupported claim and the claim another seed corroborates', function () {
    assert.equal(r.diagnostics_arrived, true, JSON.stringify(r.diagnostics));
    for (const d of r.diagnostics) assert.equal(d.source, 'corroborate');
    const codes = new Set(r.diagnostics.map((d: any) => d.code));
    for (const c of ['quote', 'unsupported-claim', 'uncited-claim']) assert.ok(codes.has(c), `${c} in ${[...codes]}`);
    const uncited = r.diagnostics.find((d: any) => d.code === 'uncited-claim' && d.text.startsWith(CLAIM));
    assert.match(uncited.message, new RegExp(`corroborated by \\d+ document.*${SOURCE.replace('.', '\\.')}:${sourceLine()}`));
  });

  it('shows a hover whose contents link to the corroborating line', function () {
    assert.ok(r.hover, `no hover: ${JSON.stringify(r.hover_error)}`);
    const md = typeof r.hover === 'string' ? r.hover : r.hover.value;
    assert.match(md, /Corroborated by \d+ document/);
    assert.ok(md.includes(`/${SOURCE}#L${sourceLine()})`), md);
    assert.match(md, /\]\(file:\/\/\//, 'a Markdown link to the file');
  });

  it('applies the "Cite" code action picked in vim.lsp.buf.code_action(), and the finding goes away', function () {
    assert.ok(r.code_actions.includes(`Cite ${SOURCE}:${sourceLine()}`), JSON.stringify(r.code_actions));
    assert.equal(r.edited, true);
    assert.ok(r.line_after.includes(citedClaim()), `${r.line_after}\nshould include\n${citedClaim()}`);
    assert.equal(r.finding_gone, true, JSON.stringify(r.diagnostics_after));
    assert.ok(r.diagnostics_after.some((d: any) => d.code === 'unsupported-claim'), 'the other findings stay');
    assert.deepEqual(r.notifications, [], 'no error or warning shown to the user');
  });
});

describe('Emacs 28 + eglot (Debian), batch mode, with the README configuration', function () {
  let r: any;
  before(function () {
    assert.ok(PREFIX, 'run through `npm run test:editors`');
    const ws = workspace('emacs');
    r = runEditor('emacs', ['--batch', '-q', '-l', path.join(HERE, 'eglot-test.el')], ws);
    assert.equal(r.error, undefined, `driver error: ${r.error}\n${r.output}`);
  });

  it('starts eglot from text-mode with `corroborate lsp --stdio`, language id "text", no settings', function () {
    assert.equal(r.major_mode, 'text-mode');
    assert.equal(r.managed, true, r.output);
    assert.equal(r.language_id, 'text');
    assert.equal(r.flymake_mode, true);
    assert.ok(!/unsupported capability|\((?:warning|error)\)|^(?:Warning|Error)\b/im.test(r.output), `eglot complained:\n${r.output}`);
  });

  it('gets the corroborate diagnostics in Flymake', function () {
    assert.equal(r.diagnostics_arrived, true, JSON.stringify(r.diagnostics));
    const uncited = r.diagnostics.find((d: any) => d.text.startsWith('corroborate [uncited-claim]') && d.snippet.startsWith(CLAIM));
    assert.ok(uncited, JSON.stringify(r.diagnostics));
    assert.ok(uncited.text.includes(`${SOURCE}:${sourceLine()}`), uncited.text);
    assert.equal(uncited.type, 'eglot-note');
    assert.ok(r.diagnostics.some((d: any) => d.text.startsWith('corroborate [unsupported-claim]') && d.type === 'eglot-warning'));
    assert.ok(r.diagnostics.some((d: any) => d.text.startsWith('corroborate [quote]: Quote attributed to Dmitry Peskov')));
  });

  it('applies "Cite" picked in M-x eglot-code-actions; saved, the finding goes away', function () {
    assert.ok(r.code_actions.includes(`Cite ${SOURCE}:${sourceLine()}`), JSON.stringify(r.code_actions));
    assert.equal(r.edited, true);
    assert.ok(r.line_after.includes(citedClaim()), `${r.line_after}\nshould include\n${citedClaim()}`);
    assert.equal(r.saved_has_citation, true);
    assert.equal(r.finding_gone, true, JSON.stringify(r.diagnostics_after));
    assert.ok(r.diagnostics_after.some((d: any) => d.text.startsWith('corroborate [unsupported-claim]')), 'the other findings stay');
  });
});
