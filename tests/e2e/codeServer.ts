// Shared by the end-to-end suites: the prerequisites installed by scripts/e2e/setup.mjs, a code-server
// process (VS Code in the browser) on 127.0.0.1, and headless Chromium driven by playwright-core.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const REPO = path.resolve(__dirname, '..', '..');
export const CACHE = path.resolve(process.env.CORROBORATE_E2E_CACHE || path.join(REPO, '.cache', 'e2e'));
export const ARTIFACTS = path.join(REPO, 'artifacts', 'e2e');

export interface Prereqs {
  node: string;
  codeServer: string;
  chromium: string;
  codeServerVersion: string;
}

export function prereqs(): Prereqs {
  const file = path.join(CACHE, 'paths.json');
  if (!existsSync(file)) throw new Error(`${file} missing: run \`node scripts/e2e/setup.mjs\` (npm run test:e2e does)`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function vsixPath(): string {
  const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const file = path.join(REPO, `${pkg.name}-${pkg.version}.vsix`);
  if (!existsSync(file)) throw new Error(`${file} missing: run \`npm run package\` first`);
  return file;
}

/** User settings that keep the workbench quiet and predictable for tests. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'editor.wordWrap': 'on',
  'editor.minimap.enabled': false,
  'editor.hover.delay': 200,
  'files.autoSave': 'off',
};

export interface CodeServerDirs {
  base: string;
  userDataDir: string;
  extensionsDir: string;
}

/** Fresh user-data and extensions folders under `base`, with the given .vsix files installed. */
export function prepareCodeServer(base: string, p: Prereqs, vsixes: string[]): CodeServerDirs {
  const dirs = { base, userDataDir: path.join(base, 'user-data'), extensionsDir: path.join(base, 'extensions') };
  mkdirSync(path.join(dirs.userDataDir, 'User'), { recursive: true });
  mkdirSync(dirs.extensionsDir, { recursive: true });
  writeFileSync(path.join(dirs.userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2) + '\n');
  const r = spawnSync(p.node, [p.codeServer, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir, '--config', path.join(base, 'config.yaml'), ...vsixes.flatMap((v) => ['--install-extension', v])], {
    encoding: 'utf8',
    env: codeServerEnv(p),
  });
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return dirs;
}

/**
 * Packages an extension folder (the integration-test runner) as a .vsix with vsce, adding `extraFiles`.
 * (code-server ignores extension folders that were not installed: they must go through --install-extension.)
 */
export function packExtension(from: string, workDir: string, extraFiles: Record<string, string> = {}): string {
  const dir = path.join(workDir, path.basename(from));
  cpSync(from, dir, { recursive: true });
  for (const [name, content] of Object.entries(extraFiles)) writeFileSync(path.join(dir, name), content);
  const out = path.join(workDir, `${path.basename(from)}.vsix`);
  const vsce = path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`vsce package failed for ${from}:\n${r.stdout}\n${r.stderr}`);
  return out;
}

function codeServerEnv(p: Prereqs): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${path.dirname(p.node)}:${process.env.PATH}` };
  // Nothing of the outer Node/npm/VS Code session leaks into the extension host.
  for (const k of Object.keys(env)) if (k.startsWith('npm_') || k.startsWith('VSCODE_') || k === 'NODE_OPTIONS' || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  return env;
}

// code-server must not outlive the test process, even when mocha is interrupted before its `after` hooks.
const children = new Set<ChildProcess>();
let cleanupInstalled = false;
function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  const killAll = () => {
    for (const c of children) c.kill('SIGTERM');
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(sig, () => {
      killAll();
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningCodeServer {
  url: string;
  proc: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
  /** Rejects when the process exits before `stop()` (race it against waits). */
  exited: Promise<never>;
}

export async function startCodeServer(p: Prereqs, dirs: CodeServerDirs, open: string, timeoutMs = 120_000): Promise<RunningCodeServer> {
  installCleanup();
  const port = await freePort();
  const args = [
    p.codeServer,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--config', path.join(dirs.base, 'config.yaml'),
    '--user-data-dir', dirs.userDataDir,
    '--extensions-dir', dirs.extensionsDir,
    open,
  ];
  const proc = spawn(p.node, args, { env: codeServerEnv(p), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  proc.once('exit', () => children.delete(proc));
  let out = '';
  let stopping = false;
  const exited = new Promise<never>((_, reject) =>
    proc.once('exit', (code, signal) => {
      if (!stopping) reject(new Error(`code-server exited (${code ?? signal}):\n${out.slice(-4000)}`));
    }),
  );
  exited.catch(() => undefined);
  const ready = new Promise<void>((resolve) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/HTTP server listening on/.test(out)) resolve();
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`code-server did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs)));
  try {
    await Promise.race([ready, exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    proc,
    output: () => out,
    exited,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-default-browser-check'];

export async function launchBrowser(p: Prereqs): Promise<Browser> {
  return chromium.launch({ executablePath: p.chromium, headless: true, args: CHROMIUM_ARGS });
}

export async function openWorkbench(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
  return page;
}

export function artifactsDir(): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}
