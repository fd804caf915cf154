// The reading worker (bundled as dist/server/reader.js): reads and tokenizes the files of one job and posts
// each batch to the language server's main thread, moving its arrays rather than copying them.
import { parentPort, workerData } from 'node:worker_threads';
import { readFiles, transferables, type ReadJob } from './reader';

const port = parentPort;
if (port) {
  readFiles(workerData as ReadJob, (m) => port.postMessage(m, transferables(m))).catch((e: unknown) => {
    port.postMessage({ kind: 'error', message: (e as Error)?.stack ?? String(e) });
  });
}
