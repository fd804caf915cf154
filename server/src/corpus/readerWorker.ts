// The reading worker (bundled as dist/server/reader.js): reads and tokenizes the files of one job and posts
// each batch to the language server's main thread, moving its arrays rather than copying them. The job comes
// as workerData, or as the first message (a worker started ahead, while the server fetches its settings).
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { readFiles, transferables, type ReadJob } from './reader';

const port = parentPort;

// The reading thread yields the processor to the server's main thread (its requests come first): on Linux a
// thread has its own nice value, set through its thread id. Elsewhere, or if not allowed, nothing changes.
const NICE = Number(process.env.CORROBORATE_READER_NICE ?? 5);
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0 && NICE) setPriority(tid, NICE);
} catch {
  // not Linux, or not permitted
}

function run(job: ReadJob): void {
  readFiles(job, (m) => port!.postMessage(m, transferables(m))).catch((e: unknown) => {
    port!.postMessage({ kind: 'error', message: (e as Error)?.stack ?? String(e) });
  });
}
if (port) {
  if (workerData) run(workerData as ReadJob);
  else port.once('message', (job: ReadJob) => run(job));
}
