// Entry point of the bundled language server (dist/server/server.js): stdio, IPC or socket, as the
// command line says (--stdio, --node-ipc, --socket=N), like every vscode-languageserver server.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

process.on('uncaughtException', (e) => {
  // Keep serving: log and carry on (the client restarts the process if it dies anyway).
  process.stderr.write(`corroborate: uncaught exception: ${e?.stack ?? e}\n`);
});
process.on('unhandledRejection', (e) => {
  process.stderr.write(`corroborate: unhandled rejection: ${(e as Error)?.stack ?? e}\n`);
});

startServer(createConnection(ProposedFeatures.all));
