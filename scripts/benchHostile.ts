// Time per MB of each hostile input (tests/robustness/hostile.ts) at 1, 2, 5 and 10 MB: decoding, analysis,
// indexing, and corroboration against a fixed 1 MB corpus. Linear work shows as a flat ms/MB row.
// Reported, never asserted.
//
//   npx tsx scripts/benchHostile.ts                         every input, 1 2 5 10 MB
//   npx tsx scripts/benchHostile.ts --sizes 1,2 --only prose,emoji
//   npx tsx scripts/benchHostile.ts --json                  one JSON object on stdout
import { performance } from 'node:perf_hooks';
import { CachedCorpus } from '../server/src/corpus/cache';
import { corroborate } from '../server/src/corpus/corroborate';
import { decodeText } from '../server/src/corpus/files';
import { MemoryIndex } from '../server/src/corpus/index';
import { analyze } from '../server/src/engine/analyze';
import { defaultSettings } from '../server/src/settings';

// The generators live with the robustness tests (another TypeScript project): loaded at run time.
interface HostileInput {
  name: string;
  what: string;
  bytes: Buffer;
  text: boolean;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const gen = require('../tests/robustness/hostile') as {
  HOSTILE_KINDS: string[];
  hostile(kind: string, size: number, seed?: number): HostileInput;
  prose(size: number, seed?: number): string;
};

const MB = 1024 * 1024;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Row {
  input: string;
  mb: number;
  decodeMsPerMb: number;
  analyzeMsPerMb: number;
  indexMsPerMb: number;
  corroborateMsPerMb: number;
  totalMsPerMb: number;
  findings: number;
}

function main(): void {
  const sizes = (arg('sizes') ?? '1,2,5,10').split(',').map(Number);
  const only = arg('only')?.split(',');
  const kinds = gen.HOSTILE_KINDS.filter((k) => k !== 'empty' && (!only || only.includes(k)));
  const json = process.argv.includes('--json');
  const settings = defaultSettings();
  const base = gen.prose(MB, 99);
  // Warm up the code paths once.
  corroborate(gen.prose(64 * 1024, 1), 'warmup', null, settings);
  const rows: Row[] = [];
  for (const kind of kinds) {
    for (const size of sizes) {
      const h = gen.hostile(kind, size * MB);
      const mb = h.bytes.length / MB;
      let t = performance.now();
      const d = decodeText(h.bytes);
      const decodeMs = performance.now() - t;
      // Binary input is skipped by every reader; the engine is still timed on its Latin-1 reading.
      const text = d.ok ? d.text : h.bytes.toString('latin1');
      t = performance.now();
      const analysis = analyze(text);
      const analyzeMs = performance.now() - t;
      const corpus = new CachedCorpus(new MemoryIndex());
      corpus.upsert('corpus', base);
      t = performance.now();
      corpus.upsert('input', text);
      const indexMs = performance.now() - t;
      t = performance.now();
      const report = corroborate(text, 'input', corpus, settings, analysis);
      const corroborateMs = performance.now() - t;
      const per = (ms: number) => Math.round(ms / mb);
      const row: Row = {
        input: kind,
        mb: Math.round(mb * 100) / 100,
        decodeMsPerMb: per(decodeMs),
        analyzeMsPerMb: per(analyzeMs),
        indexMsPerMb: per(indexMs),
        corroborateMsPerMb: per(corroborateMs),
        totalMsPerMb: per(decodeMs + analyzeMs + indexMs + corroborateMs),
        findings: report.findings.length,
      };
      rows.push(row);
      if (!json) {
        console.log(
          `${kind.padEnd(18)} ${String(row.mb).padStart(6)} MB  decode ${String(row.decodeMsPerMb).padStart(5)}  analyze ${String(row.analyzeMsPerMb).padStart(6)}  index ${String(row.indexMsPerMb).padStart(5)}  corroborate ${String(row.corroborateMsPerMb).padStart(6)}  total ${String(row.totalMsPerMb).padStart(6)} ms/MB  (${row.findings} findings)`,
        );
      }
    }
  }
  if (json) process.stdout.write(JSON.stringify({ unit: 'ms per MB', rows }) + '\n');
}

main();
