// Packed integer lists for the archive's bytea columns: unsigned LEB128 varints. Postings are (passage id
// delta, term frequency, passage length) triples, passage ids ascending within a row; a passage's terms are
// its term ids in order. About 3 bytes a posting and 2 a term, against 8 and 4 as plain integers: the rows
// a search fetches are mostly these lists, so their size is its cost.

export class VarintWriter {
  private buf = Buffer.allocUnsafe(256);
  private n = 0;

  push(v: number): void {
    if (this.n + 5 > this.buf.length) {
      const b = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(b, 0, 0, this.n);
      this.buf = b;
    }
    while (v >= 0x80) {
      this.buf[this.n++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.n++] = v;
  }

  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.n));
    this.n = 0;
    return out;
  }
}

/** Calls `fn` with each varint of `b`. */
export function readVarints(b: Uint8Array, fn: (v: number) => void): void {
  let i = 0;
  while (i < b.length) {
    let v = 0;
    let shift = 0;
    let x: number;
    do {
      x = b[i++]!;
      v += (x & 0x7f) * 2 ** shift;
      shift += 7;
    } while (x & 0x80 && i < b.length);
    fn(v);
  }
}

/** The varints of `b` as an array. */
export function varints(b: Uint8Array): number[] {
  const out: number[] = [];
  readVarints(b, (v) => out.push(v));
  return out;
}

/** Walks a postings row: `fn(pid, tf, len)` for each posting, `first` being the row's first passage id (a posting is
 * three varints: the gap to the previous passage id, the term frequency, the passage length). */
export function readPostings(b: Uint8Array, first: number, fn: (pid: number, tf: number, len: number) => void): void {
  let pid = first;
  let k = 0;
  let tf = 0;
  readVarints(b, (v) => {
    if (k === 0) pid += v;
    else if (k === 1) tf = v;
    else fn(pid, tf, v);
    k = (k + 1) % 3;
  });
}
