// `corroborate archive ingest`: files -> the shared archive. Files are read with the corpus's own reading
// (readCorpusFile), hashed, and those whose path is already there with the same content skipped before any
// tokenizing. The rest are tokenized in batches with the index's Tokenizer (the same passages and terms as
// the in-memory index) and each batch is written in one transaction under an advisory lock: a killed ingest
// leaves every batch either whole or absent, and two ingests at once interleave batch by batch, each
// re-checking under the lock what the other wrote meanwhile (nothing is lost or counted twice).
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { readCorpusFile } from '../files';
import { placeAt, type SourceMap } from '../formats/types';
import { batchText, PASSAGE_FIELDS, Tokenizer, type PreparedBatch } from '../index';
import { readPostings, varints, VarintWriter } from './codec';
import { LOCK_KEY, migrate } from './db';

/**
 * The one place the archive reads a file: the corpus's own reading (size limits, binary and encoding checks, and
 * every source format through formats/: PDF, saved web pages, DOCX, captions, ClaimReview). The archive keeps the
 * extracted text and, for each passage, its place in the file (`map`: page, time, line, rating; null for text files).
 */
export async function readArchiveFile(abs: string, maxFileSize: number, maxSourceFileSize = 50_000_000): Promise<{ text: string; bytes: number; map: SourceMap | null } | { skip: string }> {
  const r = await readCorpusFile(abs, { maxFileSize, maxSourceFileSize });
  return r.ok ? { text: r.text, bytes: r.size, map: r.map ?? null } : { skip: r.reason };
}

export interface IngestFile {
  /** The document's path in the archive (as given on the command line, directories walked below it). */
  path: string;
  abs: string;
}

export interface IngestProgress {
  done: number;
  total: number;
  added: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

export interface IngestResult extends IngestProgress {
  skippedFiles: Array<{ path: string; reason: string }>;
  migrated: { from: number; to: number };
  /** Terms whose postings rows were merged after the batches. */
  compacted: number;
}

export interface IngestOptions {
  maxFileSize: number;
  /** Documents per transaction. */
  batchDocs?: number;
  onProgress?: (p: IngestProgress) => void;
  /** Called after each committed batch (tests stop an ingest there). */
  afterBatch?: (committed: number) => void | Promise<void>;
}

interface ReadDoc {
  path: string;
  text: string;
  hash: string;
  bytes: number;
  map: SourceMap | null;
}

/**
 * Whether the archive's copy of a document is the same as the file read: same text and, for an extracted format,
 * written with its passages' places (an archive of schema version 1 lacks them: the file is written again).
 */
function same(there: { hash: string; placed: boolean } | undefined, hash: string, map: SourceMap | null): boolean {
  return !!there && there.hash === hash && (there.placed || map === null);
}

function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function ingest(pool: pg.Pool, files: IngestFile[], o: IngestOptions): Promise<IngestResult> {
  const migrated = await migrate(pool);
  const batchDocs = o.batchDocs ?? (Number(process.env.CORROBORATE_INGEST_BATCH) || 250);
  const res: IngestResult = { done: 0, total: files.length, added: 0, updated: 0, unchanged: 0, skipped: 0, skippedFiles: [], migrated, compacted: 0 };
  /** Term name -> id, for terms committed to the archive. */
  const termCache = new Map<string, number>();
  let committed = 0;
  for (let i = 0; i < files.length; i += batchDocs) {
    const chunk = files.slice(i, i + batchDocs);
    // Paths already there with the same content are not read twice.
    const known = new Map<string, { hash: string; placed: boolean }>();
    const k = await pool.query('SELECT path, hash, placed FROM corroborate_documents WHERE path = ANY($1::text[])', [chunk.map((f) => f.path)]);
    for (const r of k.rows) known.set(r.path, { hash: r.hash, placed: r.placed });
    const docs: ReadDoc[] = [];
    for (const f of chunk) {
      const r = await readArchiveFile(f.abs, o.maxFileSize);
      if ('skip' in r) {
        res.skipped++;
        res.skippedFiles.push({ path: f.path, reason: r.skip });
        continue;
      }
      const hash = hashText(r.text);
      if (same(known.get(f.path), hash, r.map)) {
        res.unchanged++;
        continue;
      }
      docs.push({ path: f.path, text: r.text, hash, bytes: r.bytes, map: r.map });
    }
    if (docs.length) {
      const w = await writeBatch(pool, docs, termCache);
      res.added += w.added;
      res.updated += w.updated;
      res.unchanged += w.unchanged;
      committed++;
    }
    res.done = Math.min(files.length, i + chunk.length);
    o.onProgress?.(res);
    if (docs.length) await o.afterBatch?.(committed);
  }
  if (committed > 0) res.compacted = await compactPostings(pool);
  return res;
}

/** A term's postings rows (one per batch that held it) are merged into one once there are more than this. */
const MERGE_ROWS = 8;

/**
 * Merges the postings rows of terms written by many batches into one row each (ids stay ascending, so the
 * walk's order is unchanged): a search then fetches a few rows per term rather than one per batch. In
 * transactions of a few hundred terms under the ingest lock; a search meanwhile sees the old rows or the new.
 */
export async function compactPostings(pool: pg.Pool): Promise<number> {
  const many = await pool.query('SELECT term FROM corroborate_postings GROUP BY term HAVING count(*) > $1 ORDER BY term', [MERGE_ROWS]);
  const terms: number[] = many.rows.map((r) => r.term);
  const w = new VarintWriter();
  for (let at = 0; at < terms.length; at += 500) {
    const chunk = terms.slice(at, at + 500);
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const rows = await c.query(`SELECT term, first_pid, n, encode(data, 'base64') AS data FROM corroborate_postings WHERE term = ANY($1::int[]) ORDER BY term, first_pid`, [chunk]);
      const merged = new Map<number, { first: number; n: number; prev: number }>();
      const out: Array<{ term: number; first: number; n: number; data: Buffer }> = [];
      const flush = (term: number) => {
        const m = merged.get(term);
        if (m) out.push({ term, first: m.first, n: m.n, data: w.take() });
      };
      let current = -1;
      for (const r of rows.rows) {
        if (r.term !== current) {
          flush(current);
          current = r.term;
          merged.set(current, { first: Number(r.first_pid), n: 0, prev: Number(r.first_pid) });
        }
        const m = merged.get(current)!;
        readPostings(Buffer.from(r.data, 'base64'), Number(r.first_pid), (pid, tf, len) => {
          w.push(pid - m.prev);
          w.push(tf);
          w.push(len);
          m.prev = pid;
        });
        m.n += r.n;
      }
      flush(current);
      await c.query('DELETE FROM corroborate_postings WHERE term = ANY($1::int[])', [chunk]);
      await c.query('INSERT INTO corroborate_postings (term, first_pid, n, data) SELECT * FROM unnest($1::int[], $2::bigint[], $3::int[], $4::bytea[])', [
        out.map((x) => x.term),
        out.map((x) => x.first),
        out.map((x) => x.n),
        out.map((x) => x.data),
      ]);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }
  return terms.length;
}

/** Writes documents in one transaction; those another ingest wrote meanwhile with the same content are left. */
async function writeBatch(pool: pg.Pool, docsIn: ReadDoc[], termCache: Map<string, number>): Promise<{ added: number; updated: number; unchanged: number }> {
  const c = await pool.connect();
  let docs = docsIn;
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    // Under the lock: what is there now (another ingest may have written some of these paths).
    const there = await c.query('SELECT id, path, hash, placed, first_pid, n_passages FROM corroborate_documents WHERE path = ANY($1::text[])', [docs.map((d) => d.path)]);
    const byPath = new Map<string, { id: string; hash: string; placed: boolean; first_pid: string; n_passages: number }>(there.rows.map((r) => [r.path, r]));
    const before = docs.length;
    docs = docs.filter((d) => !same(byPath.get(d.path), d.hash, d.map));
    const unchanged = before - docs.length;
    const replaced = docs.map((d) => byPath.get(d.path)).filter((x): x is NonNullable<typeof x> => !!x);
    if (docs.length === 0) {
      await c.query('COMMIT');
      return { added: 0, updated: 0, unchanged };
    }
    const tok = new Tokenizer();
    for (const d of docs) tok.add(d.path, d.text);
    const batch = tok.take();
    // Term ids: those of this batch that the archive lacks are added.
    const names = batch.newTerms;
    const missing = names.filter((n) => !termCache.has(n));
    const fresh = new Map<string, number>();
    if (missing.length) {
      await c.query('INSERT INTO corroborate_terms (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING', [missing]);
      const ids = await c.query('SELECT id, name FROM corroborate_terms WHERE name = ANY($1::text[])', [missing]);
      for (const r of ids.rows) fresh.set(r.name, r.id);
    }
    const gid = Int32Array.from(names, (n) => termCache.get(n) ?? fresh.get(n)!);
    const dfDelta = new Map<number, [number, number]>();
    const addDelta = (t: number, df: number, ddf: number) => {
      const x = dfDelta.get(t);
      if (x) {
        x[0] += df;
        x[1] += ddf;
      } else dfDelta.set(t, [df, ddf]);
    };
    const stats = await c.query('SELECT next_pid FROM corroborate_stats FOR UPDATE');
    let removedDocs = 0;
    let removedPassages = 0;
    let removedLen = 0;
    if (replaced.length) {
      // The documents replaced leave the statistics; their passages go, their postings are masked as dead.
      const old = await c.query('SELECT doc, terms FROM corroborate_passages WHERE doc = ANY($1::bigint[]) ORDER BY pid', [replaced.map((r) => r.id)]);
      const docTerms = new Map<string, Set<number>>();
      for (const r of old.rows) {
        const ids = varints(r.terms as Buffer);
        const n = ids.length;
        const seen = new Set<number>(ids);
        let dt = docTerms.get(r.doc);
        if (!dt) docTerms.set(r.doc, (dt = new Set()));
        for (const t of seen) {
          addDelta(t, -1, 0);
          dt.add(t);
        }
        removedPassages++;
        removedLen += n;
      }
      for (const dt of docTerms.values()) for (const t of dt) addDelta(t, 0, -1);
      removedDocs = replaced.length;
      await c.query('DELETE FROM corroborate_passages WHERE doc = ANY($1::bigint[])', [replaced.map((r) => r.id)]);
      await c.query('DELETE FROM corroborate_documents WHERE id = ANY($1::bigint[])', [replaced.map((r) => r.id)]);
      await c.query('INSERT INTO corroborate_dead (first_pid, n) SELECT * FROM unnest($1::bigint[], $2::int[]) ON CONFLICT DO NOTHING', [replaced.map((r) => r.first_pid), replaced.map((r) => r.n_passages)]);
    }
    const base = Number(stats.rows[0].next_pid);
    const nDocs = batch.ids.length;
    const nPassages = batch.docPassages[nDocs]!;
    // Documents.
    const firsts: number[] = [];
    const counts: number[] = [];
    for (let d = 0; d < nDocs; d++) {
      firsts.push(base + batch.docPassages[d]!);
      counts.push(batch.docPassages[d + 1]! - batch.docPassages[d]!);
    }
    const ins = await c.query(
      `INSERT INTO corroborate_documents (path, hash, bytes, first_pid, n_passages, format, placed)
       SELECT *, true FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::int[], $6::text[]) RETURNING id, path`,
      [docs.map((d) => d.path), docs.map((d) => d.hash), docs.map((d) => d.bytes), firsts, counts, docs.map((d) => d.map?.format ?? null)],
    );
    const docId = new Map<string, string>(ins.rows.map((r) => [r.path, r.id]));
    const byId = new Map(docs.map((d) => [d.path, d]));
    // Passages.
    const P = batch.passages;
    const pPid: number[] = [];
    const pDoc: string[] = [];
    const pStart: number[] = [];
    const pEnd: number[] = [];
    const pLine: number[] = [];
    const pCol: number[] = [];
    const pTerms: Buffer[] = [];
    const pCount: number[] = [];
    const pText: string[] = [];
    const pPage: Array<number | null> = [];
    const pTime: Array<number | null> = [];
    const pRating: Array<string | null> = [];
    const w = new VarintWriter();
    let totalLen = 0;
    for (let d = 0; d < nDocs; d++) {
      const id = docId.get(batch.ids[d]!)!;
      const text = batchText(batch, d);
      const map = byId.get(batch.ids[d]!)?.map ?? null;
      for (let k = batch.docPassages[d]!; k < batch.docPassages[d + 1]!; k++) {
        const o = k * PASSAGE_FIELDS;
        pPid.push(base + k);
        pDoc.push(id);
        pStart.push(P[o]!);
        pEnd.push(P[o + 1]!);
        // An extracted document's passage: its place in the file, as the index's `placed` gives it.
        const place = map ? placeAt(map, P[o]!) : {};
        pLine.push(place.line ?? P[o + 2]!);
        pCol.push(place.line !== undefined ? 0 : P[o + 3]!);
        pPage.push(place.page ?? null);
        pTime.push(place.time ?? null);
        pRating.push(place.rating ? JSON.stringify(place.rating) : null);
        const from = P[o + 4]!;
        const len = P[o + 5]!;
        for (let i = 0; i < len; i++) w.push(gid[batch.seq[from + i]!]!);
        pTerms.push(w.take());
        pCount.push(len);
        // Without NUL characters, which text columns refuse (offsets are kept: one character for one).
        pText.push(text.slice(P[o]!, P[o + 1]!).replace(/\0/g, ' '));
        totalLen += len;
      }
    }
    await c.query(
      `INSERT INTO corroborate_passages (pid, doc, start_offset, end_offset, line, col, n_terms, terms, text, page, time_s, rating)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::bytea[], $9::text[], $10::int[], $11::float8[], $12::jsonb[])`,
      [pPid, pDoc, pStart, pEnd, pLine, pCol, pCount, pTerms, pText, pPage, pTime, pRating],
    );
    // Postings: one row per term of the batch.
    const { postTerms, postStart, postPids, postTfs, postDocs } = batch;
    const tTerm: number[] = [];
    const tFirst: number[] = [];
    const tCount: number[] = [];
    const tData: Buffer[] = [];
    for (let j = 0; j < postTerms.length; j++) {
      const t = gid[postTerms[j]!]!;
      const from = postStart[j]!;
      const to = postStart[j + 1]!;
      // (passage id delta, term frequency, passage length) per posting, ids ascending from the batch's first.
      let prev = 0;
      for (let i = from; i < to; i++) {
        const pid = postPids[i]!;
        w.push(pid - prev);
        w.push(postTfs[i]!);
        w.push(P[pid * PASSAGE_FIELDS + 5]!);
        prev = pid;
      }
      tTerm.push(t);
      tFirst.push(base);
      tCount.push(to - from);
      tData.push(w.take());
      addDelta(t, to - from, postDocs[j]!);
    }
    await c.query(
      'INSERT INTO corroborate_postings (term, first_pid, n, data) SELECT * FROM unnest($1::int[], $2::bigint[], $3::int[], $4::bytea[])',
      [tTerm, tFirst, tCount, tData],
    );
    const dIds: number[] = [];
    const dDf: number[] = [];
    const dDdf: number[] = [];
    for (const [t, [df, ddf]] of [...dfDelta.entries()].sort((a, b) => a[0] - b[0])) {
      dIds.push(t);
      dDf.push(df);
      dDdf.push(ddf);
    }
    await c.query('UPDATE corroborate_terms t SET df = t.df + u.df, ddf = t.ddf + u.ddf FROM unnest($1::int[], $2::int[], $3::int[]) AS u(id, df, ddf) WHERE t.id = u.id', [dIds, dDf, dDdf]);
    await c.query(
      `UPDATE corroborate_stats SET documents = documents + $1, passages = passages + $2, total_len = total_len + $3,
              next_pid = next_pid + $4, generation = generation + $5`,
      [nDocs - removedDocs, nPassages - removedPassages, totalLen - removedLen, nPassages, replaced.length ? 1 : 0],
    );
    await c.query('COMMIT');
    for (const [n, id] of fresh) termCache.set(n, id);
    return { added: nDocs - replaced.length, updated: replaced.length, unchanged };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

export type { PreparedBatch };
