/** A downloaded PDF's text, page by page (pdf.js, an extractor apart from the library that wrote it). */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { expect } from 'vitest';

export async function pdfPages(url: string): Promise<string[]> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const pdf = await getDocument({ data: new Uint8Array(await res.arrayBuffer()), useSystemFonts: false })
    .promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' '));
  }
  return pages;
}

/** Every page's text, one page a line. */
export const pdfText = async (url: string) => (await pdfPages(url)).join('\n');
