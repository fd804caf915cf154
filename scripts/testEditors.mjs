// `npm run test:editors`: the language server in real editors, as their users install it.
//   1. Debian's Neovim, Emacs (nox) and eglot, installed with apt-get when missing (as root, or with
//      password-less sudo; DEBIAN_FRONTEND=noninteractive, `apt-get update` first).
//   2. `npm pack` (which builds: the `prepare` script), then `npm install -g --prefix <tmp>` of the tarball,
//      so that `<tmp>/bin/corroborate` is the command editors run and nothing is left on the machine.
//   3. mocha on tests/editors/ (the package checks, then Neovim and Emacs driven headless), with
//      CORROBORATE_EDITORS_PREFIX and CORROBORATE_EDITORS_TARBALL telling it where the package is.
// CORROBORATE_EDITORS_KEEP=1 keeps the temporary folder (the tarball, the prefix, the editors' workspaces).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const t0 = Date.now();
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)}s`;
const log = (m) => process.stdout.write(`[test:editors] ${m}\n`);

/** The Debian packages the editor tests drive (bookworm: Neovim 0.7.2, Emacs 28.2, eglot 1.9). */
const PACKAGES = ['neovim', 'emacs-nox', 'elpa-eglot'];

function installed(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function ensureDebianPackages() {
  const t = Date.now();
  const hasDpkg = spawnSync('dpkg-query', ['--version']).status === 0;
  if (!hasDpkg) {
    for (const cmd of ['nvim', 'emacs'])
      if (spawnSync(cmd, ['--version']).status !== 0) throw new Error(`${cmd} is missing and this is not a Debian system: install Neovim and Emacs with eglot yourself`);
    log('not a Debian system: using the nvim and emacs on PATH');
    return;
  }
  const missing = PACKAGES.filter((p) => !installed(p));
  if (missing.length === 0) {
    log(`Debian packages present: ${PACKAGES.join(', ')}`);
    return;
  }
  const asRoot = process.getuid?.() === 0;
  const sudo = asRoot ? [] : ['sudo', '-n'];
  if (!asRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) throw new Error(`missing Debian packages ${missing.join(', ')}: run as root or with password-less sudo, or install them`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => {
    const [cmd, ...rest] = [...sudo, ...args];
    log(`$ ${[cmd, ...rest].join(' ')}`);
    execFileSync(cmd, rest, { stdio: 'inherit', env });
  };
  run(['apt-get', 'update', '-q']);
  run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...missing]);
  log(`apt-get installed ${missing.join(', ')} in ${secs(t)}`);
}

const tmp = mkdtempSync(path.join(tmpdir(), 'corroborate-editors-'));
let status = 1;
try {
  ensureDebianPackages();

  let t = Date.now();
  // npm pack runs `prepare` (the build) first; its output goes to stderr, the JSON report to stdout.
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
  const tarball = path.join(tmp, packed[0].filename);
  log(`npm pack: ${packed[0].filename}, ${packed[0].size} bytes, ${packed[0].files.length} files (${packed[0].files.map((f) => f.path).join(', ')}) in ${secs(t)}`);

  t = Date.now();
  const prefix = path.join(tmp, 'prefix');
  execFileSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', tarball], { stdio: 'inherit' });
  const version = JSON.parse(readFileSync(path.join(prefix, 'lib', 'node_modules', 'corroborate', 'package.json'), 'utf8')).version;
  log(`npm install -g --prefix ${prefix}: corroborate ${version} in ${secs(t)}`);

  t = Date.now();
  const mocha = spawnSync(process.execPath, [path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--config', path.join(root, 'tests', 'editors', 'mocharc.json')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CORROBORATE_EDITORS_PREFIX: prefix, CORROBORATE_EDITORS_TARBALL: tarball, CORROBORATE_EDITORS_TMP: tmp },
  });
  log(`editor tests in ${secs(t)}`);
  status = mocha.status ?? 1;
} catch (e) {
  process.stderr.write(`[test:editors] ${e.message ?? e}\n`);
  status = 1;
} finally {
  if (process.env.CORROBORATE_EDITORS_KEEP === '1') log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
  log(`${status === 0 ? 'passed' : 'FAILED'} in ${secs(t0)} (apt-get, pack, install and editors)`);
}
process.exit(status);
