// Runs the integration suite in a desktop VS Code through @vscode/test-electron (`npm run test:integration`).
// test-electron downloads a VS Code build on first use (into .vscode-test/), so this needs a machine that
// can reach the VS Code download servers, a pre-seeded .vscode-test/ folder, or
// CORROBORATE_VSCODE_EXECUTABLE pointing at an installed VS Code. Offline, the same suite runs inside
// code-server instead: `npm run test:e2e`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { prepareWorkspace, REPO } from './workspace';

async function main(): Promise<void> {
  const base = mkdtempSync(path.join(tmpdir(), 'corroborate-it-'));
  const ws = prepareWorkspace(base);
  try {
    await runTests({
      version: process.env.CORROBORATE_VSCODE_VERSION || 'stable',
      vscodeExecutablePath: process.env.CORROBORATE_VSCODE_EXECUTABLE || undefined,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: path.join(REPO, 'out', 'integration', 'suite', 'index.js'),
      launchArgs: [ws.workspaceFile, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`Integration tests failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
