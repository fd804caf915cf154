// `.corroborate.json`, the desk's shared settings: finding, reading, validating and merging it (pure module).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { defaultSettings, parseSettings, SETTINGS } from '../server/src/settings';
import { findWorkspaceConfig, mergeWorkspaceConfig, parseWorkspaceConfig, readWorkspaceConfig, WORKSPACE_CONFIG_FILE } from '../server/src/workspaceConfig';

describe('workspace configuration file (.corroborate.json)', function () {
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(tmpdir(), 'corroborate-wsconfig-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads nested and flat keys, and $schema is allowed', function () {
    const c = parseWorkspaceConfig(
      { $schema: './schema.json', claims: { threshold: 0.6 }, 'severity.uncitedClaim': 'hint', severity: { quote: 'off' }, corroboration: { maxResults: 3 } },
      '/desk/.corroborate.json',
    );
    assert.deepEqual(c.problems, []);
    assert.deepEqual(c.values, { 'claims.threshold': 0.6, 'severity.uncitedClaim': 'hint', 'severity.quote': 'off', 'corroboration.maxResults': 3 });
  });

  it('one message per bad entry, naming the file and the key; that entry alone is ignored', function () {
    const c = parseWorkspaceConfig({ claims: { threshold: 2 }, severity: { uncitedClaim: 'loud', quote: 'hint' }, languages: 'markdown' }, '/desk/.corroborate.json');
    assert.deepEqual(c.values, { 'severity.quote': 'hint' });
    assert.equal(c.problems.length, 3);
    assert.match(c.problems[0]!, /^\/desk\/\.corroborate\.json: setting "claims\.threshold" is invalid/);
    assert.match(c.problems[1]!, /"severity\.uncitedClaim".*"loud"/);
    assert.match(c.problems[2]!, /"languages"/);
  });

  it('unknown keys: one message each, ignored (the "corroborate." prefix gets a hint)', function () {
    const c = parseWorkspaceConfig({ claim: { threshold: 0.6 }, severity: { nope: 'hint' }, 'corroborate.claims.threshold': 0.7, claims: 'high' }, 'x/.corroborate.json');
    assert.deepEqual(c.values, {});
    assert.equal(c.problems.length, 4);
    assert.match(c.problems[0]!, /unknown key "claim" in \.corroborate\.json/);
    assert.match(c.problems[1]!, /unknown key "severity\.nope"/);
    assert.match(c.problems[2]!, /unknown key "corroborate\.claims\.threshold".*without the "corroborate\." prefix/);
    assert.match(c.problems[3]!, /unknown key "claims"/);
  });

  it('a file that is not an object, bad JSON, a directory: one message and the file is ignored; a missing file is nothing', function () {
    assert.equal(parseWorkspaceConfig([1, 2], 'f').problems.length, 1);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{ "claims": { "threshold": 0.6 }');
    const b = readWorkspaceConfig(bad);
    assert.deepEqual(b.values, {});
    assert.equal(b.problems.length, 1);
    assert.match(b.problems[0]!, /bad\.json is not valid JSON/);
    const d = readWorkspaceConfig(dir);
    assert.equal(d.problems.length, 1);
    assert.match(d.problems[0]!, /not a regular file/);
    const none = readWorkspaceConfig(path.join(dir, 'missing', WORKSPACE_CONFIG_FILE));
    assert.deepEqual(none, { file: null, values: {}, problems: [] });
    const good = path.join(dir, 'good.json');
    writeFileSync(good, '\ufeff{"severity": {"uncitedClaim": "hint"}}');
    assert.deepEqual(readWorkspaceConfig(good), { file: good, values: { 'severity.uncitedClaim': 'hint' }, problems: [] });
  });

  it('finds the nearest file above a path, stopping at the filesystem root', function () {
    const desk = path.join(dir, 'desk');
    const deep = path.join(desk, 'drafts', 'monday');
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(deep, 'a.md'), 'x');
    assert.equal(findWorkspaceConfig(path.join(deep, 'a.md'), (p) => p === path.join(desk, WORKSPACE_CONFIG_FILE)), path.join(desk, WORKSPACE_CONFIG_FILE));
    assert.equal(findWorkspaceConfig(deep, () => false), null);
    writeFileSync(path.join(desk, WORKSPACE_CONFIG_FILE), '{}');
    writeFileSync(path.join(deep, WORKSPACE_CONFIG_FILE), '{}');
    assert.equal(findWorkspaceConfig(path.join(deep, 'a.md')), path.join(deep, WORKSPACE_CONFIG_FILE));
    assert.equal(findWorkspaceConfig(deep), path.join(deep, WORKSPACE_CONFIG_FILE));
    assert.equal(findWorkspaceConfig(path.join(desk, 'drafts')), path.join(desk, WORKSPACE_CONFIG_FILE));
    const seen: string[] = [];
    findWorkspaceConfig(path.join(deep, 'a.md'), (p) => (seen.push(p), false));
    assert.equal(seen.at(-1), path.join(path.parse(deep).root, WORKSPACE_CONFIG_FILE));
  });

  it('merges over the editor settings: the file wins where it sets a key, and says which keys it set', function () {
    const editor = parseSettings({ severity: { uncitedClaim: 'warning', quote: 'error' }, claims: { threshold: 0.4 } }).settings;
    const before = structuredClone(editor);
    const c = parseWorkspaceConfig({ severity: { uncitedClaim: 'hint' }, corpus: { exclude: ['drafts/**'] } }, 'f');
    const m = mergeWorkspaceConfig(editor, c);
    assert.deepEqual(m.keys.sort(), ['corpus.exclude', 'severity.uncitedClaim']);
    assert.equal(m.settings['severity.uncitedClaim'], 'hint');
    assert.equal(m.settings['severity.quote'], 'error');
    assert.equal(m.settings['claims.threshold'], 0.4);
    assert.deepEqual(m.settings['corpus.exclude'], ['drafts/**']);
    assert.deepEqual(editor, before, 'the editor settings are not changed');
    assert.deepEqual(mergeWorkspaceConfig(defaultSettings(), { file: null, values: {}, problems: [] }).settings, defaultSettings());
  });

  it('the JSON schema the extension contributes covers every setting, nested and flat, and nothing else', function () {
    // Generated by scripts/genPackage.ts; the drift test (tests/corpus) checks the file is up to date.
    const schema = JSON.parse(readFileSync(path.resolve(__dirname, '..', 'schemas', 'corroborate.schema.json'), 'utf8'));
    assert.equal(schema.additionalProperties, false);
    // archive.url is a user setting only: refused in .corroborate.json, absent from its schema.
    assert.equal(schema.properties.archive, undefined);
    assert.equal(schema.properties['archive.url'], undefined);
    for (const [key, d] of Object.entries(SETTINGS)) {
      if (key === 'archive.url') continue;
      const parts = key.split('.');
      let node = schema;
      for (const part of parts.slice(0, -1)) {
        node = node.properties[part];
        assert.equal(node.additionalProperties, false, key);
      }
      assert.deepEqual(node.properties[parts.at(-1)!].default, d.default, key);
      if (parts.length > 1) assert.deepEqual(schema.properties[key], node.properties[parts.at(-1)!], key);
    }
  });
});
