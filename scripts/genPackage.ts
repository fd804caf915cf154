// Generates package.json "contributes" from the one declaration of the settings (server/src/settings.ts)
// and the command list. `node dist/scripts/genPackage.js` rewrites package.json; `--check` exits 1 on drift
// (the test suite runs the same comparison).
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SETTINGS } from '../server/src/settings';
import { Commands } from '../server/src/protocol';

export function contributes(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [key, d] of Object.entries(SETTINGS)) {
    properties[`corroborate.${key}`] = { ...d.json, default: d.default, markdownDescription: d.description, scope: key === 'languages' ? 'window' : 'resource' };
  }
  properties['corroborate.trace.server'] = {
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    markdownDescription: 'Traces the communication between VS Code and the Corroborate language server (in the output channel).',
    scope: 'window',
  };
  return {
    configuration: { title: 'Corroborate', properties },
    commands: [
      { command: Commands.findCorroboration, title: 'Find Corroboration for Selection', category: 'Corroborate' },
      { command: Commands.reindex, title: 'Re-index Workspace', category: 'Corroborate' },
      { command: Commands.restartServer, title: 'Restart Server', category: 'Corroborate' },
      { command: Commands.showOutput, title: 'Show Output', category: 'Corroborate' },
    ],
    menus: {
      'editor/context': [{ command: Commands.findCorroboration, when: 'editorHasSelection', group: 'navigation@90' }],
      commandPalette: [{ command: Commands.findCorroboration, when: 'editorIsOpen' }],
    },
    languages: [{ id: 'article', aliases: ['Article', 'article'], extensions: ['.article'] }],
    grammars: [
      { language: 'article', scopeName: 'text.article.corroborate', path: './syntaxes/article.tmLanguage.json' },
      { scopeName: 'markdown.corroborate.injection', path: './syntaxes/markdown-injection.tmLanguage.json', injectTo: ['text.html.markdown'] },
    ],
  };
}

function main(): void {
  const file = path.resolve(process.argv.find((a) => a.endsWith('package.json')) ?? 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  const next = contributes();
  if (process.argv.includes('--check')) {
    if (JSON.stringify(pkg.contributes) !== JSON.stringify(next)) {
      process.stderr.write('package.json "contributes" is out of date: run npm run gen:package\n');
      process.exit(1);
    }
    return;
  }
  pkg.contributes = next;
  writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
}

if (require.main === module) main();
