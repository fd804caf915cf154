// The corpus index: every workspace document split into passages (sentences), normalised terms in a
// compact inverted index (interned terms, typed arrays), BM25 ranking of documents, and a bounded [0, 1]
// coverage score for the passage shown, on which thresholds are set. No NLP library runs here: only the
// light tokenizer of normalize.ts. Updates are incremental; dead entries are compacted lazily.
// Figures (scripts/expRetrieval.ts, CheckThat! 2020 task 2, MAP@5 / P@1 / R@5): train 0.866 / 0.824 / 0.924,
// dev 0.827 / 0.787 / 0.883; with the claims indexed in reverse order (exact ties between near-duplicate
// claims fall the other way) dev 0.740. See ARCHITECTURE.md, "Retrieval ranking".
import { segment, LineMap } from '../engine/segment';
import type { Passage } from '../engine/types';
import { placeAt, type SourceMap } from './formats/types';
import { normalizeWord, scanSpans } from './normalize';
import type { TextSink } from './textStore';
import { B, grow, I32, K1, PassageScorer, selectCandidates } from './rank';

/** What the engine needs from a corpus. Another backend (PostgreSQL, OpenSearch) implements the same. */
export interface CorpusBackend {
  /** `source`: for a document extracted from another format (PDF, HTML...), the map of its text back to the file. */
  upsert(id: string, text: string, source?: SourceMap | null): void;
  remove(id: string): void;
  has(id: string): boolean;
  search(query: string, options: SearchOptions): Passage[];
  /** Increases on every change: caches of corroboration results key on it. */
  readonly version: number;
  /** How many changes came from documents other than `id` (caches of `id`'s results key on it). */
  versionExcept(id: string): number;
  stats(): { documents: number; passages: number; terms: number };
}

export interface SearchOptions {
  top: number;
  /** Document whose passages are left out (a document never corroborates itself). */
  exclude?: string;
  /** One passage per document (default true). */
  perDocument?: boolean;
  /** Minimum score in [0, 1]. */
  minScore?: number;
}

interface Doc {
  id: string;
  /** The document's text; null when it is left in the kept index's file (`TextStore`) and read from there on demand. */
  text: string | null;
  /** Where the text is when not in memory (a kept index's file, a session text file), and where it begins there (in
   * UTF-16 code units); -1 when it is in no store. */
  store: TextStore | null;
  at: number;
  /** The text's length (in UTF-16 code units). */
  len: number;
  first: number; // first passage id
  count: number;
  changes: number; // upserts/removes of this document (for versionExcept)
  /** Extracted documents: where their text came from (page, time, line, rating); null for text files. */
  src: SourceMap | null;
}

/**
 * Texts of documents kept in the index's file on disk (persist.ts) rather than in memory: a restored index reads
 * none of them until a passage of the document is shown, and a session that has kept its index lets go of the
 * texts it read. Reads are synchronous and small (a document, a few kilobytes).
 */
export interface TextStore {
  /** Code units [start, end) of the store; '' when it cannot be read. */
  read(start: number, end: number): string;
  close(): void;
}

/** Texts read back from the store and kept, at most this many documents at a time (then they are let go again). */
const TEXTS_KEPT = 2000;

const MAX_PASSAGE = 1200;
/** FNV-1a over the UTF-16 code units of text[start, end). */
function hashChars(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

const MISSING = -2;

/** An open-addressing table from strings to numbers, looked up by a span of a text (no substring made). */
class RawTable {
  keys: string[] = [];
  hashes = new Int32Array(1024);
  vals = new Int32Array(1024);
  slots = new Int32Array(4096); // entry index + 1; 0 = empty
  size = 0;

  get(text: string, start: number, end: number, h: number): number {
    const mask = this.slots.length - 1;
    const len = end - start;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = this.slots[i]!;
      if (e === 0) return MISSING;
      const k = e - 1;
      if (this.hashes[k] === h) {
        const key = this.keys[k]!;
        if (key.length === len && text.startsWith(key, start)) return this.vals[k]!;
      }
    }
  }

  set(key: string, h: number, v: number): void {
    if ((this.size + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    const k = this.size++;
    this.keys.push(key);
    if (k >= this.hashes.length) {
      this.hashes = grow(this.hashes, k + 1);
      this.vals = grow(this.vals, k + 1);
    }
    this.hashes[k] = h;
    this.vals[k] = v;
    this.place(k);
  }

  clear(): void {
    this.keys = [];
    this.size = 0;
    this.slots = new Int32Array(4096);
  }

  private place(k: number): void {
    const mask = this.slots.length - 1;
    let i = this.hashes[k]! & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = k + 1;
  }

  private rehash(n: number): void {
    this.slots = new Int32Array(n);
    for (let k = 0; k < this.size; k++) this.place(k);
  }
}

interface Posting {
  ids: Int32Array;
  tfs: Uint16Array;
  n: number;
}

/**
 * A passage of an extracted document with its place in the file: the page (PDF), the start time and line of
 * its caption (WebVTT, SRT), its line in the HTML or JSON file, the rating of the reviewed claim. `start`/`end`
 * stay offsets of the extracted text (SPEC); `line` becomes the file's line where the format has lines, and
 * stays the extracted text's line otherwise (PDF, DOCX).
 */
export function placed(p: Passage, src: SourceMap): Passage {
  const place = placeAt(src, p.start);
  if (place.line !== undefined) {
    p.line = place.line;
    p.character = 0;
  }
  if (place.page !== undefined) p.page = place.page;
  if (place.time !== undefined) p.time = place.time;
  if (place.rating) p.rating = place.rating;
  p.format = src.format;
  return p;
}

/** Numbers per passage in a prepared document: start, end, line, character, offset in `seq`, term count. */
export const PASSAGE_FIELDS = 6;

interface Prepared {
  passages: I32;
  seq: I32;
}

const scratchPrepared: Prepared = { passages: new I32(1024), seq: new I32(1 << 14) };
const scratchUniq = new I32(256);

/**
 * Splits a text into passages (sentences, debris and bylines left out) and their terms: appends to `out`
 * PASSAGE_FIELDS numbers per passage and its term ids (`termOf` of each word's span; negative: no term).
 * What `upsert` indexes and the reading worker prepares: the two give the same index.
 */
function prepareInto(text: string, out: Prepared, termOf: (start: number, end: number) => number, append = false): void {
  if (!append) {
    out.passages.n = 0;
    out.seq.n = 0;
  }
  const seg = segment(text);
  const lines = new LineMap(text);
  const seq = out.seq;
  const onWord = (start: number, end: number) => {
    const t = termOf(start, end);
    if (t >= 0) seq.push(t);
  };
  for (const s of seg.sentences) {
    const para = seg.paragraphs[s.paragraph]!;
    if (para.kind === 'debris' || para.kind === 'byline') continue;
    const end = Math.min(s.end, s.start + MAX_PASSAGE);
    const from = seq.n;
    scanSpans(text, s.start, end, onWord);
    if (seq.n === from) continue;
    const pos = lines.position(s.start);
    const p = out.passages;
    p.push(s.start);
    p.push(end);
    p.push(pos.line);
    p.push(pos.character);
    p.push(from);
    p.push(seq.n - from);
  }
}

/** Documents split into passages and terms off the index (`Tokenizer`), for `MemoryIndex.addPrepared`. */
/** Document d's text in a prepared batch (a slice of the joined text: no copy). */
export function batchText(batch: PreparedBatch, d: number): string {
  return batch.text.slice(d > 0 ? batch.textEnds[d - 1]! : 0, batch.textEnds[d]!);
}

function joinTexts(texts: string[]): { text: string; textEnds: Int32Array } {
  const textEnds = new Int32Array(texts.length);
  let n = 0;
  texts.forEach((t, i) => (textEnds[i] = n += t.length));
  return { text: texts.join(''), textEnds };
}

export interface PreparedBatch {
  ids: string[];
  /**
   * The documents' texts joined into one string (document d is text.slice(textEnds[d - 1] ?? 0, textEnds[d])):
   * one large string crosses from a reading thread to the main thread as one allocation, which V8 places
   * outside the young generation, instead of a few dozen strings that every minor GC would copy
   * (measured: scavenges during reading took about 60% less time without the texts in the young generation).
   */
  text: string;
  textEnds: Int32Array;
  /**
   * When the reading thread wrote the texts to its session text file instead (`TextSink`): where each begins there
   * (code units); `text` is then empty, and `textEnds` still gives their lengths.
   */
  textAt: Float64Array | null;
  /** The source map of each document extracted from another format (null for text). */
  sources: Array<SourceMap | null>;
  /** Passages of document d: docPassages[d] to docPassages[d + 1] (length ids.length + 1). */
  docPassages: Int32Array;
  passages: Int32Array;
  seq: Int32Array;
  /** Names of the tokenizer's terms created for this batch, in id order (they follow those of earlier batches). */
  newTerms: string[];
  /** The batch's postings by term: postTerms[j]'s passages (numbered from the batch's first) are postPids[postStart[j]
   * to postStart[j + 1]], with their term frequencies in postTfs; postDocs[j] is how many documents hold it. */
  postTerms: Int32Array;
  postStart: Int32Array;
  postPids: Int32Array;
  postTfs: Uint16Array;
  postDocs: Int32Array;
}

/**
 * Tokenizes documents into prepared batches with its own term ids (the reading worker holds one). Its
 * batches must reach the index in the order they were made, through one `TermMap`.
 */
export class Tokenizer {
  private readonly rawIds = new RawTable();
  private readonly termIds = new Map<string, number>();
  private termCount = 0;
  private newTerms: string[] = [];
  private ids: string[] = [];
  private texts: string[] = [];
  private sources: Array<SourceMap | null> = [];
  private docPassages = new I32(256);
  private readonly out: Prepared = { passages: new I32(1 << 14), seq: new I32(1 << 16) };
  // Scratch per term, for take().
  private tf = new Int32Array(1024);
  private cnt = new Int32Array(1024);
  private docCnt = new Int32Array(1024);
  private docMark = new Int32Array(1024);
  private at = new Int32Array(1024);

  constructor() {
    this.docPassages.push(0);
  }

  get size(): number {
    return this.ids.length;
  }

  add(id: string, text: string, source: SourceMap | null = null): void {
    const raws = this.rawIds;
    prepareInto(
      text,
      this.out,
      (start, end) => {
        const h = hashChars(text, start, end);
        let t = raws.get(text, start, end, h);
        if (t === MISSING) {
          const n = normalizeWord(text.slice(start, end));
          if (n === null) t = -1;
          else {
            let k = this.termIds.get(n);
            if (k === undefined) {
              k = this.termCount++;
              this.termIds.set(n, k);
              this.newTerms.push(n);
            }
            t = k;
          }
          if (raws.size > 1_000_000) raws.clear();
          raws.set(text.slice(start, end), h, t);
        }
        return t;
      },
      true,
    );
    this.ids.push(id);
    this.texts.push(text);
    this.sources.push(source);
    this.docPassages.push(this.out.passages.n / PASSAGE_FIELDS);
  }

  /**
   * The documents added since the last batch (their arrays are copies: transferable). With `sink`, their texts are
   * written there (`textAt`) rather than carried; if it fails, they are carried.
   */
  take(sink?: TextSink | null): PreparedBatch {
    const passages = this.out.passages.a;
    const nPassages = this.out.passages.n / PASSAGE_FIELDS;
    const seq = this.out.seq.a;
    const nTerms = this.termCount;
    if (this.tf.length < nTerms) {
      this.tf = grow(this.tf, nTerms);
      this.cnt = grow(this.cnt, nTerms);
      this.docCnt = grow(this.docCnt, nTerms);
      this.docMark = grow(this.docMark, nTerms);
      this.at = grow(this.at, nTerms);
    }
    const { tf, cnt, docCnt, docMark, at } = this;
    // The (term, passage, frequency) triples in passage order, then grouped by term (a counting sort keeps
    // each term's passages in order).
    const tT = new I32(Math.max(16, this.out.seq.n));
    const tP = new I32(Math.max(16, this.out.seq.n));
    const tF = new I32(Math.max(16, this.out.seq.n));
    const distinct = new I32(256);
    const uniq = new I32(64);
    let d = 0;
    for (let pid = 0; pid < nPassages; pid++) {
      while (this.docPassages.a[d + 1]! <= pid) d++;
      const o = pid * PASSAGE_FIELDS;
      const from = passages[o + 4]!;
      const to = from + passages[o + 5]!;
      uniq.n = 0;
      for (let i = from; i < to; i++) {
        const t = seq[i]!;
        if (tf[t]++ === 0) uniq.push(t);
      }
      for (let k = 0; k < uniq.n; k++) {
        const t = uniq.a[k]!;
        tT.push(t);
        tP.push(pid);
        tF.push(Math.min(tf[t]!, 65535));
        tf[t] = 0;
        if (cnt[t]++ === 0) distinct.push(t);
        if (docMark[t] !== d + 1) {
          docMark[t] = d + 1;
          docCnt[t]!++;
        }
      }
    }
    const nd = distinct.n;
    const postTerms = distinct.a.slice(0, nd);
    const postStart = new Int32Array(nd + 1);
    const postDocs = new Int32Array(nd);
    for (let j = 0; j < nd; j++) {
      const t = postTerms[j]!;
      postStart[j + 1] = postStart[j]! + cnt[t]!;
      at[t] = postStart[j]!;
      postDocs[j] = docCnt[t]!;
    }
    const postPids = new Int32Array(tT.n);
    const postTfs = new Uint16Array(tT.n);
    for (let i = 0; i < tT.n; i++) {
      const t = tT.a[i]!;
      const w = at[t]!++;
      postPids[w] = tP.a[i]!;
      postTfs[w] = tF.a[i]!;
    }
    for (let j = 0; j < nd; j++) {
      const t = postTerms[j]!;
      cnt[t] = 0;
      docCnt[t] = 0;
      docMark[t] = 0;
    }
    let texts: { text: string; textEnds: Int32Array; textAt: Float64Array | null } | null = null;
    if (sink?.ok) {
      const textAt = new Float64Array(this.texts.length);
      const textEnds = new Int32Array(this.texts.length);
      let n = 0;
      for (let i = 0; i < this.texts.length; i++) {
        const at = sink.write(this.texts[i]!);
        if (at === null) break;
        textAt[i] = at;
        textEnds[i] = n += this.texts[i]!.length;
        if (i === this.texts.length - 1) texts = { text: '', textEnds, textAt };
      }
      if (this.texts.length === 0) texts = { text: '', textEnds, textAt };
    }
    const b: PreparedBatch = {
      ids: this.ids,
      ...(texts ?? { ...joinTexts(this.texts), textAt: null }),
      sources: this.sources,
      docPassages: this.docPassages.a.slice(0, this.docPassages.n),
      passages: passages.slice(0, this.out.passages.n),
      seq: seq.slice(0, this.out.seq.n),
      newTerms: this.newTerms,
      postTerms,
      postStart,
      postPids,
      postTfs,
      postDocs,
    };
    this.ids = [];
    this.texts = [];
    this.sources = [];
    this.newTerms = [];
    this.docPassages.n = 0;
    this.docPassages.push(0);
    this.out.passages.n = 0;
    this.out.seq.n = 0;
    return b;
  }
}

/** A tokenizer's term ids -> an index's term ids, for the batches of one tokenizer. */
export class TermMap {
  map = new Int32Array(1024);
  private n = 0;

  sync(index: MemoryIndex, newTerms: string[]): void {
    if (newTerms.length === 0) return;
    this.map = grow(this.map, this.n + newTerms.length);
    for (const name of newTerms) this.map[this.n++] = index.internTerm(name);
    newTerms.length = 0; // mapped once, even when the batch is added in several parts
  }
}

export class MemoryIndex extends PassageScorer implements CorpusBackend {
  /** Raw word -> term id (-1: stop word), so that each distinct spelling is normalised once. Looked up by
   * the word's characters in the text, so that indexing makes no string for a word it has seen. */
  private readonly rawIds = new RawTable();
  private dMark = new Int32Array(1024);
  private readonly postings: Posting[] = [];
  private readonly docs: Array<Doc | null> = [];
  private readonly docByPath = new Map<string, number>();
  private deadPassages = 0;
  private deadSeq = 0;
  private _version = 0;
  // The postings walk touches, per passage, its length (negative once dead) and its score accumulator:
  // interleaved in one array, so that each posting costs one cache line rather than three.
  private hot = new Float32Array(2048);
  private tfCount = new Int32Array(1024);
  /** The stores that documents with `text: null` read their texts from (closed when none can refer to them). */
  private stores: TextStore[] = [];
  /** Documents whose text was read back from the store and is held for now (let go TEXTS_KEPT at a time). */
  private textsRead: number[] = [];

  protected documentCount(): number {
    return this.docByPath.size;
  }

  /** A passage of an extracted document says where it came from in its file (page, time, line, rating). */
  protected override passageOut(pid: number, score: number, rank: number, qStamp: number): Passage {
    const out = super.passageOut(pid, score, rank, qStamp);
    const src = this.docs[this.pDoc[pid]!]?.src;
    return src ? placed(out, src) : out;
  }

  protected docPath(d: number): string {
    return this.docs[d]!.id;
  }

  protected passageText(pid: number): string {
    return this.textOf(this.pDoc[pid]!).slice(this.pStart[pid]!, this.pEnd[pid]!);
  }

  /** Document d's whole text, from memory or read back from the text store (and held for a while, unless `hold` is false). */
  textOf(d: number, hold = true): string {
    const doc = this.docs[d]!;
    if (doc.text !== null) return doc.text;
    const text = doc.store ? doc.store.read(doc.at, doc.at + doc.len) : '';
    if (text.length !== doc.len || !hold) return text;
    if (this.textsRead.length >= TEXTS_KEPT) {
      for (const k of this.textsRead) {
        const x = this.docs[k];
        if (x && x.at >= 0) x.text = null;
      }
      this.textsRead = [];
    }
    doc.text = text;
    this.textsRead.push(d);
    return text;
  }

  /** True when the index holds document `id` with exactly this text. */
  holds(id: string, text: string): boolean {
    const d = this.docByPath.get(id);
    return d !== undefined && this.docs[d]!.len === text.length && this.textOf(d, false) === text;
  }

  /** The length of document d's text, or -1 for a removed document (persist.ts lays the texts out with it). */
  textLength(d: number): number {
    return this.docs[d]?.len ?? -1;
  }

  /**
   * The texts are read from `store` from now on, document d's at `at[d]` (-1: not there, kept in memory); the
   * ones in memory are let go. Called by persist.ts after a restore and after the index was kept; the previous
   * store is closed.
   */
  useTextStore(store: TextStore, at?: ArrayLike<number>): void {
    for (let d = 0; d < this.docs.length; d++) {
      const doc = this.docs[d];
      if (!doc) continue;
      if (at) doc.at = d < at.length ? at[d]! : -1;
      if (doc.at >= 0) ((doc.store = store), (doc.text = null));
      else doc.store = null;
    }
    this.textsRead = [];
    // Every document is in memory or in `store` now: the other stores are let go.
    for (const old of this.stores) if (old !== store) old.close();
    this.stores = [store];
  }

  /** Closes the text stores (the index is not used any more, or is about to be replaced whole). */
  dispose(): void {
    for (const s of this.stores) s.close();
    this.stores = [];
  }

  get version(): number {
    return this._version;
  }

  versionExcept(id: string): number {
    const d = this.docByPath.get(id);
    return this._version - (d === undefined ? 0 : this.docs[d]!.changes);
  }

  has(id: string): boolean {
    return this.docByPath.has(id);
  }

  /** The documents held. */
  ids(): string[] {
    return [...this.docByPath.keys()];
  }

  stats(): { documents: number; passages: number; terms: number } {
    return { documents: this.docByPath.size, passages: this.livePassages, terms: this.termIds.size };
  }

  private termId(t: string): number {
    let id = this.termIds.get(t);
    if (id === undefined) {
      id = this.termNames.length;
      this.termIds.set(t, id);
      this.termNames.push(t);
      this.postings.push({ ids: new Int32Array(4), tfs: new Uint16Array(4), n: 0 });
      this.growTerms(id + 1);
      this.dMark = grow(this.dMark, id + 1);
      this.tfCount = grow(this.tfCount, id + 1);
    }
    return id;
  }

  private ensurePassages(n: number): void {
    this.growPassages(n);
    this.hot = grow(this.hot, 2 * n);
  }

  /**
   * Makes room at once for `passages` more passages and `terms` more term occurrences (a reading that knows
   * how many files are left): the arrays are then not copied again and again as they double, each copy of the
   * larger ones a pause of tens of milliseconds on the thread that answers requests.
   */
  reserve(passages: number, terms: number): void {
    this.ensurePassages(this.nPassages + passages);
    if (this.seq.a.length < this.seq.n + terms) this.seq.a = grow(this.seq.a, this.seq.n + terms);
  }

  upsert(id: string, text: string, source: SourceMap | null = null): void {
    const raws = this.rawIds;
    const out = scratchPrepared;
    prepareInto(text, out, (start, end) => {
      const h = hashChars(text, start, end);
      let t = raws.get(text, start, end, h);
      if (t === MISSING) {
        const n = normalizeWord(text.slice(start, end));
        t = n === null ? -1 : this.termId(n);
        if (raws.size > 1_000_000) raws.clear();
        raws.set(text.slice(start, end), h, t);
      }
      return t;
    });
    this.insert(id, text, out.passages.a, out.passages.n / PASSAGE_FIELDS, out.seq.a, null, source);
  }

  /**
   * Adds documents prepared elsewhere (the reading worker, `Tokenizer`): `passages` holds PASSAGE_FIELDS numbers
   * per passage, `seq` their terms as ids of `terms` (the tokenizer's names, first to last). The result is
   * the same as `upsert` of each text in turn.
   */
  addPrepared(batch: PreparedBatch, from: number, to: number, terms: TermMap, store: TextStore | null = null): void {
    terms.sync(this, batch.newTerms);
    for (let d = from; d < to; d++) {
      const p0 = batch.docPassages[d]!;
      const p1 = batch.docPassages[d + 1]!;
      const len = batch.textEnds[d]! - (d > 0 ? batch.textEnds[d - 1]! : 0);
      const text = batch.textAt ? (store?.read(batch.textAt[d]!, batch.textAt[d]! + len) ?? '') : batchText(batch, d);
      this.insert(batch.ids[d]!, text, batch.passages.subarray(p0 * PASSAGE_FIELDS, p1 * PASSAGE_FIELDS), p1 - p0, batch.seq, terms.map, batch.sources?.[d] ?? null);
    }
  }

  /**
   * Appends a prepared batch whole: the same index as `upsert` of each of its texts in turn, built mostly by
   * copying the batch's arrays (its postings come grouped by term). Documents already held are replaced.
   */
  addBatch(batch: PreparedBatch, terms: TermMap, store: TextStore | null = null): void {
    terms.sync(this, batch.newTerms);
    const stored = batch.textAt !== null && store !== null;
    if (stored && !this.stores.includes(store)) this.stores.push(store);
    const nDocs = batch.ids.length;
    if (nDocs === 0) return;
    const map = terms.map;
    const changes: number[] = [];
    for (const id of batch.ids) {
      const prev = this.docByPath.get(id);
      changes.push(prev === undefined ? 0 : this.docs[prev]!.changes);
      this.removeInternal(id);
    }
    const base = this.nPassages;
    const nPassages = batch.docPassages[nDocs]!;
    this.ensurePassages(base + nPassages);
    const seqBase = this.seq.n;
    const nSeq = batch.seq.length;
    if (this.seq.a.length < seqBase + nSeq) this.seq.a = grow(this.seq.a, seqBase + nSeq);
    const seqA = this.seq.a;
    for (let i = 0; i < nSeq; i++) seqA[seqBase + i] = map[batch.seq[i]!]!;
    this.seq.n = seqBase + nSeq;
    const P = batch.passages;
    for (let d = 0; d < nDocs; d++) {
      const docIndex = this.docs.length;
      const first = batch.docPassages[d]!;
      const count = batch.docPassages[d + 1]! - first;
      const len = batch.textEnds[d]! - (d > 0 ? batch.textEnds[d - 1]! : 0);
      if (stored) this.docs.push({ id: batch.ids[d]!, text: null, store, at: batch.textAt![d]!, len, first: base + first, count, changes: changes[d]! + 1, src: batch.sources?.[d] ?? null });
      else this.docs.push({ id: batch.ids[d]!, text: batchText(batch, d), store: null, at: -1, len, first: base + first, count, changes: changes[d]! + 1, src: batch.sources?.[d] ?? null });
      this.docByPath.set(batch.ids[d]!, docIndex);
      for (let k = first; k < first + count; k++) {
        const pid = base + k;
        const o = k * PASSAGE_FIELDS;
        const len = P[o + 5]!;
        this.pDoc[pid] = docIndex;
        this.pStart[pid] = P[o]!;
        this.pEnd[pid] = P[o + 1]!;
        this.pLine[pid] = P[o + 2]!;
        this.pChar[pid] = P[o + 3]!;
        this.pSeq[pid] = seqBase + P[o + 4]!;
        this.pLen[pid] = len;
        this.hot[2 * pid] = len;
        this.hot[2 * pid + 1] = 0;
      }
      this._version++;
    }
    this.nPassages = base + nPassages;
    this.livePassages += nPassages;
    this.totalLen += nSeq;
    const { postTerms, postStart, postPids, postTfs, postDocs } = batch;
    for (let j = 0; j < postTerms.length; j++) {
      const t = map[postTerms[j]!]!;
      const from = postStart[j]!;
      const n = postStart[j + 1]! - from;
      const p = this.postings[t]!;
      if (p.ids.length < p.n + n) {
        p.ids = grow(p.ids, p.n + n);
        p.tfs = grow(p.tfs, p.n + n);
      }
      // Plain loops, no subarray: a view per term and batch would be a million short-lived objects.
      const ids = p.ids;
      const tfs = p.tfs;
      const at = p.n;
      for (let i = 0; i < n; i++) {
        ids[at + i] = base + postPids[from + i]!;
        tfs[at + i] = postTfs[from + i]!;
      }
      p.n = at + n;
      this.df[t]! += n;
      this.ddf[t]! += postDocs[j]!;
    }
  }

  /**
   * After a restore from disk (persist.ts): the postings and documents come back as objects built property by
   * property, whose hidden classes differ from those this class creates; rebuilt here, the search's hot loop
   * meets one shape again. Cheap (one object per term and per document).
   */
  restored(): void {
    for (let t = 0; t < this.postings.length; t++) {
      const p = this.postings[t]!;
      this.postings[t] = { ids: p.ids, tfs: p.tfs, n: p.n };
    }
    for (let d = 0; d < this.docs.length; d++) {
      const x = this.docs[d];
      if (x) this.docs[d] = { id: x.id, text: x.text, store: x.store ?? null, at: x.at, len: x.len, first: x.first, count: x.count, changes: x.changes, src: x.src ?? null };
    }
  }

  /** The id of a term by name, created if new (for `TermMap`). */
  internTerm(name: string): number {
    return this.termId(name);
  }

  private insert(id: string, text: string, passages: Int32Array, nPassages: number, seqIn: Int32Array, map: Int32Array | null, src: SourceMap | null = null): void {
    const prevIndex = this.docByPath.get(id);
    const changes = prevIndex === undefined ? 0 : this.docs[prevIndex]!.changes;
    this.removeInternal(id);
    const docIndex = this.docs.length;
    const doc: Doc = { id, text, store: null, at: -1, len: text.length, first: this.nPassages, count: 0, changes: changes + 1, src };
    this.docs.push(doc);
    this.docByPath.set(id, docIndex);
    const uniq = scratchUniq;
    const dst = ++this.stamp;
    for (let k = 0; k < nPassages; k++) {
      const o = k * PASSAGE_FIELDS;
      const seqFrom = passages[o + 4]!;
      const len = passages[o + 5]!;
      const pid = this.nPassages++;
      this.ensurePassages(this.nPassages);
      this.pDoc[pid] = docIndex;
      this.pStart[pid] = passages[o]!;
      this.pEnd[pid] = passages[o + 1]!;
      this.pLine[pid] = passages[o + 2]!;
      this.pChar[pid] = passages[o + 3]!;
      this.pSeq[pid] = this.seq.n;
      this.pLen[pid] = len;
      this.hot[2 * pid] = len;
      this.hot[2 * pid + 1] = 0;
      // Term frequencies without a Map: a count per term id, reset after use.
      uniq.n = 0;
      for (let i = seqFrom; i < seqFrom + len; i++) {
        const t = map ? map[seqIn[i]!]! : seqIn[i]!;
        this.seq.push(t);
        if (this.tfCount[t]++ === 0) uniq.push(t);
      }
      for (let i = 0; i < uniq.n; i++) {
        const t = uniq.a[i]!;
        const f = this.tfCount[t]!;
        this.tfCount[t] = 0;
        const p = this.postings[t]!;
        if (p.n === p.ids.length) {
          p.ids = grow(p.ids, p.n + 1);
          p.tfs = grow(p.tfs, p.n + 1);
        }
        p.ids[p.n] = pid;
        p.tfs[p.n] = Math.min(f, 65535);
        p.n++;
        this.df[t]!++;
        if (this.dMark[t] !== dst) {
          this.dMark[t] = dst;
          this.ddf[t]!++;
        }
      }
      doc.count++;
      this.livePassages++;
      this.totalLen += len;
    }
    this._version++;
  }

  remove(id: string): void {
    if (this.removeInternal(id)) this._version++;
  }

  private removeInternal(id: string): boolean {
    const di = this.docByPath.get(id);
    if (di === undefined) return false;
    const doc = this.docs[di]!;
    const dst = ++this.stamp;
    for (let pid = doc.first; pid < doc.first + doc.count; pid++) {
      const st = ++this.stamp;
      const off = this.pSeq[pid]!;
      const len = this.pLen[pid]!;
      for (let i = off; i < off + len; i++) {
        const t = this.seq.a[i]!;
        if (this.pMark[t] !== st) {
          this.pMark[t] = st;
          this.df[t]!--;
          if (this.dMark[t] !== dst) {
            this.dMark[t] = dst;
            this.ddf[t]!--;
          }
        }
      }
      this.pDoc[pid] = -1;
      this.hot[2 * pid] = -1;
      this.livePassages--;
      this.deadPassages++;
      this.deadSeq += len;
      this.totalLen -= len;
    }
    this.docs[di] = null;
    this.docByPath.delete(id);
    if (this.deadPassages > 5000 && this.deadPassages > this.livePassages) this.compact();
    return true;
  }

  /** Drops dead passages from postings and the term sequence pool (passage ids stay stable). */
  private compact(): void {
    for (const p of this.postings) {
      let w = 0;
      for (let i = 0; i < p.n; i++) {
        if (this.pDoc[p.ids[i]!]! >= 0) {
          p.ids[w] = p.ids[i]!;
          p.tfs[w] = p.tfs[i]!;
          w++;
        }
      }
      p.n = w;
    }
    if (this.deadSeq > this.seq.n / 2) {
      const next = new I32(Math.max(1024, this.seq.n - this.deadSeq));
      for (let pid = 0; pid < this.nPassages; pid++) {
        if (this.pDoc[pid]! < 0) continue;
        const off = this.pSeq[pid]!;
        this.pSeq[pid] = next.n;
        for (let i = off; i < off + this.pLen[pid]!; i++) next.push(this.seq.a[i]!);
      }
      this.seq = next;
      this.deadSeq = 0;
    }
    this.deadPassages = 0;
  }

  search(query: string, options: SearchOptions): Passage[] {
    const q = this.prepareQuery(query);
    if (q.ids.length === 0 || this.livePassages === 0) return [];
    const exclude = options.exclude !== undefined ? (this.docByPath.get(options.exclude) ?? -2) : -2;
    const avg = this.totalLen / Math.max(1, this.livePassages);
    // BM25 in two phases. The generating terms (the rarest; with a minimum score, only the rarest of the
    // query and of each clause, which carry the weight a passage needs to reach it) walk their postings and
    // bring in candidates. The other terms then add their share to the best candidates only, found by
    // binary search in their (passage-ordered) postings, so common words never walk long lists.
    const hot = this.hot;
    const exDoc = exclude >= 0 ? this.docs[exclude] : null;
    const exLo = exDoc ? exDoc.first : -1;
    const exHi = exDoc ? exDoc.first + exDoc.count : -1;
    const { known, generators } = this.chooseGenerators(q, options);
    const pDoc = this.pDoc;
    const pLen = this.pLen;
    const lenNorm = B / avg;
    const k1a = K1 * (1 - B);
    const k1b = K1 * lenNorm;
    let tq = new Int32Array(1024);
    let tn = 0;
    for (const t of known) {
      if (!generators.has(t)) continue;
      const idf = this.docIdf(t) * (K1 + 1);
      const p = this.postings[t]!;
      const ids = p.ids;
      const tfs = p.tfs;
      const n = p.n;
      for (let i = 0; i < n; i++) {
        const pid = ids[i]!;
        const len = hot[2 * pid]!;
        if (len < 0 || (pid >= exLo && pid < exHi)) continue;
        const a = hot[2 * pid + 1]!;
        if (a === 0) {
          if (tn === tq.length) {
            const g = new Int32Array(tn * 2);
            g.set(tq);
            tq = g;
          }
          tq[tn++] = pid;
        }
        const tf = tfs[i]!;
        hot[2 * pid + 1] = a + (idf * tf) / (tf + k1a + k1b * len);
      }
    }
    // The best candidates (a selection, not a sort), then reset the accumulator.
    // One pass reads each score and resets the accumulator (one access per candidate: the accumulator is
    // large and its entries far apart); the selection then works on the copy.
    const scores = new Float64Array(tn);
    for (let i = 0; i < tn; i++) {
      const h = 2 * tq[i]! + 1;
      scores[i] = hot[h]!;
      hot[h] = 0;
    }
    const { cands, scoreOf } = selectCandidates(tq, scores, tn);
    return this.finish(q, known, generators, cands, scoreOf, options);
  }
}
