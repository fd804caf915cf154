// Which documents are analysed, whatever the editor calls plain text (server/src/lsp/languages.ts).
import assert from 'node:assert/strict';
import { effectiveLanguage, isAnalysedLanguage, languageFromUri } from '../../server/src/lsp/languages';
import { defaultSettings } from '../../server/src/settings';

describe('language ids', function () {
  const defaults = defaultSettings().languages;

  it('analyses markdown, plaintext (VS Code) and text (Neovim, Helix, Emacs) by default', function () {
    for (const id of ['markdown', 'plaintext', 'text', 'article']) assert.ok(defaults.includes(id), id);
    assert.ok(isAnalysedLanguage('text', 'file:///w/a.txt', defaults));
    assert.ok(isAnalysedLanguage('plaintext', 'file:///w/a.txt', defaults));
    assert.ok(isAnalysedLanguage('markdown', 'file:///w/a.md', defaults));
    // A known id wins over the extension: markdown in a .txt file is analysed as markdown.
    assert.equal(effectiveLanguage('markdown', 'file:///w/a.txt'), 'markdown');
  });

  it('decides an empty or unknown id by the extension', function () {
    for (const [uri, lang] of [
      ['file:///w/a.md', 'markdown'],
      ['file:///w/a.MARKDOWN', 'markdown'],
      ['file:///w/notes.txt', 'text'],
      ['file:///w/notes.text', 'text'],
      ['file:///w/dir.v2/notes%20final.TXT', 'text'],
      ['file:///w/a.md?x=1#frag', 'markdown'],
    ] as const) {
      assert.equal(languageFromUri(uri), lang, uri);
      for (const id of ['', undefined, 'gfm', 'fundamental', 'markdown-ts', 'unknown']) {
        assert.equal(effectiveLanguage(id, uri), lang, `${id} ${uri}`);
        assert.ok(isAnalysedLanguage(id, uri, defaults), `${id} ${uri}`);
      }
    }
  });

  it('leaves other files alone', function () {
    for (const uri of ['file:///w/a.ts', 'file:///w/Makefile', 'file:///w/.txt', 'file:///w/txt', 'file:///w/a.txt.bak'])
      for (const id of ['', 'typescript', 'make']) assert.equal(isAnalysedLanguage(id, uri, defaults), false, `${id} ${uri}`);
    assert.equal(languageFromUri('file:///w/.md'), null);
  });

  it('respects the setting: a known id the user left out is not analysed, whatever the extension', function () {
    const onlyMd = ['markdown'];
    assert.equal(isAnalysedLanguage('text', 'file:///w/a.txt', onlyMd), false);
    assert.equal(isAnalysedLanguage('', 'file:///w/a.txt', onlyMd), false);
    assert.equal(isAnalysedLanguage('plaintext', 'file:///w/a.md', onlyMd), false);
    assert.equal(isAnalysedLanguage('', 'file:///w/a.md', onlyMd), true);
    assert.equal(isAnalysedLanguage('gfm', 'file:///w/a.md', onlyMd), true);
    // An id the user added is analysed as it is, even one the server does not know.
    assert.equal(isAnalysedLanguage('asciidoc', 'file:///w/a.adoc', ['asciidoc']), true);
    assert.equal(isAnalysedLanguage('asciidoc', 'file:///w/a.adoc', defaults), false);
  });

  it('keeps untitled buffers working', function () {
    assert.ok(isAnalysedLanguage('plaintext', 'untitled:Untitled-1', defaults));
    assert.ok(isAnalysedLanguage('markdown', 'untitled:Untitled-2', defaults));
    assert.ok(isAnalysedLanguage('text', 'untitled:Untitled-3', defaults));
    assert.ok(isAnalysedLanguage('', 'untitled:notes.md', defaults));
    // No id and no extension: nothing to decide by.
    assert.equal(isAnalysedLanguage('', 'untitled:Untitled-4', defaults), false);
  });
});
