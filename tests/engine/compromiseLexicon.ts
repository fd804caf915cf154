// compromise's lexicon as the engine keeps it (server/src/engine/data/lexicon.json): written by
// scripts/buildLexicon.ts, checked by tests/engine/lexicon.test.ts.
import nlp from 'compromise';

export function compromiseLexicon(): { version: string; lexicon: Record<string, string | string[]>; orgWords: string[] } {
  const model = (nlp as unknown as { model(): { one: { lexicon: Record<string, string | string[]> }; two: { orgWords?: Record<string, unknown> } } }).model();
  const lexicon: Record<string, string | string[]> = {};
  for (const word of Object.keys(model.one.lexicon).sort()) lexicon[word] = model.one.lexicon[word]!;
  return { version: (nlp as unknown as { version: string }).version, lexicon, orgWords: Object.keys(model.two.orgWords ?? {}).sort() };
}
