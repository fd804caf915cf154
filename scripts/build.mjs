// Bundles every entry point with esbuild. Type checking is `tsc -b` (see package.json "build").
import { build } from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';

// pg's optional native binding (pg-native) is never used (the JavaScript client is): a shim that says so is bundled.
// linkedom (web pages) tries the native `canvas` package and falls back to its own shim: the shim is bundled, so that
// the bundle requires nothing but Node's own modules.
const common = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', sourcemap: true, logLevel: 'warning', minify: process.argv.includes('--minify'), alias: { canvas: './node_modules/linkedom/commonjs/canvas-shim.cjs', 'pg-native': './scripts/shims/pg-native.cjs' } };
// The server and its reading worker load the source-format readers (pdf.js, Readability, mammoth: two thirds of the
// code) from a bundle of their own, beside them, when a source file is first read (formats/index.ts): starting the
// server neither reads nor compiles them. The CLI stays one file, with the readers bundled in.
const splitReaders = { define: { CORROBORATE_FORMATS_BUNDLE: '"formats.js"' } };
const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server/server.js', ...splitReaders },
  // The worker that reads the workspace for the server (also started by the CLI's `lsp --stdio`): beside it.
  { entryPoints: ['server/src/corpus/readerWorker.ts'], outfile: 'dist/server/reader.js', ...splitReaders },
  { entryPoints: ['server/src/corpus/formats/readers.ts'], outfile: 'dist/server/formats.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli/main.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['scripts/eval.ts'], outfile: 'dist/eval/run.js' },
  { entryPoints: ['scripts/bench.ts'], outfile: 'dist/bench/run.js' },
  { entryPoints: ['scripts/genPackage.ts'], outfile: 'dist/scripts/genPackage.js' },
].filter((e) => e.entryPoints.every((p) => existsSync(p)));
await Promise.all(entries.map((e) => build({ ...common, ...e })));
if (existsSync('dist/cli/main.js')) chmodSync('dist/cli/main.js', 0o755);
