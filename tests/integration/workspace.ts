// Builds the workspace the integration suite opens: a multi-root workspace file with three folders
//   seeds/    a copy of the five seed reports from ../shared/corpus/seeds (copied at run time, never
//             committed),
//   drafts/   an invented Markdown draft (tests/integration/fixtures/drafts),
//   sources/  an invented source document that corroborates the draft (tests/integration/fixtures/sources).
// Used by both launchers: @vscode/test-electron (runTest.ts) and code-server (tests/e2e).
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
export const SEEDS = process.env.CORROBORATE_SEEDS || path.resolve(REPO, '..', 'shared', 'corpus', 'seeds');
const FIXTURES = path.join(REPO, 'tests', 'integration', 'fixtures');

export interface PreparedWorkspace {
  base: string;
  workspaceFile: string;
  seeds: string;
  drafts: string;
  sources: string;
}

function copyDir(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from)) copyFileSync(path.join(from, f), path.join(to, f));
}

/** Creates the workspace under `base` (an empty or new folder) and returns its paths. */
export function prepareWorkspace(base: string, settings: Record<string, unknown> = {}): PreparedWorkspace {
  if (!existsSync(SEEDS)) throw new Error(`seed reports not found at ${SEEDS} (expected ../shared/corpus/seeds beside the repository)`);
  const ws: PreparedWorkspace = {
    base,
    workspaceFile: path.join(base, 'corroborate-it.code-workspace'),
    seeds: path.join(base, 'seeds'),
    drafts: path.join(base, 'drafts'),
    sources: path.join(base, 'sources'),
  };
  copyDir(SEEDS, ws.seeds);
  copyDir(path.join(FIXTURES, 'drafts'), ws.drafts);
  copyDir(path.join(FIXTURES, 'sources'), ws.sources);
  const workspace = {
    folders: [{ path: 'seeds' }, { path: 'drafts' }, { path: 'sources' }],
    settings: { 'files.autoSave': 'off', 'editor.wordWrap': 'on', 'workbench.startupEditor': 'none', ...settings },
  };
  writeFileSync(ws.workspaceFile, JSON.stringify(workspace, null, 2) + '\n');
  return ws;
}
