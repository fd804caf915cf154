// Bundles the integration suite (tests/integration) into out/integration: the suite entry that
// @vscode/test-electron and the code-server runner both load, and the test-electron launcher.
// `vscode` is provided by the extension host; mocha is resolved from the repository's node_modules.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', sourcemap: 'inline', logLevel: 'warning', external: ['vscode', 'mocha', '@vscode/test-electron'] };
await Promise.all([
  build({ ...common, entryPoints: ['tests/integration/suite/index.ts'], outfile: 'out/integration/suite/index.js' }),
  build({ ...common, entryPoints: ['tests/integration/runTest.ts'], outfile: 'out/integration/runTest.js' }),
]);
