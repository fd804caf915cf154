// Beyond the seed flow: an untitled document, a multi-root workspace (a draft in one folder corroborated
// by a source in another), a severity setting changed at run time, and an invalid setting's message.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, codeOf, diagnosticsWhen, findAt, folder, messageWhen, type CorroborateApi } from './helpers';

const PUMPS = 'The council approved forty new pumps';
const LEVEE = 'The old levee';

describe('workspace features in VS Code', function () {
  let api: CorroborateApi;

  before(async function () {
    api = await activateExtension();
  });

  afterEach(async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async function () {
    const config = vscode.workspace.getConfiguration('corroborate');
    await config.update('severity.uncitedClaim', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('claims.threshold', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('analyses an untitled document', async function () {
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: '“We will rebuild the bridge by June,” Mayor Elena Varga said on Monday.\n' });
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.uri.scheme, 'untitled');
    const diags = await diagnosticsWhen(doc, (ds) => ds.some((d) => codeOf(d) === 'quote'), 'a quote in the untitled document');
    const q = diags.find((d) => codeOf(d) === 'quote')!;
    assert.match(q.message, /Elena Varga/);
    assert.equal(doc.getText(q.range), '“We will rebuild the bridge by June,”');
    // Close without the "save?" prompt.
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('corroborates a draft in one workspace folder with a source in another (multi-root)', async function () {
    assert.deepEqual(vscode.workspace.workspaceFolders?.map((f) => f.name), ['seeds', 'drafts', 'sources']);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder('drafts').uri, 'draft.md'));
    await vscode.window.showTextDocument(doc);
    const diags = await diagnosticsWhen(doc, (ds) => !!findAt(doc, ds, 'uncited-claim', PUMPS), 'the pumps claim corroborated by sources/minutes.txt');
    const pumps = findAt(doc, diags, 'uncited-claim', PUMPS)!;
    assert.equal(pumps.severity, vscode.DiagnosticSeverity.Information);
    assert.ok(pumps.relatedInformation?.some((r) => r.location.uri.fsPath === path.join(folder('sources').uri.fsPath, 'minutes.txt')));
    assert.equal(findAt(doc, diags, 'unsupported-claim', LEVEE)?.severity, vscode.DiagnosticSeverity.Warning);
  });

  it('applies a severity setting changed at run time', async function () {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder('drafts').uri, 'draft.md'));
    await vscode.window.showTextDocument(doc);
    await diagnosticsWhen(doc, (ds) => findAt(doc, ds, 'uncited-claim', PUMPS)?.severity === vscode.DiagnosticSeverity.Information, 'pumps claim at the default severity');
    await vscode.workspace.getConfiguration('corroborate').update('severity.uncitedClaim', 'warning', vscode.ConfigurationTarget.Workspace);
    await diagnosticsWhen(doc, (ds) => findAt(doc, ds, 'uncited-claim', PUMPS)?.severity === vscode.DiagnosticSeverity.Warning, 'pumps claim raised to Warning');
    await vscode.workspace.getConfiguration('corroborate').update('severity.uncitedClaim', 'off', vscode.ConfigurationTarget.Workspace);
    await diagnosticsWhen(doc, (ds) => !findAt(doc, ds, 'uncited-claim', PUMPS) && !!findAt(doc, ds, 'unsupported-claim', LEVEE), '"off" hides uncited claims only');
    await vscode.workspace.getConfiguration('corroborate').update('severity.uncitedClaim', undefined, vscode.ConfigurationTarget.Workspace);
    await diagnosticsWhen(doc, (ds) => findAt(doc, ds, 'uncited-claim', PUMPS)?.severity === vscode.DiagnosticSeverity.Information, 'back to the default');
  });

  it('shows one message naming an invalid setting and keeps working with its default', async function () {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder('drafts').uri, 'draft.md'));
    await vscode.window.showTextDocument(doc);
    const before = api.messages().length;
    await vscode.workspace.getConfiguration('corroborate').update('claims.threshold', 'high', vscode.ConfigurationTarget.Workspace);
    const m = await messageWhen(api, (x) => x.includes('corroborate.claims.threshold'), 'a message naming corroborate.claims.threshold');
    assert.match(m, /^Corroborate: /);
    assert.equal(api.messages().slice(before).filter((x) => x.includes('corroborate.claims.threshold')).length, 1, 'exactly one message');
    // The setting alone falls back to its default: the claims are still reported.
    await diagnosticsWhen(doc, (ds) => !!findAt(doc, ds, 'uncited-claim', PUMPS) && !!findAt(doc, ds, 'unsupported-claim', LEVEE), 'claims still reported with the default threshold');
  });
});
