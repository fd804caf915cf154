// Test-only extension, installed next to the packaged Corroborate extension by tests/e2e/integration.e2e.ts.
// On startup it loads the integration suite bundle named in config.json (written beside this file at
// install time) and runs it in this real extension host; the suite writes its results to a file that
// the test driver awaits.
const fs = require('node:fs');
const path = require('node:path');

exports.activate = async function activate(context) {
  const config = JSON.parse(fs.readFileSync(path.join(context.extensionPath, 'config.json'), 'utf8'));
  const fail = (e) => {
    const tmp = `${config.resultsFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ passed: 0, failed: 1, pending: 0, durationMs: 0, tests: [{ title: 'runner', state: 'failed', error: String((e && e.stack) || e) }] }, null, 2) + '\n');
    fs.renameSync(tmp, config.resultsFile);
  };
  try {
    const suite = require(config.suite);
    await suite.run({ resultsFile: config.resultsFile, grep: config.grep });
  } catch (e) {
    if (!fs.existsSync(config.resultsFile)) fail(e);
  }
};

exports.deactivate = function deactivate() {};
