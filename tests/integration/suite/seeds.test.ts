// The seed workspace in a real extension host: diagnostics (codes, ranges, messages), hovers with links
// to the corroborating documents, and the "Cite" quick fix applied through VS Code's own edit machinery.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, codeOf, describeDiagnostics, diagnosticsWhen, findAt, hoverText, lineOf, markdownLinks, seed } from './helpers';

const UNSUPPORTED = 'Currently, Russian forces control nearly a fifth';
const NATO = 'Moscow has consistently opposed';

describe('seed workspace in VS Code', function () {
  let doc: vscode.TextDocument;
  let s001: ReturnType<typeof seed>;
  let natoLine001: number;

  before(async function () {
    await activateExtension();
    s001 = seed('001');
    natoLine001 = lineOf(s001.text, 'unwavering objection');
    doc = await vscode.workspace.openTextDocument(seed('004').uri);
    await vscode.window.showTextDocument(doc);
  });

  after(async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('reports the unsupported and the uncited claim of 004 with codes, ranges and messages', async function () {
    const diags = await diagnosticsWhen(doc, (ds) => !!findAt(doc, ds, 'uncited-claim', NATO) && !!findAt(doc, ds, 'unsupported-claim', UNSUPPORTED), '004: unsupported "Currently…" and uncited "Moscow…"');
    for (const d of diags) {
      assert.equal(typeof d.code, 'object', 'code carries its documentation link');
      const code = d.code as { value: string; target: vscode.Uri };
      assert.equal(code.target.fragment, code.value, `codeDescription.href ends with #${code.value}`);
    }
    const text = doc.getText();

    const unsupported = findAt(doc, diags, 'unsupported-claim', UNSUPPORTED)!;
    assert.equal(unsupported.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(unsupported.range.start.line, lineOf(text, UNSUPPORTED));
    assert.equal(doc.offsetAt(unsupported.range.start), text.indexOf(UNSUPPORTED), 'range starts at the sentence');
    assert.match(doc.getText(unsupported.range), /\.$/, 'range ends with the sentence');
    assert.match(unsupported.message, /no corroborating passage/);

    const uncited = findAt(doc, diags, 'uncited-claim', NATO)!;
    assert.equal(uncited.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(doc.offsetAt(uncited.range.start), text.indexOf(NATO));
    assert.match(uncited.message, new RegExp(`corroborated by \\d+ documents?.*${s001.name.replace('.', '\\.')}:${natoLine001 + 1}`));
    assert.ok(
      uncited.relatedInformation?.some((r) => r.location.uri.fsPath === s001.uri.fsPath && r.location.range.start.line === natoLine001),
      `related information points at 001 line ${natoLine001 + 1}`,
    );

    // Reported statements are not claims.
    assert.ok(!diags.some((d) => codeOf(d).endsWith('claim') && doc.getText(d.range).startsWith('According to Peskov')), describeDiagnostics(doc, diags));
  });

  it('hover on the uncited claim links the corroborating line of 001', async function () {
    const pos = doc.positionAt(doc.getText().indexOf(NATO) + 5);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
    const md = hoverText(hovers);
    assert.match(md, /Corroborated by \d+ document/, md);
    const links = markdownLinks(md).filter((l) => l.target.startsWith('file:'));
    const to001 = links.map((l) => vscode.Uri.parse(l.target)).find((u) => u.fsPath === s001.uri.fsPath);
    assert.ok(to001, `a link to ${s001.name}: ${links.map((l) => l.target).join(', ')}`);
    assert.equal(to001.fragment, `L${natoLine001 + 1}`, 'the link opens 001 at the corroborating line (1-based)');
    assert.ok(!/\]\(command:/.test(md), 'no command links');
  });

  it('"Cite" inserts the citation and the finding goes away; undo brings it back', async function () {
    const original = doc.getText();
    const diags = await diagnosticsWhen(doc, (ds) => !!findAt(doc, ds, 'uncited-claim', NATO), 'uncited NATO claim');
    const uncited = findAt(doc, diags, 'uncited-claim', NATO)!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, uncited.range);
    const cite = actions.find((a) => a.title.startsWith(`Cite ${s001.name}:`));
    assert.ok(cite?.edit, `a "Cite ${s001.name}:…" action with an edit among: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(cite.title, `Cite ${s001.name}:${natoLine001 + 1}`);
    assert.equal(cite.isPreferred, true);

    const sentenceEnd = doc.offsetAt(uncited.range.end);
    assert.equal(await vscode.workspace.applyEdit(cite.edit), true, 'edit applied');
    const marker = ` [source: ${s001.name}#L${natoLine001 + 1}]`;
    assert.equal(doc.getText().slice(sentenceEnd, sentenceEnd + marker.length), marker, 'plain-text citation right after the sentence');
    assert.equal(doc.getText(), original.slice(0, sentenceEnd) + marker + original.slice(sentenceEnd), 'nothing else changed');

    await diagnosticsWhen(doc, (ds) => !findAt(doc, ds, 'uncited-claim', NATO) && ds.some((d) => codeOf(d) === 'unsupported-claim'), 'the uncited claim gone after citing');

    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), original, 'undo restores the text');
    await diagnosticsWhen(doc, (ds) => !!findAt(doc, ds, 'uncited-claim', NATO), 'the uncited claim back after undo');
    assert.equal(doc.isDirty, false);
  });

  it('attributes the quote of 000 to Vladimir Putin', async function () {
    const d000 = await vscode.workspace.openTextDocument(seed('000').uri);
    await vscode.window.showTextDocument(d000);
    const diags = await diagnosticsWhen(d000, (ds) => !!findAt(d000, ds, 'quote', '“We do not view any rearmament'), '000: the rearmament quote');
    const q = findAt(d000, diags, 'quote', '“We do not view any rearmament')!;
    assert.match(q.message, /^Quote attributed to Vladimir Putin\b/);
    assert.equal(q.severity, vscode.DiagnosticSeverity.Information);
  });
});
