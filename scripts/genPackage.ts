// Generates package.json "contributes" from the one declaration of the settings (server/src/settings.ts)
// and the command list, and the JSON schema of the workspace file `.corroborate.json`
// (schemas/corroborate.schema.json, next to package.json). `node dist/scripts/genPackage.js` rewrites both;
// `--check` exits 1 on drift of either (the test suite runs the same comparison).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SETTINGS } from '../server/src/settings';
import { Commands } from '../server/src/protocol';

export const SCHEMA_PATH = 'schemas/corroborate.schema.json';
const SCHEMA_URL = './' + SCHEMA_PATH;

/**
 * JSON schema of `.corroborate.json`: the settings without the `corroborate.` prefix, nested
 * (`{"claims": {"threshold": 0.6}}`) or flat (`{"claims.threshold": 0.6}`); no other key.
 */
export function workspaceSchema(): Record<string, unknown> {
  type Node = { type: 'object'; properties: Record<string, unknown>; additionalProperties: false };
  const root: Node = { type: 'object', properties: { $schema: { type: 'string' } }, additionalProperties: false };
  const flat: Record<string, unknown> = {};
  for (const [key, d] of Object.entries(SETTINGS)) {
    if (key === 'archive.url') continue; // a user setting only: refused in .corroborate.json (workspaceConfig.ts)
    const prop = { ...d.json, default: d.default, markdownDescription: d.description };
    const parts = key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      node.properties[part] ??= { type: 'object', properties: {}, additionalProperties: false };
      node = node.properties[part] as Node;
    }
    node.properties[parts[parts.length - 1]!] = prop;
    if (parts.length > 1) flat[key] = prop;
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Corroborate workspace configuration (.corroborate.json)',
    description: "The desk's shared Corroborate settings: the editor settings without the `corroborate.` prefix. Where this file sets a key it wins over the editor's settings; the CLI reads it too.",
    ...root,
    properties: { ...root.properties, ...flat },
  };
}

export function contributes(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [key, d] of Object.entries(SETTINGS)) {
    properties[`corroborate.${key}`] = { ...d.json, default: d.default, markdownDescription: d.description, scope: key === 'languages' ? 'window' : key === 'archive.url' ? 'machine' : 'resource' };
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
    jsonValidation: [{ fileMatch: '.corroborate.json', url: SCHEMA_URL }],
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
  const schemaFile = path.join(path.dirname(file), SCHEMA_PATH);
  const schema = JSON.stringify(workspaceSchema(), null, 2) + '\n';
  if (process.argv.includes('--check')) {
    if (JSON.stringify(pkg.contributes) !== JSON.stringify(next)) {
      process.stderr.write('package.json "contributes" is out of date: run npm run gen:package\n');
      process.exit(1);
    }
    if (!existsSync(schemaFile) || readFileSync(schemaFile, 'utf8') !== schema) {
      process.stderr.write(`${SCHEMA_PATH} is out of date: run npm run gen:package\n`);
      process.exit(1);
    }
    return;
  }
  pkg.contributes = next;
  writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
  mkdirSync(path.dirname(schemaFile), { recursive: true });
  writeFileSync(schemaFile, schema);
}

if (require.main === module) main();
