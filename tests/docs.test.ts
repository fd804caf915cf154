// The README documents every setting and has a section for every diagnostic code (the target of codeDescription.href).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES } from '../server/src/engine/types';

const root = path.resolve(__dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('README', function () {
  it('documents every contributed setting', function () {
    for (const key of Object.keys(pkg.contributes.configuration.properties)) assert.ok(readme.includes('`' + key + '`'), key);
  });
  it('shows the Neovim 0.7 and Emacs configurations that `npm run test:editors` runs, verbatim', function () {
    for (const [file, lang] of [
      ['nvim-0.7.lua', 'lua'],
      ['eglot.el', 'elisp'],
    ]) {
      const config = readFileSync(path.join(root, 'tests', 'editors', file!), 'utf8');
      assert.ok(readme.includes('```' + lang + '\n' + config + '```\n'), `README quotes tests/editors/${file} as it is`);
    }
  });
  it('has a section for every diagnostic code', function () {
    for (const code of DIAGNOSTIC_CODES) assert.match(readme, new RegExp('^### `' + code + '`$', 'm'), code);
  });
});
