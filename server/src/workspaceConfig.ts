// The desk's shared settings: `.corroborate.json` at the root of a workspace folder, with the keys of the
// editor settings without the `corroborate.` prefix, nested (`{"claims": {"threshold": 0.6}}`) or flat
// (`{"claims.threshold": 0.6}`). Read by the language server (the first workspace folder) and the CLI
// (the nearest folder above a checked path); where it sets a key it wins over the editor's settings.
// Every entry is validated alone with the zod schema of its setting: a bad entry gives one message naming
// the file and the key and is ignored (the editor's setting or the default applies). No vscode or LSP import.
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { SETTINGS, type SettingKey, type Settings } from './settings';

export const WORKSPACE_CONFIG_FILE = '.corroborate.json';

export interface WorkspaceConfig {
  /** Absolute path of the file read (or looked for), null when there is none. */
  file: string | null;
  /** The valid entries of the file, by setting name. */
  values: Partial<Record<SettingKey, unknown>>;
  /** One message per problem (unreadable file, bad JSON, unknown key, invalid value), naming the file. */
  problems: string[];
}

/** No file: nothing set, nothing to report. */
export function noWorkspaceConfig(): WorkspaceConfig {
  return { file: null, values: {}, problems: [] };
}

const KEYS = new Set<string>(Object.keys(SETTINGS));
/** Prefixes of dotted keys ("claims", "severity"...) under which a nested object is expected. */
const GROUPS = new Set<string>(Object.keys(SETTINGS).flatMap((k) => k.split('.').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('.'))));

/** A URL with a password in it (`postgres://user:secret@host/db`). */
function hasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return /:\/\/[^/@]*:[^/@]*@/.test(url);
  }
}

const show = (v: unknown) => (JSON.stringify(v) ?? String(v)).slice(0, 80);

/**
 * Validates the parsed content of a workspace configuration file. `file` only names it in messages.
 * Keys may be nested or dotted (or both: `{"severity.quote": "hint"}` inside nothing, `{"severity": {"quote": ...}}`);
 * `$schema` is allowed (editors use it). Unknown keys and invalid values are reported and ignored.
 */
export function parseWorkspaceConfig(raw: unknown, file: string): WorkspaceConfig {
  const values: Partial<Record<SettingKey, unknown>> = {};
  const problems: string[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`${file} must hold a JSON object of settings (got ${show(raw)}): the file is ignored.`);
    return { file, values, problems };
  }
  const visit = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      if (!prefix && k === '$schema') continue;
      const key = prefix ? `${prefix}.${k}` : k;
      if (KEYS.has(key)) {
        const d = SETTINGS[key as SettingKey];
        const r = (d.schema as import('zod').ZodType<unknown>).safeParse(v);
        if (key === 'archive.url') {
          // Which server an editor connects to, and with which credentials, is the user's choice: a workspace
          // could otherwise send PGPASSWORD or a ~/.pgpass password to a server of its own.
          problems.push(
            `${file}: "archive.url" is not read from ${WORKSPACE_CONFIG_FILE}${hasPassword(String(v)) ? ' (and it holds a password)' : ''}: set corroborate.archive.url in your user settings.`,
          );
        } else if (r.success) values[key as SettingKey] = r.data;
        else {
          const issue = r.error.issues[0];
          problems.push(`${file}: setting "${key}" is invalid (${issue?.message ?? 'wrong type'}; got ${show(v)}): ignored, the editor's setting or the default applies.`);
        }
      } else if (GROUPS.has(key) && v !== null && typeof v === 'object' && !Array.isArray(v)) {
        visit(v as Record<string, unknown>, key);
      } else {
        const hint = key.startsWith('corroborate.') || key === 'corroborate' ? ' (write the keys without the "corroborate." prefix)' : '';
        problems.push(`${file}: unknown key "${key}" in ${WORKSPACE_CONFIG_FILE}${hint}: ignored.`);
      }
    }
  };
  visit(raw as Record<string, unknown>, '');
  return { file, values, problems };
}

/**
 * Reads and validates `file`. A missing file is no configuration and no problem; a directory, an unreadable
 * file or bad JSON gives one message and the file is ignored.
 */
export function readWorkspaceConfig(file: string): WorkspaceConfig {
  let text: string;
  try {
    const st = statSync(file, { throwIfNoEntry: false });
    if (!st) return noWorkspaceConfig();
    if (!st.isFile()) return { file, values: {}, problems: [`${file} is not a regular file: it is ignored.`] };
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return noWorkspaceConfig();
    return { file, values: {}, problems: [`${file} cannot be read (${err.code ?? err.message}): it is ignored.`] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { file, values: {}, problems: [`${file} is not valid JSON (${(e as Error).message}): it is ignored.`] };
  }
  return parseWorkspaceConfig(raw, file);
}

/** The configuration file of a workspace folder (its root only). */
export function workspaceConfigPath(folder: string): string {
  return path.join(folder, WORKSPACE_CONFIG_FILE);
}

/**
 * The nearest `.corroborate.json` above `target` (a file: from its folder; a folder: from itself), up to the
 * filesystem root; null when there is none. `exists` is injectable for tests.
 */
export function findWorkspaceConfig(target: string, exists: (p: string) => boolean = (p) => statSync(p, { throwIfNoEntry: false }) !== undefined): string | null {
  let dir = path.resolve(target);
  try {
    if (!statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    dir = path.dirname(dir);
  }
  for (;;) {
    const candidate = path.join(dir, WORKSPACE_CONFIG_FILE);
    if (exists(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** `base` with the file's entries over it (the file wins), and the keys the file set. Does not change `base`. */
export function mergeWorkspaceConfig(base: Settings, config: WorkspaceConfig): { settings: Settings; keys: SettingKey[] } {
  const settings = { ...base } as Record<string, unknown>;
  const keys = Object.keys(config.values) as SettingKey[];
  for (const k of keys) settings[k] = structuredClone(config.values[k]);
  return { settings: settings as Settings, keys };
}
