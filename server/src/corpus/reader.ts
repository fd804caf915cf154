// Reading workspace files off the main thread: each file is stat-ed (skipped when its size and modification
// time are those of the copy already indexed), read, decoded, split into passages and tokenized into term
// ids and per-term postings (`Tokenizer`), and handed over in small batches that `MemoryIndex.addBatch`
// appends with little more than array copies. The same code runs in a worker thread (readerWorker.ts, the
// language server's normal case) or, when no worker can be started, on the calling thread between yields.
import { statSync } from 'node:fs';
import { URI } from 'vscode-uri';
import { readCorpusFile, readTextFileSync, type ReadResult } from './files';
import { formatOf } from './formats';
import { Tokenizer, type PreparedBatch } from './index';
import { TextSink } from './textStore';

export interface ReadJob {
  /** Absolute paths, in the order their documents are to enter the index. */
  files: string[];
  /** Size and modification time of the files already indexed (by URI): those unchanged are not read. */
  known: Array<[uri: string, size: number, mtimeMs: number]>;
  maxFileSize: number;
  /** Size limit of source files (PDF, HTML, DOCX, captions, ClaimReview); maxFileSize when absent. */
  maxSourceFileSize?: number;
  /** When set, source files are not extracted but skipped with this reason (the in-thread fallback after a failed reading thread). */
  skipSources?: string;
  /**
   * A session text file (textStore.ts) to write the documents' texts to, rather than carry them in the batches
   * (`PreparedBatch.textAt`): a reading thread's texts then never cross to the main thread. Texts are carried
   * when it cannot be written.
   */
  textFile?: string;
}

/** What a reader hands over: a batch of documents read, and what became of the other files it handled. */
export interface ReadMessage {
  kind: 'batch';
  batch: PreparedBatch;
  /** Size and modification time of each document of the batch. */
  sizes: number[];
  mtimes: number[];
  /** Files unchanged since they were indexed (not read again). */
  unchanged: string[];
  /** Files that cannot be indexed, and why (`kind` groups the reasons reported once per file). */
  skipped: Array<{ uri: string; reason: string; kind: string }>;
  /** Files gone since they were listed. */
  missing: string[];
  /** Files handled since the previous message (read, unchanged, skipped or missing). */
  handled: number;
  /** The last message of the job. */
  last: boolean;
}

/** A batch is handed over after this many documents or this much reading time, whichever comes first: small
 * enough that the main thread appends it in a few milliseconds. */
const BATCH_DOCS = 25;
const BATCH_MS = 15;

/**
 * Reads the job's files and calls `send` with each batch (the last one with `last: true`). `pause` runs
 * between batches (a worker passes nothing; the in-thread fallback yields to the event loop there), and
 * `cancelled` stops the job early.
 */
export async function readFiles(job: ReadJob, send: (m: ReadMessage) => void, pause?: () => Promise<void>, cancelled: () => boolean = () => false): Promise<void> {
  const known = new Map(job.known.map(([u, size, mtimeMs]) => [u, { size, mtimeMs }]));
  const tok = new Tokenizer();
  const sink = job.textFile ? new TextSink(job.textFile) : null;
  let sizes: number[] = [];
  let mtimes: number[] = [];
  let unchanged: string[] = [];
  let skipped: ReadMessage['skipped'] = [];
  let missing: string[] = [];
  let handled = 0;
  let started = Date.now();
  const flush = (last: boolean) => {
    send({ kind: 'batch', batch: tok.take(sink), sizes, mtimes, unchanged, skipped, missing, handled, last });
    if (last) sink?.close();
    sizes = [];
    mtimes = [];
    unchanged = [];
    skipped = [];
    missing = [];
    handled = 0;
    started = Date.now();
  };
  for (const abs of job.files) {
    if (cancelled()) return sink?.close();
    const uri = URI.file(abs).toString();
    const k = known.get(uri);
    let same = false;
    if (k) {
      try {
        const st = statSync(abs);
        same = st.size === k.size && st.mtimeMs === k.mtimeMs;
      } catch {
        // read below, which says why it cannot be
      }
    }
    if (same) unchanged.push(uri);
    else {
      // Text files synchronously (the common case, fast); other formats through their readers (pdf.js is asynchronous).
      const text = formatOf(abs) === null;
      const r: ReadResult = text
        ? readTextFileSync(abs, job.maxFileSize)
        : job.skipSources
          ? { ok: false, reason: job.skipSources }
          : await readCorpusFile(abs, { maxFileSize: job.maxFileSize, maxSourceFileSize: job.maxSourceFileSize ?? job.maxFileSize });
      if (r.ok) {
        tok.add(uri, r.text, r.map ?? null);
        sizes.push(r.size);
        mtimes.push(r.mtimeMs);
      } else if (r.reason === 'file not found') missing.push(uri);
      else skipped.push({ uri, reason: r.reason, kind: r.tooLarge ? 'too large' : r.reason });
    }
    handled++;
    if (tok.size >= BATCH_DOCS || Date.now() - started >= BATCH_MS) {
      flush(false);
      if (pause) await pause();
    }
  }
  flush(true);
}

/** The arrays of a message that can be moved to another thread rather than copied. */
export function transferables(m: ReadMessage): ArrayBuffer[] {
  const b = m.batch;
  return [b.textEnds, ...(b.textAt ? [b.textAt] : []), b.docPassages, b.passages, b.seq, b.postTerms, b.postStart, b.postPids, b.postTfs, b.postDocs].map((a) => a.buffer as ArrayBuffer);
}
