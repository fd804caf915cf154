// LSP fuzz: thousands of random incremental edits (quotation marks, emoji, CRLF, citation markers,
// deletions across lines) interleaved with hovers, code actions and diagnostic requests, against the real
// bundled server. After every step: the server's text equals the client's (internal request
// corroborate/_documentText), every diagnostic range is inside the document, no request is rejected and
// every answer arrives within a generous bound.
//
//   CORROBORATE_FUZZ_SEED=123 CORROBORATE_FUZZ_STEPS=20000 npx mocha tests/robustness/fuzz.test.ts
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient } from '../lsp/client';
import { bounded, Slowest } from './bounded';
import { prng } from './hostile';
import { checkRanges, lspLines } from './invariants';

const SEED = Number(process.env.CORROBORATE_FUZZ_SEED ?? 20240607);
const STEPS = Number(process.env.CORROBORATE_FUZZ_STEPS ?? 2500);
const PUSH_STEPS = Math.max(50, Math.round(STEPS / 5));
/** Far above any normal answer: a hang, not a slow answer, trips it. */
const BOUND_MS = 20_000;

const SOURCE = [
  'Harbour report',
  '',
  'The council approved forty new pumps for the harbour district in March, at a cost of 3.2 million euros.',
  '',
  '“We will finish the repairs by June,” Mayor Elena Varga told reporters on Monday.',
  '',
  'The old levee was built in 1962 and has never been raised since, according to the county engineer.',
  '',
].join('\n');

const DRAFT = [
  '# Flood draft',
  '',
  'The council approved 40 new pumps for the harbour district in March.',
  '',
  '“We will finish the repairs by June,” Varga said. The river rose by two metres in 48 hours.',
  '',
  'The levee was built in 1962 and was never raised. 🌊 Unemployment fell to 5% last year.',
  '',
].join('\r\n');

const SNIPPETS = [
  '“', '”', '"', "'", '‘', '’', '„', '«', '»', '“We will rebuild,” ', '," she said, "', '” said Elena Varga. “',
  '🎉', '👩🏽‍🔧', '🇬🇧', '𝒲', '\uD83D', '\uDE00',
  '\r\n', '\n', '\n\n', '\r\n\r\n', '\r',
  ' [source: source.txt#L3]', '[^1]', '\n\n[^1]: [source.txt:3](source.txt#L3)\n', '[cite: x]', '](command:x)', '<img src=x>',
  'The council spent 3 million euros in 2021. ', 'said Mayor Elena Varga', ' according to the council', 'pumps', '1962', 'five percent',
  '.', '?', '!', '…', ',', ' ', '\t', 'x', 'Tom Reyes', '— ', '# ', '- ',
];

const PARAGRAPHS = [
  '\n\nThe council approved forty new pumps for the harbour district in March, at a cost of 3.2 million euros.\n\n',
  ' “We will finish the repairs by June,” Mayor Elena Varga told reporters on Monday. ',
  '\r\n\r\nThe old levee was built in 1962 and has never been raised since. Ticket sales doubled in 2021.\r\n',
  ' "The insurance will cover most of the damage," he said, "and the rest by spring." ',
  '\n\nUnemployment in Marrowby fell to 5% 📉 after the new port opened in 2021, twice as fast as in 2019.',
];

describe('robustness: LSP fuzz', function () {
  this.timeout(600_000);
  let dir: string;

  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), 'corroborate-fuzz-'));
    writeFileSync(path.join(dir, 'source.txt'), SOURCE);
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  for (const pull of [true, false]) {
    const steps = pull ? STEPS : PUSH_STEPS;
    it(`${steps} random edits with hovers, code actions and diagnostics (${pull ? 'pull' : 'push-only'} client, seed ${SEED})`, async function () {
      const client = new TestClient({ pull, rootUri: URI.file(dir).toString(), settings: { debounceMs: 0 } });
      const failures: string[] = [];
      client.conn.onError((e) => failures.push(`connection error: ${e[0]?.message}`));
      const slowest = new Slowest();
      const seed = pull ? SEED : SEED + 1;
      let step = 0;
      try {
        await bounded(client.initialize(), BOUND_MS, 'initialize');
        const uri = URI.file(path.join(dir, 'draft.md')).toString();
        client.open(uri, 'markdown', DRAFT);
        // Every version's lines, so that pushed diagnostics are checked against the version they name.
        const history = new Map<number, string[]>([[1, lspLines(DRAFT)]]);
        const pushed: Array<{ version?: number; diagnostics: any[] }> = [];
        client.events.on('diagnostics', (p: any) => p.uri === uri && pushed.push(p));
        const r = prng(seed);
        const int = (n: number) => Math.floor(r() * n);
        let lastDiagnostics: any[] = [];
        let applied = 0;
        for (step = 1; step <= steps; step++) {
          let doc: TextDocument = client.docs.get(uri)!;
          const text = doc.getText();
          // 1. An edit: insertion, deletion (often across lines), replacement, or two at once.
          const edits: Array<{ range: any; newText: string }> = [];
          const n = r() < 0.15 ? 2 : 1;
          const cuts = Array.from({ length: n * 2 }, () => int(text.length + 1)).sort((a, b) => a - b);
          for (let k = 0; k < n; k++) {
            let a = cuts[2 * k]!;
            let b = cuts[2 * k + 1]!;
            const kind = r();
            const small = text.length < 1500;
            if ((kind < 0.45 && !small) || text.length > 6000) b = Math.min(b, a + (text.length > 6000 ? 400 : int(120))); // delete or replace a little
            else b = a; // insert
            if (k > 0 && a < cuts[2 * k - 1]!) a = b = cuts[2 * k - 1]!;
            let newText = kind < 0.25 && !small ? '' : Array.from({ length: 1 + int(3) }, () => SNIPPETS[int(SNIPPETS.length)]!).join('');
            if (small && r() < 0.3) newText += PARAGRAPHS[int(PARAGRAPHS.length)]!;
            edits.push({ range: { start: doc.positionAt(a), end: doc.positionAt(b) }, newText });
          }
          doc = client.edit(uri, edits);
          history.set(doc.version, lspLines(doc.getText()));
          history.delete(doc.version - 50);
          // 2. Requests, sent at once without waiting for each other (as an editor does).
          const pending: Array<Promise<unknown>> = [];
          const len = doc.getText().length;
          const ask = <T>(what: string, p: Promise<T>) => {
            const q = bounded(p, BOUND_MS, what, slowest);
            pending.push(q);
            return q;
          };
          ask('corroborate/_documentText', client.conn.sendRequest('corroborate/_documentText', { uri })).then((s: any) => {
            if (!s || s.text !== doc.getText() || s.version !== doc.version) {
              failures.push(`server text differs from the client's at version ${doc.version} (server version ${s?.version})`);
            }
          });
          if (r() < 0.5) ask('textDocument/hover', client.hover(uri, doc.positionAt(int(len + 1))));
          if (r() < 0.35 && lastDiagnostics.length) {
            // Code actions for a diagnostic that may be from an older version: never an edit for another version.
            const d = lastDiagnostics[int(lastDiagnostics.length)];
            ask('textDocument/codeAction', client.codeActions(uri, d.range, [d])).then((actions: any[]) => {
              for (const a of actions) {
                const change = a.edit?.documentChanges?.[0];
                if (change && change.textDocument.version !== doc.version) failures.push(`code action "${a.title}" for version ${change.textDocument.version} offered at version ${doc.version}`);
                if (change && d.data.version !== doc.version) failures.push(`code action "${a.title}" computed from a diagnostic of version ${d.data.version} at version ${doc.version}`);
              }
            });
          }
          if (pull && r() < 0.4) {
            ask('textDocument/diagnostic', client.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })).then((res: any) => {
              checkRanges(`diagnostics at version ${doc.version}`, lspLines(doc.getText()), res.items);
              lastDiagnostics = res.items;
            });
          }
          await Promise.all(pending);
          if (!pull && r() < 0.3) {
            // The push for this version (debounce 0): await it, then check it.
            const p: any = await bounded(client.diagnosticsOf(uri).then((diagnostics) => ({ diagnostics })), BOUND_MS, 'publishDiagnostics', slowest);
            lastDiagnostics = p.diagnostics;
          }
          for (const p of pushed.splice(0)) {
            const lines = p.version !== undefined ? history.get(p.version) : undefined;
            if (p.version !== undefined && lines) checkRanges(`pushed diagnostics of version ${p.version}`, lines, p.diagnostics);
          }
          // 3. Sometimes apply a "Cite" fix the server offers for the current version.
          if (r() < 0.05 && lastDiagnostics.length) {
            const d = lastDiagnostics.find((x) => x.data?.version === doc.version && /claim/.test(x.code));
            if (d) {
              const actions: any[] = await bounded(client.codeActions(uri, d.range, [d]), BOUND_MS, 'textDocument/codeAction', slowest);
              const cite = actions.find((a) => a.edit);
              if (cite) {
                const change = cite.edit.documentChanges[0];
                assert.equal(change.textDocument.version, doc.version);
                doc = client.edit(uri, change.edits);
                history.set(doc.version, lspLines(doc.getText()));
                applied++;
              }
            }
          }
          if (failures.length) break;
        }
        assert.deepEqual(failures, []);
        assert.doesNotMatch(client.stderr, /unhandled|uncaught/i, 'no unhandled rejection or uncaught exception in the server');
        // The final state: the server still analyses the document it holds.
        const final: any = await bounded(client.conn.sendRequest('corroborate/_documentText', { uri }), BOUND_MS, 'corroborate/_documentText');
        assert.equal(final.text, client.docs.get(uri)!.getText());
        console.log(`      fuzz (${pull ? 'pull' : 'push'}): seed ${seed}, ${steps} steps, ${slowest.count} answers, ${applied} citations applied, slowest answer ${Math.round(slowest.ms)} ms (${slowest.what}), document ${final.text.length} characters`);
      } catch (e) {
        (e as Error).message = `fuzz seed ${seed} (CORROBORATE_FUZZ_SEED=${pull ? seed : seed - 1}), step ${step} of ${steps}: ${(e as Error).message}`;
        throw e;
      } finally {
        await client.shutdown();
      }
    });
  }
});
