// Word documents: mammoth (the DOCX -> HTML converter that keeps structure: headings, lists, footnotes
// and endnotes) after zip.ts has bounded what unpacking may produce. Images are never read.
import mammoth from 'mammoth';
import { parseHTML } from 'linkedom';
import { checkDocx } from './zip';
import { SkipFile, TextBuilder, type Extracted } from './types';

export async function extractDocx(buf: Buffer, maxText: number, maxInflated: number): Promise<Extracted> {
  checkDocx(buf, maxInflated);
  let html: string;
  try {
    const r = await mammoth.convertToHtml({ buffer: buf }, { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })), ignoreEmptyParagraphs: true });
    html = r.value;
  } catch (e) {
    throw new SkipFile(`damaged DOCX (${(e as Error).message.slice(0, 120)})`);
  }
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`) as unknown as { document: { querySelectorAll(s: string): Iterable<{ remove(): void; textContent: string | null; querySelector(s: string): unknown }> } };
  // Footnote markers in the text ("[1]") and the back-links of the notes ("↑").
  for (const el of [...document.querySelectorAll('a[href^="#footnote-"], a[href^="#endnote-"], a[href^="#footnote-ref-"], a[href^="#endnote-ref-"]')]) el.remove();
  const b = new TextBuilder('docx', []);
  for (const el of document.querySelectorAll('h1,h2,h3,h4,h5,h6,p,li,td,th')) {
    if (el.querySelector('h1,h2,h3,h4,h5,h6,p,li,td,th')) continue;
    const t = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (t) b.paragraph(t);
    if (b.size > maxText) throw new SkipFile(`its text is over the limit of ${maxText} characters`);
  }
  if (b.size === 0) throw new SkipFile('no text in the document');
  return { text: b.text(), map: b.map };
}
