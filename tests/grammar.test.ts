// The TextMate grammars parse, every regex compiles, and the sample lines are scoped as intended.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

describe('TextMate grammars', function () {
  it('pass syntaxes/check-grammars.js', function () {
    execFileSync(process.execPath, [path.resolve(__dirname, '..', 'syntaxes', 'check-grammars.js')], { stdio: 'pipe' });
  });
});
