/**
 * Reads one scanned page with OCR (one page a message): the page straightened and read into words,
 * the diploma's printed fields found (domain/scan-reading.ts), the dates and numbers read again
 * with only the characters they can hold, and the page as read stored for the people who key it.
 * The record then opens for keying; a page without an image to read is marked unreadable.
 */
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { getObjectBytes, putObject } from '#shared/storage/s3.ts';
import { makeDigitisation, pageImageKey, pageSourceKey } from '../digitisation.ts';
import type { RegisterField } from '../domain/register-sheet.ts';
import { FIELD_CHARACTERS, preferReread, readDiploma } from '../domain/scan-reading.ts';
import { diplomaText } from '../domain/texts.ts';
import { ocrMessage } from '../messages.ts';
import { readPage } from '../ocr.ts';

const digitisation = makeDigitisation();

export const handler = makeQueueHandler(ocrMessage, async ({ recordId }) => {
  const record = await digitisation.getRecord(recordId);
  if (record?.state !== 'reading') return;
  const source = await getObjectBytes('documents', pageSourceKey(recordId));
  if (!source.length) {
    await digitisation.pageRead(recordId, { problem: diplomaText('scan-page-unreadable') });
    return;
  }
  let page: Awaited<ReturnType<typeof readPage>>;
  try {
    page = await readPage(source);
  } catch {
    // sharp could not decode the image: nothing for OCR, nor for people, to read.
    await digitisation.pageRead(recordId, { problem: diplomaText('scan-page-unreadable') });
    return;
  }
  const proposal = readDiploma(page.words);
  for (const [field, characters] of Object.entries(FIELD_CHARACTERS) as [RegisterField, string][]) {
    const reading = proposal.fields[field];
    if (!reading) continue;
    const better = preferReread(field, proposal.values[field], await page.reread(reading.box, characters));
    if (better) proposal.values[field] = better;
  }
  const key = pageImageKey(recordId);
  await putObject('documents', key, page.image, 'image/jpeg');
  await digitisation.pageRead(recordId, {
    image: { key, width: page.width, height: page.height, rotation: Math.round(page.rotation * 100) / 100 },
    proposal,
  });
});
