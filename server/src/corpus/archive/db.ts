// The shared archive in PostgreSQL: connection (a pool, parameters only, a statement timeout, read-only for
// editors), the schema and its migrations, and search. The index is stored as the in-memory one is built:
// normalised terms with their passage and document frequencies, postings per term and ingest batch (packed
// passage ids, term frequencies and passage lengths), and each passage's term sequence. A search fetches the
// query's terms and the archive's totals, walks the postings of the generating terms in JavaScript (prune.ts:
// the candidates MemoryIndex's walk gives, with less work), fetches the best candidates and their neighbours,
// and ranks them with rank.ts: the same BM25, second reading and coverage, so that archive passages rank on the
// same scale as local ones; passages shown carry their place (page, time, rating) from schema version 2.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Passage } from '../../engine/types';
import type { SearchOptions } from '../index';
import { terms } from '../normalize';
import { B, K1, selectCandidates } from '../rank';
import { decodePostings, postingsBound, walk, type Postings } from './prune';
import { ArchiveView, type PassageRow, type TermRow } from './view';

export const SCHEMA_VERSION = 2;

/** Each migration brings the schema from version i to i + 1 (applied in one transaction by `ingest`). */
const MIGRATIONS: string[] = [
  `CREATE TABLE corroborate_documents (
     id bigserial PRIMARY KEY,
     path text NOT NULL UNIQUE,
     hash text NOT NULL,
     bytes bigint NOT NULL,
     first_pid bigint NOT NULL,
     n_passages integer NOT NULL,
     ingested_at timestamptz NOT NULL DEFAULT now());
   CREATE INDEX corroborate_documents_first_pid ON corroborate_documents (first_pid);
   CREATE TABLE corroborate_passages (
     pid bigint PRIMARY KEY,
     doc bigint NOT NULL,
     start_offset integer NOT NULL,
     end_offset integer NOT NULL,
     line integer NOT NULL,
     col integer NOT NULL,
     n_terms integer NOT NULL,
     terms bytea NOT NULL,
     text text NOT NULL);
   CREATE INDEX corroborate_passages_doc ON corroborate_passages (doc);
   CREATE TABLE corroborate_terms (
     id serial PRIMARY KEY,
     name text NOT NULL UNIQUE,
     df integer NOT NULL DEFAULT 0,
     ddf integer NOT NULL DEFAULT 0);
   CREATE TABLE corroborate_postings (
     term integer NOT NULL,
     first_pid bigint NOT NULL,
     n integer NOT NULL,
     data bytea NOT NULL,
     PRIMARY KEY (term, first_pid));
   CREATE TABLE corroborate_dead (
     first_pid bigint PRIMARY KEY,
     n integer NOT NULL);
   CREATE TABLE corroborate_stats (
     one boolean PRIMARY KEY DEFAULT true CHECK (one),
     documents bigint NOT NULL DEFAULT 0,
     passages bigint NOT NULL DEFAULT 0,
     total_len bigint NOT NULL DEFAULT 0,
     next_pid bigint NOT NULL DEFAULT 0,
     generation bigint NOT NULL DEFAULT 0);
   INSERT INTO corroborate_stats DEFAULT VALUES;`,
  // 2: a passage's place in its file (page of a PDF, start time of a caption, rating of a ClaimReview; `line`
  // becomes the file's line where the format has lines) and the document's format. Documents of version 1
  // have `placed` false: the next ingest writes those of an extracted format again, their content unchanged.
  `ALTER TABLE corroborate_documents ADD COLUMN format text, ADD COLUMN placed boolean NOT NULL DEFAULT false;
   ALTER TABLE corroborate_passages ADD COLUMN page integer, ADD COLUMN time_s double precision, ADD COLUMN rating jsonb;`,
];

/** The key of the advisory lock that ingests take for each batch they write (and for migrations). */
export const LOCK_KEY = 0x636f7272; // "corr"

export interface ConnectOptions {
  /** Editors: every transaction read-only (the role should be read-only too; see README). */
  readOnly?: boolean;
  /** Server-side statement timeout, ms. */
  statementTimeoutMs?: number;
  /** How long to wait for a connection, ms. */
  connectTimeoutMs?: number;
  max?: number;
}

/** What is wrong with an archive URL, or null. */
export function archiveUrlProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `not a URL: "${url}" (expected postgres://host/database)`;
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') return `not a PostgreSQL URL: "${url}" (expected postgres://host/database)`;
  return null;
}

/** The URL without its password (for messages). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

/**
 * A pool on the archive. The password comes from the URL or, as for psql, from PGPASSWORD or ~/.pgpass
 * (node-postgres reads both); host, port and user missing from the URL from PGHOST, PGPORT and PGUSER.
 */
export function connect(url: string, o: ConnectOptions = {}): pg.Pool {
  const problem = archiveUrlProblem(url);
  if (problem) throw new Error(problem);
  const pool = new pg.Pool({
    connectionString: url,
    max: o.max ?? 4,
    connectionTimeoutMillis: o.connectTimeoutMs ?? 5_000,
    statement_timeout: o.statementTimeoutMs ?? 10_000,
    query_timeout: o.statementTimeoutMs === 0 ? undefined : (o.statementTimeoutMs ?? 10_000) + 2_000,
    idleTimeoutMillis: 30_000,
    allowExitOnIdle: true,
    application_name: 'corroborate',
    // JIT compilation off: a search's statements are short index lookups whose row estimates (a range join on
    // passage ids) pass the JIT's cost threshold, and compiling took 20 ms of a 2 ms statement.
    options: `-c jit=off${o.readOnly ? ' -c default_transaction_read_only=on' : ''}`,
  });
  // An idle connection that the server drops (restart, network) must not crash the process.
  pool.on('error', () => {});
  return pool;
}

/** The schema version of the archive (0: none yet). */
export async function schemaVersion(db: pg.Pool | pg.PoolClient): Promise<number> {
  const r = await db.query(`SELECT to_regclass('corroborate_schema') IS NOT NULL AS present`);
  if (!r.rows[0].present) return 0;
  const v = await db.query('SELECT max(version) AS v FROM corroborate_schema');
  return Number(v.rows[0].v ?? 0);
}

/** Brings the schema up to date (under the advisory lock: two ingests starting at once migrate once). */
export async function migrate(pool: pg.Pool): Promise<{ from: number; to: number }> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await c.query('CREATE TABLE IF NOT EXISTS corroborate_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const from = await schemaVersion(c);
    if (from > SCHEMA_VERSION) throw new Error(`the archive's schema is version ${from}, newer than this Corroborate's (${SCHEMA_VERSION}): update Corroborate`);
    for (let v = from; v < SCHEMA_VERSION; v++) {
      await c.query(MIGRATIONS[v]!);
      await c.query('INSERT INTO corroborate_schema (version) VALUES ($1)', [v + 1]);
    }
    await c.query('COMMIT');
    return { from, to: SCHEMA_VERSION };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

export interface ArchiveTotals {
  schema: number;
  documents: number;
  passages: number;
  terms: number;
  bytes: number;
  databaseBytes: number;
}

export async function archiveStats(pool: pg.Pool): Promise<ArchiveTotals> {
  const schema = await schemaVersion(pool);
  if (schema === 0) return { schema, documents: 0, passages: 0, terms: 0, bytes: 0, databaseBytes: Number((await pool.query('SELECT pg_database_size(current_database()) AS s')).rows[0].s) };
  const r = await pool.query(
    `SELECT s.documents, s.passages,
            (SELECT count(*) FROM corroborate_terms WHERE df > 0) AS terms,
            (SELECT coalesce(sum(bytes), 0) FROM corroborate_documents) AS bytes,
            pg_database_size(current_database()) AS dbsize
       FROM corroborate_stats s`,
  );
  const x = r.rows[0];
  return { schema, documents: Number(x.documents), passages: Number(x.passages), terms: Number(x.terms), bytes: Number(x.bytes), databaseBytes: Number(x.dbsize) };
}

/** Passage ids of removed documents (their postings stay until the batch is rewritten), as a mask. */
interface DeadMask {
  generation: number;
  mask: Uint8Array | null;
}

/** What a passage shown needs beyond its ranking: its text, document and place. */
interface ShownRow {
  text: string;
  path: string;
  start: number;
  end: number;
  line: number;
  col: number;
  place: Pick<Passage, 'format' | 'page' | 'time' | 'rating'>;
}

/**
 * What the searcher's caches keep: postings (as stored, about 3 bytes a posting, by term: decoding them again
 * costs a few ms a search, and holds three times as many as decoded), passages (which never change once written).
 */
const CACHED_POSTING_BYTES = 48 << 20;
const CACHED_PASSAGES = 50_000;

/** Keeps at most `max` entries, the oldest dropped first. */
function trim<K, V>(m: Map<K, V>, max: number): void {
  if (m.size <= max) return;
  const it = m.keys();
  for (let n = m.size - max; n > 0; n--) m.delete(it.next().value as K);
}

/** Where searches' time went (ms) and what they read, summed over the searches of a searcher: for the benchmark. */
export interface SearchCost {
  searches: number;
  head: number;
  postings: number;
  walk: number;
  passages: number;
  rank: number;
  shown: number;
  postingBytes: number;
  /** Postings decoded; generating terms; of those, walked in full (the others merged with the passages in reach). */
  walked: number;
  lookups: number;
  terms: number;
  fullTerms: number;
  passagesFetched: number;
}

/** Searches an archive; one per pool (it keeps caches of postings and passages). */
export class ArchiveSearcher {
  cost: SearchCost = { searches: 0, head: 0, postings: 0, walk: 0, passages: 0, rank: 0, shown: 0, postingBytes: 0, walked: 0, lookups: 0, terms: 0, fullTerms: 0, passagesFetched: 0 };
  /** Rank-safe pruning of the postings walk (off only to measure what it saves). */
  prune = true;
  private dead: DeadMask = { generation: -1, mask: null };
  /**
   * Postings rows (as stored) and the bound of their contributions by global term id, the least recently used
   * first; valid while the archive's next passage id is `postingsAt` (no batch since: the statistics the bound
   * uses are unchanged too).
   */
  private postings = new Map<number, { rows: Array<{ first: number; data: Buffer }>; bytes: number; bound: number }>();
  private postingsAt = -1;
  private postingBytes = 0;
  /** Passages by global id, and the texts and paths of passages shown: written once, never changed. */
  private readonly passages = new Map<number, PassageRow>();
  private readonly shown = new Map<number, ShownRow>();

  constructor(readonly pool: pg.Pool) {}

  async search(query: string, options: SearchOptions): Promise<Passage[]> {
    return (await this.searchMany([{ query, options }]))[0]!;
  }

  /**
   * Several searches in five round trips in all (a document's queries, in the editor and the CLI): the
   * terms of all, the postings of all their generating terms, the passages of all their candidates, the
   * neighbours the second reading joins, the texts of all the passages shown. Each query is ranked on its own, exactly as `search` would.
   */
  async searchMany(queries: Array<{ query: string; options: SearchOptions }>): Promise<Passage[][]> {
    const results: Passage[][] = queries.map(() => []);
    const names = new Set<string>();
    for (const { query } of queries) for (const o of terms(query.slice(0, 5000))) names.add(o.term);
    if (names.size === 0) return results;
    const cost = this.cost;
    cost.searches += queries.length;
    let t0 = performance.now();
    const lap = (k: 'head' | 'postings' | 'walk' | 'passages' | 'rank' | 'shown') => {
      const t = performance.now();
      cost[k] += t - t0;
      t0 = t;
    };
    const excludes = [...new Set(queries.map((x) => x.options.exclude).filter((e): e is string => e !== undefined))];
    const head = await this.pool.query({
      name: 'corroborate_head',
      text: `SELECT s.documents, s.passages, s.total_len, s.next_pid, s.generation, (SELECT max(version) FROM corroborate_schema) AS schema,
                    (SELECT coalesce(json_agg(json_build_array(t.name, t.id, t.df, t.ddf)), '[]') FROM corroborate_terms t WHERE t.name = ANY($1::text[])) AS terms,
                    (SELECT coalesce(json_agg(json_build_array(d.path, d.first_pid, d.n_passages)), '[]') FROM corroborate_documents d WHERE d.path = ANY($2::text[])) AS ex
               FROM corroborate_stats s`,
      values: [[...names], excludes],
    });
    lap('head');
    const h = head.rows[0];
    const stats = { documents: Number(h.documents), passages: Number(h.passages), totalLen: Number(h.total_len) };
    if (stats.passages === 0) return results;
    const termRows = (h.terms as Array<[string, number, number, number]>).map(([name, id, df, ddf]): TermRow => ({ name, id, df, ddf }));
    const exOf = new Map<string, [number, number]>((h.ex as Array<[string, number, number]>).map(([path, first, n]) => [path, [Number(first), Number(first) + Number(n)]]));
    // Each query's view and generating terms.
    const plans = queries.map(({ query, options }) => {
      const view = new ArchiveView(stats);
      view.setTerms(termRows);
      const q = view.prepare(query);
      if (q.ids.length === 0) return null;
      const { known, generators } = view.generators(q, options);
      const gens = known.filter((t) => generators.has(t));
      return gens.length ? { view, q, known, generators, gens, options, cands: [] as number[], scoreOf: new Map<number, number>() } : null;
    });
    const placed = Number(h.schema) >= 2;
    const dead = await this.deadMask(Number(h.generation), Number(h.next_pid));
    // Postings of the generating terms (those not fetched since the last batch was written).
    const avg = stats.totalLen / Math.max(1, stats.passages);
    const lenNorm = B / avg;
    const k1a = K1 * (1 - B);
    const k1b = K1 * lenNorm;
    if (this.postingsAt !== Number(h.next_pid)) {
      this.postings = new Map();
      this.postingBytes = 0;
      this.postingsAt = Number(h.next_pid);
    }
    const byTerm = this.postings;
    const need = new Set<number>();
    const used = new Set<number>();
    for (const pl of plans) {
      if (!pl) continue;
      for (const t of pl.gens) {
        const g = pl.view.global[t]!;
        used.add(g);
        const hit = byTerm.get(g);
        if (!hit) need.add(g);
        else {
          byTerm.delete(g); // most recently used last
          byTerm.set(g, hit);
        }
      }
    }
    if (need.size) {
      const rows = await this.pool.query({
        name: 'corroborate_postings',
        text: `SELECT term, first_pid, encode(data, 'base64') AS data FROM corroborate_postings WHERE term = ANY($1::int[]) ORDER BY term, first_pid`,
        values: [[...need]],
      });
      const got = new Map<number, Array<{ first: number; data: Buffer }>>();
      for (const g of need) got.set(g, []);
      for (const r of rows.rows) {
        const data = Buffer.from(r.data, 'base64');
        got.get(r.term)!.push({ first: Number(r.first_pid), data });
        this.cost.postingBytes += data.length;
      }
      for (const [g, rows] of got) {
        const bytes = rows.reduce((n, r) => n + r.data.length, 0);
        byTerm.set(g, { rows, bytes, bound: -1 });
        this.postingBytes += bytes;
      }
      // The least recently used go first, those of this search last.
      for (const [g, e] of byTerm) {
        if (this.postingBytes <= CACHED_POSTING_BYTES || used.has(g)) break;
        byTerm.delete(g);
        this.postingBytes -= e.bytes;
      }
    }
    lap('postings');
    const wanted = new Set<number>();
    const decoded = new Map<number, Postings>();
    for (const pl of plans) {
      if (!pl) continue;
      // The postings walk of MemoryIndex.search, pruned (prune.ts): generating terms rarest first, passages in
      // archive order, scores accumulated in single precision, candidates in the order they were met.
      const ex = pl.options.exclude !== undefined ? exOf.get(pl.options.exclude) : undefined;
      const exLo = ex ? ex[0] : -1;
      const exHi = ex ? ex[1] : -1;
      const w = walk(
        pl.gens.map((t) => {
          const g = pl.view.global[t]!;
          const e = byTerm.get(g)!;
          // (Decoded once for all the batch's queries that walk the term.)
          let postings = decoded.get(g);
          if (!postings) decoded.set(g, (postings = decodePostings(e.rows)));
          if (e.bound < 0) e.bound = postingsBound(postings, k1a, k1b);
          return { w: pl.view.walkWeight(t), postings, bound: e.bound };
        }),
        k1a,
        k1b,
        exLo,
        exHi,
        dead,
        this.prune,
      );
      const { tq, scores, tn } = w;
      this.cost.walked += w.walked;
      this.cost.lookups += w.lookups;
      this.cost.fullTerms += w.full;
      this.cost.terms += pl.gens.length;
      const sel = selectCandidates(tq, scores, tn);
      pl.cands = sel.cands;
      pl.scoreOf = sel.scoreOf;
      for (const pid of sel.cands) wanted.add(pid);
    }
    // Two fetches of passages: the candidates, then the neighbours that the second reading joins (those of
    // the leading documents' best passages only: a third of the candidates' neighbours or fewer).
    lap('walk');
    await this.fetchPassages(wanted);
    lap('passages');
    const staged = plans.map((pl) => {
      if (!pl || pl.cands.length === 0) return null;
      const slots: number[] = [];
      for (const pid of pl.cands) for (let x = Math.max(0, pid - 1); x <= pid + 1; x++) slots.push(x);
      pl.view.layout(slots);
      for (const pid of slots) {
        const r = this.passages.get(pid);
        if (r && !(dead && dead[pid])) pl.view.fill(r);
      }
      return pl.view.stage(pl.q, pl.known, pl.generators, pl.cands, pl.scoreOf, pl.options);
    });
    const neighbours = new Set<number>();
    for (const st of staged) if (st) for (const pid of st.need) neighbours.add(pid);
    lap('rank');
    await this.fetchPassages(neighbours);
    lap('passages');
    const ranked = plans.map((pl, i) => {
      const st = staged[i];
      if (!pl || !st) return [];
      for (const pid of st.need) {
        const r = this.passages.get(pid);
        if (r && !(dead && dead[pid])) pl.view.fill(r);
      }
      return st.done();
    });
    trim(this.passages, CACHED_PASSAGES);
    lap('rank');
    // The texts and paths of the passages shown.
    const missing = [...new Set(ranked.flatMap((out) => out.map((p) => Number(p.text))))].filter((pid) => !this.shown.has(pid));
    if (missing.length) {
      // (An archive of schema version 1, not migrated yet by an ingest, has no places.)
      const shown = await this.pool.query({
        name: placed ? 'corroborate_shown' : 'corroborate_shown1',
        text: `SELECT p.pid, p.text, d.path, p.start_offset, p.end_offset, p.line, p.col${placed ? ', d.format, p.page, p.time_s, p.rating' : ''}
                 FROM corroborate_passages p JOIN corroborate_documents d ON d.id = p.doc WHERE p.pid = ANY($1::bigint[])`,
        values: [missing],
      });
      for (const r of shown.rows) {
        // An extracted document's passage says where it came from, as the index's passages do (where.ts).
        const place: ShownRow['place'] = {};
        if (r.format) place.format = r.format;
        if (r.page != null) place.page = r.page;
        if (r.time_s != null) place.time = r.time_s;
        if (r.rating) place.rating = r.rating;
        this.shown.set(Number(r.pid), { text: r.text, path: r.path, start: r.start_offset, end: r.end_offset, line: r.line, col: r.col, place });
      }
    }
    const out = ranked.map((list) =>
      list.flatMap((p) => {
        const r = this.shown.get(Number(p.text));
        return r ? [{ ...p, text: r.text, path: r.path, start: r.start, end: r.end, line: r.line, character: r.col, ...r.place }] : []; // removed meanwhile
      }),
    );
    trim(this.shown, CACHED_PASSAGES);
    lap('shown');
    return out;
  }

  /** Fetches the passages (ids) not in the cache, as ranges of consecutive ids: one index range scan for a run. */
  private async fetchPassages(pids: Set<number>): Promise<void> {
    const ids = [...pids].filter((pid) => !this.passages.has(pid)).sort((a, b) => a - b);
    const lo: number[] = [];
    const hi: number[] = [];
    for (const pid of ids) {
      if (hi.length && pid === hi[hi.length - 1]! + 1) hi[hi.length - 1] = pid;
      else {
        lo.push(pid);
        hi.push(pid);
      }
    }
    if (lo.length === 0) return;
    const ps = await this.pool.query({
      name: 'corroborate_passages',
      text: `SELECT p.pid, p.doc, encode(p.terms, 'base64') AS terms
               FROM unnest($1::bigint[], $2::bigint[]) AS r(lo, hi)
               JOIN corroborate_passages p ON p.pid BETWEEN r.lo AND r.hi`,
      values: [lo, hi],
    });
    this.cost.passagesFetched += ps.rows.length;
    for (const r of ps.rows) this.passages.set(Number(r.pid), { pid: Number(r.pid), doc: Number(r.doc), terms: Buffer.from(r.terms, 'base64') });
  }

  private async deadMask(generation: number, nextPid: number): Promise<Uint8Array | null> {
    if (this.dead.generation === generation) return this.dead.mask;
    const r = await this.pool.query('SELECT first_pid, n FROM corroborate_dead');
    let mask: Uint8Array | null = null;
    if (r.rows.length) {
      mask = new Uint8Array(nextPid);
      for (const x of r.rows) mask.fill(1, Number(x.first_pid), Math.min(nextPid, Number(x.first_pid) + x.n));
    }
    this.dead = { generation, mask };
    return mask;
  }
}
