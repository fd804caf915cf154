// A private PostgreSQL cluster for the archive tests and benchmarks: initdb in a temporary directory, a free
// local port (127.0.0.1, and a unix socket in the directory), stopped and removed at the end. As root (CI and
// these machines run as root, and initdb refuses root) the cluster runs as the `postgres` user that Debian's
// package creates. Null when PostgreSQL's binaries are not installed (.ci/run installs them).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface Cluster {
  /** Superuser URL of the `postgres` database. */
  url: string;
  port: number;
  dir: string;
  /** A URL of another database of the cluster (created by `createDatabase`). */
  urlOf(db: string, user?: string): string;
  createDatabase(name: string): Promise<string>;
  /** Runs SQL as the superuser (psql). */
  sql(db: string, sql: string): string;
  stop(): void;
  /** Stops the server but keeps the data (start() brings it back on the same port). */
  pause(): void;
  start(): void;
}

export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0]!, 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** `settings`: server settings beyond the defaults (the benchmark gives the server the memory a desk's would have). */
export async function startCluster(settings: Record<string, string> = {}): Promise<Cluster | null> {
  const bin = postgresBin();
  if (!bin) return null;
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'corroborate-pg-'));
  const run = (cmd: string, args: string[]) => {
    const full = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
    const r = spawnSync(full[0] as string, full[1] as string[], { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  if (asRoot) {
    execFileSync('chown', ['postgres:postgres', dir]);
    chmodSync(dir, 0o700);
  }
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'corroborate', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const extra = Object.entries(settings).map(([k, v]) => ` -c ${k}=${v}`).join('');
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off${extra}`;
  const start = () => void run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', 'start']);
  start();
  const urlOf = (db: string, user = 'corroborate') => `postgres://${user}@127.0.0.1:${port}/${db}`;
  let stopped = false;
  const sql = (db: string, text: string) => run('psql', ['-h', dir, '-p', String(port), '-U', 'corroborate', '-d', db, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', text]);
  return {
    url: urlOf('postgres'),
    port,
    dir,
    urlOf,
    sql,
    async createDatabase(name: string) {
      sql('postgres', `CREATE DATABASE ${name}`);
      return urlOf(name);
    },
    pause() {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    },
    start,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
