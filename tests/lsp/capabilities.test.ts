// What the server reads from a client's declared capabilities (server/src/lsp/capabilities.ts), and the
// plain-text hovers of clients that do not declare Markdown.
import assert from 'node:assert/strict';
import { clientProfile, FULL_PROFILE } from '../../server/src/lsp/capabilities';
import { markdownToPlain } from '../../server/src/lsp/markdown';
import { renderHover } from '../../server/src/lsp/hover';
import type { Finding } from '../../server/src/engine/types';

describe('client capabilities', function () {
  it('a client that declares nothing gets nothing optional', function () {
    for (const caps of [{}, undefined, null]) {
      const p = clientProfile(caps as any);
      assert.deepEqual(Object.entries(p).filter(([, v]) => v).map(([k]) => k), [], JSON.stringify(caps));
    }
  });

  it('reads each capability from where the protocol puts it', function () {
    const p = clientProfile({
      workspace: { configuration: true, workspaceFolders: true, applyEdit: true, workspaceEdit: { documentChanges: true }, diagnostics: { refreshSupport: true }, didChangeWatchedFiles: { dynamicRegistration: true }, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: {
        diagnostic: {},
        hover: { contentFormat: ['plaintext', 'markdown'] },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
      },
      window: { workDoneProgress: true },
    });
    assert.deepEqual(p, FULL_PROFILE);
    assert.equal(clientProfile({ textDocument: { hover: { contentFormat: ['plaintext'] } } }).hoverMarkdown, false);
    assert.equal(clientProfile({ textDocument: { publishDiagnostics: {} } }).relatedInformation, false);
  });

  it('a plain-text hover reads as the Markdown one does, with links as "label (target)" and no markup left', function () {
    const f: Finding = {
      code: 'uncited-claim',
      start: 0,
      end: 10,
      text: 'x',
      score: 0.9,
      message: 'm',
      passages: [{ path: 'file:///ws/wire (1).txt', start: 0, end: 5, line: 3, text: 'The *river* rose [two](command:x) metres <b>', score: 0.71, matched: ['river'] }],
    };
    const md = renderHover([f]);
    const plain = markdownToPlain(md);
    assert.match(plain, /^Uncited claim · check-worthiness 0\.90/);
    assert.match(plain, /1\. wire \(1\)\.txt:4 \(file:\/\/\/ws\/wire%20%281%29\.txt#L4\) \(score 0\.71\): The \*river\* rose \[two\]\(command:x\) metres <b>/);
    assert.doesNotMatch(plain, /\*\*|\\/);
  });
});
