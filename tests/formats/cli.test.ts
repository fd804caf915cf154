// The CLI on a workspace of sources in every format, good and bad: the sources corroborate the draft's claims
// with their page, time, line and rating in the JSON and SARIF, the sources themselves are never checked, and
// each bad file is skipped with one message naming it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI, ROOT } from '../lsp/client';
import { makeWorkspace } from './fixtures';

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI: sources in PDF, HTML, DOCX, WebVTT, SRT and ClaimReview', function () {
  let dir: string;
  let json: any;
  let stderr: string;
  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), 'corroborate-formats-cli-'));
    await makeWorkspace(dir);
    const r = run(['check', dir, '--format', 'json', '--fail-on', 'none']);
    assert.equal(r.code, 0, r.stderr);
    json = JSON.parse(r.stdout);
    stderr = r.stderr;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const claim = (start: string) => json.files[0].claims.find((c: any) => c.text.startsWith(start));
  const from = (c: any, file: string) => c.corroboration.find((p: any) => p.path.endsWith(file));

  it('checks the draft only: the sources are corpus, never drafts', function () {
    assert.deepEqual(
      json.files.map((f: any) => path.basename(f.path)),
      ['draft.md'],
    );
  });

  it('a PDF passage carries its page; its offsets index the extracted text', function () {
    const p = from(claim('Dredging'), 'commission-review.pdf');
    assert.ok(p, 'corroborated by the PDF');
    assert.equal(p.page, 2);
    assert.match(p.text, /^Dredging of the northern channel/);
    assert.ok(p.end > p.start);
  });

  it('a web-page passage carries its line in the HTML file; a transcript passage its start time', function () {
    const h = from(claim('Mira Hollis'), 'gazette-hollis.html');
    assert.ok(h && h.line > 0 && h.page === undefined);
    const v = from(claim('The ferry'), 'ferry-briefing.vtt');
    assert.ok(v && v.time >= 600 && v.time < 700, JSON.stringify(v));
    const s = from(claim('Ticket prices'), 'shuttle-meeting.srt');
    assert.ok(s && s.time >= 60, JSON.stringify(s));
    assert.ok(from(claim('The fish market'), 'market-memo.docx'));
  });

  it('a fact-check passage carries its rating', function () {
    const c = from(claim('The harbour shuttle'), 'shuttle-check.jsonld');
    assert.deepEqual(c.rating, { value: 'False', publisher: 'Example Check', date: '2025-03-02', url: 'https://check.example/shuttle' });
  });

  it('skips each bad file with one message naming it', function () {
    const lines = stderr.split('\n').filter(Boolean);
    for (const [file, why] of [
      ['locked.pdf', /encrypted PDF/],
      ['damaged.pdf', /damaged PDF/],
      ['bomb.docx', /ZIP bomb/],
      ['app.html', /no article text/],
      ['broken.vtt', /no readable WebVTT cue/],
    ] as const) {
      const mine = lines.filter((l) => l.includes(file));
      assert.equal(mine.length, 1, `${file}: ${mine.join(' | ')}`);
      assert.match(mine[0]!, why);
    }
    assert.equal(lines.length, 5, stderr);
  });

  it('text names the page; SARIF gives page, time and rating as properties', function () {
    const text = run(['check', path.join(dir, 'draft.md'), '--corpus', path.join(dir, 'sources'), '--fail-on', 'none']).stdout;
    assert.match(text, /best: commission-review\.pdf, page 2/);
    assert.match(text, /best: ferry-briefing\.vtt:\d+ \(10:\d\d\)/);
    const sarif = JSON.parse(run(['check', dir, '--format', 'sarif', '--fail-on', 'none']).stdout);
    const related = sarif.runs[0].results.flatMap((r: any) => r.relatedLocations);
    const pdf = related.find((r: any) => r.physicalLocation.artifactLocation.uri.endsWith('commission-review.pdf'));
    assert.equal(pdf.properties.page, 2);
    assert.equal(pdf.physicalLocation.region, undefined);
    assert.ok(related.some((r: any) => r.properties?.time >= 600));
    assert.ok(related.some((r: any) => r.properties?.rating?.value === 'False' && /Rated False by Example Check, 2025-03-02/.test(r.message.text)));
  });

  it('a format turned off in .corroborate.json leaves the corpus', function () {
    writeFileSync(path.join(dir, '.corroborate.json'), JSON.stringify({ corpus: { formats: { pdf: false } } }));
    try {
      const out = JSON.parse(run(['check', dir, '--format', 'json', '--fail-on', 'none']).stdout);
      const c = out.files[0].claims.find((x: any) => x.text.startsWith('Dredging'));
      assert.ok(!c.corroboration.some((p: any) => p.path.endsWith('.pdf')));
    } finally {
      rmSync(path.join(dir, '.corroborate.json'));
    }
  });
});
