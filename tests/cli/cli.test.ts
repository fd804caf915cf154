// The CLI contract of SPEC.md: check (text, json, sarif), search (text and --queries), exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI, ROOT } from '../lsp/client';

const SEEDS = path.resolve(ROOT, '..', 'shared', 'corpus', 'seeds');

function run(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI', function () {
  let tmp: string;
  before(() => (tmp = mkdtempSync(path.join(tmpdir(), 'corroborate-cli-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  describe('check --format json on the seeds', function () {
    let out: any;
    let code: number | null;
    before(function () {
      const r = run(['check', SEEDS, '--format', 'json', '--all-sentences']);
      code = r.code;
      out = JSON.parse(r.stdout);
    });

    it('follows the JSON contract with UTF-16 offsets into the text as read', function () {
      assert.equal(out.version, 1);
      assert.equal(out.files.length, readdirSync(SEEDS).length);
      for (const f of out.files) {
        const text = readFileSync(f.path, 'utf8');
        for (const q of f.quotes) {
          assert.equal(text.slice(q.start, q.end), q.text);
          assert.ok(q.speaker === null || typeof q.speaker === 'string');
          if (q.speakerMention) assert.equal(text.slice(q.speakerMention.start, q.speakerMention.end), q.speakerMention.text);
          for (const p of q.corroboration) assert.deepEqual(Object.keys(p).sort(), ['end', 'line', 'path', 'score', 'start', 'text']);
        }
        for (const c of f.claims) {
          assert.equal(text.slice(c.start, c.end), c.text);
          assert.ok(['unsupported', 'uncited', 'attributed', 'cited'].includes(c.status));
          assert.ok(c.score >= 0 && c.score <= 1);
        }
        assert.ok(Array.isArray(f.sentences) && f.sentences.length > 0);
        for (const d of f.diagnostics) {
          assert.ok(['error', 'warning', 'information', 'hint'].includes(d.severity));
          assert.ok(d.range.start.line >= 0);
        }
      }
      assert.equal(code, 1, 'warnings reach the default --fail-on');
    });

    it('flags the unsupported claim and corroborates the NATO claim of 004', function () {
      const f = out.files.find((x: any) => path.basename(x.path).startsWith('004'));
      const fifth = f.claims.find((c: any) => c.text.startsWith('Currently, Russian forces control nearly a fifth'));
      assert.equal(fifth.status, 'unsupported');
      const nato = f.claims.find((c: any) => c.text.startsWith('Moscow has consistently opposed'));
      assert.equal(nato.status, 'uncited');
      assert.ok(path.basename(nato.corroboration[0].path).startsWith('001'));
      const peskov = f.claims.find((c: any) => c.text.startsWith('According to Peskov'));
      assert.ok(!peskov || peskov.status === 'attributed');
    });

    it('reports the openness statement of 000 as attributed (it reports what Putin specified)', function () {
      const f = out.files.find((x: any) => path.basename(x.path).startsWith('000'));
      const openness = f.claims.find((c: any) => c.text.includes('expressed his openness to meet'));
      assert.equal(openness.status, 'attributed');
    });

    it('never reports page debris', function () {
      for (const f of out.files) {
        const text = readFileSync(f.path, 'utf8');
        for (const d of f.diagnostics) {
          const line = text.split('\n')[d.range.start.line]!;
          assert.doesNotMatch(line, /^(?:- Advertisement -|LEAVE A REPLY|Subscribe For Free Breaking News Updates)/);
        }
      }
    });
  });

  it('writes text and SARIF 2.1.0', function () {
    const t = run(['check', SEEDS]);
    assert.match(t.stdout.split('\n')[0]!, /^.+:\d+:\d+: (error|warning|information|hint) [a-z-]+ .+/);
    const s = run(['check', SEEDS, '--format', 'sarif']);
    const sarif = JSON.parse(s.stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0].results.length > 0);
    assert.ok(sarif.runs[0].results.every((r: any) => r.locations[0].physicalLocation.region.startLine >= 1));
  });

  it('uses UTF-16 offsets with emoji, CRLF and a BOM', function () {
    const file = path.join(tmp, 'emoji.txt');
    const text = '\uFEFFThe mayor 🎉 spoke.\r\n“We will rebuild the bridge within two years,” Mayor Elena Varga said.\r\n';
    writeFileSync(file, text, 'utf8');
    const out = JSON.parse(run(['check', file, '--format', 'json']).stdout);
    const q = out.files[0].quotes[0];
    assert.equal(text.slice(q.start, q.end), q.text);
    assert.equal(q.speaker, 'Elena Varga');
  });

  it('exits 0 below --fail-on and 2 on usage errors with a one-line message', function () {
    assert.equal(run(['check', SEEDS, '--fail-on', 'none']).code, 0);
    for (const args of [['check', SEEDS, '--bogus'], ['check', path.join(tmp, 'missing.txt')], ['search', 'text'], ['frobnicate']]) {
      const r = run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.match(r.stderr.split('\n')[0]!, /^corroborate: /);
    }
  });

  it('searches a corpus for one text and for a queries file', function () {
    const r = run(['search', '--corpus', SEEDS, '--format', 'json', '--top', '3', 'Moscow opposes Ukraine joining NATO']);
    const res = JSON.parse(r.stdout).results;
    assert.ok(res.length > 0 && res.length <= 3);
    assert.ok(res.every((p: any) => typeof p.path === 'string' && typeof p.line === 'number' && typeof p.score === 'number'));
    const q = path.join(tmp, 'q.jsonl');
    writeFileSync(q, JSON.stringify({ id: 'a', text: 'Putin open to talks with Zelenskyy' }) + '\n' + JSON.stringify({ id: 'b', text: 'Easter ceasefire' }) + '\n');
    const lines = run(['search', '--corpus', SEEDS, '--queries', q, '--top', '2']).stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.id), ['a', 'b']);
    assert.ok(lines[1].results[0].text.toLowerCase().includes('ceasefire'));
  });
});

describe('README main command on the example workspace', function () {
  it('reports the findings the example was written for', function () {
    const r = run(['check', 'examples/newsroom/drafts', '--corpus', 'examples/newsroom/sources', '--fail-on', 'none']);
    assert.equal(r.code, 0);
    const lines = r.stdout.split('\n');
    const at = (line: number, code: string) => lines.filter((l) => l.startsWith(`examples/newsroom/drafts/flood-draft.md:${line}:`) && l.includes(` ${code} `));
    assert.ok(at(11, 'quote-mismatch').length, 'L11 quote worded differently in the council minutes');
    assert.ok(at(23, 'speaker-mismatch').length, 'L23 quote given to someone else by the wire');
    assert.ok(at(25, 'quote').every((l) => l.includes('Anna Petrakis')) && at(25, 'quote').length === 2, 'L25 split quote: "she" is the engineer the paragraph is about');
    assert.ok(at(25, 'speaker-mismatch').length === 0);
    assert.ok(at(27, 'unsupported-claim').length, 'L27 nobody corroborates the inspection claim');
    assert.ok(at(5, 'uncited-claim').length >= 2, 'L5 claims corroborated with numbers written differently');
    assert.ok(at(17, 'contradicted-claim').some((l) => l.includes('Contradicted by wire-report.txt:23: 20 percent there, twelve percent here')), 'L17 the wire gives another figure for the budget cut');
  });
});
