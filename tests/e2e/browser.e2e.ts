// Browser end-to-end test: the packaged .vsix installed in code-server (VS Code in the browser), driven
// with headless Chromium through playwright-core as a person would use it: open an article from the
// Explorer, see the underlines, hover a claim and follow the link to the corroborating document, press
// Ctrl+. and pick "Cite", save, and read the file back. Screenshots go to artifacts/e2e/.
// Every wait is on something appearing (or disappearing) in the page or on disk, with a timeout.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { SEEDS } from '../integration/workspace';
import { artifactsDir, launchBrowser, openWorkbench, prepareCodeServer, prereqs, REPO, startCodeServer, vsixPath, type RunningCodeServer } from './codeServer';

const T = 60_000;
const NATO = 'Moscow has consistently opposed';

function seedName(prefix: string): string {
  const f = readdirSync(SEEDS).find((x) => x.startsWith(prefix));
  if (!f) throw new Error(`no seed ${prefix}*`);
  return f;
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle));
}

describe('browser end-to-end: code-server + Chromium, as a person would', function () {
  let base: string;
  let folder: string;
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let editor: Locator;
  const s004 = seedName('004');
  const s001 = seedName('001');
  const text004 = readFileSync(path.join(SEEDS, s004), 'utf8');
  const natoLine001 = lineOf(readFileSync(path.join(SEEDS, s001), 'utf8'), 'unwavering objection') + 1; // 1-based
  const natoLine004 = lineOf(text004, NATO) + 1;
  const marker = ` [source: ${s001}#L${natoLine001}]`;

  async function shot(name: string): Promise<void> {
    await page.screenshot({ path: path.join(artifactsDir(), `${name}.png`) });
  }

  /** Viewport coordinates of the centre of `word` where it starts `context` in the rendered editor lines. */
  async function wordCentre(context: string, word: string): Promise<{ x: number; y: number }> {
    const handle = await editor.locator('.view-lines').elementHandle();
    const box = await page.evaluate(
      ({ root, context, word }) => {
        const walker = document.createTreeWalker(root!, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const t = (n.textContent ?? '').replace(/\u00a0/g, ' ');
          const i = t.indexOf(context);
          if (i < 0) continue;
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + word.length);
          const b = r.getBoundingClientRect();
          return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
        }
        return null;
      },
      { root: handle, context, word },
    );
    if (!box) throw new Error(`"${context}" is not rendered in the editor`);
    return box;
  }

  /** Waits until the rendered editor text (wrapped view lines joined in screen order) contains `needle`. */
  async function editorShows(needle: string): Promise<void> {
    await page.waitForFunction(
      (needle) => {
        const lines = [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line')] as HTMLElement[];
        lines.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
        return lines.map((l) => l.textContent ?? '').join('').replace(/\u00a0/g, ' ').includes(needle);
      },
      needle,
      { timeout: T },
    );
  }

  before(async function () {
    const p = prereqs();
    base = mkdtempSync(path.join(tmpdir(), 'corroborate-e2e-'));
    folder = path.join(base, 'newsroom');
    mkdirSync(folder);
    for (const f of readdirSync(SEEDS)) copyFileSync(path.join(SEEDS, f), path.join(folder, f));
    const dirs = prepareCodeServer(path.join(base, 'code-server'), p, [vsixPath()]);
    server = await startCodeServer(p, dirs, folder);
    browser = await launchBrowser(p);
    page = await openWorkbench(browser, `${server.url}?folder=${encodeURIComponent(folder)}`);
    editor = page.locator('.editor-instance .monaco-editor').first();
  });

  after(async function () {
    if (page && this.currentTest?.state === 'failed') await shot('failure').catch(() => undefined);
    await browser?.close();
    await server?.stop();
    if (base && !process.env.CORROBORATE_E2E_KEEP) rmSync(base, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await shot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  it('1. opens the article from the Explorer', async function () {
    const item = page.getByRole('treeitem', { name: s004 });
    await item.waitFor({ timeout: T });
    await shot('01-explorer');
    await item.click();
    await page.locator(`.tabs-container .tab.active[aria-label*="${s004}"]`).waitFor({ timeout: T });
    await editor.locator('.view-lines').waitFor({ timeout: T });
    const firstLine = text004.split('\n').find((l) => l.trim())!.trim().slice(0, 30);
    await editor.locator('.view-line', { hasText: firstLine }).first().waitFor({ timeout: T });
    await shot('02-article-open');
  });

  it('2. shows the underlines (warning and information squiggles)', async function () {
    await editor.locator('.squiggly-warning').first().waitFor({ timeout: T });
    await editor.locator('.squiggly-info').first().waitFor({ timeout: T });
    const warnings = await editor.locator('.squiggly-warning').count();
    const infos = await editor.locator('.squiggly-info').count();
    console.log(`      observed: ${warnings} warning and ${infos} information underlines in view`);
    // The status bar item counts the findings of the active document.
    await page.locator('.statusbar-item', { hasText: /\d+ quotes · \d+ claims/ }).first().waitFor({ timeout: T });
    console.log(`      status bar: "${(await page.locator('.statusbar-item', { hasText: /quotes · / }).first().innerText()).replace(/\s+/g, ' ').trim()}"`);
    await shot('03-underlines');
  });

  it('3. hovering the uncited claim shows the link to the corroborating line of 001', async function () {
    // Go to the claim's line (Ctrl+G), as a reader would scroll to it.
    await editor.locator('.view-lines').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: T });
    await input.fill(`:${natoLine004}`);
    await page.keyboard.press('Enter');
    await editor.locator('.view-line', { hasText: 'Moscow has consistently' }).first().waitFor({ timeout: T });
    const at = await wordCentre(NATO, 'Moscow');
    await page.mouse.move(at.x - 20, at.y - 40);
    await page.mouse.move(at.x, at.y, { steps: 5 });
    const hover = page.locator('.monaco-hover', { hasText: 'Corroborated by' }).first();
    await hover.waitFor({ timeout: T });
    // Our hover's own link is labelled "<document>:<line>" (the marker part above it lists related information).
    const link = hover.locator('a', { hasText: `${s001}:${natoLine001}` }).first();
    await link.waitFor({ timeout: T });
    const href = (await link.getAttribute('data-href')) ?? (await link.getAttribute('href')) ?? '';
    console.log(`      hover link: "${(await link.innerText()).trim()}" -> ${href}`);
    // The server links file:///…; in the browser VS Code shows the same file through its remote scheme.
    assert.match(href, new RegExp(`^(file|vscode-remote)://[^/]*${path.join(folder, s001).replace(/\./g, '\\.')}#L${natoLine001}$`));
    await shot('04-hover');
    // Following the link opens 001 at that line.
    await link.click();
    await page.locator(`.tabs-container .tab.active[aria-label*="${s001}"]`).waitFor({ timeout: T });
    await page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${natoLine001},`) }).first().waitFor({ timeout: T });
    console.log(`      followed the link: ${s001} open at line ${natoLine001}`);
    await shot('05-followed-link');
    // Close 001 again (its tab's close button): 004 is active again, and only 004's findings are listed.
    await page.locator(`.tabs-container .tab.active[aria-label*="${s001}"] .tab-actions .action-label`).click();
    await page.locator(`.tabs-container .tab[aria-label*="${s001}"]`).waitFor({ state: 'detached', timeout: T });
    await page.locator(`.tabs-container .tab.active[aria-label*="${s004}"]`).waitFor({ timeout: T });
  });

  it('4. Ctrl+. on the claim offers "Cite", which inserts the citation', async function () {
    await editor.locator('.view-line', { hasText: 'Moscow has consistently' }).first().waitFor({ timeout: T });
    const at = await wordCentre(NATO, 'Moscow');
    await page.mouse.click(at.x, at.y);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Period');
    const cite = page.locator('.action-widget .monaco-list-row', { hasText: `Cite ${s001}:${natoLine001}` }).first();
    await cite.waitFor({ timeout: T });
    const titles = await page.locator('.action-widget .monaco-list-row').allInnerTexts();
    console.log(`      quick fixes offered: ${titles.map((t) => t.trim()).filter(Boolean).join(' | ')}`);
    await shot('06-quick-fix');
    await cite.click();
    await editorShows(`security.${marker}`);
    await page.locator(`.tabs-container .tab.active.dirty[aria-label*="${s004}"]`).waitFor({ timeout: T });
    await shot('07-cited');
  });

  it('5. saves, and the file on disk has the citation after the sentence', async function () {
    await page.keyboard.press('Control+S');
    await page.locator(`.tabs-container .tab.active.dirty[aria-label*="${s004}"]`).waitFor({ state: 'detached', timeout: T });
    const saved = readFileSync(path.join(folder, s004), 'utf8');
    const i = saved.indexOf(marker);
    assert.ok(i > 0, `saved file contains "${marker.trim()}"`);
    const sentenceStart = saved.lastIndexOf(NATO, i);
    assert.ok(sentenceStart > 0 && !saved.slice(sentenceStart, i).includes('\n'), 'the marker closes the NATO sentence');
    assert.equal(saved.slice(0, i) + saved.slice(i + marker.length), text004, 'nothing else changed');
    console.log(`      saved file: "…${saved.slice(i - 40, i + marker.length)}"`);
  });

  it('6. the uncited-claim finding is gone from the Problems panel', async function () {
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    // 004's unsupported claims are still listed; its uncited claim (best passage: 001 at that line) is not.
    await rows.filter({ hasText: s004 }).first().waitFor({ timeout: T });
    await rows.filter({ hasText: 'Check-worthy claim' }).first().waitFor({ timeout: T });
    await rows.filter({ hasText: `(best: ${s001}:${natoLine001})` }).first().waitFor({ state: 'detached', timeout: T });
    const listed = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    console.log(`      problems listed (${listed.length}): ${listed.map((t) => t.slice(0, 70)).join(' | ')}`);
    await shot('08-problems');
  });

  it('7. the invented example workspace (README screenshot): Markdown draft, underlines and a hover', async function () {
    // examples/newsroom is fictional text written for this repository, so its picture can be committed.
    const example = path.join(base, 'example-newsroom');
    cpSync(path.join(REPO, 'examples', 'newsroom'), example, { recursive: true });
    await page.goto(`${server!.url}?folder=${encodeURIComponent(example)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: T });
    const drafts = page.getByRole('treeitem', { name: 'drafts' });
    await drafts.waitFor({ timeout: T });
    await drafts.click();
    const draft = page.getByRole('treeitem', { name: 'flood-draft.md' });
    await draft.waitFor({ timeout: T });
    await draft.click();
    await page.locator('.tabs-container .tab.active[aria-label*="flood-draft.md"]').waitFor({ timeout: T });
    await editor.locator('.view-line', { hasText: 'The River Sallow rose' }).first().waitFor({ timeout: T });
    await editor.locator('.squiggly-warning').first().waitFor({ timeout: T });
    await editor.locator('.squiggly-info').first().waitFor({ timeout: T });
    const at = await wordCentre('The River Sallow rose', 'River');
    await page.mouse.move(at.x - 20, at.y - 40);
    await page.mouse.move(at.x, at.y, { steps: 5 });
    const hover = page.locator('.monaco-hover', { hasText: 'Corroborated by' }).first();
    await hover.waitFor({ timeout: T });
    await hover.locator('a', { hasText: 'wire-report.txt:' }).first().waitFor({ timeout: T });
    const box = await page.locator('.editor-instance').first().boundingBox();
    assert.ok(box);
    await page.screenshot({ path: path.join(artifactsDir(), 'readme-screenshot.png'), clip: { x: box.x, y: box.y, width: Math.min(box.width, 900), height: Math.min(box.height, 440) } });
    await shot('09-example-hover');
  });
});
